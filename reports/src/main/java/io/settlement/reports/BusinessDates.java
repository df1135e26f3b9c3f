package io.settlement.reports;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Business dates as the read model stores them (an int yyyymmdd) and as people write them. */
public final class BusinessDates
{
    private static final DateTimeFormatter RUSSIAN = DateTimeFormatter.ofPattern("dd.MM.yyyy");
    private static final DateTimeFormatter MACHINE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'");
    private static final DateTimeFormatter PERSON = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private BusinessDates()
    {
    }

    public static LocalDate toLocalDate(final int yyyymmdd)
    {
        return LocalDate.of(yyyymmdd / 10_000, yyyymmdd / 100 % 100, yyyymmdd % 100);
    }

    public static int of(final LocalDate date)
    {
        return date.getYear() * 10_000 + date.getMonthValue() * 100 + date.getDayOfMonth();
    }

    /** 2026-11-27 */
    public static String iso(final int yyyymmdd)
    {
        return toLocalDate(yyyymmdd).toString();
    }

    /** A read model time (UTC) for machines: {@code 2026-11-27T09:05:00.000Z}; null stays null. */
    public static String timestamp(final java.time.LocalDateTime utc)
    {
        return utc == null ? null : MACHINE.format(utc);
    }

    /** A read model time (UTC) for people: {@code 2026-11-27 09:05:00}; null is empty. */
    public static String time(final java.time.LocalDateTime utc)
    {
        return utc == null ? "" : PERSON.format(utc);
    }

    /** 27.11.2026, the date format of the 1CClientBankExchange file. */
    public static String russian(final int yyyymmdd)
    {
        return RUSSIAN.format(toLocalDate(yyyymmdd));
    }

    /**
     * Reads a date written as {@code 2026-11-27} or {@code 20261127}.
     *
     * @throws IllegalArgumentException naming the text when it is neither
     */
    public static int parse(final String text)
    {
        final String trimmed = text.trim();
        try
        {
            if (trimmed.matches("\\d{8}"))
            {
                return of(LocalDate.parse(trimmed, DateTimeFormatter.BASIC_ISO_DATE));
            }
            return of(LocalDate.parse(trimmed));
        }
        catch (final DateTimeParseException ex)
        {
            throw new IllegalArgumentException("not a date: '" + text + "' (expected yyyy-MM-dd or yyyyMMdd)");
        }
    }
}
