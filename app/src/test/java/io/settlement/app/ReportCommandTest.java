package io.settlement.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.settlement.reports.ReadModelDatabase;

/** {@code settlement report} against a node's embedded read model: files written, refusals and their exit codes. */
class ReportCommandTest
{
    @TempDir
    Path data;

    @TempDir
    Path out;

    private final StringWriter stdout = new StringWriter();
    private final StringWriter stderr = new StringWriter();

    /** Two members, one settled deal of 10 ACME for 150.25 USD on 2026-11-27, one rejected, a deposit. */
    @BeforeEach
    void readModel() throws Exception
    {
        final ReadModelDatabase database = ReadModelDatabase.embedded(data);
        database.migrate();
        try (Connection connection = database.connect(); Statement sql = connection.createStatement())
        {
            sql.executeUpdate("INSERT INTO participant VALUES (1, 'MEMBER', 'NORTHBANK', 'NB', 1, TIMESTAMP '2026-11-27 08:00:00')");
            sql.executeUpdate("INSERT INTO participant VALUES (2, 'MEMBER', 'Банк Восток', 'VOSTOK', 2, TIMESTAMP '2026-11-27 08:00:00')");
            sql.executeUpdate("INSERT INTO instrument VALUES (1, 'CURRENCY', 'USD', NULL, 'US dollar', 2, 3, TIMESTAMP '2026-11-27 08:00:00')");
            sql.executeUpdate("INSERT INTO instrument VALUES (10, 'SECURITY', 'ACME', 'US0378331005', 'Acme', 0, 4, TIMESTAMP '2026-11-27 08:00:00')");
            sql.executeUpdate("INSERT INTO business_day VALUES (20261127, 1, TIMESTAMP '2026-11-27 08:00:00', NULL, NULL)");
            sql.executeUpdate("INSERT INTO deal VALUES (6, 1, 1, 1, 1, 2, 10, 1, 10, 15025, 20261127, 'DVP', 'SETTLED', NULL,"
                + " TIMESTAMP '2026-11-27 09:00:00', 20261127, 0, NULL, NULL, 7, TIMESTAMP '2026-11-27 10:00:00', 20261127)");
            sql.executeUpdate("INSERT INTO deal VALUES (8, NULL, 2, 9, 2, 1, 10, 1, 10, 15025, 20261127, 'DVP', 'REJECTED',"
                + " 'CREDIT_LIMIT_EXCEEDED', TIMESTAMP '2026-11-27 09:30:00', 20261127, 0, NULL, NULL, NULL, NULL, NULL)");
            sql.executeUpdate("INSERT INTO movement VALUES (1, 5, 20261127, TIMESTAMP '2026-11-27 08:30:00', 1, 1, 100000, 100000, 'DEPOSIT', NULL, NULL)");
            sql.executeUpdate("INSERT INTO movement VALUES (2, 7, 20261127, TIMESTAMP '2026-11-27 10:00:00', 1, 1, -15025, 84975, 'PAYMENT', 1, 2)");
            sql.executeUpdate("INSERT INTO movement VALUES (3, 7, 20261127, TIMESTAMP '2026-11-27 10:00:00', 2, 1, 15025, 15025, 'COLLECTION', 1, 1)");
            sql.executeUpdate("INSERT INTO posting VALUES (1, 1, 5, 20261127, TIMESTAMP '2026-11-27 08:30:00', 'EXT.USD', 'NB.USD', 1, 100000, NULL,"
                + " 'Взнос NORTHBANK')");
        }
    }

    private int run(final String... args)
    {
        return SettlementCli.run(new PrintWriter(stdout, true), new PrintWriter(stderr, true), args);
    }

