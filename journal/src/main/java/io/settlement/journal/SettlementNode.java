package io.settlement.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.config.SettingException;
import io.settlement.engine.config.Settings;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.engine.pipeline.PipelineTopology;
import io.settlement.engine.pipeline.SessionRouter;
import io.settlement.engine.pipeline.SettlementPipeline;
import io.settlement.engine.pipeline.WaitStrategyKind;

/**
 * An engine with its journals on disk: locks a data directory ({@link DataDirectoryLock}: one node
 * per directory), recovers the state from it, then runs the pipeline (journal, engine, publish) with
 * Chronicle journals, periodic snapshots and a session router. Closing drains the ring, writes a
 * final snapshot, closes the journals and releases the lock.
 *
 * <pre>
 *   try (SettlementNode node = SettlementNode.start(new SettlementNode.Config(dir)))
 *   {
 *       PipelineClient client = node.client(participantId);
 *       ...
 *   }
 * </pre>
 */
public final class SettlementNode implements AutoCloseable
{
    /**
     * The node's context: its own settings, the engine's ({@link EngineConfig}) and the pipeline's
     * ({@link SettlementPipeline.Context}: ring size, wait strategy, snapshot interval, shutdown
     * timeout, outcome log size), with the log and the failure handler. None of its settings shapes an outcome.
     *
     * <table>
     *   <caption>settings</caption>
     *   <tr><th>property</th><th>default</th><th>range</th></tr>
     *   <tr><td>{@value #SNAPSHOTS_KEPT_PROP_NAME}</td><td>2</td><td>1 to 1000</td></tr>
     *   <tr><td>{@value #DURABILITY_PROP_NAME}</td><td>synced</td><td>{@link Durability}: synced, unsynced</td></tr>
     *   <tr><td>{@value #SNAPSHOT_FOLLOWER_PROP_NAME}</td><td>true</td><td>true, false</td></tr>
     * </table>
     *
     * The data directory is given to the constructor and {@link #truncateDamagedTail} is chosen per
     * start (a repair is the operator's decision each time): neither has a property. A new context
     * reads the system properties (its own, the engine's and the pipeline's); setters override them;
     * {@link #conclude()} (called by {@link SettlementNode#start}) checks every setting before the
     * directory is touched.
     */
    public static final class Config
    {
        /** Snapshots kept in the data directory (older ones are deleted once a newer one is published). */
        public static final String SNAPSHOTS_KEPT_PROP_NAME = "settlement.node.snapshots-kept";
        public static final int SNAPSHOTS_KEPT_DEFAULT = 2;
        public static final int SNAPSHOTS_KEPT_MIN = 1;
        public static final int SNAPSHOTS_KEPT_MAX = 1000;

        /** What an acknowledgement promises: msynced per batch (group commit, the default), or not ({@link Durability}). */
        public static final String DURABILITY_PROP_NAME = "settlement.node.durability";
        public static final Durability DURABILITY_DEFAULT = Durability.SYNCED;

        /** The property {@link #DURABILITY_PROP_NAME} replaced: refused, naming its successor, so that no setting is silently dropped. */
        public static final String SYNC_EVERY_BATCH_PROP_NAME = "settlement.node.sync-every-batch";

        /**
         * Snapshots taken of a second engine that follows the command journal on the snapshot thread, so
         * that taking one never holds the engine thread (each command is applied twice, and the state
         * takes twice the memory); false: serialised on the engine thread, which waits as long as that takes.
         */
        public static final String SNAPSHOT_FOLLOWER_PROP_NAME = "settlement.node.snapshot-follower";
        public static final boolean SNAPSHOT_FOLLOWER_DEFAULT = true;

        /** Every property this context reads itself (the engine's and the pipeline's are read by theirs). */
        public static final List<String> PROPERTY_NAMES = List.of(
            SNAPSHOTS_KEPT_PROP_NAME, DURABILITY_PROP_NAME, SYNC_EVERY_BATCH_PROP_NAME, SNAPSHOT_FOLLOWER_PROP_NAME);

