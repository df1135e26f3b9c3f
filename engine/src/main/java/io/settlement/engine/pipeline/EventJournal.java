package io.settlement.engine.pipeline;

import org.agrona.DirectBuffer;

/**
 * Stage 3's store of outcomes: each event as the engine encoded it (its header carries the
 * sequence of the command that caused it), in order.
 */
public interface EventJournal
{
    void append(DirectBuffer buffer, int offset, int length);

    default void endOfBatch()
    {
    }

    /**
     * Returns once every event appended before the last {@link #endOfBatch} is durable: a journal that
     * makes its batches durable behind (an msync on a thread of its own) waits for it. A snapshot is
     * published only after this, so no snapshot on disk is ahead of the events on disk.
     */
    default void awaitEventsDurable()
    {
    }

    /** Called on the stage-3 thread before the first append. */
    default void onStart()
    {
    }

    EventJournal NONE = (buffer, offset, length) -> {};
}
