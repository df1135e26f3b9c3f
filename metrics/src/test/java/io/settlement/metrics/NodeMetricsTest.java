package io.settlement.metrics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.api.Command;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.gateway.Credentials;
import io.settlement.gateway.GatewayConfig;
import io.settlement.gateway.GatewayServer;
import io.settlement.gateway.client.GatewayClient;
import io.settlement.gateway.client.GatewayClosedException;
import io.settlement.gateway.client.Response;
import io.settlement.gateway.client.sbe.DealType;
import io.settlement.journal.DataDirectory;
import io.settlement.journal.SettlementNode;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.LimitKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real node (journals in a temporary directory, the pipeline, a gateway on loopback) driven with
 * real commands; the scrape is read back and its counters checked to the exact value.
 */
class NodeMetricsTest
{
    private static final long BANK_A = 1;
    private static final long BANK_B = 2;
    private static final int ACME = 10;
    private static final int USD = 840;
    private static final int EUR = 978;
    private static final int TODAY = 20260105;
    /** Commands the set-up sends (participants, instruments, deposits, date). */
    private static final int SET_UP_COMMANDS = 8;

    private Path dir;
    private SettlementNode node;
    private GatewayServer gateway;
    private NodeMetrics metrics;

    @AfterEach
    void tearDown() throws Exception
    {
        if (gateway != null)
        {
            gateway.close();
        }
        if (node != null)
        {
            node.stop();
        }
        if (metrics != null)
        {
            metrics.close();
        }
        try (Stream<Path> files = Files.walk(dir))
        {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private void start(final SettlementNode.Config config) throws Exception
    {
        metrics = new NodeMetrics(Map.of(USD, "USD", EUR, "EUR")::get);
        metrics.recovering();
        node = SettlementNode.start(config.log(line -> {}).engine(new EngineConfig()));
        metrics.attach(node);
        final Credentials credentials = new Credentials()
            .addSecret(BANK_A, Role.MEMBER, "secret-a").addSecret(BANK_B, Role.MEMBER, "secret-b");
        gateway = GatewayServer.start(node.pipeline(), node.router(),
            new GatewayConfig().port(0).host("127.0.0.1").credentials(credentials).logonMaxFailures(2).logonBackoffMs(60_000));
        metrics.attach(gateway);
        try (PipelineClient system = node.client(Command.SYSTEM_SUBMITTER))
        {
            final Command c = new Command();
            system(system, c.createParticipant(0, 0, BANK_A, Role.MEMBER));
            system(system, c.createParticipant(0, 0, BANK_B, Role.MEMBER));
            system(system, c.createInstrument(0, 0, ACME, InstrumentKind.SECURITY, "ACME"));
            system(system, c.createInstrument(0, 0, USD, InstrumentKind.CURRENCY, "USD"));
            system(system, c.createInstrument(0, 0, EUR, InstrumentKind.CURRENCY, "EUR"));
            system(system, c.deposit(0, 0, BANK_B, ACME, 10_000));
            system(system, c.deposit(0, 0, BANK_A, USD, 1_000_000));
            system(system, c.advanceBusinessDate(0, 0, TODAY));
        }
        metrics.markReady();
    }

    private static PipelineClient.Outcome system(final PipelineClient system, final Command command) throws Exception
    {
        final PipelineClient.Outcome outcome = system.send(command).get(10, TimeUnit.SECONDS);
        assertEquals(Reason.OK, outcome.published());
        return outcome;
    }

    private Response deal(final GatewayClient client, final long clientDealId, final int currency, final long cash) throws Exception
    {
        return client.submitDeal(clientDealId, BANK_A, BANK_B, ACME, currency, 10, cash, TODAY, DealType.DVP).get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldCountCommandsDealsValueLatencyAndLogonsExactly() throws Exception
    {
        dir = Files.createTempDirectory("metrics-test");
        start(new SettlementNode.Config(dir).ringSize(1024));
        try (PipelineClient system = node.client(Command.SYSTEM_SUBMITTER))
        {
            // a credit line of 3,500 USD for bank A's unsettled buys: three deals fit, the fourth does not
            system(system, new Command().setLimit(0, 0, BANK_A, LimitKind.CREDIT, USD, 3_500));
        }
        final GatewayClient a = GatewayClient.connect("127.0.0.1", gateway.port(), null);
        try
        {
            assertEquals(Response.Type.LOGON_ACCEPTED, a.logon(BANK_A, "secret-a").get(10, TimeUnit.SECONDS).type());
            assertEquals(Response.Type.DEAL_ACCEPTED, deal(a, 1, USD, 1_000).type());
            assertEquals(Response.Type.DEAL_ACCEPTED, deal(a, 2, USD, 1_200).type());
            final Response third = deal(a, 3, USD, 1_100);
            assertEquals(Response.Type.DEAL_ACCEPTED, third.type());
            final Response refused = deal(a, 4, USD, 2_000);
            assertEquals(Response.Type.DEAL_REJECTED, refused.type());
            assertEquals("CREDIT_LIMIT_EXCEEDED", refused.reason().name());
            assertEquals(Response.Type.DEAL_ACCEPTED, deal(a, 1, USD, 1_000).type(), "an idempotent repeat");
            assertEquals(Response.Type.DEAL_ACCEPTED, deal(a, 5, EUR, 500).type(), "bank A holds no EUR: it will fail");
            assertEquals(Response.Type.DEAL_CANCELLED, a.cancelDeal(third.dealId()).get(10, TimeUnit.SECONDS).type());
            assertEquals("NOT_AUTHORISED", a.deposit(BANK_A, USD, 1).get(10, TimeUnit.SECONDS).result().name(),
                "a member may not fund itself");
            try (PipelineClient system = node.client(Command.SYSTEM_SUBMITTER))
            {
                system(system, new Command().runSettlementCycle(0, 0));
            }

            final Scrape scrape = new Scrape(metrics.scrape());
            assertEquals(3, scrape.value("settlement_deals_accepted_total", "currency", "USD"), "the repeat is not a new deal");
            assertEquals(1, scrape.value("settlement_deals_rejected_total", "currency", "USD"));
            assertEquals(1, scrape.value("settlement_deals_cancelled_total", "currency", "USD"));
            assertEquals(2, scrape.value("settlement_deals_settled_total", "currency", "USD"));
            assertEquals(2_200, scrape.value("settlement_settled_value_minor_total", "currency", "USD"));
            assertEquals(0, scrape.value("settlement_deals_settlement_failures_total", "currency", "USD"));
            assertEquals(0, scrape.value("settlement_deals_pending", "currency", "USD"));
            assertEquals(1, scrape.value("settlement_deals_accepted_total", "currency", "EUR"));
            assertEquals(0, scrape.value("settlement_deals_settled_total", "currency", "EUR"));
            assertEquals(1, scrape.value("settlement_deals_settlement_failures_total", "currency", "EUR"));
            assertEquals(1, scrape.value("settlement_deals_pending", "currency", "EUR"));
            assertEquals(1, scrape.value("settlement_deals_settlement_failures_by_reason_total", "reason", "INSUFFICIENT_CASH"));

            assertEquals(5, scrape.value("settlement_commands_total", "type", "SUBMIT_DEAL", "outcome", "ok", "reason", "OK"),
                "three USD deals, the repeat and the EUR deal");
            assertEquals(1, scrape.value("settlement_commands_total",
                "type", "SUBMIT_DEAL", "outcome", "refused", "reason", "CREDIT_LIMIT_EXCEEDED"));
            assertEquals(1, scrape.value("settlement_commands_total", "type", "CANCEL_DEAL", "outcome", "ok"));
            assertEquals(1, scrape.value("settlement_commands_total", "type", "DEPOSIT", "outcome", "refused", "reason", "NOT_AUTHORISED"));
            assertEquals(2, scrape.value("settlement_commands_total", "type", "DEPOSIT", "outcome", "ok"));
            assertEquals(3, scrape.value("settlement_commands_total", "type", "CREATE_INSTRUMENT", "outcome", "ok"));
            assertEquals(1, scrape.value("settlement_commands_total", "type", "RUN_SETTLEMENT_CYCLE", "outcome", "ok"));
            assertEquals(6, scrape.value("settlement_command_latency_seconds_count", "type", "SUBMIT_DEAL"));
            assertEquals(6, scrape.value("settlement_command_latency_seconds_bucket", "type", "SUBMIT_DEAL", "le", "+Inf"));
            assertTrue(scrape.value("settlement_command_latency_seconds_sum", "type", "SUBMIT_DEAL") > 0);
            assertEquals(3, scrape.value("settlement_command_latency_seconds_count", "type", "DEPOSIT"), "two in the set-up, one refused");
            assertEquals(1, scrape.value("settlement_command_latency_seconds_count", "type", "RUN_SETTLEMENT_CYCLE"));
            assertFalse(scrape.has("settlement_command_latency_seconds_count", "type", "QUERY_DEAL"), "never sent");
            assertEquals(TODAY, scrape.value("settlement_business_date"));

            assertEquals(1, scrape.value("settlement_gateway_logons_total", "result", "ok"));
            assertEquals(1, scrape.value("settlement_gateway_sessions"));
            assertEquals(1, scrape.value("settlement_gateway_connections"));
            assertEquals(0, scrape.value("settlement_ring_occupied_slots"));
            assertEquals(1024, scrape.value("settlement_ring_slots"));
            assertTrue(scrape.value("settlement_journal_written_bytes_total", "journal", "commands") > 0);
            assertTrue(scrape.value("settlement_journal_batches_total", "journal", "events") > 0);
            assertEquals(1, scrape.value("settlement_node_ready"));
            assertEquals(1, scrape.value("settlement_node_healthy"));
        }
        finally
        {
            a.close();
        }

        // two wrong secrets lock out bank B and the address; the right one is then refused unchecked
        assertEquals("BAD_CREDENTIALS", refusedLogon(BANK_B, "wrong-1"));
        assertEquals("BAD_CREDENTIALS", refusedLogon(BANK_B, "wrong-2"));
        assertEquals("LOGON_THROTTLED", refusedLogon(BANK_B, "secret-b"));
        final Scrape after = new Scrape(metrics.scrape());
        assertEquals(2, after.value("settlement_gateway_logons_total", "result", "bad_credentials"));
        assertEquals(1, after.value("settlement_gateway_logons_total", "result", "throttled"));
        assertEquals(1, after.value("settlement_gateway_logons_total", "result", "ok"));
        assertEquals(2, after.value("settlement_gateway_lockouts_total"), "bank B and the address 127.0.0.1");
        assertEquals(2, after.value("settlement_gateway_lockouts_active"));
    }

    /** @return the reason the gateway gave for refusing the logon (it closes the session). */
    private String refusedLogon(final long participantId, final String secret) throws Exception
    {
        try (GatewayClient client = GatewayClient.connect("127.0.0.1", gateway.port(), null))
        {
            final Response answer = client.logon(participantId, secret).get(10, TimeUnit.SECONDS);
            throw new AssertionError("logon accepted: " + answer);
        }
        catch (final ExecutionException ex)
        {
            return ((GatewayClosedException)ex.getCause()).reason().name();
        }
    }

    @Test
    void shouldCountDealsPendingAtRecoveryAfterARestart() throws Exception
    {
        dir = Files.createTempDirectory("metrics-test");
        start(new SettlementNode.Config(dir).ringSize(1024));
        try (GatewayClient a = GatewayClient.connect("127.0.0.1", gateway.port(), null))
        {
            a.logon(BANK_A, "secret-a").get(10, TimeUnit.SECONDS);
            assertEquals(Response.Type.DEAL_ACCEPTED, deal(a, 1, USD, 1_000).type());
            assertEquals(Response.Type.DEAL_ACCEPTED, deal(a, 2, USD, 1_000).type());
        }
        gateway.close();
        gateway = null;
        node.stop();
        metrics.close();

        metrics = new NodeMetrics(Map.of(USD, "USD")::get);
        node = SettlementNode.start(new SettlementNode.Config(dir).ringSize(1024).log(line -> {}));
        metrics.attach(node);
        metrics.markReady();
        final Scrape scrape = new Scrape(metrics.scrape());
        assertEquals(2, scrape.value("settlement_deals_pending", "currency", "USD"), "the two deals recovered pending");
        assertEquals(0, scrape.value("settlement_deals_accepted_total", "currency", "USD"), "counters start with the process");
        assertEquals(TODAY, scrape.value("settlement_business_date"), "the recovered date");
    }

    @Test
    void shouldTurnUnhealthyWhenThePipelineFailStops() throws Exception
    {
        dir = Files.createTempDirectory("metrics-test");
        start(new SettlementNode.Config(dir).ringSize(1024).snapshotIntervalCommands(SET_UP_COMMANDS + 2));
        assertTrue(metrics.health().ok(), metrics.health().toString());
        assertTrue(metrics.readiness().ok(), metrics.readiness().toString());
        assertEquals(200, metrics.health().httpStatus());

        // the snapshot due after the next-but-one command cannot be written: stage 2 fails, the pipeline stops
        final Path snapshots = new DataDirectory(dir).snapshots();
        assertFalse(Files.exists(snapshots), "no snapshot yet");
        Files.writeString(snapshots, "not a directory");
        try (PipelineClient system = node.client(Command.SYSTEM_SUBMITTER))
        {
            system.send(new Command().deposit(0, 0, BANK_A, USD, 1)).get(10, TimeUnit.SECONDS);
            system.send(new Command().deposit(0, 0, BANK_A, USD, 1));
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (node.pipeline().failure() == null && System.nanoTime() < deadline)
        {
            Thread.sleep(10);
        }

        final Status health = metrics.health();
        assertFalse(health.ok());
        assertEquals(503, health.httpStatus());
        assertEquals("failed", health.state());
        assertTrue(health.reasons().get(0).startsWith("the pipeline stopped on a failure (fail-stop): "), health.toString());
        assertFalse(metrics.readiness().ok());
        final Scrape scrape = new Scrape(metrics.scrape());
        assertEquals(0, scrape.value("settlement_node_healthy"));
        assertEquals(0, scrape.value("settlement_node_ready"));
        assertEquals(0, scrape.value("settlement_pipeline_accepting"));
    }

    @Test
    void shouldBeReadyOnlyOnceRecoveredAndSetUp() throws Exception
    {
        dir = Files.createTempDirectory("metrics-test");
        metrics = new NodeMetrics();
        assertEquals(new Status(false, "starting", java.util.List.of("the node is starting")), metrics.readiness());
        assertTrue(metrics.health().ok(), "alive while starting");
        metrics.recovering();
        assertEquals(new Status(false, "recovering", java.util.List.of("the node is recovering its state from the journal")),
            metrics.readiness());
        node = SettlementNode.start(new SettlementNode.Config(dir).ringSize(1024).log(line -> {}));
        metrics.attach(node);
        assertEquals(new Status(false, "setting-up", java.util.List.of("the node is applying its configuration")), metrics.readiness());
        metrics.markReady();
        assertEquals(new Status(true, "running", java.util.List.of()), metrics.readiness());
        metrics.markStopping();
        assertFalse(metrics.readiness().ok());
        node.stop();
        metrics.markStopped();
        assertEquals(new Status(false, "stopped", java.util.List.of("the node has stopped")), metrics.health());
    }
}
