package io.settlement.cluster;

import java.nio.file.Path;
import java.util.List;

import io.settlement.engine.api.Command;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static io.settlement.cluster.TestCluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A follower restarted from its snapshot plus the log; a minority that must not answer writes. */
class ClusterRecoveryTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void shouldCatchUpAFollowerRestartedFromItsSnapshotPlusTheLog() throws Exception
    {
        try (TestCluster cluster = new TestCluster(dir))
        {
            cluster.startAll();
            final Answers answers = new Answers();
            try (ClusterClient client = cluster.client(answers))
            {
                final List<Command> market = TestCluster.market();
                for (int i = 0; i < market.size(); i++)
                {
                    TestCluster.submit(client, 7, i + 1, market.get(i));
                }
                deals(cluster, client, 1, 100);
                final long atSnapshot = market.size() + 100;
                cluster.awaitConverged(atSnapshot, 30_000);

                final int leader = cluster.leader();
                assertTrue(ClusterNode.requestSnapshot(cluster.nodes[leader].config().aeronDirectory().toString()),
                    "the leader's snapshot toggle was busy");
                await(() ->
                {
                    for (int i = 0; i < cluster.nodes.length; i++)
                    {
                        if (!String.valueOf(atSnapshot).equals(cluster.status(i).getProperty("snapshotTaken")))
                        {
                            return false;
                        }
                    }
                    return true;
                }, 30_000, () -> "no snapshot after " + atSnapshot + " on every node: " + cluster.describe());

                final int follower = (leader + 1) % cluster.nodes.length;
                // the service has written its part; the consensus module records the snapshot once every part is in
                await(() -> cluster.hasSnapshot(follower), 30_000, () -> "the follower's recording log has no snapshot");
                cluster.nodes[follower].kill();
                deals(cluster, client, 101, 200); // the other two are a majority: the cluster goes on
                assertEquals(atSnapshot, cluster.lastSequence(follower), "the killed follower saw none of them");

                cluster.nodes[follower].start();
                final long last = atSnapshot + 100;
                cluster.awaitConverged(last, 90_000);
                assertEquals(String.valueOf(atSnapshot), cluster.status(follower).getProperty("snapshotLoaded"),
                    () -> "the restarted follower started from its snapshot" + cluster.logTails());
                assertEquals(200, answers.acceptedDeals.size());
            }
            final String hash = cluster.stateHash(0);
            cluster.stopAll();
            final NodeJournalCheck first = new NodeJournalCheck(cluster.nodes[0].config().dataDirectory());
            for (int i = 0; i < cluster.nodes.length; i++)
            {
                final NodeJournalCheck node = i == 0 ? first : new NodeJournalCheck(cluster.nodes[i].config().dataDirectory());
                node.assertVerifies("node " + i);
                assertEquals(hash, "0x" + Long.toHexString(node.replay.engine().stateHash()), "node " + i + ": state hash");
                assertEquals(200, node.acceptedClientDealIds.size(), "node " + i + ": accepted deals journaled");
                NodeJournalCheck.assertSameRecords("node " + i + " commands", first.commands, node.commands);
                NodeJournalCheck.assertSameRecords("node " + i + " events", first.events, node.events);
            }
        }
    }

    @Test
    @Timeout(300)
    void shouldNotAnswerWritesInAMinorityAndAnswerThemOnceAMajorityIsBack() throws Exception
    {
        try (TestCluster cluster = new TestCluster(dir))
        {
            cluster.startAll();
            final Answers answers = new Answers();
            try (ClusterClient client = cluster.client(answers))
            {
                final List<Command> market = TestCluster.market();
                for (int i = 0; i < market.size(); i++)
                {
                    TestCluster.submit(client, 7, i + 1, market.get(i));
                }
                deals(cluster, client, 1, 10);
                final long before = market.size() + 10;
                cluster.awaitConverged(before, 30_000);

                // the leader left alone (its two followers killed): the client's write does reach it, and it must not answer
                final int leader = cluster.leader();
                final int survivor = leader;
                final int other = (leader + 2) % cluster.nodes.length;
                cluster.nodes[(leader + 1) % cluster.nodes.length].kill();
                cluster.nodes[other].kill();

                TestCluster.submit(client, 7, 1000 + 11, TestCluster.deal(11));
                final long until = System.currentTimeMillis() + 8_000; // several heartbeat and election timeouts
                while (System.currentTimeMillis() < until)
                {
                    client.poll();
                    TestCluster.sleep(5);
                }
                assertFalse(answers.completed.contains(1000L + 11), "a lone node answered a write");
                assertEquals(1, client.pendingCount());
                assertEquals(before, cluster.lastSequence(survivor), "the lone node applied nothing");

                cluster.nodes[other].start(); // a majority again
                await(() ->
                {
                    client.poll();
                    return client.pendingCount() == 0;
                }, 90_000, () -> "the write was not answered once a majority was back: " + cluster.describe() + cluster.logTails());
                assertTrue(answers.acceptedDeals.containsKey(11L), "the deal sent during the outage is accepted");
                cluster.awaitConverged(before + 1, 60_000);
            }
        }
    }

    @Test
    @Timeout(300)
    void shouldStopANodeWhoseJournalsEndBeforeItsSnapshotAndSaySo() throws Exception
    {
        try (TestCluster cluster = new TestCluster(dir))
        {
            cluster.startAll();
            final Answers answers = new Answers();
            final int follower;
            try (ClusterClient client = cluster.client(answers))
            {
                final List<Command> market = TestCluster.market();
                for (int i = 0; i < market.size(); i++)
                {
                    TestCluster.submit(client, 7, i + 1, market.get(i));
                }
                deals(cluster, client, 1, 10);
                cluster.awaitConverged(market.size() + 10, 30_000);
                final int leader = cluster.leader();
                assertTrue(ClusterNode.requestSnapshot(cluster.nodes[leader].config().aeronDirectory().toString()));
                follower = (leader + 1) % cluster.nodes.length;
                await(() -> cluster.hasSnapshot(follower), 30_000, () -> "no snapshot on the follower: " + cluster.describe());
            }
            cluster.nodes[follower].stop(15_000);
            final Path data = cluster.nodes[follower].config().dataDirectory();
            deleteTree(data.resolve("commands"));
            deleteTree(data.resolve("events"));

            cluster.nodes[follower].start();
            assertEquals(1, cluster.nodes[follower].waitFor(), "the node stops rather than run without its journals");
            final String log = cluster.log(follower);
            assertTrue(log.contains("ends at sequence 0 but the cluster's snapshot is of the state after 16: the journal lacks"
                + " commands 1..16"), log);
        }
    }

    private static void deleteTree(final Path root) throws java.io.IOException
    {
        try (var paths = java.nio.file.Files.walk(root))
        {
            for (final Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList())
            {
                java.nio.file.Files.delete(path);
            }
        }
    }

    /** Submits deals {@code from..to} (clientDealIds) and waits for all their answers. */
    private static void deals(final TestCluster cluster, final ClusterClient client, final long from, final long to)
    {
        for (long id = from; id <= to; id++)
        {
            TestCluster.submit(client, 7, 1000 + id, TestCluster.deal(id));
        }
        await(() ->
        {
            client.poll();
            return client.pendingCount() == 0;
        }, 90_000, () -> client.pendingCount() + " unanswered; " + cluster.describe());
    }
}
