package io.settlement.cluster;

import java.util.List;

/**
 * How {@code settlement cluster} watches the nodes it started (docs/cluster.md): a daemon thread that looks at
 * every node process every {@link #POLL_MS} ms.
 * <ul>
 * <li>Until every node has said it started: a node that exits failed to start (a port taken, a directory
 * locked by another process, bad settings): it is reported with the end of its log and the command stops the
 * others and fails. A cluster that cannot start all its nodes is misconfigured; better said at once than
 * found running short.</li>
 * <li>Then: a node that exits is reported the same way; while a majority of the nodes lives the cluster goes
 * on and the command says loudly, on the error stream, that it is DEGRADED (one more loss of three stops
 * it) and how to start the node again; once a majority is gone the cluster cannot commit anything and the
 * command stops the others and fails.</li>
 * </ul>
 * Reports go to the error stream, one block per node.
 */
final class NodeWatch
{
    /** How often the nodes are looked at. */
    static final long POLL_MS = 200;
    /** How many lines of a failed node's log the report shows. */
    static final int LOG_LINES = 20;

    private final List<NodeProcess> processes;
    private final Runnable stopCluster;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile boolean failed;

    private NodeWatch(final List<NodeProcess> processes, final Runnable stopCluster)
    {
        this.processes = List.copyOf(processes);
        this.stopCluster = stopCluster;
        this.thread = new Thread(this::run, "node-watch");
        thread.setDaemon(true);
    }

    /**
     * Starts watching {@code processes}, already started.
     *
     * @param stopCluster what stops the command (it then stops every node) when a node failed to start or the
     *                    majority is lost
     */
    static NodeWatch start(final List<NodeProcess> processes, final Runnable stopCluster)
    {
        final NodeWatch watch = new NodeWatch(processes, stopCluster);
        watch.thread.start();
        return watch;
    }

    /** The command stops its nodes: their exits are no longer news. */
    void stop()
    {
        stopping = true;
        thread.interrupt();
    }

    /** True when the watch stopped the cluster: a node failed to start, or no majority was left. */
    boolean failed()
    {
        return failed;
    }

    private void run()
    {
        final int count = processes.size();
        final int majority = count / 2 + 1;
        final boolean[] gone = new boolean[count];
        boolean allStarted = false;
        try
        {
            while (!stopping)
            {
                Thread.sleep(POLL_MS);
                if (!allStarted && processes.stream().allMatch(NodeProcess::hasStarted))
                {
                    allStarted = true;
                    System.out.println("all " + count + " nodes started");
                }
                for (int i = 0; i < count; i++)
                {
                    final NodeProcess process = processes.get(i);
                    if (gone[i] || process.isAlive() || stopping)
                    {
                        continue;
                    }
                    gone[i] = true;
                    final int alive = (int)processes.stream().filter(NodeProcess::isAlive).count();
                    final boolean started = allStarted || process.hasStarted();
                    final StringBuilder report = new StringBuilder()
                        .append("node ").append(i).append(" (pid ").append(process.pid()).append(") ")
                        .append(started ? "died" : "failed to start").append(": ").append(describeExit(process.exitCode()))
                        .append("; the last lines of its log, ").append(process.log()).append(":\n")
                        .append(indent(process.logTail(LOG_LINES))).append('\n');
                    if (!allStarted)
                    {
                        report.append("stopping the other nodes: a cluster that cannot start all of its ").append(count)
                            .append(" nodes is misconfigured");
                        fail(report);
                        return;
                    }
                    if (alive < majority)
                    {
                        report.append("stopping: ").append(alive).append(" of ").append(count)
                            .append(" nodes left, no majority (").append(majority).append(" needed): the cluster cannot commit anything");
                        fail(report);
                        return;
                    }
                    report.append("DEGRADED: ").append(alive).append(" of ").append(count).append(" nodes run, a majority: the cluster ")
                        .append("goes on, but ").append(alive - majority + 1).append(" more lost stops it. Start the node again with:\n")
                        .append("  settlement cluster-node ").append(restartArguments(process.config()));
                    System.err.println(report);
                }
            }
        }
        catch (final InterruptedException ex)
        {
            // stopped
        }
    }

    private void fail(final StringBuilder report)
    {
        if (stopping)
        {
            return;
        }
        failed = true;
        System.err.println(report);
        stopCluster.run();
    }

    static String describeExit(final int exitCode)
    {
        if (exitCode > 128)
        {
            return "exit code " + exitCode + " (killed by signal " + (exitCode - 128) + ")";
        }
        return "exit code " + exitCode;
    }

    private static String indent(final String text)
    {
        return text.isEmpty() ? "    (nothing)" : "    " + text.replace("\n", "\n    ");
    }

    /** The {@code cluster-node} arguments that start this node again as it was (not watched by this command). */
    static String restartArguments(final ClusterNodeConfig config)
    {
        return "--id=" + config.memberId() + " --hosts=" + String.join(",", config.hosts()) + " --base-port=" + config.basePort()
            + " --dir=" + config.directory() + " --snapshot-interval-s=" + config.snapshotIntervalS();
    }
}
