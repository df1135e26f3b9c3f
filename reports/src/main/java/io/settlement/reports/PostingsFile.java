package io.settlement.reports;

import java.io.IOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;

/**
 * The general ledger's postings file of one business day: every double-entry posting of the day in
 * posting order, as CSV (the caller chooses the encoding: UTF-8, or Windows-1251 for an older
 * ledger). Each row debits one account and credits another by the same positive amount, so the
 * debits of the file equal its credits. docs/reports.md lists the columns.
 */
public final class PostingsFile
{
    static final String[] HEADER = {"posting_id", "business_date", "occurred_at", "sequence", "movement_id", "debit_account",
        "debit_account_name", "credit_account", "credit_account_name", "instrument", "instrument_kind", "amount", "deal_id",
        "narrative"};

    private static final String POSTINGS =
        "SELECT p.posting_id, p.occurred_at, p.sequence, p.movement_id, p.debit_account, d.name, p.credit_account, c.name,"
            + " p.instrument_id, p.amount, p.deal_id, p.narrative"
            + " FROM posting p LEFT JOIN account d ON d.account_code = p.debit_account"
            + " LEFT JOIN account c ON c.account_code = p.credit_account"
            + " WHERE p.business_date IN (?, ?) ORDER BY p.posting_id";

    private static final String FIRST_DAY = "SELECT MIN(business_date) FROM business_day";

    private PostingsFile()
    {
    }

    /** Writes the day's postings and returns how many there were. */
    public static long write(final ReadModelReader reader, final int businessDate, final Writer writer) throws SQLException, IOException
    {
        final ReferenceData reference = reader.reference();
        final Csv csv = new Csv(writer);
        csv.row((Object[])HEADER);
        final String date = BusinessDates.iso(businessDate);
        final Connection connection = reader.connection();
        final boolean autoCommit = connection.getAutoCommit();
        long postings = 0;
        connection.setAutoCommit(false);
        try (PreparedStatement statement = connection.prepareStatement(POSTINGS))
        {
            statement.setFetchSize(10_000);
            statement.setInt(1, businessDate);
            // the first business day's file also carries what was booked before any business date (date 0: the set-up's
            // funding), so that the files of every day add up to the balances
            statement.setInt(2, businessDate == firstBusinessDate(connection) ? 0 : businessDate);
            try (ResultSet rows = statement.executeQuery())
            {
                while (rows.next())
                {
                    final ReferenceData.Instrument instrument = reference.instrument(rows.getInt(9));
                    csv.row(rows.getLong(1), date, BusinessDates.timestamp(rows.getObject(2, LocalDateTime.class)), rows.getLong(3), rows.getLong(4),
                        rows.getString(5), rows.getString(6), rows.getString(7), rows.getString(8), instrument.code(),
                        instrument.kind(), instrument.decimal(rows.getLong(10)), DealRegister.nullable(rows, 11), rows.getString(12));
                    postings++;
                }
            }
        }
        finally
        {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
        writer.flush();
        return postings;
    }

    private static int firstBusinessDate(final Connection connection) throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement(FIRST_DAY); ResultSet rows = statement.executeQuery())
        {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }
}
