package io.settlement.reports;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.settlement.engine.api.EventType;

/**
 * Puts a read model back at its committed position when it holds rows booked after it: what a
 * database that kept rows of a transaction without its {@code projector_progress} row (H2 after a
 * {@code kill -9}, docs/read-model.md) leaves behind. Every row says where in the journal it comes
 * from, so what lies after the committed position (last sequence {@code L}, {@code K} of its
 * events applied) is found by key:
 *
 * <ul>
 *   <li>rows a later command inserted: {@code deal} (registration sequence), {@code deal_event}
 *   (sequence and ordinal: those of partial parts, PARTIALLY_SETTLED, and of holds and releases,
 *   HELD_BUY to RELEASED_SELL, included), {@code participant}, {@code instrument} (created sequence),
 *   {@code limit_history}, {@code settlement_cycle}, {@code cycle_value} (sequence),
 *   {@code movement} and {@code posting} (ids from the committed next ids on),
 *   {@code eod_position} and {@code business_day} (dates from the committed business date on:
 *   the date only moves forward), an instrument's accounts;</li>
 *   <li>the rest of command {@code L}'s events (a batch may end inside a settlement cycle), read
 *   from the journal: the settlement cycle row, the currencies' values and the deals it settled or
 *   cancelled after event {@code K};</li>
 *   <li>rows later events changed: a deal settled or cancelled after the position is pending again
 *   (its finish columns cleared); the failed attempts of every pending deal that has any are
 *   counted again from its committed {@code SETTLEMENT_FAILED} events; the balances are the sums of
 *   the remaining movements, and a participant's account exists if a remaining movement names it.
 *   A partial part or a hold changes no column of its deal's row (a part's legs are movements and
 *   postings, removed by id), so nothing else needs undoing for them.</li>
 * </ul>
 *
 * <p>Runs in the caller's transaction and does not commit. The checks cost key look-ups and a
 * scan of the deals finished on the committed business date; the recomputation (only when
 * something was removed) scans the movements and the pending deals.
 */
final class ReadModelRepair
{
    /** One event of the committed command {@code L} that comes after the committed position. */
    record TailEvent(EventType type, long dealId, int currencyId)
    {
    }

    private final Connection connection;
    private final ProjectorProgress progress;
    private final Map<String, Integer> changes = new LinkedHashMap<>();

    private ReadModelRepair(final Connection connection, final ProjectorProgress progress)
    {
        this.connection = connection;
        this.progress = progress;
    }

    /**
     * Removes and reverts what lies after the committed position.
     *
     * @param tail the events of the last committed command after those applied (empty when it was applied whole)
     * @return what was repaired, for the log; null when the read model was in step
     */
    static String repair(final Connection connection, final ProjectorProgress progress, final List<TailEvent> tail)
        throws SQLException
    {
        return new ReadModelRepair(connection, progress).run(tail);
    }

