package io.settlement.app;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import io.settlement.engine.Dates;

/**
 * The demo's business days, rolled in step with the clients so that no deal the demo sends can be
 * overtaken by the roll (a refusal the market does not stage). Each deal is dated from the day of
 * the phase it entered (that day or the next); the operations desk announces the next day (new
 * deals are dated from it at once), waits until every deal of the old phase is answered, and only
 * then moves the engine's business date. So a deal's date is never before the engine's date when
 * it arrives.
 */
final class DemoCalendar
{
    private final AtomicLong phase = new AtomicLong();
    private final AtomicIntegerArray dayOfPhase = new AtomicIntegerArray(2);
    private final AtomicLongArray inFlight = new AtomicLongArray(2);

    DemoCalendar(final int firstDay)
    {
        dayOfPhase.set(0, firstDay);
    }

    /** A client enters the current phase with one deal; returns the phase, to pass to {@link #leave}. */
    long enter()
    {
        while (true)
        {
            final long p = phase.get();
            inFlight.incrementAndGet((int)(p & 1));
            if (phase.get() == p)
            {
                return p;
            }
            inFlight.decrementAndGet((int)(p & 1)); // the desk moved on meanwhile: enter the new phase
        }
    }

    /** The business day deals of phase {@code p} are dated from. */
    int day(final long p)
    {
        return dayOfPhase.get((int)(p & 1));
    }

    /** The deal entered with {@link #enter} was answered. */
    void leave(final long p)
    {
        inFlight.decrementAndGet((int)(p & 1));
    }

    /**
     * The desk: announces the next business day and waits until every deal dated from the old one
     * is answered (or {@code keepWaiting} turns false).
     *
     * @return the next day, for the engine, or 0 when the wait was given up.
     */
    int rollWhenDrained(final BooleanSupplier keepWaiting)
    {
        final long old = phase.get();
        final int next = Dates.plusDays(day(old), 1);
        dayOfPhase.set((int)((old + 1) & 1), next);
        phase.set(old + 1);
        while (inFlight.get((int)(old & 1)) > 0)
        {
            if (!keepWaiting.getAsBoolean())
            {
                return 0;
            }
            LockSupport.parkNanos(100_000);
        }
        return next;
    }
}
