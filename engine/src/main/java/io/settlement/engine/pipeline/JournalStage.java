package io.settlement.engine.pipeline;

import java.util.concurrent.CountDownLatch;

import com.lmax.disruptor.EventHandler;
import io.settlement.engine.api.Command;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Stage 1: stamp each command with the next sequence and the time, append it to the
 * {@link CommandJournal}, and make the batch durable at its end, before stage 2 may apply any of
 * it. A query is not journaled: it is stamped with the last journaled sequence (the state it reads).
 */
final class JournalStage implements EventHandler<CommandSlot>
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
