package io.settlement.engine.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.EventType;
import io.settlement.engine.api.RecordFrame;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.LogonEncoder;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import io.settlement.protocol.wire.SubmitDealEncoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ring, its three stages, back pressure and fail-stop, with in-memory journals. */
class PipelineTest
{
    private static final long OPS = 9;
    private static final long A = 1;
    private static final long B = 2;
    private static final int ACME = 10;
    private static final int USD = 840;
    private static final int DATE = 20260105;

    /** Records every journaled command (its decoded copy) and event bytes. */
    static final class MemoryJournals implements CommandJournal, EventJournal
    {
        final List<Command> commands = Collections.synchronizedList(new ArrayList<>());
        final List<byte[]> commandRecords = Collections.synchronizedList(new ArrayList<>());
        final List<byte[]> events = Collections.synchronizedList(new ArrayList<>());
        volatile long appendDelayMs;
        volatile long failAtSequence = Long.MAX_VALUE;
        /** The next end of batch fails (an msync refused), once. */
        volatile boolean failNextEndOfBatch;
        /** Commands appended when a batch last ended well: the durable ones. */
        volatile int durableCommands;

        @Override
        public void onStart()
        {
        }

        @Override
        public void endOfBatch()
        {
            if (failNextEndOfBatch)
            {
                failNextEndOfBatch = false;
                throw new IllegalStateException("msync failed (simulated)");
            }
            durableCommands = commands.size();
        }

        /** Both journals in one: a command record (template below the events') is kept decoded, an event as bytes. */
        @Override
        public void append(final DirectBuffer buffer, final int offset, final int length)
        {
            if (RecordFrame.templateId(buffer, offset) < EventCodec.TEMPLATE_BASE)
            {
                final Command command = new Command();
                if (RecordFrame.check(buffer, offset, length) != length || !CommandCodec.decodeChecked(buffer, offset, command))
                {
                    throw new IllegalStateException("stage 1 appended a malformed command record");
                }
                if (command.sequence >= failAtSequence)
                {
                    throw new IllegalStateException("disk full (simulated) at " + command.sequence);
                }
                sleep(appendDelayMs);
                commands.add(command);
                final byte[] record = new byte[length];
                buffer.getBytes(offset, record);
                commandRecords.add(record);
                return;
            }
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            events.add(bytes);
        }
    }

    private final MemoryJournals journals = new MemoryJournals();
    private final SessionRouter router = new SessionRouter();
    private SettlementPipeline pipeline;

    private SettlementPipeline start(final SettlementPipeline.Context context)
    {
        pipeline = new SettlementPipeline(new SettlementEngine(), context
            .commandJournal(journals).eventJournal(journals).router(router));
        return pipeline;
    }

    @AfterEach
    void close()
    {
        if (pipeline != null)
        {
            pipeline.close();
        }
    }

    private static Event await(final CompletableFuture<PipelineClient.Outcome> future) throws Exception
    {
        final PipelineClient.Outcome outcome = future.get(10, TimeUnit.SECONDS);
        assertEquals(Reason.OK, outcome.published());
        return outcome.first();
    }

    private static void setUpMarket(final PipelineClient system) throws Exception
    {
        final Command c = new Command();
        await(system.send(c.createParticipant(0, 0, OPS, Role.OPERATOR)));
        await(system.send(c.createParticipant(0, 0, A, Role.MEMBER)));
        await(system.send(c.createParticipant(0, 0, B, Role.MEMBER)));
        await(system.send(c.createInstrument(0, 0, ACME, InstrumentKind.SECURITY, "ACME")));
        await(system.send(c.createInstrument(0, 0, USD, InstrumentKind.CURRENCY, "USD")));
        await(system.send(c.advanceBusinessDate(0, 0, DATE)));
    }

    @Test
    void shouldJournalStampApplyAndAnswerEveryCommandInOrder() throws Exception
    {
        start(new SettlementPipeline.Context());
        final PipelineClient system = new PipelineClient(pipeline, router, Command.SYSTEM_SUBMITTER);
        final PipelineClient a = new PipelineClient(pipeline, router, A);
        setUpMarket(system);

        final List<CompletableFuture<PipelineClient.Outcome>> futures = new ArrayList<>();
        final Command c = new Command();
        for (int i = 1; i <= 500; i++)
        {
            futures.add(a.send(c.submitDeal(A, 0, i, A, B, ACME, USD, 1, 10, DATE, DealType.DVP)));
        }
        for (int i = 0; i < futures.size(); i++)
        {
            final Event accepted = await(futures.get(i));
            assertEquals(EventType.DEAL_ACCEPTED, accepted.type);
            assertEquals(i + 1, accepted.clientDealId);
        }
        pipeline.close();

        // sequences are stamped 1..N without gaps, in journal order, with timestamps
        assertEquals(506, journals.commands.size());
        for (int i = 0; i < journals.commands.size(); i++)
        {
            assertEquals(i + 1, journals.commands.get(i).sequence);
            assertTrue(journals.commands.get(i).timestampNs > 0);
        }
        // the journaled commands, replayed into a fresh engine, give the journaled events byte for byte
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
        assertEquals(journals.events.size(), replayed.size());
        for (int i = 0; i < replayed.size(); i++)
        {
            assertEquals(new UnsafeBuffer(replayed.get(i)), new UnsafeBuffer(journals.events.get(i)), "event " + i);
        }
        assertEquals(replay.stateHash(), pipeline.engine().stateHash());
    }