    @Test
    void writesEachReportWhereAsked() throws Exception
    {
        assertEquals(0, run("report", "statement", "--data", data.toString(), "--participant", "NB", "--out", out.toString()), stderr.toString());
        final Path statement = out.resolve("statement-NB-20261127.pdf");
        assertTrue(stdout.toString().contains("written " + statement), stdout.toString());
        assertEquals("%PDF", new String(Files.readAllBytes(statement), 0, 4, StandardCharsets.US_ASCII));

        assertEquals(0, run("report", "statement", "--data", data.toString(), "--participant", "2", "--date", "2026-11-27",
            "--format", "csv", "--out", out.resolve("vostok.csv").toString()), stderr.toString());
        assertTrue(Files.readString(out.resolve("vostok.csv")).contains(",COLLECTION,1,1,NORTHBANK,150.25,150.25\r\n"));

        assertEquals(0, run("report", "postings", "--data", data.toString(), "--encoding", "windows-1251", "--out", out.toString()), stderr.toString());
        assertTrue(Files.readString(out.resolve("postings-20261127.csv"), Charset.forName("windows-1251")).contains(",1000.00,,Взнос NORTHBANK\r\n"));

        assertEquals(0, run("report", "bank-statement", "--data", data.toString(), "--out", out.resolve("1c").toString()), stderr.toString());
        final String vostok = Files.readString(out.resolve("1c").resolve("bank-statement-VOSTOK-20261127.txt"), Charset.forName("windows-1251"));
        assertTrue(vostok.contains("\r\nВсегоПоступило=150.25\r\n"), vostok);
        assertTrue(vostok.contains("\r\nПлательщик=NORTHBANK\r\n"), vostok);
        assertTrue(Files.isRegularFile(out.resolve("1c").resolve("bank-statement-NB-20261127.txt")));

        assertEquals(0, run("report", "deals", "--data", data.toString(), "--out", out.toString()), stderr.toString());
        final List<String> register = Files.readAllLines(out.resolve("deals-register.csv"));
        assertEquals(3, register.size());
        assertTrue(register.get(2).startsWith("8,,REJECTED,CREDIT_LIMIT_EXCEEDED,"), register.get(2));

        assertEquals(0, run("report", "confirmation", "--data", data.toString(), "--deal", "1", "--format", "html", "--out", out.toString()));
        assertTrue(Files.readString(out.resolve("confirmation-1.html")).contains("150.25 USD"));

        assertEquals(0, run("report", "operations", "--data", data.toString(), "--format", "HTML", "--out", out.toString()));
        assertTrue(Files.isRegularFile(out.resolve("operations-20261127.html")));

        assertEquals(0, run("report", "day", "--data", data.toString(), "--format", "csv", "--out", out.resolve("day").toString()), stderr.toString());
        try (var files = Files.list(out.resolve("day")))
        {
            assertEquals(List.of("bank-statement-NB-20261127.txt", "bank-statement-VOSTOK-20261127.txt", "deals-register.csv",
                "operations-20261127.csv", "postings-20261127.csv", "statement-NB-20261127.csv", "statement-VOSTOK-20261127.csv"),
                files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void refusalsAreOneLineAndTheirOwnExitCode(@TempDir final Path empty) throws Exception
    {
        final String d = data.toString();
        assertRefused(ReportCommand.UNKNOWN_PARTICIPANT, "unknown participant 'SOUTH'",
            "report", "statement", "--data", d, "--participant", "SOUTH", "--out", out.toString());
        assertRefused(ReportCommand.UNKNOWN_DATE, "unknown business date 2026-11-30",
            "report", "operations", "--data", d, "--date", "2026-11-30", "--out", out.toString());
        assertRefused(ReportCommand.UNKNOWN_DEAL, "unknown deal 42", "report", "confirmation", "--data", d, "--deal", "42", "--out", out.toString());
        assertRefused(ReportCommand.NO_READ_MODEL, "no read model in " + empty, "report", "deals", "--data", empty.toString());
        assertRefused(ReportCommand.DATABASE_UNREACHABLE, "cannot reach the database jdbc:postgresql://127.0.0.1:1/reports",
            "report", "deals", "--db", "jdbc:postgresql://127.0.0.1:1/reports", "--user", "reports");
        assertRefused(ReportCommand.CANNOT_WRITE, "cannot write " + out.resolve("missing/operations.pdf"),
            "report", "operations", "--data", d, "--out", out.resolve("missing/operations.pdf").toString());
        assertRefused(2, "--format must be csv, html or pdf (got 'doc')", "report", "operations", "--data", d, "--format", "doc");
        assertRefused(2, "name the read model with either --data DIR or --db URL", "report", "deals");
        assertRefused(2, "--date: not a date: '27.11.2026'", "report", "operations", "--data", d, "--date", "27.11.2026");
        assertRefused(2, "--password-env NO_SUCH_VARIABLE_SET_HERE: no such environment variable is set",
            "report", "deals", "--db", "jdbc:h2:mem:x", "--password-env", "NO_SUCH_VARIABLE_SET_HERE");
        try (var files = Files.list(out))
        {
            assertEquals(0, files.count(), "a refusal writes nothing");
        }
    }

    /** The done-when of the reports: the command reads a running server's read model, which its projector keeps up. */
    @Test
    void readsTheReadModelOfARunningServer(@TempDir final Path node) throws Exception
    {
        final RunningServer server = new RunningServer(Path.of("..", "docs", "examples", "server.conf"), node);
        try
        {
            final long dealId;
            try (io.settlement.gateway.client.GatewayClient member = io.settlement.gateway.client.GatewayClient.connect("127.0.0.1",
                server.port(), null))
            {
                member.logon(1, "northbank-secret").get(10, java.util.concurrent.TimeUnit.SECONDS);
                final io.settlement.gateway.client.Response deal = member.submitDeal(1, 1, 2, 10, 840, 100, 150_000_00L, 20260105,
                    io.settlement.gateway.client.sbe.DealType.DVP).get(10, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(io.settlement.gateway.client.Response.Type.DEAL_ACCEPTED, deal.type(), deal.toString());
                dealId = deal.dealId();
            }
            // the projector follows the journals on its own thread: wait (at most 30 s) for the deal to reach the read model
            final long deadline = System.nanoTime() + 30_000_000_000L;
            int code;
            do
            {
                stderr.getBuffer().setLength(0);
                code = run("report", "confirmation", "--data", node.toString(), "--deal", String.valueOf(dealId), "--format", "csv",
                    "--out", out.toString());
                if (code == 0 || System.nanoTime() > deadline)
                {
                    break;
                }
                Thread.sleep(200);
            }
            while (true);
            assertEquals(0, code, stderr.toString());
            final String confirmation = Files.readString(out.resolve("confirmation-" + dealId + ".csv"));
            assertTrue(confirmation.contains(",100,USD,150000.00,2026-01-05,DVP,PENDING,"), confirmation);
            // from the configuration: 10,000,000.00 USD deposited for participant 1 (Northbank AG) before the first business date
            assertEquals(0, run("report", "statement", "--data", node.toString(), "--participant", "1", "--format", "csv",
                "--out", out.resolve("p1.csv").toString()), stderr.toString());
            final List<String> statement = Files.readAllLines(out.resolve("p1.csv"));
            assertTrue(statement.get(1).startsWith("2026-01-05,1,Northbank AG,USD,,OPENING,") && statement.get(1).endsWith(",10000000.00"),
                statement.toString());
            assertTrue(statement.get(2).endsWith(",CLOSING,,,,,,,,,10000000.00"), statement.toString());
        }
        finally
        {
            server.stop();
        }
    }

    private void assertRefused(final int code, final String message, final String... args)
    {
        stderr.getBuffer().setLength(0);
        assertEquals(code, run(args), stderr.toString());
        assertTrue(stderr.toString().contains(message), stderr.toString());
    }
}
