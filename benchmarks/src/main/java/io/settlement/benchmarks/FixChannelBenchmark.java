package io.settlement.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.Decimals;
import io.settlement.fix.FixAcceptor;
import io.settlement.fix.FixConfig;
import io.settlement.gateway.Credentials;
import io.settlement.gateway.GatewayConfig;
import io.settlement.gateway.GatewayServer;
import io.settlement.gateway.client.GatewayClient;
import io.settlement.journal.DataDirectory;
import io.settlement.journal.SettlementNode;
import io.settlement.protocol.wire.Role;
import org.HdrHistogram.Histogram;
import quickfix.ApplicationAdapter;
import quickfix.DefaultMessageFactory;
import quickfix.FieldNotFound;
import quickfix.FileStoreFactory;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.SocketInitiator;
import quickfix.field.Currency;
import quickfix.field.GrossTradeAmt;
import quickfix.field.LastPx;
import quickfix.field.LastQty;
import quickfix.field.MsgType;
import quickfix.field.OrderID;
import quickfix.field.PartyID;
import quickfix.field.PartyIDSource;
import quickfix.field.PartyRole;
import quickfix.field.Password;
import quickfix.field.PreviouslyReported;
import quickfix.field.SettlDate;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.field.TradeDate;
import quickfix.field.TradeReportID;
import quickfix.field.TransactTime;
import quickfix.field.TrdRptStatus;
import quickfix.field.Username;
import quickfix.fix44.TradeCaptureReport;

/**
 * Trade capture over FIX beside the SBE gateway, on one node in the same run, over loopback TCP:
 *
 * <pre>
 *   GatewayClient --SOFH/SBE--> GatewayServer --\
 *                                                ring -> 1 journal -> 2 engine -> 3 publish
 *   QuickFIX/J initiator --FIX 4.4--> FixAcceptor -/      (TradeCaptureReport -> SubmitDeal -> TradeCaptureReportAck)
 * </pre>
 *
 * Both report the same kind of deal (a DvP between two of 64 members, as the operator). Throughput:
 * pipelined with a window of reports in flight; latency at fixed offered rates, from each report's
 * scheduled time to its answer (no coordinated omission). The FIX channel's durable steps are on:
 * each new TradeReportID is forced to disk before the report goes to the engine, and the FileStore
 * keeps every message (its per-message sync is measured both off and on).
 *
 * {@code java <flags> -cp benchmarks.jar io.settlement.benchmarks.FixChannelBenchmark [--quick] [--sessions]}
 * ({@code --sessions}: 1, 4 and 16 FIX sessions at once instead, see {@link #sessions}).
 */
public final class FixChannelBenchmark
{
    private static final long LOAD_ID = Market.OPERATOR;
    private static final String SECRET = "load-generator-secret";

