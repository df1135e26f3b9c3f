package io.settlement.fix;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.api.Command;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.gateway.Credentials;
import io.settlement.gateway.GatewayConfig;
import io.settlement.gateway.GatewayServer;
import io.settlement.journal.DataDirectory;
import io.settlement.journal.SettlementNode;
import io.settlement.protocol.wire.CycleMode;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;

/**
 * A real node (journal, pipeline, engine) in a temporary directory, its gateway (for the authenticator
 * every channel shares) and the FIX channel on free ports. Members {@link #BANK_A}, {@link #BANK_B},
 * {@link #BROKER_C} (FIX sessions BANKA, BANKB, BROKERC), an operator {@link #OPS}; security {@link #ACME}
 * (code ACME, ISIN {@link #ACME_ISIN}), currency {@link #USD} (2 minor units); BANK_A holds cash, BANK_B the
 * securities; business date {@link #TODAY}. Each participant's secret is {@code "secret-" + id}.
 */
final class FixFixture implements AutoCloseable
{
    static final long BANK_A = 1;
    static final long BANK_B = 2;
    static final long BROKER_C = 3;
    static final long OPS = 91;
    static final int ACME = 10;
    static final String ACME_ISIN = "US0378331005";
    static final int USD = 840;
    static final int TODAY = 20260105;

    final Path dir;
    final Credentials credentials = new Credentials();
    final GatewayConfig gatewayConfig;
    private final java.util.function.UnaryOperator<FixConfig> fixSettings;
    SettlementNode node;
    GatewayServer gateway;
    FixAcceptor fix;
    final List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The daily reset the clients made from now on keep on their side (HH:mm:ss UTC), as the node's; null: never. */
    String clientResetTimeUtc;
    private final List<FixClient> clients = new ArrayList<>();

    FixFixture() throws Exception
    {
        this(new GatewayConfig());
    }

    FixFixture(final GatewayConfig gatewayConfig) throws Exception
    {
        this(gatewayConfig, config -> config);
    }

    /** With the FIX channel's settings changed by {@code fixSettings} (TLS, ...). */
    FixFixture(final GatewayConfig gatewayConfig, final java.util.function.UnaryOperator<FixConfig> fixSettings) throws Exception
    {
        this.gatewayConfig = gatewayConfig;
        this.fixSettings = fixSettings;
        dir = Files.createTempDirectory("fix-test");
        for (final long id : new long[] {BANK_A, BANK_B, BROKER_C})
        {
            credentials.addSecret(id, Role.MEMBER, secret(id));
        }
        credentials.addSecret(OPS, Role.OPERATOR, secret(OPS));
        node = SettlementNode.start(new SettlementNode.Config(dir.resolve("node")).ringSize(1024).log(line -> { }).engine(new EngineConfig()));
        setUpMarket();
        gateway = GatewayServer.start(node.pipeline(), node.router(), gatewayConfig.port(0).host("127.0.0.1").credentials(credentials));
        startFix();
    }

    static String secret(final long participantId)
    {
        return "secret-" + participantId;
    }

    FixConfig fixConfig()
    {
        // no daily reset unless a test sets one (a test running across midnight UTC would see its sessions reset)
        return fixSettings.apply(new FixConfig().host("127.0.0.1").port(0).directory(dir.resolve("fix")).syncStore(false)
            .reset(null, java.time.ZoneId.of("UTC"))
            .session(BANK_A, "BANKA").session(BANK_B, "BANKB").session(BROKER_C, "BROKERC"));
    }

    void startFix() throws Exception
    {
        fix = FixAcceptor.start(fixConfig(), node.pipeline(), node.router(), gateway.authenticator(),
            new DataDirectory(dir.resolve("node")).events(), log::add);
    }

    /** Stops the FIX channel (its sessions disconnect) and starts it again on the same directory and node. */
    void restartFix() throws Exception
    {
        fix.close();
        startFix();
    }

    private void setUpMarket() throws Exception
    {
        try (PipelineClient system = node.client(Command.SYSTEM_SUBMITTER))
        {
            final Command c = new Command();
            final List<CompletableFuture<PipelineClient.Outcome>> sent = new ArrayList<>();
            sent.add(system.send(c.createParticipant(0, 0, OPS, Role.OPERATOR)));
            sent.add(system.send(c.createParticipant(0, 0, BANK_A, Role.MEMBER)));
            sent.add(system.send(c.createParticipant(0, 0, BANK_B, Role.MEMBER)));
            sent.add(system.send(c.createParticipant(0, 0, BROKER_C, Role.MEMBER)));
            sent.add(system.send(c.createInstrument(0, 0, ACME, InstrumentKind.SECURITY, "ACME", ACME_ISIN, "Acme Corp", 0)));
            sent.add(system.send(c.createInstrument(0, 0, USD, InstrumentKind.CURRENCY, "USD", "", "US Dollar", 2)));
            sent.add(system.send(c.deposit(0, 0, BANK_A, USD, 1_000_000)));
            sent.add(system.send(c.deposit(0, 0, BANK_B, ACME, 10_000)));
            sent.add(system.send(c.advanceBusinessDate(0, 0, TODAY)));
            for (final CompletableFuture<PipelineClient.Outcome> future : sent)
            {
                final PipelineClient.Outcome outcome = future.get(10, TimeUnit.SECONDS);
                if (outcome.published() != Reason.OK || outcome.first().reason != Reason.OK)
                {
                    throw new IllegalStateException("set-up refused: " + outcome.events());
                }
            }
        }
    }

    /** Runs a settlement cycle as the system and waits for its answer. */
    void runCycle() throws Exception
    {
        try (PipelineClient system = node.client(Command.SYSTEM_SUBMITTER))
        {
            final PipelineClient.Outcome outcome = system.send(new Command().runSettlementCycle(0, 0, CycleMode.GROSS)).get(10, TimeUnit.SECONDS);
            if (outcome.published() != Reason.OK)
            {
                throw new IllegalStateException("cycle not run: " + outcome.published());
            }
        }
    }

    /** Sends one command as the system and returns its first outcome. */
    io.settlement.engine.api.Event system(final Command command) throws Exception
    {
        try (PipelineClient system = node.client(Command.SYSTEM_SUBMITTER))
        {
            return system.send(command).get(10, TimeUnit.SECONDS).first();
        }
    }

    /** A client of session {@code compId} (not yet logged on), its store in {@code store} under the test directory. */
    FixClient client(final String compId, final String username, final String password, final String store) throws Exception
    {
        return client(compId, username, password, store, null, null);
    }

    /** As {@link #client(String, String, String, String)}, over TLS trusting {@code trustStore} when it is given. */
    FixClient client(final String compId, final String username, final String password, final String store, final Path trustStore,
        final String trustStorePassword) throws Exception
    {
        final FixClient client = new FixClient(fix.port(), compId, username, password, dir.resolve("clients").resolve(store), trustStore,
            trustStorePassword, clientResetTimeUtc);
        clients.add(client);
        return client;
    }

    /** A client of session {@code compId} logged on as {@code participantId} with its secret. */
    FixClient logOn(final String compId, final long participantId) throws Exception
    {
        final FixClient client = client(compId, Long.toString(participantId), secret(participantId), compId);
        if (!client.logOn(20_000))
        {
            throw new IllegalStateException("logon of " + compId + " not accepted: " + client.logouts);
        }
        return client;
    }

    @Override
    public void close() throws Exception
    {
        for (final FixClient client : clients)
        {
            client.close();
        }
        if (fix != null)
        {
            fix.close();
        }
        gateway.close();
        node.close();
        try (Stream<Path> files = Files.walk(dir))
        {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }
}
