package io.settlement.app;

import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server and its data directory: one server per directory, and a damaged journal file refused
 * unless the operator asks for it to be cut back.
 */
class ServerDataDirectoryTest
{
    private static final Path CONFIG = Path.of("..", "docs", "examples", "server.conf");

    @TempDir
    Path data;

    private final StringWriter err = new StringWriter();

    /** A server on a thread until {@link #stop()}. */
    private final class Running
    {
        final ServerCommand command = new ServerCommand();
        final StringWriter out = new StringWriter();
        final Thread thread;
        volatile int exitCode = -1;

        Running(final String... extra) throws InterruptedException
        {
            final CommandLine commandLine = new CommandLine(command).setOut(new PrintWriter(out, true));
            final String[] args = Stream.concat(Stream.of("--config", CONFIG.toString(), "--data", data.toString(), "--port", "0", "--http-port", "0"),
                Stream.of(extra)).toArray(String[]::new);
            thread = new Thread(() -> exitCode = commandLine.execute(args), "test-server");
            thread.start();
            assertTrue(command.started.await(30, TimeUnit.SECONDS), "server did not start: " + out);
        }

        String stop() throws InterruptedException
        {
            command.stop();
            thread.join(30_000);
            assertEquals(0, exitCode, out.toString());
            return out.toString();
        }
    }

    /** A server that is expected to refuse to start (a bounded wait, should it start instead). */
    private int server(final String... extra)
    {
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run(extra), "the server started");
    }

    private int run(final String... extra)
    {
        final String[] args = Stream.concat(Stream.of("server", "--config", CONFIG.toString(), "--data", data.toString(), "--port", "0", "--http-port", "0"),
            Stream.of(extra)).toArray(String[]::new);
        return SettlementCli.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
    }

    @Test
    void shouldRefuseASecondServerOnTheSameDataNamingTheFirst() throws Exception
    {
        final Running first = new Running();
        try
        {
            assertEquals(1, server());
            final List<String> lines = err.toString().lines().toList();
            assertEquals(1, lines.size(), err.toString());
            assertTrue(lines.get(0).startsWith("settlement: data directory " + data.toRealPath() + " is in use by pid "
                + ProcessHandle.current().pid() + " on host "), lines.get(0));
        }
        finally
        {
            first.stop();
        }
        new Running().stop(); // free again once the first has stopped
    }

    @Test
    void shouldRefuseADamagedJournalUnlessToldToCutItBack() throws Exception
    {
        final String hash = hashOf(new Running().stop());
        final long[] end = ReplayCommandTest.endOfJournal(data.resolve("commands"));
        final Path file;
        try (Stream<Path> files = Files.list(data.resolve("commands")))
        {
            file = files.filter(f -> f.toString().endsWith(".cq4")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(end[0]);
            raf.write("stray bytes".getBytes(StandardCharsets.US_ASCII));
        }

        assertEquals(1, server());
        final List<String> lines = err.toString().lines().toList();
        assertEquals(1, lines.size(), err.toString());
        assertTrue(lines.get(0).startsWith("settlement: command journal file " + file + " is damaged: 11 bytes that are not a record at byte "
            + end[0]), lines.get(0));
        assertTrue(lines.get(0).endsWith("settlement server --truncate-damaged-tail)"), lines.get(0));

        final Running repaired = new Running("--truncate-damaged-tail");
        final String out = repaired.stop();
        assertTrue(out.startsWith("REPAIR (truncate-damaged-tail): command journal file " + file + " is damaged"), out);
        assertEquals(hash, hashOf(out), "every whole record kept");
        assertEquals(0, SettlementCli.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
            "replay", "--data", data.toString(), "--verify"));
    }

    private static String hashOf(final String serverOutput)
    {
        final String marker = "stopped; state-hash: ";
        final int at = serverOutput.lastIndexOf(marker);
        assertTrue(at >= 0, serverOutput);
        return serverOutput.substring(at + marker.length(), at + marker.length() + 16);
    }
}
