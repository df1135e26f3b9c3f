package io.settlement.http;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.settlement.engine.Dates;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Event;
import io.settlement.protocol.wire.DealStatus;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.Reason;

/**
 * The day at a glance, for operations and risk: what settled today (counted from the outcomes the
 * read model's engine produces as it follows the journal, reset at each date roll), each cycle of the
 * day (for the throughput chart), and, read from the state when asked, what is pending and what is
 * failing: by reason, by age in days past the settlement date, and who is short of which cash or
 * securities. Used on the read model's thread only (under its lock).
 *
 * <p>"Today" counts from the later of the read model's start and the last date roll: a node restarted
 * mid-day reports what settled since.
 */
final class DaySummary
{
    /** Cycles of the day kept for the chart. */
    private static final int CYCLES_KEPT = 1000;

    /** One cycle: when, and what it settled. */
    record Cycle(long sequence, long timestampMs, long attempted, long settled, long failed)
    {
    }

    private final Map<Integer, long[]> settledByCurrency = new TreeMap<>();
    private final Map<Integer, BigInteger> settledValueByCurrency = new TreeMap<>();
    private final Deque<Cycle> cycles = new ArrayDeque<>();
    private long settledToday;
    private long failedAttemptsToday;
    private long timestampMs;

    /** The command being applied was stamped at this time (its journal record's). */
    void command(final long timestampNs)
    {
        this.timestampMs = timestampNs / 1_000_000;
    }

    void onEvent(final Event e)
    {
        switch (e.type)
        {
            case BUSINESS_DATE_ADVANCED ->
            {
                settledByCurrency.clear();
                settledValueByCurrency.clear();
                cycles.clear();
                settledToday = 0;
                failedAttemptsToday = 0;
            }
            case DEAL_SETTLED ->
            {
                settledToday++;
                settledByCurrency.computeIfAbsent(e.dealType == DealType.FOP.value() ? 0 : e.currencyId, k -> new long[1])[0]++;
                if (e.dealType == DealType.DVP.value())
                {
                    settledValueByCurrency.merge(e.currencyId, BigInteger.valueOf(e.cashAmount), BigInteger::add);
                }
            }
            case DEAL_SETTLEMENT_FAILED -> failedAttemptsToday++;
            case CYCLE_COMPLETED ->
            {
                cycles.addLast(new Cycle(e.sequence, timestampMs, e.attempted, e.settled, e.failed));
                if (cycles.size() > CYCLES_KEPT)
                {
                    cycles.removeFirst();
                }
            }
            default ->
            {
            }
        }
    }

