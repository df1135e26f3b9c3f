package io.settlement.engine.pipeline;

import java.util.concurrent.CountDownLatch;

import com.lmax.disruptor.EventHandler;
import io.settlement.engine.api.CommandCodec;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Stage 1: stamp each command's record in its slot with the next sequence and the time, seal it,
 * append its bytes to the {@link CommandJournal} as they are (no re-encoding), and make
 * the batch durable at its end, before stage 2 may apply any of it. A query is not journaled: it
 * is stamped with the last journaled sequence (the state it reads). Where the journal makes a batch
 * durable behind ({@link CommandJournal#durableBehind}), the staged topology's stage waits for it at the
 * end of the batch; the single topology's agent ({@code awaitDurable} false) waits for it itself, later.
 */
final class JournalStage implements EventHandler<CommandSlot>
{
    private final CommandJournal journal;
    private final EpochNanoClock clock;
    private final CountDownLatch started;
    /** Wait at the end of each batch until it is durable, when the journal makes it durable behind. */
    private final boolean awaitDurable;
    private long sequence;

    JournalStage(
        final CommandJournal journal, final EpochNanoClock clock, final long initialSequence,
        final CountDownLatch started, final boolean awaitDurable)
    {
        this.journal = journal;
        this.clock = clock;
        this.sequence = initialSequence;
        this.started = started;
        this.awaitDurable = awaitDurable && journal.durableBehind();
    }

    /** True when the journal makes a batch durable behind and the caller of {@link #onEvent} waits for it. */
    boolean durableBehind()
    {
        return journal.durableBehind() && !awaitDurable;
    }

    /** Returns once every batch ended is durable. */
    void awaitDurable()
    {
        journal.awaitDurable();
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
        final long stamped = slot.query ? sequence : sequence + 1;
        CommandCodec.stamp(slot.record, 0, stamped, clock.nanoTime());
        if (!slot.query)
        {
            sequence = stamped;
            journal.append(slot.record, 0, slot.recordLength);
        }
        if (endOfBatch)
        {
            journal.endOfBatch();
            if (awaitDurable)
            {
                journal.awaitDurable();
            }
        }
    }
}
