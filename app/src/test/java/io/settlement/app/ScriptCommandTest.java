package io.settlement.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scenario files: every command type through the engine; a bad line stops with its number. */
class ScriptCommandTest
{
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final Path file)
    {
        return SettlementCli.run(new PrintWriter(out, true), new PrintWriter(err, true), "script", file.toString());
    }

    @Test
    void shouldRunTheExampleScenarioUsingEveryCommandType()
    {
        assertEquals(0, run(Path.of("..", "docs", "examples", "scenario.txt")), err.toString());

        final List<String> lines = out.toString().lines().toList();
        assertTrue(lines.contains("line 11: LIMIT_SET{seq=9 corr=11 participant=1 kind=CREDIT key=840 limit=60000 utilised=0}"),
            out.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("line 14: DEAL_REJECTED") && l.contains("CREDIT_LIMIT_EXCEEDED")));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("line 17: DEAL_CANCELLED") && l.contains("deal=3")));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("line 18: DEAL_REPORT") && l.contains("status=CANCELLED")));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("line 20: CYCLE_COMPLETED") && l.contains("settled=2")));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("line 21: POSITION_REPORT") && l.contains("balance=150")));
        // final positions: A paid 50,000 and received 150 shares; B the reverse, less a 1,000 withdrawal
        final int csv = lines.indexOf("participantId,instrumentId,balance");
        assertEquals(List.of("1,10,150", "1,840,50000", "2,10,350", "2,840,49000"), lines.subList(csv + 1, csv + 5));
        assertTrue(lines.get(lines.size() - 1).matches("state-hash: [0-9a-f]{16}"));
    }

    @Test
    void shouldStopAtALineItCannotReadWithItsNumber() throws IOException
    {
        final Path file = dir.resolve("broken.txt");
        Files.writeString(file, "# a scenario\nparticipant id=1 role=MEMBER\ndael as=1 client=1\n");

        assertEquals(1, run(file));

        assertEquals("settlement: " + file + ":3: unknown command 'dael'", err.toString().trim());
    }

    @Test
    void shouldNameAMissingOrMalformedField() throws IOException
    {
        final Path file = dir.resolve("fields.txt");
        Files.writeString(file, "deposit participant=1 instrument=840\n");
        assertEquals(1, run(file));
        assertTrue(err.toString().contains(":1: missing amount="), err.toString());

        err.getBuffer().setLength(0);
        Files.writeString(file, "participant id=1 role=BANKER\n");
        assertEquals(1, run(file));
        assertTrue(err.toString().contains(":1: role=BANKER is not one of"), err.toString());
    }
}
