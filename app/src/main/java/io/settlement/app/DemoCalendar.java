package io.settlement.app;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import io.settlement.engine.BusinessCalendar;

/**
 * The demo's business days, rolled in step with the clients so that no deal the demo sends can be
 * overtaken by the roll (a refusal the market does not stage). Each deal is dated from the day of
 * the phase it entered (that day or the next business day of the calendar); before the node's
 * scheduler rolls the date, the desk announces the next day (new deals are dated from it at once)
 * and waits until every deal of the old phase is answered, and only then lets the roll go to the
 * engine. So a deal's date is never before the engine's date when it arrives, and never a closed day.
 */
final class DemoCalendar
{
    private final AtomicLong phase = new AtomicLong();
    private final AtomicIntegerArray dayOfPhase = new AtomicIntegerArray(2);
    private final AtomicLongArray inFlight = new AtomicLongArray(2);

    private final BusinessCalendar businessDays;

    DemoCalendar(final int firstDay, final BusinessCalendar businessDays)
    {
        dayOfPhase.set(0, firstDay);
        this.businessDays = businessDays;
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

    /** A deal's settlement date in phase {@code p}: its day, or the next business day. */
    int dealDate(final long p, final boolean sameDay)
    {
        final int day = day(p);
        return sameDay ? day : businessDays.nextBusinessDay(day);
    }

    /** The deal entered with {@link #enter} was answered. */
    void leave(final long p)
    {
        inFlight.decrementAndGet((int)(p & 1));
    }

    /**
     * The desk: announces {@code next}, the business day the scheduler is about to roll to, and waits
     * until every deal dated from the old one is answered (or {@code keepWaiting} turns false).
     *
     * @return true when the roll may go to the engine, false when the wait was given up.
     */
    boolean rollWhenDrained(final int next, final BooleanSupplier keepWaiting)
    {
        final long old = phase.get();
        dayOfPhase.set((int)((old + 1) & 1), next);
        phase.set(old + 1);
        while (inFlight.get((int)(old & 1)) > 0)
        {
            if (!keepWaiting.getAsBoolean())
            {
                return false;
            }
            LockSupport.parkNanos(100_000);
        }
        return true;
    }
}
