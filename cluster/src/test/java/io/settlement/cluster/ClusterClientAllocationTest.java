package io.settlement.cluster;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.EventType;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@link ClusterClient}'s steady state allocates nothing per command: deals submitted, each answered (a DEAL_ACCEPTED
 * held until its REPLY_COMPLETE, as a deal's answer is) as the cluster sends it, fed to the client without a cluster,
 * the bytes this thread allocated counted by the JVM (com.sun.management.ThreadMXBean).
 */
class ClusterClientAllocationTest
{
    private static final long SESSION = 7;
    private static final int WARM_UP = 50_000;
    private static final int MEASURED = 100_000;
    /** Commands answered between two leader changes (each clears what was waiting to be sent; its iterator allocates). */
    private static final int WINDOW = 1_000; // WARM_UP and MEASURED are multiples of it: the pool is as large as it needs to be

    private long answered;

    @Test
    void shouldAllocateNothingPerCommandInSteadyState()
    {
        final ClusterClient client = new ClusterClient("0=localhost:1", "localhost", "/nonexistent", TimeUnit.SECONDS.toNanos(10),
            new ClusterClientListener()
            {
                @Override
                public void onReply(final long submissionId, final long clientSessionId, final long correlationId,
                    final DirectBuffer record, final int offset, final int length)
                {
                }

                @Override
                public void onReplyComplete(final long submissionId, final long clientSessionId, final long correlationId, final long sequence)
                {
                    answered++;
                }

                @Override
                public void onPush(final boolean fromThisClient, final long originClientSessionId, final long buyerId, final long sellerId,
                    final DirectBuffer record, final int offset, final int length)
                {
                }

                @Override
                public void onRejected(final long submissionId, final long clientSessionId, final long correlationId, final String reason,
                    final DirectBuffer command, final int offset, final int length)
                {
                }
            });
        final UnsafeBuffer record = new UnsafeBuffer(new byte[CommandCodec.MAX_LENGTH]);
        final Command deal = TestCluster.deal(1);
        deal.correlationId = 5;
        final int recordLength = CommandCodec.encode(deal, record, 0);
        final UnsafeBuffer reply = new UnsafeBuffer(new byte[512]);
        final Event accepted = new Event();
        accepted.reset(EventType.DEAL_ACCEPTED, 1, 5, TestCluster.BANK_A);
        accepted.clientDealId = 1;
        accepted.dealId = 501;
        reply.putInt(ClusterProtocol.KIND_OFFSET, ClusterProtocol.REPLY, ClusterProtocol.ORDER);
        reply.putLong(ClusterProtocol.CLIENT_SESSION_OFFSET, SESSION, ClusterProtocol.ORDER);
        reply.putLong(ClusterProtocol.CORRELATION_ID_OFFSET, 5, ClusterProtocol.ORDER);
        final int replyLength = ClusterProtocol.REPLY_HEADER_LENGTH + EventCodec.encode(accepted, reply, ClusterProtocol.REPLY_HEADER_LENGTH);
        final UnsafeBuffer complete = new UnsafeBuffer(new byte[ClusterProtocol.REPLY_COMPLETE_LENGTH]);
        complete.putInt(ClusterProtocol.KIND_OFFSET, ClusterProtocol.REPLY_COMPLETE, ClusterProtocol.ORDER);
        complete.putLong(ClusterProtocol.CLIENT_SESSION_OFFSET, SESSION, ClusterProtocol.ORDER);
        complete.putLong(ClusterProtocol.CORRELATION_ID_OFFSET, 5, ClusterProtocol.ORDER);

        run(client, WARM_UP, record, recordLength, reply, replyLength, complete);
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(threadId);
        run(client, MEASURED, record, recordLength, reply, replyLength, complete);
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
        client.close();

        System.out.println("ClusterClient: " + allocated + " bytes allocated for " + MEASURED + " commands submitted and answered ("
            + (double)allocated / MEASURED + " per command)");
        assertEquals(WARM_UP + MEASURED, answered);
        // the measuring itself allocates a few hundred bytes at most; a command's message, Pending and held answer were ~300 bytes each
        assertTrue(allocated < MEASURED / 10, allocated + " bytes allocated for " + MEASURED + " commands");
    }

    private static void run(final ClusterClient client, final int commands, final UnsafeBuffer record, final int recordLength,
        final UnsafeBuffer reply, final int replyLength, final UnsafeBuffer complete)
    {
        for (int i = 1; i <= commands; i++)
        {
            final long submissionId = client.submit(SESSION, record, 0, recordLength);
            reply.putLong(ClusterProtocol.SUBMISSION_OFFSET, submissionId, ClusterProtocol.ORDER);
            client.onEgress(1, reply, 0, replyLength);
            complete.putLong(ClusterProtocol.SUBMISSION_OFFSET, submissionId, ClusterProtocol.ORDER);
            client.onEgress(1, complete, 0, ClusterProtocol.REPLY_COMPLETE_LENGTH);
            client.expire(System.nanoTime());
            if (i % WINDOW == 0)
            {
                client.onNewSessionOrLeader(); // no cluster here: what waits to be sent is cleared as a leader change clears it
            }
        }
    }
}
