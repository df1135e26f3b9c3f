package io.settlement.app;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

import io.settlement.engine.Dates;
import io.settlement.engine.EngineConfig;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.gateway.Credentials;
import io.settlement.gateway.GatewayConfig;
import io.settlement.gateway.GatewayServer;
import io.settlement.gateway.client.GatewayClient;
import io.settlement.gateway.client.Response;
import io.settlement.gateway.client.sbe.DealType;
import io.settlement.gateway.client.sbe.Reason;
import io.settlement.gateway.sbe.Role;
import io.settlement.journal.SettlementNode;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code settlement demo}: an embedded server (journal, pipeline, engine, gateway) with the demo
 * market, K front-office clients trading over loopback TCP, an operations desk running settlement
 * cycles and moving the business date while they trade, a live progress line and a summary.
 */
@CommandLine.Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Runs an embedded server and K simulated front-office clients over loopback TCP.")
final class DemoCommand implements Callable<Integer>
{
    @Option(names = "--deals", defaultValue = "2000000", description = "Deals to submit in all (default ${DEFAULT-VALUE}).")
    long deals;

    @Option(names = "--clients", defaultValue = "4", description = "Front-office clients, each its own TCP session (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--data", description = "Journal directory (default: a new temporary directory).")
    Path data;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLongArray byReason = new AtomicLongArray(64);
    private final AtomicLong settled = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong cycles = new AtomicLong();
    /** Value settled in USD and EUR (minor units), exact: a cycle may settle more than Long.MAX_VALUE. */
    private final AtomicReferenceArray<BigInteger> settledValue =
        new AtomicReferenceArray<>(new BigInteger[] {BigInteger.ZERO, BigInteger.ZERO});
    private final AtomicInteger businessDate = new AtomicInteger(DemoMarket.FIRST_DATE);
    private volatile boolean trading = true;

    @Override
    public Integer call() throws Exception
    {
        if (deals < 1 || clients < 1 || clients > 64)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--deals must be >= 1 and --clients 1..64");
        }
        final PrintWriter out = spec.commandLine().getOut();
        final Path dir = data != null ? Files.createDirectories(data) : Files.createTempDirectory("settlement-demo-");
        out.printf("settlement demo: %,d deals from %d front-office clients over loopback TCP; journal in %s%n",
            deals, clients, dir.toAbsolutePath());
        out.flush();

        final SettlementNode node = SettlementNode.start(new SettlementNode.Config(dir)
            .engine(new EngineConfig().initialDealCapacity((int)Math.min(deals + 1024, 4_000_000)))
            .snapshotIntervalCommands(500_000).log(line -> {}));
        final PipelineClient desk = node.client(io.settlement.engine.api.Command.SYSTEM_SUBMITTER);
        for (final io.settlement.engine.api.Command c : DemoMarket.setUp())
        {
            final PipelineClient.Outcome outcome = desk.send(c).get(30, TimeUnit.SECONDS);
            if (outcome.events().isEmpty() || outcome.first().reason != io.settlement.engine.api.Reason.OK)
            {
                throw new IllegalStateException("demo set-up refused: " + outcome.events());
            }
        }
        final Credentials credentials = new Credentials();
        for (int m = 0; m < DemoMarket.members(); m++)
        {
            credentials.addSecret(DemoMarket.memberId(m), Role.MEMBER, DemoMarket.secret(DemoMarket.memberId(m)));
        }
        final GatewayServer server = GatewayServer.start(node.pipeline(), node.router(),
            new GatewayConfig().host("127.0.0.1").port(0).credentials(credentials).securityLog(line -> {}));

