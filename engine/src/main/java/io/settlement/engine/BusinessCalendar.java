package io.settlement.engine;

import java.util.Arrays;

/**
 * Which real calendar days are business days: every day but, when weekends are closed, Saturdays and
 * Sundays, and but the holidays. The holidays are held sorted (a growing int array searched by
 * bisection), so that every walk over them is in date order and nothing depends on hash order.
 *
 * <p>A new calendar is the one an engine has before any SET_CALENDAR or SET_HOLIDAY: weekends open,
 * no holiday, every real day a business day ({@link #isDefault()}). The engine's own is changed only
 * by {@link BusinessDateHandler}; the node's scheduler keeps one built from its configuration to find
 * the next business day. Pure computation: no clock, no time zone.
 */
public final class BusinessCalendar
{
    /** The most holidays a calendar holds (some forty years of a busy market's). */
    public static final int MAX_HOLIDAYS = 2_048;

    private boolean weekendsClosed;
    private int[] holidays = new int[16];
    private int holidayCount;

    /** @return true when Saturdays and Sundays are not business days. */
    public boolean weekendsClosed()
    {
        return weekendsClosed;
    }

    public BusinessCalendar weekendsClosed(final boolean closed)
    {
        weekendsClosed = closed;
        return this;
    }

    /** @return true for a real calendar day that is neither a closed weekend day nor a holiday. */
    public boolean isBusinessDay(final int yyyymmdd)
    {
        return Dates.isValid(yyyymmdd) && !(weekendsClosed && isWeekend(yyyymmdd)) && !isHoliday(yyyymmdd);
    }

    /** What {@link #businessDaysAfter} answers when the count runs past the last date there is. */
    public static final int NO_SUCH_DAY = Integer.MAX_VALUE;
    private static final int LAST_DATE = 9999_12_31;

    /**
     * @return the {@code n}th business day after {@code yyyymmdd} (a valid date; itself when n is 0):
     * each calendar day after it that is a business day counts one; {@link #NO_SUCH_DAY} when the count
     * runs past 9999-12-31 (so a deadline there is never passed).
     */
    public int businessDaysAfter(final int yyyymmdd, final int n)
    {
        long day = Dates.toEpochDay(yyyymmdd);
        int date = yyyymmdd;
        for (int counted = 0; counted < n; )
        {
            date = Dates.fromEpochDay(++day);
            if (date > LAST_DATE)
            {
                return NO_SUCH_DAY;
            }
            if (isBusinessDay(date))
            {
                counted++;
            }
        }
        return date;
    }

    /** @return true when {@code yyyymmdd} (a valid date) is a Saturday or a Sunday. */
    public static boolean isWeekend(final int yyyymmdd)
    {
        // 1970-01-01 was a Thursday: day 0 of the week is a Monday
        final long dayOfWeek = Math.floorMod(Dates.toEpochDay(yyyymmdd) + 3, 7L);
        return dayOfWeek >= 5;
    }

    public boolean isHoliday(final int yyyymmdd)
    {
        return Arrays.binarySearch(holidays, 0, holidayCount, yyyymmdd) >= 0;
    }

    /**
     * @return the first business day after {@code yyyymmdd} (a valid date), or 0 when there is none
     * within a year (a calendar closed all year).
     */
    public int nextBusinessDay(final int yyyymmdd)
    {
        int day = yyyymmdd;
        for (int i = 0; i < 366; i++)
        {
            day = Dates.plusDays(day, 1);
            if (isBusinessDay(day))
            {
                return day;
            }
        }
        return 0;
    }

    /**
     * Makes {@code yyyymmdd} a holiday; a holiday already held stays one.
     *
     * @return false (and nothing changed) when the calendar already holds {@link #MAX_HOLIDAYS} others.
     */
    public boolean addHoliday(final int yyyymmdd)
    {
        final int at = Arrays.binarySearch(holidays, 0, holidayCount, yyyymmdd);
        if (at >= 0)
        {
            return true;
        }
        if (holidayCount == MAX_HOLIDAYS)
        {
            return false;
        }
        if (holidayCount == holidays.length)
        {
            holidays = Arrays.copyOf(holidays, Math.min(MAX_HOLIDAYS, holidays.length * 2));
        }
        final int insert = -at - 1;
        System.arraycopy(holidays, insert, holidays, insert + 1, holidayCount - insert);
        holidays[insert] = yyyymmdd;
        holidayCount++;
        return true;
    }

    /** Makes {@code yyyymmdd} no longer a holiday (whether it was one or not). */
    public void removeHoliday(final int yyyymmdd)
    {
        final int at = Arrays.binarySearch(holidays, 0, holidayCount, yyyymmdd);
        if (at >= 0)
        {
            System.arraycopy(holidays, at + 1, holidays, at, holidayCount - at - 1);
            holidayCount--;
        }
    }

    public int holidayCount()
    {
        return holidayCount;
    }

    /** The {@code index}-th holiday in date order. */
    public int holiday(final int index)
    {
        if (index < 0 || index >= holidayCount)
        {
            throw new IndexOutOfBoundsException("holiday " + index + " of " + holidayCount);
        }
        return holidays[index];
    }

    /** @return the holidays in date order (a copy). */
    public int[] holidays()
    {
        return Arrays.copyOf(holidays, holidayCount);
    }

    /** @return true for the calendar of an engine never given one: weekends open, no holiday. */
    public boolean isDefault()
    {
        return !weekendsClosed && holidayCount == 0;
    }

    /** A digest of the rules, in date order; 0 for the default calendar. */
    long stateHash()
    {
        if (isDefault())
        {
            return 0;
        }
        long h = Hashing.combine(0xCA1E_0DA7L, weekendsClosed ? 1 : 0);
        for (int i = 0; i < holidayCount; i++)
        {
            h = Hashing.combine(h, holidays[i]);
        }
        return h;
    }

    @Override
    public String toString()
    {
        return "weekends " + (weekendsClosed ? "closed" : "open") + ", holidays " + Arrays.toString(holidays());
    }
}
