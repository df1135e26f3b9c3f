package io.settlement.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

import io.settlement.engine.Dates;
import io.settlement.engine.EngineConfig;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.EventSink;
import io.settlement.engine.api.EventType;

/**
 * The engine at scale, measured in the thread's CPU time as well as in wall time, so that a figure
 * taken on a machine shared with other work still compares two builds (JMH's throughput is wall time
 * only, and moves with every other process on the machine).
 *
 * <ul>
 *   <li>{@code register LIVE BATCHES}: what {@link DealRegistrationBenchmark} does at {@code LIVE} peak
 *       live deals: {@code LIVE - 16384} deals kept pending, then batches of 16,384 registrations, each
 *       batch settled and purged untimed. Prints deals per CPU second and per wall second (median and
 *       best batch) and the bytes the registering thread allocated per deal.</li>
 *   <li>{@code cycle BATCHES}: what {@link SettlementCycleBenchmark} does: batches of 16,384 DvP deals
 *       registered untimed, then the gross settlement cycle that settles them, timed, then the date roll.
 *       Prints DvP deals settled per CPU second and per wall second (median and best cycle) and the bytes
 *       the cycle allocated per deal.</li>
 *   <li>{@code growth DEALS}: registers {@code DEALS} deals that stay pending on an engine with the
 *       default slab capacity, timing every command: the worst single commands and when they came
 *       (a slab that grows by copying stalls at each doubling).</li>
 * </ul>
 *
 * <pre>
 *   java -Xmx4g -cp benchmarks/target/benchmarks.jar io.settlement.benchmarks.EngineScaleRunner register 1048576 200
 *   java -Xmx4g -cp benchmarks/target/benchmarks.jar io.settlement.benchmarks.EngineScaleRunner cycle 200
 *   java -Xmx4g -cp benchmarks/target/benchmarks.jar io.settlement.benchmarks.EngineScaleRunner growth 4000000
 * </pre>
 */
public final class EngineScaleRunner
{
    private static final int BATCH = DealRegistrationBenchmark.BATCH;
    /**
     * As {@code DealRegistrationBenchmark.FAR_DATE}, a business day the date rolls never reach; its own
     * constant so that this class also compiles against the build before issue 15 (benchmarks/issue15-table.sh).
     */
    private static final int FAR_DATE = 20991230;
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private EngineScaleRunner()
    {
    }

