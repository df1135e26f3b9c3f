package io.settlement.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.settlement.engine.api.Command;
import io.settlement.protocol.wire.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static io.settlement.cluster.TestCluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real network partition (docs/cluster.md, "Tests"): the leader cut off from both followers by its media driver
 * dropping every frame between it and them ({@link PartitionedNodeMain}; the client still reaches it), not killed.
 */
class ClusterPartitionTest
{
    private static final long DEPOSIT_CORRELATION = 500;

    @TempDir
    Path dir;

    @Test
    @Timeout(240)
    void shouldStopAnsweringWritesOnALeaderCutOffWhileTheMajorityGoesOnAndConvergeWhenTheCutHeals() throws Exception
    {
        try (TestCluster cluster = new TestCluster(dir, 3, true))
        {
            cluster.startAll();
            final Answers answers = new Answers();
            // a time-out well past a failover: the deposit below is reported unknown because the leader changed
            try (ClusterClient client = new ClusterClient(cluster.ingressEndpoints(), "localhost", cluster.clientAeronDirectory(),
                TimeUnit.MINUTES.toNanos(2), answers))
            {
                final List<Command> market = TestCluster.market();
                for (int i = 0; i < market.size(); i++)
                {
                    TestCluster.submit(client, 7, i + 1, market.get(i));
                }
                for (long id = 1; id <= 10; id++)
                {
                    TestCluster.submit(client, 7, 1000 + id, TestCluster.deal(id));
                }
                awaitAnswered(cluster, client);
                final long before = market.size() + 10;
                cluster.awaitConverged(before, 30_000);
                final int cut = cluster.leader();
                assertTrue(cut >= 0, cluster::describe);
                assertEquals(cut, client.leaderMemberId(), "the client talks to the leader about to be cut off");

                cluster.cutOff(cut);
                TestCluster.sleep(300); // the node's watch has seen the file: what follows reaches a leader cut off
                TestCluster.submit(client, 7, DEPOSIT_CORRELATION,
                    new Command().deposit(TestCluster.OPS, 0, TestCluster.BANK_A, TestCluster.USD, 1_000));
                TestCluster.submit(client, 7, 1000 + 11, TestCluster.deal(11));
                // the majority elects a leader of its own; the client hears of it and sends the deal again there; the
                // deposit, sent to the leader cut off and not safe to repeat, is of unknown outcome
                await(() ->
                {
                    client.poll();
                    return answers.unknown.contains(DEPOSIT_CORRELATION) && answers.acceptedDeals.containsKey(11L);
                }, 90_000, () -> "deposit unknown " + answers.unknown + ", deal 11 accepted " + answers.acceptedDeals.containsKey(11L)
                    + ": " + cluster.describe() + cluster.logTails());
                assertFalse(answers.completed.contains(DEPOSIT_CORRELATION), "the deposit sent to the leader cut off was answered");
                final int majorityLeader = client.leaderMemberId();
                assertTrue(majorityLeader >= 0 && majorityLeader != cut, "the client's leader is one of the majority: " + majorityLeader);
                TestCluster.submit(client, 7, 1000 + 12, TestCluster.deal(12));
                awaitAnswered(cluster, client);
                assertTrue(answers.acceptedDeals.containsKey(12L), "the majority answers writes");
                assertEquals(before, cluster.lastSequence(cut), "the node cut off applied nothing: " + cluster.describe());
                assertFalse(answers.completed.contains(DEPOSIT_CORRELATION));

                cluster.reconnect(cut);
                cluster.awaitConverged(before + 2, 90_000);
                for (int i = 0; i < cluster.nodes.length; i++)
                {
                    assertTrue(cluster.nodes[i].isAlive(), "node " + i + " runs");
                    assertEquals(before + 2, cluster.lastSequence(i), "node " + i + ": the two deals, never the deposit: " + cluster.describe());
                }
                assertEquals(Reason.OK, answers.first(1000 + 12).reason);
            }
        }
    }

    private static void awaitAnswered(final TestCluster cluster, final ClusterClient client)
    {
        await(() ->
        {
            client.poll();
            return client.pendingCount() == 0;
        }, 90_000, () -> client.pendingCount() + " unanswered; " + cluster.describe());
    }
}
