package io.settlement.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.EventType;
import io.settlement.journal.JournalReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A read model holding the rows of batches booked after its committed position (what H2 has
 * brought back after a kill -9: the rows of a transaction without its projector_progress row),
 * built on purpose: projected to a position, its progress row saved, projected further, then the
 * saved progress row written back. Opening the projector must put the read model back at the
 * committed position, row for row as a projection stopped there, and then project the rest
 * exactly once, row for row as one uninterrupted projection.
 */
class ProjectorRepairTest
{
    private static final int BATCH_ROWS = 499;

    @TempDir
    static Path dir;
    static Path data;
    /** Each event of the journal, in order: its sequence and type. */
    static final List<long[]> EVENTS = new ArrayList<>();

    @BeforeAll
    static void runTheMarket() throws Exception
    {
        data = dir.resolve("node");
        ScriptedMarket.run(data, 12, 4, 500);
        try (JournalReader events = JournalReader.openReadOnly(data.resolve("events"), JournalReader.Kind.EVENTS))
        {
            final Event e = new Event();
            while (events.next() > 0)
            {
                assertTrue(EventCodec.decodeChecked(events.buffer(), events.offset(), e));
                EVENTS.add(new long[] {e.sequence, e.type.ordinal()});
            }
        }
    }

    static List<String> kinds()
    {
        return TestDatabases.kinds();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void shouldPutBackARepairedReadModelAtItsCommittedPositionAndProjectTheRestOnce(final String kind) throws Exception
    {
        final ReadModelDatabase uninterrupted = TestDatabases.create(kind, dir);
        Projector.projectOnce(uninterrupted, data);
        final List<String> whole = TestDatabases.dump(uninterrupted);

        final int firstCycleSettled = firstIndexOf(EventType.DEAL_SETTLED, 0);
        final int firstRoll = firstIndexOf(EventType.BUSINESS_DATE_ADVANCED, firstCycleSettled);
        final int secondCycle = firstIndexOf(EventType.DEAL_SETTLED, firstRoll + 1);
        // the first failed attempt of a later cycle with events of the same cycle on both sides of it
        int secondCycleFailed = firstIndexOf(EventType.DEAL_SETTLEMENT_FAILED, secondCycle);
        while (!sameCommand(secondCycleFailed - 1, secondCycleFailed + 1))
        {
            secondCycleFailed = firstIndexOf(EventType.DEAL_SETTLEMENT_FAILED, secondCycleFailed + 1);
        }
        // committed position -> how far the rows go: inside the set-up (instruments but no participant yet), inside a cycle
        // past the date roll that follows it, just before a date roll to inside the next cycle's events (a failed attempt among them)
        assertTrue(sameCommand(firstCycleSettled + 6, firstCycleSettled + 7), "a position inside a cycle's events");
        final int[][] cuts = {
            {3, 600},
            {firstCycleSettled + 7, firstRoll + 150},
            {firstRoll, secondCycleFailed + 5},
        };
        for (final int[] cut : cuts)
        {
            final ReadModelDatabase atCommit = TestDatabases.create(kind, dir);
            final ReadModelDatabase outOfStep = TestDatabases.create(kind, dir);
            atCommit.migrate();
            outOfStep.migrate();
            // each H2 database stays open for the whole case (under heavy load, reopening an H2 file many times in a row has
            // twice come back with a file H2 called corrupted or without its tables, the repair involved or not)
            try (Connection keepAtCommit = atCommit.connect(); Connection keepOutOfStep = outOfStep.connect())
            {
                shouldRepair(atCommit, outOfStep, cut, whole);
            }
        }
    }

    private static void shouldRepair(final ReadModelDatabase atCommit, final ReadModelDatabase outOfStep, final int[] cut,
        final List<String> whole) throws Exception
    {
        project(atCommit, cut[0]);
        project(outOfStep, cut[0]);
        final Object[] committed = progressRow(outOfStep);
        project(outOfStep, cut[1] - cut[0]);
        writeProgressRow(outOfStep, committed);
        final List<String> before = TestDatabases.dump(outOfStep);
        final int atCommitRows = TestDatabases.dump(atCommit).size();
        assertTrue(before.size() > atCommitRows + 20, "rows beyond the committed position " + cut[0] + " to " + cut[1] + " of "
            + EVENTS.size() + " events: " + before.size() + " against " + atCommitRows);

        try (Projector projector = Projector.open(outOfStep, data, BATCH_ROWS))
        {
            assertNotNull(projector.repaired(), "a repair at " + cut[0]);
            System.out.println(projector.repaired());
            assertTrue(projector.repaired().contains("movements removed") || cut[0] == 3, projector.repaired());
        }
        assertEquals(TestDatabases.dump(atCommit), TestDatabases.dump(outOfStep),
            "repaired: the rows of a projection stopped at event " + cut[0]);
        assertReconciled(outOfStep);
        try (Projector projector = Projector.open(outOfStep, data, BATCH_ROWS))
        {
            assertNull(projector.repaired(), "in step once repaired");
            projector.projectToEnd();
        }
        assertEquals(whole, TestDatabases.dump(outOfStep),
            "then the rest exactly once: the rows of one uninterrupted projection (from " + cut[0] + ")");
        assertReconciled(outOfStep);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void shouldLeaveAReadModelInStepAsItIs(final String kind) throws Exception
    {
        final ReadModelDatabase database = TestDatabases.create(kind, dir);
        project(database, firstIndexOf(EventType.DEAL_SETTLED, 0) + 3);
        final List<String> rows = TestDatabases.dump(database);
        try (Projector projector = Projector.open(database, data, BATCH_ROWS))
        {
            assertNull(projector.repaired());
        }
        assertEquals(rows, TestDatabases.dump(database));
    }

    /** Projects {@code events} more events from where the database stands, committing at the end. */
    private static void project(final ReadModelDatabase database, final int events)
    {
        try (Projector projector = Projector.open(database, data, BATCH_ROWS))
        {
            assertEquals(events, projector.projectAtMost(events));
        }
    }

    /** The index (0-based) of the first event of {@code type} at or after {@code from}. */
    private static int firstIndexOf(final EventType type, final int from)
    {
        for (int i = from; i < EVENTS.size(); i++)
        {
            if (EVENTS.get(i)[1] == type.ordinal())
            {
                return i;
            }
        }
        throw new AssertionError("no " + type + " after event " + from);
    }

    private static boolean sameCommand(final int a, final int b)
    {
        return EVENTS.get(a)[0] == EVENTS.get(b)[0];
    }

    /** Per account, credits less debits of the postings equal the balance; over all accounts they add up to zero. */
    static void assertReconciled(final ReadModelDatabase database) throws SQLException
    {
        try (Connection c = database.connect())
        {
            final Map<String, Long> postings = longs(c, "SELECT account_code, SUM(signed) FROM (SELECT credit_account AS account_code,"
                + " amount AS signed FROM posting UNION ALL SELECT debit_account, -amount FROM posting) t GROUP BY account_code");
            final Map<String, Long> balances = new TreeMap<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT participant_id, instrument_id, balance FROM balance"))
            {
                while (r.next())
                {
                    balances.put(ChartOfAccounts.participant(r.getLong(1), r.getInt(2)), r.getLong(3));
                }
            }
            final Map<String, Long> participantPostings = new TreeMap<>(postings);
            participantPostings.keySet().removeIf(code -> !code.startsWith("P"));
            assertEquals(balances, participantPostings, "per participant account, the postings add up to the balance");
            assertEquals(0L, postings.values().stream().mapToLong(Long::longValue).sum(), "debits equal credits");
            assertEquals(longs(c, "SELECT 'movements', SUM(amount) FROM movement"), longs(c, "SELECT 'movements', SUM(balance) FROM balance"));
        }
    }

    private static Map<String, Long> longs(final Connection c, final String sql) throws SQLException
    {
        return ProjectorTest.longs(c, sql);
    }

    static Object[] progressRow(final ReadModelDatabase database) throws SQLException
    {
        try (Connection c = database.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT command_index, command_record, event_index, event_record, last_sequence,"
                 + " last_sequence_events, business_date, next_movement_id, next_posting_id FROM projector_progress"))
        {
            assertTrue(r.next());
            final Object[] row = new Object[9];
            for (int i = 0; i < row.length; i++)
            {
                row[i] = r.getLong(i + 1);
            }
            return row;
        }
    }

    /** Writes a saved progress row back: the rows committed since are now beyond the committed position. */
    static void writeProgressRow(final ReadModelDatabase database, final Object[] row) throws SQLException
    {
        try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement("UPDATE projector_progress SET"
            + " command_index = ?, command_record = ?, event_index = ?, event_record = ?, last_sequence = ?, last_sequence_events = ?,"
            + " business_date = ?, next_movement_id = ?, next_posting_id = ?"))
        {
            for (int i = 0; i < row.length; i++)
            {
                s.setLong(i + 1, (Long)row[i]);
            }
            assertEquals(1, s.executeUpdate());
        }
    }
}
