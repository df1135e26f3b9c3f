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

    /** Called on the stage-3 thread before the first append. */
    default void onStart()
    {
    }

    EventJournal NONE = (buffer, offset, length) -> {};
}
