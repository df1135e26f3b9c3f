package io.settlement.journal;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One node per data directory: a second opener, in this JVM or another, is refused with the holder
 * named; the lock is free again once the holder closes or dies, whatever its LOCK file says.
 */
class DataDirectoryLockTest
{
    @TempDir
    Path dir;

    private final long pid = ProcessHandle.current().pid();

    private SettlementNode start() throws Exception
    {
        return SettlementNode.start(RestartTest.config(dir, 0));
    }

    @Test
    void shouldRefuseASecondNodeInTheSameJvmNamingTheHolderUntilTheFirstCloses() throws Exception
    {
        try (SettlementNode first = start())
        {
            Workload.setUp(first.client(0));
            final DataDirectoryLock.InUseException refused = assertThrows(DataDirectoryLock.InUseException.class, this::start);
            assertTrue(refused.getMessage().startsWith("data directory " + dir.toRealPath() + " is in use by pid " + pid + " on host "),
                refused.getMessage());
            assertTrue(refused.getMessage().contains(" since 20"), refused.getMessage());
            assertEquals(1, refused.getMessage().lines().count());
            // the refused opener changed nothing: the first node still works and still holds the lock
            new Workload(1).run(first.client(0), 10);
            assertTrue(DataDirectoryLock.holder(dir).startsWith("pid " + pid + " on host "));
        }
        assertNull(DataDirectoryLock.holder(dir), "free once the holder has closed");
        try (SettlementNode again = start())
        {
            assertTrue(again.recovery().lastSequence() > 0);
        }
    }

    @Test
    void shouldRefuseANodeInAnotherProcessAndNotBeBlockedByOneThatWasKilled() throws Exception
    {
        // another process holds the directory: this one is refused, the other named
        final Process holder = startChild();
        try
        {
            assertEquals("HOLDING", firstLine(holder));
            final DataDirectoryLock.InUseException refused = assertThrows(DataDirectoryLock.InUseException.class, this::start);
            assertTrue(refused.getMessage().contains("is in use by pid " + holder.pid() + " on host "), refused.getMessage());
            assertTrue(DataDirectoryLock.holder(dir).startsWith("pid " + holder.pid() + " "));
        }
        finally
        {
            holder.destroyForcibly(); // SIGKILL: the node never closes, its LOCK file stays behind
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(Files.readString(new DataDirectory(dir).lockFile()).startsWith("pid " + holder.pid() + " "),
            "the dead holder's LOCK file is still there");

        // the OS lock died with it: this process takes the directory, and now another one is refused
        // (while this process holds the lock it must not open the LOCK file otherwise: closing any descriptor
        // of a file drops the process's locks on it)
        try (SettlementNode node = start())
        {
            final Process second = startChild();
            final String line = firstLine(second);
            second.getOutputStream().close();
            assertTrue(second.waitFor(30, TimeUnit.SECONDS), line);
            assertEquals(1, second.exitValue(), line);
            assertTrue(line.startsWith("REFUSED data directory ") && line.contains("is in use by pid " + pid + " on host "), line);
        }
        assertTrue(Files.readString(new DataDirectory(dir).lockFile()).startsWith("pid " + pid + " "), "it names its holder");
    }

    @Test
    void shouldNotBeBlockedByALockFileNobodyHolds() throws Exception
    {
        Files.writeString(new DataDirectory(dir).lockFile(), "pid 99999 on host elsewhere since 2026-01-01T00:00:00Z\n");
        assertNull(DataDirectoryLock.holder(dir));
        try (SettlementNode node = start())
        {
            assertTrue(node.recovery().lastSequence() == 0);
        }
        assertTrue(Files.readString(new DataDirectory(dir).lockFile()).startsWith("pid " + pid + " "), "the new holder named itself");
    }

    private Process startChild() throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (!arg.startsWith("-javaagent") && !arg.startsWith("-agentlib"))
            {
                command.add(arg);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(LockTarget.class.getName());
        command.add(dir.toString());
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static String firstLine(final Process child) throws Exception
    {
        final BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        final String line = in.readLine();
        assertTrue(line != null, "the child said nothing; alive: " + child.isAlive());
        return line;
    }
}
