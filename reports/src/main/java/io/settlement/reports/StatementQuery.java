package io.settlement.reports;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.settlement.reports.ReferenceData.Party;

/**
 * Reads a participant's end-of-day statement from the read model. The opening balance of an
 * instrument is its {@code eod_position} at the participant's latest close before the statement's
 * date (0 when there is none), plus any movement booked after that close and before the date (the
 * funding a node books before its first business date has no close of its own); the day's credits
 * and debits are sums over its {@code movement} rows; the lines are those rows in journal order,
 * streamed. An instrument appears when the participant held it at the previous close or it moved
 * that day. Every query stops at the last movement id read when the statement was made, so totals
 * and lines agree while the projector writes the same day.
 */
public final class StatementQuery
{
    private static final String LAST_CLOSE =
        "SELECT MAX(business_date) FROM eod_position WHERE participant_id = ? AND business_date < ?";

    private static final String CLOSE =
        "SELECT instrument_id, balance FROM eod_position WHERE participant_id = ? AND business_date = ?";

    private static final String SINCE_CLOSE =
        "SELECT instrument_id, SUM(amount) FROM movement WHERE participant_id = ? AND business_date > ? AND business_date < ?"
            + " AND movement_id <= ? GROUP BY instrument_id";

    private static final String DAY_TOTALS =
        "SELECT instrument_id, SUM(CASE WHEN amount > 0 THEN amount ELSE 0 END), SUM(CASE WHEN amount < 0 THEN -amount ELSE 0 END),"
            + " COUNT(*) FROM movement WHERE business_date = ? AND participant_id = ? AND movement_id <= ? GROUP BY instrument_id";

    private static final String MOVEMENTS =
        "SELECT movement_id, sequence, occurred_at, instrument_id, amount, balance_after, cause, deal_id, counterparty_id"
            + " FROM movement WHERE business_date = ? AND participant_id = ? AND movement_id <= ?";

    /** Receives the lines of a statement one by one. */
    @FunctionalInterface
    public interface LineHandler
    {
        void line(Statement.Line line) throws IOException;
    }

    private final ReadModelReader reader;

    public StatementQuery(final ReadModelReader reader)
    {
        this.reader = reader;
    }

    /** The statement of a participant for a business date (both checked to exist by the caller). */
    public Statement statement(final Party participant, final int businessDate) throws SQLException
    {
        final Connection connection = reader.connection();
        final long lastMovementId;
        try (java.sql.Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT MAX(movement_id) FROM movement"))
        {
            rows.next();
            lastMovementId = rows.getLong(1);
        }
        final Map<Integer, long[]> accounts = new TreeMap<>();
        opening(connection, participant.id(), businessDate, lastMovementId)
            .forEach((instrument, opening) -> accounts.put(instrument, new long[] {opening, 0, 0, 0}));
        try (PreparedStatement statement = connection.prepareStatement(DAY_TOTALS))
        {
            statement.setInt(1, businessDate);
            statement.setLong(2, participant.id());
            statement.setLong(3, lastMovementId);
            try (ResultSet rows = statement.executeQuery())
            {
                while (rows.next())
                {
                    final long[] account = accounts.computeIfAbsent(rows.getInt(1), k -> new long[4]);
                    account[1] = rows.getLong(2);
                    account[2] = rows.getLong(3);
                    account[3] = rows.getLong(4);
                }
            }
        }
        final List<Statement.Account> list = new ArrayList<>();
        accounts.forEach((instrument, a) -> list.add(new Statement.Account(reader.reference().instrument(instrument), a[0], a[1], a[2], a[3])));
        return new Statement(participant, businessDate, lastMovementId, List.copyOf(list));
    }

    /** Streams the statement's lines: by instrument (in id order), each in journal order. */
    public void forEachLine(final Statement statement, final LineHandler handler) throws SQLException, IOException
    {
        lines(statement, MOVEMENTS + " ORDER BY instrument_id, movement_id", null, handler);
    }

    /** The lines of one account, in journal order (for a statement small enough to hold). */
    public List<Statement.Line> lines(final Statement statement, final Statement.Account account) throws SQLException
    {
        final List<Statement.Line> lines = new ArrayList<>();
        try
        {
            lines(statement, MOVEMENTS + " AND instrument_id = ? ORDER BY movement_id", account.instrument().id(), lines::add);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
        return lines;
    }

    private void lines(final Statement statement, final String sql, final Integer instrumentId, final LineHandler handler)
        throws SQLException, IOException
    {
        final Connection connection = reader.connection();
        final ReferenceData reference = reader.reference();
        final boolean autoCommit = connection.getAutoCommit();
        // PostgreSQL streams a result only inside a transaction with a fetch size
        connection.setAutoCommit(false);
        try (PreparedStatement query = connection.prepareStatement(sql))
        {
            query.setFetchSize(10_000);
            query.setInt(1, statement.businessDate());
            query.setLong(2, statement.participant().id());
            query.setLong(3, statement.lastMovementId());
            if (instrumentId != null)
            {
                query.setInt(4, instrumentId);
            }
            try (ResultSet rows = query.executeQuery())
            {
                while (rows.next())
                {
                    final long counterparty = rows.getLong(9);
                    final Party counterpartyParty = rows.wasNull() ? null : reference.party(counterparty);
                    handler.line(new Statement.Line(rows.getInt(4), rows.getLong(1), rows.getLong(2), rows.getObject(3, LocalDateTime.class),
                        rows.getString(7), DealRegister.nullable(rows, 8), counterpartyParty, rows.getLong(5), rows.getLong(6)));
                }
            }
        }
        finally
        {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
    }

    /** The balances at the start of the day, by instrument. */
    private static Map<Integer, Long> opening(final Connection connection, final long participantId, final int businessDate,
        final long lastMovementId) throws SQLException
    {
        final Map<Integer, Long> opening = new TreeMap<>();
        int lastClose = -1;
        try (PreparedStatement statement = connection.prepareStatement(LAST_CLOSE))
        {
            statement.setLong(1, participantId);
            statement.setInt(2, businessDate);
            try (ResultSet rows = statement.executeQuery())
            {
                if (rows.next())
                {
                    final int close = rows.getInt(1);
                    lastClose = rows.wasNull() ? -1 : close;
                }
            }
        }
        if (lastClose >= 0)
        {
            try (PreparedStatement statement = connection.prepareStatement(CLOSE))
            {
                statement.setLong(1, participantId);
                statement.setInt(2, lastClose);
                try (ResultSet rows = statement.executeQuery())
                {
                    while (rows.next())
                    {
                        opening.put(rows.getInt(1), rows.getLong(2));
                    }
                }
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(SINCE_CLOSE))
        {
            statement.setLong(1, participantId);
            statement.setInt(2, lastClose);
            statement.setInt(3, businessDate);
            statement.setLong(4, lastMovementId);
            try (ResultSet rows = statement.executeQuery())
            {
                while (rows.next())
                {
                    opening.merge(rows.getInt(1), rows.getLong(2), Long::sum);
                }
            }
        }
        return opening;
    }
}