        final long startNs = System.nanoTime();
        final List<Trader> traders = new ArrayList<>();
        for (int k = 0; k < clients; k++)
        {
            final Trader trader = new Trader(k, server.port(), deals / clients + (k < deals % clients ? 1 : 0));
            traders.add(trader);
            trader.start();
        }
        final Thread operations = new Thread(() -> operationsDesk(desk), "demo-operations-desk");
        operations.start();
        while (traders.stream().anyMatch(Thread::isAlive))
        {
            Thread.sleep(500);
            progress(out, startNs, false);
        }
        final long tradingNs = System.nanoTime() - startNs;
        trading = false;
        operations.join();
        runCycle(desk); // settle what is due and funded
        progress(out, startNs, true);
        server.close();
        final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        for (final Trader trader : traders)
        {
            trader.closeClient();
            if (trader.failure != null)
            {
                throw new IllegalStateException("client " + trader.index + " failed: " + trader.failure.getMessage());
            }
            latency.add(trader.latency);
        }
        desk.close();
        final SettlementEngine engine = node.stop();
        summary(out, tradingNs, latency, engine, dir);
        return 0;
    }

    /** Cycles every 200 ms; every 5th, the next business day and a top-up of the short participants. */
    private void operationsDesk(final PipelineClient desk)
    {
        final io.settlement.engine.api.Command c = new io.settlement.engine.api.Command();
        try
        {
            while (trading)
            {
                Thread.sleep(200);
                runCycle(desk);
                if (cycles.get() % 5 == 0)
                {
                    final int next = Dates.plusDays(businessDate.get(), 1);
                    desk.send(c.advanceBusinessDate(0, 0, next)).get(30, TimeUnit.SECONDS);
                    businessDate.set(next);
                    desk.send(c.deposit(0, 0, DemoMarket.SHORT_OF_CASH, DemoMarket.USD, 5_000_000_00L)).get(30, TimeUnit.SECONDS);
                    desk.send(c.deposit(0, 0, DemoMarket.SHORT_OF_CASH, DemoMarket.EUR, 5_000_000_00L)).get(30, TimeUnit.SECONDS);
                    for (final int security : DemoMarket.SECURITIES)
                    {
                        desk.send(c.deposit(0, 0, DemoMarket.SHORT_OF_SECURITIES, security, 20_000)).get(30, TimeUnit.SECONDS);
                    }
                }
            }
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("operations desk failed", ex);
        }
    }

    private void runCycle(final PipelineClient desk)
    {
        final List<Event> outcomes;
        try
        {
            outcomes = desk.send(new io.settlement.engine.api.Command().runSettlementCycle(0, 0)).get(60, TimeUnit.SECONDS).events();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("settlement cycle failed", ex);
        }
        for (final Event e : outcomes)
        {
            if (e.type == EventType.CYCLE_SETTLED_VALUE)
            {
                settledValue.accumulateAndGet(e.currencyId == DemoMarket.USD ? 0 : 1, e.wideAmount(), BigInteger::add);
            }
            else if (e.type == EventType.CYCLE_COMPLETED)
            {
                settled.addAndGet(e.settled);
                failedAttempts.addAndGet(e.failed);
            }
        }
        cycles.incrementAndGet();
    }

    /** One front-office session: deals where its member is buyer or seller, pipelined. */
    private final class Trader extends Thread
    {
        private static final int WINDOW = 1024;
        final int index;
        private final int port;
        private final long quota;
        final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        private final AtomicLong inFlight = new AtomicLong();
        private GatewayClient client;
        volatile Throwable failure;

        Trader(final int index, final int port, final long quota)
        {
            super("demo-client-" + index);
            this.index = index;
            this.port = port;
            this.quota = quota;
        }

        @Override
        public void run()
        {
            try
            {
                final long member = DemoMarket.memberId(index % DemoMarket.members());
                client = GatewayClient.connect("127.0.0.1", port, null);
                client.logon(member, DemoMarket.secret(member)).get(10, TimeUnit.SECONDS);
                client.autoFlush(false);
                final SplittableRandom random = new SplittableRandom(index * 7919L + 1);
                for (long i = 0; i < quota; i++)
                {
                    while (inFlight.get() >= WINDOW)
                    {
                        client.flush();
                        LockSupport.parkNanos(50_000);
                    }
                    submit(random, member, i);
                    if ((i & 63) == 63)
                    {
                        client.flush();
                    }
                }
                client.flush();
                while (inFlight.get() > 0)
                {
                    LockSupport.parkNanos(100_000);
                }
            }
            catch (final Throwable ex)
            {
                failure = ex;
            }
        }

        private void submit(final SplittableRandom random, final long member, final long i)
        {
            long counterparty = DemoMarket.memberId(random.nextInt(DemoMarket.members()));
            if (counterparty == member)
            {
                counterparty = DemoMarket.memberId((int)((counterparty) % DemoMarket.members()));
            }
            final boolean buying = random.nextBoolean();
            final long quantity = 1 + random.nextInt(1_000);
            final long cash = quantity * (100 + random.nextInt(20_000));
            final int date = Dates.plusDays(businessDate.get(), random.nextInt(3) == 0 ? 0 : 1);
            final boolean fop = random.nextInt(20) == 0;
            final long sentNs = System.nanoTime();
            inFlight.incrementAndGet();
            sent.incrementAndGet();
            client.submitDeal(i + 1, buying ? member : counterparty, buying ? counterparty : member,
                DemoMarket.SECURITIES[random.nextInt(DemoMarket.SECURITIES.length)],
                fop ? 0 : (random.nextInt(4) == 0 ? DemoMarket.EUR : DemoMarket.USD), quantity, fop ? 0 : cash, date,
                fop ? DealType.FOP : DealType.DVP)
                .whenComplete((response, error) ->
                {
                    latency.recordValue(Math.max(0, System.nanoTime() - sentNs));
                    final Reason reason = error != null ? Reason.UNAVAILABLE
                        : response.type() == Response.Type.DEAL_ACCEPTED ? Reason.OK : response.reason();
                    byReason.incrementAndGet(reason.value() & 63);
                    answered.incrementAndGet();
                    inFlight.decrementAndGet();
                });
        }

        void closeClient()
        {
            if (client != null)
            {
                client.close();
            }
        }
    }

    private void progress(final PrintWriter out, final long startNs, final boolean last)
    {
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        final String line = String.format("[%5.1f s] sent %,d  accepted %,d  refused %,d  settled %,d  failed attempts %,d  %,.0f deals/s",
            seconds, sent.get(), byReason.get(0), answered.get() - byReason.get(0), settled.get(), failedAttempts.get(),
            answered.get() / Math.max(seconds, 1e-3));
        if (System.console() != null)
        {
            out.print("\r" + line + (last ? System.lineSeparator() : ""));
        }
        else
        {
            out.println(line);
        }
        out.flush();
    }

    private void summary(
        final PrintWriter out, final long tradingNs, final Histogram latency, final SettlementEngine engine, final Path dir)
    {
        out.println();
        out.println("deals by outcome");
        out.printf("  %-38s %,14d%n", "accepted", byReason.get(0));
        for (final Reason reason : Reason.values())
        {
            if (reason != Reason.OK && reason != Reason.NULL_VAL && byReason.get(reason.value() & 63) > 0)
            {
                out.printf("  %-38s %,14d%n", "rejected " + reason, byReason.get(reason.value() & 63));
            }
        }
        out.printf("  %-38s %,14d%n", "settled", settled.get());
        out.printf("  %-38s %,14d%n", "still pending", engine.pendingDealCount());
        out.printf("  %-38s %,14d (recycled into later cycles)%n", "failed settlement attempts", failedAttempts.get());
        out.println("settled value");
        out.printf("  USD %,22.2f%n", new BigDecimal(settledValue.get(0), 2));
        out.printf("  EUR %,22.2f%n", new BigDecimal(settledValue.get(1), 2));
        out.printf("throughput            %,.0f deals/s over TCP (%,d deals in %.1f s, %d clients, %d settlement cycles)%n",
            answered.get() * 1e9 / tradingNs, answered.get(), tradingNs / 1e9, clients, cycles.get());
        out.printf("latency (submit to answer, pipelined)  p50 %s  p99 %s  p99.9 %s  max %s%n",
            micros(latency.getValueAtPercentile(50)), micros(latency.getValueAtPercentile(99)),
            micros(latency.getValueAtPercentile(99.9)), micros(latency.getMaxValue()));
        out.printf("journal               %s (%,d commands)%n", dir.toAbsolutePath(), engine.lastSequence());
        out.printf("state-hash: %016x%n", engine.stateHash());
        out.flush();
    }

    private static String micros(final long nanos)
    {
        return nanos >= 10_000_000 ? String.format("%,.1f ms", nanos / 1e6) : String.format("%,.0f us", nanos / 1e3);
    }
}
