package io.settlement.engine.pipeline;

/**
 * Stage 3's delivery of outcomes to whoever waits for them: the command's own session, and pushes
 * to the parties of a deal. Called once per command, after its command is journaled and its events
 * too; {@link #endOfBatch} flushes.
 */
public interface OutcomeRouter
{
    void onOutcomes(CommandSlot slot);

    default void endOfBatch()
    {
    }

    OutcomeRouter NONE = slot -> {};
}
