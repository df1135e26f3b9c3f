package io.settlement.reports;

import java.io.IOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;

/**
 * The auditor's register: every deal ever registered, rejected ones included, in the order the
 * engine took them (registration sequence), as CSV (UTF-8). Streams the rows, so a register of
 * millions of deals needs no more memory than one. docs/reports.md lists the columns.
 */
public final class DealRegister
{
    static final String[] HEADER = {"registration_sequence", "deal_id", "status", "reject_reason", "submitter_id", "client_deal_id",
        "buyer_id", "buyer", "seller_id", "seller", "security", "isin", "quantity", "currency", "cash_amount", "settlement_date",
        "deal_type", "registered_at", "registered_business_date", "failed_attempts", "last_fail_reason", "finished_sequence",
        "finished_at", "finished_business_date"};

    private static final String DEALS =
        "SELECT registration_sequence, deal_id, status, reject_reason, submitter_id, client_deal_id, buyer_id, seller_id,"
            + " security_id, quantity, currency_id, cash_amount, settlement_date, deal_type, registered_at, registered_business_date,"
            + " failed_attempts, last_fail_reason, finished_sequence, finished_at, finished_business_date"
            + " FROM deal ORDER BY registration_sequence";

    private DealRegister()
    {
    }

    /** Writes the register and returns the number of deals in it. */
    public static long write(final ReadModelReader reader, final Writer writer) throws SQLException, IOException
    {
        final ReferenceData reference = reader.reference();
        final Csv csv = new Csv(writer);
        csv.row((Object[])HEADER);
        final Connection connection = reader.connection();
        final boolean autoCommit = connection.getAutoCommit();
        long deals = 0;
        // PostgreSQL streams a result only inside a transaction with a fetch size
        connection.setAutoCommit(false);
        try (PreparedStatement statement = connection.prepareStatement(DEALS))
        {
            statement.setFetchSize(10_000);
            try (ResultSet rows = statement.executeQuery())
            {
                while (rows.next())
                {
                    final ReferenceData.Instrument security = reference.instrument(rows.getInt(9));
                    final ReferenceData.Instrument currency = reference.instrument(rows.getInt(11));
                    final long buyer = rows.getLong(7);
                    final long seller = rows.getLong(8);
                    csv.row(rows.getLong(1), nullable(rows, 2), rows.getString(3), rows.getString(4), rows.getLong(5), rows.getLong(6),
                        buyer, reference.party(buyer).displayName(), seller, reference.party(seller).displayName(),
                        security.code(), security.isin(), rows.getLong(10), currency.code(), currency.decimal(rows.getLong(12)),
                        BusinessDates.iso(rows.getInt(13)), rows.getString(14), BusinessDates.timestamp(rows.getObject(15, LocalDateTime.class)),
                        BusinessDates.iso(rows.getInt(16)), rows.getInt(17), rows.getString(18), nullable(rows, 19),
                        BusinessDates.timestamp(rows.getObject(20, LocalDateTime.class)), isoOrNull(rows, 21));
                    deals++;
                }
            }
        }
        finally
        {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
        writer.flush();
        return deals;
    }

    static Long nullable(final ResultSet rows, final int column) throws SQLException
    {
        final long value = rows.getLong(column);
        return rows.wasNull() ? null : value;
    }

    static String isoOrNull(final ResultSet rows, final int column) throws SQLException
    {
        final int value = rows.getInt(column);
        return rows.wasNull() ? null : BusinessDates.iso(value);
    }
}
