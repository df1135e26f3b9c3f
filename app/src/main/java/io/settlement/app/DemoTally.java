package io.settlement.app;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.gateway.client.sbe.Reason;
import org.HdrHistogram.Histogram;

/** What the demo sent and what came back: counted by the clients and the desk, printed as progress and summary. */
final class DemoTally
{
    final AtomicLong sent = new AtomicLong();
    final AtomicLong answered = new AtomicLong();
    private final AtomicLongArray byReason = new AtomicLongArray(128);
    private final AtomicLong settled = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    final AtomicLong cycles = new AtomicLong();
    /** Value settled in USD and EUR (minor units), exact: a cycle may settle more than Long.MAX_VALUE. */
    private final AtomicReferenceArray<BigInteger> settledValue =
        new AtomicReferenceArray<>(new BigInteger[] {BigInteger.ZERO, BigInteger.ZERO});

    void answered(final Reason reason)
    {
        byReason.incrementAndGet(reason.value() & 127);
        answered.incrementAndGet();
    }

    long accepted()
    {
        return byReason.get(0);
    }

    /** A settlement cycle's outcomes. */
    void cycle(final List<Event> outcomes)
    {
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

    void progress(final PrintWriter out, final long startNs, final boolean last)
    {
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        final String line = String.format("[%5.1f s] sent %,d  accepted %,d  refused %,d  settled %,d  failed attempts %,d  %,.0f deals/s",
            seconds, sent.get(), accepted(), answered.get() - accepted(), settled.get(), failedAttempts.get(),
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

    /**
     * The deals by outcome, each refusal with the part of the market that staged it, and the
     * settled value.
     */
    void outcomes(final PrintWriter out, final long pending)
    {
        out.println("deals by outcome");
        out.printf("  %-38s %,14d%n", "accepted", accepted());
        for (final Reason reason : Reason.values())
        {
            if (reason != Reason.OK && reason != Reason.NULL_VAL && byReason.get(reason.value() & 127) > 0)
            {
                out.printf("  %-38s %,14d  (%s)%n", "rejected " + reason, byReason.get(reason.value() & 127), DemoMarket.explain(reason));
            }
        }
        out.printf("  %-38s %,14d%n", "settled", settled.get());
        out.printf("  %-38s %,14d%n", "still pending", pending);
        out.printf("  %-38s %,14d  (members %d and %d start short of cash and securities: recycled into later cycles until "
            + "the desk tops them up)%n", "failed settlement attempts", failedAttempts.get(), DemoMarket.SHORT_OF_CASH,
            DemoMarket.SHORT_OF_SECURITIES);
        out.println("settled value");
        // in each currency's own minor units, as the market created it
        out.printf("  %,26.2f %s (%s)%n", new BigDecimal(settledValue.get(0), DemoMarket.CURRENCY_MINOR_UNITS), "USD", "US dollar");
        out.printf("  %,26.2f %s (%s)%n", new BigDecimal(settledValue.get(1), DemoMarket.CURRENCY_MINOR_UNITS), "EUR", "Euro");
    }

    static String latency(final Histogram h)
    {
        return String.format("p50 %s  p99 %s  p99.9 %s  max %s", micros(h.getValueAtPercentile(50)),
            micros(h.getValueAtPercentile(99)), micros(h.getValueAtPercentile(99.9)), micros(h.getMaxValue()));
    }

    private static String micros(final long nanos)
    {
        return nanos >= 10_000_000 ? String.format("%,.1f ms", nanos / 1e6) : String.format("%,.0f us", nanos / 1e3);
    }
}
