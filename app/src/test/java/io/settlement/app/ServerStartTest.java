package io.settlement.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How {@code settlement server} starts: it binds its port and dry-runs the configuration before it
 * journals anything, names a bad setting by file and line, and on a later start says which lines of
 * an edited configuration differ from what the first start applied.
 */
@Timeout(120)
class ServerStartTest
{
    private static final Path EXAMPLE = Path.of("..", "docs", "examples", "server.conf");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int server(final Path config, final Path data, final String... more)
    {
        final List<String> args = new java.util.ArrayList<>(List.of("server", "--config", config.toString(), "--data", data.toString()));
        args.addAll(List.of(more));
        return SettlementCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
    }

    private Path config(final String... extraLines) throws IOException
    {
        final Path file = dir.resolve("server.conf");
        final List<String> lines = new java.util.ArrayList<>(Files.readAllLines(EXAMPLE));
        lines.addAll(List.of(extraLines));
        Files.write(file, lines);
        return file;
    }

    private static int lineOf(final Path file, final String text) throws IOException
    {
        return Files.readAllLines(file).indexOf(text) + 1;
    }

    @Test
    void shouldLeaveNoDataDirectoryWhenThePortIsBusy() throws IOException
    {
        final Path data = dir.resolve("data");
        try (ServerSocket busy = new ServerSocket(0))
        {
            assertEquals(1, server(EXAMPLE, data, "--port", Integer.toString(busy.getLocalPort())), out.toString());
            assertEquals("settlement: cannot listen on port " + busy.getLocalPort() + ": Address already in use; nothing was started",
                err.toString().trim());
        }
        assertFalse(Files.exists(data), "no data directory is initialised");
        assertFalse(out.toString().contains("first start"), out.toString());
    }

    @Test
    void shouldLeaveNoDataDirectoryWhenTheHttpPortIsBusy() throws IOException
    {
        final Path data = dir.resolve("data");
        try (ServerSocket busy = new ServerSocket(0))
        {
            assertEquals(1, server(EXAMPLE, data, "--port", "0", "--http-port", Integer.toString(busy.getLocalPort())), out.toString());
            assertEquals("settlement: cannot listen on port " + busy.getLocalPort() + ": Address already in use; nothing was started",
                err.toString().trim());
        }
        assertFalse(Files.exists(data), "no data directory is initialised");
        assertFalse(out.toString().contains("first start"), out.toString());
    }

    @Test
    void shouldNameABadGatewaySettingByFileAndLine() throws IOException
    {
        final Path data = dir.resolve("data");
        final Path file = config("gateway port=99999");
        final int line = lineOf(file, "gateway port=99999");
        assertEquals(1, server(file, data));
        assertEquals("settlement: " + file + ":" + line + ": gateway port=99999 is out of range (0 to 65535)", err.toString().trim());
        assertFalse(Files.exists(data), "no data directory is initialised");

        err.getBuffer().setLength(0);
        Files.writeString(file, "gateway port=abc\n");
        assertEquals(1, server(file, data));
        assertEquals("settlement: " + file + ":1: gateway port=abc is not a whole number", err.toString().trim());
        assertFalse(Files.exists(data));

        err.getBuffer().setLength(0);
        assertEquals(2, server(EXAMPLE, data, "--port", "70000"));
        assertTrue(err.toString().contains("--port 70000 is out of range (0 to 65535)"), err.toString());
        assertFalse(Files.exists(data));
    }

    @Test
    void shouldNameABadDurabilityOrTopologyOptionAndStartNothing() throws IOException
    {
        final Path data = dir.resolve("data");
        assertEquals(2, server(EXAMPLE, data, "--durability", "sometimes"));
        assertTrue(err.toString().contains("--durability sometimes is not one of [SYNCED, UNSYNCED]"), err.toString());
        assertFalse(Files.exists(data), "no data directory is initialised");

        err.getBuffer().setLength(0);
        assertEquals(2, server(EXAMPLE, data, "--topology", "threaded"));
        assertTrue(err.toString().contains("--topology threaded is not one of [STAGED, SINGLE]"), err.toString());
        assertFalse(Files.exists(data));

        err.getBuffer().setLength(0);
        final Path file = config("node durability=never");
        final int line = lineOf(file, "node durability=never");
        assertEquals(1, server(file, data));
        assertEquals("settlement: " + file + ":" + line + ": node durability=never is not one of [SYNCED, UNSYNCED]",
            err.toString().trim());
        assertFalse(Files.exists(data));
    }

