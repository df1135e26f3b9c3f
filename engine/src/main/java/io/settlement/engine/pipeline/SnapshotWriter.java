package io.settlement.engine.pipeline;

import io.settlement.engine.SettlementEngine;

/**
 * Takes snapshots of the engine at consistent points, in two steps so that a snapshot never
 * becomes usable before the outcomes it covers are journaled (recovery could not regenerate them
 * from a state that already includes them):
 * <ol>
 *   <li>{@link #write} on the engine thread, right after the command {@code sequence} was applied:
 *       the state is exactly "after that command"; write it durably but do not publish it;</li>
 *   <li>{@link #publish} on the publish thread, once the events of commands up to {@code sequence}
 *       are in the event journal: make that snapshot the one recovery will find.</li>
 * </ol>
 * {@code write} must not keep a reference to the engine after returning.
 */
public interface SnapshotWriter
{
    SnapshotWriter NONE = new SnapshotWriter()
    {
        @Override
        public void write(final SettlementEngine engine, final long sequence)
        {
        }

        @Override
        public void publish(final long sequence)
        {
        }
    };

    void write(SettlementEngine engine, long sequence) throws Exception;

    void publish(long sequence) throws Exception;
}
