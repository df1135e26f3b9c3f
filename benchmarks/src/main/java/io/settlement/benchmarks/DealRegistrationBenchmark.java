package io.settlement.benchmarks;

import java.util.concurrent.TimeUnit;

import io.settlement.engine.Dates;
import io.settlement.engine.EngineConfig;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.EventSink;
import io.settlement.engine.api.EventType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Deal registration with the full set of limit checks (credit, both counterparty limits, delivery),
 * on one thread, directly against the engine: validation, idempotency index, limit book, deal
 * slab and the encoded, hashed DEAL_ACCEPTED event.
 *
 * <p>Each invocation registers {@link #BATCH} deals; between invocations (not timed) the deals are
 * settled and the business date advanced, which purges them, so the engine stays in steady state
 * and {@code -prof gc} shows what registration itself allocates.
 *
 * <p>{@link #liveDeals} is the peak of live deals: beside each batch, {@code liveDeals - BATCH} deals
 * registered at set-up stay pending throughout (due on a date the benchmark never reaches), from the
 * same submitters and the same clientDealId counter, so the slab, the idempotency index and the limit
 * book hold that many more entries: 16K measures a cache-resident engine, 1M one at scale.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class DealRegistrationBenchmark
{
    static final int BATCH = 16_384;
    /** A business day the benchmark's date rolls never reach: the background deals stay pending. */
    static final int FAR_DATE = 20991230;

    /** Peak live deals: the batch plus deals kept pending throughout. */
    @Param({"16384", "1048576"})
    public int liveDeals;

    private SettlementEngine engine;
    private Market market;
    private Command deal;
    private Command admin;
    private EventSink sink;
    private int date;
    private long accepted;

    @Setup(Level.Trial)
    public void setUp(final Blackhole blackhole)
    {
        engine = new SettlementEngine(new EngineConfig().initialDealCapacity(liveDeals + BATCH));
        engine.apply(new Command().setRetention(Command.SYSTEM_SUBMITTER, 0, 0), EventSink.NONE);
        market = new Market(64);
        market.setUp(engine, Long.MAX_VALUE / 4);
        deal = new Command();
        admin = new Command();
        date = Market.FIRST_DATE;
        final long[] backgroundAccepted = {0};
        final EventSink count = (event, buffer, offset, length) ->
        {
            if (event.type == EventType.DEAL_ACCEPTED)
            {
                backgroundAccepted[0]++;
            }
        };
        for (int i = 0; i < liveDeals - BATCH; i++)
        {
            engine.apply(market.nextDeal(deal, FAR_DATE), count);
        }
        if (backgroundAccepted[0] != liveDeals - BATCH)
        {
            throw new IllegalStateException("background deals refused: " + backgroundAccepted[0] + " accepted");
        }
        sink = (event, buffer, offset, length) ->
        {
            if (event.type == EventType.DEAL_ACCEPTED)
            {
                accepted++;
            }
            blackhole.consume(event.dealId);
        };
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void registerDeal()
    {
        for (int i = 0; i < BATCH; i++)
        {
            engine.apply(market.nextDeal(deal, date), sink);
        }
    }

    @TearDown(Level.Invocation)
    public void settleAndRoll()
    {
        engine.apply(admin.runSettlementCycle(Market.OPERATOR, 0), EventSink.NONE);
        date = Dates.plusDays(date, 1);
        engine.apply(admin.advanceBusinessDate(Market.OPERATOR, 0, date), EventSink.NONE);
    }

    @TearDown(Level.Trial)
    public void check()
    {
        if (engine.pendingDealCount() != liveDeals - BATCH || accepted == 0)
        {
            throw new IllegalStateException("benchmark did not reach steady state: pending "
                + engine.pendingDealCount() + ", accepted " + accepted);
        }
        if (!engine.checkInvariants().isEmpty())
        {
            throw new IllegalStateException("invariants broken: " + engine.checkInvariants());
        }
    }
}
