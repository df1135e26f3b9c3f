package io.settlement.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.settlement.engine.EngineConfig;
import io.settlement.gateway.Credentials;
import io.settlement.gateway.GatewayConfig;
import io.settlement.gateway.GatewayServer;
import io.settlement.gateway.client.GatewayClient;
import io.settlement.http.HttpApi;
import io.settlement.http.HttpConfig;
import io.settlement.journal.DataDirectory;
import io.settlement.journal.SettlementNode;
import io.settlement.metrics.NodeMetrics;
import io.settlement.protocol.wire.Role;
import org.HdrHistogram.Histogram;

/**
 * What a console and API read load costs settlement, in one run: deals over loopback TCP through the
 * whole server (as {@link GatewayBenchmarks}), in rounds alternating without and with a read load on
 * the node's HTTP API: {@code reads} list requests a second (pages of the deal list, single deals,
 * positions, breached limits, the participant list, in turn) and {@code consoles} live consoles
 * subscribed to the server-sent day summary (recomputed once a second while the journal moves).
 *
 * {@code java <flags> -cp benchmarks.jar io.settlement.benchmarks.ApiReadLoadBenchmark [deals per round] [reads/s] [consoles]}
 */
public final class ApiReadLoadBenchmark
{
    private static final long LOAD_ID = Market.OPERATOR;
    private static final String SECRET = "load-generator-secret";

