package io.settlement.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static io.settlement.cluster.TestCluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three node processes on loopback: commands submitted before any node runs are sent once a leader is there; the
 * client's wants are in force only once the leader has answered that it took them.
 */
class ClusterClientConnectTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void shouldSendCommandsSubmittedWhileNotConnectedOnceConnected() throws Exception
    {
        try (TestCluster cluster = new TestCluster(dir))
        {
            final Answers answers = new Answers();
            try (ClusterClient client = new ClusterClient(cluster.ingressEndpoints(), "localhost", cluster.clientAeronDirectory(),
                TimeUnit.SECONDS.toNanos(120), answers))
            {
                final List<Command> market = TestCluster.market();
                for (int i = 0; i < market.size(); i++)
                {
                    TestCluster.submit(client, 7, i + 1, market.get(i));
                }
                TestCluster.submit(client, 7, 100, TestCluster.deal(1));
                client.wantPushesOf(new long[] {TestCluster.BANK_A}, 1);
                for (int i = 0; i < 20; i++)
                {
                    client.poll(); // no node runs: nothing can be sent
                    TestCluster.sleep(10);
                }
                assertFalse(client.isConnected());
                assertFalse(client.wantsInForce());
                assertEquals(market.size() + 1, client.pendingCount(), "every command still pending");

                cluster.startAll();
                await(() ->
                {
                    client.poll();
                    return client.isConnected();
                }, 120_000, () -> "not connected; " + cluster.describe());
                // the poll that connected sent the WANTS: the leader cannot have answered it yet
                assertFalse(client.wantsInForce(), "wants in force before the leader took them");
                await(() ->
                {
                    client.poll();
                    return client.pendingCount() == 0 && client.wantsInForce();
                }, 120_000, () -> client.pendingCount() + " commands unanswered, wants in force " + client.wantsInForce() + "; "
                    + cluster.describe());
                assertEquals(1, client.connections());
                assertTrue(answers.unknown.isEmpty(), answers.unknown::toString);
                assertTrue(answers.rejected.isEmpty(), answers.rejected::toString);
                assertEquals(market.size() + 1, answers.completed.size());
                assertEquals(EventType.DEAL_ACCEPTED, answers.first(100).type, () -> answers.replies.toString());
                assertEquals(1, answers.acceptedDeals.size());
            }
        }
    }
}
