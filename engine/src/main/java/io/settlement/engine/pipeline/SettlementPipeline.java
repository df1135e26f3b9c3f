package io.settlement.engine.pipeline;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.EventTranslatorOneArg;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.Reason;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;

/**
 * The engine behind a Disruptor ring, LMAX style:
 *
 * <pre>
 *  producers (gateway sessions, in-process clients)
 *     | tryPublish: never blocks; ring full -> BUSY, pipeline stopped -> UNAVAILABLE
 *     v
 *  ring of pre-allocated {@link CommandSlot}s (multi-producer)
 *     1. journal : stamp sequence + timestamp, append to the {@link CommandJournal}; commit per batch
 *                  (a query: not journaled, stamped with the last journaled sequence)
 *     2. engine  : {@link SettlementEngine#apply} into the slot's outcome buffer   (after 1)
 *                  (a query: {@link SettlementEngine#query}, which changes nothing)
 *                  snapshot every N commands at this consistent point
 *     3. publish : append outcomes to the {@link EventJournal}, route them
 *                  ({@link OutcomeRouter}), flush per batch                         (after 2)
 *                  (a query's outcomes are routed, not journaled)
 * </pre>
 *
 * Queries ({@link io.settlement.engine.api.CommandType#isQuery()}) pass the ring in order with
 * everything else, so a session reads its own writes, but leave no trace in either journal and
 * need none for replay.
 *
 * A client therefore never hears of a command before it is journaled. Any exception in a stage is
 * fail-stop: the stage halts before the slot it failed on (so nothing after an unjournaled command
 * is applied), the pipeline refuses further commands with UNAVAILABLE, and the failure is reported
 * to {@link Context#onFailure}.
 */
public final class SettlementPipeline implements AutoCloseable
{
    private final Context context;
    private final SettlementEngine engine;
    private final Disruptor<CommandSlot> disruptor;
    private final RingBuffer<CommandSlot> ring;
    private volatile boolean accepting = true;
    private volatile Throwable failure;
    /** Counted down by each stage once started (its journal appender made), or by a start failure. */
    private final CountDownLatch started = new CountDownLatch(3);

    public SettlementPipeline(final SettlementEngine engine, final Context context)
    {
        this.engine = engine;
        this.context = context;
        disruptor = new Disruptor<>(
            CommandSlot::new, context.ringSize, new StageThreads(), ProducerType.MULTI, context.waitStrategy.create());
        disruptor.setDefaultExceptionHandler(new FailStop());
        disruptor
            .handleEventsWith(new JournalStage(context.commandJournal, context.clock, context.initialSequence, started))
            .then(new EngineStage())
            .then(new PublishStage(context.eventJournal, context.router, context.snapshotWriter, started));
        ring = disruptor.start();
        awaitStages();
    }

