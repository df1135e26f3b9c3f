package io.settlement.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

import io.settlement.engine.Dates;
import io.settlement.engine.EngineConfig;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.EventSink;
import io.settlement.engine.api.EventType;

/**
 * {@link EngineScaleRunner}'s cycle mode one batch at a time, for {@link PairedCycles}: each
 * {@link #getAsLong} registers 16,384 DvP deals (untimed), runs the gross settlement cycle that settles
 * them and returns its CPU time in nanoseconds, then rolls the date (untimed). A {@link LongSupplier},
 * so that builds loaded side by side in one JVM are driven through a type they share.
 */
public final class CycleBatches implements LongSupplier
{
    static final int BATCH = 16_384;
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private final SettlementEngine engine = new SettlementEngine(new EngineConfig().initialDealCapacity(2 * BATCH));
    private final Market market = new Market(64);
    private final Command deal = new Command();
    private final Command admin = new Command();
    private final long[] settled = {0};
    private final EventSink sink = (event, buffer, offset, length) ->
    {
        if (event.type == EventType.DEAL_SETTLED)
        {
            settled[0]++;
        }
    };
    private int date = Market.FIRST_DATE;
    private long batches;

    public CycleBatches()
    {
        engine.apply(new Command().setRetention(Command.SYSTEM_SUBMITTER, 0, 0), EventSink.NONE);
        market.setUp(engine, Long.MAX_VALUE / 4);
    }

    @Override
    public long getAsLong()
    {
        for (int i = 0; i < BATCH; i++)
        {
            engine.apply(market.nextDeal(deal, date), EventSink.NONE);
        }
        final long cpu0 = THREADS.getCurrentThreadCpuTime();
        engine.apply(admin.runSettlementCycle(Market.OPERATOR, 0), sink);
        final long cpuNs = THREADS.getCurrentThreadCpuTime() - cpu0;
        date = Dates.plusDays(date, 1);
        engine.apply(admin.advanceBusinessDate(Market.OPERATOR, 0, date), EventSink.NONE);
        batches++;
        if (engine.pendingDealCount() != 0 || settled[0] != batches * BATCH)
        {
            throw new IllegalStateException("not everything settled: pending " + engine.pendingDealCount()
                + ", settled " + settled[0] + " of " + batches * BATCH);
        }
        return cpuNs;
    }
}
