package io.settlement.benchmarks;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.api.Command;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.gateway.Credentials;
import io.settlement.gateway.GatewayConfig;
import io.settlement.gateway.GatewayServer;
import io.settlement.gateway.client.GatewayClient;
import io.settlement.gateway.client.Response;
import io.settlement.gateway.client.sbe.DealType;
import io.settlement.journal.SettlementNode;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import org.HdrHistogram.Histogram;

/**
 * Over loopback TCP, through the whole server (gateway, ring, journal, engine, event journal):
 *
 * <pre>
 *   GatewayClient --SOFH/SBE--> GatewayServer -> ring -> 1 journal -> 2 engine -> 3 publish --> client
 * </pre>
 *
 * <ul>
 *   <li>throughput: one client pipelining SubmitDeal with up to {@code window} in flight;</li>
 *   <li>latency at fixed offered rates: requests scheduled at exact intervals, latency measured from
 *       the scheduled time (so a stall counts against every request it delays: no coordinated
 *       omission), HdrHistogram percentiles written as .hgrm.</li>
 * </ul>
 *
 * The load generator here shares the server's JVM (and allocates a future per request): {@link TcpLoad}
 * runs one in its own JVM, and runs this one beside it as the baseline.
 * <p>
 * {@code java <flags> -cp benchmarks.jar io.settlement.benchmarks.GatewayBenchmarks [outDir] [--quick] [--seconds=N]}
 */
public final class GatewayBenchmarks
{
    private static final long LOAD_ID = Market.OPERATOR;
    private static final String SECRET = "load-generator-secret";

    private GatewayBenchmarks()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path out = Path.of(args.length > 0 && !args[0].startsWith("--") ? args[0] : "perf-results");
        final boolean quick = java.util.Arrays.asList(args).contains("--quick");
        Files.createDirectories(out);
        final Path dir = Files.createTempDirectory("settlement-gateway-bench");
        final Market market = new Market(64);
        try (SettlementNode node = SettlementNode.start(new SettlementNode.Config(dir)
            .engine(new EngineConfig().initialDealCapacity(8_000_000)).snapshotIntervalCommands(0).log(l -> {})))
        {
            setUp(node, market);
            final GatewayServer server = GatewayServer.start(node.pipeline(), node.router(), new GatewayConfig()
                .host("127.0.0.1").port(0).credentials(new Credentials().addSecret(LOAD_ID, Role.OPERATOR, SECRET)));
            try (GatewayClient client = GatewayClient.connect("127.0.0.1", server.port(), null))
            {
                client.logon(LOAD_ID, SECRET).get(10, TimeUnit.SECONDS);
                final Deals deals = new Deals(market);
                throughput(client, deals, 200_000, 4_096); // warm-up
                final int n = quick ? 300_000 : 1_000_000;
                for (int round = 1; round <= 3; round++)
                {
                    System.out.printf("pipelined throughput, round %d: %,.0f deals/s (%,d deals, window 4096)%n",
                        round, throughput(client, deals, n, 4_096), n);
                }
                final java.util.Map<String, Long> allocated = serverAllocatedBytes();
                throughput(client, deals, n, 4_096);
                final java.util.Map<String, Long> after = serverAllocatedBytes();
                final StringBuilder perThread = new StringBuilder();
                long total = 0;
                for (final java.util.Map.Entry<String, Long> thread : after.entrySet())
                {
                    final long bytes = thread.getValue() - allocated.getOrDefault(thread.getKey(), 0L);
                    total += bytes;
                    perThread.append(perThread.length() == 0 ? "" : ", ")
                        .append(String.format("%s %.2f", thread.getKey(), (double)bytes / n));
                }
                System.out.printf("server allocation over TCP: %.2f B/deal (%,d deals pipelined; per thread: %s)%n",
                    (double)total / n, n, perThread);
                final int seconds = java.util.Arrays.stream(args).filter(a -> a.startsWith("--seconds="))
                    .map(a -> Integer.parseInt(a.substring("--seconds=".length()))).findFirst().orElse(quick ? 3 : 10);
                latency(client, deals, 10_000, 2, null);  // warm-up at a low rate
                for (final int rate : new int[] {10_000, 100_000, 200_000})
                {
                    latency(client, deals, rate, seconds, out.resolve("gateway-latency-" + rate / 1000 + "k.hgrm"));
                }
            }
            finally
            {
                server.close();
            }
        }
        finally
        {
            try (Stream<Path> files = Files.walk(dir))
            {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Applies the market's set-up (participants, instruments, funding, limits, no limit in the way) as the system. */
    static void setUp(final SettlementNode node, final Market market) throws Exception
    {
        final PipelineClient system = node.client(Command.SYSTEM_SUBMITTER);
        for (final Command c : market.setUpCommands(Long.MAX_VALUE / 4))
        {
            final PipelineClient.Outcome outcome = system.send(c).get(30, TimeUnit.SECONDS);
            if (outcome.published() != Reason.OK || outcome.first().reason != Reason.OK)
            {
                throw new IllegalStateException("set-up refused: " + outcome.events());
            }
        }
    }

    /**
     * Bytes allocated so far by each of the server's threads: the gateway's event loops and the
     * pipeline's stages ({@code settlement-*}), not the load generator's client.
     */
    private static java.util.Map<String, Long> serverAllocatedBytes()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        final java.util.Map<String, Long> bytes = new java.util.TreeMap<>();
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (thread.getName().startsWith("settlement-"))
            {
                bytes.put(thread.getName(), Math.max(0, threads.getThreadAllocatedBytes(thread.getId())));
            }
        }
        return bytes;
    }

