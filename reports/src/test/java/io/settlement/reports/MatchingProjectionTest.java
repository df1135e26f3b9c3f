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
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.EventType;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.journal.JournalReader;
import io.settlement.journal.SettlementNode;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.LimitKind;
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
 * The projector books two-sided matching: every instruction as a row of {@code instruction} with its
 * outcome (matched with its deal, cancelled, expired, refused at its match with the reason), and the deal
 * a match registers as any deal (its registration, its settlement's movements and postings); the balances
 * are the engine's and debits equal credits. A read model holding rows booked after a committed position
 * between a matching instruction's acceptance and its match is repaired back to that position.
 */
class MatchingProjectionTest
{
    @TempDir
    static Path dir;
    static Path data;
    static final Map<String, Long> BALANCES = new TreeMap<>();
    static long matchedDeal;
    /** Each event of the journal, in order: its sequence and type. */
    static final List<long[]> EVENTS = new ArrayList<>();

    private static PipelineClient.Outcome send(final PipelineClient client, final Command c) throws Exception
    {
        final PipelineClient.Outcome outcome = client.send(c).get(30, TimeUnit.SECONDS);
        assertEquals(Reason.OK, outcome.published(), outcome::toString);
        return outcome;
    }

    private static List<EventType> types(final PipelineClient client, final Command c) throws Exception
    {
        return send(client, c).events().stream().map(e -> e.type).toList();
    }

    @BeforeAll
    static void runTheDay() throws Exception
    {
        data = dir.resolve("node");
        try (SettlementNode node = SettlementNode.start(ScriptedMarket.config(data)))
        {
            final PipelineClient system = node.client(0);
            final PipelineClient one = node.client(1);
            final PipelineClient two = node.client(2);
            final PipelineClient three = node.client(3);
            final Command c = new Command();
            final int day = ScriptedMarket.FIRST_DATE;
            send(system, c.createInstrument(0, 0, 10, InstrumentKind.SECURITY, "ACME"));
            send(system, c.createInstrument(0, 0, 840, InstrumentKind.CURRENCY, "USD"));
            for (long m = 1; m <= 3; m++)
            {
                send(system, c.createParticipant(0, 0, m, Role.MEMBER));
            }
            send(system, c.deposit(0, 0, 1, 840, 10_000));
            send(system, c.deposit(0, 0, 2, 10, 10));
            send(system, c.advanceBusinessDate(0, 0, day));
            send(system, c.setMatchingTolerance(0, 0, 840, 5));
            send(system, c.setInstructionExpiry(0, 0, 0));
            // 1 buys 5 ACME from 2: 500 against 2's 503, within the tolerance: the deal is registered at 503
            assertEquals(List.of(EventType.INSTRUCTION_ACCEPTED, EventType.INSTRUCTION_ALLEGED),
                types(one, c.submitInstruction(1, 0, 11, Side.BUY, 2, 10, 840, 5, 500, day, DealType.DVP)));
            final List<Event> match = send(two, c.submitInstruction(2, 0, 21, Side.SELL, 1, 10, 840, 5, 503, day, DealType.DVP)).events();
            assertEquals(EventType.INSTRUCTION_MATCHED, match.get(1).type, match::toString);
            matchedDeal = match.get(1).dealId;
            // 1 instructs a buy from 3 and cancels it
            final long cancelled = send(one, c.submitInstruction(1, 0, 12, Side.BUY, 3, 10, 840, 1, 100, day, DealType.DVP))
                .first().instructionId;
            assertEquals(EventType.INSTRUCTION_ENDED, send(one, c.cancelInstruction(1, 0, cancelled)).first().type);
            // a limit refuses a match: both instructions end
            send(system, c.setLimit(0, 0, 1, LimitKind.CREDIT, 840, 600));
            types(one, c.submitInstruction(1, 0, 13, Side.BUY, 2, 10, 840, 2, 200, day, DealType.DVP));
            assertEquals(List.of(EventType.INSTRUCTION_ACCEPTED, EventType.INSTRUCTION_ENDED, EventType.INSTRUCTION_ENDED),
                types(two, c.submitInstruction(2, 0, 22, Side.SELL, 1, 10, 840, 2, 200, day, DealType.DVP)));
            // 3 instructs a sale nobody matches: it expires at the next roll (0 business days)
            send(three, c.submitInstruction(3, 0, 31, Side.SELL, 1, 10, 0, 1, 0, day, DealType.FOP));
            assertEquals(1, send(system, c.runSettlementCycle(0, 0)).events().stream().filter(e -> e.type == EventType.DEAL_SETTLED).count());
            assertEquals(List.of(EventType.BUSINESS_DATE_ADVANCED, EventType.INSTRUCTION_ENDED),
                types(system, c.advanceBusinessDate(0, 0, day + 1)));
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
    void shouldBookInstructionsAndTheMatchedDealAsAnyDeal(final String kind) throws Exception
    {
        final ReadModelDatabase database = TestDatabases.create(kind, dir);
        Projector.projectOnce(database, data);
        try (Connection c = database.connect())
        {
            assertEquals(List.of("1 11 BUY MATCHED null", "2 21 SELL MATCHED null", "1 12 BUY CANCELLED null",
                "1 13 BUY REFUSED CREDIT_LIMIT_EXCEEDED", "2 22 SELL REFUSED CREDIT_LIMIT_EXCEEDED", "3 31 SELL EXPIRED UNMATCHED_EXPIRED"),
                strings(c, "SELECT owner_id || ' ' || client_ref || ' ' || side || ' ' || status || ' ' || COALESCE(end_reason, 'null')"
                    + " FROM instruction ORDER BY instruction_id"));
            assertEquals(Map.of("MATCHED", 2L), longs(c, "SELECT status, COUNT(*) FROM instruction WHERE deal_id = " + matchedDeal
                + " GROUP BY status"), "both sides name the deal");
            assertEquals(List.of("2 0 1 2 503 SETTLED"), strings(c, "SELECT submitter_id || ' ' || client_deal_id || ' ' || buyer_id"
                + " || ' ' || seller_id || ' ' || cash_amount || ' ' || status FROM deal WHERE deal_id = " + matchedDeal));
            assertEquals(List.of("REGISTERED", "SETTLED"), strings(c, "SELECT kind FROM deal_event WHERE deal_id = " + matchedDeal
                + " ORDER BY sequence, ordinal"));
            assertEquals(Map.of("DELIVERY", -5L, "PAYMENT", -503L, "RECEIPT", 5L, "COLLECTION", 503L),
                longs(c, "SELECT cause, SUM(amount) FROM movement WHERE deal_id = " + matchedDeal + " GROUP BY cause"));
            final Map<String, Long> balances = new TreeMap<>(longs(c, "SELECT participant_id || '/' || instrument_id, balance FROM balance"));
            balances.values().removeIf(v -> v == 0);
            assertEquals(BALANCES, balances, "the engine's balances");
            final Map<String, Long> byAccount = longs(c, "SELECT account_code, SUM(signed) FROM (SELECT credit_account AS account_code,"
                + " amount AS signed FROM posting UNION ALL SELECT debit_account, -amount FROM posting) t GROUP BY account_code");
            assertEquals(0L, byAccount.values().stream().mapToLong(Long::longValue).sum(), "debits equal credits");
        }
    }

    /**
     * Committed between the acceptance of the instruction that matched and its match; the rows go on to the
     * end (the matched deal, both instructions matched, the cancel, the refused match, the settlement, the
     * expiry). The repair removes the deal and puts the first instruction back to waiting; the rest is then
     * projected exactly once.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void shouldRepairACutBetweenAnAcceptanceAndItsMatch(final String kind) throws Exception
    {
        final ReadModelDatabase uninterrupted = TestDatabases.create(kind, dir);
        Projector.projectOnce(uninterrupted, data);
        final List<String> whole = TestDatabases.dump(uninterrupted);
        int matched = 0;
        while (EVENTS.get(matched)[1] != EventType.INSTRUCTION_MATCHED.ordinal())
        {
            matched++;
        }
        final int committed = matched; // the acceptance projected, the match the first event beyond

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

            try (Projector projector = Projector.open(outOfStep, data, 499))
            {
                assertNotNull(projector.repaired());
                assertTrue(projector.repaired().contains("instructions ended later waiting again"), projector.repaired());
            }
            assertEquals(TestDatabases.dump(atCommit), TestDatabases.dump(outOfStep), "repaired: the rows of a projection stopped there");
            try (Projector projector = Projector.open(outOfStep, data, 499))
            {
                assertNull(projector.repaired(), "in step once repaired");
                projector.projectToEnd();
            }
            assertEquals(whole, TestDatabases.dump(outOfStep), "then the rest exactly once");
            ProjectorRepairTest.assertReconciled(outOfStep);
        }
    }

    private static void project(final ReadModelDatabase database, final int events)
    {
        try (Projector projector = Projector.open(database, data, 499))
        {
            assertEquals(events, projector.projectAtMost(events));
        }
    }
}