    /** The day as JSON: the counters above plus a scan of the live deals (O(live deals)). */
    Map<String, Object> toJson(final SettlementEngine engine)
    {
        final int today = engine.businessDate();
        final Map<Integer, long[]> pending = new TreeMap<>();
        final Map<Integer, long[]> failing = new TreeMap<>();
        final Map<String, long[]> failsByReason = new TreeMap<>();
        final Map<String, long[]> failsByAge = new TreeMap<>();
        final Map<String, long[]> needed = new TreeMap<>();
        final long[] cancelled = {0};
        final List<Map<String, Object>> oldest = new ArrayList<>();
        engine.forEachDealAfter(0, e ->
        {
            final int currency = e.dealType == DealType.FOP.value() ? 0 : e.currencyId;
            if (e.dealStatus == DealStatus.CANCELLED.value())
            {
                cancelled[0]++;
            }
            if (e.dealStatus != DealStatus.PENDING.value())
            {
                return true;
            }
            add(pending, currency, e.cashAmount);
            if (e.reason == null || e.reason == Reason.OK)
            {
                return true;
            }
            add(failing, currency, e.cashAmount);
            final long[] byReason = failsByReason.computeIfAbsent(e.reason.name() + "/" + currency, k -> new long[3]);
            byReason[0]++;
            byReason[1] += e.cashAmount;
            byReason[2] = currency;
            final long age = today == 0 ? 0 : Math.max(0, Dates.toEpochDay(today) - Dates.toEpochDay(e.settlementDate));
            failsByAge.computeIfAbsent(age == 0 ? "0 days" : age == 1 ? "1 day" : age <= 5 ? "2-5 days" : "over 5 days",
                k -> new long[1])[0]++;
            if (e.reason == Reason.INSUFFICIENT_CASH)
            {
                needed.computeIfAbsent(e.buyerId + "/" + e.currencyId, k -> new long[] {e.buyerId, e.currencyId, 0})[2] += e.cashAmount;
            }
            else if (e.reason == Reason.INSUFFICIENT_SECURITIES)
            {
                needed.computeIfAbsent(e.sellerId + "/" + e.securityId, k -> new long[] {e.sellerId, e.securityId, 0})[2] += e.quantity;
            }
            if (oldest.size() < 20)
            {
                final Map<String, Object> deal = Json.deal(e);
                deal.put("ageDays", age);
                oldest.add(deal);
            }
            return true;
        });

        final Map<String, Object> day = new LinkedHashMap<>();
        day.put("businessDate", Json.isoDate(today));
        day.put("readSequence", engine.lastSequence());
        final List<Map<String, Object>> currencies = new ArrayList<>();
        final java.util.Set<Integer> keys = new java.util.TreeSet<>(pending.keySet());
        keys.addAll(settledByCurrency.keySet());
        for (final int currency : keys)
        {
            final long[] p = pending.getOrDefault(currency, new long[2]);
            final long[] f = failing.getOrDefault(currency, new long[2]);
            final long settledCount = settledByCurrency.getOrDefault(currency, new long[1])[0];
            final BigInteger settledValue = settledValueByCurrency.getOrDefault(currency, BigInteger.ZERO);
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("currencyId", currency == 0 ? null : currency);
            row.put("pendingDeals", p[0]);
            row.put("pendingValue", p[1]);
            row.put("failingDeals", f[0]);
            row.put("failingValue", f[1]);
            row.put("settledDeals", settledCount);
            row.put("settledValue", settledValue.toString());
            // efficiency: of what was due and attempted today, the share that settled (by count)
            row.put("efficiency", settledCount + f[0] == 0 ? null : (double)settledCount / (settledCount + f[0]));
            currencies.add(row);
        }
        day.put("byCurrency", currencies);
        day.put("settledToday", settledToday);
        day.put("failedAttemptsToday", failedAttemptsToday);
        day.put("cancelledInMemory", cancelled[0]);
        final List<Map<String, Object>> reasons = new ArrayList<>();
        failsByReason.forEach((key, v) ->
        {
            final Map<String, Object> row = row("reason", key.substring(0, key.indexOf('/')), "currencyId", v[2] == 0 ? null : v[2], "deals", v[0]);
            row.put("value", v[1]);
            reasons.add(row);
        });
        day.put("failsByReason", reasons);
        final List<Map<String, Object>> ages = new ArrayList<>();
        failsByAge.forEach((age, v) -> ages.add(row("age", age, "deals", v[0], null, null)));
        day.put("failsByAge", ages);
        final List<Map<String, Object>> shortfalls = new ArrayList<>();
        for (final long[] n : needed.values())
        {
            final long balance = engine.balance(n[0], (int)n[1]);
            if (n[2] > balance)
            {
                final Map<String, Object> row = row("participantId", n[0], "instrumentId", n[1], "needed", n[2]);
                row.put("balance", balance);
                row.put("short", n[2] - balance);
                shortfalls.add(row);
            }
        }
        day.put("shortfalls", shortfalls);
        day.put("oldestFails", oldest);
        final List<Map<String, Object>> chart = new ArrayList<>();
        for (final Cycle c : cycles)
        {
            final Map<String, Object> row = row("sequence", c.sequence(), "atMs", c.timestampMs(), "attempted", c.attempted());
            row.put("settled", c.settled());
            row.put("failed", c.failed());
            chart.add(row);
        }
        day.put("cycles", chart);
        return day;
    }

    private static void add(final Map<Integer, long[]> sums, final int currency, final long value)
    {
        final long[] sum = sums.computeIfAbsent(currency, k -> new long[2]);
        sum[0]++;
        sum[1] += value;
    }

    private static Map<String, Object> row(final String k1, final Object v1, final String k2, final Object v2, final String k3, final Object v3)
    {
        final Map<String, Object> row = new LinkedHashMap<>();
        row.put(k1, v1);
        row.put(k2, v2);
        if (k3 != null)
        {
            row.put(k3, v3);
        }
        return row;
    }
}
