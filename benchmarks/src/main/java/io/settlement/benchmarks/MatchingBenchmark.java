package io.settlement.benchmarks;

import java.util.Arrays;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.EventSink;
import io.settlement.engine.api.EventType;

/**
 * Two-sided matching throughput against pre-matched registration, on one thread, engine alone, in the
 * same run (perf-results/issue13-matching.txt):
 * <pre>
 *   matching:      N instructions = N/2 buy sides (each waits: N/2 waiting at the peak, an allegement each)
 *                  then their N/2 sell sides (each matches the oldest waiting buy of its key and registers
 *                  the deal, limits checked)                 -> instructions/s, and deals/s
 *   pre-matched:   N deals of the same market as SubmitDeal, each registered by one command  -> deals/s
 * </pre>
 * Every member has every limit set, so each registration (by SubmitDeal or by a match) does the full
 * set of limit checks. Each round runs on a fresh engine over the same market; the rounds alternate
 * which goes first; the median of the rounds is reported, after a warm-up round.
 *
 * <p>Usage: {@code MatchingBenchmark [instructions (default 1000000)] [members (64)] [rounds (5)]}.
 */
public final class MatchingBenchmark
{
    private static long matched;
    private static long alleged;
    private static long accepted;

    private MatchingBenchmark()
    {
    }

    public static void main(final String[] args)
    {
        final int instructions = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        final int members = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        final int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        System.out.printf("warm-up round: %,d instructions, %,d deals%n", instructions / 4, instructions / 4);
        matching(instructions / 4, members);
        submitDeals(instructions / 4, members);
        final long[] matchingNs = new long[rounds];
        final long[] dealsNs = new long[rounds];
        for (int r = 0; r < rounds; r++)
        {
            if (r % 2 == 0)
            {
                matchingNs[r] = matching(instructions, members);
                dealsNs[r] = submitDeals(instructions, members);
            }
            else
            {
                dealsNs[r] = submitDeals(instructions, members);
                matchingNs[r] = matching(instructions, members);
            }
            System.out.printf("round %d: matching %,d instructions in %,d ms (%.2f M instructions/s); SubmitDeal %,d deals in %,d ms (%.2f M deals/s)%n",
                r + 1, instructions, matchingNs[r] / 1_000_000, instructions * 1e3 / matchingNs[r],
                instructions, dealsNs[r] / 1_000_000, instructions * 1e3 / dealsNs[r]);
        }
        final long m = median(matchingNs);
        final long d = median(dealsNs);
        final double instructionsPerSecond = instructions * 1e9 / m;
        final double dealsPerSecond = instructions * 1e9 / d;
        System.out.printf("%nmedian of %d rounds, %,d members, one thread%n", rounds, members);
        System.out.println("| figure | value |");
        System.out.println("|---|---|");
        System.out.printf("| instructions / SubmitDeal commands per second (ratio) | **%.2f** |%n", instructionsPerSecond / dealsPerSecond);
        System.out.printf("| deals registered per second, matched / SubmitDeal (ratio) | **%.2f** |%n", instructionsPerSecond / 2 / dealsPerSecond);
        System.out.printf("| matching: instructions per second (half waiting, half matching) | %.2f M/s |%n", instructionsPerSecond / 1e6);
        System.out.printf("| matching: deals registered per second | %.2f M/s |%n", instructionsPerSecond / 2e6);
        System.out.printf("| SubmitDeal: deals registered per second | %.2f M/s |%n", dealsPerSecond / 1e6);
    }

    /** N/2 buy instructions that wait, then their N/2 sell sides that match: the time of all N. */
    private static long matching(final int instructions, final int members)
    {
        final SettlementEngine engine = engine(members, instructions);
        final Market market = market(engine, members);
        final Command c = new Command();
        final int pairs = instructions / 2;
        matched = 0;
        alleged = 0;
        final EventSink sink = (event, buffer, offset, length) ->
        {
            if (event.type == EventType.INSTRUCTION_MATCHED)
            {
                matched++;
            }
            else if (event.type == EventType.INSTRUCTION_ALLEGED)
            {
                alleged++;
            }
        };
        final long start = System.nanoTime();
        for (int i = 0; i < pairs; i++)
        {
            engine.apply(market.instruction(c, i, true, i + 1, Market.FIRST_DATE), sink);
        }
        for (int i = 0; i < pairs; i++)
        {
            engine.apply(market.instruction(c, i, false, i + 1, Market.FIRST_DATE), sink);
        }
        final long nanos = System.nanoTime() - start;
        if (matched != pairs || alleged != pairs || engine.pendingDealCount() != pairs)
        {
            throw new IllegalStateException("matched " + matched + ", alleged " + alleged + ", pending deals "
                + engine.pendingDealCount() + " of " + pairs + " pairs");
        }
        return nanos;
    }

    /** N deals as SubmitDeal: the time of all N. */
    private static long submitDeals(final int deals, final int members)
    {
        final SettlementEngine engine = engine(members, deals);
        final Market market = market(engine, members);
        final Command c = new Command();
        accepted = 0;
        final EventSink sink = (event, buffer, offset, length) ->
        {
            if (event.type == EventType.DEAL_ACCEPTED)
            {
                accepted++;
            }
        };
        final long start = System.nanoTime();
        for (int i = 0; i < deals; i++)
        {
            engine.apply(market.nextDeal(c, Market.FIRST_DATE), sink);
        }
        final long nanos = System.nanoTime() - start;
        if (accepted != deals)
        {
            throw new IllegalStateException("accepted " + accepted + " of " + deals);
        }
        return nanos;
    }

    private static SettlementEngine engine(final int members, final int deals)
    {
        return new SettlementEngine(new EngineConfig().initialDealCapacity(Math.max(1024, deals)));
    }

    private static Market market(final SettlementEngine engine, final int members)
    {
        final Market market = new Market(members);
        market.setUp(engine, Long.MAX_VALUE / 4);
        return market;
    }

    private static long median(final long[] values)
    {
        final long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
