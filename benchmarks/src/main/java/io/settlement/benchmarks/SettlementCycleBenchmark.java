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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A gross settlement cycle, per DvP deal: balance checks on both legs, four balance moves, limit
 * release and the encoded, hashed DEAL_SETTLED event. Each invocation settles {@link #BATCH}
 * deals registered (untimed) just before it; the date then advances and purges them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class SettlementCycleBenchmark
{
    static final int BATCH = 16_384;

    private SettlementEngine engine;
    private Market market;
    private Command command;
    private EventSink sink;
    private int date;
    private long settled;

    @Setup(Level.Trial)
    public void setUp(final Blackhole blackhole)
    {
        engine = new SettlementEngine(new EngineConfig().initialDealCapacity(BATCH * 2));
        engine.apply(new Command().setRetention(Command.SYSTEM_SUBMITTER, 0, 0), EventSink.NONE);
        market = new Market(64);
        market.setUp(engine, Long.MAX_VALUE / 4);
        command = new Command();
        date = Market.FIRST_DATE;
        sink = (event, buffer, offset, length) ->
        {
            if (event.type == EventType.DEAL_SETTLED)
            {
                settled++;
            }
            blackhole.consume(event.dealId);
        };
    }

    @Setup(Level.Invocation)
    public void registerBatch()
    {
        for (int i = 0; i < BATCH; i++)
        {
            engine.apply(market.nextDeal(command, date), EventSink.NONE);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void settlePerDeal()
    {
        engine.apply(command.runSettlementCycle(Market.OPERATOR, 0), sink);
    }

    @TearDown(Level.Invocation)
    public void roll()
    {
        date = Dates.plusDays(date, 1);
        engine.apply(command.advanceBusinessDate(Market.OPERATOR, 0, date), EventSink.NONE);
    }

    @TearDown(Level.Trial)
    public void check()
    {
        if (engine.pendingDealCount() != 0 || settled == 0 || !engine.checkInvariants().isEmpty())
        {
            throw new IllegalStateException("benchmark did not settle everything: pending "
                + engine.pendingDealCount() + ", settled " + settled + ", " + engine.checkInvariants());
        }
    }
}
