package io.settlement.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import io.settlement.engine.EngineConfig;
import io.settlement.gateway.Credentials;
import io.settlement.gateway.GatewayConfig;
import io.settlement.gateway.GatewayServer;
import io.settlement.journal.SettlementNode;
import io.settlement.protocol.wire.Role;

/**
 * The server side of the TCP load test, alone in its JVM: a settlement node (ring, journal, engine,
 * event journal) in a temporary directory with {@link Market}'s reference data, funding and limits,
 * behind a gateway on loopback where the operator and every member log on with {@link #SECRET}.
 * <p>
 * Prints {@code DURABILITY msync|none} (whether each batch is msynced before it is answered: the node's
 * default, or {@code --sync} / {@code --no-sync}), then {@code LISTENING <port>} once the gateway accepts
 * connections, then serves until its standard input closes (the runner that started it closes it), and
 * deletes its directory.
 * <p>
 * Written against the API the build before issue 15 already had (the durability is passed as the node's
 * property, and read back by reflection), so that {@code benchmarks/issue15-table.sh} compiles it against
 * that build too: a build without the setting prints {@code DURABILITY none}.
 * <p>
 * {@code java <flags> -cp benchmarks.jar io.settlement.benchmarks.LoadServer [dealCapacity] [--sync|--no-sync]}
 */
public final class LoadServer
{
    /** Members of the market: enough for 16 connections, each its own member, and their counterparties. */
    static final int MEMBERS = 64;
    static final String SECRET = "load-generator-secret";

    private LoadServer()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int dealCapacity = args.length > 0 && !args[0].startsWith("--") ? Integer.parseInt(args[0]) : 4_000_000;
        final java.util.List<String> options = java.util.Arrays.asList(args);
        final Path dir = Files.createTempDirectory("settlement-load-server");
        final Market market = new Market(MEMBERS);
        final Credentials credentials = new Credentials().addSecret(Market.OPERATOR, Role.OPERATOR, SECRET);
        for (int m = 0; m < MEMBERS; m++)
        {
            credentials.addSecret(Market.memberId(m), Role.MEMBER, SECRET);
        }
        // the node's default, unless --sync or --no-sync
        final String durability = options.contains("--sync") ? "synced" : options.contains("--no-sync") ? "unsynced" : null;
        final UnaryOperator<String> properties = name ->
            "settlement.node.durability".equals(name) && durability != null ? durability : System.getProperty(name);
        final SettlementNode.Config config = new SettlementNode.Config(dir, properties)
            .engine(new EngineConfig().initialDealCapacity(dealCapacity)).snapshotIntervalCommands(0).log(l -> {});
        try (SettlementNode node = SettlementNode.start(config))
        {
            GatewayBenchmarks.setUp(node, market);
            final GatewayServer server = GatewayServer.start(node.pipeline(), node.router(), new GatewayConfig()
                .host("127.0.0.1").port(0).credentials(credentials));
            try
            {
                System.out.println("DURABILITY " + ("synced".equals(NodeFigures.setting(config, "durability")) ? "msync" : "none"));
                System.out.println("LISTENING " + server.port());
                System.out.flush();
                while (System.in.read() >= 0)
                {
                    // served until the runner closes standard input
                }
            }
            finally
            {
                server.close();
            }
        }
        finally
        {
            delete(dir);
        }
    }

    private static void delete(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.walk(dir))
        {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