    @Test
    void shouldStopTheFirstStartAtAConfigurationLineTheEngineRefusesAndJournalNothing() throws IOException
    {
        final Path data = dir.resolve("data");
        final Path file = config("deposit participant=77 instrument=840 amount=5");
        final int line = lineOf(file, "deposit participant=77 instrument=840 amount=5");

        assertEquals(1, server(file, data, "--port", "0", "--http-port", "0"), out.toString());

        assertEquals("settlement: " + file + ":" + line + ": the engine refuses this line: UNKNOWN_PARTICIPANT; nothing was applied",
            err.toString().trim());
        assertFalse(Files.exists(data), "nothing journaled, no data directory initialised");
    }

    @Test
    void shouldSayAtStartWhichConfigurationLinesDifferFromWhatTheFirstStartApplied() throws Exception
    {
        final Path data = dir.resolve("data");
        final Path file = config();
        final RunningServer first = new RunningServer(file, data);
        assertTrue(first.stop().contains("first start: applied 15 configuration commands"), first.out.toString());

        // unchanged: one line says so
        final RunningServer second = new RunningServer(file, data);
        final String unchanged = second.stop();
        assertTrue(unchanged.contains("configuration: the set-up in " + file + " is what the first start applied (15 commands)"),
            unchanged);

        // edited: a changed amount, a new line, a removed line
        final List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file));
        final int changed = lines.indexOf("deposit participant=2 instrument=10 amount=1_000_000");
        lines.set(changed, "deposit participant=2 instrument=10 amount=2_000_000");
        assertTrue(lines.remove("instrument id=978 kind=CURRENCY code=EUR name=\"Euro\" minor-units=2"));
        lines.add("participant id=3 role=MEMBER");
        Files.write(file, lines);
        final int changedLine = changed + 1 - 1; // the removed EUR line came before it
        final int addedLine = lines.size();

        final RunningServer third = new RunningServer(file, data);
        final String text = third.stop();
        assertTrue(text.contains("configuration: " + file + " differs from the set-up the first start applied; the set-up is applied "
            + "only on the first start of an empty data directory, so these lines are NOT applied:"), text);
        assertTrue(text.contains("  " + file + ":" + changedLine + ": deposit participant=2 instrument=10 amount=2_000_000"
            + "  (not in what was applied)"), text);
        assertTrue(text.contains("  " + file + ":" + addedLine + ": participant id=3 role=MEMBER  (not in what was applied)"), text);
        assertTrue(text.contains("  applied at sequence 10, no longer in the file: deposit participant=2 instrument=10 amount=1000000"),
            text);
        assertTrue(text.contains("  applied at sequence 8, no longer in the file: instrument id=978 kind=CURRENCY code=EUR name=\"Euro\""
            + " minor-units=2"), text);
        assertFalse(text.contains("first start: applied"), text);
    }

    @Test
    void shouldJournalTheRetentionSettingWhereItDiffersFromThePeriodInForceSoThatReplayReadsIt() throws Exception
    {
        final Path data = dir.resolve("data");
        final Path file = config("retention days=2");
        final int line = lineOf(file, "retention days=2");

        final RunningServer first = new RunningServer(file, data);
        final String started = first.stop();
        assertTrue(started.contains("retention: finished deals stay in memory 2 days after their settlement date (was 7; "
            + file + ":" + line + ", journaled at sequence 16)"), started);
        final String hash = started.substring(started.lastIndexOf("state-hash: ")).trim();

        // the same setting again: in force already, nothing more journaled
        final RunningServer second = new RunningServer(file, data);
        final String again = second.stop();
        assertTrue(again.contains("retention: finished deals stay in memory 2 days after their settlement date"
            + System.lineSeparator()), again);
        assertTrue(again.contains("recovered to sequence 16 "), again);

        // the auditor's replay takes the period from the journal: no option, same state
        assertEquals(0, SettlementCli.run(new PrintWriter(out, true), new PrintWriter(err, true),
            "replay", "--data", data.toString(), "--verify"), err.toString());
        assertTrue(out.toString().contains(hash), out + " should end with " + hash);
    }

    @Test
    void shouldNameABadRetentionSettingByFileAndLine() throws IOException
    {
        final Path file = config("retention days=9999");
        assertEquals(1, server(file, dir.resolve("data")));
        assertEquals("settlement: " + file + ":" + lineOf(file, "retention days=9999")
            + ": retention days=9999 is out of range (0 to 3650)", err.toString().trim());
        assertFalse(Files.exists(dir.resolve("data")));
    }
}
