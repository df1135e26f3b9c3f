package io.settlement.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.settlement.engine.api.Command;

import org.agrona.SemanticVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static io.settlement.cluster.TestCluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Nodes and clients of another build are refused, loudly, naming both builds (docs/cluster.md, "Builds"). */
class ClusterVersionTest
{
    @TempDir
    Path dir;

    private static void drain(final TestCluster cluster, final ClusterClient client)
    {
        await(() ->
        {
            client.poll();
            return client.pendingCount() == 0;
        }, 60_000, () -> client.pendingCount() + " commands unanswered: " + cluster.describe());
    }

    @Test
    @Timeout(300)
    void shouldRefuseANodeAndAClientOfAnotherBuild() throws Exception
    {
        final String ours = BuildVersion.current();
        final int appVersion = BuildVersion.appVersion(ours);
        // the next patch: the same major, which Aeron Cluster alone would let join
        final String other = SemanticVersion.major(appVersion) + "." + SemanticVersion.minor(appVersion) + "."
            + (SemanticVersion.patch(appVersion) + 1);
        try (TestCluster cluster = new TestCluster(dir))
        {
            final NodeProcess ofOurs = cluster.nodes[2];
            final List<String> flags = new ArrayList<>(TestCluster.jvmFlags());
            flags.add("-D" + BuildVersion.PROPERTY + "=" + other);
            cluster.nodes[2] = new NodeProcess(ofOurs.config(), flags, "256m");

            cluster.nodes[0].start();
            cluster.nodes[1].start();
            await(() -> cluster.leader() >= 0, 120_000, () -> "no leader: " + cluster.describe() + cluster.logTails());
            final Answers answers = new Answers();
            try (ClusterClient ofOursClient = cluster.client(answers))
            {
                answers.client = ofOursClient;
                final List<Command> market = TestCluster.market();
                for (int i = 0; i < market.size(); i++)
                {
                    TestCluster.submit(ofOursClient, 7, i + 1, market.get(i));
                }
                drain(cluster, ofOursClient);
            }
            cluster.nodes[2].start();

            // node 2 joins as a follower, hears the leader's term begun by another build, applies nothing and stops
            await(() -> !cluster.nodes[2].isAlive(), 120_000, () -> "node 2 of build " + other + " runs on:" + cluster.logTails());
            assertEquals(1, cluster.nodes[2].exitCode(), cluster.log(2));
            final String expected = "this node's build is " + other + ", the log's leadership term";
            assertTrue(cluster.log(2).contains(expected) && cluster.log(2).contains("of build " + BuildVersion.describe(appVersion)),
                () -> "node 2's log names both builds:\n" + cluster.log(2));
            assertEquals(0, cluster.lastSequence(2), () -> "node 2 applied none of the market's commands: " + cluster.describe());

            // a client of another build: refused by the leader, which names both builds; the client says its own
            final String previous = System.setProperty(BuildVersion.PROPERTY, other);
            final ClusterClient client;
            try
            {
                client = cluster.client(new Answers());
            }
            finally
            {
                if (previous == null)
                {
                    System.clearProperty(BuildVersion.PROPERTY);
                }
                else
                {
                    System.setProperty(BuildVersion.PROPERTY, previous);
                }
            }
            try (client)
            {
                final IllegalStateException refused = assertThrows(IllegalStateException.class, () ->
                {
                    final long deadline = System.currentTimeMillis() + 60_000;
                    while (System.currentTimeMillis() < deadline)
                    {
                        client.poll();
                        TestCluster.sleep(10);
                    }
                });
                assertTrue(refused.getMessage().contains("refused this client of build " + other), refused::getMessage);
            }
            final String leaderLog = cluster.log(cluster.leader());
            assertTrue(leaderLog.contains("refused: the client's build is " + other + ", this node's " + ours), leaderLog);

            // the nodes of one build go on: a client of ours is answered
            final Answers more = new Answers();
            try (ClusterClient ofOursClient = cluster.client(more))
            {
                more.client = ofOursClient;
                TestCluster.submit(ofOursClient, 7, 100, TestCluster.deal(1));
                drain(cluster, ofOursClient);
                assertEquals(1, more.acceptedDeals.size(), "the deal is accepted");
            }
        }
    }
}
