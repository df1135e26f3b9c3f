package io.settlement.engine;

import java.time.LocalDate;
import java.time.Year;
import java.time.YearMonth;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Dates} against java.time, the reference proleptic Gregorian calendar. */
class DatesTest
{
    private static final long FIRST_VALID_EPOCH_DAY = LocalDate.of(1, 1, 1).toEpochDay();
    private static final long LAST_VALID_EPOCH_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

    private static int yyyymmdd(final LocalDate d)
    {
        return d.getYear() * 10_000 + d.getMonthValue() * 100 + d.getDayOfMonth();
    }

    private static int yyyymmdd(final int year, final int month, final int day)
    {
        return year * 10_000 + month * 100 + day;
    }

    @Test
    void leapDays()
    {
        assertTrue(Dates.isValid(20240229), "2024 is a leap year");
        assertFalse(Dates.isValid(20230229), "2023 is not a leap year");
        assertFalse(Dates.isValid(21000229), "2100 is divisible by 100 but not by 400");
        assertTrue(Dates.isValid(20000229), "2000 is divisible by 400");
        assertFalse(Dates.isValid(19000229), "1900 is divisible by 100 but not by 400");
        assertTrue(Dates.isValid(16000229), "1600 is divisible by 400");
        assertFalse(Dates.isValid(20240230));
        assertTrue(Dates.isValid(20230228));
        assertTrue(Dates.isLeapYear(2024));
        assertFalse(Dates.isLeapYear(2100));
        assertTrue(Dates.isLeapYear(2000));
        assertFalse(Dates.isLeapYear(2023));
    }

    @Test
    void monthsAndDaysOutOfRange()
    {
        assertFalse(Dates.isValid(20260001), "month 0");
        assertFalse(Dates.isValid(20261301), "month 13");
        assertFalse(Dates.isValid(20269901), "month 99");
        assertFalse(Dates.isValid(20260100), "day 0");
        assertFalse(Dates.isValid(20260132), "day 32");
        assertFalse(Dates.isValid(20260431), "31 April");
        assertFalse(Dates.isValid(20260631), "31 June");
        assertFalse(Dates.isValid(20260931), "31 September");
        assertFalse(Dates.isValid(20261131), "31 November");
        assertFalse(Dates.isValid(20260230), "30 February");
        assertTrue(Dates.isValid(20260131));
        assertTrue(Dates.isValid(20261231));
        assertTrue(Dates.isValid(20260430));
    }

    @Test
    void yearsOutOfRange()
    {
        assertFalse(Dates.isValid(101), "year 0");
        assertFalse(Dates.isValid(1231), "year 0");
        assertFalse(Dates.isValid(100_000_101), "year 10000");
        assertFalse(Dates.isValid(0));
        assertFalse(Dates.isValid(-20260105), "negative");
        assertFalse(Dates.isValid(-1));
        assertFalse(Dates.isValid(Integer.MAX_VALUE));
        assertFalse(Dates.isValid(Integer.MIN_VALUE));
        assertTrue(Dates.isValid(10_101), "0001-01-01 is the first valid day");
        assertTrue(Dates.isValid(99_991_231), "9999-12-31 is the last valid day");
    }

    /** Every (year, month, day) with year 0..10000, month 0..13, day 0..32, against java.time's month lengths. */
    @Test
    void isValidAgreesWithJavaTimeEverywhere()
    {
        for (int year = 0; year <= 10_000; year++)
        {
            for (int month = 0; month <= 13; month++)
            {
                final int length = year >= 1 && year <= 9999 && month >= 1 && month <= 12
                    ? YearMonth.of(year, month).lengthOfMonth() : 0;
                for (int day = 0; day <= 32; day++)
                {
                    final boolean expected = day >= 1 && day <= length;
                    final int date = yyyymmdd(year, month, day);
                    if (Dates.isValid(date) != expected)
                    {
                        assertEquals(expected, Dates.isValid(date), "isValid(" + date + ")");
                    }
                }
            }
        }
    }

    @Test
    void leapYearsAndMonthLengthsAgreeWithJavaTime()
    {
        for (int year = 1; year <= 9999; year++)
        {
            assertEquals(Year.isLeap(year), Dates.isLeapYear(year), "isLeapYear(" + year + ")");
            for (int month = 1; month <= 12; month++)
            {
                if (YearMonth.of(year, month).lengthOfMonth() != Dates.daysInMonth(year, month))
                {
                    assertEquals(YearMonth.of(year, month).lengthOfMonth(), Dates.daysInMonth(year, month),
                        "daysInMonth(" + year + ", " + month + ")");
                }
            }
        }
    }

