package io.settlement.engine.pipeline;

import java.util.concurrent.CountDownLatch;

import com.lmax.disruptor.EventHandler;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;

/**
 * Stage 2: after stage 1 has made a command durable (and decoded its record), apply it (or answer
 * it, for a query); the outcomes go into the {@link OutcomeLog} as the engine produces
 * them. Writes a snapshot every {@code snapshotIntervalCommands} commands, for stage 3 to publish
 * once the command's events are journaled.
 */
final class EngineStage implements EventHandler<CommandSlot>
{
    private final SettlementEngine engine;
    private final OutcomeLog log;
    private final long snapshotIntervalCommands;
    private final SnapshotWriter snapshotWriter;
    private final CountDownLatch started;

    EngineStage(
        final SettlementEngine engine, final OutcomeLog log, final long snapshotIntervalCommands,
        final SnapshotWriter snapshotWriter, final CountDownLatch started)
    {
        this.engine = engine;
        this.log = log;
        this.snapshotIntervalCommands = snapshotIntervalCommands;
        this.snapshotWriter = snapshotWriter;
        this.started = started;
    }

    @Override
    public void onStart()
    {
        started.countDown();
    }

    @Override
    public void onEvent(final CommandSlot slot, final long ringSequence, final boolean endOfBatch) throws Exception
    {
        final Command command = slot.command; // decoded from the slot's record by stage 1
        final boolean query = slot.query;
        log.beginCommand(slot.sessionId, query);
        boolean snapshotWritten = false;
        if (query)
        {
            engine.query(command, log);
        }
        else
        {
            engine.apply(command, log);
            final long sequence = command.sequence;
            if (snapshotIntervalCommands > 0 && sequence % snapshotIntervalCommands == 0)
            {
                snapshotWriter.write(engine, sequence);
                snapshotWritten = true;
            }
        }
        log.endOfCommand(command.correlationId, command.sequence, snapshotWritten);
        if (endOfBatch)
        {
            log.endOfBatch();
        }
    }
}
