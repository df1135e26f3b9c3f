package io.settlement.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.pipeline.PipelineClient;
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
    /** Settings of a node, with defaults. */
    public static final class Config
    {
        final Path dataDirectory;
        EngineConfig engine = new EngineConfig();
        int ringSize = 16 * 1024;
        WaitStrategyKind waitStrategy = WaitStrategyKind.SLEEPING;
        long snapshotIntervalCommands = 1_000_000;
        int snapshotsKept = 2;
        boolean syncEveryBatch;
        boolean truncateDamagedTail;
        Consumer<String> log = System.err::println;
        Consumer<Throwable> onFailure = failure -> {};

        public Config(final Path dataDirectory)
        {
            this.dataDirectory = dataDirectory;
        }

        public Config engine(final EngineConfig config)
        {
            engine = config;
            return this;
        }

        public Config ringSize(final int slots)
        {
            ringSize = slots;
            return this;
        }

        public Config waitStrategy(final WaitStrategyKind kind)
        {
            waitStrategy = kind;
            return this;
        }

        /** Snapshot every N commands (0: only the final one on close). Default one million. */
        public Config snapshotIntervalCommands(final long commands)
        {
            snapshotIntervalCommands = commands;
            return this;
        }

        public Config snapshotsKept(final int count)
        {
            snapshotsKept = count;
            return this;
        }

        /** msync the journals at the end of every batch (survives power loss; slower). */
        public Config syncEveryBatch(final boolean sync)
        {
            syncEveryBatch = sync;
            return this;
        }

        /**
         * The operator's choice to repair a journal file that holds bytes after its last whole record
         * ({@link JournalFileCheck}): cut it back to that record, with a warning in the log, instead
         * of refusing to start. Default false: such a node does not start.
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
    private boolean closed;

    private SettlementNode(final Config config, final DataDirectoryLock lock) throws IOException
    {
        this.lock = lock;
        final DataDirectory dir = new DataDirectory(config.dataDirectory);
        checkJournalFiles(dir, config);
        snapshots = new SnapshotStore(dir.snapshots(), config.snapshotsKept);
        commandJournal = new ChronicleJournal(dir.commands(), config.syncEveryBatch);
        eventJournal = new ChronicleJournal(dir.events(), config.syncEveryBatch);
        try
        {
            final Recovery recovered;
            try (JournalReader commands = commandJournal.reader(JournalReader.Kind.COMMANDS);
                JournalReader events = eventJournal.reader(JournalReader.Kind.EVENTS))
            {
                recovered = Recovery.run(config.engine, snapshots, commands, events, eventJournal, config.log);
            }
            recovery = recovered.report();
            router.businessDate(recovered.engine().businessDate());
            config.log.accept(recovery.toString());
            pipeline = new SettlementPipeline(recovered.engine(), new SettlementPipeline.Context()
                .ringSize(config.ringSize)
                .waitStrategy(config.waitStrategy)
                .commandJournal(commandJournal)
                .eventJournal(eventJournal)
                .router(router)
                .snapshots(snapshots, config.snapshotIntervalCommands)
                .initialSequence(recovery.lastSequence())
                .onFailure(failure ->
                {
                    config.log.accept("PIPELINE STOPPED: " + failure.getMessage());
                    config.onFailure.accept(failure);
                }));
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
     */
    public static SettlementNode start(final Config config) throws IOException
    {
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
                if (pipeline.failure() == null && engine.lastSequence() > 0
                    && !snapshots.sequences().contains(engine.lastSequence()))
                {
                    snapshots.writeAndPublish(engine, engine.lastSequence());
                }
            }
            finally
            {
                try
                {
                    commandJournal.close();
                    eventJournal.close();
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
