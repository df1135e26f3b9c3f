package io.settlement.cluster;

import java.nio.file.Path;

import io.settlement.gateway.client.Response;
import io.settlement.gateway.client.sbe.DealType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static io.settlement.cluster.GatewayInFront.await;
import static io.settlement.cluster.TestCluster.ACME;
import static io.settlement.cluster.TestCluster.BANK_A;
import static io.settlement.cluster.TestCluster.BANK_B;
import static io.settlement.cluster.TestCluster.OPS;
import static io.settlement.cluster.TestCluster.TODAY;
import static io.settlement.cluster.TestCluster.USD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three gateways on one cluster (docs/cluster.md, "Pushes"): A logged on at the first, B at the second, the
 * operator at the third. A deal between A and B settled by the operator's cycle is pushed by the cluster to the first
 * two gateways only (the third has no session of either party), before and after a leader change, and after every
 * node has stopped and started again from a snapshot.
 */
class ClusterPushWantsTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void shouldPushOnlyToTheGatewaysWithASessionOfAParty() throws Exception
    {
        try (TestCluster cluster = new TestCluster(dir))
        {
            cluster.startAll();
            ClusterGatewayTest.setUpMarket(cluster);
            try (GatewayInFront first = GatewayInFront.ofCluster(cluster);
                GatewayInFront second = GatewayInFront.ofCluster(cluster);
                GatewayInFront third = GatewayInFront.ofCluster(cluster))
            {
                final GatewayInFront[] gateways = {first, second, third};
                awaitAccepting(cluster, gateways);
                final GatewayInFront.Session a = first.logon(BANK_A);
                final GatewayInFront.Session b = second.logon(BANK_B);
                final GatewayInFront.Session ops = third.logon(OPS);

                settle(cluster, 1, a, b, ops);
                assertPushes(1, first, second, third);

                // a leader change: the wants are the cluster's state, on every node
                final int killed = cluster.leader();
                cluster.nodes[killed].kill();
                TestCluster.await(() -> cluster.leader() >= 0 && cluster.leader() != killed, 60_000,
                    () -> "no new leader: " + cluster.describe());
                final int newLeader = cluster.leader();
                for (final GatewayInFront gateway : gateways)
                {
                    // a gateway accepting before it has heard of the new leader is still accepting for the old one
                    TestCluster.await(() -> gateway.intake.leader() == newLeader, 60_000,
                        () -> "a gateway has not heard of the new leader " + newLeader + ": " + cluster.describe());
                    // and says so in its log (a new session instead, should the old one have been closed)
                    TestCluster.await(() -> gateway.log.stream().anyMatch(line -> line.contains("leader is now member " + newLeader)
                        || line.contains("leader member " + newLeader + " (a new session")), 10_000, gateway.log::toString);
                }
                awaitAccepting(cluster, gateways);
                settle(cluster, 2, a, b, ops);
                assertPushes(2, first, second, third);

                // a snapshot, every node stopped and started again from it
                cluster.nodes[killed].start();
                cluster.awaitConverged(cluster.lastSequence(cluster.leader()), 90_000);
                final int leader = cluster.leader();
                assertTrue(ClusterNode.requestSnapshot(cluster.nodes[leader].config().aeronDirectory().toString()),
                    "the leader's snapshot toggle was busy");
                final long atSnapshot = cluster.lastSequence(leader);
                TestCluster.await(() ->
                {
                    for (int i = 0; i < cluster.nodes.length; i++)
                    {
                        if (!cluster.hasSnapshot(i) || !String.valueOf(atSnapshot).equals(cluster.status(i).getProperty("snapshotTaken")))
                        {
                            return false;
                        }
                    }
                    return true;
                }, 60_000, () -> "no snapshot after " + atSnapshot + " on every node: " + cluster.describe());
                final long[] sessionsBefore = new long[gateways.length];
                for (int i = 0; i < gateways.length; i++)
                {
                    sessionsBefore[i] = gateways[i].intake.sessions();
                }
                cluster.stopAll();
                cluster.startAll();
                TestCluster.await(() -> cluster.leader() >= 0, 90_000, () -> "no leader after the restart: " + cluster.describe());
                for (int i = 0; i < gateways.length; i++)
                {
                    // a leader starting from a snapshot closes every session it restored: each gateway needs a new one
                    final GatewayInFront gateway = gateways[i];
                    final long before = sessionsBefore[i];
                    TestCluster.await(() -> gateway.intake.sessions() > before, 90_000,
                        () -> "a gateway has no new session after the restart: " + cluster.describe());
                    TestCluster.await(() -> gateway.log.stream().anyMatch(line -> line.contains("(a new session: the last one, ")), 10_000,
                        gateway.log::toString);
                }
                for (int i = 0; i < cluster.nodes.length; i++)
                {
                    final int member = i;
                    TestCluster.await(() -> String.valueOf(atSnapshot).equals(cluster.status(member).getProperty("snapshotLoaded")),
                        60_000, () -> "node " + member + " did not start from the snapshot: " + cluster.describe());
                }
                awaitAccepting(cluster, gateways);
                settle(cluster, 3, a, b, ops);
                assertPushes(3, first, second, third);
            }
        }
    }

    /** The operator funds a deal {@code clientDealId} of A buying from B, A submits it, the operator runs a cycle. */
    private static void settle(
        final TestCluster cluster, final long clientDealId, final GatewayInFront.Session a, final GatewayInFront.Session b,
        final GatewayInFront.Session ops) throws Exception
    {
        assertEquals(Response.Type.COMMAND_RESULT, retry(cluster, () -> await(ops.client.deposit(BANK_A, USD, 100))).type());
        retry(cluster, () -> await(ops.client.deposit(BANK_B, ACME, 1)));
        final Response deal = retry(cluster, () -> await(a.client.submitDeal(clientDealId, BANK_A, BANK_B, ACME, USD, 1, 100, TODAY,
            DealType.DVP)));
        assertEquals(Response.Type.DEAL_ACCEPTED, deal.type(), deal::toString);
        retry(cluster, () -> await(ops.client.runSettlementCycle()));
        TestCluster.await(() -> settlements(a) >= clientDealId && settlements(b) >= clientDealId, 30_000,
            () -> "settlements pushed: A " + a.pushes + ", B " + b.pushes);
        assertEquals(clientDealId, settlements(a), a.pushes::toString);
        assertEquals(clientDealId, settlements(b), b.pushes::toString);
    }

    /** Each gateway of a party has had the {@code settled} settlements pushed by the cluster; the operator's none. */
    private static void assertPushes(final long settled, final GatewayInFront first, final GatewayInFront second,
        final GatewayInFront third)
    {
        TestCluster.sleep(200); // a push to the wrong gateway would have arrived with the right ones
        assertEquals(settled, first.intake.partyPushesHeard(), "pushes the cluster sent the gateway of A");
        assertEquals(settled, second.intake.partyPushesHeard(), "pushes the cluster sent the gateway of B");
        assertEquals(0, third.intake.partyPushesHeard(), "pushes the cluster sent the gateway of neither party");
    }

    private static long settlements(final GatewayInFront.Session session)
    {
        return session.pushes.stream().filter(p -> p.type() == Response.Type.DEAL_SETTLED).count();
    }

    /** Each gateway connected to the leader, which has taken its wants (WANTS_TAKEN): pushes from now on reach it. */
    private static void awaitAccepting(final TestCluster cluster, final GatewayInFront... gateways)
    {
        for (final GatewayInFront gateway : gateways)
        {
            TestCluster.await(gateway.intake::isAccepting, 90_000, () -> "a gateway's intake did not connect: " + cluster.describe());
        }
    }

    /** A request answered UNAVAILABLE (sent while the gateway had not yet seen a failover) is sent again. */
    private static Response retry(final TestCluster cluster, final Request request) throws Exception
    {
        final long deadline = System.currentTimeMillis() + 60_000;
        while (true)
        {
            final Response response = request.send();
            final boolean unavailable = response.type() == Response.Type.COMMAND_RESULT
                && response.result() == io.settlement.gateway.client.sbe.Reason.UNAVAILABLE
                || response.type() == Response.Type.DEAL_REJECTED && response.reason() == io.settlement.gateway.client.sbe.Reason.UNAVAILABLE;
            if (!unavailable || System.currentTimeMillis() > deadline)
            {
                return response;
            }
            TestCluster.sleep(200);
        }
    }

    @FunctionalInterface
    private interface Request
    {
        Response send() throws Exception;
    }
}
