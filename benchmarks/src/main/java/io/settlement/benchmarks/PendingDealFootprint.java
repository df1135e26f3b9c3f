package io.settlement.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

import io.settlement.engine.Dates;
import io.settlement.engine.EngineConfig;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.EventSink;

/**
 * Measures the heap held per PENDING deal: registers N deals due far in the future (so none
 * settles) on an engine sized for them, and divides the growth of the live heap (after full
 * GCs) by N. Everything the engine keeps for a deal is counted: the slab, the dealId and
 * idempotency indexes, the per-date cycle lists, limit utilisation.
 *
 * <pre>
 *   java -Xmx8g -cp benchmarks/target/benchmarks.jar io.settlement.benchmarks.PendingDealFootprint [deals]
 * </pre>
 * Run with a heap large enough for N deals (about 200 B each) plus the engine's growth headroom.
 */
public final class PendingDealFootprint
{
    private PendingDealFootprint()
    {
    }

    public static void main(final String[] args)
    {
        final int deals = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

        final long before = liveHeap(memory);
        final SettlementEngine engine = new SettlementEngine(new EngineConfig().initialDealCapacity(deals));
        final Market market = new Market(64);
        market.setUp(engine, Long.MAX_VALUE / 4);
        final long empty = liveHeap(memory);

        final Command command = new Command();
        final int farDate = Dates.plusDays(Market.FIRST_DATE, 365);
        final long startNs = System.nanoTime();
        for (int i = 0; i < deals; i++)
        {
            engine.apply(market.nextDeal(command, farDate), EventSink.NONE);
            if ((i + 1) % 1_000_000 == 0)
            {
                System.out.printf("  %,d deals registered%n", i + 1);
            }
        }
        final long elapsedNs = System.nanoTime() - startNs;
        if (engine.pendingDealCount() != deals)
        {
            throw new IllegalStateException("expected " + deals + " pending deals, have " + engine.pendingDealCount());
        }
        final long full = liveHeap(memory);

        System.out.printf("pending deals:          %,d%n", deals);
        System.out.printf("engine, empty market:   %,d bytes (includes the pre-sized deal slab)%n", empty - before);
        System.out.printf("engine, full:           %,d bytes%n", full - before);
        System.out.printf("bytes per pending deal: %.1f (all engine memory / deals)%n", (full - before) / (double)deals);
        System.out.printf("registration rate:      %.2f M deals/s (single thread, growing indexes, not a benchmark)%n",
            deals * 1e3 / elapsedNs);
        System.out.println("state hash:             " + Long.toHexString(engine.stateHash()));
    }

    private static long liveHeap(final MemoryMXBean memory)
    {
        for (int i = 0; i < 3; i++)
        {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