    /**
     * A gateway publishes a request's wire bytes as they came: stage 1 journals the same record, byte for
     * byte, as the command it carries encodes to, and the engine applies it like any other.
     */
    @Test
    void shouldJournalAWireRequestAsTheRecordItsCommandEncodesTo() throws Exception
    {
        start(new SettlementPipeline.Context());
        final PipelineClient system = new PipelineClient(pipeline, router, Command.SYSTEM_SUBMITTER);
        setUpMarket(system);
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[128]);
        final int block = 16; // wherever the request's block sits in the gateway's frame
        new SubmitDealEncoder().wrap(frame, block).correlationId(77).clientDealId(5).buyerId(A).sellerId(B)
            .securityId(ACME).currencyId(USD).quantity(3).cashAmount(30).settlementDate(DATE).dealType(DealType.DVP);
        final Publisher session = pipeline.publisher(99);
        assertEquals(Reason.OK, session.tryPublishWire(SubmitDealEncoder.TEMPLATE_ID, A, frame, block, SubmitDealEncoder.BLOCK_LENGTH));
        // refused before a slot is claimed, so no stale slot is published: nothing more is journaled
        assertThrows(IllegalArgumentException.class,
            () -> session.tryPublishWire(LogonEncoder.TEMPLATE_ID, A, frame, block, LogonEncoder.BLOCK_LENGTH), "not a command");
        assertThrows(IllegalArgumentException.class,
            () -> session.tryPublishWire(SubmitDealEncoder.TEMPLATE_ID, A, frame, block, SubmitDealEncoder.BLOCK_LENGTH - 1), "short");
        assertThrows(IllegalArgumentException.class, () -> session.tryPublish(new Command()), "a command without a type");
        pipeline.close();
        assertEquals(7, journals.commands.size(), "six set-up commands and the deal, nothing else");

