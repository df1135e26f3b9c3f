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
public final class StatementQuery implements StatementLines
{
    private static final String LAST_CLOSE =
        "SELECT MAX(business_date) FROM eod_position WHERE participant_id = ? AND business_date < ?";

    private static final String CLOSE =
        "SELECT instrument_id, balance FROM eod_position WHERE participant_id = ? AND business_date = ?";

    /**
     * The movements between the last close and the date, by instrument, up to the last movement id.
     * The id bound is applied in the sums rather than in the WHERE clause: there H2 reads the rows
     * through the primary key (every movement up to the bound, of every day, for each statement)
     * instead of through {@code ix_movement_day} (only the days in between, usually none).
     */
    static final String SINCE_CLOSE =
        "SELECT instrument_id, SUM(CASE WHEN movement_id <= ? THEN amount ELSE 0 END) FROM movement"
            + " WHERE participant_id = ? AND business_date > ? AND business_date < ?"
            + " GROUP BY instrument_id HAVING COUNT(CASE WHEN movement_id <= ? THEN 1 END) > 0";

    private static final String DAY_TOTALS =
        "SELECT instrument_id, SUM(CASE WHEN amount > 0 THEN amount ELSE 0 END), SUM(CASE WHEN amount < 0 THEN -amount ELSE 0 END),"
            + " COUNT(*) FROM movement WHERE business_date = ? AND participant_id = ? AND movement_id <= ? GROUP BY instrument_id";

    private static final String MOVEMENTS =
        "SELECT m.movement_id, m.sequence, m.occurred_at, m.instrument_id, m.amount, m.balance_after, m.cause, m.deal_id,"
            + " m.counterparty_id FROM movement m WHERE m.business_date = ? AND m.participant_id = ? AND m.movement_id <= ?";

    private static final String MOVEMENTS_WITH_TERMS =
        "SELECT m.movement_id, m.sequence, m.occurred_at, m.instrument_id, m.amount, m.balance_after, m.cause, m.deal_id,"
            + " m.counterparty_id, d.security_id, d.quantity, d.settlement_date, d.deal_type"
            + " FROM movement m LEFT JOIN deal d ON d.deal_id = m.deal_id"
            + " WHERE m.business_date = ? AND m.participant_id = ? AND m.movement_id <= ?";

    /** The balance after the last movement of each minute (UTC) of the day, for a chart of a busy account. */
    private static final String BALANCE_BY_MINUTE =
        "SELECT occurred_at, balance_after FROM movement WHERE movement_id IN (SELECT MAX(movement_id) FROM movement"
            + " WHERE business_date = ? AND participant_id = ? AND instrument_id = ? AND movement_id <= ?"
            + " GROUP BY CAST(occurred_at AS DATE), EXTRACT(HOUR FROM occurred_at), EXTRACT(MINUTE FROM occurred_at))"
            + " ORDER BY movement_id";

