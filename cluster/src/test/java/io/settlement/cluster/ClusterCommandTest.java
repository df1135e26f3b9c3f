package io.settlement.cluster;

import java.nio.file.Path;
import java.util.Optional;

import io.settlement.journal.DataDirectoryLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static io.settlement.cluster.TestCluster.await;
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