        final Path dataDirectory;
        EngineConfig engine;
        final SettlementPipeline.Context pipeline;
        int snapshotsKept = SNAPSHOTS_KEPT_DEFAULT;
        Durability durability = DURABILITY_DEFAULT;
        boolean snapshotFollower = SNAPSHOT_FOLLOWER_DEFAULT;
        boolean truncateDamagedTail;
        Consumer<String> log = System.err::println;
        Consumer<Throwable> onFailure = failure -> {};

        /** The defaults, overridden by any property given as a system property. */
        public Config(final Path dataDirectory)
        {
            this(dataDirectory, System::getProperty);
        }

        /** The defaults, overridden by any property (the node's, the engine's, the pipeline's) that {@code properties} gives. */
        public Config(final Path dataDirectory, final UnaryOperator<String> properties)
        {
            this.dataDirectory = dataDirectory;
            engine = new EngineConfig(properties);
            pipeline = new SettlementPipeline.Context(properties);
            Settings.read(PROPERTY_NAMES, properties, this::set);
        }

        /**
         * Sets one of the node's own settings by its property name, from text.
         *
         * @throws SettingException for text that is not a value of the setting's type, or an unknown name.
         */
        public Config set(final String property, final String value)
        {
            switch (property)
            {
                case SNAPSHOTS_KEPT_PROP_NAME -> snapshotsKept(Settings.parseInt(property, value, SNAPSHOTS_KEPT_MIN, SNAPSHOTS_KEPT_MAX));
                case DURABILITY_PROP_NAME -> durability(Settings.parseEnum(property, value, Durability.class));
                case SYNC_EVERY_BATCH_PROP_NAME -> throw new SettingException(property, value, "is no longer read: set "
                    + DURABILITY_PROP_NAME + "=synced (msync per batch, the default now) or " + DURABILITY_PROP_NAME + "=unsynced");
                case SNAPSHOT_FOLLOWER_PROP_NAME -> snapshotFollower(Settings.parseBoolean(property, value));
                default -> throw new SettingException(property, value, "is not a node setting");
            }
            return this;
        }

        /**
         * Checks every setting: the node's, the engine's and the pipeline's.
         *
         * @throws SettingException naming the first setting out of range, its value and the range.
         */
        public Config conclude()
        {
            Settings.checkGiven("data directory", dataDirectory);
            Settings.checkRange(SNAPSHOTS_KEPT_PROP_NAME, snapshotsKept, SNAPSHOTS_KEPT_MIN, SNAPSHOTS_KEPT_MAX);
            Settings.checkGiven(DURABILITY_PROP_NAME, durability);
            Settings.checkGiven("engine", engine);
            engine.conclude();
            pipeline.conclude();
            return this;
        }

        public Config engine(final EngineConfig config)
        {
            engine = config;
            return this;
        }

        public EngineConfig engine()
        {
            return engine;
        }

        /** The pipeline's context, for its settings (the node wires its journals, router and snapshots itself). */
        public SettlementPipeline.Context pipeline()
        {
            return pipeline;
        }

        /** The pipeline's {@value SettlementPipeline.Context#RING_SIZE_PROP_NAME}. */
        public Config ringSize(final int slots)
        {
            pipeline.ringSize(slots);
            return this;
        }

        /** The pipeline's {@value SettlementPipeline.Context#WAIT_STRATEGY_PROP_NAME}. */
        public Config waitStrategy(final WaitStrategyKind kind)
        {
            pipeline.waitStrategy(kind);
            return this;
        }

        /**
         * The pipeline's {@value SettlementPipeline.Context#SNAPSHOT_INTERVAL_COMMANDS_PROP_NAME}: a snapshot
         * every N commands (0: only the final one on close). Default one million.
         */
        public Config snapshotIntervalCommands(final long commands)
        {
            pipeline.snapshotIntervalCommands(commands);
            return this;
        }

        /** {@value #SNAPSHOTS_KEPT_PROP_NAME} (default 2). */
        public Config snapshotsKept(final int count)
        {
            snapshotsKept = count;
            return this;
        }

        public int snapshotsKept()
        {
            return snapshotsKept;
        }

        /**
         * {@value #DURABILITY_PROP_NAME}: {@link Durability#SYNCED} (the default) msyncs the command
         * journal at the end of each batch before any of it is applied or answered, and the event
         * journal at the end of each batch on a thread of its own, at most one batch behind (no answer
         * waits for it); {@link Durability#UNSYNCED} leaves the pages
         * to the operating system (survives kill -9, not a power cut).
         */
        public Config durability(final Durability promise)
        {
            durability = promise;
            return this;
        }

