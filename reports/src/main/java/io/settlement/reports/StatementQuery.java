package io.settlement.reports;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.settlement.reports.ReferenceData.Party;

/**
 * Reads a participant's end-of-day statement from the read model. The opening balance of an
 * instrument is its {@code eod_position} on the participant's latest close before the statement's
 * date (0 when there is none), plus any movement booked after that close and before the date (the
 * funding a node books before its first business date has no close of its own); the lines are the day's {@code movement} rows in journal order; the closing
 * balance is the opening plus the day's movements. An instrument appears when the participant held
 * it at the previous close or it moved that day.
 */
public final class StatementQuery
{
    private static final String LAST_CLOSE =
        "SELECT MAX(business_date) FROM eod_position WHERE participant_id = ? AND business_date < ?";

    private static final String CLOSE =
        "SELECT instrument_id, balance FROM eod_position WHERE participant_id = ? AND business_date = ?";

    private static final String SINCE_CLOSE =
        "SELECT instrument_id, SUM(amount) FROM movement WHERE participant_id = ? AND business_date > ? AND business_date < ?"
            + " GROUP BY instrument_id";

    private static final String MOVEMENTS =
        "SELECT movement_id, sequence, occurred_at, instrument_id, amount, balance_after, cause, deal_id, counterparty_id"
            + " FROM movement WHERE business_date = ? AND participant_id = ? ORDER BY instrument_id, movement_id";

    private final ReadModelReader reader;

    public StatementQuery(final ReadModelReader reader)
    {
        this.reader = reader;
    }

    /** The statement of a participant for a business date (both checked to exist by the caller). */
    public Statement statement(final Party participant, final int businessDate) throws SQLException
    {
        final Connection connection = reader.connection();
        final ReferenceData reference = reader.reference();
        final Map<Integer, Long> opening = opening(connection, participant.id(), businessDate);
        final Map<Integer, List<Statement.Line>> lines = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(MOVEMENTS))
        {
            statement.setInt(1, businessDate);
            statement.setLong(2, participant.id());
            try (ResultSet rows = statement.executeQuery())
            {
                while (rows.next())
                {
                    final long counterparty = rows.getLong(9);
                    final Party counterpartyParty = rows.wasNull() ? null : reference.party(counterparty);
                    final long deal = rows.getLong(8);
                    final Long dealId = rows.wasNull() ? null : deal;
                    lines.computeIfAbsent(rows.getInt(4), k -> new ArrayList<>()).add(new Statement.Line(
                        rows.getLong(1), rows.getLong(2), rows.getObject(3, LocalDateTime.class), rows.getString(7),
                        dealId, counterpartyParty, rows.getLong(5), rows.getLong(6)));
                }
            }
        }
        final TreeMap<Integer, Boolean> instruments = new TreeMap<>();
        opening.keySet().forEach(id -> instruments.put(id, true));
        lines.keySet().forEach(id -> instruments.put(id, true));
        final List<Statement.Account> accounts = new ArrayList<>();
        for (final int instrumentId : instruments.keySet())
        {
            final long open = opening.getOrDefault(instrumentId, 0L);
            final List<Statement.Line> day = lines.getOrDefault(instrumentId, List.of());
            long close = open;
            for (final Statement.Line line : day)
            {
                close += line.amountMinor();
            }
            accounts.add(new Statement.Account(reference.instrument(instrumentId), open, List.copyOf(day), close));
        }
        return new Statement(participant, businessDate, List.copyOf(accounts));
    }

    /** The balances at the start of the day, by instrument. */
    private static Map<Integer, Long> opening(final Connection connection, final long participantId, final int businessDate)
        throws SQLException
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
