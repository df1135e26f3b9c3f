package io.settlement.cluster;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.settlement.journal.DataDirectoryLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static io.settlement.cluster.TestCluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code settlement cluster} and the node processes it starts, each command a real process. */
class ClusterCommandTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void shouldStopTheNodesInOrderWhenTheCommandIsKilled() throws Exception
    {
        final int nodes = 2;
        try (ClusterCommandProcess command = new ClusterCommandProcess(dir, nodes))
        {
            await(() -> started(command, nodes), 90_000, () -> "the nodes did not start:\n" + command.output()
                + "\n--- node 0 ---\n" + command.nodeLog(0) + "\n--- node 1 ---\n" + command.nodeLog(1));
            final long[] pids = command.nodePids(nodes);

            command.process.destroyForcibly(); // SIGKILL: no shutdown hook stops the nodes
            command.process.waitFor();

            for (int i = 0; i < nodes; i++)
            {
                final int member = i;
                final Optional<ProcessHandle> node = ProcessHandle.of(pids[i]);
                await(() -> node.isEmpty() || !node.get().isAlive(), 60_000,
                    () -> "node " + member + " (pid " + pids[member] + ") runs on without its parent:\n" + command.nodeLog(member));
                assertTrue(command.nodeLog(member).contains("is gone: stopping"), command.nodeLog(member));
                // its directory's lock is released: another process could start on it
                try (DataDirectoryLock lock = DataDirectoryLock.acquire(command.nodeDirectory(member).resolve("data")))
                {
                    assertTrue(lock != null);
                }
            }
        }
    }

    @Test
    @Timeout(180)
    void shouldStopTheClusterWithTheReasonWhenANodeCannotStart() throws Exception
    {
        final int basePort = ClusterCommandProcess.randomBasePort();
        // node 1's archive port taken by another process before the cluster starts
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(),
            ClusterNodeConfig.port(basePort, 1, ClusterNodeConfig.ARCHIVE_CONTROL_PORT)));
            ClusterCommandProcess command = new ClusterCommandProcess(dir, 3, basePort))
        {
            assertTrue(command.process.waitFor(120, TimeUnit.SECONDS), () -> "the command runs on:\n" + command.output());
            final String output = command.output();
            assertEquals(ClusterCommand.NODE_FAILED, command.process.exitValue(), output);
            assertTrue(output.contains("node 1 (pid " + command.nodePids(3)[1] + ") failed to start: exit code 1"), output);
            assertTrue(output.contains("Address already in use"), "the end of node 1's log is in the report:\n" + output + "\n--- node 1 log ---\n" + command.nodeLog(1));
            assertTrue(output.contains("stopping the other nodes"), output);
            for (final long pid : command.nodePids(3))
            {
                assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "node pid " + pid + " stopped:\n" + output);
            }
        }
    }

    @Test
    @Timeout(300)
    void shouldGoOnDegradedWhileAMajorityOfFiveLivesAndStopWithoutIt() throws Exception
    {
        try (ClusterCommandProcess command = new ClusterCommandProcess(dir, 5))
        {
            await(() -> command.output().contains("all 5 nodes started"), 150_000, command::output);
            final long[] pids = command.nodePids(5);
            final String endpoints = "0=localhost:" + (command.basePort + 1) + ",1=localhost:" + (command.basePort + 11) + ",2=localhost:"
                + (command.basePort + 21) + ",3=localhost:" + (command.basePort + 31) + ",4=localhost:" + (command.basePort + 41);
            assertTrue(command.output().contains("clients connect to ingress endpoints " + endpoints), command::output);
            for (int i = 0; i < 5; i++)
            {
                assertTrue(Files.isDirectory(command.nodeDirectory(i).resolve("data")), "node " + i + "'s own directory");
            }

            ProcessHandle.of(pids[2]).orElseThrow().destroyForcibly();
            await(() -> command.output().contains("DEGRADED: 4 of 5"), 60_000, command::output);
            String output = command.output();
            assertTrue(output.contains("node 2 (pid " + pids[2] + ") died: exit code 137 (killed by signal 9)"), output);
            assertTrue(output.contains("DEGRADED: 4 of 5 nodes run, a majority: the cluster goes on, but 2 more lost stops it"), output);
            assertTrue(output.contains("settlement cluster-node --id=2 "), "says how to start it again:\n" + output);
            ProcessHandle.of(pids[4]).orElseThrow().destroyForcibly();
            await(() -> command.output().contains("DEGRADED: 3 of 5"), 60_000, command::output);
            assertTrue(command.process.isAlive(), command::output);

            ProcessHandle.of(pids[0]).orElseThrow().destroyForcibly();
            assertTrue(command.process.waitFor(60, TimeUnit.SECONDS), () -> "the command runs on:\n" + command.output());
            output = command.output();
            assertEquals(ClusterCommand.NODE_FAILED, command.process.exitValue(), output);
            assertTrue(output.contains("node 0 (pid " + pids[0] + ") died: exit code 137"), output);
            assertTrue(output.contains("stopping: 2 of 5 nodes left, no majority (3 needed)"), output);
            for (final int survivor : new int[] {1, 3})
            {
                assertFalse(ProcessHandle.of(pids[survivor]).map(ProcessHandle::isAlive).orElse(false), "node " + survivor + " stopped:\n" + output);
            }
        }
    }

    /**
     * A node started again by hand counts towards the majority: another node's death after it is DEGRADED, not
     * the end of the cluster (the command counted only its own children, and stopped a cluster of two live nodes).
     */
    @Test
    @Timeout(300)
    void shouldCountANodeStartedAgainByHandTowardsTheMajority() throws Exception
    {
        final int nodes = 3;
        try (ClusterCommandProcess command = new ClusterCommandProcess(dir, nodes))
        {
            await(() -> command.output().contains("all 3 nodes started"), 150_000, command::output);
            final long[] pids = command.nodePids(nodes);
            ProcessHandle.of(pids[2]).orElseThrow().destroyForcibly();
            await(() -> command.output().contains("DEGRADED: 2 of 3"), 60_000, command::output);

            final NodeProcess again = new NodeProcess(new ClusterNodeConfig(2, List.of("localhost", "localhost", "localhost"),
                command.basePort, command.nodeDirectory(2), ClusterNodeConfig.DEFAULT_HEARTBEAT_INTERVAL_MS,
                ClusterNodeConfig.DEFAULT_HEARTBEAT_TIMEOUT_MS, ClusterNodeConfig.DEFAULT_ELECTION_TIMEOUT_MS, 0),
                NodeProcess.inheritedJvmFlags(), "256m");
            try
            {
                again.start();
                await(() -> again.hasStarted() && statusPid(command, 2) == again.pid(), 120_000,
                    () -> command.output() + "\n--- node 2 ---\n" + again.logTail(40));
                Thread.sleep(5 * NodeWatch.POLL_MS); // the watch looks at the status file at its next poll

                ProcessHandle.of(pids[0]).orElseThrow().destroyForcibly();
                await(() -> command.output().contains("node 0 (pid " + pids[0] + ") died"), 60_000, command::output);
                // the verdict is printed with the death: give the watch a few polls to act on it
                Thread.sleep(5 * NodeWatch.POLL_MS);
                final String output = command.output();
                assertFalse(output.contains("no majority"), output);
                assertTrue(output.contains("DEGRADED: 2 of 3 nodes run, a majority: the cluster goes on, but 1 more lost stops it"),
                    output);
                assertTrue(command.process.isAlive(), output);
                assertTrue(ProcessHandle.of(pids[1]).map(ProcessHandle::isAlive).orElse(false), "node 1 runs on:\n" + output);
                assertTrue(again.isAlive(), output);
                assertTrue(output.contains("node 2 runs again (pid " + again.pid() + ", started outside this command, which does not "
                    + "stop it): 3 of 3 nodes run"), output);

                again.kill();
                assertTrue(command.process.waitFor(60, TimeUnit.SECONDS), () -> "the command runs on:\n" + command.output());
                assertTrue(command.output().contains("node 2 (pid " + again.pid() + ", started outside this command) died"),
                    command::output);
                assertTrue(command.output().contains("stopping: 1 of 3 nodes left, no majority (2 needed)"), command::output);
                assertEquals(ClusterCommand.NODE_FAILED, command.process.exitValue(), command::output);
            }
            finally
            {
                again.kill();
            }
        }
    }

    /** The pid in a node's status file, 0 while it cannot be read. */
    private static long statusPid(final ClusterCommandProcess command, final int member)
    {
        try
        {
            return Long.parseLong(NodeStatus.read(command.nodeDirectory(member).resolve("status")).getProperty("pid", "0").trim());
        }
        catch (final IOException | NumberFormatException ex)
        {
            return 0;
        }
    }

    private static boolean started(final ClusterCommandProcess command, final int nodes)
    {
        for (int i = 0; i < nodes; i++)
        {
            if (!command.nodeLog(i).contains("node " + i + " of " + nodes + " started"))
            {
                return false;
            }
        }
        return true;
    }
}
