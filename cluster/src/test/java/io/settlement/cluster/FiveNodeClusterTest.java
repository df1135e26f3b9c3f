package io.settlement.cluster;

import java.nio.file.Path;
import java.util.List;

import io.settlement.engine.api.Command;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static io.settlement.cluster.TestCluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Five nodes: two lost at once (the leader among them), the other three go on committing and agree. */
class FiveNodeClusterTest
{
    static final int DEALS = 100;

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void shouldGoOnCommittingWhenTwoOfFiveNodesAreKilled() throws Exception
    {
        try (TestCluster cluster = new TestCluster(dir, 5))
        {
            cluster.startAll();
            final Answers answers = new Answers();
            try (ClusterClient client = cluster.client(answers))
            {
                answers.client = client;
                final List<Command> market = TestCluster.market();
                for (int i = 0; i < market.size(); i++)
                {
                    TestCluster.submit(client, 7, i + 1, market.get(i));
                }
                drain(cluster, client);
                for (int i = 1; i <= DEALS; i++)
                {
                    TestCluster.submit(client, 7, 1000 + i, TestCluster.deal(i));
                }
                drain(cluster, client);
                cluster.awaitConverged(answers.highestSequence, 120_000);

                final int leader = cluster.leader();
                assertTrue(leader >= 0, cluster::describe);
                final int follower = (leader + 1) % 5;
                cluster.nodes[leader].kill();
                cluster.nodes[follower].kill();

                // three of five: a majority; a new leader is elected and every deal is answered
                for (int i = DEALS + 1; i <= 2 * DEALS; i++)
                {
                    TestCluster.submit(client, 7, 1000 + i, TestCluster.deal(i));
                }
                drain(cluster, client);
                assertEquals(2 * DEALS, answers.acceptedDeals.size(), "every deal accepted");
                assertTrue(answers.unknown.isEmpty() && answers.rejected.isEmpty(), () -> answers.unknown + " " + answers.rejected);
                assertTrue(cluster.leader() >= 0 && cluster.leader() != leader, cluster::describe);
                // the three left agree (awaitConverged looks at the live nodes only)
                cluster.awaitConverged(answers.highestSequence, 120_000);
            }
        }
    }

    private static void drain(final TestCluster cluster, final ClusterClient client)
    {
        await(() ->
        {
            client.poll();
            return client.pendingCount() == 0;
        }, 120_000, () -> client.pendingCount() + " commands unanswered; " + cluster.describe() + cluster.logTails());
    }
}
