package io.settlement.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code settlement admin} against a running server with the example configuration: one request per command, exit codes that say whose fault. */
class AdminCommandTest
{
    private static final Path CONFIG = Path.of("..", "docs", "examples", "server.conf");
    private static RunningServer server;
    private static String url;

    private record Run(int exit, String out, String err)
    {
    }

    @BeforeAll
    static void start() throws Exception
    {
        server = new RunningServer(CONFIG, Files.createTempDirectory("admin").resolve("data"));
        url = "http://127.0.0.1:" + server.command.boundHttpPort;
    }

    @AfterAll
    static void stop() throws Exception
    {
        server.stop();
    }

    private static Run admin(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final String[] all = new String[args.length + 1];
        all[0] = "admin";
        System.arraycopy(args, 0, all, 1, args.length);
        final int exit = SettlementCli.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Run asOperator(final String... args)
    {
        final String[] all = new String[args.length + 6];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--url", url, "--as", "91", "--secret", "ops-secret-91"}, 0, all, args.length, 6);
        return admin(all);
    }

    @Test
    void shouldRunTheDayFromTheCommandLine()
    {
        final Run date = asOperator("date");
        assertEquals(0, date.exit(), date::toString);
        assertTrue(date.out().contains("businessDate: 2026-01-05"), date.out());

        final Run deposit = asOperator("deposit", "--participant", "2", "--instrument", "11", "--amount", "10");
        assertEquals(0, deposit.exit(), deposit::toString);
        assertTrue(deposit.out().startsWith("result: OK"), deposit.out());

        final Run cycle = asOperator("cycle");
        assertEquals(0, cycle.exit(), cycle::toString);
        assertTrue(cycle.out().contains("attempted: "), cycle.out());
        final Run netted = asOperator("cycle", "--mode", "netted");
        assertEquals(0, netted.exit(), netted::toString);
        assertTrue(netted.out().contains("attempted: "), netted.out());
        final Run unknown = asOperator("cycle", "--mode", "netting");
        assertEquals(AdminClient.REFUSED, unknown.exit(), unknown::toString);
        assertTrue(unknown.err().contains("must be one of [GROSS, NETTED]"), unknown.err());

        final Run participants = asOperator("participants");
        assertEquals(0, participants.exit(), participants::toString);
        assertTrue(participants.out().startsWith("participantId\trole\tname\tshortCode\n1\tMEMBER\tNorthbank AG\tNORTHBANK\n"),
            participants.out());

        final Run json = asOperator("instruments", "--json");
        assertEquals(0, json.exit(), json::toString);
        assertTrue(json.out().trim().startsWith("[") && json.out().contains("\"code\" : \"USD\""), json.out());

        final Run followUps = asOperator("followups", "--status", "open");
        assertEquals(0, followUps.exit(), followUps::toString);
        final Run notFailing = asOperator("assign", "424242", "--owner", "Alice Martin", "--deadline", "2026-01-09");
        assertEquals(AdminClient.REFUSED, notFailing.exit(), notFailing::toString);
        assertTrue(notFailing.err().startsWith("settlement admin: UNKNOWN_DEAL:"), notFailing.err());

        final Run limits = asOperator("limits", "--participant", "1");
        assertEquals(0, limits.exit(), limits::toString);
        assertTrue(limits.out().contains("limits:\nparticipantId\tkind\tkey\tlimit\tutilised\tavailable\tbreached\tcode\tlimitDecimal"
            + "\tutilisedDecimal\tavailableDecimal\n1\tCREDIT\t840\t500000000\t0\t500000000\tfalse\tUSD\t5000000.00\t0.00\t5000000.00\n"),
            limits.out());
    }

    @Test
    void shouldSendHoldAndReleaseWithTheirSide()
    {
        final Run unknown = asOperator("hold", "424242", "--side", "BUY");
        assertEquals(AdminClient.REFUSED, unknown.exit(), unknown::toString);
        assertTrue(unknown.err().startsWith("settlement admin: UNKNOWN_DEAL: deal 424242 not held"), unknown.err());
        final Run badSide = asOperator("release", "424242", "--side", "BUYER");
        assertEquals(AdminClient.REFUSED, badSide.exit(), badSide::toString);
        assertTrue(badSide.err().contains("side"), badSide.err());
        final Run noSide = asOperator("hold", "424242");
        assertEquals(2, noSide.exit(), noSide::toString);
    }

    @Test
    void shouldSendTheMatchingCommands()
    {
        final Run tolerance = asOperator("tolerance", "--currency", "840", "--minor", "3");
        assertEquals(0, tolerance.exit(), tolerance::toString);
        final Run expiry = asOperator("expiry", "--days", "251");
        assertEquals(AdminClient.REFUSED, expiry.exit(), expiry::toString);
        assertTrue(expiry.err().contains("INVALID_EXPIRY"), expiry.err());
        final Run instruct = asOperator("instruct", "--client-ref", "1", "--side", "BUY", "--counterparty", "2", "--security", "10",
            "--currency", "840", "--quantity", "1", "--cash", "100", "--date", "2026-01-05", "--type", "DVP");
        assertEquals(AdminClient.REFUSED, instruct.exit(), instruct::toString);
        assertTrue(instruct.err().contains("NOT_AUTHORISED"), "an operator does not instruct: " + instruct.err());
        final Run unknown = asOperator("instruction", "424242");
        assertEquals(AdminClient.REFUSED, unknown.exit(), unknown::toString);
        assertTrue(unknown.err().contains("UNKNOWN_INSTRUCTION"), unknown.err());
        final Run cancel = asOperator("cancel-instruction", "424242");
        assertEquals(AdminClient.REFUSED, cancel.exit(), cancel::toString);
    }

    /** An operator creates participants and instruments with their details, which the engine checks; without them as before. */
    @Test
    void shouldCreateReferenceDataWithNamesShortCodesIsinsAndMinorUnits()
    {
        final Run participant = asOperator("add-participant", "--id", "70", "--role", "MEMBER", "--name", "Южный банк",
            "--short-code", "SOUTH");
        assertEquals(0, participant.exit(), participant::toString);
        final Run security = asOperator("add-instrument", "--id", "70", "--kind", "SECURITY", "--code", "AAPL",
            "--isin", "US0378331005", "--name", "Apple Inc.");
        assertEquals(0, security.exit(), security::toString);
        final Run currency = asOperator("add-instrument", "--id", "48", "--kind", "CURRENCY", "--code", "BHD",
            "--name", "Bahraini dinar", "--minor-units", "3");
        assertEquals(0, currency.exit(), currency::toString);
        final Run plain = asOperator("add-instrument", "--id", "392", "--kind", "CURRENCY", "--code", "JPY");
        assertEquals(0, plain.exit(), plain::toString);

        final Run participants = asOperator("participants");
        assertTrue(participants.out().contains("\n70\tMEMBER\tЮжный банк\tSOUTH\n"), participants.out());
        final Run instruments = asOperator("instruments");
        final String out = instruments.out();
        assertTrue(out.contains("\tAAPL\tUS0378331005\tApple Inc.\t0"), out);
        assertTrue(out.contains("\tBHD\t\tBahraini dinar\t3"), out);
        assertTrue(out.contains("\tJPY\t\t\t0"), out);

        final Run badIsin = asOperator("add-instrument", "--id", "71", "--kind", "SECURITY", "--code", "SAP",
            "--isin", "DE0007164601", "--name", "SAP SE");
        assertEquals(6, badIsin.exit(), badIsin::toString);
        assertTrue(badIsin.err().contains("INVALID_ISIN"), badIsin.err());
    }

    @Test
    void shouldSayInOneLineWhyTheNodeRefusedAndExitSix()
    {
        final Run member = admin("cycle", "--url", url, "--as", "1", "--secret", "northbank-secret");
        assertEquals(AdminClient.REFUSED, member.exit(), member::toString);
        assertTrue(member.err().startsWith("settlement admin: NOT_AUTHORISED: cycle not run: NOT_AUTHORISED"), member.err());
        assertEquals(1, member.err().lines().count(), member.err());

        final Run wrong = admin("date", "--url", url, "--as", "91", "--secret", "not-it");
        assertEquals(AdminClient.REFUSED, wrong.exit(), wrong::toString);
        assertTrue(wrong.err().startsWith("settlement admin: BAD_CREDENTIALS:"), wrong.err());

        final Run badDate = asOperator("advance-date", "5 January");
        assertEquals(AdminClient.REFUSED, badDate.exit(), badDate::toString);
        assertTrue(badDate.err().contains("INVALID_REQUEST: field 'businessDate' must be a date as YYYY-MM-DD"), badDate.err());

        final Run unknown = asOperator("deal", "424242");
        assertEquals(AdminClient.REFUSED, unknown.exit());
        assertTrue(unknown.err().startsWith("settlement admin: UNKNOWN_DEAL:"), unknown.err());
    }

    @Test
    void shouldExitSevenWhenNoNodeAnswersAndTwoOnBadUsage() throws Exception
    {
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0))
        {
            closedPort = socket.getLocalPort();
        }
        final Run nobody = admin("date", "--url", "http://127.0.0.1:" + closedPort, "--as", "91", "--secret", "x");
        assertEquals(AdminClient.UNAVAILABLE, nobody.exit(), nobody::toString);
        assertEquals("settlement admin: cannot reach a node at http://127.0.0.1:" + closedPort
            + " (is its http line on, and the port right?)", nobody.err().trim());

        assertEquals(2, admin("cycle", "--url", url).exit(), "no --as");
        final Run noScheme = admin("date", "--url", "localhost:7480", "--as", "91", "--secret", "x");
        assertEquals(2, noScheme.exit(), noScheme::toString);
        assertEquals("settlement admin: --url localhost:7480 must be http://HOST:PORT or https://HOST:PORT", noScheme.err().trim());
        assertEquals(2, admin("no-such-command").exit());
        final Run help = admin("--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("advance-date") && help.out().contains("6   the node refused the request"), help.out());
    }
}
