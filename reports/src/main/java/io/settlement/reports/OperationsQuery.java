package io.settlement.reports;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.settlement.reports.OperationsReport.Aging;
import io.settlement.reports.OperationsReport.Breakdown;
import io.settlement.reports.OperationsReport.Counts;
import io.settlement.reports.OperationsReport.Efficiency;
import io.settlement.reports.OperationsReport.Hour;
import io.settlement.reports.OperationsReport.ReasonCount;

/**
 * Reads the day's operations report from the read model, in portable SQL (H2, PostgreSQL 15):
 * every figure is a GROUP BY over {@code deal} and {@code deal_event}; the definitions are in
 * docs/reports.md ("The operations report").
 */
public final class OperationsQuery
{
    /** The outcome sums over a deal row. Every parameter of every query here is the business date. */
    private static final String OUTCOMES =
        "SUM(CASE WHEN registered_business_date = ? AND status <> 'REJECTED' THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN finished_business_date = ? AND status = 'SETTLED' THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN finished_business_date = ? AND status = 'CANCELLED' THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN registered_business_date = ? AND status = 'REJECTED' THEN 1 ELSE 0 END)";

    private static final String DEAL_COLUMNS =
        "buyer_id, seller_id, security_id, currency_id, cash_amount, settlement_date, status, registered_business_date, finished_business_date";

    /**
     * The deals registered or finished on the day, each once: two index lookups (an OR of the two
     * columns would read the whole table).
     */
    private static final String TOUCHED =
        "(SELECT " + DEAL_COLUMNS + " FROM deal WHERE registered_business_date = ?"
            + " UNION ALL SELECT " + DEAL_COLUMNS + " FROM deal WHERE finished_business_date = ? AND registered_business_date <> ?)";

    /** The deals open at the start of the day (finished on it or later, or still pending): again two index lookups. */
    private static final String OPEN_AT_START =
        "(SELECT " + DEAL_COLUMNS + " FROM deal WHERE finished_business_date >= ?"
            + " UNION ALL SELECT " + DEAL_COLUMNS + " FROM deal WHERE finished_business_date IS NULL AND status = 'PENDING')";

    /** As {@link #OPEN_AT_START}, at its close (finished after it, or still pending). */
    private static final String OPEN_AT_CLOSE =
        "(SELECT " + DEAL_COLUMNS + " FROM deal WHERE finished_business_date > ?"
            + " UNION ALL SELECT " + DEAL_COLUMNS + " FROM deal WHERE finished_business_date IS NULL AND status = 'PENDING')";

    /**
     * Registered and due by the day, over {@link #OPEN_AT_START} or {@link #OPEN_AT_CLOSE}: written as
     * differences so that no database takes them for an index range (true of nearly every deal, such
     * a range reads the whole table instead of the few deals open on the day).
     */
    private static final String NOT_AFTER = "registered_business_date - ? <= 0 AND settlement_date - ? <= 0";

    /**
     * The day's deal events ({@code e}): those of its business date, read through the primary key
     * between the date roll that opened the day and the one that closed it (or the end).
     */
    private static final String DAY_EVENTS =
        "e.business_date = ? AND e.sequence >= COALESCE((SELECT opened_sequence FROM business_day WHERE business_date = ?), 0)"
            + " AND e.sequence <= COALESCE((SELECT closed_sequence FROM business_day WHERE business_date = ?), " + Long.MAX_VALUE + ")";

    private static final String BY_PARTICIPANT =
        "SELECT party, " + OUTCOMES + " FROM ("
            + "SELECT buyer_id AS party, status, registered_business_date, finished_business_date FROM " + TOUCHED + " t"
            + " UNION ALL SELECT seller_id AS party, status, registered_business_date, finished_business_date FROM " + TOUCHED + " t"
            + " WHERE seller_id <> buyer_id) parties GROUP BY party";

