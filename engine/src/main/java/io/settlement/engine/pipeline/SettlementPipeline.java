package io.settlement.engine.pipeline;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandType;
import io.settlement.engine.config.SettingException;
import io.settlement.engine.config.Settings;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;

/**
 * The engine behind a Disruptor ring, LMAX style:
 *
 * <pre>
 *  producers (gateway sessions, in-process clients)
 *     | tryPublish: never blocks; ring full -> BUSY, pipeline stopped -> UNAVAILABLE
 *     | the command goes into the slot as its journal record: a gateway copies the wire request's
 *     | block as it came (tryPublishWire), an in-process client's Command is encoded (tryPublish)
 *     v
 *  ring of pre-allocated {@link CommandSlot}s (multi-producer)
 *     1. journal : stamp sequence + timestamp into the record, seal it, decode it for stage 2,
 *                  append its bytes to the {@link CommandJournal} as they are; commit per batch
 *                  (a query: not journaled, stamped with the last journaled sequence)
 *     2. engine  : {@link SettlementEngine#apply}, each outcome written as it is made (after 1)
 *                  into the outcome log; then end of command, and end of batch
 *                  (a query: {@link SettlementEngine#query}, which changes nothing)
 *                  snapshot every N commands at this consistent point
 *     |
 *     v
 *  {@link OutcomeLog}: a bounded byte ring (single producer, single consumer); full -> stage 2 waits
 *     3. publish : its own thread, reading the log: append outcomes to the {@link EventJournal},
 *                  route them ({@link OutcomeRouter}), count them ({@link PipelineMetrics}), at end
 *                  of batch make the journal durable, publish the snapshot, flush the sessions
 *                  (a query's outcomes are routed, not journaled)
 * </pre>
 *
 * That is the {@link PipelineTopology#STAGED} topology, a thread per stage. In the
 * {@link PipelineTopology#SINGLE} topology one {@link PipelineAgent} does the same three steps in
 * turn, a batch at a time, on one thread (the ring's producers are unchanged).
 *
 * The slot carries no outcomes, so a settlement cycle of millions of deals streams through the log
 * in bounded chunks: stage 3 journals and delivers them while the cycle is still being applied, and
 * nothing grows with the size of a command's outcome.
 *
 * Queries ({@link io.settlement.engine.api.CommandType#isQuery()}) pass the ring in order with
 * everything else, so a session reads its own writes, but leave no trace in either journal and
 * need none for replay.
 *
 * A client therefore never hears of a command before it is journaled. Any exception in a stage is
 * fail-stop: the stage halts before the slot (stage 3: the log record) it failed on, so nothing
 * after an unjournaled command is applied and nothing after an unjournaled outcome is delivered;
 * the pipeline refuses further commands with UNAVAILABLE, and the failure is reported to
 * {@link Context#onFailure}. When stage 3 has stopped, stage 2 stops too at its next write into a
 * full log, rather than wait for ever. If stage 2 fails partway through a command, stage 3 may
 * already have journaled and delivered that command's first outcomes (never its completion): the
 * event journal then ends as after a crash in the middle of the command, which recovery handles.
 */
public final class SettlementPipeline implements CommandIntake, AutoCloseable
{
    private final Context context;
    private final SettlementEngine engine;
    /** The staged topology's stage 1 and 2 threads; null in the single topology. */
    private final Disruptor<CommandSlot> disruptor;
    /** The single topology's agent and its runner; null in the staged topology. */
    private final PipelineAgent agent;
    private final AgentRunner agentRunner;
    /** How the agent waits, when producers wake it ({@link AgentIdle}); null otherwise. */
    private final AgentIdle agentIdle;
    private final RingBuffer<CommandSlot> ring;
    private final JournalStage journalStage;
    private final EngineStage engineStage;
    private final OutcomeLog log;
    private final PipelineMetrics metrics = new PipelineMetrics();
    private final StageThreads threads = new StageThreads();
    private final PublishStage publishStage;
    private final Thread publishThread;
    private volatile boolean accepting = true;
    private volatile Throwable failure;
    /** Counted down by each stage once started (its journal appender made), or by a start failure. */
    private final CountDownLatch started = new CountDownLatch(3);

