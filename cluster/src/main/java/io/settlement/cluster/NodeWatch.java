package io.settlement.cluster;

import java.io.IOException;
import java.util.List;
import java.util.Properties;

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
 * <li>A node started again by hand (the {@code cluster-node} line the report gives) is noticed from its status
 * file, which names the process writing it: it counts towards the majority again, and its death is reported
 * like the others'. The command does not stop it (it is not its child).</li>
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
        /* the pid of a node started again outside this command, found in its status file; 0: none */
        final long[] startedAgain = new long[count];
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
                for (int i = 0; i < count && !stopping; i++)
                {
                    final NodeProcess process = processes.get(i);
                    if (!gone[i])
                    {
                        if (process.isAlive())
                        {
                            continue;
                        }
                        gone[i] = true;
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
                        if (!goesOn(report, alive(gone, startedAgain), count, majority, process.config()))
                        {
                            return;
                        }
                    }
                    else if (startedAgain[i] == 0)
                    {
                        final long pid = statusPid(process.config());
                        if (pid != process.pid() && isAlive(pid))
                        {
                            startedAgain[i] = pid;
                            final int alive = alive(gone, startedAgain);
                            System.err.println("node " + i + " runs again (pid " + pid + ", started outside this command, which does "
                                + "not stop it): " + alive + " of " + count + " nodes run" + (alive == count ? "" : ", DEGRADED"));
                        }
                    }
                    else if (!isAlive(startedAgain[i]))
                    {
                        final StringBuilder report = new StringBuilder()
                            .append("node ").append(i).append(" (pid ").append(startedAgain[i])
                            .append(", started outside this command) died; its output went where it was started\n");
                        startedAgain[i] = 0;
                        if (!goesOn(report, alive(gone, startedAgain), count, majority, process.config()))
                        {
                            return;
                        }
                    }
                }
            }
        }
        catch (final InterruptedException ex)
        {
            // stopped
        }
    }

    /** Reports a node lost: DEGRADED while a majority lives (true), else stops the cluster (false). */
    private boolean goesOn(final StringBuilder report, final int alive, final int count, final int majority, final ClusterNodeConfig config)
    {
        if (alive < majority)
        {
            report.append("stopping: ").append(alive).append(" of ").append(count)
                .append(" nodes left, no majority (").append(majority).append(" needed): the cluster cannot commit anything");
            fail(report);
            return false;
        }
        report.append("DEGRADED: ").append(alive).append(" of ").append(count).append(" nodes run, a majority: the cluster ")
            .append("goes on, but ").append(alive - majority + 1).append(" more lost stops it. Start the node again with:\n")
            .append("  settlement cluster-node ").append(restartArguments(config));
        System.err.println(report);
        return true;
    }

    private int alive(final boolean[] gone, final long[] startedAgain)
    {
        int alive = 0;
        for (int i = 0; i < gone.length; i++)
        {
            if (gone[i] ? startedAgain[i] != 0 && isAlive(startedAgain[i]) : processes.get(i).isAlive())
            {
                alive++;
            }
        }
        return alive;
    }

    /** The pid in the node's status file (the process that last wrote it), or 0 when there is none to read. */
    private static long statusPid(final ClusterNodeConfig config)
    {
        try
        {
            final Properties status = NodeStatus.read(config.statusFile());
            return Long.parseLong(status.getProperty("pid", "0").trim());
        }
        catch (final IOException | NumberFormatException ex)
        {
            return 0; // being replaced, or not yet whole: looked at again at the next poll
        }
    }

    private static boolean isAlive(final long pid)
    {
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
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