    /** Returns once every stage thread runs (so a close right after start finds them all), or throws. */
    private void awaitStages()
    {
        try
        {
            if (!started.await(context.shutdownTimeoutMs, TimeUnit.MILLISECONDS))
            {
                throw new IllegalStateException("pipeline stages did not start within " + context.shutdownTimeoutMs + " ms");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the pipeline", ex);
        }
        if (failure != null)
        {
            disruptor.halt();
            throw new IllegalStateException("pipeline failed to start: " + failure.getMessage(), failure);
        }
    }

    /**
     * A producer for one session: its {@link Publisher#tryPublish} stamps the session on each command
     * so the router can send the outcomes back. Thread-safe (it holds nothing mutable).
     */
    public Publisher publisher(final long sessionId)
    {
        return new Publisher(sessionId);
    }

    /** Offers commands to the ring without ever blocking; see {@link #tryPublish}. */
    public final class Publisher implements EventTranslatorOneArg<CommandSlot, Command>
    {
        private final long sessionId;

        private Publisher(final long sessionId)
        {
            this.sessionId = sessionId;
        }

        public long sessionId()
        {
            return sessionId;
        }

        /**
         * @return OK when queued (the command was copied into a slot); BUSY when the ring is full
         * (nothing was queued: try later); UNAVAILABLE when the pipeline has stopped.
         */
        public Reason tryPublish(final Command command)
        {
            if (!accepting)
            {
                return Reason.UNAVAILABLE;
            }
            return ring.tryPublishEvent(this, command) ? Reason.OK : Reason.BUSY;
        }

        @Override
        public void translateTo(final CommandSlot slot, final long ringSequence, final Command command)
        {
            slot.command.copyFrom(command);
            slot.sessionId = sessionId;
        }
    }

    public boolean isAccepting()
    {
        return accepting;
    }

    /** The failure that stopped the pipeline, or null. */
    public Throwable failure()
    {
        return failure;
    }

    /** The engine, for reading only after {@link #close()} (it belongs to the engine thread while running). */
    public SettlementEngine engine()
    {
        return engine;
    }

    /** Free slots in the ring right now (a hint: other producers race for them). */
    public long remainingCapacity()
    {
        return ring.remainingCapacity();
    }

    /**
     * Stops accepting, lets every queued command through all three stages, then stops the stage
     * threads. Idempotent.
     */
    @Override
    public void close()
    {
        accepting = false;
        if (failure != null)
        {
            disruptor.halt();
            return;
        }
        try
        {
            disruptor.shutdown(context.shutdownTimeoutMs, TimeUnit.MILLISECONDS);
        }
        catch (final TimeoutException ex)
        {
            disruptor.halt();
            throw new IllegalStateException("pipeline did not drain within " + context.shutdownTimeoutMs + " ms", ex);
        }
    }

    // ------------------------------------------------------------------ stages

    /** Stage 1: stamp and journal. */
    private static final class JournalStage implements EventHandler<CommandSlot>
    {
        private final CommandJournal journal;
        private final EpochNanoClock clock;
        private final CountDownLatch started;
        private long sequence;

        JournalStage(
            final CommandJournal journal, final EpochNanoClock clock, final long initialSequence,
            final CountDownLatch started)
        {
            this.journal = journal;
            this.clock = clock;
            this.sequence = initialSequence;
            this.started = started;
        }

        @Override
        public void onStart()
        {
            journal.onStart();
            started.countDown();
        }

        @Override
        public void onEvent(final CommandSlot slot, final long ringSequence, final boolean endOfBatch)
        {
            final Command command = slot.command;
            command.timestampNs = clock.nanoTime();
            if (command.type.isQuery())
            {
                command.sequence = sequence; // the state it reads: as of the last journaled command
            }
            else
            {
                command.sequence = ++sequence;
                journal.append(command);
            }
            if (endOfBatch)
            {
                journal.endOfBatch();
            }
        }
    }

    /** Stage 2: apply, after stage 1 has made the command durable. */
    private final class EngineStage implements EventHandler<CommandSlot>
    {
        @Override
        public void onStart()
        {
            started.countDown();
        }

        @Override
        public void onEvent(final CommandSlot slot, final long ringSequence, final boolean endOfBatch) throws Exception
        {
            slot.clearOutcomes();
            if (slot.command.type.isQuery())
            {
                engine.query(slot.command, slot);
                return;
            }
            engine.apply(slot.command, slot);
            final long sequence = slot.command.sequence;
            if (context.snapshotIntervalCommands > 0 && sequence % context.snapshotIntervalCommands == 0)
            {
                context.snapshotWriter.write(engine, sequence);
                slot.snapshotWritten = true;
            }
        }
    }

    /** Stage 3: journal the outcomes, then deliver them. */
    private static final class PublishStage implements EventHandler<CommandSlot>
    {
        private final EventJournal journal;
        private final OutcomeRouter router;
        private final SnapshotWriter snapshots;
        private final CountDownLatch started;
        private long snapshotToPublish = -1;

        PublishStage(
            final EventJournal journal, final OutcomeRouter router, final SnapshotWriter snapshots,
            final CountDownLatch started)
        {
            this.journal = journal;
            this.router = router;
            this.snapshots = snapshots;
            this.started = started;
        }

        @Override
        public void onStart()
        {
            journal.onStart();
            started.countDown();
        }

        @Override
        public void onEvent(final CommandSlot slot, final long ringSequence, final boolean endOfBatch) throws Exception
        {
            if (!slot.command.type.isQuery())
            {
                final int length = slot.outcomesLength();
                int offset = 0;
                while (offset < length)
                {
                    final int eventLength = EventCodec.encodedLength(slot.outcomes(), offset);
                    journal.append(slot.outcomes(), offset, eventLength);
                    offset += eventLength;
                }
            }
            router.onOutcomes(slot);
            if (slot.snapshotWritten)
            {
                snapshotToPublish = slot.command.sequence;
            }
            if (endOfBatch)
            {
                journal.endOfBatch();
                if (snapshotToPublish > 0)
                {
                    snapshots.publish(snapshotToPublish); // its events are journaled now
                    snapshotToPublish = -1;
                }
                router.endOfBatch();
            }
        }
    }

    /** Any exception stops the pipeline: record it, refuse new commands, halt the failing stage. */
    private final class FailStop implements ExceptionHandler<CommandSlot>
    {
        @Override
        public void handleEventException(final Throwable ex, final long ringSequence, final CommandSlot slot)
        {
            stop(new IllegalStateException("pipeline stopped at " + slot.command + ": " + ex, ex));
            throw new IllegalStateException(ex);
        }

        @Override
        public void handleOnStartException(final Throwable ex)
        {
            stop(new IllegalStateException("pipeline stage failed to start: " + ex, ex));
            while (started.getCount() > 0)
            {
                started.countDown();
            }
            throw new IllegalStateException(ex);
        }

        @Override
        public void handleOnShutdownException(final Throwable ex)
        {
            stop(new IllegalStateException("pipeline stage failed to shut down: " + ex, ex));
        }

        private void stop(final Throwable cause)
        {
            accepting = false;
            if (failure == null)
            {
                failure = cause;
                context.onFailure.accept(cause);
            }
        }
    }

    private static final class StageThreads implements ThreadFactory
    {
        private static final String[] NAMES = {"settlement-1-journal", "settlement-2-engine", "settlement-3-publish"};
        private final AtomicInteger next = new AtomicInteger();

        @Override
        public Thread newThread(final Runnable runnable)
        {
            final int i = next.getAndIncrement();
            final Thread thread = new Thread(runnable, i < NAMES.length ? NAMES[i] : "settlement-stage-" + i);
            thread.setDaemon(true);
            return thread;
        }
    }

    // ------------------------------------------------------------------ settings

    /** The pipeline's settings, with defaults that behave on a 2-core machine. */
    public static final class Context
    {
        int ringSize = 16 * 1024;
        WaitStrategyKind waitStrategy = WaitStrategyKind.SLEEPING;
        CommandJournal commandJournal = CommandJournal.NONE;
        EventJournal eventJournal = EventJournal.NONE;
        OutcomeRouter router = OutcomeRouter.NONE;
        SnapshotWriter snapshotWriter = SnapshotWriter.NONE;
        long snapshotIntervalCommands;
        long initialSequence;
        EpochNanoClock clock = new OffsetEpochNanoClock();
        long shutdownTimeoutMs = 30_000;
        java.util.function.Consumer<Throwable> onFailure = failure -> {};

        /** Slots in the ring, a power of two (default 16384). */
        public Context ringSize(final int slots)
        {
            if (Integer.bitCount(slots) != 1)
            {
                throw new IllegalArgumentException("ring size must be a power of two: " + slots);
            }
            ringSize = slots;
            return this;
        }

        /** How idle stage threads wait (default SLEEPING). */
        public Context waitStrategy(final WaitStrategyKind kind)
        {
            waitStrategy = kind;
            return this;
        }

        public Context commandJournal(final CommandJournal journal)
        {
            commandJournal = journal;
            return this;
        }

        public Context eventJournal(final EventJournal journal)
        {
            eventJournal = journal;
            return this;
        }

        public Context router(final OutcomeRouter outcomeRouter)
        {
            router = outcomeRouter;
            return this;
        }

        /** Snapshot after every {@code intervalCommands} commands (0: never). */
        public Context snapshots(final SnapshotWriter writer, final long intervalCommands)
        {
            snapshotWriter = writer;
            snapshotIntervalCommands = intervalCommands;
            return this;
        }

        /** The sequence of the last command already in the journal (recovery); the next gets one more. */
        public Context initialSequence(final long sequence)
        {
            initialSequence = sequence;
            return this;
        }

        public Context clock(final EpochNanoClock epochNanoClock)
        {
            clock = epochNanoClock;
            return this;
        }

        public Context shutdownTimeoutMs(final long timeoutMs)
        {
            shutdownTimeoutMs = timeoutMs;
            return this;
        }

        /** Told once, on the thread that failed, when the pipeline stops on a failure. */
        public Context onFailure(final java.util.function.Consumer<Throwable> handler)
        {
            onFailure = handler;
            return this;
        }
    }
}
