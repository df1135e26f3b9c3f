package io.settlement.engine.pipeline;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.EventType;
import io.settlement.engine.api.RecordFrame;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outcome log between the engine stage and the publish stage: a settlement cycle whose
 * outcomes are many times the log's capacity streams through it, in order, journaled, to the right
 * sessions, while the cycle is still being applied; a publish stage that dies while the engine
 * stage waits on a full log stops the pipeline; close drains the log into the journal.
 */
class OutcomeLogTest
{
    private static final long A = 1;
    private static final long B = 2;
    private static final long C = 3;
    private static final int ACME = 10;
    private static final int USD = 840;
    private static final int DATE = 20260105;
    /** The smallest log: about 40 events. */
    private static final int LOG_BYTES = SettlementPipeline.Context.OUTCOME_LOG_BYTES_MIN;
    private static final int DEALS = 2_000;
    /** Commands before the cycle: setUpMarket's 8, then the deals. */
    private static final long CYCLE_SEQUENCE = 8 + DEALS + 1;

    private final PipelineTest.MemoryJournals journals = new PipelineTest.MemoryJournals();
    private final SessionRouter router = new SessionRouter();
    private SettlementPipeline pipeline;

    @AfterEach
    void close()
    {
        if (pipeline != null)
        {
            pipeline.close();
        }
    }

    private void start(final SettlementPipeline.Context context, final EventJournal eventJournal)
    {
        pipeline = new SettlementPipeline(new SettlementEngine(), context
            .outcomeLogBytes(LOG_BYTES).commandJournal(journals).eventJournal(eventJournal).router(router));
    }

    private static PipelineClient.Outcome await(final CompletableFuture<PipelineClient.Outcome> future) throws Exception
    {
        final PipelineClient.Outcome outcome = future.get(30, TimeUnit.SECONDS);
        assertEquals(Reason.OK, outcome.published());
        return outcome;
    }

    /** Sequences 1..8: three members with funds, two instruments, a business date. */
    private static void setUpMarket(final PipelineClient system) throws Exception
    {
        final Command c = new Command();
        await(system.send(c.createParticipant(0, 0, A, Role.MEMBER)));
        await(system.send(c.createParticipant(0, 0, B, Role.MEMBER)));
        await(system.send(c.createParticipant(0, 0, C, Role.MEMBER)));
        await(system.send(c.createInstrument(0, 0, ACME, InstrumentKind.SECURITY, "ACME")));
        await(system.send(c.createInstrument(0, 0, USD, InstrumentKind.CURRENCY, "USD")));
        await(system.send(c.advanceBusinessDate(0, 0, DATE)));
        await(system.send(c.deposit(0, 0, A, USD, 1_000_000_000L)));
        await(system.send(c.deposit(0, 0, B, ACME, 1_000_000L)));
    }

    /** Sequences 9..8+DEALS: A buys 1 ACME from B, DEALS times, all accepted. */
    private static void submitDeals(final PipelineClient a) throws Exception
    {
        final Command c = new Command();
        final List<CompletableFuture<PipelineClient.Outcome>> sent = new ArrayList<>();
        for (int i = 1; i <= DEALS; i++)
        {
            sent.add(a.send(c.submitDeal(A, 0, i, A, B, ACME, USD, 1, 10, DATE, DealType.DVP)));
            if (sent.size() % 1000 == 0)
            {
                await(sent.get(sent.size() - 1)); // stay well inside the ring
            }
        }
        for (final CompletableFuture<PipelineClient.Outcome> future : sent)
        {
            assertEquals(EventType.DEAL_ACCEPTED, await(future).events().get(0).type);
        }
    }

    private static List<Event> decodeAll(final List<byte[]> records)
    {
        final List<Event> events = new ArrayList<>();
        for (final byte[] bytes : records)
        {
            final Event event = new Event();
            assertTrue(EventCodec.decode(new UnsafeBuffer(bytes), 0, bytes.length, event));
            events.add(event);
        }
        return events;
    }

    private static List<Long> settledDealIds(final List<Event> events)
    {
        final List<Long> ids = new ArrayList<>();
        for (final Event event : events)
        {
            if (event.type == EventType.DEAL_SETTLED)
            {
                ids.add(event.dealId);
            }
        }
        return ids;
    }

