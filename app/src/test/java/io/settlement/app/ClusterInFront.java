package io.settlement.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.settlement.cluster.ClusterNodeConfig;
import io.settlement.cluster.NodeProcess;
import io.settlement.cluster.NodeStatus;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three real node processes on loopback and {@code settlement gateway --cluster} in front of them on a thread of this JVM
 * (its FIX channel and HTTP API reading the journals of a node that is not the leader).
 */
final class ClusterInFront implements AutoCloseable
{
    static final Path EXAMPLE = Path.of("..", "docs", "examples", "server.conf");

    final List<NodeProcess> nodes = new ArrayList<>();
    final List<String> hosts = List.of("localhost", "localhost", "localhost");
    final String endpoints;
    final Path dir;
    ClusterGatewayCommand command;
    final StringWriter out = new StringWriter();
    private Thread thread;
    private volatile int exitCode = -1;
    /** The node whose journals the gateway's channels read. */
    int readFrom = -1;

    ClusterInFront(final Path dir) throws IOException
    {
        this.dir = dir;
        // below the kernel's ephemeral range (32768 up), as the cluster module's TestCluster chooses
        final int basePort = 20_000 + 100 * ThreadLocalRandom.current().nextInt(127);
        for (int i = 0; i < hosts.size(); i++)
        {
            nodes.add(new NodeProcess(new ClusterNodeConfig(i, hosts, basePort, dir.resolve("node" + i),
                ClusterNodeConfig.DEFAULT_HEARTBEAT_INTERVAL_MS, ClusterNodeConfig.DEFAULT_HEARTBEAT_TIMEOUT_MS,
                ClusterNodeConfig.DEFAULT_ELECTION_TIMEOUT_MS, 0), NodeProcess.inheritedJvmFlags(), "256m"));
        }
        endpoints = ClusterNodeConfig.ingressEndpoints(hosts, basePort);
        for (final NodeProcess node : nodes)
        {
            node.start();
        }
    }

    /** The member that leads now, waiting up to a minute for one. */
    int awaitLeader() throws InterruptedException
    {
        final int[] leader = {-1};
        await(() -> (leader[0] = leader()) >= 0, 60_000, () -> "no leader: " + describe());
        return leader[0];
    }

    int leader()
    {
        for (int i = 0; i < nodes.size(); i++)
        {
            try
            {
                if (nodes.get(i).isAlive() && "LEADER".equals(NodeStatus.read(nodes.get(i).config().statusFile()).getProperty("role")))
                {
                    return i;
                }
            }
            catch (final IOException notYet)
            {
                // not written yet
            }
        }
        return -1;
    }

    /** Starts the gateway with {@code configFile}, its channels reading the journals of a member that does not lead now. */
    void startGateway(final Path configFile) throws InterruptedException
    {
        readFrom = (awaitLeader() + 1) % nodes.size();
        command = new ClusterGatewayCommand();
        final CommandLine commandLine = new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(out, true));
        final String[] args = {"--config=" + configFile, "--cluster=" + endpoints, "--port=0", "--http-port=0", "--fix-port=0",
            "--aeron-dir=" + dir.resolve("gateway-aeron"), "--dir=" + dir.resolve("gateway"),
            "--read-from=" + nodes.get(readFrom).config().dataDirectory().getParent(), "--command-timeout-ms=5000"};
        thread = new Thread(() -> exitCode = commandLine.execute(args), "cluster-gateway");
        thread.start();
        assertTrue(command.started.await(150, TimeUnit.SECONDS), () -> "the gateway did not start: " + out + "\n" + describe());
    }

    /** Kills the leader (SIGKILL) and returns its member id. */
    int killLeader() throws InterruptedException
    {
        final int leader = awaitLeader();
        nodes.get(leader).kill();
        return leader;
    }

    String describe()
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++)
        {
            text.append("node ").append(i).append(nodes.get(i).isAlive() ? " alive" : " dead").append(": ")
                .append(nodes.get(i).logTail(10)).append('\n');
        }
        return text.toString();
    }

    static void await(final BooleanSupplier condition, final long timeoutMs, final Supplier<String> message) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() - deadline < 0, message);
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws Exception
    {
        try
        {
            if (command != null)
            {
                command.stop();
                thread.join(60_000);
                assertEquals(0, exitCode, out::toString);
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
}
