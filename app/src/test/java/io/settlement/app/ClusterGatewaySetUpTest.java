package io.settlement.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.settlement.cluster.ClusterClient;
import io.settlement.cluster.ClusterIntake;
import io.settlement.cluster.ClusterNodeConfig;
import io.settlement.cluster.NodeProcess;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.EventType;
import io.settlement.engine.pipeline.SessionRouter;
import io.settlement.gateway.ApiChannel;
import io.settlement.protocol.wire.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The set-up of {@code settlement gateway --cluster} against three real nodes: two gateways starting together in front
 * of a new cluster both start, and the configuration's set-up is applied once; a set-up that stopped part-way is named and
 * completed with {@code --set-up-from}.
 */
class ClusterGatewaySetUpTest
{
    /** docs/examples/server.conf: {@code deposit participant=1 instrument=840 amount=10_000_000_00}. */
    private static final long EXAMPLE_DEPOSIT_1_IN_840 = 1_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void twoGatewaysStartingTogetherBothStartAndTheSetUpIsAppliedOnceAndAPartWaySetUpIsNamedAndCompleted() throws Exception
    {
        // below the kernel's ephemeral range (32768 up), as TestCluster chooses
        final int basePort = 20_000 + 100 * ThreadLocalRandom.current().nextInt(127);
        final List<String> hosts = List.of("localhost", "localhost", "localhost");
        final List<NodeProcess> nodes = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++)
        {
            nodes.add(new NodeProcess(new ClusterNodeConfig(i, hosts, basePort, dir.resolve("node" + i),
                ClusterNodeConfig.DEFAULT_HEARTBEAT_INTERVAL_MS, ClusterNodeConfig.DEFAULT_HEARTBEAT_TIMEOUT_MS,
                ClusterNodeConfig.DEFAULT_ELECTION_TIMEOUT_MS, 0), NodeProcess.inheritedJvmFlags(), "256m"));
        }
        final String endpoints = ClusterNodeConfig.ingressEndpoints(hosts, basePort);
        final ServerConfig config = ServerConfig.read(Path.of("../docs/examples/server.conf").toAbsolutePath());
        try
        {
            for (final NodeProcess node : nodes)
            {
                node.start();
            }
            final SessionRouter routerA = new SessionRouter();
            final SessionRouter routerB = new SessionRouter();
            try (ClusterIntake a = new ClusterIntake(endpoints, "localhost", dir.resolve("aeron-a").toString(), true,
                    ClusterClient.DEFAULT_COMMAND_TIMEOUT_NS, routerA);
                ClusterIntake b = new ClusterIntake(endpoints, "localhost", dir.resolve("aeron-b").toString(), true,
                    ClusterClient.DEFAULT_COMMAND_TIMEOUT_NS, routerB))
            {
                final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!a.isAccepting() || !b.isAccepting())
                {
                    assertTrue(System.nanoTime() - deadlineNs < 0, "no leader of the cluster within 60 s");
                    Thread.sleep(10);
                }
                final CountDownLatch go = new CountDownLatch(1);
                final Gateway gatewayA = new Gateway("A", a, routerA, config, go);
                final Gateway gatewayB = new Gateway("B", b, routerB, config, go);
                go.countDown();
                gatewayA.join(60_000);
                gatewayB.join(60_000);
                final String said = gatewayA.outcome + "\n" + gatewayB.outcome;
                System.out.println(said);
                assertTrue(gatewayA.outcome.startsWith("A: started"), said);
                assertTrue(gatewayB.outcome.startsWith("B: started"), said);

                try (ApiChannel check = new ApiChannel(a, routerA))
                {
                    final ApiChannel.Reply position = check.send(Command.SYSTEM_SUBMITTER,
                        new Command().queryPosition(Command.SYSTEM_SUBMITTER, 0, 1, 840)).get(30, TimeUnit.SECONDS);
                    assertEquals(Reason.OK, position.published());
                    assertEquals(EventType.POSITION_REPORT, position.first().type, position.events().toString());
                    assertEquals(EXAMPLE_DEPOSIT_1_IN_840, position.first().amount, "participant 1's USD, deposited once: " + said);
                }

                // a set-up that stopped part-way: the cluster holds the example's set-up, not the lines added after it
                final Path extended = dir.resolve("extended.conf");
                Files.writeString(extended, Files.readString(Path.of("../docs/examples/server.conf"))
                    + "participant id=3 role=MEMBER name=\"Westbank\" short=WESTBANK\n"
                    + "deposit participant=3 instrument=840 amount=250_00\n");
                final ServerConfig extendedConfig = ServerConfig.read(extended);
                final int participant3Line = extendedConfig.setUpLines.get(extendedConfig.setUp.size() - 2);
                final StringWriter skipped = new StringWriter();
                ClusterGatewayCommand.setUp(a, routerA, extendedConfig, new PrintWriter(skipped, true));
                assertTrue(skipped.toString().contains("WARNING: the cluster does not hold what the configuration's lines "
                    + participant3Line + " create"), skipped::toString);

                final StringWriter completed = new StringWriter();
                ClusterGatewayCommand.setUp(b, routerB, extendedConfig, participant3Line, new PrintWriter(completed, true));
                assertTrue(completed.toString().contains("applied the configuration's set-up lines " + participant3Line + " to "
                    + (participant3Line + 1) + " (2 commands)"), completed::toString);
                try (ApiChannel check = new ApiChannel(a, routerA))
                {
                    assertEquals(250_00L, check.send(Command.SYSTEM_SUBMITTER, new Command().queryPosition(Command.SYSTEM_SUBMITTER, 0, 3, 840))
                        .get(30, TimeUnit.SECONDS).first().amount);
                    assertEquals(EXAMPLE_DEPOSIT_1_IN_840, check.send(Command.SYSTEM_SUBMITTER,
                        new Command().queryPosition(Command.SYSTEM_SUBMITTER, 0, 1, 840)).get(30, TimeUnit.SECONDS).first().amount,
                        "the lines before --set-up-from are not applied again");
                }
            }
        }
        finally
        {
            for (final NodeProcess node : nodes)
            {
                node.kill();
            }
        }
    }

    /** A gateway's set-up on a thread of its own, started by {@code go}. */
    private static final class Gateway extends Thread
    {
        private final ClusterIntake intake;
        private final SessionRouter router;
        private final ServerConfig config;
        private final CountDownLatch go;
        volatile String outcome;

        Gateway(final String name, final ClusterIntake intake, final SessionRouter router, final ServerConfig config,
            final CountDownLatch go)
        {
            super("gateway-" + name);
            this.intake = intake;
            this.router = router;
            this.config = config;
            this.go = go;
            this.outcome = name + ": did not finish its set-up";
            start();
        }

        @Override
        public void run()
        {
            final String name = getName().substring("gateway-".length());
            final StringWriter text = new StringWriter();
            try
            {
                go.await();
                ClusterGatewayCommand.setUp(intake, router, config, new PrintWriter(text, true));
                outcome = name + ": started; said: " + text.toString().trim();
            }
            catch (final Exception ex)
            {
                outcome = name + ": FAILED TO START: " + ex + "; said: " + text.toString().trim();
            }
        }
    }
}
