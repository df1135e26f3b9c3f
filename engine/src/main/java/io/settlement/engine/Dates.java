package io.settlement.engine;

/**
 * Calendar arithmetic on yyyymmdd integers (proleptic Gregorian), allocation-free. Pure
 * computation: no clock, no time zone.
 */
public final class Dates
{
    private Dates()
    {
    }

    /** @return true when {@code yyyymmdd} names a real calendar day in years 1..9999. */
    public static boolean isValid(final int yyyymmdd)
    {
        final int year = yyyymmdd / 10_000;
        final int month = (yyyymmdd / 100) % 100;
        final int day = yyyymmdd % 100;
        return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
    }

    public static int daysInMonth(final int year, final int month)
    {
        switch (month)
        {
            case 2:
                return isLeapYear(year) ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    public static boolean isLeapYear(final int year)
    {
        return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    }

    /** Days since 1970-01-01 of a valid date (Howard Hinnant's days_from_civil). */
    public static long toEpochDay(final int yyyymmdd)
    {
        int year = yyyymmdd / 10_000;
        final int month = (yyyymmdd / 100) % 100;
        final int day = yyyymmdd % 100;
        year -= month <= 2 ? 1 : 0;
        final long era = Math.floorDiv(year, 400);
        final long yearOfEra = year - era * 400;
        final long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        final long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    /** The yyyymmdd of a day since 1970-01-01 (civil_from_days). */
    public static int fromEpochDay(final long epochDay)
    {
        final long z = epochDay + 719_468;
        final long era = Math.floorDiv(z, 146_097);
        final long dayOfEra = z - era * 146_097;
        final long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        final long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        final long mp = (5 * dayOfYear + 2) / 153;
        final long day = dayOfYear - (153 * mp + 2) / 5 + 1;
        final long month = mp < 10 ? mp + 3 : mp - 9;
        final long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        return (int)(year * 10_000 + month * 100 + day);
    }

    /** {@code yyyymmdd} moved by {@code days} (negative moves back). */
    public static int plusDays(final int yyyymmdd, final long days)
    {
        return fromEpochDay(toEpochDay(yyyymmdd) + days);
    }
}
