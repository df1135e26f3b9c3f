package io.settlement.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.gateway.client.GatewayClient;
import io.settlement.gateway.client.Response;
import io.settlement.journal.SettlementNode;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.LimitKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;

/**
 * A node (journal, pipeline, engine) in a temporary directory with a gateway in front of it on a
 * free port, and a small market: members {@link #BANK_A}, {@link #BANK_B}, {@link #BROKER_C}, {@link #RISK},
 * {@link #OPS} (operator), {@link #AUDIT}; securities {@link #ACME}, currency {@link #USD}; funded;
 * business date {@link #TODAY}. Each participant's secret is {@code "secret-" + id}.
 */
final class GatewayFixture implements AutoCloseable
{
    /** An answer of the node, waited for at most 10 s: what every end-to-end test of the gateway asks. */
    static Response await(final CompletableFuture<Response> future) throws Exception
    {
        return future.get(10, TimeUnit.SECONDS);
    }

    static final long BANK_A = 1;
    static final long BANK_B = 2;
    static final long BROKER_C = 3;
    static final long RISK = 90;
    static final long OPS = 91;
    static final long AUDIT = 92;
    static final int ACME = 10;
    static final int USD = 840;
    static final int TODAY = 20260105;

    final Path dir;
    final Credentials credentials = new Credentials();
    SettlementNode node;
    GatewayServer server;
    private final List<GatewayClient> clients = new ArrayList<>();

    GatewayFixture(final GatewayConfig config) throws Exception
    {
        dir = Files.createTempDirectory("gateway-test");
        for (final long id : new long[] {BANK_A, BANK_B, BROKER_C})
        {
            credentials.addSecret(id, io.settlement.protocol.wire.Role.MEMBER, secret(id));
        }
        credentials.addSecret(RISK, io.settlement.protocol.wire.Role.RISK, secret(RISK));
        credentials.addSecret(OPS, io.settlement.protocol.wire.Role.OPERATOR, secret(OPS));
        credentials.addSecret(AUDIT, io.settlement.protocol.wire.Role.AUDITOR, secret(AUDIT));
        start(config);
        setUpMarket();
    }

    static String secret(final long participantId)
    {
        return "secret-" + participantId;
    }

    void start(final GatewayConfig config) throws Exception
    {
        node = SettlementNode.start(new SettlementNode.Config(dir).ringSize(1024).log(line -> {})
            .engine(new EngineConfig()));
        server = GatewayServer.start(node.pipeline(), node.router(), config.port(0).host("127.0.0.1").credentials(credentials));
    }

    /** Stops the gateway and the node; returns the engine (for its state hash). */
    SettlementEngine stop() throws java.io.IOException
    {
        for (final GatewayClient client : clients)
        {
            client.close();
        }
        clients.clear();
        server.close();
        return node.stop();
    }

    private void setUpMarket() throws Exception
    {
        final PipelineClient system = node.client(Command.SYSTEM_SUBMITTER);
        final Command c = new Command();
        final List<CompletableFuture<PipelineClient.Outcome>> sent = new ArrayList<>();
        sent.add(system.send(c.createParticipant(0, 0, OPS, Role.OPERATOR)));
        sent.add(system.send(c.createParticipant(0, 0, BANK_A, Role.MEMBER)));
        sent.add(system.send(c.createParticipant(0, 0, BANK_B, Role.MEMBER)));
        sent.add(system.send(c.createParticipant(0, 0, BROKER_C, Role.MEMBER)));
        sent.add(system.send(c.createParticipant(0, 0, RISK, Role.RISK)));
        sent.add(system.send(c.createParticipant(0, 0, AUDIT, Role.AUDITOR)));
        sent.add(system.send(c.createInstrument(0, 0, ACME, InstrumentKind.SECURITY, "ACME")));
        sent.add(system.send(c.createInstrument(0, 0, USD, InstrumentKind.CURRENCY, "USD")));
        sent.add(system.send(c.deposit(0, 0, BANK_A, USD, 1_000_000)));
        sent.add(system.send(c.deposit(0, 0, BANK_B, ACME, 10_000)));
        sent.add(system.send(c.setLimit(0, 0, BANK_A, LimitKind.CREDIT, USD, 500_000)));
        sent.add(system.send(c.advanceBusinessDate(0, 0, TODAY)));
        for (final CompletableFuture<PipelineClient.Outcome> future : sent)
        {
            final PipelineClient.Outcome outcome = future.get(10, TimeUnit.SECONDS);
            if (outcome.published() != Reason.OK || outcome.first().reason != Reason.OK)
            {
                throw new IllegalStateException("set-up refused: " + outcome.events());
            }
        }
        system.close();
    }

    /**
     * Sends a request until it is not refused BUSY (the ring is shared: under another session's
     * flood a request may be refused at once, which is back pressure, not a stall) and returns the
     * answer.
     */
    static Response untilNotBusy(final java.util.concurrent.Callable<CompletableFuture<Response>> request) throws Exception
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            final Response answer = request.call().get(10, TimeUnit.SECONDS);
            final boolean busy = (answer.type() == Response.Type.COMMAND_RESULT && answer.result() == io.settlement.gateway.client.sbe.Reason.BUSY)
                || (answer.type() == Response.Type.DEAL_REJECTED && answer.reason() == io.settlement.gateway.client.sbe.Reason.BUSY);
            if (!busy)
            {
                return answer;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("refused BUSY 100 times in a row");
    }

    /** A connected client, logged on as {@code participantId} with its secret. */
    GatewayClient logOn(final long participantId) throws Exception
    {
        final GatewayClient client = connect();
        final Response accepted = client.logon(participantId, secret(participantId)).get(10, TimeUnit.SECONDS);
        if (accepted.type() != Response.Type.LOGON_ACCEPTED)
        {
            throw new IllegalStateException("logon refused: " + accepted);
        }
        return client;
    }

    GatewayClient connect() throws Exception
    {
        final GatewayClient client = GatewayClient.connect("127.0.0.1", server.port(), null);
        clients.add(client);
        return client;
    }

    @Override
    public void close() throws java.io.IOException
    {
        try
        {
            stop();
        }
        finally
        {
            try (var files = Files.walk(dir))
            {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
