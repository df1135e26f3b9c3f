package io.settlement.cluster;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The messages between a cluster client (a gateway, a channel) and {@link SettlementClusteredService}
 * (docs/cluster.md, "Ingress and egress"). All fields little-endian.
 *
 * <p>Ingress (client to cluster), one command per message:
 * <pre>
 *   clientSessionId int64 | submissionId int64 | the command's framed journal record, unstamped
 *                           (CommandCodec.fromWire or CommandCodec.encode; sequence and time are the cluster's)
 * </pre>
 * {@code clientSessionId} is the client's own number for whoever sent the command (a gateway
 * connection), {@code submissionId} the client's number for this sending of it (unique within the
 * client: a command's correlation id is its submitter's and may repeat): the cluster echoes both in
 * the answer and gives them no other meaning.
 *
 * <p>One ingress message is not a command: WANTS, which says which parties' pushes this cluster session wants
 * (the participants the client's connections are logged on as), replacing what it said before:
 * <pre>
 *   wantsNumber int64 | submissionId int64 = {@link #WANTS_MARKER} | count int32 | participantId int64 * count
 * </pre>
 * It goes through the log like a command (the wants are cluster state, in every node's snapshot), is not
 * journaled and takes no sequence; the leader answers it WANTS_TAKEN, echoing the client's {@code wantsNumber}
 * (its own count of the WANTS it has sent): every push committed after it goes by what it said, so a client knows
 * from then on that the cluster has this session's wants and a connected egress to it. A session that never sent one
 * gets every push.
 *
 * <p>Egress (cluster to client), each message starting {@code kind int32 | reserved int32} (REPLY_COMPLETE:
 * {@code kind int32 | businessDate int32}, the cluster's business date after the command, 0 before one is set):
 * <pre>
 *   REPLY          : clientSessionId int64 | correlationId int64 (the command's) | submissionId int64
 *                    | one outcome (a framed event record)
 *   REPLY_COMPLETE : clientSessionId int64 | correlationId int64 | submissionId int64
 *                    | sequence int64 (the command's; 0 before any)
 *   PUSH           : originClusterSessionId int64 | originClientSessionId int64 | buyerId int64 | sellerId int64
 *                    | the event (a framed event record) for the parties named (0: not that side)
 *   WANTS_TAKEN    : wantsNumber int64 (the WANTS taken)
 *   REJECTED       : clientSessionId int64 | correlationId int64 (0 when unreadable) | submissionId int64
 *                    (0 when the ingress message is too short to hold one) | reason, US-ASCII to the end;
 *                    its {@code reserved} int32 is the wire Reason code the client answers with (an engine reason:
 *                    INVALID_FIELD for a message that is not a command of this build or is malformed): it never succeeds
 * </pre>
 * A command's outcomes come as REPLY messages in order, then one REPLY_COMPLETE, all to the cluster
 * session that sent it. A PUSH goes to every connected cluster session that wants one of its parties: the client delivers it to its
 * connections of the participants named, except the origin (the session and client session that sent
 * the command get the event as a REPLY); a session that sent WANTS gets only the pushes naming a participant
 * it wants; a BUSINESS_DATE_ADVANCED is pushed naming no party (every client
 * learns the new date). REJECTED answers an ingress message the cluster cannot take
 * (not a command of this build, a bad frame); nothing is journaled for it.
 */
public final class ClusterProtocol
{
    public static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    public static final int INGRESS_CLIENT_SESSION_OFFSET = 0;
    public static final int INGRESS_SUBMISSION_OFFSET = 8;
    public static final int INGRESS_HEADER_LENGTH = 16;
    /** The submission id that marks a WANTS ingress message (a command's is positive). */
    public static final long WANTS_MARKER = -1;
    public static final int WANTS_COUNT_OFFSET = INGRESS_HEADER_LENGTH;
    public static final int WANTS_PARTICIPANTS_OFFSET = WANTS_COUNT_OFFSET + Integer.BYTES;
    /** The most participants one WANTS names (a message of 64 KB: well within the ingress's maximum). */
    public static final int MAX_WANTS = 8000;

    public static final int REPLY = 1;
    public static final int REPLY_COMPLETE = 2;
    public static final int PUSH = 3;
    public static final int REJECTED = 4;
    public static final int WANTS_TAKEN = 5;

    public static final int KIND_OFFSET = 0;
    /** REPLY_COMPLETE: the cluster's business date after the command (yyyymmdd, 0 before one is set). */
    public static final int BUSINESS_DATE_OFFSET = 4;
    /** REJECTED: the wire Reason code to answer with (permanent: the same message is refused again). */
    public static final int REJECTED_REASON_OFFSET = 4;
    public static final int CLIENT_SESSION_OFFSET = 8;
    public static final int CORRELATION_ID_OFFSET = 16;
    public static final int SUBMISSION_OFFSET = 24;
    public static final int REPLY_HEADER_LENGTH = 32;
    public static final int SEQUENCE_OFFSET = 32;
    public static final int REPLY_COMPLETE_LENGTH = 40;
    public static final int REASON_OFFSET = 32;

    public static final int ORIGIN_CLUSTER_SESSION_OFFSET = 8;
    public static final int ORIGIN_CLIENT_SESSION_OFFSET = 16;
    public static final int BUYER_OFFSET = 24;
    public static final int SELLER_OFFSET = 32;
    public static final int PUSH_HEADER_LENGTH = 40;

    /** WANTS_TAKEN: the number of the WANTS taken; WANTS: the client's number for it. */
    public static final int WANTS_NUMBER_OFFSET = 8;
    public static final int WANTS_TAKEN_LENGTH = 16;

    private ClusterProtocol()
    {
    }

    /** Writes an ingress header at {@code offset}; the record follows at {@code offset + INGRESS_HEADER_LENGTH}. */
    public static void ingressHeader(
        final MutableDirectBuffer buffer, final int offset, final long clientSessionId, final long submissionId)
    {
        buffer.putLong(offset + INGRESS_CLIENT_SESSION_OFFSET, clientSessionId, ORDER);
        buffer.putLong(offset + INGRESS_SUBMISSION_OFFSET, submissionId, ORDER);
    }

    /**
     * Writes a WANTS message at {@code offset} naming {@code count} participants, numbered 0 ({@link #wantsNumber}
     * numbers it when it is sent).
     *
     * @return its length
     */
    public static int wants(final MutableDirectBuffer buffer, final int offset, final long[] participantIds, final int count)
    {
        if (count < 0 || count > MAX_WANTS)
        {
            throw new IllegalArgumentException("a WANTS of " + count + " participants: at most " + MAX_WANTS);
        }
        ingressHeader(buffer, offset, 0, WANTS_MARKER);
        buffer.putInt(offset + WANTS_COUNT_OFFSET, count, ORDER);
        for (int i = 0; i < count; i++)
        {
            buffer.putLong(offset + WANTS_PARTICIPANTS_OFFSET + i * Long.BYTES, participantIds[i], ORDER);
        }
        return WANTS_PARTICIPANTS_OFFSET + count * Long.BYTES;
    }

    /** Numbers the WANTS message at {@code offset} (the cluster echoes the number in its WANTS_TAKEN). */
    public static void wantsNumber(final MutableDirectBuffer buffer, final int offset, final long wantsNumber)
    {
        buffer.putLong(offset + INGRESS_CLIENT_SESSION_OFFSET, wantsNumber, ORDER);
    }

    /** A WANTS ingress message's number, or a WANTS_TAKEN egress message's. */
    public static long wantsNumber(final DirectBuffer buffer, final int offset, final boolean ingress)
    {
        return buffer.getLong(offset + (ingress ? INGRESS_CLIENT_SESSION_OFFSET : WANTS_NUMBER_OFFSET), ORDER);
    }

    public static int kind(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + KIND_OFFSET, ORDER);
    }

    public static long clientSessionId(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + CLIENT_SESSION_OFFSET, ORDER);
    }

    public static long correlationId(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + CORRELATION_ID_OFFSET, ORDER);
    }

    /** The client's number for the sending the answer is to (REPLY, REPLY_COMPLETE, REJECTED). */
    public static long submissionId(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + SUBMISSION_OFFSET, ORDER);
    }

    /** REPLY_COMPLETE's business date. */
    public static int businessDate(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + BUSINESS_DATE_OFFSET, ORDER);
    }

    public static long sequence(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + SEQUENCE_OFFSET, ORDER);
    }

    /** @return a kind's name, for messages. */
    public static String kindName(final int kind)
    {
        return switch (kind)
        {
            case REPLY -> "REPLY";
            case REPLY_COMPLETE -> "REPLY_COMPLETE";
            case PUSH -> "PUSH";
            case REJECTED -> "REJECTED";
            default -> "unknown kind " + kind;
        };
    }
}
