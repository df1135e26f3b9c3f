package io.settlement.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.settlement.engine.api.Command;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static io.settlement.cluster.TestCluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The leader killed with SIGKILL while deals are in flight, five times (each time the killed node
 * restarted and caught up before the next kill): every deal the client was told was accepted is in
 * every node's journals, and all nodes end with the same state.
 */
class ClusterFailoverTest
{
    /** Leader kills in the test, about 15 s each here (the failover figures of perf-results run it with -Dsettlement.cluster.kills=10). */
    static final int KILLS = Integer.getInteger("settlement.cluster.kills", 5);
    static final int WINDOW = 32;
    static final int DEALS_BETWEEN_KILLS = 150;

    @TempDir
    Path dir;

    @Test
    @Timeout(600)
    void shouldKeepEveryAcknowledgedDealWhenTheLeaderIsKilledUnderPipelinedLoad() throws Exception
    {
        try (TestCluster cluster = new TestCluster(dir))
        {
            cluster.startAll();
            final Answers answers = new Answers();
            final List<Long> failoverMs = new ArrayList<>();
            try (ClusterClient client = cluster.client(answers))
            {
                answers.client = client;
                final List<Command> market = TestCluster.market();
                for (int i = 0; i < market.size(); i++)
                {
                    TestCluster.submit(client, 7, i + 1, market.get(i));
                }
                drain(cluster, client);
                final Load load = new Load(client, answers);
                for (int kill = 0; kill < KILLS; kill++)
                {
                    load.until(cluster, () -> answers.acceptedDeals.size() >= load.acceptedAtStart + DEALS_BETWEEN_KILLS / 2);
                    final int leader = cluster.leader();
                    assertTrue(leader >= 0, "no leader before kill " + (kill + 1) + ": " + cluster.describe());
                    answers.firstAnswerAfterKillNs = 0;
                    answers.killedLeader = leader;
                    cluster.nodes[leader].kill();
                    final long killedNs = System.nanoTime();
                    // under load until the new leader answers
                    load.until(cluster, () -> answers.firstAnswerAfterKillNs != 0);
                    failoverMs.add((answers.firstAnswerAfterKillNs - killedNs) / 1_000_000);
                    answers.killedLeader = -1;
                    load.until(cluster, () -> answers.acceptedDeals.size() >= load.acceptedAtStart + DEALS_BETWEEN_KILLS);
                    drain(cluster, client);
                    cluster.nodes[leader].start();
                    cluster.awaitConverged(answers.highestSequence, 90_000);
                    load.acceptedAtStart = answers.acceptedDeals.size();
                }
                drain(cluster, client);
                assertTrue(answers.unknown.isEmpty(), "deals are safe to repeat: no outcome is unknown " + answers.unknown);
                assertTrue(answers.rejected.isEmpty(), answers.rejected::toString);
                assertEquals(load.submitted, answers.acceptedDeals.size(), "every deal submitted is acknowledged as accepted");
            }
            System.out.println("failover ms (leader killed to the first answer from the new leader): " + failoverMs);
            cluster.awaitConverged(answers.highestSequence, 60_000);
            final String hash = cluster.stateHash(0);
            cluster.stopAll();

            final NodeJournalCheck first = new NodeJournalCheck(cluster.nodes[0].config().dataDirectory());
            for (int i = 0; i < cluster.nodes.length; i++)
            {
                final NodeJournalCheck node = i == 0 ? first : new NodeJournalCheck(cluster.nodes[i].config().dataDirectory());
                node.assertVerifies("node " + i);
                assertEquals(hash, "0x" + Long.toHexString(node.replay.engine().stateHash()), "node " + i + ": state hash");
                for (final long clientDealId : answers.acceptedDeals.keySet())
                {
                    assertTrue(node.acceptedClientDealIds.contains(clientDealId),
                        "node " + i + " lacks acknowledged deal " + clientDealId);
                }
                NodeJournalCheck.assertSameRecords("node " + i + " commands", first.commands, node.commands);
                NodeJournalCheck.assertSameRecords("node " + i + " events", first.events, node.events);
            }
        }
    }

    private static void drain(final TestCluster cluster, final ClusterClient client)
    {
        await(() ->
        {
            client.poll();
            return client.pendingCount() == 0;
        }, 90_000, () -> client.pendingCount() + " commands unanswered; " + cluster.describe());
    }

    /** Keeps {@link #WINDOW} deals in flight. */
    private static final class Load
    {
        final ClusterClient client;
        final Answers answers;
        long submitted;
        int acceptedAtStart;

        Load(final ClusterClient client, final Answers answers)
        {
            this.client = client;
            this.answers = answers;
        }

        void until(final TestCluster cluster, final java.util.function.BooleanSupplier done)
        {
            await(() ->
            {
                while (client.pendingCount() < WINDOW)
                {
                    submitted++;
                    TestCluster.submit(client, 7, 1000 + submitted, TestCluster.deal(submitted));
                }
                client.poll();
                return done.getAsBoolean();
            }, 90_000, () -> "load stalled: " + answers.acceptedDeals.size() + " accepted, " + client.pendingCount()
                + " pending;" + cluster.describe());
        }
    }
}
