package io.settlement.cluster;

import io.settlement.engine.api.CommandCodec;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A command from its submission until it is answered or forgotten. Pooled: one leaves the pool at {@link ClusterClient#submit} and
 * goes back once it is done and out of both queues, so the steady state allocates nothing per command.
 */
final class PendingCommand
{
    /** Its ingress message ({@link ClusterProtocol}'s header and the record): {@code message[0, messageLength)}. */
    final UnsafeBuffer message = new UnsafeBuffer(new byte[ClusterProtocol.INGRESS_HEADER_LENGTH + CommandCodec.MAX_LENGTH]);
    /** A repeatable command's outcomes so far, held until its REPLY_COMPLETE: {@code length int32 | record}... */
    final ExpandableArrayBuffer held = new ExpandableArrayBuffer(256);
    long submissionId;
    long clientSessionId;
    long correlationId;
    long submittedNs;
    int messageLength;
    boolean repeatable;
    /** The id of its latest sending (the submission id at first): answers to another are not this one's. */
    long sendingId;
    boolean sent;
    boolean done;
    /** Its answer has begun to arrive (the cluster has committed it): it is no longer timed out, only cut by a leader change. */
    boolean answering;
    int heldLength;
    /** In the client's in-order queue, in its unsent queue: it goes back to the pool once done and in neither. */
    boolean queued;
    boolean waitingToSend;

    void reset(final long submissionId, final long clientSessionId, final long correlationId, final long submittedNs,
        final boolean repeatable)
    {
        this.submissionId = submissionId;
        this.sendingId = submissionId;
        this.clientSessionId = clientSessionId;
        this.correlationId = correlationId;
        this.submittedNs = submittedNs;
        this.repeatable = repeatable;
        sent = false;
        done = false;
        answering = false;
        heldLength = 0;
    }

    int recordLength()
    {
        return messageLength - ClusterProtocol.INGRESS_HEADER_LENGTH;
    }
}