    /** @throws SettingException when a setting of {@code context} is out of range (nothing is started). */
    public SettlementPipeline(final SettlementEngine engine, final Context context)
    {
        this.engine = engine;
        this.context = context.conclude();
        log = new OutcomeLog(context.outcomeLogBytes, context.waitStrategy.idleStrategy());
        metrics.start(engine.businessDate(), engine::forEachPendingDealCurrency); // the engine is still this thread's
        engineStage = new EngineStage(engine, log, context.snapshotIntervalCommands, context.snapshotWriter, started);
        journalStage = new JournalStage(context.commandJournal, context.clock, context.initialSequence, started,
            context.topology == PipelineTopology.STAGED);
        publishStage = new PublishStage(log, context.eventJournal, context.router, context.snapshotWriter, metrics,
            context.clock, context.waitStrategy.idleStrategy(), started, this::startFailed,
            ex -> stop(new IllegalStateException("pipeline stopped in the publish stage: " + ex, ex)));
        if (context.topology == PipelineTopology.STAGED)
        {
            agent = null;
            agentRunner = null;
            agentIdle = null;
            disruptor = new Disruptor<>(
                CommandSlot::new, context.ringSize, threads, ProducerType.MULTI, context.waitStrategy.create());
            disruptor.setDefaultExceptionHandler(new FailStop());
            disruptor.handleEventsWith(journalStage).then(engineStage);
            ring = disruptor.start();
            publishThread = threads.newThread(publishStage);
            publishThread.start();
        }
        else
        {
            disruptor = null;
            publishThread = null;
            // nobody waits on the ring's barrier: the agent polls it, so producers signal no one
            ring = RingBuffer.createMultiProducer(CommandSlot::new, context.ringSize, new BusySpinWaitStrategy());
            log.readInlineWhenFull(publishStage);
            agent = new PipelineAgent(ring, journalStage, engineStage, publishStage, this::startFailed, this::stop);
            final PipelineAgent polled = agent;
            agentIdle = context.waitStrategy.parksUntilWoken() ? new AgentIdle(() -> ring.getCursor() > polled.journaledSequence()) : null;
            agentRunner = new AgentRunner(agentIdle != null ? agentIdle : context.waitStrategy.idleStrategy(), ex ->
            {
                if (!(ex instanceof AgentTerminationException))
                {
                    stop(new IllegalStateException("pipeline stopped: " + ex, ex));
                }
            }, null, agent);
            AgentRunner.startOnThread(agentRunner, threads);
        }
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
            halt();
            throw new IllegalStateException("pipeline failed to start: " + failure.getMessage(), failure);
        }
    }

    /**
     * A producer for one session: its {@link Publisher#tryPublish} stamps the session on each command
     * so the router can send the outcomes back. Thread-safe (it holds nothing mutable).
     */
    @Override
    public Publisher publisher(final long sessionId)
    {
        return new Publisher(this, ring, sessionId);
    }

    @Override
    public boolean isAccepting()
    {
        return accepting;
    }

    /** After a command is published into the ring: wakes the single topology's agent if it parks. */
    void published()
    {
        if (agentIdle != null)
        {
            agentIdle.wake();
        }
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

    // ------------------------------------------------------------------ for an exporter (any thread)

    /** The counters stage 3 keeps of what passes through (commands, deals by currency, latency). */
    public PipelineMetrics metrics()
    {
        return metrics;
    }

    /** Slots in the ring. */
    public int ringSize()
    {
        return context.ringSize;
    }

    /** The ring sequence of the last command published into the ring (-1 before the first). */
    public long publishedSequence()
    {
        return ring.getCursor();
    }

    /** The ring sequence of the last command stage 1 has journaled (or stamped, for a query). */
    public long journalStageSequence()
    {
        return agent != null ? agent.journaledSequence() : disruptor.getSequenceValueFor(journalStage);
    }

    /** The ring sequence of the last command stage 2 has applied; its slot, and those before it, are free. */
    public long engineStageSequence()
    {
        return agent != null ? agent.appliedSequence() : disruptor.getSequenceValueFor(engineStage);
    }

    /** The topology running the stages. */
    public PipelineTopology topology()
    {
        return context.topology;
    }

    /** Bytes of outcomes stage 2 has written and stage 3 not yet read (a hint: both sides move). */
    public int outcomeLogBytes()
    {
        return log.size();
    }

    public int outcomeLogCapacity()
    {
        return log.capacity();
    }

    /** The names of the stage threads that have ended (none while the pipeline runs). */
    public java.util.List<String> stoppedStageThreads()
    {
        return threads.stopped();
    }

    /**
     * Stops accepting, lets every queued command through all three stages (the outcome log drained,
     * the event journal's last batch made durable), then stops the stage threads, all within
     * {@link Context#shutdownTimeoutMs}. After a failure it only stops them. Idempotent.
     *
     * @throws IllegalStateException when the stages did not drain in time (they are stopped anyway).
     */
    @Override
    public void close()
    {
        if (threads.isOwn(Thread.currentThread()))
        {
            accepting = false;
            throw new IllegalStateException("close() called on the pipeline's own thread " + Thread.currentThread().getName()
                + " (from a failure handler or an outcome's callback) would wait for that thread itself: close it from another thread");
        }
        accepting = false;
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(context.shutdownTimeoutMs);
        final boolean drained = awaitQuiet(() -> engineStageSequence() >= ring.getCursor(), deadlineNs)
            && awaitQuiet(log::isDrained, deadlineNs);
        halt();
        awaitPublishThread(deadlineNs);
        if (!drained && failure == null)
        {
            throw new IllegalStateException("pipeline did not drain within " + context.shutdownTimeoutMs + " ms");
        }
    }

    /** @return true once {@code quiet} holds; false on a failure or at the deadline. */
    private boolean awaitQuiet(final java.util.function.BooleanSupplier quiet, final long deadlineNs)
    {
        while (failure == null)
        {
            if (quiet.getAsBoolean())
            {
                return true;
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
        }
        return false;
    }

    /** Stops every stage thread where it is (a stage 2 waiting on a full log gives up; the agent ends its duty cycle). */
    private void halt()
    {
        if (agentRunner != null)
        {
            agentRunner.close();
            return;
        }
        disruptor.halt();
        publishStage.stop();
    }

    private void awaitPublishThread(final long deadlineNs)
    {
        if (publishThread == null)
        {
            return;
        }
        try
        {
            publishThread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime())));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ stages

    /** Any exception stops the pipeline: record it, refuse new commands, halt the failing stage. */
    private final class FailStop implements ExceptionHandler<CommandSlot>
    {
        @Override
        public void handleEventException(final Throwable ex, final long ringSequence, final CommandSlot slot)
        {
            stop(new IllegalStateException("pipeline stopped at " + slot + ": " + ex, ex));
            throw new IllegalStateException(ex);
        }

        @Override
        public void handleOnStartException(final Throwable ex)
        {
            startFailed(ex);
            throw new IllegalStateException(ex);
        }

        @Override
        public void handleOnShutdownException(final Throwable ex)
        {
            stop(new IllegalStateException("pipeline stage failed to shut down: " + ex, ex));
        }
    }

    private void startFailed(final Throwable ex)
    {
        stop(new IllegalStateException("pipeline stage failed to start: " + ex, ex));
        while (started.getCount() > 0)
        {
            started.countDown();
        }
    }

    /**
     * Fail-stop on a failure of a part the pipeline hands work to on another thread (the snapshot store's
     * writer): new commands are refused UNAVAILABLE and {@link Context#onFailure} is told, as when a stage fails.
     */
    public void failStop(final Throwable cause)
    {
        stop(cause);
    }

    /** Fail-stop: record the first failure, refuse new commands, tell {@link Context#onFailure}. */
    private synchronized void stop(final Throwable cause)
    {
        accepting = false;
        if (failure == null)
        {
            failure = cause;
            context.onFailure.accept(cause);
        }
    }

    // ------------------------------------------------------------------ settings

    /**
     * The pipeline's context: its settings, with defaults that behave on a 2-core machine, and its
     * wiring (journals, router, snapshot writer, clock, failure handler: objects, given by whoever
     * assembles the pipeline, a {@code SettlementNode} say). None of its settings shapes an outcome.
     *
     * <table>
     *   <caption>settings</caption>
     *   <tr><th>property</th><th>default</th><th>range</th></tr>
     *   <tr><td>{@value #RING_SIZE_PROP_NAME}</td><td>16384</td><td>a power of two, 1 to 2^30</td></tr>
     *   <tr><td>{@value #WAIT_STRATEGY_PROP_NAME}</td><td>SLEEPING</td><td>{@link WaitStrategyKind}</td></tr>
     *   <tr><td>{@value #SNAPSHOT_INTERVAL_COMMANDS_PROP_NAME}</td><td>1000000</td><td>0 (never) to 2^63-1</td></tr>
     *   <tr><td>{@value #SHUTDOWN_TIMEOUT_MS_PROP_NAME}</td><td>30000</td><td>1 to 3600000</td></tr>
     *   <tr><td>{@value #OUTCOME_LOG_BYTES_PROP_NAME}</td><td>4194304</td><td>a power of two, 4096 to 2^30</td></tr>
     *   <tr><td>{@value #TOPOLOGY_PROP_NAME}</td><td>SINGLE below 4 processors, else STAGED</td><td>{@link PipelineTopology}</td></tr>
     * </table>
     *
     * A new context reads the system properties; setters override them; {@link #conclude()} (called
     * by the pipeline's constructor) checks every setting.
     */
    public static final class Context
    {
        /** Slots in the ring. */
        public static final String RING_SIZE_PROP_NAME = "settlement.pipeline.ring-size";
        public static final int RING_SIZE_DEFAULT = 16 * 1024;
        public static final int RING_SIZE_MIN = 1;
        public static final int RING_SIZE_MAX = 1 << 30;

        /** How idle stage threads wait. */
        public static final String WAIT_STRATEGY_PROP_NAME = "settlement.pipeline.wait-strategy";
        public static final WaitStrategyKind WAIT_STRATEGY_DEFAULT = WaitStrategyKind.SLEEPING;

        /** A snapshot after every N commands (0: never; with no snapshot writer, none is written anyway). */
        public static final String SNAPSHOT_INTERVAL_COMMANDS_PROP_NAME = "settlement.pipeline.snapshot-interval-commands";
        public static final long SNAPSHOT_INTERVAL_COMMANDS_DEFAULT = 1_000_000;
        public static final long SNAPSHOT_INTERVAL_COMMANDS_MIN = 0;
        public static final long SNAPSHOT_INTERVAL_COMMANDS_MAX = Long.MAX_VALUE;

        /** How long starting the stage threads, and draining the ring on close, may take. */
        public static final String SHUTDOWN_TIMEOUT_MS_PROP_NAME = "settlement.pipeline.shutdown-timeout-ms";
        public static final long SHUTDOWN_TIMEOUT_MS_DEFAULT = 30_000;
        public static final long SHUTDOWN_TIMEOUT_MS_MIN = 1;
        public static final long SHUTDOWN_TIMEOUT_MS_MAX = 3_600_000;

        /**
         * Bytes in the outcome log between stage 2 and stage 3 (off the heap, allocated once). The
         * default, 4 MiB, holds about 33,000 outcomes (a DEAL_SETTLED is 101 bytes, plus 24 of log
         * headers; no event is longer than 134, an INSTRUMENT_LINE with its name): twice what a full ring of ordinary commands gives
         * (16384 commands of one outcome each), so stage 2 waits on the log only behind a command
         * with a huge outcome (a settlement cycle, an export), which then streams through in chunks
         * of that size; and small enough to stay mostly in cache. A bigger log does not speed a
         * cycle up: stage 3 sets its pace.
         */
        public static final String OUTCOME_LOG_BYTES_PROP_NAME = "settlement.pipeline.outcome-log-bytes";
        public static final int OUTCOME_LOG_BYTES_DEFAULT = 4 * 1024 * 1024;
        /** An eighth of it is the longest record, which must hold the longest event and its header. */
        public static final int OUTCOME_LOG_BYTES_MIN = 4096;
        public static final int OUTCOME_LOG_BYTES_MAX = 1 << 30;

        /**
         * How many threads run the stages: {@link PipelineTopology#STAGED} (a thread per stage) or
         * {@link PipelineTopology#SINGLE} (one agent). The default follows the machine: SINGLE below
         * {@value PipelineTopology#STAGED_MIN_PROCESSORS} available processors, else STAGED.
         */
        public static final String TOPOLOGY_PROP_NAME = "settlement.pipeline.topology";

        /** Every property this context reads. */
        public static final java.util.List<String> PROPERTY_NAMES = java.util.List.of(
            RING_SIZE_PROP_NAME, WAIT_STRATEGY_PROP_NAME, SNAPSHOT_INTERVAL_COMMANDS_PROP_NAME, SHUTDOWN_TIMEOUT_MS_PROP_NAME,
            OUTCOME_LOG_BYTES_PROP_NAME, TOPOLOGY_PROP_NAME);

        int ringSize = RING_SIZE_DEFAULT;
        WaitStrategyKind waitStrategy = WAIT_STRATEGY_DEFAULT;
        long snapshotIntervalCommands = SNAPSHOT_INTERVAL_COMMANDS_DEFAULT;
        long shutdownTimeoutMs = SHUTDOWN_TIMEOUT_MS_DEFAULT;
        int outcomeLogBytes = OUTCOME_LOG_BYTES_DEFAULT;
        PipelineTopology topology = PipelineTopology.forProcessors(Runtime.getRuntime().availableProcessors());
        CommandJournal commandJournal = CommandJournal.NONE;
        EventJournal eventJournal = EventJournal.NONE;
        OutcomeRouter router = OutcomeRouter.NONE;
        SnapshotWriter snapshotWriter = SnapshotWriter.NONE;
        long initialSequence;
        EpochNanoClock clock = new OffsetEpochNanoClock();
        java.util.function.Consumer<Throwable> onFailure = failure -> {};

        /** The defaults, overridden by any of {@link #PROPERTY_NAMES} given as a system property. */
        public Context()
        {
            this(System::getProperty);
        }

        /** The defaults, overridden by any of {@link #PROPERTY_NAMES} that {@code properties} gives. */
        public Context(final java.util.function.UnaryOperator<String> properties)
        {
            Settings.read(PROPERTY_NAMES, properties, this::set);
        }

        /**
         * Sets one setting by its property name, from text.
         *
         * @throws SettingException for text that is not a value of the setting's type, or an unknown name.
         */
        public Context set(final String property, final String value)
        {
            switch (property)
            {
                case RING_SIZE_PROP_NAME -> ringSize(Settings.parseInt(property, value, RING_SIZE_MIN, RING_SIZE_MAX));
                case WAIT_STRATEGY_PROP_NAME -> waitStrategy(Settings.parseEnum(property, value, WaitStrategyKind.class));
                case SNAPSHOT_INTERVAL_COMMANDS_PROP_NAME -> snapshotIntervalCommands(Settings.parseLong(property, value));
                case SHUTDOWN_TIMEOUT_MS_PROP_NAME -> shutdownTimeoutMs(Settings.parseLong(property, value));
                case OUTCOME_LOG_BYTES_PROP_NAME -> outcomeLogBytes(
                    Settings.parseInt(property, value, OUTCOME_LOG_BYTES_MIN, OUTCOME_LOG_BYTES_MAX));
                case TOPOLOGY_PROP_NAME -> topology(Settings.parseEnum(property, value, PipelineTopology.class));
                default -> throw new SettingException(property, value, "is not a pipeline setting");
            }
            return this;
        }

        /**
         * Checks every setting.
         *
         * @throws SettingException naming the first setting out of range, its value and the range.
         */
        public Context conclude()
        {
            Settings.checkPowerOfTwo(RING_SIZE_PROP_NAME, ringSize, RING_SIZE_MIN, RING_SIZE_MAX);
            Settings.checkGiven(WAIT_STRATEGY_PROP_NAME, waitStrategy);
            Settings.checkRange(SNAPSHOT_INTERVAL_COMMANDS_PROP_NAME, snapshotIntervalCommands,
                SNAPSHOT_INTERVAL_COMMANDS_MIN, SNAPSHOT_INTERVAL_COMMANDS_MAX);
            Settings.checkRange(SHUTDOWN_TIMEOUT_MS_PROP_NAME, shutdownTimeoutMs, SHUTDOWN_TIMEOUT_MS_MIN,
                SHUTDOWN_TIMEOUT_MS_MAX);
            Settings.checkPowerOfTwo(OUTCOME_LOG_BYTES_PROP_NAME, outcomeLogBytes, OUTCOME_LOG_BYTES_MIN, OUTCOME_LOG_BYTES_MAX);
            Settings.checkGiven(TOPOLOGY_PROP_NAME, topology);
            return this;
        }

        /** {@value #RING_SIZE_PROP_NAME}: slots in the ring, a power of two (default 16384). */
        public Context ringSize(final int slots)
        {
            ringSize = slots;
            return this;
        }

        public int ringSize()
        {
            return ringSize;
        }

        /** {@value #WAIT_STRATEGY_PROP_NAME}: how idle stage threads wait (default SLEEPING). */
        public Context waitStrategy(final WaitStrategyKind kind)
        {
            waitStrategy = kind;
            return this;
        }

        public WaitStrategyKind waitStrategy()
        {
            return waitStrategy;
        }

        /** {@value #SNAPSHOT_INTERVAL_COMMANDS_PROP_NAME}: a snapshot after every N commands (0: never; default 1,000,000). */
        public Context snapshotIntervalCommands(final long intervalCommands)
        {
            snapshotIntervalCommands = intervalCommands;
            return this;
        }

        public long snapshotIntervalCommands()
        {
            return snapshotIntervalCommands;
        }

        /** {@value #SHUTDOWN_TIMEOUT_MS_PROP_NAME}: the longest wait for the stages to start, or the ring to drain on close (default 30 s). */
        public Context shutdownTimeoutMs(final long timeoutMs)
        {
            shutdownTimeoutMs = timeoutMs;
            return this;
        }

        public long shutdownTimeoutMs()
        {
            return shutdownTimeoutMs;
        }

        /** {@value #OUTCOME_LOG_BYTES_PROP_NAME}: bytes in the outcome log, a power of two (default 4 MiB). */
        public Context outcomeLogBytes(final int bytes)
        {
            outcomeLogBytes = bytes;
            return this;
        }

        public int outcomeLogBytes()
        {
            return outcomeLogBytes;
        }

        /** {@value #TOPOLOGY_PROP_NAME}: a thread per stage, or one agent (default: by the machine's processors). */
        public Context topology(final PipelineTopology threads)
        {
            topology = threads;
            return this;
        }

        public PipelineTopology topology()
        {
            return topology;
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

        /** Where snapshots go (default none). */
        public Context snapshotWriter(final SnapshotWriter writer)
        {
            snapshotWriter = writer;
            return this;
        }

        /** Snapshots to {@code writer} after every {@code intervalCommands} commands (0: never). */
        public Context snapshots(final SnapshotWriter writer, final long intervalCommands)
        {
            return snapshotWriter(writer).snapshotIntervalCommands(intervalCommands);
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

        /** Told once, on the thread that failed, when the pipeline stops on a failure. */
        public Context onFailure(final java.util.function.Consumer<Throwable> handler)
        {
            onFailure = handler;
            return this;
        }
    }
}
