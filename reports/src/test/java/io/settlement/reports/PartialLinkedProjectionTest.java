package io.settlement.reports;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.journal.SettlementNode;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static io.settlement.reports.ProjectorTest.longs;
import static io.settlement.reports.ProjectorTest.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The projector books a deal settled in parts and a linked group: each part's legs are movements
 * and postings, a deal's movements add up to its terms once it has settled, the balances are the
 * engine's, debits equal credits and the clearing accounts net to zero.
 */
class PartialLinkedProjectionTest
{
    @TempDir
    static Path dir;
    static Path data;
    /** The engine's balances at the end, "participant/instrument". */
    static final Map<String, Long> BALANCES = new TreeMap<>();
    static long partialDeal;
    static long firstMember;
    static long secondMember;

    private static PipelineClient.Outcome send(final PipelineClient client, final Command c) throws Exception
    {
        final PipelineClient.Outcome outcome = client.send(c).get(30, TimeUnit.SECONDS);
        assertEquals(Reason.OK, outcome.published(), outcome::toString);
        return outcome;
    }

    private static long accepted(final PipelineClient client, final Command c) throws Exception
    {
        final Event e = send(client, c).first();
        assertEquals(EventType.DEAL_ACCEPTED, e.type, e::toString);
        return e.dealId;
    }

    @BeforeAll
    static void runTheDay() throws Exception
    {
        data = dir.resolve("node");
        try (SettlementNode node = SettlementNode.start(ScriptedMarket.config(data)))
        {
            final PipelineClient system = node.client(0);
            final Command c = new Command();
            send(system, c.createInstrument(0, 0, 10, InstrumentKind.SECURITY, "ACME"));
            send(system, c.createInstrument(0, 0, 840, InstrumentKind.CURRENCY, "USD"));
            for (long m = 1; m <= 3; m++)
            {
                send(system, c.createParticipant(0, 0, m, Role.MEMBER));
            }
            send(system, c.deposit(0, 0, 1, 840, 10_000));
            send(system, c.deposit(0, 0, 2, 10, 4));
            send(system, c.advanceBusinessDate(0, 0, ScriptedMarket.FIRST_DATE));
            // 1 buys 10 ACME from 2 for 1,000 in parts of at least 2; 2 holds 4
            partialDeal = accepted(system, c.submitDeal(0, 0, 1, 1, 2, 10, 840, 10, 1_000, ScriptedMarket.FIRST_DATE, DealType.DVP)
                .settlementTerms(0, (byte)1, 2));
            // linked: 3 sells 2 ACME to 1 for 20, and buys them from 2 for 30 (3 holds neither ACME nor USD)
            firstMember = accepted(system, c.submitDeal(0, 0, 2, 1, 3, 10, 840, 2, 20, ScriptedMarket.FIRST_DATE, DealType.DVP)
                .settlementTerms(5, (byte)0, 0));
            secondMember = accepted(system, c.submitDeal(0, 0, 3, 3, 2, 10, 840, 2, 30, ScriptedMarket.FIRST_DATE, DealType.DVP)
                .settlementTerms(5, (byte)0, 0));
            final List<Event> first = send(system, c.runSettlementCycle(0, 0)).events();
            assertTrue(first.stream().anyMatch(e -> e.type == EventType.DEAL_PARTIALLY_SETTLED), first::toString);
            assertTrue(first.stream().anyMatch(e -> e.reason == Reason.LINKED_DEAL_FAILED), first::toString);
            send(system, c.deposit(0, 0, 3, 840, 100));
            send(system, c.deposit(0, 0, 2, 10, 8));
            final List<Event> second = send(system, c.runSettlementCycle(0, 0)).events();
            assertEquals(3, second.stream().filter(e -> e.type == EventType.DEAL_SETTLED).count(), second::toString);
            send(system, c.advanceBusinessDate(0, 0, ScriptedMarket.FIRST_DATE + 1));
            final SettlementEngine engine = node.stop();
            engine.forEachBalance((p, i, balance) -> BALANCES.put(p + "/" + i, balance));
        }
    }

    static List<String> kinds()
    {
        return TestDatabases.kinds();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void shouldBookEveryPartAndTheGroupAsMovementsAndPostings(final String kind) throws Exception
    {
        final ReadModelDatabase database = TestDatabases.create(kind, dir);
        Projector.projectOnce(database, data);
        try (Connection c = database.connect())
        {
            assertEquals(List.of("DELIVERY 2 -4", "RECEIPT 1 4", "PAYMENT 1 -400", "COLLECTION 2 400",
                "DELIVERY 2 -6", "RECEIPT 1 6", "PAYMENT 1 -600", "COLLECTION 2 600"),
                strings(c, "SELECT cause || ' ' || participant_id || ' ' || amount FROM movement WHERE deal_id = " + partialDeal
                    + " ORDER BY movement_id"), "the part, then the rest");
            assertEquals(Map.of("DELIVERY", -10L, "PAYMENT", -1_000L, "RECEIPT", 10L, "COLLECTION", 1_000L),
                longs(c, "SELECT cause, SUM(amount) FROM movement WHERE deal_id = " + partialDeal + " GROUP BY cause"),
                "the parts add up to the deal");
            assertEquals(List.of("REGISTERED null", "PARTIALLY_SETTLED INSUFFICIENT_SECURITIES", "SETTLED null"),
                strings(c, "SELECT kind || ' ' || COALESCE(reason, 'null') FROM deal_event WHERE deal_id = " + partialDeal
                    + " ORDER BY sequence, ordinal"));
            for (final long member : new long[] {firstMember, secondMember})
            {
                assertEquals(List.of("SETTLED"), strings(c, "SELECT status FROM deal WHERE deal_id = " + member));
                assertEquals(4L, longs(c, "SELECT 'legs', COUNT(*) FROM movement WHERE deal_id = " + member).get("legs"),
                    "the group's member moved once, whole");
            }
            assertEquals(BALANCES, nonZero(longs(c, "SELECT participant_id || '/' || instrument_id, balance FROM balance")),
                "the engine's balances");
            final Map<String, Long> byAccount = longs(c, "SELECT account_code, SUM(signed) FROM (SELECT credit_account AS account_code,"
                + " amount AS signed FROM posting UNION ALL SELECT debit_account, -amount FROM posting) t GROUP BY account_code");
            assertEquals(0L, byAccount.values().stream().mapToLong(Long::longValue).sum(), "debits equal credits");
            assertEquals(0L, byAccount.getOrDefault(ChartOfAccounts.clearing(10), 0L));
            assertEquals(0L, byAccount.getOrDefault(ChartOfAccounts.clearing(840), 0L));
            BALANCES.forEach((key, balance) ->
            {
                final String[] parts = key.split("/");
                assertEquals(balance, byAccount.get(ChartOfAccounts.participant(Long.parseLong(parts[0]), Integer.parseInt(parts[1]))), key);
            });
        }
    }

    private static Map<String, Long> nonZero(final Map<String, Long> balances)
    {
        final Map<String, Long> result = new TreeMap<>(balances);
        result.values().removeIf(v -> v == 0);
        return result;
    }
}