    /** A balance at a moment, for charts. */
    public record BalancePoint(LocalDateTime at, long balanceMinor)
    {
    }

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
        final long lastMovementId = lastMovementId(connection);
        final Map<Integer, long[]> dayTotals = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement(DAY_TOTALS))
        {
            statement.setInt(1, businessDate);
            statement.setLong(2, participant.id());
            statement.setLong(3, lastMovementId);
            try (ResultSet rows = statement.executeQuery())
            {
                while (rows.next())
                {
                    dayTotals.put(rows.getInt(1), new long[] {rows.getLong(2), rows.getLong(3), rows.getLong(4)});
                }
            }
        }
        return statement(reader, participant, businessDate, lastMovementId, dayTotals);
    }

    /**
     * The statement from the day's totals by instrument ({credits, debits, movements}, read by the
     * caller up to {@code lastMovementId}) and the opening balances read here.
     */
    static Statement statement(final ReadModelReader reader, final Party participant, final int businessDate,
        final long lastMovementId, final Map<Integer, long[]> dayTotals) throws SQLException
    {
        final Map<Integer, long[]> accounts = new TreeMap<>();
        opening(reader.connection(), participant.id(), businessDate, lastMovementId)
            .forEach((instrument, opening) -> accounts.put(instrument, new long[] {opening, 0, 0, 0}));
        dayTotals.forEach((instrument, totals) ->
        {
            final long[] account = accounts.computeIfAbsent(instrument, k -> new long[4]);
            account[1] = totals[0];
            account[2] = totals[1];
            account[3] = totals[2];
        });
        final List<Statement.Account> list = new ArrayList<>();
        accounts.forEach((instrument, a) -> list.add(new Statement.Account(reader.reference().instrument(instrument), a[0], a[1], a[2], a[3])));
        return new Statement(participant, businessDate, lastMovementId, List.copyOf(list));
    }

    @Override
    public void forEachLine(final Statement statement, final LineHandler handler) throws SQLException, IOException
    {
        lines(statement, MOVEMENTS + " ORDER BY m.instrument_id, m.movement_id", List.of(), 0, handler);
    }

    @Override
    public void forEachLine(final Statement statement, final List<Integer> instrumentIds, final boolean withTerms,
        final LineHandler handler) throws SQLException, IOException
    {
        if (instrumentIds.isEmpty())
        {
            return;
        }
        final String in = " AND m.instrument_id IN (" + "?, ".repeat(instrumentIds.size() - 1) + "?)";
        lines(statement, (withTerms ? MOVEMENTS_WITH_TERMS : MOVEMENTS) + in + " ORDER BY m.instrument_id, m.movement_id",
            instrumentIds, 0, handler);
    }

    /** The lines of one account, in journal order (for a statement small enough to hold). */
    public List<Statement.Line> lines(final Statement statement, final Statement.Account account) throws SQLException
    {
        return lines(statement, account, 0);
    }

    @Override
    public List<Statement.Line> lines(final Statement statement, final Statement.Account account, final int maxLines) throws SQLException
    {
        final List<Statement.Line> lines = new ArrayList<>();
        try
        {
            lines(statement, MOVEMENTS + " AND m.instrument_id = ? ORDER BY m.movement_id", List.of(account.instrument().id()), maxLines,
                lines::add);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
        return lines;
    }

    @Override
    public List<BalancePoint> balanceByMinute(final Statement statement, final Statement.Account account) throws SQLException
    {
        final List<BalancePoint> points = new ArrayList<>();
        try (PreparedStatement query = reader.connection().prepareStatement(BALANCE_BY_MINUTE))
        {
            query.setInt(1, statement.businessDate());
            query.setLong(2, statement.participant().id());
            query.setInt(3, account.instrument().id());
            query.setLong(4, statement.lastMovementId());
            try (ResultSet rows = query.executeQuery())
            {
                while (rows.next())
                {
                    points.add(new BalancePoint(rows.getObject(1, LocalDateTime.class), rows.getLong(2)));
                }
            }
        }
        return points;
    }

    private void lines(final Statement statement, final String sql, final List<Integer> instrumentIds, final int maxLines,
        final LineHandler handler) throws SQLException, IOException
    {
        final Connection connection = reader.connection();
        final ReferenceData reference = reader.reference();
        final boolean autoCommit = connection.getAutoCommit();
        // PostgreSQL streams a result only inside a transaction with a fetch size
        connection.setAutoCommit(false);
        try (PreparedStatement query = connection.prepareStatement(sql))
        {
            query.setFetchSize(maxLines > 0 ? maxLines : 10_000);
            query.setMaxRows(maxLines);
            query.setInt(1, statement.businessDate());
            query.setLong(2, statement.participant().id());
            query.setLong(3, statement.lastMovementId());
            for (int i = 0; i < instrumentIds.size(); i++)
            {
                query.setInt(4 + i, instrumentIds.get(i));
            }
            try (ResultSet rows = query.executeQuery())
            {
                final boolean withTerms = rows.getMetaData().getColumnCount() > 9;
                while (rows.next())
                {
                    final long counterparty = rows.getLong(9);
                    final Party counterpartyParty = rows.wasNull() ? null : reference.party(counterparty);
                    Statement.DealTerms terms = null;
                    if (withTerms)
                    {
                        final int security = rows.getInt(10);
                        terms = rows.wasNull() ? null : new Statement.DealTerms(security, rows.getLong(11), rows.getInt(12), rows.getString(13));
                    }
                    handler.line(new Statement.Line(rows.getInt(4), rows.getLong(1), rows.getLong(2), rows.getObject(3, LocalDateTime.class),
                        rows.getString(7), DealRegister.nullable(rows, 8), counterpartyParty, rows.getLong(5), rows.getLong(6), terms));
                }
            }
        }
        finally
        {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
    }

    /** The last movement booked: what a statement made now covers. */
    static long lastMovementId(final Connection connection) throws SQLException
    {
        try (java.sql.Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT MAX(movement_id) FROM movement"))
        {
            rows.next();
            return rows.getLong(1);
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
            statement.setLong(1, lastMovementId);
            statement.setLong(2, participantId);
            statement.setInt(3, lastClose);
            statement.setInt(4, businessDate);
            statement.setLong(5, lastMovementId);
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
