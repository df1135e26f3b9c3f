package io.settlement.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.settlement.journal.JournalReader;
import io.settlement.protocol.wire.DealType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The projector's rows against a scripted market's own record of what happened (the commands it
 * sent, the engine's answers, its position queries at each close and its final state), on the
 * embedded H2 database and on PostgreSQL.
 */
class ProjectorTest
{
    @TempDir
    static Path dir;
    static Path data;
    static ScriptedMarket market;

    @BeforeAll
    static void runTheMarket() throws Exception
    {
        data = dir.resolve("node");
        market = ScriptedMarket.run(data, 12, 4, 500);
        assertTrue(market.accepted.size() > 1000 && market.rejections.size() > 50 && market.repeats > 10,
            "the script exercises acceptances, refusals and repeats");
        assertEquals(4, market.holdEvents.size(), "the script holds and releases both sides: " + market.holdEvents);
    }

    static List<String> kinds()
    {
        return TestDatabases.kinds();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void shouldAgreeWithTheEngineOnDealsMovementsPostingsAndPositions(final String kind) throws Exception
    {
        final ReadModelDatabase database = TestDatabases.create(kind, dir);
        final long events = Projector.projectOnce(database, data);
        assertTrue(events > market.accepted.size());
        try (Connection c = database.connect())
        {
            assertEquals(List.of("10 SECURITY ACME US0378331005 Acme Corp. ordinary 0", "11 SECURITY BOND null null 0",
                "840 CURRENCY USD null US dollar 2", "978 CURRENCY EUR null null 2"),
                strings(c, "SELECT instrument_id || ' ' || kind || ' ' || code || ' ' || COALESCE(isin, 'null') || ' '"
                    + " || COALESCE(name, 'null') || ' ' || minor_units FROM instrument ORDER BY instrument_id"),
                "reference data as created; an instrument created without it has the documented defaults");
            assertEquals(List.of("1 MEMBER null null", "2 MEMBER Банк 2 BANK2", "3 MEMBER null null", "4 MEMBER Банк 4 BANK4",
                "5 MEMBER null null", "6 MEMBER Банк 6 BANK6"),
                strings(c, "SELECT participant_id || ' ' || role || ' ' || COALESCE(name, 'null') || ' ' || COALESCE(short_code, 'null')"
                    + " FROM participant ORDER BY participant_id"));
            assertDealsAsRegistered(c);
            assertSettledDealsMovedTheirTerms(c);
            assertFundingMovements(c);
            assertEquals(market.finalBalances, withoutZeros(longs(c, "SELECT participant_id || '/' || instrument_id, balance FROM balance")),
                "balances");
            assertPostingsAddUpToEveryClose(c);
            assertDays(c);
            assertEquals(market.lastSequence, longs(c, "SELECT projector, last_sequence FROM projector_progress").get(Projector.NAME));
        }
        assertEquals(0, Projector.projectOnce(database, data), "a second run finds nothing new");
    }

    private static void assertDealsAsRegistered(final Connection c) throws SQLException
    {
        final Map<String, Long> expected = new TreeMap<>();
        market.finalStatus.values().forEach(status -> expected.merge(status, 1L, Long::sum));
        expected.put("REJECTED", (long)market.rejections.size());
        assertEquals(expected, longs(c, "SELECT status, COUNT(*) FROM deal GROUP BY status"), "deals by status");
        assertEquals(market.accepted.keySet(), market.finalStatus.keySet());

        final Map<Long, ScriptedMarket.Deal> projected = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT deal_id, client_deal_id, buyer_id, seller_id,"
            + " security_id, currency_id, quantity, cash_amount, deal_type FROM deal WHERE deal_id IS NOT NULL"))
        {
            while (r.next())
            {
                projected.put(r.getLong(1), new ScriptedMarket.Deal(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4),
                    r.getInt(5), r.getInt(6), r.getLong(7), r.getLong(8), DealType.valueOf(r.getString(9))));
            }
        }
        assertEquals(market.accepted, projected, "each deal's terms as sent");
        assertEquals(market.rejections, strings(c, "SELECT client_deal_id || ' ' || reject_reason FROM deal"
            + " WHERE status = 'REJECTED' ORDER BY registration_sequence"), "each refusal with its reason");
        assertEquals(List.of(), strings(c, "SELECT d.deal_id FROM deal d WHERE d.status <> 'REJECTED' AND NOT EXISTS"
            + " (SELECT 1 FROM deal_event e WHERE e.registration_sequence = d.registration_sequence AND e.kind = 'REGISTERED')"),
            "every deal registered has its REGISTERED event");
        assertEquals(longs(c, "SELECT status, COUNT(*) FROM deal WHERE status IN ('SETTLED', 'CANCELLED') GROUP BY status"),
            longs(c, "SELECT kind, COUNT(*) FROM deal_event WHERE kind IN ('SETTLED', 'CANCELLED') GROUP BY kind"));
        assertEquals(longs(c, "SELECT 'failed', COUNT(*) FROM deal_event WHERE kind = 'SETTLEMENT_FAILED'"),
            longs(c, "SELECT 'failed', SUM(failed_attempts) FROM deal"));
        assertEquals(market.holdEvents, longs(c, "SELECT kind, COUNT(*) FROM deal_event WHERE kind LIKE 'HELD_%' OR kind LIKE 'RELEASED_%'"
            + " GROUP BY kind"), "every hold and release that changed a deal, as a deal event of its side");
    }

    private static void assertSettledDealsMovedTheirTerms(final Connection c) throws SQLException
    {
        final Map<Long, List<String>> projected = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT deal_id, cause, participant_id,"
            + " instrument_id, amount, counterparty_id FROM movement WHERE deal_id IS NOT NULL ORDER BY movement_id"))
        {
            while (r.next())
            {
                projected.computeIfAbsent(r.getLong(1), id -> new ArrayList<>())
                    .add(r.getString(2) + " " + r.getLong(3) + " " + r.getInt(4) + " " + r.getLong(5) + " " + r.getLong(6));
            }
        }
        final Map<Long, List<String>> expected = new TreeMap<>();
        market.finalStatus.forEach((id, status) ->
        {
            if ("SETTLED".equals(status))
            {
                final ScriptedMarket.Deal d = market.accepted.get(id);
                final List<String> legs = new ArrayList<>(List.of(
                    "DELIVERY " + d.seller() + " " + d.security() + " " + -d.quantity() + " " + d.buyer(),
                    "RECEIPT " + d.buyer() + " " + d.security() + " " + d.quantity() + " " + d.seller()));
                if (d.type() == DealType.DVP)
                {
                    legs.add("PAYMENT " + d.buyer() + " " + d.currency() + " " + -d.cash() + " " + d.seller());
                    legs.add("COLLECTION " + d.seller() + " " + d.currency() + " " + d.cash() + " " + d.buyer());
                }
                expected.put(id, legs);
            }
        });
        assertTrue(expected.size() > 500, "many deals settled");
        assertEquals(expected, projected, "each settled deal's legs, and no movement for any other deal");
    }

    private static void assertFundingMovements(final Connection c) throws SQLException
    {
        assertEquals(market.netFunding, longs(c, "SELECT participant_id || '/' || instrument_id, SUM(amount) FROM movement"
            + " WHERE cause IN ('DEPOSIT', 'WITHDRAWAL') GROUP BY participant_id, instrument_id"));
        assertEquals(List.of(), strings(c, "SELECT movement_id FROM movement WHERE (cause = 'DEPOSIT' AND amount <= 0)"
            + " OR (cause = 'WITHDRAWAL' AND amount >= 0)"));
    }

    /** Per account, the postings up to each close add up to the engine's position then; clearing nets to zero. */
    private static void assertPostingsAddUpToEveryClose(final Connection c) throws SQLException
    {
        final String byAccount = "SELECT account_code, SUM(signed) FROM (SELECT credit_account AS account_code, amount AS signed,"
            + " business_date FROM posting UNION ALL SELECT debit_account, -amount, business_date FROM posting) t"
            + " WHERE business_date <= ? GROUP BY account_code";
        for (final Map.Entry<Integer, Map<String, Long>> close : market.closingPositions.entrySet())
        {
            final Map<String, Long> sums = longs(c, byAccount, close.getKey());
            final Map<String, Long> eod = longs(c, "SELECT participant_id || '/' || instrument_id, balance FROM eod_position"
                + " WHERE business_date = ?", close.getKey());
            final Map<Integer, Long> external = new HashMap<>();
            close.getValue().forEach((key, balance) ->
            {
                final String[] parts = key.split("/");
                final String account = ChartOfAccounts.participant(Long.parseLong(parts[0]), Integer.parseInt(parts[1]));
                assertEquals(balance, sums.getOrDefault(account, 0L), account + " at the close of " + close.getKey());
                assertEquals(balance, eod.getOrDefault(key, 0L), key + " end-of-day position of " + close.getKey());
                external.merge(Integer.parseInt(parts[1]), -balance, Long::sum);
            });
            for (final int instrument : new int[] {10, 11, 840, 978})
            {
                assertEquals(0L, sums.getOrDefault(ChartOfAccounts.clearing(instrument), 0L), "clearing " + instrument);
                assertEquals(external.get(instrument), sums.get(ChartOfAccounts.external(instrument)), "external " + instrument);
            }
        }
        final Map<String, Long> all = longs(c, byAccount.replace("business_date <= ?", "1 = 1"));
        market.finalBalances.forEach((key, balance) ->
        {
            final String[] parts = key.split("/");
            assertEquals(balance, all.get(ChartOfAccounts.participant(Long.parseLong(parts[0]), Integer.parseInt(parts[1]))));
        });
        assertEquals(0L, all.values().stream().mapToLong(Long::longValue).sum(), "debits equal credits");
        assertEquals(longs(c, "SELECT 'accounts', COUNT(*) FROM account"),
            longs(c, "SELECT 'accounts', COUNT(DISTINCT a) FROM (SELECT debit_account AS a FROM posting UNION ALL"
                + " SELECT credit_account FROM posting) t"), "every account opened is posted to, every account posted to is opened");
    }

    private static void assertDays(final Connection c) throws SQLException
    {
        final List<String> closed = strings(c, "SELECT business_date FROM business_day WHERE closed_sequence IS NOT NULL"
            + " ORDER BY business_date");
        assertEquals(market.closingPositions.keySet().stream().map(String::valueOf).toList(), closed);
        assertEquals(closed.size() + 1, longs(c, "SELECT 'days', COUNT(*) FROM business_day").get("days"));
        assertEquals(market.closingPositions.keySet().stream().map(String::valueOf).toList(),
            strings(c, "SELECT DISTINCT business_date FROM eod_position ORDER BY business_date"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void shouldGiveTheSameRowsWhenStoppedAndResumedAnywhere(final String kind) throws Exception
    {
        final ReadModelDatabase once = TestDatabases.create(kind, dir);
        Projector.projectOnce(once, data);
        final ReadModelDatabase resumed = TestDatabases.create(kind, dir);
        int runs = 0;
        long applied;
        do
        {
            // small odd batches and stops: positions inside excerpts and inside a settlement cycle's events
            try (Projector projector = Projector.open(resumed, data, 499))
            {
                applied = projector.projectAtMost(2_503);
            }
            runs++;
        }
        while (applied > 0);
        assertTrue(runs > 3, runs + " runs");
        final List<String> expected = TestDatabases.dump(once);
        assertTrue(expected.size() > 10_000);
        assertEquals(expected, TestDatabases.dump(resumed));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void shouldFollowARunningNodeToTheSameRowsAsAProjectionAfterwards(final String kind) throws Exception
    {
        final Path live = dir.resolve("live-" + kind);
        final ReadModelDatabase following = TestDatabases.create(kind, dir);
        final Projector[] projector = new Projector[1];
        final List<String> log = new ArrayList<>();
        final ScriptedMarket run = ScriptedMarket.run(live, 5, 2, 300, () ->
        {
            projector[0] = Projector.open(following, live, 250);
            projector[0].start(log::add);
        });
        try
        {
            final long deadline = System.currentTimeMillis() + 60_000;
            while (projector[0].appliedSequence() < run.lastSequence && System.currentTimeMillis() < deadline)
            {
                Thread.sleep(5);
            }
            assertEquals(run.lastSequence, projector[0].appliedSequence(), "caught up; " + log + " " + projector[0].failure());
        }
        finally
        {
            projector[0].close();
        }
        assertEquals(List.of(), log, "no failure");
        final ReadModelDatabase afterwards = TestDatabases.create(kind, dir);
        Projector.projectOnce(afterwards, live);
        assertEquals(TestDatabases.dump(afterwards), TestDatabases.dump(following));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void shouldStopNamingTheDatabaseFailureAndCommitNothingOfTheBatch(final String kind) throws Exception
    {
        final ReadModelDatabase database = TestDatabases.create(kind, dir);
        database.migrate();
        try (Connection c = database.connect(); Statement s = c.createStatement())
        {
            s.execute("ALTER TABLE posting ADD CONSTRAINT ck_small CHECK (amount < 100000)");
        }
        final ProjectorException failure = assertThrows(ProjectorException.class, () -> Projector.projectOnce(database, data));
        assertTrue(failure.getMessage().contains("the read model database") && failure.getMessage().toLowerCase().contains("ck_small"),
            failure.getMessage());
        try (Connection c = database.connect())
        {
            assertEquals(Map.of(), longs(c, "SELECT projector, last_sequence FROM projector_progress"));
            assertEquals(Map.of(), longs(c, "SELECT deal_id, registration_sequence FROM deal"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void shouldRefuseAPositionTheJournalDoesNotHave(final String kind) throws Exception
    {
        final ReadModelDatabase database = TestDatabases.create(kind, dir);
        Projector.projectOnce(database, data);
        try (Connection c = database.connect(); Statement s = c.createStatement())
        {
            s.executeUpdate("UPDATE projector_progress SET event_record = event_record + 100000");
        }
        final ProjectorException failure = assertThrows(ProjectorException.class,
            () -> Projector.open(database, data, 100).close());
        assertTrue(failure.getMessage().contains("not the"), failure.getMessage());
        assertFalse(failure.getMessage().isBlank());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void shouldStopNamingADamagedJournalRecordAndKeepWhatCameBefore(final String kind) throws Exception
    {
        final Path damaged = dir.resolve("damaged-" + kind);
        copy(data, damaged);
        // one bit flipped in the middle of the 3,000th event record, found by its bytes in the journal's file
        final byte[] record;
        try (JournalReader events = JournalReader.openReadOnly(damaged.resolve("events"), JournalReader.Kind.EVENTS))
        {
            int length = 0;
            for (int i = 0; i < 3_000; i++)
            {
                length = events.next();
            }
            record = new byte[length];
            events.buffer().getBytes(events.offset(), record);
        }
        boolean flipped = false;
        try (Stream<Path> files = Files.list(damaged.resolve("events")))
        {
            for (final Path file : files.filter(f -> f.toString().endsWith(".cq4")).toList())
            {
                final byte[] bytes = Files.readAllBytes(file);
                final int at = indexOf(bytes, record);
                if (at >= 0)
                {
                    bytes[at + record.length / 2] ^= 0x04;
                    Files.write(file, bytes);
                    flipped = true;
                }
            }
        }
        assertTrue(flipped);
        final ReadModelDatabase database = TestDatabases.create(kind, dir);
        final ProjectorException failure = assertThrows(ProjectorException.class, () ->
        {
            try (Projector projector = Projector.open(database, damaged, 100))
            {
                projector.projectToEnd();
            }
        });
        assertTrue(failure.getMessage().contains("EVENTS journal record 3000") && failure.getMessage().contains("checksum"),
            failure.getMessage());
        try (Connection c = database.connect())
        {
            final long committed = longs(c, "SELECT projector, last_sequence FROM projector_progress").get(Projector.NAME);
            assertTrue(committed > 0 && committed < market.lastSequence, "the batches before it are committed: " + committed);
        }
    }

    private static void copy(final Path from, final Path to) throws IOException
    {
        try (Stream<Path> paths = Files.walk(from))
        {
            for (final Path p : paths.toList())
            {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }

    private static int indexOf(final byte[] haystack, final byte[] needle)
    {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++)
        {
            for (int j = 0; j < needle.length; j++)
            {
                if (haystack[i + j] != needle[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static Map<String, Long> longs(final Connection c, final String sql, final Object... parameters) throws SQLException
    {
        final Map<String, Long> rows = new TreeMap<>();
        try (PreparedStatement s = c.prepareStatement(sql))
        {
            for (int i = 0; i < parameters.length; i++)
            {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet r = s.executeQuery())
            {
                while (r.next())
                {
                    rows.put(r.getString(1), r.getLong(2));
                }
            }
        }
        return rows;
    }

    static List<String> strings(final Connection c, final String sql) throws SQLException
    {
        final List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql))
        {
            while (r.next())
            {
                rows.add(r.getString(1));
            }
        }
        return rows;
    }

    private static Map<String, Long> withoutZeros(final Map<String, Long> balances)
    {
        final Map<String, Long> nonZero = new TreeMap<>(balances);
        nonZero.values().removeIf(v -> v == 0);
        return nonZero;
    }
}
