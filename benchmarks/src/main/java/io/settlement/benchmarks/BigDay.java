package io.settlement.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.settlement.engine.Dates;
import io.settlement.engine.EngineConfig;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.EventSink;
import io.settlement.engine.api.EventType;

/**
 * A big day for the engine alone: register (with every limit check) and settle D deals (default
 * 10M; {@code --nscc} for 77M, the NSCC's record day), in sessions of {@code cycleEvery} deals: each
 * session registers its deals for the current business date, runs a settlement cycle, and moves
 * the date on (which purges what settled two days before). Reports wall time, rates, and peak RSS
 * against live deals, to show that memory follows the pending book, not the history.
 *
 * {@code java -Xmx8g <flags> -cp benchmarks.jar io.settlement.benchmarks.BigDay [deals|--nscc] [cycleEvery]}
 */
public final class BigDay
{
    private BigDay()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final long deals = args.length > 0 ? ("--nscc".equals(args[0]) ? 77_000_000L : Long.parseLong(args[0])) : 10_000_000L;
        final int cycleEvery = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        final SettlementEngine engine = new SettlementEngine(new EngineConfig().initialDealCapacity(cycleEvery * 3));
        engine.apply(new Command().setRetention(Command.SYSTEM_SUBMITTER, 0, 1), EventSink.NONE);
        final Market market = new Market(64);
        market.setUp(engine, Long.MAX_VALUE / 4);

        final long[] counts = new long[3]; // accepted, settled, failed attempts
        final EventSink sink = (event, buffer, offset, length) ->
        {
            if (event.type == EventType.DEAL_ACCEPTED)
            {
                counts[0]++;
            }
            else if (event.type == EventType.CYCLE_COMPLETED)
            {
                counts[1] += event.settled;
                counts[2] += event.failed;
            }
        };
        final Command command = new Command();
        final Command admin = new Command();
        int date = Market.FIRST_DATE;
        long registerNs = 0;
        long settleNs = 0;
        long maxLive = 0;
        final long startNs = System.nanoTime();
        for (long done = 0; done < deals; )
        {
            final long session = Math.min(cycleEvery, deals - done);
            long t0 = System.nanoTime();
            for (long i = 0; i < session; i++)
            {
                engine.apply(market.nextDeal(command, date), sink);
            }
            long t1 = System.nanoTime();
            registerNs += t1 - t0;
            maxLive = Math.max(maxLive, engine.liveDealCount());
            engine.apply(admin.runSettlementCycle(Market.OPERATOR, 0), sink);
            settleNs += System.nanoTime() - t1;
            date = Dates.plusDays(date, 1);
            engine.apply(admin.advanceBusinessDate(Market.OPERATOR, 0, date), EventSink.NONE);
            done += session;
            if (done % (10L * cycleEvery) == 0 || done == deals)
            {
                System.out.printf("  %,d deals, %,d live, RSS %,d MB%n", done, engine.liveDealCount(), rssMb("VmRSS"));
            }
        }
        final double wallS = (System.nanoTime() - startNs) / 1e9;
        System.out.printf("big day: %,d deals registered (%,d accepted) and %,d settled in %.1f s wall%n",
            deals, counts[0], counts[1], wallS);
        System.out.printf("  registration %,.0f deals/s, settlement %,.0f deals/s, %,d failed attempts%n",
            deals * 1e9 / registerNs, counts[1] * 1e9 / settleNs, counts[2]);
        System.out.printf("  peak live deals %,d (of %,d registered); peak RSS %,d MB; heap max %,d MB%n",
            maxLive, deals, rssMb("VmHWM"), Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf("  invariants: %s; state hash %016x%n",
            engine.checkInvariants().isEmpty() ? "hold" : engine.checkInvariants().get(0), engine.stateHash());
    }

    /** A field of /proc/self/status in MB (Linux), or -1. */
    static long rssMb(final String field)
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
            {
                if (line.startsWith(field + ":"))
                {
                    return Long.parseLong(line.replaceAll("\\D+", "")) >> 10;
                }
            }
        }
        catch (final IOException | NumberFormatException ex)
        {
            return -1;
        }
        return -1;
    }
}
