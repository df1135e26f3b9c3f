package io.settlement.engine.pipeline;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.settlement.engine.Hashing;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandType;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.DealStatus;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Read-only queries pass the ring in order (a session reads its own writes) but are not journaled:
 * no command record, no sequence of their own, no event record, and they change neither the state
 * nor the engine's event hash or count.
 */
class QueryPipelineTest
{
    private static final long A = 1;
    private static final long B = 2;
    private static final long AUDITOR = 7;
    private static final int ACME = 10;
    private static final int USD = 840;
    private static final int DATE = 20260105;
    private static final Set<EventType> QUERY_ANSWERS =
        EnumSet.of(EventType.DEAL_REPORT, EventType.POSITION_REPORT, EventType.LIMITS_REPORT, EventType.LIMIT_LINE);

    private final PipelineTest.MemoryJournals journals = new PipelineTest.MemoryJournals();
    private final SessionRouter router = new SessionRouter();
    private SettlementPipeline pipeline;

    private void start(final SettlementPipeline.Context context)
    {
        pipeline = new SettlementPipeline(new SettlementEngine(), context.commandJournal(journals).eventJournal(journals).router(router));
    }

    @AfterEach
    void close()
    {
        if (pipeline != null)
        {
            pipeline.close();
        }
    }

    private static PipelineClient.Outcome await(final CompletableFuture<PipelineClient.Outcome> future) throws Exception
    {
        final PipelineClient.Outcome outcome = future.get(10, TimeUnit.SECONDS);
        assertEquals(Reason.OK, outcome.published());
        return outcome;
    }

    private static void setUpMarket(final PipelineClient system) throws Exception
    {
        final Command c = new Command();
        final List<CompletableFuture<PipelineClient.Outcome>> sent = new ArrayList<>();
        sent.add(system.send(c.createParticipant(0, 0, A, Role.MEMBER)));
        sent.add(system.send(c.createParticipant(0, 0, B, Role.MEMBER)));
        sent.add(system.send(c.createParticipant(0, 0, AUDITOR, Role.AUDITOR)));
        sent.add(system.send(c.createInstrument(0, 0, ACME, InstrumentKind.SECURITY, "ACME")));
        sent.add(system.send(c.createInstrument(0, 0, USD, InstrumentKind.CURRENCY, "USD")));
        sent.add(system.send(c.advanceBusinessDate(0, 0, DATE)));
        for (final CompletableFuture<PipelineClient.Outcome> future : sent)
        {
            assertEquals(Reason.OK, await(future).first().reason);
        }
    }