    private FixChannelBenchmark()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        // QuickFIX/J logs every message at INFO: measured here is the channel, not a log
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        final boolean quick = java.util.Arrays.asList(args).contains("--quick");
        if (java.util.Arrays.asList(args).contains("--sessions"))
        {
            sessions(quick);
            return;
        }
        final int sbeDeals = quick ? 100_000 : 300_000;
        final int fixDeals = quick ? 10_000 : 30_000;
        final int seconds = quick ? 3 : 10;
        final Path dir = Files.createTempDirectory("settlement-fix-bench");
        final Market market = new Market(64);
        try (SettlementNode node = SettlementNode.start(new SettlementNode.Config(dir.resolve("node"))
            .engine(new EngineConfig().initialDealCapacity(4_000_000)).snapshotIntervalCommands(0).log(l -> { })))
        {
            GatewayBenchmarks.setUp(node, market);
            // the SBE session waits while the FIX one runs: no idle timeout in the way
            final GatewayServer server = GatewayServer.start(node.pipeline(), node.router(), new GatewayConfig().idleTimeoutMs(3_600_000)
                .host("127.0.0.1").port(0).credentials(new Credentials().addSecret(LOAD_ID, Role.OPERATOR, SECRET)));
            final Path events = new DataDirectory(dir.resolve("node")).events();
            try (GatewayClient sbe = GatewayClient.connect("127.0.0.1", server.port(), null))
            {
                sbe.logon(LOAD_ID, SECRET).get(10, TimeUnit.SECONDS);
                final GatewayBenchmarks.Deals sbeFlow = new GatewayBenchmarks.Deals(market);
                for (final boolean syncStore : new boolean[] {false, true})
                {
                    final Path fixDir = dir.resolve("fix"); // one channel directory, as a node has: its TradeReportID map goes on
                    try (FixAcceptor fix = FixAcceptor.start(new FixConfig().host("127.0.0.1").port(0).directory(fixDir).syncStore(syncStore)
                        .session(LOAD_ID, "LOAD"), node.pipeline(), node.router(), server.authenticator(), events, System.out::println);
                        FixLoad fixFlow = new FixLoad(fix.port(), dir.resolve("client"), market, syncStore ? "s" : "n"))
                    {
                        final String label = "FIX (FileStore sync " + (syncStore ? "on" : "off") + ")";
                        GatewayBenchmarks.throughput(sbe, sbeFlow, sbeDeals / 2, 4_096); // warm-up
                        fixFlow.throughput(fixDeals / 3, 256);
                        for (int round = 1; round <= 2; round++)
                        {
                            final double sbeRate = GatewayBenchmarks.throughput(sbe, sbeFlow, sbeDeals, 4_096);
                            final double fixRate = fixFlow.throughput(fixDeals, 256);
                            System.out.printf("round %d: %s / SBE throughput = %.3f (%s %,.0f reports/s, %,d; SBE gateway %,.0f deals/s, %,d)%n",
                                round, label, fixRate / sbeRate, label, fixRate, fixDeals, sbeRate, sbeDeals);
                        }
                        for (final int rate : syncStore ? new int[] {100, 400} : new int[] {200, 1_000}) // below each one's throughput
                        {
                            final Histogram sbeLatency = GatewayBenchmarks.latency(sbe, sbeFlow, rate, seconds, null);
                            final Histogram fixLatency = fixFlow.latency(rate, seconds);
                            System.out.printf("latency at %,d/s for %d s: %s / SBE p50 %.2f, p99 %.2f; %s p50 %.1f us, p99 %.1f us, p99.9 %.1f us,"
                                    + " max %.1f us; SBE p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us%n",
                                rate, seconds, label, (double)fixLatency.getValueAtPercentile(50) / sbeLatency.getValueAtPercentile(50),
                                (double)fixLatency.getValueAtPercentile(99) / sbeLatency.getValueAtPercentile(99), label,
                                fixLatency.getValueAtPercentile(50) / 1e3, fixLatency.getValueAtPercentile(99) / 1e3,
                                fixLatency.getValueAtPercentile(99.9) / 1e3, fixLatency.getMaxValue() / 1e3,
                                sbeLatency.getValueAtPercentile(50) / 1e3, sbeLatency.getValueAtPercentile(99) / 1e3,
                                sbeLatency.getValueAtPercentile(99.9) / 1e3, sbeLatency.getMaxValue() / 1e3);
                        }
                    }
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

    /**
     * Several FIX sessions at once (1, 4, 16), each a QuickFIX/J initiator of its own reporting from a thread of its own,
     * all for the one participant: the channel's throughput with the same total load spread over them (each session at
     * most 256 / sessions reports in flight), and the latency at a fixed total offered rate shared among them.
     */
    private static void sessions(final boolean quick) throws Exception
    {
        final int reports = quick ? 12_000 : 32_000;
        final int rate = 400;
        final int seconds = quick ? 5 : 10;
        final Path dir = Files.createTempDirectory("settlement-fix-sessions");
        final Market market = new Market(64);
        try (SettlementNode node = SettlementNode.start(new SettlementNode.Config(dir.resolve("node"))
            .engine(new EngineConfig().initialDealCapacity(4_000_000)).snapshotIntervalCommands(0).log(l -> { })))
        {
            GatewayBenchmarks.setUp(node, market);
            final GatewayServer server = GatewayServer.start(node.pipeline(), node.router(), new GatewayConfig()
                .host("127.0.0.1").port(0).credentials(new Credentials().addSecret(LOAD_ID, Role.OPERATOR, SECRET)));
            final Path events = new DataDirectory(dir.resolve("node")).events();
            try
            {
                double oneRate = 0;
                long oneP50 = 0;
                for (final int count : new int[] {1, 4, 16})
                {
                    final FixConfig config = new FixConfig().host("127.0.0.1").port(0).directory(dir.resolve("fix")).syncStore(false)
                        .reset(null, java.time.ZoneId.of("UTC"));
                    for (int n = 0; n < count; n++)
                    {
                        config.session(LOAD_ID, "LOAD" + count + "-" + n);
                    }
                    try (FixAcceptor fix = FixAcceptor.start(config, node.pipeline(), node.router(), server.authenticator(), events,
                        System.out::println))
                    {
                        final java.util.List<FixLoad> loads = new java.util.ArrayList<>();
                        try
                        {
                            for (int n = 0; n < count; n++)
                            {
                                loads.add(new FixLoad(fix.port(), dir.resolve("client"), market, "m" + count + "x" + n, "LOAD" + count + "-" + n));
                            }
                            final int window = Math.max(1, 256 / count);
                            inParallel(loads, load -> load.throughput(reports / count / 3, window)); // warm-up
                            double best = 0;
                            for (int round = 1; round <= 2; round++)
                            {
                                final long start = System.nanoTime();
                                inParallel(loads, load -> load.throughput(reports / count, window));
                                final double total = (double)(reports / count * count) * 1e9 / (System.nanoTime() - start);
                                best = Math.max(best, total);
                                System.out.printf("%d session(s), round %d: %,.0f reports/s in all (%,d reports, %,d in flight per session)%n",
                                    count, round, total, reports / count * count, window);
                            }
                            final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
                            inParallel(loads, load ->
                            {
                                final Histogram one = load.latency(Math.max(1, rate / count), seconds);
                                synchronized (latency)
                                {
                                    latency.add(one);
                                }
                                return 0;
                            });
                            if (count == 1)
                            {
                                oneRate = best;
                                oneP50 = latency.getValueAtPercentile(50);
                            }
                            System.out.printf("%d session(s): throughput / 1 session's = %.2f (best %,.0f reports/s); latency at %,d/s in all for %d s:"
                                    + " p50 / 1 session's = %.2f; p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us%n",
                                count, best / oneRate, best, rate, seconds, (double)latency.getValueAtPercentile(50) / oneP50,
                                latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(99) / 1e3,
                                latency.getValueAtPercentile(99.9) / 1e3, latency.getMaxValue() / 1e3);
                        }
                        finally
                        {
                            loads.forEach(FixLoad::close);
                        }
                    }
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

    /** Runs {@code work} for every load at once, each on a thread of its own, and waits for all. */
    private static void inParallel(final java.util.List<FixLoad> loads, final java.util.function.ToDoubleFunction<FixLoad> work) throws Exception
    {
        final java.util.List<java.util.concurrent.CompletableFuture<Double>> runs = new java.util.ArrayList<>();
        for (final FixLoad load : loads)
        {
            runs.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> work.applyAsDouble(load), runnable ->
            {
                final Thread thread = new Thread(runnable, "fix-load");
                thread.setDaemon(true);
                thread.start();
            }));
        }
        for (final java.util.concurrent.CompletableFuture<Double> run : runs)
        {
            run.get(10, TimeUnit.MINUTES);
        }
    }

    /**
     * A QuickFIX/J initiator reporting the market's deals as TradeCaptureReports (both sides, the cash as
     * GrossTradeAmt) and counting the acknowledgements; a report's TradeReportID carries its number, so
     * an answer finds its scheduled time.
     */
    private static final class FixLoad extends ApplicationAdapter implements AutoCloseable
    {
        private static final int MAX_IN_RUN = 1 << 20;
        private final SocketInitiator initiator;
        private final SessionID sessionId;
        private final String compId;
        private final Market market;
        private final String prefix;
        private final Command command = new Command();
        private final AtomicLong answered = new AtomicLong();
        private final AtomicLong refused = new AtomicLong();
        private final AtomicLongArray answeredAtNs = new AtomicLongArray(MAX_IN_RUN);
        private volatile boolean loggedOn;
        private long run;

        FixLoad(final int port, final Path store, final Market market, final String prefix) throws Exception
        {
            this(port, store, market, prefix, "LOAD");
        }

        /** A session of CompID {@code compId} (the acceptor must have it, for the load generator's participant). */
        FixLoad(final int port, final Path store, final Market market, final String prefix, final String compId) throws Exception
        {
            this.compId = compId;
            this.sessionId = new SessionID(FixConfig.BEGIN_STRING, compId, "SETTLEMENT");
            this.market = market;
            this.prefix = prefix;
            final SessionSettings settings = new SessionSettings();
            settings.setString("ConnectionType", "initiator");
            settings.setString("SocketConnectHost", "127.0.0.1");
            settings.setLong("SocketConnectPort", port);
            settings.setLong("HeartBtInt", 30);
            settings.setBool("NonStopSession", true);
            settings.setString("FileStorePath", store.toString());
            settings.setString(sessionId, "BeginString", FixConfig.BEGIN_STRING);
            settings.setString(sessionId, "SenderCompID", compId);
            settings.setString(sessionId, "TargetCompID", "SETTLEMENT");
            initiator = new SocketInitiator(this, new FileStoreFactory(settings), settings, new quickfix.SLF4JLogFactory(settings),
                new DefaultMessageFactory());
            initiator.start();
            final long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!loggedOn && System.nanoTime() < giveUpAt)
            {
                Thread.sleep(10);
            }
            if (!loggedOn)
            {
                throw new IllegalStateException("the load generator's FIX session did not log on");
            }
        }

        @Override
        public void onLogon(final SessionID id)
        {
            loggedOn = true;
        }

        @Override
        public void toAdmin(final Message message, final SessionID id)
        {
            try
            {
                if (MsgType.LOGON.equals(message.getHeader().getString(MsgType.FIELD)))
                {
                    message.setString(Username.FIELD, Long.toString(LOAD_ID));
                    message.setString(Password.FIELD, SECRET);
                }
            }
            catch (final FieldNotFound ex)
            {
                throw new IllegalStateException(ex);
            }
        }

        @Override
        public void fromApp(final Message message, final SessionID id)
        {
            try
            {
                if (!MsgType.TRADE_CAPTURE_REPORT_ACK.equals(message.getHeader().getString(MsgType.FIELD)))
                {
                    return;
                }
                final String reportId = message.getString(TradeReportID.FIELD);
                final int number = Integer.parseInt(reportId.substring(reportId.lastIndexOf('-') + 1));
                if (message.getInt(TrdRptStatus.FIELD) != TrdRptStatus.ACCEPTED)
                {
                    refused.incrementAndGet();
                }
                answeredAtNs.set(number, System.nanoTime());
                answered.incrementAndGet();
            }
            catch (final FieldNotFound ex)
            {
                throw new IllegalStateException(ex);
            }
        }

        private void send(final int number)
        {
            final Command c;
            synchronized (market)
            {
                c = market.nextDeal(command, Market.FIRST_DATE);
            }
            final String id = prefix + run + "-" + number;
            final TradeCaptureReport report = new TradeCaptureReport(new TradeReportID(id), new PreviouslyReported(false),
                new LastQty(c.quantity), new LastPx(1), new TradeDate(Integer.toString(Market.FIRST_DATE)),
                new TransactTime(LocalDateTime.now(ZoneOffset.UTC)));
            report.set(new Symbol("SEC" + (c.securityId - Market.FIRST_SECURITY)));
            report.set(new SettlDate(Integer.toString(c.settlementDate)));
            final String currency = c.currencyId == Market.USD ? "USD" : "EUR";
            final String cash = Decimals.format(c.cashAmount, 2);
            report.addGroup(side(Side.BUY, c.buyerId, id, currency, cash));
            report.addGroup(side(Side.SELL, c.sellerId, id, currency, cash));
            Session.lookupSession(sessionId).send(report);
        }

        private static TradeCaptureReport.NoSides side(final char side, final long party, final String id, final String currency,
            final String cash)
        {
            final TradeCaptureReport.NoSides group = new TradeCaptureReport.NoSides();
            group.set(new Side(side));
            group.set(new OrderID(id));
            group.set(new Currency(currency));
            group.setString(GrossTradeAmt.FIELD, cash);
            final TradeCaptureReport.NoSides.NoPartyIDs partyId = new TradeCaptureReport.NoSides.NoPartyIDs();
            partyId.set(new PartyID(Long.toString(party)));
            partyId.set(new PartyIDSource(PartyIDSource.PROPRIETARY_CUSTOM_CODE));
            partyId.set(new PartyRole(PartyRole.EXECUTING_FIRM));
            group.addGroup(partyId);
            return group;
        }

        /** @return reports per second, {@code count} of them with at most {@code window} unanswered. */
        double throughput(final int count, final int window)
        {
            run++;
            answered.set(0);
            refused.set(0);
            final long start = System.nanoTime();
            for (int i = 0; i < count; i++)
            {
                while (i - answered.get() >= window)
                {
                    LockSupport.parkNanos(20_000);
                }
                send(i);
            }
            while (answered.get() < count)
            {
                LockSupport.parkNanos(20_000);
            }
            final double rate = count * 1e9 / (System.nanoTime() - start);
            if (refused.get() > 0)
            {
                System.out.printf("  (%,d of %,d FIX reports not accepted)%n", refused.get(), count);
            }
            return rate;
        }

        /** @return the latencies at a fixed offered rate, from each report's scheduled time to its acknowledgement. */
        Histogram latency(final int ratePerSecond, final int seconds)
        {
            run++;
            answered.set(0);
            refused.set(0);
            final int total = ratePerSecond * seconds;
            final long intervalNs = 1_000_000_000L / ratePerSecond;
            final long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
            int i = 0;
            while (i < total)
            {
                final long now = System.nanoTime();
                while (i < total && start + i * intervalNs <= now)
                {
                    send(i);
                    i++;
                }
                final long untilNext = start + i * intervalNs - System.nanoTime();
                if (untilNext > 0)
                {
                    LockSupport.parkNanos(untilNext);
                }
            }
            while (answered.get() < total)
            {
                LockSupport.parkNanos(20_000);
            }
            final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            for (int n = 0; n < total; n++)
            {
                histogram.recordValue(Math.max(0, answeredAtNs.get(n) - (start + n * intervalNs)));
            }
            if (refused.get() > 0)
            {
                System.out.printf("  (%,d of %,d FIX reports not accepted)%n", refused.get(), total);
            }
            return histogram;
        }

        @Override
        public void close()
        {
            initiator.stop(true);
        }
    }
}