        public Durability durability()
        {
            return durability;
        }

        /** {@value #SNAPSHOT_FOLLOWER_PROP_NAME}: snapshots of a second engine following the command journal (default true). */
        public Config snapshotFollower(final boolean follow)
        {
            snapshotFollower = follow;
            return this;
        }

        public boolean snapshotFollower()
        {
            return snapshotFollower;
        }

        /**
         * The operator's choice to repair a journal file that holds bytes after its last whole record
         * ({@link JournalFileCheck}): cut it back to that record, with a warning in the log, instead
         * of refusing to start. Default false: such a node does not start. No property: a repair is
         * chosen for one start ({@code settlement server --truncate-damaged-tail}).
         */
        public Config truncateDamagedTail(final boolean truncate)
        {
            truncateDamagedTail = truncate;
            return this;
        }

        public Config log(final Consumer<String> sink)
        {
            log = sink;
            return this;
        }

        /** Told when the pipeline stops on a failure (a journal write failing, say). */
        public Config onFailure(final Consumer<Throwable> handler)
        {
            onFailure = handler;
            return this;
        }
    }

    private final DataDirectoryLock lock;
    private final ChronicleJournal commandJournal;
    private final ChronicleJournal eventJournal;
    private final SnapshotStore snapshots;
    private final SessionRouter router = new SessionRouter();
    private final Recovery.Report recovery;
    private final SettlementPipeline pipeline;
    private volatile boolean closed;

    private SettlementNode(final Config config, final DataDirectoryLock lock) throws IOException
    {
        this.lock = lock;
        final DataDirectory dir = new DataDirectory(config.dataDirectory);
        checkJournalFiles(dir, config);
        snapshots = new SnapshotStore(dir.snapshots(), config.snapshotsKept);
        final boolean synced = config.durability == Durability.SYNCED;
        // the single agent applies nothing of a batch before its msync has returned, but need not wait
        // idle for it: it applies the batch before meanwhile; the staged journal thread msyncs itself
        final boolean single = config.pipeline.topology() == PipelineTopology.SINGLE;
        commandJournal = new ChronicleJournal(dir.commands(), !synced ? ChronicleJournal.Sync.NONE
            : single ? ChronicleJournal.Sync.EVERY_BATCH_BEHIND : ChronicleJournal.Sync.EVERY_BATCH);
        // no answer waits for the events' msync: they are regenerated from the command journal
        eventJournal = new ChronicleJournal(dir.events(),
            synced ? ChronicleJournal.Sync.EVERY_BATCH_BEHIND : ChronicleJournal.Sync.NONE);
        try
        {
            final Recovery recovered;
            try (JournalReader commands = commandJournal.reader(JournalReader.Kind.COMMANDS);
                JournalReader events = eventJournal.reader(JournalReader.Kind.EVENTS))
            {
                recovered = Recovery.run(config.engine, snapshots, commands, events, eventJournal, config.log);
            }
            recovery = recovered.report();
            snapshots.recordPositions(commandJournal, eventJournal, config.log);
            if (config.snapshotFollower)
            {
                snapshots.followCommands(config.engine, commandJournal, config.log);
            }
            router.businessDate(recovered.engine().businessDate());
            config.log.accept(recovery.toString());
            pipeline = new SettlementPipeline(recovered.engine(), config.pipeline
                .commandJournal(commandJournal)
                .eventJournal(eventJournal)
                .router(router)
                .snapshotWriter(snapshots)
                .initialSequence(recovery.lastSequence())
                .onFailure(failure ->
                {
                    config.log.accept("PIPELINE STOPPED: " + failure.getMessage());
                    config.onFailure.accept(failure);
                }));
            final SettlementPipeline started = pipeline;
            snapshots.onFailure(failure -> started.failStop(
                new IOException("a snapshot could not be written or published: " + failure, failure)));
            // an msync made behind that fails stops the node at once, idle or not (the pipeline would hear of it at its next batch)
            commandJournal.onSyncFailure(started::failStop);
            eventJournal.onSyncFailure(started::failStop);
        }
        catch (final RuntimeException | IOException | Error ex)
        {
            commandJournal.close();
            eventJournal.close();
            throw ex;
        }
    }