    public static void main(final String[] args)
    {
        if (args.length >= 3 && "register".equals(args[0]))
        {
            register(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        }
        else if (args.length >= 2 && "cycle".equals(args[0]))
        {
            cycle(Integer.parseInt(args[1]));
        }
        else if (args.length >= 2 && "growth".equals(args[0]))
        {
            growth(Integer.parseInt(args[1]));
        }
        else
        {
            System.err.println("usage: EngineScaleRunner register LIVE BATCHES | cycle BATCHES | growth DEALS");
            System.exit(2);
        }
    }

    private static void register(final int live, final int batches)
    {
        if (live < BATCH || batches < 10)
        {
            throw new IllegalArgumentException("LIVE at least " + BATCH + ", BATCHES at least 10");
        }
        final SettlementEngine engine = new SettlementEngine(new EngineConfig().initialDealCapacity(live + BATCH));
        engine.apply(new Command().setRetention(Command.SYSTEM_SUBMITTER, 0, 0), EventSink.NONE);
        final Market market = new Market(64);
        market.setUp(engine, Long.MAX_VALUE / 4);
        final Command deal = new Command();
        final Command admin = new Command();
        final long[] accepted = {0};
        final EventSink sink = (event, buffer, offset, length) ->
        {
            if (event.type == EventType.DEAL_ACCEPTED)
            {
                accepted[0]++;
            }
        };
        for (int i = 0; i < live - BATCH; i++)
        {
            engine.apply(market.nextDeal(deal, FAR_DATE), sink);
        }
        int date = Market.FIRST_DATE;
        final BatchTimes times = new BatchTimes(batches);
        for (int b = 0; b < batches; b++)
        {
            times.start();
            for (int i = 0; i < BATCH; i++)
            {
                engine.apply(market.nextDeal(deal, date), sink);
            }
            times.stop(b);
            engine.apply(admin.runSettlementCycle(Market.OPERATOR, 0), EventSink.NONE);
            date = Dates.plusDays(date, 1);
            engine.apply(admin.advanceBusinessDate(Market.OPERATOR, 0, date), EventSink.NONE);
        }
        if (engine.pendingDealCount() != live - BATCH || accepted[0] != (long)(live - BATCH) + (long)batches * BATCH)
        {
            throw new IllegalStateException("not in steady state: pending " + engine.pendingDealCount()
                + ", accepted " + accepted[0]);
        }
        System.out.printf("register live=%d batches=%d %s%n", live, batches, times.summary("deals"));
    }

    private static void cycle(final int batches)
    {
        if (batches < 10)
        {
            throw new IllegalArgumentException("BATCHES at least 10");
        }
        final SettlementEngine engine = new SettlementEngine(new EngineConfig().initialDealCapacity(2 * BATCH));
        engine.apply(new Command().setRetention(Command.SYSTEM_SUBMITTER, 0, 0), EventSink.NONE);
        final Market market = new Market(64);
        market.setUp(engine, Long.MAX_VALUE / 4);
        final Command deal = new Command();
        final Command admin = new Command();
        final long[] settled = {0};
        final EventSink sink = (event, buffer, offset, length) ->
        {
            if (event.type == EventType.DEAL_SETTLED)
            {
                settled[0]++;
            }
        };
        int date = Market.FIRST_DATE;
        final BatchTimes times = new BatchTimes(batches);
        for (int b = 0; b < batches; b++)
        {
            for (int i = 0; i < BATCH; i++)
            {
                engine.apply(market.nextDeal(deal, date), EventSink.NONE);
            }
            times.start();
            engine.apply(admin.runSettlementCycle(Market.OPERATOR, 0), sink);
            times.stop(b);
            date = Dates.plusDays(date, 1);
            engine.apply(admin.advanceBusinessDate(Market.OPERATOR, 0, date), EventSink.NONE);
        }
        if (engine.pendingDealCount() != 0 || settled[0] != (long)batches * BATCH)
        {
            throw new IllegalStateException("not everything settled: pending " + engine.pendingDealCount()
                + ", settled " + settled[0]);
        }
        System.out.printf("cycle batches=%d %s%n", batches, times.summary("DvP deals"));
    }

    /**
     * The times of a run's batches of {@link #BATCH} deals, in the measuring thread's CPU time and in wall time, with the
     * bytes it allocated; the first fifth of the batches are the warm-up and not counted.
     */
    private static final class BatchTimes
    {
        private final int warmup;
        private final double[] perCpuSecond;
        private final double[] perWallSecond;
        private final long thread = Thread.currentThread().getId();
        private long allocated;
        private long bytes0;
        private long cpu0;
        private long wall0;

        BatchTimes(final int batches)
        {
            warmup = batches / 5;
            perCpuSecond = new double[batches - warmup];
            perWallSecond = new double[batches - warmup];
        }

        void start()
        {
            bytes0 = THREADS.getThreadAllocatedBytes(thread);
            cpu0 = THREADS.getCurrentThreadCpuTime();
            wall0 = System.nanoTime();
        }

        void stop(final int batch)
        {
            final long wallNs = System.nanoTime() - wall0;
            final long cpuNs = THREADS.getCurrentThreadCpuTime() - cpu0;
            final long bytes = THREADS.getThreadAllocatedBytes(thread) - bytes0;
            if (batch >= warmup)
            {
                perCpuSecond[batch - warmup] = BATCH * 1e9 / Math.max(1, cpuNs);
                perWallSecond[batch - warmup] = BATCH * 1e9 / Math.max(1, wallNs);
                allocated += bytes;
            }
        }

        /** "(measured N of BATCH UNIT): per CPU s median ... best ...; per wall s median ... best ...; allocated ... B/deal". */
        String summary(final String unit)
        {
            Arrays.sort(perCpuSecond);
            Arrays.sort(perWallSecond);
            final int n = perCpuSecond.length;
            return String.format("(measured %d of %d %s): per CPU s median %,.0f best %,.0f;"
                    + " per wall s median %,.0f best %,.0f; allocated %.2f B/deal",
                n, BATCH, unit, perCpuSecond[n / 2], perCpuSecond[n - 1], perWallSecond[n / 2],
                perWallSecond[n - 1], (double)allocated / ((long)n * BATCH));
        }
    }

    private static void growth(final int deals)
    {
        final SettlementEngine engine = new SettlementEngine(new EngineConfig());
        final Market market = new Market(64);
        market.setUp(engine, Long.MAX_VALUE / 4);
        final Command deal = new Command();
        final int top = 8;
        final long[] worstWallNs = new long[top];
        final long[] worstCpuNs = new long[top];
        final int[] worstAt = new int[top];
        long totalWallNs = 0;
        for (int i = 0; i < deals; i++)
        {
            final Command c = market.nextDeal(deal, FAR_DATE);
            final long cpu0 = THREADS.getCurrentThreadCpuTime();
            final long wall0 = System.nanoTime();
            engine.apply(c, EventSink.NONE);
            final long wallNs = System.nanoTime() - wall0;
            final long cpuNs = THREADS.getCurrentThreadCpuTime() - cpu0;
            totalWallNs += wallNs;
            // keep the `top` worst by CPU time (a preempted command is slow in wall time only)
            int at = top;
            while (at > 0 && cpuNs > worstCpuNs[at - 1])
            {
                at--;
            }
            if (at < top)
            {
                System.arraycopy(worstCpuNs, at, worstCpuNs, at + 1, top - at - 1);
                System.arraycopy(worstWallNs, at, worstWallNs, at + 1, top - at - 1);
                System.arraycopy(worstAt, at, worstAt, at + 1, top - at - 1);
                worstCpuNs[at] = cpuNs;
                worstWallNs[at] = wallNs;
                worstAt[at] = i + 1;
            }
        }
        if (engine.pendingDealCount() != deals)
        {
            throw new IllegalStateException("expected " + deals + " pending deals, have " + engine.pendingDealCount());
        }
        System.out.printf("growth deals=%d: mean %.0f ns a command (wall); the %d worst commands by CPU time:%n",
            deals, (double)totalWallNs / deals, top);
        for (int k = 0; k < top; k++)
        {
            System.out.printf("  deal %,11d: %,9.3f ms CPU, %,9.3f ms wall%n",
                worstAt[k], worstCpuNs[k] / 1e6, worstWallNs[k] / 1e6);
        }
    }
}
