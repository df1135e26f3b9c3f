package io.settlement.journal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.settlement.engine.BusinessCalendar;
import io.settlement.protocol.wire.CycleMode;

/**
 * When the node's {@link Scheduler} issues settlement cycles and the end-of-day date roll: each at
 * configured times of day in a time zone, or every fixed interval (aligned to the epoch: an interval
 * that divides a day fires at the same times every day, in UTC), or never; in either case only on
 * the days (in that zone) that are business days of the scheduler's calendar, so that a Friday's
 * roll to Monday is followed by Monday's cycles, not by Saturday's. Checked as it is built: a
 * setting out of range is an {@link IllegalArgumentException} naming it and the accepted range.
 */
public final class Schedule
{
    /** The shortest interval (the demo runs cycles every 200 ms). */
    public static final long MIN_INTERVAL_MS = 10;
    /** The longest interval: a week. */
    public static final long MAX_INTERVAL_MS = 7L * 24 * 3600 * 1000;
    /** No time: the event is not scheduled. */
    public static final long NEVER = Long.MAX_VALUE;

    private final List<LocalTime> cycleTimes = new ArrayList<>();
    private long cycleIntervalMs;
    private final List<LocalTime> rollTimes = new ArrayList<>();
    private long rollIntervalMs;
    private ZoneId zone = ZoneId.of("UTC");
    private CycleMode cycleMode = CycleMode.GROSS;
    private boolean everyClockDay;

    /** Adds a time of day for a settlement cycle. */
    public Schedule cycleAt(final LocalTime time)
    {
        if (cycleIntervalMs != 0)
        {
            throw new IllegalArgumentException("cycles are scheduled either at times of day or every interval, not both");
        }
        add(cycleTimes, time, "cycle");
        return this;
    }

    /** Runs a settlement cycle every {@code intervalMs} ({@value #MIN_INTERVAL_MS} ms to 7 days). */
    public Schedule cycleEvery(final long intervalMs)
    {
        if (!cycleTimes.isEmpty())
        {
            throw new IllegalArgumentException("cycles are scheduled either at times of day or every interval, not both");
        }
        cycleIntervalMs = checkInterval("cycle interval", intervalMs);
        return this;
    }

    /** Adds a time of day for the end-of-day date roll. */
    public Schedule rollAt(final LocalTime time)
    {
        if (rollIntervalMs != 0)
        {
            throw new IllegalArgumentException("the date roll is scheduled either at times of day or every interval, not both");
        }
        add(rollTimes, time, "roll");
        return this;
    }

    /** Rolls the business date every {@code intervalMs} (for demonstrations: a day is a day otherwise). */
    public Schedule rollEvery(final long intervalMs)
    {
        if (!rollTimes.isEmpty())
        {
            throw new IllegalArgumentException("the date roll is scheduled either at times of day or every interval, not both");
        }
        rollIntervalMs = checkInterval("roll interval", intervalMs);
        return this;
    }

    /** The mode of the scheduled settlement cycles (default GROSS). */
    public Schedule cycleMode(final CycleMode mode)
    {
        if (mode != CycleMode.GROSS && mode != CycleMode.NETTED)
        {
            throw new IllegalArgumentException("a cycle mode is GROSS or NETTED, not " + mode);
        }
        cycleMode = mode;
        return this;
    }

    public CycleMode cycleMode()
    {
        return cycleMode;
    }

    /**
     * Fires on every day of the clock, business day or not. For a simulated day, whose business date
     * moves on its own (the demo rolls it every second), not with the clock: the calendar still
     * chooses the business date a roll goes to.
     */
    public Schedule everyClockDay()
    {
        everyClockDay = true;
        return this;
    }

    /** The time zone of the times of day (default UTC). */
    public Schedule zone(final ZoneId zoneId)
    {
        zone = zoneId;
        return this;
    }

    public ZoneId zone()
    {
        return zone;
    }