    @Test
    void shouldStreamACycleFarLargerThanTheLogToTheRightSessionsInOrderJournaledWhileItIsApplied() throws Exception
    {
        // the engine thread writes a snapshot after every command: the cycle's is written once it is applied
        final AtomicReference<Long> writtenThrough = new AtomicReference<>(0L);
        final AtomicReference<Long> writtenWhenTheCycleWasFirstJournaled = new AtomicReference<>();
        final EventJournal eventJournal = new EventJournal()
        {
            @Override
            public void append(final DirectBuffer buffer, final int offset, final int length)
            {
                if (writtenWhenTheCycleWasFirstJournaled.get() == null
                    && buffer.getLong(offset + RecordFrame.BLOCK_OFFSET, ByteOrder.LITTLE_ENDIAN) == CYCLE_SEQUENCE)
                {
                    writtenWhenTheCycleWasFirstJournaled.set(writtenThrough.get());
                }
                journals.append(buffer, offset, length);
            }
        };
        start(new SettlementPipeline.Context().snapshots(new SnapshotWriter()
        {
            @Override
            public void write(final SettlementEngine engine, final long sequence)
            {
                writtenThrough.set(sequence);
            }

            @Override
            public void publish(final long sequence)
            {
            }
        }, 1), eventJournal);
        final PipelineClient system = new PipelineClient(pipeline, router, Command.SYSTEM_SUBMITTER);
        final PipelineClient buyer = new PipelineClient(pipeline, router, A);
        final PipelineClient seller = new PipelineClient(pipeline, router, B);
        final PipelineClient bystander = new PipelineClient(pipeline, router, C);
        final List<Event> buyerPushes = new CopyOnWriteArrayList<>();
        final List<Event> sellerPushes = new CopyOnWriteArrayList<>();
        final List<Event> bystanderPushes = new CopyOnWriteArrayList<>();
        buyer.onPush(buyerPushes::add);
        seller.onPush(sellerPushes::add);
        bystander.onPush(bystanderPushes::add);
        setUpMarket(system);
        submitDeals(buyer);
        final int journaledBeforeCycle = journals.events.size();

        final List<Event> cycle = await(system.send(new Command().runSettlementCycle(0, 0))).events();
        pipeline.close();

        // the system session got every outcome of its cycle, in the order the journal holds them
        final List<Event> journaledCycle = decodeAll(journals.events.subList(journaledBeforeCycle, journals.events.size()));
        assertEquals(DEALS + 2, cycle.size(), "a DEAL_SETTLED per deal, the settled value, CYCLE_COMPLETED");
        assertEquals(journaledCycle.toString(), cycle.toString());
        assertEquals(EventType.CYCLE_COMPLETED, cycle.get(cycle.size() - 1).type);
        int cycleBytes = 0;
        for (final byte[] bytes : journals.events.subList(journaledBeforeCycle, journals.events.size()))
        {
            cycleBytes += bytes.length;
        }
        assertTrue(cycleBytes > 20 * LOG_BYTES, "the cycle's outcomes (" + cycleBytes + " bytes) are many logs full");

        // both parties got a push per deal, in the cycle's order; a participant with no deal got none
        final List<Long> settled = settledDealIds(cycle);
        assertEquals(DEALS, settled.size());
        assertEquals(settled, settledDealIds(buyerPushes));
        assertEquals(settled, settledDealIds(sellerPushes));
        assertEquals(DEALS, buyerPushes.size());
        assertEquals(DEALS, sellerPushes.size());
        assertTrue(bystanderPushes.isEmpty(), bystanderPushes::toString);

        // stage 3 journaled the cycle's first outcome before stage 2 had finished applying it
        assertNotNull(writtenWhenTheCycleWasFirstJournaled.get());
        assertEquals(CYCLE_SEQUENCE - 1, writtenWhenTheCycleWasFirstJournaled.get(),
            "the cycle streamed through the log while it was applied");

        // and the journal is exactly what a replay of the command journal gives, byte for byte
        final SettlementEngine replay = new SettlementEngine();
        final List<byte[]> replayed = new ArrayList<>();
        for (final Command journaled : journals.commands)
        {
            replay.apply(journaled, (event, buffer, offset, length) ->
            {
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                replayed.add(bytes);
            });
        }
        assertEquals(replayed.size(), journals.events.size());
        for (int i = 0; i < replayed.size(); i++)
        {
            assertEquals(new UnsafeBuffer(replayed.get(i)), new UnsafeBuffer(journals.events.get(i)), "event " + i);
        }
        assertEquals(replay.stateHash(), pipeline.engine().stateHash());
    }