    @Test
    void knownEpochDays()
    {
        assertEquals(0, Dates.toEpochDay(19700101));
        assertEquals(19700101, Dates.fromEpochDay(0));
        assertEquals(-1, Dates.toEpochDay(19691231));
        assertEquals(19691231, Dates.fromEpochDay(-1));
        assertEquals(LocalDate.of(2026, 1, 5).toEpochDay(), Dates.toEpochDay(20260105));
        assertEquals(FIRST_VALID_EPOCH_DAY, Dates.toEpochDay(10_101));
        assertEquals(LAST_VALID_EPOCH_DAY, Dates.toEpochDay(99_991_231));
        assertEquals(10_101, Dates.fromEpochDay(FIRST_VALID_EPOCH_DAY));
        assertEquals(99_991_231, Dates.fromEpochDay(LAST_VALID_EPOCH_DAY));
    }

    /** Every day from 1900-01-01 to 2100-12-31 (before and after the epoch), with moves both ways. */
    @Test
    void everyDayOfTwoCenturiesAgreesWithJavaTime()
    {
        final long[] moves = {0, 1, -1, 2, -2, 27, 28, 29, 30, 31, -31, 59, 60, 365, -365, 366, -366, 1461, -1461, 36_524, -36_525, 146_097, -146_097};
        LocalDate d = LocalDate.of(1900, 1, 1);
        final LocalDate end = LocalDate.of(2100, 12, 31);
        int previous = 0;
        while (!d.isAfter(end))
        {
            final int date = yyyymmdd(d);
            assertTrue(Dates.isValid(date), () -> "isValid(" + date + ")");
            assertTrue(date > previous, "yyyymmdd order is date order");
            final long epochDay = d.toEpochDay();
            if (Dates.toEpochDay(date) != epochDay)
            {
                assertEquals(epochDay, Dates.toEpochDay(date), "toEpochDay(" + date + ")");
            }
            if (Dates.fromEpochDay(epochDay) != date)
            {
                assertEquals(date, Dates.fromEpochDay(epochDay), "fromEpochDay(" + epochDay + ")");
            }
            for (final long move : moves)
            {
                final int expected = yyyymmdd(d.plusDays(move));
                if (Dates.plusDays(date, move) != expected)
                {
                    assertEquals(expected, Dates.plusDays(date, move), "plusDays(" + date + ", " + move + ")");
                }
            }
            previous = date;
            d = d.plusDays(1);
        }
    }

    /** Random days anywhere in years 1..9999, and random moves that stay in that range. */
    @Test
    void randomFarDatesAgreeWithJavaTime()
    {
        final Random random = new Random(20260105);
        final long span = LAST_VALID_EPOCH_DAY - FIRST_VALID_EPOCH_DAY + 1;
        for (int i = 0; i < 200_000; i++)
        {
            final long epochDay = FIRST_VALID_EPOCH_DAY + Math.floorMod(random.nextLong(), span);
            final LocalDate d = LocalDate.ofEpochDay(epochDay);
            final int date = yyyymmdd(d);
            assertTrue(Dates.isValid(date), () -> "isValid(" + date + ")");
            assertEquals(epochDay, Dates.toEpochDay(date), () -> "toEpochDay(" + date + ")");
            assertEquals(date, Dates.fromEpochDay(epochDay), () -> "fromEpochDay(" + epochDay + ")");

            final long target = FIRST_VALID_EPOCH_DAY + Math.floorMod(random.nextLong(), span);
            final long move = target - epochDay; // negative about half the time
            assertEquals(yyyymmdd(d.plusDays(move)), Dates.plusDays(date, move), () -> "plusDays(" + date + ", " + move + ")");
            assertEquals(date, Dates.plusDays(Dates.plusDays(date, move), -move), "a move and its reverse");
        }
    }

    @Test
    void movesAcrossMonthYearAndLeapBoundaries()
    {
        assertEquals(20240229, Dates.plusDays(20240228, 1));
        assertEquals(20240301, Dates.plusDays(20240229, 1));
        assertEquals(20230301, Dates.plusDays(20230228, 1));
        assertEquals(20270101, Dates.plusDays(20261231, 1));
        assertEquals(20261231, Dates.plusDays(20270101, -1));
        assertEquals(21000301, Dates.plusDays(21000228, 1));
        assertEquals(20000229, Dates.plusDays(20000228, 1));
        assertEquals(19691231, Dates.plusDays(19700101, -1));
        assertEquals(20260105, Dates.plusDays(20260105, 0));
        assertEquals(20250105, Dates.plusDays(20260105, -365));
    }
}