    private String run(final List<TailEvent> tail) throws SQLException
    {
        final long l = progress.lastSequence();
        update("deal events removed", "DELETE FROM deal_event WHERE sequence > ?", l);
        update("deal events removed", "DELETE FROM deal_event WHERE sequence = ? AND ordinal > ?", l, progress.lastSequenceEvents());
        update("deals registered later removed", "DELETE FROM deal WHERE registration_sequence > ?", l);
        final String pending = "UPDATE deal SET status = 'PENDING', finished_sequence = NULL, finished_at = NULL,"
            + " finished_business_date = NULL WHERE ";
        // finished after L means finished on the committed business date or a later one (the date only moves forward): the
        // index on finished_business_date keeps the check to the deals finished on the open day
        update("deals settled or cancelled later made pending again", pending + "finished_business_date >= ? AND finished_sequence > ?",
            progress.businessDate(), l);
        update("instructions registered later removed", "DELETE FROM instruction WHERE registration_sequence > ?", l);
        // an instruction ended after L: by a later command, or by an event of command L after those applied
        update("instructions ended later waiting again", "UPDATE instruction SET status = 'UNMATCHED', end_reason = NULL,"
            + " deal_id = NULL, ended_sequence = NULL, ended_ordinal = NULL, ended_at = NULL, ended_business_date = NULL"
            + " WHERE ended_business_date >= ? AND (ended_sequence > ? OR (ended_sequence = ? AND ended_ordinal > ?))",
            progress.businessDate(), l, l, progress.lastSequenceEvents());
        for (final TailEvent e : tail)
        {
            switch (e.type())
            {
                case INSTRUCTION_MATCHED -> update("deals registered later removed",
                    "DELETE FROM deal WHERE registration_sequence = ? AND deal_id = ?", l, e.dealId());
                case DEAL_SETTLED, DEAL_CANCELLED -> update("deals settled or cancelled later made pending again",
                    pending + "finished_sequence = ? AND deal_id = ?", l, e.dealId());
                case CYCLE_SETTLED_VALUE -> update("cycle values removed", "DELETE FROM cycle_value WHERE sequence = ?"
                    + " AND currency_id = ?", l, e.currencyId());
                case CYCLE_COMPLETED -> update("settlement cycles removed", "DELETE FROM settlement_cycle WHERE sequence = ?", l);
                default ->
                {
                    // a failed attempt's deal_event is removed above, its counters recounted below
                }
            }
        }
        update("movements removed", "DELETE FROM movement WHERE movement_id >= ?", progress.nextMovementId());
        update("postings removed", "DELETE FROM posting WHERE posting_id >= ?", progress.nextPostingId());
        update("limits removed", "DELETE FROM limit_history WHERE sequence > ?", l);
        update("settlement cycles removed", "DELETE FROM settlement_cycle WHERE sequence > ?", l);
        update("cycle values removed", "DELETE FROM cycle_value WHERE sequence > ?", l);
        update("end-of-day positions removed", "DELETE FROM eod_position WHERE business_date >= ?", progress.businessDate());
        update("business days removed", "DELETE FROM business_day WHERE business_date > ?", progress.businessDate());
        update("business days reopened", "UPDATE business_day SET closed_sequence = NULL, closed_at = NULL"
            + " WHERE business_date = ? AND closed_sequence IS NOT NULL", progress.businessDate());
        update("participants removed", "DELETE FROM participant WHERE created_sequence > ?", l);
        update("instruments removed", "DELETE FROM instrument WHERE created_sequence > ?", l);
        update("accounts removed", "DELETE FROM account WHERE account_class <> 'PARTICIPANT' AND instrument_id NOT IN"
            + " (SELECT instrument_id FROM instrument)");
        if (changes.isEmpty())
        {
            return null;
        }
        recomputeBalancesAndAccounts();
        recountFailedAttempts();
        final StringBuilder summary = new StringBuilder("the read model held rows booked after its committed position (sequence ")
            .append(l).append(", ").append(progress.lastSequenceEvents()).append(" of its events; a transaction the database kept"
            + " without its progress row): ");
        String separator = "";
        for (final Map.Entry<String, Integer> change : changes.entrySet())
        {
            summary.append(separator).append(String.format("%,d", change.getValue())).append(' ').append(change.getKey());
            separator = ", ";
        }
        return summary.append("; projection resumes after sequence ").append(l).toString();
    }

    private void update(final String what, final String sql, final Object... parameters) throws SQLException
    {
        try (PreparedStatement s = connection.prepareStatement(sql))
        {
            for (int i = 0; i < parameters.length; i++)
            {
                s.setObject(i + 1, parameters[i]);
            }
            final int rows = s.executeUpdate();
            if (rows > 0)
            {
                changes.merge(what, rows, Integer::sum);
            }
        }
    }

