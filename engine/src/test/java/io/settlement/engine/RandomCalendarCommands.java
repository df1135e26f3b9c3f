package io.settlement.engine;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Random;
import java.util.TreeSet;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandType;
import io.settlement.protocol.wire.DayStatus;

/**
 * The business calendar's part of a {@link RandomCommands} stream, when the stream has one: now and
 * then a SetCalendar or SetHoliday (mostly valid, from an operator; sometimes a past day, a bad code
 * or the wrong role), drawn from a Random of its own so that a stream without a calendar is the same
 * as before calendars existed, seed for seed. It also follows the calendar the engine will have, so
 * that the generator knows which date rolls are accepted. Weekdays come from java.time.
 */
final class RandomCalendarCommands
{
    private final Random rnd;
    private boolean weekendsClosed;
    private final TreeSet<Integer> holidays = new TreeSet<>();

    RandomCalendarCommands(final long seed)
    {
        rnd = new Random(Hashing.mix(seed ^ 0xCA1E_0DA7L));
    }

    /** @return true when the next command of the stream is to be a calendar command (about 2 in 100). */
    boolean nextIsCalendar()
    {
        return rnd.nextInt(100) < 2;
    }

    /** Fills {@code c} with a calendar command, dated around {@code businessDate}. */
    void next(final Command c, final int businessDate, final long operator, final long member, final long wrong)
    {
        final int r = rnd.nextInt(100);
        final long submitter = r < 90 ? operator : r < 93 ? Command.SYSTEM_SUBMITTER : r < 97 ? member : wrong;
        final int base = businessDate == 0 ? RandomCommands.START_DATE : businessDate;
        if (rnd.nextInt(10) < 3)
        {
            c.setCalendar(submitter, 0, rnd.nextInt(10) < 7 ? DayStatus.CLOSED : DayStatus.OPEN);
            if (rnd.nextInt(50) == 0)
            {
                c.weekends = (byte)(rnd.nextBoolean() ? 0 : 3 + rnd.nextInt(100));
            }
        }
        else
        {
            final int q = rnd.nextInt(100);
            final int date = q < 85 ? Dates.plusDays(base, 1 + rnd.nextInt(12)) : q < 95 ? Dates.plusDays(base, -rnd.nextInt(3))
                : base / 10_000 * 10_000 + 230; // 30 February
            c.setHoliday(submitter, 0, date, rnd.nextInt(4) == 0 ? DayStatus.OPEN : DayStatus.CLOSED);
            if (rnd.nextInt(50) == 0)
            {
                c.dayStatus = (byte)(rnd.nextBoolean() ? 0 : 3);
            }
        }
    }

    /** Follows an accepted calendar command (an operator's or the system's, checked as the engine does). */
    void track(final Command c, final boolean byOperator, final int businessDate)
    {
        if (!byOperator)
        {
            return;
        }
        if (c.type == CommandType.SET_CALENDAR && (c.weekends == DayStatus.OPEN.value()
            || c.weekends == DayStatus.CLOSED.value() && (businessDate == 0 || !isWeekend(businessDate))))
        {
            weekendsClosed = c.weekends == DayStatus.CLOSED.value();
        }
        else if (c.type == CommandType.SET_HOLIDAY && Dates.isValid(c.holidayDate) && c.holidayDate > businessDate)
        {
            if (c.dayStatus == DayStatus.CLOSED.value())
            {
                holidays.add(c.holidayDate);
            }
            else if (c.dayStatus == DayStatus.OPEN.value())
            {
                holidays.remove(c.holidayDate);
            }
        }
    }

    /** Whether the engine will take {@code yyyymmdd} (a valid date) as a business day. */
    boolean isBusinessDay(final int yyyymmdd)
    {
        return !(weekendsClosed && isWeekend(yyyymmdd)) && !holidays.contains(yyyymmdd);
    }

    static boolean isWeekend(final int yyyymmdd)
    {
        final DayOfWeek day = LocalDate.of(yyyymmdd / 10_000, yyyymmdd / 100 % 100, yyyymmdd % 100).getDayOfWeek();
        return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
    }
}