    /** @return true when neither cycles nor date rolls are scheduled. */
    /** Whether the date roll is at times of day (its target then follows the clock), not every interval. */
    public boolean rollsAtTimesOfDay()
    {
        return !rollTimes.isEmpty();
    }

    public boolean isEmpty()
    {
        return cycleTimes.isEmpty() && cycleIntervalMs == 0 && rollTimes.isEmpty() && rollIntervalMs == 0;
    }

    /**
     * @return the first time a cycle is due strictly after {@code nowMs} (epoch ms) on a business day
     * of {@code calendar} (the day in the schedule's zone), or {@link #NEVER}.
     */
    public long nextCycleAfter(final long nowMs, final BusinessCalendar calendar)
    {
        return next(cycleTimes, cycleIntervalMs, nowMs, calendar);
    }

    /**
     * @return the first time a date roll is due strictly after {@code nowMs} (epoch ms) on a business
     * day of {@code calendar} (the day in the schedule's zone), or {@link #NEVER}.
     */
    public long nextRollAfter(final long nowMs, final BusinessCalendar calendar)
    {
        return next(rollTimes, rollIntervalMs, nowMs, calendar);
    }

    private long next(final List<LocalTime> times, final long intervalMs, final long nowMs, final BusinessCalendar calendar)
    {
        if (intervalMs == 0 && times.isEmpty())
        {
            return NEVER;
        }
        long afterMs = nowMs;
        // a calendar has business days within any year: a closed day moves the search to the next day
        for (int days = 0; days < 400; days++)
        {
            final long at = intervalMs > 0 ? (Math.floorDiv(afterMs, intervalMs) + 1) * intervalMs : nextTime(times, afterMs);
            final LocalDate day = Instant.ofEpochMilli(at).atZone(zone).toLocalDate();
            if (everyClockDay || calendar.isBusinessDay(day.getYear() * 10_000 + day.getMonthValue() * 100 + day.getDayOfMonth()))
            {
                return at;
            }
            afterMs = day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli() - 1;
        }
        return NEVER;
    }

    private long nextTime(final List<LocalTime> times, final long afterMs)
    {
        final ZonedDateTime now = Instant.ofEpochMilli(afterMs).atZone(zone);
        LocalDate day = now.toLocalDate();
        for (int i = 0; i < 3; i++, day = day.plusDays(1))
        {
            for (final LocalTime time : times)
            {
                // a time in a daylight-saving gap moves forward by the gap's length
                final long at = ZonedDateTime.of(day, time, zone).toInstant().toEpochMilli();
                if (at > afterMs)
                {
                    return at;
                }
            }
        }
        throw new IllegalStateException("no scheduled time after " + now);
    }

    private static void add(final List<LocalTime> times, final LocalTime time, final String what)
    {
        if (times.contains(time))
        {
            throw new IllegalArgumentException(what + " time " + time + " given twice");
        }
        times.add(time);
        Collections.sort(times);
    }

    private static long checkInterval(final String what, final long intervalMs)
    {
        if (intervalMs < MIN_INTERVAL_MS || intervalMs > MAX_INTERVAL_MS)
        {
            throw new IllegalArgumentException(what + " " + intervalMs + " ms is out of range (" + MIN_INTERVAL_MS + " ms to 7 days)");
        }
        return intervalMs;
    }

    @Override
    public String toString()
    {
        return "cycles " + describe(cycleTimes, cycleIntervalMs)
            + (cycleMode == CycleMode.GROSS || cycleTimes.isEmpty() && cycleIntervalMs == 0 ? "" : " (netted)")
            + ", date roll " + describe(rollTimes, rollIntervalMs)
            + (cycleTimes.isEmpty() && rollTimes.isEmpty() ? "" : " (" + zone + ")");
    }

    private static String describe(final List<LocalTime> times, final long intervalMs)
    {
        if (intervalMs > 0)
        {
            return "every " + intervalMs + " ms";
        }
        return times.isEmpty() ? "not scheduled" : "at " + String.join(",", times.stream().map(LocalTime::toString).toList());
    }
}