        final Command journaled = journals.commands.get(journals.commands.size() - 1);
        final Command expected = new Command().submitDeal(A, 77, 5, A, B, ACME, USD, 3, 30, DATE, DealType.DVP);
        expected.sequence = 7; // after the six set-up commands
        expected.timestampNs = journaled.timestampNs;
        final UnsafeBuffer encoded = new UnsafeBuffer(new byte[CommandCodec.MAX_LENGTH]);
        final int length = CommandCodec.encode(expected, encoded, 0);
        assertEquals(new UnsafeBuffer(encoded.byteArray(), 0, length),
            new UnsafeBuffer(journals.commandRecords.get(journals.commandRecords.size() - 1)));
        final Event accepted = new Event();
        final byte[] last = journals.events.get(journals.events.size() - 1);
        assertTrue(EventCodec.decode(new UnsafeBuffer(last), 0, last.length, accepted));
        assertEquals(EventType.DEAL_ACCEPTED, accepted.type);
        assertEquals(5, accepted.clientDealId);
        assertEquals(77, accepted.correlationId);
    }

    @Test
    void shouldRefuseWithBusyWhenTheRingIsFullAndLoseOrDuplicateNothing() throws Exception
    {
        start(new SettlementPipeline.Context().ringSize(4));
        final PipelineClient system = new PipelineClient(pipeline, router, Command.SYSTEM_SUBMITTER);
        setUpMarket(system);
        journals.appendDelayMs = 2;
        final PipelineClient a = new PipelineClient(pipeline, router, A);

        final List<CompletableFuture<PipelineClient.Outcome>> futures = new ArrayList<>();
        final Command c = new Command();
        for (int i = 1; i <= 200; i++)
        {
            futures.add(a.send(c.submitDeal(A, 0, i, A, B, ACME, USD, 1, 10, DATE, DealType.DVP)));
        }
        final List<Long> accepted = new ArrayList<>();
        int busy = 0;
        for (final CompletableFuture<PipelineClient.Outcome> future : futures)
        {
            final PipelineClient.Outcome outcome = future.get(30, TimeUnit.SECONDS);
            if (outcome.published() == Reason.BUSY)
            {
                busy++;
                assertTrue(outcome.events().isEmpty());
            }
            else
            {
                assertEquals(Reason.OK, outcome.published());
                accepted.add(outcome.first().clientDealId);
            }
        }
        pipeline.close();

        assertTrue(busy > 0, "a 4-slot ring behind a slow journal must refuse some");
        assertTrue(!accepted.isEmpty(), "and take some");
        final List<Long> journaledDeals = new ArrayList<>();
        for (final Command journaled : journals.commands)
        {
            if (journaled.submitterId == A)
            {
                journaledDeals.add(journaled.clientDealId);
            }
        }
        assertEquals(accepted, journaledDeals, "exactly the commands the ring took, once each, in order");
        assertEquals(accepted.size(), pipeline.engine().pendingDealCount());
    }

    @Test
    void shouldStopOnAJournalFailureAndNeverApplyWhatWasNotJournaled() throws Exception
    {
        final AtomicReference<Throwable> reported = new AtomicReference<>();
        start(new SettlementPipeline.Context().onFailure(reported::set));
        final PipelineClient system = new PipelineClient(pipeline, router, Command.SYSTEM_SUBMITTER);
        setUpMarket(system);
        journals.failAtSequence = 10;
        final PipelineClient a = new PipelineClient(pipeline, router, A);

        final Command c = new Command();
        // commands 7, 8, 9 are journaled, applied and answered one by one
        for (int i = 1; i <= 3; i++)
        {
            assertEquals(EventType.DEAL_ACCEPTED,
                await(a.send(c.submitDeal(A, 0, i, A, B, ACME, USD, 1, 10, DATE, DealType.DVP))).type);
        }
        // 10 fails in the journal; it and everything queued behind it must never reach the engine
        final List<CompletableFuture<PipelineClient.Outcome>> unjournaled = new ArrayList<>();
        for (int i = 4; i <= 8; i++)
        {
            unjournaled.add(a.send(c.submitDeal(A, 0, i, A, B, ACME, USD, 1, 10, DATE, DealType.DVP)));
        }
        final long deadline = System.currentTimeMillis() + 10_000;
        while (pipeline.isAccepting() && System.currentTimeMillis() < deadline)
        {
            Thread.sleep(5);
        }
        assertNotNull(reported.get());
        assertTrue(reported.get().getMessage().contains("disk full"), reported.get().getMessage());
        assertEquals(Reason.UNAVAILABLE, a.send(c.submitDeal(A, 0, 99, A, B, ACME, USD, 1, 10, DATE, DealType.DVP))
            .get(1, TimeUnit.SECONDS).published());
        Thread.sleep(100);
        for (final CompletableFuture<PipelineClient.Outcome> future : unjournaled)
        {
            assertTrue(!future.isDone() || future.get().published() != Reason.OK, "no answer for an unjournaled command");
        }
        pipeline.close();
        assertEquals(9, journals.commands.size());
        assertEquals(9, pipeline.engine().lastSequence(), "the engine applied exactly the journaled commands");
        assertEquals(3, pipeline.engine().pendingDealCount());
    }

    @Test
    void shouldStopOnAFailedEndOfBatchEvenWhenTheFailureHandlerThrows() throws Exception
    {
        final AtomicReference<Throwable> reported = new AtomicReference<>();
        start(new SettlementPipeline.Context().onFailure(failure ->
        {
            reported.compareAndSet(null, failure);
            throw new IllegalStateException("the handler's own failure");
        }));
        final PipelineClient system = new PipelineClient(pipeline, router, Command.SYSTEM_SUBMITTER);
        setUpMarket(system);
        final PipelineClient a = new PipelineClient(pipeline, router, A);
        final Command c = new Command();
        assertEquals(EventType.DEAL_ACCEPTED, await(a.send(c.submitDeal(A, 0, 1, A, B, ACME, USD, 1, 10, DATE, DealType.DVP))).type);
        journals.failNextEndOfBatch = true;
        for (int i = 2; i <= 20; i++)
        {
            a.send(c.submitDeal(A, 0, i, A, B, ACME, USD, 1, 10, DATE, DealType.DVP));
        }
        final long deadline = System.currentTimeMillis() + 10_000;
        while (reported.get() == null && System.currentTimeMillis() < deadline)
        {
            Thread.sleep(5);
        }
        assertNotNull(reported.get());
        Thread.sleep(200); // a stage that carried on after the failure would apply the batch it could not make durable
        final int durable = journals.durableCommands;
        pipeline.close();
        assertTrue(pipeline.engine().lastSequence() <= durable,
            "applied " + pipeline.engine().lastSequence() + " commands, only " + durable + " durable");
        assertEquals(Reason.UNAVAILABLE, a.send(c.submitDeal(A, 0, 99, A, B, ACME, USD, 1, 10, DATE, DealType.DVP))
            .get(1, TimeUnit.SECONDS).published());
    }

    @Test
    void shouldRefuseToCloseFromItsOwnThreadRatherThanWaitForItself() throws Exception
    {
        start(new SettlementPipeline.Context());
        final PipelineClient system = new PipelineClient(pipeline, router, Command.SYSTEM_SUBMITTER);
        final Thread caller = Thread.currentThread();
        Throwable refused = null;
        // an outcome's callback runs on the pipeline's thread unless the outcome was complete when it was attached
        // (then on this one): try until it runs on the pipeline's
        for (int participant = 1; refused == null && participant <= 1_000; participant++)
        {
            final CompletableFuture<Throwable> closing = new CompletableFuture<>();
            system.send(new Command().createParticipant(0, 0, participant, Role.MEMBER)).thenRun(() ->
            {
                if (Thread.currentThread() == caller)
                {
                    closing.complete(null);
                    return;
                }
                try
                {
                    pipeline.close();
                    closing.complete(new AssertionError("close() on the pipeline's own thread returned"));
                }
                catch (final Throwable ex)
                {
                    closing.complete(ex);
                }
            });
            refused = closing.get(10, TimeUnit.SECONDS);
        }
        assertNotNull(refused, "no outcome's callback ran on the pipeline's thread");
        assertTrue(refused instanceof IllegalStateException && refused.getMessage().contains("own thread"), refused.toString());
        assertEquals(Reason.UNAVAILABLE, system.send(new Command().createParticipant(0, 0, 5_000, Role.MEMBER))
            .get(1, TimeUnit.SECONDS).published());
    }

    @Test
    void shouldPushSettlementsToEverySessionOfBothParties() throws Exception
    {
        start(new SettlementPipeline.Context());
        final PipelineClient system = new PipelineClient(pipeline, router, Command.SYSTEM_SUBMITTER);
        setUpMarket(system);
        final Command c = new Command();
        await(system.send(c.deposit(0, 0, A, USD, 100)));
        await(system.send(c.deposit(0, 0, B, ACME, 5)));
        final PipelineClient buyer = new PipelineClient(pipeline, router, A);
        final PipelineClient buyerSecondSession = new PipelineClient(pipeline, router, A);
        final PipelineClient seller = new PipelineClient(pipeline, router, B);
        final List<Event> pushes = new CopyOnWriteArrayList<>();
        final CountDownLatch three = new CountDownLatch(3);
        for (final PipelineClient client : List.of(buyer, buyerSecondSession, seller))
        {
            client.onPush(event ->
            {
                pushes.add(event);
                three.countDown();
            });
        }
        final long dealId = await(buyer.send(c.submitDeal(A, 0, 1, A, B, ACME, USD, 5, 100, DATE, DealType.DVP))).dealId;

        final List<Event> cycle = system.send(c.runSettlementCycle(0, 0)).get(10, TimeUnit.SECONDS).events();

        assertEquals(EventType.CYCLE_COMPLETED, cycle.get(cycle.size() - 1).type);
        assertTrue(three.await(10, TimeUnit.SECONDS), "three sessions, one push each: " + pushes);
        for (final Event push : pushes)
        {
            assertEquals(EventType.DEAL_SETTLED, push.type);
            assertEquals(dealId, push.dealId);
        }
    }

    @Test
    void shouldSnapshotAtTheConfiguredIntervalAndPublishOnlyOnceItsEventsAreJournaled() throws Exception
    {
        final List<String> steps = new CopyOnWriteArrayList<>();
        start(new SettlementPipeline.Context().snapshots(new SnapshotWriter()
        {
            @Override
            public void write(final SettlementEngine engine, final long sequence)
            {
                steps.add("write " + sequence + " after " + engine.lastSequence());
            }

            @Override
            public void publish(final long sequence)
            {
                final long journaledThrough = journals.events.isEmpty() ? 0
                    : new UnsafeBuffer(journals.events.get(journals.events.size() - 1)).getLong(io.settlement.engine.api.RecordFrame.BLOCK_OFFSET, java.nio.ByteOrder.LITTLE_ENDIAN);
                steps.add("publish " + sequence + (journaledThrough >= sequence ? "" : " BEFORE ITS EVENTS"));
            }
        }, 4));
        final PipelineClient system = new PipelineClient(pipeline, router, Command.SYSTEM_SUBMITTER);
        setUpMarket(system); // 6 commands, one at a time
        final Command c = new Command();
        for (int i = 0; i < 6; i++)
        {
            await(system.send(c.deposit(0, 0, A, USD, 1)));
        }
        pipeline.close();
        assertEquals(List.of("write 4 after 4", "publish 4", "write 8 after 8", "publish 8", "write 12 after 12", "publish 12"),
            steps);
    }

    private static void sleep(final long ms)
    {
        if (ms > 0)
        {
            try
            {
                Thread.sleep(ms);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

}