    /**
     * Before the journals are opened for writing (which would build on whatever follows their last
     * record): refuses a damaged journal file, or cuts it back when the operator chose so.
     */
    private static void checkJournalFiles(final DataDirectory dir, final Config config) throws IOException
    {
        for (final JournalReader.Kind kind : JournalReader.Kind.values())
        {
            final Path directory = kind == JournalReader.Kind.COMMANDS ? dir.commands() : dir.events();
            JournalFileCheck.Damage damage = JournalFileCheck.find(directory, kind.label());
            JournalFileCheck.Damage repaired = null;
            while (damage != null)
            {
                if (!config.truncateDamagedTail)
                {
                    throw new JournalException(damage.describe() + "; the node will not start on it (to cut the journal"
                        + " back to its last whole record, dropping those bytes, start it with the truncate-damaged-tail"
                        + " option: settlement server --truncate-damaged-tail)");
                }
                if (damage.equals(repaired))
                {
                    throw new JournalException(damage.describe() + "; cutting it back did not take");
                }
                config.log.accept("REPAIR (truncate-damaged-tail): " + damage.describe() + "; cutting the file back to"
                    + " its last whole record: bytes " + damage.position() + " to " + damage.endPosition() + " are zeroed");
                JournalFileCheck.truncate(damage);
                repaired = damage;
                damage = JournalFileCheck.find(directory, kind.label());
            }
        }
    }

    /**
     * Locks the data directory (one node per directory), recovers from it and starts the pipeline.
     *
     * @throws DataDirectoryLock.InUseException when another node holds the directory (named in the message).
     * @throws JournalException when the journals cannot be trusted (gap, corruption, mismatch).
     * @throws SettingException when a setting is out of range (named; the directory is not touched).
     */
    public static SettlementNode start(final Config config) throws IOException
    {
        config.conclude();
        final DataDirectoryLock lock = DataDirectoryLock.acquire(config.dataDirectory);
        try
        {
            return new SettlementNode(config, lock);
        }
        catch (final RuntimeException | IOException | Error ex)
        {
            lock.close();
            throw ex;
        }
    }

    /** An in-process client logged on as {@code participantId} (0: the system, operator rights). */
    public PipelineClient client(final long participantId)
    {
        return new PipelineClient(pipeline, router, participantId);
    }

    public SessionRouter router()
    {
        return router;
    }

    public SettlementPipeline pipeline()
    {
        return pipeline;
    }

    public Recovery.Report recovery()
    {
        return recovery;
    }

    /** What the command journal (stage 1) has written since the node started. */
    public JournalCounters commandJournalCounters()
    {
        return commandJournal.counters();
    }

    /** What the event journal (stage 3) has written since the node started. */
    public JournalCounters eventJournalCounters()
    {
        return eventJournal.counters();
    }

    /** True once {@link #stop()} has been called. */
    public boolean isStopped()
    {
        return closed;
    }

    /**
     * Drains the pipeline, writes a final snapshot (unless the pipeline failed: then the journal
     * alone is the truth), closes the journals. Idempotent.
     *
     * @return the engine, now owned by the caller, for reading.
     */
    public SettlementEngine stop() throws IOException
    {
        if (!closed)
        {
            closed = true;
            try
            {
                pipeline.close();
                final SettlementEngine engine = pipeline.engine();
                if (pipeline.failure() == null)
                {
                    snapshots.flush();
                    if (engine.lastSequence() > 0 && !snapshots.sequences().contains(engine.lastSequence()))
                    {
                        eventJournal.awaitEventsDurable(); // the last batch's events on disk before a snapshot after them
                        snapshots.writeAndPublish(engine, engine.lastSequence());
                    }
                }
            }
            finally
            {
                try
                {
                    try
                    {
                        snapshots.close();
                    }
                    finally
                    {
                        commandJournal.close();
                        eventJournal.close();
                    }
                }
                finally
                {
                    lock.close();
                }
            }
        }
        return pipeline.engine();
    }

    @Override
    public void close() throws IOException
    {
        stop();
    }
}
