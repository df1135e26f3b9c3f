package io.settlement.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line as a user meets it: a small demo run, help, and a bad flag. */
class SettlementCliTest
{
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args)
    {
        return SettlementCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private static long number(final String text, final String regex)
    {
        final Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no match for " + regex + " in:\n" + text);
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    @Test
    void shouldRunASmallDemoAndAccountForEveryDeal() throws Exception
    {
        final Path reports = dir.resolve("reports-out");
        final int code = run("demo", "--deals", "20000", "--clients", "2", "--data", dir.toString(), "--reports", reports.toString());

        final String text = out.toString();
        assertEquals(0, code, text + err);
        assertTrue(text.matches("(?s).*state-hash: [0-9a-f]{16}\\s*"), text);
        final long accepted = number(text, "\\n  accepted\\s+([\\d,]+)");
        long rejected = 0;
        final Matcher m = Pattern.compile("rejected \\w+\\s+([\\d,]+)").matcher(text);
        while (m.find())
        {
            rejected += Long.parseLong(m.group(1).replace(",", ""));
        }
        assertEquals(20_000, accepted + rejected, "every deal is accounted for:\n" + text);
        final long settled = number(text, "\\n  settled\\s+([\\d,]+)");
        final long pending = number(text, "still pending\\s+([\\d,]+)");
        assertTrue(settled > 0, text);
        assertTrue(settled + pending <= accepted, "a deal settles at most once:\n" + text);
        assertTrue(text.contains(dir.toAbsolutePath().toString()), "names where the journal is");
        assertTrue(number(text, "\\((\\d[\\d,]*) commands\\)") > 20_000,
            "every deal, the set-up and the desk's commands are journaled:\n" + text);

        // the back-office close: the day's reports, where the demo says, and the register of every deal sent
        final Matcher written = Pattern.compile("reports of business day (\\d{8}) written in [\\d.]+ s to (\\S+)").matcher(text);
        assertTrue(written.find(), text);
        assertEquals(reports.toAbsolutePath().toString(), written.group(2));
        final String day = written.group(1);
        final List<String> register = Files.readAllLines(reports.resolve("deals-register.csv"));
        assertEquals(20_000 + 1, register.size(), "the register lists every deal sent, accepted or rejected, under its header");
        assertEquals(rejected, register.stream().filter(line -> line.contains(",REJECTED,")).count(), "rejected deals in the register");
        for (final String member : List.of("NORTHBANK", "EASTBANK", "SOUTHBANK", "WESTBANK", "SUMMIT", "HARBOUR"))
        {
            for (final String kind : List.of(".csv", ".html", ".pdf"))
            {
                assertTrue(Files.size(reports.resolve("statement-" + member + "-" + day + kind)) > 0, member + kind);
            }
            assertTrue(Files.readString(reports.resolve("bank-statement-" + member + "-" + day + ".txt"), Charset.forName("windows-1251"))
                .startsWith("1CClientBankExchange"), member);
        }
        assertTrue(Files.exists(reports.resolve("operations-" + day + ".pdf")), "the operations report");
        assertTrue(Files.exists(reports.resolve("postings-" + day + ".csv")), "the postings file");
    }

    @Test
    void shouldDescribeItselfAndRefuseBadFlagsInOneLine()
    {
        assertEquals(0, run("demo", "--help"));
        assertTrue(out.toString().contains("--deals"), out.toString());
        assertTrue(out.toString().contains("--clients"), out.toString());

        assertEquals(2, run("demo", "--deals", "lots"));
        assertTrue(err.toString().contains("--deals"), err.toString());
        assertEquals(2, run("demo", "--clients", "0"));
        assertTrue(err.toString().contains("--clients"), err.toString());
    }
}
