package io.settlement.engine.pipeline;

import java.util.concurrent.CountDownLatch;

import com.lmax.disruptor.EventHandler;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.RecordFrame;

/**
 * Stage 2: after stage 1 has made a command durable, apply its record where it lies in the slot (or
 * answer it, for a query): the engine reads the bytes stage 1 journaled through the journal
 * schema's flyweights. The outcomes go into the {@link OutcomeLog} as the engine produces
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
        final boolean query = slot.query;
        final long sequence = CommandCodec.sequence(slot.record, 0);
        log.beginCommand(slot.sessionId, query);
        boolean snapshotWritten = false;
        if (query)
        {
            engine.query(slot.record, 0, log);
        }
        else
        {
            engine.apply(slot.record, 0, log);
            if (snapshotIntervalCommands > 0 && sequence % snapshotIntervalCommands == 0)
            {
                snapshotWriter.write(engine, sequence);
                snapshotWritten = true;
            }
        }
        log.endOfCommand(CommandCodec.correlationId(slot.record, 0), sequence, snapshotWritten,
            RecordFrame.templateId(slot.record, 0), CommandCodec.timestampNs(slot.record, 0));
        if (endOfBatch)
        {
            log.endOfBatch();
        }
    }
}
