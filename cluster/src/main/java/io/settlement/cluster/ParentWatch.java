package io.settlement.cluster;

import java.util.Optional;

/**
 * Stops a node that a parent process started ({@code settlement cluster}, through {@link NodeProcess})
 * when that parent is gone, killed with SIGKILL included: without it the node would run on as an orphan,
 * holding its ports and its directory's lock. A daemon thread asks every {@link #POLL_MS} ms whether the
 * parent lives ({@link ProcessHandle#isAlive()} compares the process's start time too, so a new process
 * that got the parent's pid is not taken for it) and, once it does not, runs the node's stop (the same
 * orderly stop as SIGTERM).
 */
final class ParentWatch
{
    /** How often the parent is looked at: the longest an orphan runs on before it starts stopping. */
    static final long POLL_MS = 200;

    private ParentWatch()
    {
    }

    /**
     * Starts watching.
     *
     * @param parentPid    the parent's pid
     * @param memberId     the node's member id, for the log line
     * @param onParentGone the node's orderly stop
     * @throws IllegalArgumentException when no process of that pid runs (the parent died before the node started)
     */
    static void start(final long parentPid, final int memberId, final Runnable onParentGone)
    {
        final Optional<ProcessHandle> found = ProcessHandle.of(parentPid);
        if (found.isEmpty() || !found.get().isAlive())
        {
            throw new IllegalArgumentException("--parent-pid " + parentPid + ": no such process (the node's parent is gone)");
        }
        final ProcessHandle parent = found.get();
        final Thread watcher = new Thread(() ->
        {
            try
            {
                while (parent.isAlive())
                {
                    Thread.sleep(POLL_MS);
                }
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            System.out.println("node " + memberId + ": its parent process " + parentPid + " is gone: stopping");
            onParentGone.run();
        }, "parent-watch-" + memberId);
        watcher.setDaemon(true);
        watcher.start();
    }
}
