package io.settlement.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.api.Command;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.gateway.client.Response;
import io.settlement.journal.SettlementNode;
import io.settlement.protocol.wire.Reason;
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
 * The SBE gateway in front of three node processes on loopback ({@link ClusterIntake}), its clients real
 * {@code GatewayClient}s over TCP: answered as a single node answers, pushes to the counterparty, and no
 * deal it acknowledged lost when the leader is killed under load.
 */
class ClusterGatewayTest
{
    static final int DEALS = 50;
    static final int WINDOW = 32;

    @TempDir
    Path dir;

    @Test
    @Timeout(240)
    void shouldAnswerDealsAndACycleAsASingleNodeDoesAndPushToTheCounterparty() throws Exception
    {
        final List<String> single;
        try (SettlementNode node = SettlementNode.start(new SettlementNode.Config(dir.resolve("single")).log(line -> { })
            .engine(new EngineConfig())))
        {
            for (final Command command : TestCluster.market())
            {
                final PipelineClient client = node.client(command.submitterId);
                final PipelineClient.Outcome outcome = client.send(command).get(10, TimeUnit.SECONDS);
                assertEquals(Reason.OK, outcome.first().reason, outcome.events()::toString);
                client.close();
            }
            try (GatewayInFront gateway = GatewayInFront.ofNode(node))
            {
                single = script(gateway);
            }
        }

        try (TestCluster cluster = new TestCluster(dir.resolve("cluster")))
        {
            cluster.startAll();
            setUpMarket(cluster);
            try (GatewayInFront gateway = GatewayInFront.ofCluster(cluster))
            {
                TestCluster.await(gateway.intake::isAccepting, 60_000, () -> "the gateway's intake did not connect: " + cluster.describe());
                final List<String> clustered = script(gateway);
                assertEquals(single, clustered);
            }
        }
    }

    /**
     * Logons, deposits, {@link #DEALS} deals pipelined, one repeated, a cycle: every answer and push in the order each
     * client got them.
     */
    private static List<String> script(final GatewayInFront gateway) throws Exception
    {
        final List<String> heard = new ArrayList<>();
        final GatewayInFront.Session a = gateway.logon(BANK_A);
        final GatewayInFront.Session b = gateway.logon(BANK_B);
        final GatewayInFront.Session ops = gateway.logon(OPS);
        heard.add("A " + a.logon);
        heard.add("B " + b.logon);
        assertEquals(TODAY, a.logon.businessDate(), "the business date at logon");
        heard.add("OPS " + await(ops.client.deposit(BANK_A, USD, 100L * DEALS)));
        heard.add("OPS " + await(ops.client.deposit(BANK_B, ACME, DEALS)));
        final List<CompletableFuture<Response>> deals = new ArrayList<>();
        for (int i = 1; i <= DEALS; i++)
        {
            deals.add(a.client.submitDeal(i, BANK_A, BANK_B, ACME, USD, 1, 100, TODAY, io.settlement.gateway.client.sbe.DealType.DVP));
        }
        for (final CompletableFuture<Response> deal : deals)
        {
            heard.add("A " + await(deal));
        }
        heard.add("A repeat " + await(a.client.submitDeal(1, BANK_A, BANK_B, ACME, USD, 1, 100, TODAY, io.settlement.gateway.client.sbe.DealType.DVP)));
        heard.add("OPS " + await(ops.client.runSettlementCycle()));
        TestCluster.await(() -> b.pushes.size() >= DEALS && a.pushes.size() >= DEALS, 30_000,
            () -> "pushes: A " + a.pushes.size() + ", B " + b.pushes.size());
        assertEquals(DEALS, b.pushes.stream().filter(p -> p.type() == Response.Type.DEAL_SETTLED).count(),
            "every settlement pushed to the counterparty: " + b.pushes);
        a.pushes.forEach(p -> heard.add("A push " + p));
        b.pushes.forEach(p -> heard.add("B push " + p));
        ops.pushes.forEach(p -> heard.add("OPS push " + p));
        return heard;
    }

