package io.settlement.engine.pipeline;

import org.agrona.DirectBuffer;

/**
 * Stage 3's delivery of outcomes to whoever waits for them: the command's own session, and pushes
 * to the parties of a deal. Called on the publish thread, in order: each outcome right after it is
 * journaled, {@link #onCommandComplete} after a command's last outcome, {@link #endOfBatch} (flush)
 * after the batch's outcomes are durable.
 */
public interface OutcomeRouter
{
    /**
     * One outcome, encoded as the engine encoded it (a journal record), of a command
     * {@code sessionId} sent (0: nobody waits for it), addressed by the outcome log's header: the
     * deal's parties when it is pushed to them ({@link io.settlement.engine.api.EventType#isPushedToParties}),
     * else 0. The bytes are valid only during the call.
     */
    void onOutcome(long sessionId, long buyerId, long sellerId, DirectBuffer buffer, int offset, int length);

    /** After the last outcome of the command {@code sessionId} sent with {@code correlationId}. */
    void onCommandComplete(long sessionId, long correlationId);

    default void endOfBatch()
    {
    }

    OutcomeRouter NONE = new OutcomeRouter()
    {
        @Override
        public void onOutcome(
            final long sessionId, final long buyerId, final long sellerId, final DirectBuffer buffer, final int offset, final int length)
        {
        }

        @Override
        public void onCommandComplete(final long sessionId, final long correlationId)
        {
        }
    };
}