    private ApiReadLoadBenchmark()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        final int readsPerSecond = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        final int consoles = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        final Path dir = Files.createTempDirectory("settlement-api-read-bench");
        final Market market = new Market(64);
        final NodeMetrics metrics = new NodeMetrics();
        try (SettlementNode node = SettlementNode.start(new SettlementNode.Config(dir)
            .engine(new EngineConfig().initialDealCapacity(8_000_000)).snapshotIntervalCommands(0).log(l -> {})))
        {
            metrics.attach(node);
            GatewayBenchmarks.setUp(node, market);
            final GatewayServer server = GatewayServer.start(node.pipeline(), node.router(), new GatewayConfig()
                .host("127.0.0.1").port(0).credentials(new Credentials().addSecret(LOAD_ID, Role.OPERATOR, SECRET)));
            metrics.attach(server);
            metrics.markReady();
            final HttpApi api = HttpApi.start(new HttpConfig().host("127.0.0.1").port(0), node.pipeline(), node.router(),
                server.authenticator(), new DataDirectory(dir), node.pipeline().engine().config(), metrics);
            try (GatewayClient client = GatewayClient.connect("127.0.0.1", server.port(), null))
            {
                client.logon(LOAD_ID, SECRET).get(10, TimeUnit.SECONDS);
                final GatewayBenchmarks.Deals deals = new GatewayBenchmarks.Deals(market);
                GatewayBenchmarks.throughput(client, deals, 200_000, 4_096); // warm-up, without and with the read load
                try (ReadLoad warmUp = new ReadLoad("http://127.0.0.1:" + api.port(), readsPerSecond, consoles))
                {
                    GatewayBenchmarks.throughput(client, deals, 200_000, 4_096);
                    GatewayBenchmarks.latency(client, deals, 50_000, 2, null);
                }
                System.out.printf("rounds of %,d pipelined deals (window 4096), then 3 s at 100,000 deals/s offered;"
                    + " read load: %d requests/s and %d live consoles%n", perRound, readsPerSecond, consoles);
                final List<Double> without = new ArrayList<>();
                final List<Double> with = new ArrayList<>();
                for (int round = 1; round <= 3; round++)
                {
                    without.add(GatewayBenchmarks.throughput(client, deals, perRound, 4_096));
                    final Histogram quiet = GatewayBenchmarks.latency(client, deals, 100_000, 3, null);
                    try (ReadLoad load = new ReadLoad("http://127.0.0.1:" + api.port(), readsPerSecond, consoles))
                    {
                        with.add(GatewayBenchmarks.throughput(client, deals, perRound, 4_096));
                        final Histogram loaded = GatewayBenchmarks.latency(client, deals, 100_000, 3, null);
                        System.out.printf("round %d: without reads %,.0f deals/s, p50 %.0f us, p99 %.0f us | with reads %,.0f deals/s,"
                            + " p50 %.0f us, p99 %.0f us | reads served %,d (%,d refused), %.1f/s, read p99 %.1f ms, day updates %,d%n",
                            round, without.get(round - 1), quiet.getValueAtPercentile(50) / 1e3, quiet.getValueAtPercentile(99) / 1e3,
                            with.get(round - 1), loaded.getValueAtPercentile(50) / 1e3, loaded.getValueAtPercentile(99) / 1e3,
                            load.served.get(), load.refused.get(), load.served.get() / load.seconds(),
                            load.readLatency.getValueAtPercentile(99) / 1e6, load.updates.get());
                    }
                }
                System.out.printf("throughput with reads / without, per round: %s%n", ratios(with, without));
                System.out.printf("read model at sequence %,d of %,d journaled%n", api.readSequence(), node.pipeline().engine().lastSequence());
            }
            finally
            {
                api.close();
                server.close();
            }
        }
        finally
        {
            metrics.close();
            try (Stream<Path> files = Files.walk(dir))
            {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String ratios(final List<Double> with, final List<Double> without)
    {
        final StringBuilder ratios = new StringBuilder();
        for (int i = 0; i < with.size(); i++)
        {
            ratios.append(i == 0 ? "" : ", ").append(String.format("%.2f", with.get(i) / without.get(i)));
        }
        return ratios.toString();
    }

    /** The read load: paced list requests, and live consoles reading the server-sent day summary. */
    private static final class ReadLoad implements AutoCloseable
    {
        final AtomicLong served = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong updates = new AtomicLong();
        final Histogram readLatency = new Histogram(TimeUnit.SECONDS.toNanos(60), 2);
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        private final List<java.io.InputStream> streams = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final String base;
        private final String token;
        private final long startNs = System.nanoTime();
        private long next;

        ReadLoad(final String base, final int perSecond, final int consoles) throws Exception
        {
            this.base = base;
            final HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"participantId\": " + LOAD_ID + ", \"secret\": \"" + SECRET + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
            token = login.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
            for (int i = 0; i < consoles; i++)
            {
                final java.io.InputStream stream = http.send(HttpRequest.newBuilder(URI.create(base + "/api/stream?token=" + token))
                    .header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream()).body();
                streams.add(stream);
                final Thread reader = new Thread(() -> consume(stream), "console-" + i);
                reader.setDaemon(true);
                reader.start();
            }
            pacer.scheduleAtFixedRate(this::read, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
        }

        private void read()
        {
            final long n = next++;
            final String path = switch ((int)(n % 5))
            {
                case 0 -> "/api/deals?limit=100&after=" + (n * 997 % 1_000_000);
                case 1 -> "/api/deals/" + (1 + n * 7919 % 1_000_000);
                case 2 -> "/api/positions?participantId=" + Market.memberId((int)(n % 64));
                case 3 -> "/api/limits?breachedOnly=true";
                default -> "/api/participants";
            };
            final long sent = System.nanoTime();
            http.sendAsync(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) ->
                {
                    synchronized (readLatency)
                    {
                        readLatency.recordValue(Math.min(System.nanoTime() - sent, TimeUnit.SECONDS.toNanos(60)));
                    }
                    if (failure == null && (response.statusCode() == 200 || response.statusCode() == 404))
                    {
                        served.incrementAndGet();
                    }
                    else
                    {
                        refused.incrementAndGet();
                    }
                });
        }

        /** A browser's EventSource: reads the stream as it comes, counting the day updates. */
        private void consume(final java.io.InputStream stream)
        {
            try (java.io.BufferedReader lines = new java.io.BufferedReader(
                new java.io.InputStreamReader(stream, java.nio.charset.StandardCharsets.UTF_8)))
            {
                for (String line = lines.readLine(); line != null; line = lines.readLine())
                {
                    if (line.startsWith("event: day"))
                    {
                        updates.incrementAndGet();
                    }
                }
            }
            catch (final java.io.IOException closed)
            {
                // the console closed
            }
        }

        double seconds()
        {
            return (System.nanoTime() - startNs) / 1e9;
        }

        @Override
        public void close()
        {
            pacer.shutdownNow();
            for (final java.io.InputStream stream : streams)
            {
                try
                {
                    stream.close();
                }
                catch (final java.io.IOException ignored)
                {
                    // closing anyway
                }
            }
        }
    }
}