    private static final String BY_SECURITY =
        "SELECT security_id, " + OUTCOMES + " FROM " + TOUCHED + " t GROUP BY security_id";

    private static final String FAILS_BY_PARTICIPANT =
        "SELECT party, COUNT(*), COUNT(DISTINCT registration_sequence) FROM ("
            + "SELECT d.buyer_id AS party, e.registration_sequence FROM deal_event e JOIN deal d ON d.registration_sequence = e.registration_sequence"
            + " WHERE e.kind = 'SETTLEMENT_FAILED' AND " + DAY_EVENTS
            + " UNION ALL SELECT d.seller_id AS party, e.registration_sequence FROM deal_event e JOIN deal d ON d.registration_sequence = e.registration_sequence"
            + " WHERE e.kind = 'SETTLEMENT_FAILED' AND " + DAY_EVENTS + " AND d.seller_id <> d.buyer_id) fails GROUP BY party";

    private static final String FAILS_BY_SECURITY =
        "SELECT d.security_id, COUNT(*), COUNT(DISTINCT e.registration_sequence) FROM deal_event e"
            + " JOIN deal d ON d.registration_sequence = e.registration_sequence"
            + " WHERE e.kind = 'SETTLEMENT_FAILED' AND " + DAY_EVENTS + " GROUP BY d.security_id";

    private static final String FAILS_TOTAL =
        "SELECT COUNT(*), COUNT(DISTINCT e.registration_sequence) FROM deal_event e WHERE e.kind = 'SETTLEMENT_FAILED' AND " + DAY_EVENTS;

    private static final String REJECTED_BY_REASON =
        "SELECT reject_reason, COUNT(*) FROM deal WHERE status = 'REJECTED' AND registered_business_date = ? GROUP BY reject_reason";

    private static final String EVENTS_BY_REASON =
        "SELECT e.kind, e.reason, COUNT(*) FROM deal_event e WHERE e.kind IN ('SETTLEMENT_FAILED', 'CANCELLED') AND " + DAY_EVENTS
            + " GROUP BY e.kind, e.reason";

    /** Due: not rejected, registered by the day, settlement date by the day, open at its start, not cancelled that day. */
    private static final String EFFICIENCY =
        "SELECT currency_id, COUNT(*), SUM(CASE WHEN status = 'SETTLED' AND finished_business_date = ? THEN 1 ELSE 0 END),"
            + " SUM(cash_amount), SUM(CASE WHEN status = 'SETTLED' AND finished_business_date = ? THEN cash_amount ELSE 0 END)"
            + " FROM " + OPEN_AT_START + " d WHERE status <> 'REJECTED' AND " + NOT_AFTER
            + " AND NOT (status = 'CANCELLED' AND finished_business_date = ?)"
            + " GROUP BY currency_id";

    /** Open at the close of the day although its settlement date has come, with the business days since it. */
    private static final String FAILS_AGING =
        "SELECT d.currency_id, d.cash_amount, (SELECT COUNT(*) FROM business_day b"
            + " WHERE b.business_date > d.settlement_date AND b.business_date <= ?) AS overdue"
            + " FROM " + OPEN_AT_CLOSE + " d WHERE d.status <> 'REJECTED' AND " + NOT_AFTER;

    private static final String REGISTERED_BY_HOUR =
        "SELECT EXTRACT(HOUR FROM registered_at), COUNT(*) FROM deal"
            + " WHERE registered_business_date = ? AND status <> 'REJECTED' GROUP BY EXTRACT(HOUR FROM registered_at)";

    private static final String SETTLED_BY_HOUR =
        "SELECT EXTRACT(HOUR FROM finished_at), COUNT(*) FROM deal"
            + " WHERE finished_business_date = ? AND status = 'SETTLED' GROUP BY EXTRACT(HOUR FROM finished_at)";

    private final ReadModelReader reader;

    public OperationsQuery(final ReadModelReader reader)
    {
        this.reader = reader;
    }

