package io.settlement.engine.pipeline;

import org.agrona.DirectBuffer;

/**
 * Stage 1's store: the source of truth. A command's framed journal record (sequence and timestamp
 * already stamped, sealed with its checksum: docs/journal-format.md) is appended before the engine
 * sees it; {@link #endOfBatch} makes everything appended so far durable to the journal's standard
 * (or, for a journal {@link #durableBehind}, {@link #awaitDurable} does) before any of it is applied or
 * acknowledged. A failure throws, which stops the pipeline
 * (fail-stop): nothing unjournaled is ever applied.
 */
public interface CommandJournal
{
    void append(DirectBuffer record, int offset, int length);

    default void endOfBatch()
    {
    }

    /**
     * True when {@link #endOfBatch} only starts making the batch durable (an msync on a thread of
     * the journal's own) and {@link #awaitDurable} finishes it: the single topology's agent applies the
     * batch before while this one's msync is in flight. Then {@link #endOfBatch} first waits for the
     * previous batch's, so after it returns everything before this batch is durable.
     */
    default boolean durableBehind()
    {
        return false;
    }

    /** Returns once everything appended before the last {@link #endOfBatch} is durable (see {@link #durableBehind}). */
    default void awaitDurable()
    {
    }

    /** Called on the stage-1 thread before the first append (Chronicle appenders are per thread). */
    default void onStart()
    {
    }

    /** A journal that keeps nothing: for tests and benchmarks of the engine stages alone. */
    CommandJournal NONE = (record, offset, length) -> {};
}