    @Test
    @Timeout(300)
    void shouldKeepEveryDealAcceptedThroughTheGatewayWhenTheLeaderIsKilledUnderLoad() throws Exception
    {
        try (TestCluster cluster = new TestCluster(dir))
        {
            cluster.startAll();
            setUpMarket(cluster);
            final Map<Long, Long> accepted = new HashMap<>();
            final List<Long> unanswered = new ArrayList<>();
            final long lastClientDealId;
            final int killed;
            try (GatewayInFront gateway = GatewayInFront.ofCluster(cluster))
            {
                TestCluster.await(gateway.intake::isAccepting, 60_000, () -> "the gateway's intake did not connect: " + cluster.describe());
                final GatewayInFront.Session a = gateway.logon(BANK_A);
                final Map<Long, CompletableFuture<Response>> inFlight = new HashMap<>();
                long next = 1;
                killed = cluster.leader();
                assertTrue(killed >= 0, "no leader: " + cluster.describe());
                boolean leaderKilled = false;
                int acceptedAfterKill = 0;
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                // pipelined: WINDOW deals in flight; the leader killed once 200 are accepted; on until 200 more are
                while (acceptedAfterKill < 200 && System.nanoTime() < deadline)
                {
                    while (inFlight.size() < WINDOW)
                    {
                        final long clientDealId = next++;
                        inFlight.put(clientDealId, a.client.submitDeal(clientDealId, BANK_A, BANK_B, ACME, USD, 1, 100, TODAY, io.settlement.gateway.client.sbe.DealType.DVP));
                    }
                    final List<Long> done = new ArrayList<>();
                    for (final Map.Entry<Long, CompletableFuture<Response>> deal : inFlight.entrySet())
                    {
                        if (deal.getValue().isDone())
                        {
                            done.add(deal.getKey());
                            final Response response = deal.getValue().get();
                            if (response.type() == Response.Type.DEAL_ACCEPTED)
                            {
                                accepted.put(deal.getKey(), response.dealId());
                                acceptedAfterKill += leaderKilled ? 1 : 0;
                            }
                            else
                            {
                                assertEquals(Response.Type.DEAL_REJECTED, response.type(), response::toString);
                                assertTrue(response.reason() == io.settlement.gateway.client.sbe.Reason.UNAVAILABLE
                                    || response.reason() == io.settlement.gateway.client.sbe.Reason.BUSY, response::toString);
                                unanswered.add(deal.getKey());
                            }
                        }
                    }
                    done.forEach(inFlight::remove);
                    if (!leaderKilled && accepted.size() >= 200)
                    {
                        cluster.nodes[killed].kill();
                        leaderKilled = true;
                    }
                    TestCluster.sleep(1);
                }
                assertTrue(acceptedAfterKill >= 200, () -> "the load stalled after the kill: " + accepted.size() + " accepted, "
                    + unanswered.size() + " unanswered; " + cluster.describe());
                for (final Map.Entry<Long, CompletableFuture<Response>> deal : inFlight.entrySet())
                {
                    final Response response = await(deal.getValue());
                    if (response.type() == Response.Type.DEAL_ACCEPTED)
                    {
                        accepted.put(deal.getKey(), response.dealId());
                    }
                    else
                    {
                        unanswered.add(deal.getKey());
                    }
                }
                lastClientDealId = next - 1;

                // every deal again, by its clientDealId: an accepted one gets its original answer, an unanswered one its first
                for (long clientDealId = 1; clientDealId <= lastClientDealId; clientDealId++)
                {
                    final Response response = await(a.client.submitDeal(clientDealId, BANK_A, BANK_B, ACME, USD, 1, 100, TODAY, io.settlement.gateway.client.sbe.DealType.DVP));
                    assertEquals(Response.Type.DEAL_ACCEPTED, response.type(), response::toString);
                    final Long original = accepted.putIfAbsent(clientDealId, response.dealId());
                    if (original != null)
                    {
                        assertEquals(original, response.dealId(), "the original answer to " + clientDealId);
                    }
                }
                System.out.println("deals through the gateway: " + lastClientDealId + ", " + unanswered.size()
                    + " answered UNAVAILABLE or BUSY around the kill and accepted when sent again");
            }
            cluster.stopAll();
            for (int i = 0; i < cluster.nodes.length; i++)
            {
                if (i == killed)
                {
                    continue;
                }
                final NodeJournalCheck node = new NodeJournalCheck(cluster.nodes[i].config().dataDirectory());
                node.assertVerifies("node " + i);
                for (long clientDealId = 1; clientDealId <= lastClientDealId; clientDealId++)
                {
                    assertTrue(node.acceptedClientDealIds.contains(clientDealId), "node " + i + " lacks acknowledged deal " + clientDealId);
                }
            }
        }
    }

