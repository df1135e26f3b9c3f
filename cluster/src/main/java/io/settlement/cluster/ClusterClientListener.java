package io.settlement.cluster;

import io.settlement.protocol.wire.Reason;
import org.agrona.DirectBuffer;

/**
 * What the cluster answers. All calls on the polling thread; buffers valid only during the call.
 * {@code submissionId} is what {@link ClusterClient#submit} returned for the command.
 */
public interface ClusterClientListener
{
    /** One outcome (a framed event record) of the command {@code correlationId} sent by {@code clientSessionId}. */
    void onReply(long submissionId, long clientSessionId, long correlationId, DirectBuffer record, int offset, int length);

    /** After the last outcome of that command; {@code sequence} is the one the cluster gave it. */
    void onReplyComplete(long submissionId, long clientSessionId, long correlationId, long sequence);

    /**
     * An event for the parties {@code buyerId} and {@code sellerId} (0: not that side). When
     * {@code fromThisClient} the command came from {@code originClientSessionId} of this client,
     * which has had the event as a reply.
     */
    void onPush(boolean fromThisClient, long originClientSessionId, long buyerId, long sellerId, DirectBuffer record,
        int offset, int length);

    /**
     * The cluster could not take the command (not a command of this build, a bad frame); nothing was applied.
     * {@code command} is its record as submitted.
     */
    void onRejected(long submissionId, long clientSessionId, long correlationId, String reason, DirectBuffer command, int offset,
        int length);

    /**
     * As {@link #onRejected(long, long, long, String, DirectBuffer, int, int)}, with the reason the cluster gives (an
     * engine reason: {@code INVALID_FIELD} for a command not of its build or malformed).
     * Permanent: the same command is refused again, so a channel answers its client with this reason, not
     * {@code UNAVAILABLE}.
     */
    default void onRejected(
        final long submissionId, final long clientSessionId, final long correlationId, final Reason code, final String reason,
        final DirectBuffer command, final int offset, final int length)
    {
        onRejected(submissionId, clientSessionId, correlationId, reason, command, offset, length);
    }

    /**
     * The command's fate is not known and it is forgotten: it was not safe to repeat and was sent before the
     * leader changed, or it had no answer within the command time-out. It may or may not be applied.
     * {@code command} is its record as submitted.
     */
    default void onOutcomeUnknown(
        final long submissionId, final long clientSessionId, final long correlationId, final DirectBuffer command, final int offset,
        final int length)
    {
    }

    /** Connected (again) to the cluster, whose leader is {@code leaderMemberId}. */
    default void onConnected(final long clusterSessionId, final int leaderMemberId)
    {
    }
}
