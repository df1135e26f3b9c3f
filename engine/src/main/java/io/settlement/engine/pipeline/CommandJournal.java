package io.settlement.engine.pipeline;

import io.settlement.engine.api.Command;

/**
 * Stage 1's store: the source of truth. A command is appended (sequence and timestamp already
 * stamped) before the engine sees it; {@link #endOfBatch} makes everything appended so far durable
 * to the journal's standard before any of it is applied or acknowledged. A failure throws, which
 * stops the pipeline (fail-stop): nothing unjournaled is ever applied.
 */
public interface CommandJournal
{
    void append(Command command);

    default void endOfBatch()
    {
    }

    /** Called on the stage-1 thread before the first append (Chronicle appenders are per thread). */
    default void onStart()
    {
    }

    /** A journal that keeps nothing: for tests and benchmarks of the engine stages alone. */
    CommandJournal NONE = command -> {};
}