    /** Deals from the market's table, as wire requests. */
    static final class Deals
    {
        private final Market market;
        private final Command command = new Command();

        Deals(final Market market)
        {
            this.market = market;
        }

        CompletableFuture<Response> send(final GatewayClient client)
        {
            final Command c = market.nextDeal(command, Market.FIRST_DATE);
            return client.submitDeal(c.clientDealId, c.buyerId, c.sellerId, c.securityId, c.currencyId,
                c.quantity, c.cashAmount, c.settlementDate, DealType.DVP);
        }
    }

    static double throughput(final GatewayClient client, final Deals deals, final int count, final int window)
        throws Exception
    {
        final AtomicLong answered = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final long start = System.nanoTime();
        client.autoFlush(false);
        for (int i = 0; i < count; i++)
        {
            while (i - answered.get() >= window)
            {
                client.flush();
                java.util.concurrent.locks.LockSupport.parkNanos(20_000); // two cores: leave them to the server
            }
            deals.send(client).whenComplete((response, failure) ->
            {
                if (failure != null || response.type() != Response.Type.DEAL_ACCEPTED)
                {
                    refused.incrementAndGet();
                }
                answered.incrementAndGet();
            });
            if ((i & 63) == 63)
            {
                client.flush();
            }
        }
        client.flush();
        while (answered.get() < count)
        {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000);
        }
        final double rate = count * 1e9 / (System.nanoTime() - start);
        client.autoFlush(true);
        if (refused.get() > 0)
        {
            System.out.printf("  (%,d of %,d not accepted: BUSY under full load)%n", refused.get(), count);
        }
        return rate;
    }

    /** @return the latencies, from each request's scheduled time; printed (and written as .hgrm) when {@code hgrm} is given. */
    static Histogram latency(
        final GatewayClient client, final Deals deals, final int ratePerSecond, final int seconds, final Path hgrm)
        throws Exception
    {
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final long intervalNs = 1_000_000_000L / ratePerSecond;
        final long total = (long)ratePerSecond * seconds;
        final AtomicLong answered = new AtomicLong();
        final long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        client.autoFlush(false);
        long i = 0;
        while (i < total)
        {
            // send every request whose time has come, then sleep until the next one is due (the
            // sender must not spin: on two cores it would take one from the server)
            final long now = System.nanoTime();
            while (i < total && start + i * intervalNs <= now)
            {
                final long scheduledNs = start + i * intervalNs;
                deals.send(client).whenComplete((response, failure) ->
                {
                    histogram.recordValue(Math.max(0, System.nanoTime() - scheduledNs)); // from the scheduled time
                    answered.incrementAndGet();
                });
                i++;
            }
            client.flush();
            final long untilNext = start + i * intervalNs - System.nanoTime();
            if (untilNext > 0)
            {
                java.util.concurrent.locks.LockSupport.parkNanos(untilNext);
            }
        }
        client.autoFlush(true);
        while (answered.get() < total)
        {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000);
        }
        if (hgrm != null)
        {
            System.out.printf("latency at %,d deals/s offered for %d s: p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us%n",
                ratePerSecond, seconds, histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(99) / 1e3,
                histogram.getValueAtPercentile(99.9) / 1e3, histogram.getMaxValue() / 1e3);
            try (PrintStream file = new PrintStream(Files.newOutputStream(hgrm)))
            {
                histogram.outputPercentileDistribution(file, 1000.0); // microseconds
            }
        }
        return histogram;
    }
}
