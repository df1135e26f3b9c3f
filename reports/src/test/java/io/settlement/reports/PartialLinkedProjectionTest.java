package io.settlement.reports;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.journal.JournalReader;
import io.settlement.journal.SettlementNode;
import io.settlement.protocol.wire.CycleMode;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import io.settlement.protocol.wire.Side;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static io.settlement.reports.ProjectorTest.longs;
import static io.settlement.reports.ProjectorTest.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The projector books a deal settled in parts and a linked group, in NETTED cycles: each part's legs
 * are movements and postings (the first part settled in the gross pass of a netted cycle, the
 * remainder in a netted set), a deal's movements add up to its terms once it has settled, the
 * balances are the engine's, debits equal credits and the clearing accounts net to zero. A read model
 * holding rows booked after a committed position inside the cycle that settled a part is repaired
 * back to that position.
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
    /** Each event of the journal, in order: its sequence and type. */
    static final List<long[]> EVENTS = new ArrayList<>();

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
            send(system, c.deposit(0, 0, 1, 10, 5));
            send(system, c.advanceBusinessDate(0, 0, ScriptedMarket.FIRST_DATE));
            // 1 buys 10 ACME from 2 for 1,000 in parts of at least 2; 2 holds 4
            partialDeal = accepted(system, c.submitDeal(0, 0, 1, 1, 2, 10, 840, 10, 1_000, ScriptedMarket.FIRST_DATE, DealType.DVP)
                .settlementTerms(0, (byte)1, 2));
            // linked: 3 sells 2 ACME to 1 for 20, and buys them from 2 for 30 (3 holds neither ACME nor USD)
            firstMember = accepted(system, c.submitDeal(0, 0, 2, 1, 3, 10, 840, 2, 20, ScriptedMarket.FIRST_DATE, DealType.DVP)
                .settlementTerms(5, (byte)0, 0));
            secondMember = accepted(system, c.submitDeal(0, 0, 3, 3, 2, 10, 840, 2, 30, ScriptedMarket.FIRST_DATE, DealType.DVP)
                .settlementTerms(5, (byte)0, 0));
            // 1 delivers its 5 ACME to 3, free of payment
            final long free = accepted(system, c.submitDeal(0, 0, 4, 3, 1, 10, 0, 5, 0, ScriptedMarket.FIRST_DATE, DealType.FOP));
            // NETTED: 2/ACME 4 - 10 - 2 is short: the group (the later debtor) goes, then the partial deal; the free deal
            // settles netted; the gross pass settles a part of 4 and fails the group (2 has no ACME for the second member)
            final List<Event> first = send(system, c.runSettlementCycle(0, 0, CycleMode.NETTED)).events();
            assertEquals(List.of(EventType.DEAL_SETTLED, EventType.DEAL_PARTIALLY_SETTLED, EventType.DEAL_SETTLEMENT_FAILED,
                EventType.DEAL_SETTLEMENT_FAILED), first.stream().map(e -> e.type).filter(t -> t.name().startsWith("DEAL_")).toList(),
                first::toString);
            assertEquals(free, first.get(0).dealId);
            assertTrue(first.stream().anyMatch(e -> e.reason == Reason.LINKED_DEAL_FAILED), first::toString);
            assertEquals(EventType.DEAL_HELD, send(system, c.holdDeal(0, 0, firstMember, Side.BUY)).first().type);
            assertEquals(EventType.DEAL_RELEASED, send(system, c.releaseDeal(0, 0, firstMember, Side.BUY)).first().type);
            send(system, c.deposit(0, 0, 3, 840, 100));
            send(system, c.deposit(0, 0, 2, 10, 8));
            // NETTED: nothing is short; the partial deal's remainder (6 ACME, 600 USD) and the group settle in the netted set
            final List<Event> second = send(system, c.runSettlementCycle(0, 0, CycleMode.NETTED)).events();
            assertEquals(3, second.stream().filter(e -> e.type == EventType.DEAL_SETTLED).count(), second::toString);
            send(system, c.advanceBusinessDate(0, 0, ScriptedMarket.FIRST_DATE + 1));
            final SettlementEngine engine = node.stop();
            engine.forEachBalance((p, i, balance) -> BALANCES.put(p + "/" + i, balance));
        }
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

    /**
     * Committed inside the first netted cycle, after its netted set (the free deal settled) and before its
     * gross pass's part; the rows go on to the end of the day (the part, the group's failures, the cycle's
     * value and summary, a hold and a release, the second cycle's remainder). The repair removes the part's
     * deal event, movements and postings and the hold events, and puts the read model back at the
     * committed position; the rest is then projected exactly once.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void shouldRepairACutInsideTheCycleThatSettledAPart(final String kind) throws Exception
    {
        final ReadModelDatabase uninterrupted = TestDatabases.create(kind, dir);
        Projector.projectOnce(uninterrupted, data);
        final List<String> whole = TestDatabases.dump(uninterrupted);
        int part = 0;
        while (EVENTS.get(part)[1] != EventType.DEAL_PARTIALLY_SETTLED.ordinal())
        {
            part++;
        }
        assertEquals(EVENTS.get(part - 1)[0], EVENTS.get(part)[0], "the netted set's settlement and the part are one cycle's");
        final int committed = part; // events 0 .. part - 1 projected: the part is the first event beyond

        final ReadModelDatabase atCommit = TestDatabases.create(kind, dir);
        final ReadModelDatabase outOfStep = TestDatabases.create(kind, dir);
        atCommit.migrate();
        outOfStep.migrate();
        try (Connection keepAtCommit = atCommit.connect(); Connection keepOutOfStep = outOfStep.connect())
        {
            project(atCommit, committed);
            project(outOfStep, committed);
            final Object[] row = ProjectorRepairTest.progressRow(outOfStep);
            project(outOfStep, EVENTS.size() - committed);
            ProjectorRepairTest.writeProgressRow(outOfStep, row);
            try (Connection c = outOfStep.connect())
            {
                assertEquals(List.of("PARTIALLY_SETTLED", "HELD_BUY", "RELEASED_BUY"), strings(c, "SELECT kind FROM deal_event"
                    + " WHERE kind IN ('PARTIALLY_SETTLED', 'HELD_BUY', 'RELEASED_BUY') ORDER BY sequence, ordinal"),
                    "beyond the committed position: the part and the hold events");
            }

            try (Projector projector = Projector.open(outOfStep, data, 499))
            {
                assertNotNull(projector.repaired());
                assertTrue(projector.repaired().contains("movements removed"), projector.repaired());
            }
            assertEquals(TestDatabases.dump(atCommit), TestDatabases.dump(outOfStep), "repaired: the rows of a projection stopped there");
            ProjectorRepairTest.assertReconciled(outOfStep);
            try (Projector projector = Projector.open(outOfStep, data, 499))
            {
                assertNull(projector.repaired(), "in step once repaired");
                projector.projectToEnd();
            }
            assertEquals(whole, TestDatabases.dump(outOfStep), "then the rest exactly once");
            ProjectorRepairTest.assertReconciled(outOfStep);
        }
    }

    /** Projects {@code events} more events from where the database stands, committing at the end. */
    private static void project(final ReadModelDatabase database, final int events)
    {
        try (Projector projector = Projector.open(database, data, 499))
        {
            assertEquals(events, projector.projectAtMost(events));
        }
    }

    private static Map<String, Long> nonZero(final Map<String, Long> balances)
    {
        final Map<String, Long> result = new TreeMap<>(balances);
        result.values().removeIf(v -> v == 0);
        return result;
    }
}