    @Test
    void shouldAnswerQueriesInOrderWithoutJournalingThemOrChangingTheEngine() throws Exception
    {
        start(new SettlementPipeline.Context());
        final PipelineClient system = new PipelineClient(pipeline, router, Command.SYSTEM_SUBMITTER);
        final PipelineClient a = new PipelineClient(pipeline, router, A);
        final PipelineClient auditor = new PipelineClient(pipeline, router, AUDITOR);
        setUpMarket(system);

        // one session: a write, then queries of what it wrote, sent back to back without waiting
        final Command c = new Command();
        final CompletableFuture<PipelineClient.Outcome> deposit = system.send(c.deposit(0, 0, A, USD, 5_000));
        final CompletableFuture<PipelineClient.Outcome> balance = system.send(c.queryPosition(0, 0, A, USD));
        final CompletableFuture<PipelineClient.Outcome> submit =
            a.send(c.submitDeal(A, 0, 1, A, B, ACME, USD, 3, 300, DATE, DealType.DVP));
        final CompletableFuture<PipelineClient.Outcome> deal = a.send(c.queryDeal(A, 0, 1));
        final CompletableFuture<PipelineClient.Outcome> limits = a.send(c.queryLimits(A, 0, A));
        final List<CompletableFuture<PipelineClient.Outcome>> flood = new ArrayList<>();
        for (int i = 0; i < 300; i++)
        {
            flood.add(auditor.send(i % 2 == 0 ? c.queryDeal(AUDITOR, 0, 1 + i % 3) : c.queryPosition(AUDITOR, 0, B, USD)));
        }
        final CompletableFuture<PipelineClient.Outcome> last = system.send(c.deposit(0, 0, B, USD, 1));

        assertEquals(Reason.OK, await(deposit).first().reason);
        final Event position = await(balance).first();
        assertEquals(EventType.POSITION_REPORT, position.type);
        assertEquals(5_000, position.amount, "the session reads its own write");
        assertEquals(7, position.sequence, "a query carries the sequence of the last journaled command");
        final Event accepted = await(submit).first();
        assertEquals(EventType.DEAL_ACCEPTED, accepted.type);
        assertEquals(8, accepted.sequence, "the query took no sequence");
        final Event report = await(deal).first();
        assertEquals(EventType.DEAL_REPORT, report.type, report::toString);
        assertEquals(accepted.dealId, report.dealId, "a submit then a query in one session sees the new deal");
        assertEquals(DealStatus.PENDING.value(), report.dealStatus);
        assertEquals(8, report.sequence);
        assertEquals(EventType.LIMITS_REPORT, await(limits).first().type);
        for (final CompletableFuture<PipelineClient.Outcome> future : flood)
        {
            assertTrue(await(future).events().size() >= 1);
        }
        assertEquals(9, await(last).first().sequence, "sequences stay gapless across 300 queries");
        pipeline.close();

        // the journals hold the 9 writes, numbered 1..9, and their outcomes only
        assertEquals(9, journals.commands.size());
        for (int i = 0; i < journals.commands.size(); i++)
        {
            final Command journaled = journals.commands.get(i);
            assertEquals(i + 1, journaled.sequence);
            assertFalse(journaled.type.isQuery(), journaled::toString);
        }
        final Event decoded = new Event();
        long foldedHash = 0;
        for (final byte[] bytes : journals.events)
        {
            assertTrue(EventCodec.decode(new UnsafeBuffer(bytes), 0, bytes.length, decoded));
            assertFalse(QUERY_ANSWERS.contains(decoded.type), decoded::toString);
            assertFalse(decoded.type == EventType.COMMAND_RESULT && CommandType.fromCode(decoded.commandType).isQuery(),
                decoded::toString);
            foldedHash = Hashing.combine(foldedHash, new UnsafeBuffer(bytes), 0, bytes.length);
        }
        final SettlementEngine engine = pipeline.engine();
        assertEquals(9, journals.events.size());
        assertEquals(journals.events.size(), engine.eventCount(), "the engine counted only the journaled events");
        assertEquals(foldedHash, engine.eventHash(), "the event hash covers exactly the journaled events");
        assertEquals(9, engine.lastSequence());

        // a replay of the command journal alone reaches the same state and hashes
        final SettlementEngine replay = new SettlementEngine();
        for (final Command journaled : journals.commands)
        {
            replay.apply(journaled, io.settlement.engine.api.EventSink.NONE);
        }
        assertEquals(engine.stateHash(), replay.stateHash());
        assertEquals(engine.eventHash(), replay.eventHash());
        assertEquals(engine.eventCount(), replay.eventCount());
    }

    @Test
    void shouldNotSnapshotAgainForAQueryThatFollowsASnapshotPoint() throws Exception
    {
        final List<Long> written = new CopyOnWriteArrayList<>();
        start(new SettlementPipeline.Context().snapshots(new SnapshotWriter()
        {
            @Override
            public void write(final SettlementEngine engine, final long sequence)
            {
                written.add(sequence);
            }

            @Override
            public void publish(final long sequence)
            {
            }
        }, 3));
        final PipelineClient system = new PipelineClient(pipeline, router, Command.SYSTEM_SUBMITTER);
        setUpMarket(system); // sequences 1..6: snapshots after 3 and 6
        final Command c = new Command();
        for (int i = 0; i < 5; i++)
        {
            assertEquals(6, await(system.send(c.queryPosition(0, 0, A, USD))).first().sequence);
        }
        pipeline.close();
        assertEquals(List.of(3L, 6L), written);
    }

    @Test
    void shouldRefuseToAnswerAWriteThroughTheReadOnlyEntry()
    {
        final SettlementEngine engine = new SettlementEngine();
        final Command c = new Command().deposit(0, 0, A, USD, 1);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> engine.query(c, io.settlement.engine.api.EventSink.NONE));
        assertEquals(0, engine.lastSequence());
    }
}