    /** The operations report of a business date (checked to exist by the caller). */
    public OperationsReport report(final int businessDate) throws SQLException
    {
        final ReferenceData reference = reader.reference();
        final Map<Long, Counts> parties = outcomes(BY_PARTICIPANT, businessDate);
        addFails(parties, FAILS_BY_PARTICIPANT, businessDate);
        final Map<Long, Counts> securities = outcomes(BY_SECURITY, businessDate);
        addFails(securities, FAILS_BY_SECURITY, businessDate);
        final List<Breakdown> byParticipant = new ArrayList<>();
        parties.forEach((id, counts) -> byParticipant.add(new Breakdown(id, reference.party(id).displayName(), counts)));
        final List<Breakdown> bySecurity = new ArrayList<>();
        securities.forEach((id, counts) -> bySecurity.add(new Breakdown(id, reference.instrument(id.intValue()).displayName(), counts)));
        return new OperationsReport(businessDate, totals(businessDate, securities.values()), byParticipant, bySecurity,
            reasons(businessDate), efficiency(businessDate), aging(businessDate), throughput(businessDate));
    }

    private Map<Long, Counts> outcomes(final String sql, final int businessDate) throws SQLException
    {
        final Map<Long, Counts> counts = new TreeMap<>();
        try (PreparedStatement statement = reader.connection().prepareStatement(sql))
        {
            bindDate(statement, sql, businessDate);
            try (ResultSet rows = statement.executeQuery())
            {
                while (rows.next())
                {
                    counts.put(rows.getLong(1), new Counts(rows.getLong(2), rows.getLong(3), 0, 0, rows.getLong(4), rows.getLong(5)));
                }
            }
        }
        return counts;
    }

    private void addFails(final Map<Long, Counts> counts, final String sql, final int businessDate) throws SQLException
    {
        try (PreparedStatement statement = reader.connection().prepareStatement(sql))
        {
            bindDate(statement, sql, businessDate);
            try (ResultSet rows = statement.executeQuery())
            {
                while (rows.next())
                {
                    final Counts old = counts.getOrDefault(rows.getLong(1), Counts.ZERO);
                    counts.put(rows.getLong(1), new Counts(old.registered(), old.settled(), rows.getLong(2), rows.getLong(3),
                        old.cancelled(), old.rejected()));
                }
            }
        }
    }

    /** The day's totals: every deal has one security, so the per-security counts add up to them. */
    private Counts totals(final int businessDate, final Iterable<Counts> securities) throws SQLException
    {
        long registered = 0;
        long settled = 0;
        long cancelled = 0;
        long rejected = 0;
        for (final Counts counts : securities)
        {
            registered += counts.registered();
            settled += counts.settled();
            cancelled += counts.cancelled();
            rejected += counts.rejected();
        }
        try (PreparedStatement statement = reader.connection().prepareStatement(FAILS_TOTAL))
        {
            bindDate(statement, FAILS_TOTAL, businessDate);
            try (ResultSet rows = statement.executeQuery())
            {
                rows.next();
                return new Counts(registered, settled, rows.getLong(1), rows.getLong(2), cancelled, rejected);
            }
        }
    }

    private List<ReasonCount> reasons(final int businessDate) throws SQLException
    {
        final Map<String, ReasonCount> reasons = new TreeMap<>();
        try (PreparedStatement statement = reader.connection().prepareStatement(REJECTED_BY_REASON))
        {
            statement.setInt(1, businessDate);
            try (ResultSet rows = statement.executeQuery())
            {
                while (rows.next())
                {
                    final String reason = orDash(rows.getString(1));
                    reasons.put("REJECTED " + reason, new ReasonCount("REJECTED", reason, rows.getLong(2)));
                }
            }
        }
        try (PreparedStatement statement = reader.connection().prepareStatement(EVENTS_BY_REASON))
        {
            bindDate(statement, EVENTS_BY_REASON, businessDate);
            try (ResultSet rows = statement.executeQuery())
            {
                while (rows.next())
                {
                    final String outcome = "SETTLEMENT_FAILED".equals(rows.getString(1)) ? "FAILED" : "CANCELLED";
                    final String reason = orDash(rows.getString(2));
                    reasons.put(outcome + " " + reason, new ReasonCount(outcome, reason, rows.getLong(3)));
                }
            }
        }
        return List.copyOf(reasons.values());
    }