    @Test
    void shouldStopInsteadOfHangingWhenThePublishStageFailsWhileTheEngineStageWaitsOnAFullLog() throws Exception
    {
        final AtomicInteger cycleEventsJournaled = new AtomicInteger();
        final AtomicReference<Thread> engineThread = new AtomicReference<>();
        final List<Throwable> reported = new CopyOnWriteArrayList<>();
        final EventJournal eventJournal = new EventJournal()
        {
            @Override
            public void append(final DirectBuffer buffer, final int offset, final int length)
            {
                if (buffer.getLong(offset + RecordFrame.BLOCK_OFFSET, ByteOrder.LITTLE_ENDIAN) == CYCLE_SEQUENCE
                    && cycleEventsJournaled.incrementAndGet() == 100)
                {
                    throw new IllegalStateException("event journal disk full (simulated)");
                }
                journals.append(buffer, offset, length);
            }
        };
        start(new SettlementPipeline.Context().onFailure(reported::add).snapshots(new SnapshotWriter()
        {
            @Override
            public void write(final SettlementEngine engine, final long sequence)
            {
                engineThread.set(Thread.currentThread());
            }

            @Override
            public void publish(final long sequence)
            {
            }
        }, 1), eventJournal);
        final PipelineClient system = new PipelineClient(pipeline, router, Command.SYSTEM_SUBMITTER);
        final PipelineClient buyer = new PipelineClient(pipeline, router, A);
        setUpMarket(system);
        submitDeals(buyer);

        final CompletableFuture<PipelineClient.Outcome> cycle = system.send(new Command().runSettlementCycle(0, 0));

        // the engine stage, left with 1,900 outcomes and a log nobody reads, gives up and its thread ends
        final Thread engine = engineThread.get();
        engine.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(engine.isAlive(), "the engine stage must not wait for ever on a full log");
        assertFalse(pipeline.isAccepting());
        assertEquals(1, reported.size(), reported::toString);
        assertTrue(reported.get(0).getMessage().contains("event journal disk full"), reported.get(0).getMessage());
        assertTrue(pipeline.failure().getMessage().contains("publish stage"), pipeline.failure().getMessage());
        assertEquals(Reason.UNAVAILABLE,
            system.send(new Command().deposit(0, 0, A, USD, 1)).get(1, TimeUnit.SECONDS).published());
        assertFalse(cycle.isDone(), "a cycle whose outcomes were not all journaled is never answered");
        pipeline.close();
        assertEquals(100, cycleEventsJournaled.get(), "nothing offered to the journal after the failure");
        int journaledOfTheCycle = 0;
        for (final byte[] bytes : journals.events)
        {
            journaledOfTheCycle += new UnsafeBuffer(bytes).getLong(RecordFrame.BLOCK_OFFSET, ByteOrder.LITTLE_ENDIAN) == CYCLE_SEQUENCE ? 1 : 0;
        }
        assertEquals(99, journaledOfTheCycle);
    }

    @Test
    void shouldDrainEveryQueuedOutcomeIntoTheJournalOnClose() throws Exception
    {
        final AtomicInteger appendedSinceEndOfBatch = new AtomicInteger();
        final AtomicReference<String> publishThread = new AtomicReference<>();
        final EventJournal eventJournal = new EventJournal()
        {
            @Override
            public void onStart()
            {
                publishThread.set(Thread.currentThread().getName());
            }

            @Override
            public void append(final DirectBuffer buffer, final int offset, final int length)
            {
                journals.append(buffer, offset, length);
                appendedSinceEndOfBatch.incrementAndGet();
            }

            @Override
            public void endOfBatch()
            {
                appendedSinceEndOfBatch.set(0);
            }
        };
        start(new SettlementPipeline.Context(), eventJournal);
        final PipelineClient system = new PipelineClient(pipeline, router, Command.SYSTEM_SUBMITTER);
        final PipelineClient buyer = new PipelineClient(pipeline, router, A);
        setUpMarket(system);
        submitDeals(buyer);
        final int journaledBeforeCycle = journals.events.size();

        // queued and closed at once: the whole cycle still goes through the log into the journal
        final CompletableFuture<PipelineClient.Outcome> cycle = system.send(new Command().runSettlementCycle(0, 0));
        final CompletableFuture<PipelineClient.Outcome> after = system.send(new Command().deposit(0, 0, C, USD, 1));
        pipeline.close();

        assertTrue(cycle.isDone() && after.isDone(), "both answered before close returned");
        assertEquals(DEALS + 2, cycle.get().events().size());
        assertEquals(EventType.COMMAND_RESULT, after.get().first().type);
        assertEquals(DEALS + 3, journals.events.size() - journaledBeforeCycle);
        assertEquals(0, appendedSinceEndOfBatch.get(), "the last batch was made durable");
        assertEquals(pipeline.engine().eventCount(), journals.events.size());
        assertEquals(pipeline.topology() == PipelineTopology.STAGED ? "settlement-3-publish" : "settlement-pipeline",
            publishThread.get(), "stage 3 runs on its own, named thread (the single topology's agent's)");
    }
}
