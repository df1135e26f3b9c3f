package io.settlement.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.settlement.gateway.client.GatewayClient;
import io.settlement.gateway.client.Response;
import io.settlement.gateway.client.sbe.DealType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server from the example configuration: first start applies the configuration, a member
 * trades, the risk officer's limits table shows it, a graceful stop, and a restart that recovers
 * the same state without applying the configuration again.
 */
class ServerAndLimitsTest
{
    private static final Path CONFIG = Path.of("..", "docs", "examples", "server.conf");

    @TempDir
    Path data;

    private static String hashIn(final String text, final String regex)
    {
        final Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no " + regex + " in:\n" + text);
        return m.group(1);
    }

    @Test
    void shouldServeReportLimitsStopGracefullyAndRecover() throws Exception
    {
        final RunningServer first = new RunningServer(CONFIG, data);
        assertTrue(first.out.toString().contains("first start: applied"), first.out.toString());
        try (GatewayClient member = GatewayClient.connect("127.0.0.1", first.port(), null))
        {
            assertEquals(Response.Type.LOGON_ACCEPTED, member.logon(1, "northbank-secret").get(10, TimeUnit.SECONDS).type());
            final Response deal = member.submitDeal(1, 1, 2, 10, 840, 100, 150_000_00L, 20260105, DealType.DVP)
                .get(10, TimeUnit.SECONDS);
            assertEquals(Response.Type.DEAL_ACCEPTED, deal.type(), deal.toString());
        }
        // the running server's metrics, ready for the HTTP server: the deal counted under the configuration's currency code
        assertTrue(first.command.metrics.readiness().ok(), first.command.metrics.readiness().toString());
        final String scrape = first.command.metrics.scrape();
        assertTrue(scrape.contains("\nsettlement_deals_accepted_total{currency=\"USD\"} 1.0\n"), scrape);
        assertTrue(scrape.contains("\nsettlement_gateway_logons_total{result=\"ok\"} 1.0\n"), scrape);

        final StringWriter table = new StringWriter();
        final StringWriter err = new StringWriter();
        assertEquals(0, SettlementCli.run(new PrintWriter(table, true), new PrintWriter(err, true), "limits",
            "--participant", "1,2", "--port", Integer.toString(first.port()), "--as", "90", "--secret", "risk-secret-90"),
            err.toString());
        final String text = table.toString();
        // amounts as decimals in the key instrument's own minor units (USD 2, a security 0), with its code
        assertTrue(text.matches("(?s).*\\n1\\s+CREDIT\\s+USD\\s+5,000,000\\.00\\s+150,000\\.00\\s+4,850,000\\.00\\s+USD\\s+3\\.0%.*"),
            text);
        assertTrue(text.matches("(?s).*\\n2\\s+DELIVERY\\s+ACME\\s+400,000\\s+100\\s+399,900\\s+ACME\\s+0\\.0%.*"), text);
        assertTrue(text.matches("(?s).*\\n1\\s+COUNTERPARTY\\s+2\\s+200,000,000\\s+15,000,000\\s+185,000,000\\s+minor units\\s+7\\.5%.*"),
            text);
        assertTrue(text.contains("0 breaches"), text);

        final String firstRun = first.stop();
        assertEquals("stopped", first.command.metrics.health().state());
        final String stoppedHash = hashIn(firstRun, "stopped; state-hash: ([0-9a-f]{16})");

        final RunningServer second = new RunningServer(CONFIG, data);
        final String secondRun = second.stop();
        assertFalse(secondRun.contains("first start: applied"), "the configuration is applied once:\n" + secondRun);
        assertEquals(Long.parseUnsignedLong(stoppedHash, 16),
            Long.parseUnsignedLong(hashIn(secondRun, "recovered to sequence \\d+ .*state hash ([0-9a-f]+)"), 16),
            secondRun);
    }

    @Test
    void shouldExitFiveWhenAnyLimitIsInBreach() throws Exception
    {
        final RunningServer server = new RunningServer(CONFIG, data);
        try
        {
            final int port = server.port();
            try (GatewayClient member = GatewayClient.connect("127.0.0.1", port, null);
                GatewayClient risk = GatewayClient.connect("127.0.0.1", port, null))
            {
                member.logon(1, "northbank-secret").get(10, TimeUnit.SECONDS);
                assertEquals(Response.Type.DEAL_ACCEPTED, member.submitDeal(1, 1, 2, 10, 840, 100, 150_000_00L, 20260105,
                    DealType.DVP).get(10, TimeUnit.SECONDS).type());
                risk.logon(90, "risk-secret-90").get(10, TimeUnit.SECONDS);
                // the risk officer lowers participant 1's credit line below what it already uses
                risk.setLimit(1, io.settlement.gateway.client.sbe.LimitKind.CREDIT, 840, 10_000_000L).get(10, TimeUnit.SECONDS);
            }
            final StringWriter table = new StringWriter();
            final StringWriter err = new StringWriter();
            assertEquals(LimitsCommand.BREACH_FOUND, SettlementCli.run(new PrintWriter(table, true), new PrintWriter(err, true),
                "limits", "--participant", "1,2", "--port", Integer.toString(port), "--as", "90", "--secret", "risk-secret-90"),
                table + err.toString());
            assertEquals(5, LimitsCommand.BREACH_FOUND, "the documented exit code");
            assertTrue(table.toString().matches("(?s).*\\n1\\s+CREDIT\\s+USD\\s+100,000\\.00\\s+150,000\\.00\\s+-50,000\\.00\\s+USD\\s+150\\.0%  BREACH.*"),
                table.toString());
            assertTrue(table.toString().contains("1 breach"), table.toString());
        }
        finally
        {
            server.stop();
        }
    }

    @Test
    void shouldSayInOneLineWhenNoServerAnswersOrTheSecretIsWrong() throws Exception
    {
        final StringWriter err = new StringWriter();
        assertEquals(1, SettlementCli.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
            "limits", "--participant", "1", "--port", "1", "--as", "90", "--secret", "x"));
        assertEquals("settlement: cannot connect to 127.0.0.1:1: Connection refused", err.toString().trim());

        final RunningServer server = new RunningServer(CONFIG, data);
        try
        {
            final StringWriter refused = new StringWriter();
            assertEquals(1, SettlementCli.run(new PrintWriter(new StringWriter(), true), new PrintWriter(refused, true),
                "limits", "--participant", "1", "--port", Integer.toString(server.port()), "--as", "90",
                "--secret", "wrong"));
            assertTrue(refused.toString().startsWith("settlement: logon refused for participant 90: "), refused.toString());
        }
        finally
        {
            server.stop();
        }
    }

    @Test
    void shouldNotBlameTheCredentialsWhenThePeerIsNotASettlementServer() throws Exception
    {
        // something listens on the port but closes every connection without a word
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress()))
        {
            final Thread closer = new Thread(() ->
            {
                while (!listener.isClosed())
                {
                    try
                    {
                        listener.accept().close();
                    }
                    catch (final java.io.IOException closed)
                    {
                        return;
                    }
                }
            }, "test-closer");
            closer.setDaemon(true);
            closer.start();
            final StringWriter err = new StringWriter();
            assertEquals(1, SettlementCli.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                "limits", "--participant", "1", "--port", Integer.toString(listener.getLocalPort()), "--as", "90", "--secret", "x"));
            final String text = err.toString().trim();
            assertEquals("settlement: 127.0.0.1:" + listener.getLocalPort()
                + " closed the connection before answering the logon (is it a settlement server?)", text);
        }
    }
}
