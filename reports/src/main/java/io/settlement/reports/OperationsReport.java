package io.settlement.reports;

import java.math.BigDecimal;
import java.util.List;

import io.settlement.reports.ReferenceData.Instrument;

/**
 * The day's operations report: what happened to deals on one business date, broken down by
 * participant, by security and by reason; settlement efficiency per currency; the fails still open
 * at the close by business days overdue; and the registrations and settlements per hour.
 * docs/reports.md defines every figure.
 */
public record OperationsReport(
    int businessDate,
    Counts totals,
    List<Breakdown> byParticipant,
    List<Breakdown> bySecurity,
    List<ReasonCount> byReason,
    List<Efficiency> efficiency,
    List<Aging> fails,
    List<Hour> throughput)
{
    /** The outcome buckets counted for a participant, a security or the whole day. */
    public record Counts(long registered, long settled, long failedAttempts, long failedDeals, long cancelled, long rejected)
    {
        public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0);
    }

    /** The counts of one participant (a deal counts for both its parties) or one security. */
    public record Breakdown(long id, String label, Counts counts)
    {
    }

    /** How many deals ended (REJECTED, CANCELLED) or failed an attempt (FAILED) for one reason. */
    public record ReasonCount(String outcome, String reason, long count)
    {
    }

    /**
     * Settlement efficiency in one currency: of the deals due (settlement date on or before the day,
     * still open at its start, not cancelled that day), how many settled that day, by count and by value.
     */
    public record Efficiency(Instrument currency, long dueCount, long settledCount, BigDecimal dueValueMinor, BigDecimal settledValueMinor)
    {
        /** Settled of due by count, in percent (100 when nothing was due). */
        public BigDecimal countPercent()
        {
            return percent(BigDecimal.valueOf(settledCount), BigDecimal.valueOf(dueCount));
        }

        /** Settled of due by value, in percent (100 when nothing was due). */
        public BigDecimal valuePercent()
        {
            return percent(settledValueMinor, dueValueMinor);
        }
    }

    /** Fails still open at the close, in one bucket of business days overdue, in one currency. */
    public record Aging(String bucket, Instrument currency, long deals, BigDecimal valueMinor)
    {
    }

    /** Deals registered and settled in one hour (UTC) of the day's bookings. */
    public record Hour(int hour, long registered, long settled)
    {
    }

    /** The buckets of business days overdue, in order; see {@link #bucket(int)}. */
    public static final List<String> AGING_BUCKETS = List.of("0", "1", "2-5", "6-10", "11-20", "21+");

    /** The bucket of a fail overdue by this many business days (0: due that very day). */
    public static String bucket(final int businessDaysOverdue)
    {
        if (businessDaysOverdue <= 1)
        {
            return businessDaysOverdue <= 0 ? "0" : "1";
        }
        if (businessDaysOverdue <= 5)
        {
            return "2-5";
        }
        if (businessDaysOverdue <= 10)
        {
            return "6-10";
        }
        return businessDaysOverdue <= 20 ? "11-20" : "21+";
    }

    static BigDecimal percent(final BigDecimal part, final BigDecimal whole)
    {
        if (whole.signum() == 0)
        {
            return BigDecimal.valueOf(100).setScale(2);
        }
        return part.multiply(BigDecimal.valueOf(100)).divide(whole, 2, java.math.RoundingMode.HALF_UP);
    }
}
