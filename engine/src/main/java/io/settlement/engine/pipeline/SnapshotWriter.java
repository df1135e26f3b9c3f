package io.settlement.engine.pipeline;

import io.settlement.engine.SettlementEngine;

/**
 * Takes a snapshot of the engine at a consistent point: called on the engine thread right after
 * the command with sequence {@code sequence} was applied, so the state is exactly "after that
 * command". Must not keep a reference to the engine after returning.
 */
@FunctionalInterface
public interface SnapshotWriter
{
    void write(SettlementEngine engine, long sequence) throws Exception;
}
