package io.settlement.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo as a newcomer meets it: every refusal it shows comes from the market it stages, its
 * flags are bounded, its temporary journal is deleted (or kept when asked) and it says which, a
 * directory that already holds a journal is refused unless told to continue, an interrupt still
 * prints the summary, and its latency lines say what they measure.
 */
@Timeout(180)
class DemoCommandTest
{
    /** The refusals the demo market stages: its limits. */
    private static final Set<String> STAGED = Set.of("CREDIT_LIMIT_EXCEEDED", "COUNTERPARTY_LIMIT_EXCEEDED", "DELIVERY_LIMIT_EXCEEDED");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args)
    {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return SettlementCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private static List<String> refusalReasons(final String text)
    {
        final List<String> reasons = new ArrayList<>();
        final Matcher m = Pattern.compile("\\n  rejected (\\w+)").matcher(text);
        while (m.find())
        {
            reasons.add(m.group(1));
        }
        return reasons;
    }

    private static String journalIn(final String text)
    {
        final Matcher m = Pattern.compile("journal in (\\S+)").matcher(text);
        assertTrue(m.find(), text);
        return m.group(1);
    }

    @Test
    void shouldShowOnlyRefusalsThatTheMarketStagesWithMoreClientsThanMembers()
    {
        assertEquals(0, run("demo", "--no-reports", "--deals", "40000", "--clients", "8", "--data", dir.resolve("d").toString()), out.toString() + err);

        final String text = out.toString();
        final List<String> reasons = refusalReasons(text);
        assertTrue(STAGED.containsAll(reasons), "refusals that do not come from the staged market: " + reasons + "\n" + text);
    }

    @Test
    void shouldBoundItsFlagsWithAClearError()
    {
        assertEquals(2, run("demo", "--deals", "0"));
        assertTrue(err.toString().contains("--deals must be 1 to 20,000,000"), err.toString());
        assertEquals(2, run("demo", "--deals", "20000001"));
        assertTrue(err.toString().contains("--deals must be 1 to 20,000,000"), err.toString());
        assertEquals(2, run("demo", "--clients", "13"));
        assertTrue(err.toString().contains("--clients must be 1 to 12"), err.toString());
        assertEquals(2, run("demo", "--continue"));
        assertTrue(err.toString().contains("--continue needs --data DIR"), err.toString());
    }

    @Test
    void shouldDeleteItsTemporaryJournalUnlessToldToKeepItAndSayWhich() throws IOException
    {
        assertEquals(0, run("demo", "--no-reports", "--deals", "3000", "--clients", "1"), out.toString() + err);
        final Path deleted = Path.of(journalIn(out.toString()));
        assertTrue(out.toString().contains("temporary journal deleted"), out.toString());
        assertFalse(Files.exists(deleted), "the temporary journal is gone: " + deleted);

        assertEquals(0, run("demo", "--no-reports", "--deals", "3000", "--clients", "1", "--keep"), out.toString() + err);
        final Path kept = Path.of(journalIn(out.toString()));
        try
        {
            assertTrue(out.toString().contains("journal kept in " + kept), out.toString());
            assertTrue(Files.isDirectory(kept.resolve("commands")), kept.toString());
        }
        finally
        {
            DemoCommand.deleteTree(kept);
        }
    }

    @Test
    void shouldRefuseADirectoryThatAlreadyHoldsAJournalUnlessToldToContinue()
    {
        final String data = dir.resolve("d").toString();
        assertEquals(0, run("demo", "--no-reports", "--deals", "3000", "--clients", "2", "--data", data), out.toString() + err);
        assertTrue(out.toString().contains("journal kept in " + Path.of(data).toAbsolutePath()), out.toString());
        final long firstCommands = commands(out.toString());

        assertEquals(1, run("demo", "--no-reports", "--deals", "3000", "--data", data));
        assertEquals("settlement: " + data + " already holds a journal: give --continue to trade on in it without the set-up, or an empty "
            + "directory", err.toString().trim());

        assertEquals(0, run("demo", "--no-reports", "--deals", "3000", "--clients", "2", "--data", data, "--continue"), out.toString() + err);
        final String text = out.toString();
        assertTrue(text.contains("continuing the journal in"), text);
        assertTrue(STAGED.containsAll(refusalReasons(text)), text);
        assertTrue(commands(text) > firstCommands + 3000, text);
    }

    private static long commands(final String text)
    {
        final Matcher m = Pattern.compile("\\(([\\d,]+) commands\\)").matcher(text);
        assertTrue(m.find(), text);
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    @Test
    void shouldSayWhatEachLatencyFigureMeasures()
    {
        assertEquals(0, run("demo", "--no-reports", "--deals", "20000", "--clients", "2", "--data", dir.resolve("d").toString()), out.toString() + err);
        final String text = out.toString();
        assertTrue(text.matches("(?s).*\\nlatency under saturation\\s+p50 .* p99 .*\\(submit to answer with 1,024 deals in flight per "
            + "client: mostly queueing, not the time a deal takes\\).*"), text);
        assertTrue(text.matches("(?s).*\\nlatency paced at [\\d,]+ deals/s\\s+p50 .* p99 .*\\(([\\d,]+) deals from one client, each "
            + "measured from its intended send time\\).*"), text);
    }

    @Test
    void shouldPrintTheSummaryAndDeleteTheTemporaryJournalWhenTerminated() throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        try (InputStream flags = DemoCommandTest.class.getResourceAsStream("/settlement-jvm.flags"))
        {
            for (final String flag : new String(flags.readAllBytes(), StandardCharsets.UTF_8).trim().split("\\s+"))
            {
                if (!flag.isEmpty())
                {
                    command.add(flag);
                }
            }
        }
        command.addAll(List.of("-Xmx1g", "-Djava.io.tmpdir=" + dir, "-cp", System.getProperty("java.class.path"),
            SettlementCli.class.getName(), "demo", "--no-reports", "--deals", "5000000", "--clients", "2"));
        final Process demo = new ProcessBuilder(command).redirectErrorStream(true).start();
        final StringBuilder text = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            boolean signalled = false;
            while ((line = lines.readLine()) != null)
            {
                text.append(line).append('\n');
                if (!signalled && line.startsWith("["))
                {
                    demo.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its output)
                    signalled = true;
                }
            }
        }
        finally
        {
            if (!demo.waitFor(60, TimeUnit.SECONDS))
            {
                demo.destroyForcibly();
            }
        }
        final String output = text.toString();
        assertEquals(143, demo.exitValue(), output);
        assertTrue(output.contains("interrupted after"), output);
        assertTrue(output.contains("deals by outcome"), output);
        assertTrue(output.matches("(?s).*state-hash: [0-9a-f]{16}.*"), output);
        final Path journal = Path.of(journalIn(output));
        assertTrue(output.contains("temporary journal deleted"), output);
        assertFalse(Files.exists(journal), "the temporary journal is gone: " + journal);
    }
}
