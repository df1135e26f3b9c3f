package io.settlement.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;

import org.agrona.concurrent.ShutdownSignalBarrier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code settlement cluster --nodes 3}: a whole cluster on this machine, each node a process of its own
 * ({@link NodeProcess}: own directory DIR/nodeI, own ports), until SIGTERM or Ctrl-C, which stops
 * them in order. For trying the cluster out and for tests of failover. The nodes watch this process and
 * stop when it is gone, even killed with SIGKILL ({@link ParentWatch}).
 *
 * <p>This command watches its nodes ({@link NodeWatch}): a node that fails to start stops the others and the
 * command (exit code {@link #NODE_FAILED}); a node that dies later is reported, with the end of its log, and
 * the cluster goes on DEGRADED while a majority lives, stopping with {@link #NODE_FAILED} when it does not.
 * A node killed on purpose is started again by hand with {@code settlement cluster-node} and the command
 * line this command prints (that node is then not watched by it).
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = {"Runs a replicated cluster (Aeron Cluster) of --nodes node processes on this machine, until SIGTERM or Ctrl-C.",
        "Each node keeps its journals in DIR/nodeI/data (replay --verify works on each). See docs/cluster.md.",
        "Exit code " + ClusterCommand.NODE_FAILED + ": a node failed to start, or too few were left for a majority (the output says which and why)."})
public final class ClusterCommand implements Callable<Integer>
{
    /** The exit code when a node failed to start or the nodes left alive are no majority. */
    public static final int NODE_FAILED = 14;

    @Option(names = "--nodes", defaultValue = "3", description = "How many nodes: 3 or 5 (a majority must live) (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--dir", required = true, description = "The cluster's directory: node I in DIR/nodeI.")
    Path directory;

    @Option(names = "--base-port", defaultValue = "" + ClusterNodeConfig.DEFAULT_BASE_PORT,
        description = "Node i uses ports base + 10*i to base + 10*i + 4 (default: ${DEFAULT-VALUE}).")
    int basePort;

    @Option(names = "--snapshot-interval-s", defaultValue = "" + ClusterNodeConfig.DEFAULT_SNAPSHOT_INTERVAL_S,
        description = "The leader takes a snapshot this often, 0 never (default: ${DEFAULT-VALUE}).")
    long snapshotIntervalS;

    @Option(names = "--node-heap", defaultValue = "512m", description = "Each node's -Xmx (default: ${DEFAULT-VALUE}).")
    String nodeHeap;

    @Override
    public Integer call() throws Exception
    {
        if (nodes < 1 || nodes > 9)
        {
            throw new IllegalArgumentException("--nodes " + nodes + ": 1 to 9 (3 or 5 for failover)");
        }
        final List<String> hosts = Collections.nCopies(nodes, "localhost");
        final List<NodeProcess> processes = new ArrayList<>();
        for (int i = 0; i < nodes; i++)
        {
            final ClusterNodeConfig config = new ClusterNodeConfig(i, hosts, basePort,
                directory.resolve("node" + i).toAbsolutePath(), ClusterNodeConfig.DEFAULT_HEARTBEAT_INTERVAL_MS,
                ClusterNodeConfig.DEFAULT_HEARTBEAT_TIMEOUT_MS, ClusterNodeConfig.DEFAULT_ELECTION_TIMEOUT_MS, snapshotIntervalS);
            processes.add(new NodeProcess(config, NodeProcess.inheritedJvmFlags(), nodeHeap));
        }
        // SIGTERM or Ctrl-C: the JVM runs its shutdown hooks to the end before it exits, so the nodes are stopped there
        final NodeWatch watch;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(processes), "stop-nodes"));
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier())
        {
            for (final NodeProcess process : processes)
            {
                process.start();
                System.out.println("node " + process.config().memberId() + ": pid " + process.pid() + ", directory "
                    + process.config().directory() + ", log " + process.log());
            }
            System.out.println("clients connect to ingress endpoints " + ClusterNodeConfig.ingressEndpoints(hosts, basePort)
                + "; status of node I in " + directory.toAbsolutePath().resolve("nodeI/status") + "; Ctrl-C stops the cluster");
            watch = NodeWatch.start(processes, barrier::signal);
            barrier.await();
            watch.stop();
        }
        finally
        {
            stopAll(processes);
        }
        return watch.failed() ? NODE_FAILED : 0;
    }

    private static void stopAll(final List<NodeProcess> processes)
    {
        processes.forEach(NodeProcess::terminate);
        for (final NodeProcess process : processes)
        {
            try
            {
                process.awaitExit(15_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