    private List<Efficiency> efficiency(final int businessDate) throws SQLException
    {
        final List<Efficiency> efficiency = new ArrayList<>();
        try (PreparedStatement statement = reader.connection().prepareStatement(EFFICIENCY + " ORDER BY currency_id"))
        {
            bindDate(statement, EFFICIENCY, businessDate);
            try (ResultSet rows = statement.executeQuery())
            {
                while (rows.next())
                {
                    efficiency.add(new Efficiency(reader.reference().instrument(rows.getInt(1)), rows.getLong(2), rows.getLong(3),
                        rows.getBigDecimal(4), rows.getBigDecimal(5)));
                }
            }
        }
        return efficiency;
    }

    private List<Aging> aging(final int businessDate) throws SQLException
    {
        // bucket -> currency -> [deals, value]
        final Map<Integer, Map<Integer, BigDecimal[]>> buckets = new TreeMap<>();
        try (PreparedStatement statement = reader.connection().prepareStatement(FAILS_AGING))
        {
            bindDate(statement, FAILS_AGING, businessDate);
            statement.setFetchSize(10_000);
            try (ResultSet rows = statement.executeQuery())
            {
                while (rows.next())
                {
                    final int bucket = OperationsReport.AGING_BUCKETS.indexOf(OperationsReport.bucket(rows.getInt(3)));
                    final BigDecimal[] sums = buckets.computeIfAbsent(bucket, b -> new TreeMap<>())
                        .computeIfAbsent(rows.getInt(1), c -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                    sums[0] = sums[0].add(BigDecimal.ONE);
                    sums[1] = sums[1].add(BigDecimal.valueOf(rows.getLong(2)));
                }
            }
        }
        final List<Aging> aging = new ArrayList<>();
        buckets.forEach((bucket, currencies) -> currencies.forEach((currency, sums) -> aging.add(new Aging(
            OperationsReport.AGING_BUCKETS.get(bucket), reader.reference().instrument(currency), sums[0].longValueExact(), sums[1]))));
        return aging;
    }

    private List<Hour> throughput(final int businessDate) throws SQLException
    {
        final long[] registered = byHour(REGISTERED_BY_HOUR, businessDate);
        final long[] settled = byHour(SETTLED_BY_HOUR, businessDate);
        final List<Hour> hours = new ArrayList<>();
        for (int hour = 0; hour < 24; hour++)
        {
            if (registered[hour] > 0 || settled[hour] > 0)
            {
                hours.add(new Hour(hour, registered[hour], settled[hour]));
            }
        }
        return hours;
    }

    private long[] byHour(final String sql, final int businessDate) throws SQLException
    {
        final long[] counts = new long[24];
        try (PreparedStatement statement = reader.connection().prepareStatement(sql))
        {
            statement.setInt(1, businessDate);
            try (ResultSet rows = statement.executeQuery())
            {
                while (rows.next())
                {
                    counts[rows.getInt(1)] += rows.getLong(2);
                }
            }
        }
        return counts;
    }

    /** Binds the business date to every parameter of {@code sql} (none of its literals holds a question mark). */
    private static void bindDate(final PreparedStatement statement, final String sql, final int businessDate) throws SQLException
    {
        int parameter = 0;
        for (int i = 0; i < sql.length(); i++)
        {
            if (sql.charAt(i) == '?')
            {
                statement.setInt(++parameter, businessDate);
            }
        }
    }

    private static String orDash(final String reason)
    {
        return reason == null || reason.isBlank() ? "-" : reason;
    }
}
