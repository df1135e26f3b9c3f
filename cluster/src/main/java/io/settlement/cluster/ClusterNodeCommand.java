package io.settlement.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.agrona.concurrent.ShutdownSignalBarrier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code settlement cluster-node}: runs one cluster node in this process until SIGTERM or Ctrl-C
 * (or until the cluster shuts it down, or, started by {@code settlement cluster}, until that process is gone:
 * {@link ParentWatch}). On three machines, each runs one with its own {@code --id} and
 * the same {@code --hosts} (docs/cluster.md).
 */
@Command(name = "cluster-node", mixinStandardHelpOptions = true,
    description = {"Runs one node of a replicated cluster (Aeron Cluster) hosting the engine, until SIGTERM or Ctrl-C.",
        "Every member runs it with the same --hosts and --base-port and its own --id (docs/cluster.md)."})
public final class ClusterNodeCommand implements Callable<Integer>
{
    @Option(names = "--id", required = true, description = "This node's member id: 0 to (number of hosts - 1).")
    int memberId;

    @Option(names = "--hosts", split = ",", defaultValue = "localhost,localhost,localhost",
        description = "Every member's host, in member-id order (default: ${DEFAULT-VALUE}: three nodes on this machine).")
    List<String> hosts;

    @Option(names = "--base-port", defaultValue = "" + ClusterNodeConfig.DEFAULT_BASE_PORT,
        description = "Member i uses ports base + 10*i to base + 10*i + 4 (default: ${DEFAULT-VALUE}).")
    int basePort;

    @Option(names = "--dir", required = true, description = "This node's directory (journals in DIR/data).")
    Path directory;

    @Option(names = "--heartbeat-interval-ms", defaultValue = "" + ClusterNodeConfig.DEFAULT_HEARTBEAT_INTERVAL_MS,
        description = "How often the leader heartbeats (default: ${DEFAULT-VALUE}).")
    long heartbeatIntervalMs;

    @Option(names = "--heartbeat-timeout-ms", defaultValue = "" + ClusterNodeConfig.DEFAULT_HEARTBEAT_TIMEOUT_MS,
        description = "Silence from the leader that starts an election (default: ${DEFAULT-VALUE}).")
    long heartbeatTimeoutMs;

    @Option(names = "--election-timeout-ms", defaultValue = "" + ClusterNodeConfig.DEFAULT_ELECTION_TIMEOUT_MS,
        description = "How long an election round waits for votes (default: ${DEFAULT-VALUE}).")
    long electionTimeoutMs;

    @Option(names = "--snapshot-interval-s", defaultValue = "" + ClusterNodeConfig.DEFAULT_SNAPSHOT_INTERVAL_S,
        description = "The leader takes a snapshot this often, 0 never (default: ${DEFAULT-VALUE}).")
    long snapshotIntervalS;

    @Option(names = "--parent-pid", defaultValue = "0",
        description = "Set by `settlement cluster`: the node stops in order when this process is gone (default: 0, not watched).")
    long parentPid;

    public static void main(final String[] args)
    {
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        final ClusterNodeCommand command = new ClusterNodeCommand();
        System.exit(new CommandLine(command).setExecutionExceptionHandler((ex, cmd, parsed) ->
        {
            // the trace, then the cause on the last line: what a report of the log's end shows
            ex.printStackTrace();
            System.err.println("node " + command.memberId + " failed: " + ex);
            return 1;
        }).execute(args));
    }

    @Override
    public Integer call() throws Exception
    {
        final ClusterNodeConfig config = new ClusterNodeConfig(memberId, hosts, basePort, directory.toAbsolutePath(),
            heartbeatIntervalMs, heartbeatTimeoutMs, electionTimeoutMs, snapshotIntervalS);
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier())
        {
            if (parentPid > 0)
            {
                ParentWatch.start(parentPid, memberId, barrier::signal);
            }
            run(config, barrier);
        }
        return 0;
    }

    private void run(final ClusterNodeConfig config, final ShutdownSignalBarrier barrier) throws Exception
    {
        try (ClusterNode node = ClusterNode.launch(config, barrier::signal))
        {
            System.out.println("node " + memberId + " of " + hosts.size() + " started (build " + BuildVersion.current() + "): ingress "
                + config.host() + ":" + config.port(memberId, ClusterNodeConfig.INGRESS_PORT) + ", directory " + config.directory()
                + ", pid " + ProcessHandle.current().pid());
            barrier.await();
            if (node.startFailure() != null)
            {
                throw new IllegalStateException("node " + memberId + " stopped, its service could not run: "
                    + node.startFailure().getMessage(), node.startFailure());
            }
            System.out.println("node " + memberId + " stopping (was " + node.role() + ")");
        }
    }
}