    /** Each balance the sum of the remaining movements; the participants' accounts those the movements name. */
    private void recomputeBalancesAndAccounts() throws SQLException
    {
        final Map<List<Long>, Long> sums = new HashMap<>();
        final Map<List<Long>, Long> stored = new HashMap<>();
        final Set<String> participantAccounts = new HashSet<>();
        final List<String> openedAccounts = new ArrayList<>();
        try (Statement s = connection.createStatement())
        {
            try (ResultSet r = s.executeQuery("SELECT participant_id, instrument_id, SUM(amount) FROM movement"
                + " GROUP BY participant_id, instrument_id"))
            {
                while (r.next())
                {
                    sums.put(List.of(r.getLong(1), r.getLong(2)), r.getLong(3));
                    participantAccounts.add(ChartOfAccounts.participant(r.getLong(1), r.getInt(2)));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT participant_id, instrument_id, balance FROM balance"))
            {
                while (r.next())
                {
                    stored.put(List.of(r.getLong(1), r.getLong(2)), r.getLong(3));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT account_code FROM account WHERE account_class = 'PARTICIPANT'"))
            {
                while (r.next())
                {
                    openedAccounts.add(r.getString(1));
                }
            }
        }
        for (final Map.Entry<List<Long>, Long> row : stored.entrySet())
        {
            final Long sum = sums.get(row.getKey());
            if (sum == null)
            {
                update("balances removed", "DELETE FROM balance WHERE participant_id = ? AND instrument_id = ?",
                    row.getKey().get(0), row.getKey().get(1).intValue());
            }
            else if (sum.longValue() != row.getValue())
            {
                update("balances recomputed from the remaining movements", "UPDATE balance SET balance = ?"
                    + " WHERE participant_id = ? AND instrument_id = ?", sum, row.getKey().get(0), row.getKey().get(1).intValue());
            }
        }
        for (final Map.Entry<List<Long>, Long> row : sums.entrySet())
        {
            if (!stored.containsKey(row.getKey()))
            {
                update("balances recomputed from the remaining movements", "INSERT INTO balance (participant_id, instrument_id,"
                    + " balance) VALUES (?, ?, ?)", row.getKey().get(0), row.getKey().get(1).intValue(), row.getValue());
            }
        }
        for (final String code : openedAccounts)
        {
            if (!participantAccounts.contains(code))
            {
                update("accounts removed", "DELETE FROM account WHERE account_code = ?", code);
            }
        }
    }

    /** A pending deal's failed attempts, first failed date and last reason, from its remaining SETTLEMENT_FAILED events. */
    private void recountFailedAttempts() throws SQLException
    {
        final List<Object[]> deals = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT registration_sequence, failed_attempts, first_failed_business_date,"
                 + " last_fail_reason FROM deal WHERE status = 'PENDING' AND failed_attempts > 0"))
        {
            while (r.next())
            {
                deals.add(new Object[] {r.getLong(1), r.getInt(2), (Integer)r.getObject(3, Integer.class), r.getString(4)});
            }
        }
        try (PreparedStatement events = connection.prepareStatement("SELECT business_date, reason FROM deal_event"
            + " WHERE registration_sequence = ? AND kind = 'SETTLEMENT_FAILED' ORDER BY sequence, ordinal"))
        {
            for (final Object[] deal : deals)
            {
                events.setLong(1, (Long)deal[0]);
                int attempts = 0;
                Integer first = null;
                String last = null;
                try (ResultSet r = events.executeQuery())
                {
                    while (r.next())
                    {
                        attempts++;
                        first = first == null ? r.getInt(1) : first;
                        last = r.getString(2);
                    }
                }
                if (attempts != (Integer)deal[1] || !Objects.equals(first, deal[2]) || !Objects.equals(last, deal[3]))
                {
                    try (PreparedStatement s = connection.prepareStatement("UPDATE deal SET failed_attempts = ?,"
                        + " first_failed_business_date = ?, last_fail_reason = ? WHERE registration_sequence = ?"))
                    {
                        s.setInt(1, attempts);
                        if (first == null)
                        {
                            s.setNull(2, Types.INTEGER);
                        }
                        else
                        {
                            s.setInt(2, first);
                        }
                        s.setString(3, last);
                        s.setLong(4, (Long)deal[0]);
                        changes.merge("deals' failed attempts recounted", s.executeUpdate(), Integer::sum);
                    }
                }
            }
        }
    }
}
