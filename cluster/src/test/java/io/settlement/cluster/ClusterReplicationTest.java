package io.settlement.cluster;

import java.nio.file.Path;
import java.util.List;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.Reason;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static io.settlement.cluster.TestCluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Three node processes on loopback: every command committed is applied and journaled the same on every node. */
class ClusterReplicationTest
{
    static final int DEALS = 200;

    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void shouldApplyAndJournalTheSameCommandsAndEventsOnEveryNode() throws Exception
    {
        try (TestCluster cluster = new TestCluster(dir))
        {
            cluster.startAll();
            final Answers answers = new Answers();
            final Answers observed = new Answers();
            try (ClusterClient client = cluster.client(answers);
                ClusterClient observer = cluster.client(observed))
            {
                await(() ->
                {
                    observer.poll();
                    return observer.isConnected();
                }, 60_000, () -> "the observer did not connect: " + cluster.describe());
                final List<Command> market = TestCluster.market();
                for (int i = 0; i < market.size(); i++)
                {
                    TestCluster.submit(client, 7, i + 1, market.get(i));
                }
                for (int i = 1; i <= DEALS; i++)
                {
                    TestCluster.submit(client, 7, 1000 + i, TestCluster.deal(i));
                }
                // enough for every deal to settle: the cycle's DEAL_SETTLED events are pushed to both parties
                TestCluster.submit(client, 7, 2001, new Command().deposit(TestCluster.OPS, 0, TestCluster.BANK_A, TestCluster.USD, 100L * DEALS));
                TestCluster.submit(client, 7, 2002, new Command().deposit(TestCluster.OPS, 0, TestCluster.BANK_B, TestCluster.ACME, DEALS));
                TestCluster.submit(client, 7, 2003, new Command().runSettlementCycle(TestCluster.OPS, 0));
                await(() ->
                {
                    client.poll();
                    observer.poll();
                    return client.pendingCount() == 0 && observed.othersSettlementsPushed >= DEALS;
                }, 120_000, () -> client.pendingCount() + " commands unanswered, " + observed.othersSettlementsPushed
                    + " settlements pushed to the other client; " + cluster.describe());

                for (int i = 1; i <= market.size(); i++)
                {
                    final Event result = answers.first(i);
                    assertNotNull(result, "no answer to market command " + i);
                    assertEquals(Reason.OK, result.reason, result::toString);
                }
                assertEquals(DEALS, answers.acceptedDeals.size(), () -> "accepted " + answers.acceptedDeals.size()
                    + "; first answer: " + answers.first(1001));
                assertEquals(EventType.DEAL_ACCEPTED, answers.first(1001).type);
                assertTrue(answers.rejected.isEmpty(), answers.rejected::toString);
                final long settled = answers.replies.get(2003L).stream().filter(e -> e.type == EventType.DEAL_SETTLED).count();
                assertEquals(DEALS, settled, () -> "every deal settled in the cycle: " + answers.replies.get(2001L) + answers.replies.get(2002L) + answers.replies.get(2003L));
                assertEquals(DEALS, answers.pushedSettlements.size(), "each settlement pushed once, naming both parties");
                assertEquals(DEALS, observed.othersSettlementsPushed, "and once to every other connected client");
            }
            assertRejected(cluster, new byte[] {1, 2, 3}, Reason.INVALID_FIELD, "an ingress message of 3 bytes");
            final byte[] unknownTemplate = new byte[ClusterProtocol.INGRESS_HEADER_LENGTH + 40];
            final UnsafeBuffer bytes = new UnsafeBuffer(unknownTemplate);
            bytes.putInt(ClusterProtocol.INGRESS_HEADER_LENGTH, 40, ClusterProtocol.ORDER);
            bytes.putShort(ClusterProtocol.INGRESS_HEADER_LENGTH + 6, (short)9999, ClusterProtocol.ORDER); // the template id
            assertRejected(cluster, unknownTemplate, Reason.INVALID_FIELD, "not a command of this build (template 9999");
            final UnsafeBuffer wants = new UnsafeBuffer(new byte[ClusterProtocol.WANTS_PARTICIPANTS_OFFSET]);
            ClusterProtocol.ingressHeader(wants, 0, 0, ClusterProtocol.WANTS_MARKER);
            wants.putInt(ClusterProtocol.WANTS_COUNT_OFFSET, 5, ClusterProtocol.ORDER); // but no participant follows
            assertRejected(cluster, wants.byteArray(), Reason.INVALID_FIELD, "a WANTS of 20 bytes saying 5 participants");
            final long last = TestCluster.market().size() + DEALS + 3;
            cluster.awaitConverged(last, 30_000);
            final String hash = cluster.stateHash(0);
            cluster.stopAll();

            final NodeJournalCheck first = new NodeJournalCheck(cluster.nodes[0].config().dataDirectory());
            for (int i = 0; i < cluster.nodes.length; i++)
            {
                final NodeJournalCheck node = i == 0 ? first : new NodeJournalCheck(cluster.nodes[i].config().dataDirectory());
                node.assertVerifies("node " + i);
                assertEquals(last, node.replay.commands(), "node " + i + ": commands journaled");
                assertEquals(hash, "0x" + Long.toHexString(node.replay.engine().stateHash()), "node " + i + ": state hash of the replay");
                assertEquals(DEALS, node.acceptedClientDealIds.size(), "node " + i + ": accepted deals journaled");
                NodeJournalCheck.assertSameRecords("node " + i + " commands", first.commands, node.commands);
                NodeJournalCheck.assertSameRecords("node " + i + " events", first.events, node.events);
            }
        }
    }

    /** Sends {@code message} as it is through a plain Aeron Cluster client and expects a REJECTED that says {@code reason}. */
    private static void assertRejected(final TestCluster cluster, final byte[] message, final Reason code, final String reason)
    {
        final List<String> rejections = new java.util.ArrayList<>();
        final EgressListener listener = (clusterSessionId, timestamp, buffer, offset, length, header) ->
        {
            if (ClusterProtocol.kind(buffer, offset) == ClusterProtocol.REJECTED)
            {
                rejections.add(buffer.getInt(offset + ClusterProtocol.REJECTED_REASON_OFFSET, ClusterProtocol.ORDER) + " "
                    + buffer.getStringWithoutLengthAscii(offset + ClusterProtocol.REASON_OFFSET, length - ClusterProtocol.REASON_OFFSET));
            }
        };
        // a client of this build: the nodes refuse one that does not name it (ClientVersionCheck)
        try (AeronCluster raw = AeronCluster.connect(BuildVersion.withCredentials(new AeronCluster.Context(), BuildVersion.current())
            .ingressChannel("aeron:udp").ingressEndpoints(cluster.ingressEndpoints())
            .egressChannel("aeron:udp?endpoint=localhost:0").aeronDirectoryName(cluster.clientAeronDirectory())
            .egressListener(listener)))
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(message);
            await(() -> raw.offer(buffer, 0, message.length) > 0, 10_000, () -> "the ingress did not take the message");
            await(() ->
            {
                raw.pollEgress();
                return !rejections.isEmpty();
            }, 30_000, () -> "no REJECTED for " + reason);
        }
        assertTrue(rejections.get(0).startsWith(code.value() + " " + reason), () -> "expected " + code + " (" + code.value() + "): "
            + rejections);
    }
}
