package io.settlement.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code settlement limits --all}: every member's limits, from the server's participant list. */
class LimitsAllTest
{
    private static final Path CONFIG = Path.of("..", "docs", "examples", "server.conf");

    @TempDir
    Path data;

    private record Run(int exitCode, String out, String err)
    {
    }

    private static Run limits(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final String[] all = new String[args.length + 1];
        all[0] = "limits";
        System.arraycopy(args, 0, all, 1, args.length);
        final int exitCode = SettlementCli.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void shouldListTheLimitsOfEveryMemberAndRefuseAMemberOrBothSelections() throws Exception
    {
        final ServerCommand command = new ServerCommand();
        final StringWriter serverOut = new StringWriter();
        final Thread thread = new Thread(() -> new CommandLine(command).setOut(new PrintWriter(serverOut, true))
            .execute("--config", CONFIG.toString(), "--data", data.toString(), "--port", "0", "--http-port", "0"), "test-server");
        thread.start();
        try
        {
            assertTrue(command.started.await(30, TimeUnit.SECONDS), "server did not start: " + serverOut);
            final String port = Integer.toString(command.boundPort);

            // the example configuration: members 1 and 2 (with limits), RISK 90, OPERATOR 91
            final Run all = limits("--all", "--port", port, "--as", "90", "--secret", "risk-secret-90");
            assertEquals(0, all.exitCode(), all.err());
            final String text = all.out();
            assertTrue(text.matches("(?s)participant .*\\n1\\s+CREDIT\\s+USD\\s+5,000,000\\.00\\s+0\\.00\\s.*"
                + "\\n1\\s+COUNTERPARTY\\s+2\\s.*\\n2\\s+DELIVERY\\s+ACME\\s+400,000\\s+0\\s.*\\n0 breaches\\s*"), text);
            assertEquals(5, text.split("\\n").length, "header, 3 limit lines, summary; no line for 90 or 91:\n" + text);

            final Run member = limits("--all", "--port", port, "--as", "1", "--secret", "northbank-secret");
            assertEquals(1, member.exitCode(), member.out());
            assertEquals("", member.out(), "no table header before the refusal");
            assertEquals("settlement: cannot list the participants: NOT_AUTHORISED "
                + "(--all needs a RISK, OPERATOR or AUDITOR user)", member.err().trim());

            final Run both = limits("--all", "--participant", "1", "--port", port, "--as", "90", "--secret", "x");
            assertEquals(2, both.exitCode(), both.err());
            assertTrue(both.err().contains("mutually exclusive"), both.err());
            final Run neither = limits("--port", port, "--as", "90", "--secret", "x");
            assertEquals(2, neither.exitCode(), neither.err());
            assertTrue(neither.err().contains("Missing required argument"), neither.err());
        }
        finally
        {
            command.stop();
            thread.join(30_000);
        }
    }
}
