package io.settlement.journal;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandCodec;
import org.agrona.collections.Long2LongHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A child JVM under load is killed with SIGKILL at random moments, several times over the same
 * directory. After each kill: recovery succeeds, every command the client saw answered is in the
 * journal (same sequence, same correlation id), and the recovered state equals a clean replay of
 * the whole command journal without snapshots.
 */
class CrashRecoveryTest
{
    private static final int KILLS = 4;

    @TempDir
    Path dir;

    @Test
    void shouldLoseNoAcknowledgedCommandWhenKilledAtRandomMoments() throws Exception
    {
        final SplittableRandom random = new SplittableRandom(20261126);
        long totalAcked = 0;
        for (int kill = 1; kill <= KILLS; kill++)
        {
            final List<long[]> acked = new CopyOnWriteArrayList<>();
            final Process child = startChild(kill);
            final Thread reader = readAcks(child, acked);
            final long target = 2_000 + random.nextInt(20_000);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acked.size() < target && child.isAlive() && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
            assertTrue(child.isAlive(), "the child died on its own; exit " + (child.isAlive() ? "" : child.exitValue()));
            child.destroyForcibly(); // SIGKILL on Linux
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            reader.join(10_000);
            assertTrue(acked.size() > 0, "the child acknowledged nothing before being killed");
            totalAcked += acked.size();

            final long recoveredHash;
            final long lastSequence;
            try (SettlementNode node = SettlementNode.start(RestartTest.config(dir, 64)))
            {
                recoveredHash = node.recovery().stateHash();
                lastSequence = node.recovery().lastSequence();
                node.pipeline().close();
            }
            final Long2LongHashMap journaled = correlationIdsBySequence();
            assertEquals(lastSequence, journaled.size(), "one journal record per sequence");
            for (final long[] ack : acked)
            {
                assertEquals(ack[1], journaled.get(ack[0]),
                    "kill " + kill + ": acknowledged command " + ack[0] + " is not in the journal as acknowledged");
            }
            assertEquals(recoveredHash, RestartTest.cleanReplay(dir).stateHash(), "kill " + kill);
        }
        assertTrue(totalAcked > KILLS * 2_000L);
    }

    private Process startChild(final int run) throws Exception
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
        command.add(CrashTarget.class.getName());
        command.add(dir.toString());
        command.add(Integer.toString(run));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static Thread readAcks(final Process child, final List<long[]> acked)
    {
        final Thread reader = new Thread(() ->
        {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII)))
            {
                String line;
                while ((line = in.readLine()) != null)
                {
                    if (line.startsWith("ACK "))
                    {
                        final String[] parts = line.split(" ");
                        if (parts.length == 3)
                        {
                            acked.add(new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])});
                        }
                    }
                }
            }
            catch (final Exception ex)
            {
                // the child was killed mid-line: what was read is what the client saw
            }
        }, "crash-test-reader");
        reader.start();
        return reader;
    }

    private Long2LongHashMap correlationIdsBySequence()
    {
        final Long2LongHashMap bySequence = new Long2LongHashMap(-1);
        final Command command = new Command();
        try (JournalReader reader = JournalReader.openReadOnly(new DataDirectory(dir).commands(), JournalReader.Kind.COMMANDS))
        {
            int length;
            while ((length = reader.next()) > 0)
            {
                assertTrue(CommandCodec.decode(reader.buffer(), reader.offset(), length, command));
                bySequence.put(command.sequence, command.correlationId);
            }
        }
        return bySequence;
    }
}
