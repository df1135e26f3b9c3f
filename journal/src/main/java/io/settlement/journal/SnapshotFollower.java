package io.settlement.journal;

import java.io.IOException;
import java.util.function.Consumer;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.EventSink;

/**
 * A second engine, on the snapshot store's thread, that snapshots are taken of instead of the
 * pipeline's: asked for the state after command S, it replays the command journal from where it
 * stopped up to S (the commands are journaled before the pipeline applies them, and the pipeline
 * asks only once it has), so the engine thread is not held at all. The engine is deterministic, so
 * the follower's state after S is the pipeline's. It starts on the first request, from the newest
 * usable snapshot (seeking the command journal to its recorded position) or from the first command.
 * The price: each command is applied twice (by the time a snapshot is due), and the follower's
 * engine takes as much memory as the pipeline's.
 */
final class SnapshotFollower
{
    private final EngineConfig config;
    private final SnapshotStore store;
    private final ChronicleJournal commandJournal;
    private final Consumer<String> log;
    private SettlementEngine engine;
    private JournalReader commands;

    SnapshotFollower(final EngineConfig config, final SnapshotStore store, final ChronicleJournal commandJournal, final Consumer<String> log)
    {
        this.config = config;
        this.store = store;
        this.commandJournal = commandJournal;
        this.log = log;
    }

    /**
     * The follower's engine after command {@code sequence}, applying the journaled commands it has not yet.
     *
     * @throws JournalException when the journal does not hold the commands in order up to {@code sequence}.
     */
    SettlementEngine after(final long sequence) throws IOException
    {
        if (engine == null)
        {
            start();
        }
        if (engine.lastSequence() > sequence)
        {
            throw new IllegalStateException("the follower is at sequence " + engine.lastSequence() + ", past " + sequence);
        }
        while (engine.lastSequence() < sequence)
        {
            final long expected = engine.lastSequence() + 1;
            if (commands.next() < 0)
            {
                throw new JournalException("the command journal ends at sequence " + (expected - 1)
                    + " but a snapshot after " + sequence + " is due");
            }
            if (CommandCodec.checkedType(commands.buffer(), commands.offset()) == null
                || CommandCodec.sequence(commands.buffer(), commands.offset()) != expected)
            {
                throw new JournalException("the command journal does not hold sequence " + expected + " where the snapshot"
                    + " follower reads it (found sequence " + commands.sequence() + ")");
            }
            engine.apply(commands.buffer(), commands.offset(), EventSink.NONE);
        }
        return engine;
    }

    private void start() throws IOException
    {
        commands = commandJournal.reader(JournalReader.Kind.COMMANDS);
        final SnapshotStore.Loaded loaded = store.loadNewest(config, log);
        if (loaded == null)
        {
            engine = new SettlementEngine(config);
            return;
        }
        engine = loaded.engine();
        final SnapshotPositions positions = loaded.positions();
        if (positions != null)
        {
            try
            {
                commands.seek(positions.commandIndex(), positions.commandRecords());
                if (commands.sequence() == loaded.sequence())
                {
                    return;
                }
            }
            catch (final JournalException ex)
            {
                // read from the start below
            }
            commands.rewind();
        }
        while (commands.next() > 0 && commands.sequence() < loaded.sequence())
        {
            // the records the snapshot covers
        }
        if (commands.sequence() != loaded.sequence())
        {
            throw new JournalException("the command journal does not hold snapshot " + loaded.sequence() + "'s last command"
                + " where the snapshot follower looks for it (found sequence " + commands.sequence() + ")");
        }
    }

    /** Releases the journal reader (on the store's thread). */
    void close()
    {
        if (commands != null)
        {
            commands.close();
            commands = null;
        }
        engine = null;
    }
}
