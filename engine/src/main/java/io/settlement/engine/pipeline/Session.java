package io.settlement.engine.pipeline;

import org.agrona.DirectBuffer;

/**
 * Someone outcomes are delivered to: a gateway connection or an in-process client. All calls come
 * from the publish stage's thread, in command order.
 */
public interface Session
{
    long sessionId();

    /** The participant this session is logged on as (pushes about its deals reach it). */
    long participantId();

    /**
     * One outcome of a command this session sent, as the engine encoded it (a journal record,
     * docs/journal-format.md; {@code EventCodec} decodes it), valid only during the call; a command's
     * outcomes come in order.
     */
    void onReply(DirectBuffer record, int offset, int length);

    /** After the last outcome of the command this session sent with {@code correlationId}. */
    default void onReplyComplete(long correlationId)
    {
    }

    /** An outcome of someone else's command that concerns this session's participant, as {@link #onReply}. */
    void onPush(DirectBuffer record, int offset, int length);

    /** End of a batch: write out whatever is buffered. */
    default void flush()
    {
    }
}