    @Test
    @Timeout(300)
    void shouldAnswerUnavailableWhatTheClusterDoesNotAnswerInTime() throws Exception
    {
        try (TestCluster cluster = new TestCluster(dir))
        {
            cluster.startAll();
            setUpMarket(cluster);
            try (GatewayInFront gateway = GatewayInFront.ofCluster(cluster, TimeUnit.SECONDS.toNanos(3)))
            {
                TestCluster.await(gateway.intake::isAccepting, 60_000, () -> "the gateway's intake did not connect: " + cluster.describe());
                final GatewayInFront.Session a = gateway.logon(BANK_A);
                final GatewayInFront.Session ops = gateway.logon(OPS);
                assertEquals(Response.Type.DEAL_ACCEPTED,
                    await(a.client.submitDeal(1, BANK_A, BANK_B, ACME, USD, 1, 100, TODAY, io.settlement.gateway.client.sbe.DealType.DVP)).type());

                // the leader left alone (both followers killed): it commits nothing, so nothing is answered
                final int leader = cluster.leader();
                final int other = (leader + 2) % cluster.nodes.length;
                cluster.nodes[(leader + 1) % cluster.nodes.length].kill();
                cluster.nodes[other].kill();
                final Response deal = await(a.client.submitDeal(2, BANK_A, BANK_B, ACME, USD, 1, 100, TODAY,
                    io.settlement.gateway.client.sbe.DealType.DVP));
                assertEquals(Response.Type.DEAL_REJECTED, deal.type(), deal::toString);
                assertEquals(io.settlement.gateway.client.sbe.Reason.UNAVAILABLE, deal.reason(), deal::toString);
                assertEquals(2, deal.clientDealId());
                final Response deposit = await(ops.client.deposit(BANK_A, USD, 1_000));
                assertEquals(Response.Type.COMMAND_RESULT, deposit.type(), deposit::toString);
                assertEquals(io.settlement.gateway.client.sbe.Reason.UNAVAILABLE, deposit.result(), deposit::toString);

                cluster.nodes[other].start(); // a majority again: the deal sent again by its clientDealId is accepted, once
                TestCluster.await(gateway.intake::isAccepting, 90_000, () -> "the gateway did not reconnect: " + cluster.describe());
                Response again = null;
                final long deadline = System.currentTimeMillis() + 90_000;
                while (System.currentTimeMillis() < deadline)
                {
                    again = await(a.client.submitDeal(2, BANK_A, BANK_B, ACME, USD, 1, 100, TODAY, io.settlement.gateway.client.sbe.DealType.DVP));
                    if (again.type() == Response.Type.DEAL_ACCEPTED)
                    {
                        break;
                    }
                    TestCluster.sleep(500); // UNAVAILABLE while the nodes elect a leader
                }
                assertEquals(Response.Type.DEAL_ACCEPTED, again.type(), again::toString);
                final Response repeat = await(a.client.submitDeal(2, BANK_A, BANK_B, ACME, USD, 1, 100, TODAY,
                    io.settlement.gateway.client.sbe.DealType.DVP));
                assertEquals(again.dealId(), repeat.dealId(), "the original answer");
            }
        }
    }

    /** The market every test starts from, through a client of its own. */
    static void setUpMarket(final TestCluster cluster)
    {
        final Answers answers = new Answers();
        try (ClusterClient setUp = cluster.client(answers))
        {
            final List<Command> market = TestCluster.market();
            for (int i = 0; i < market.size(); i++)
            {
                TestCluster.submit(setUp, 7, i + 1, market.get(i));
            }
            TestCluster.await(() ->
            {
                setUp.poll();
                return setUp.pendingCount() == 0;
            }, 120_000, () -> "the market was not set up: " + cluster.describe());
            for (int i = 1; i <= market.size(); i++)
            {
                assertEquals(Reason.OK, answers.first(i).reason, answers.replies::toString);
            }
        }
    }
}
