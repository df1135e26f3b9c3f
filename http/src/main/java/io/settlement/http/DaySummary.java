package io.settlement.http;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import io.settlement.engine.Dates;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Event;
import io.settlement.protocol.wire.DealStatus;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.Reason;

/**
 * The day at a glance, for operations and risk, kept as the read model's engine produces its outcomes:
 * what is pending by currency, which deals are failing (pending, their last settlement attempt failed)
 * and why, what settled today (reset at each date roll) and each cycle of the day, for the chart. A
 * summary costs what is failing, not every live deal: the console asks for one every second.
 *
 * <p>Seeded once from the engine's state when the read model starts (it may start from a snapshot);
 * then fed by the follower's outcomes, on its thread, under its lock. "Today" counts from the later of
 * the read model's start and the last date roll: a node restarted mid-day reports what settled since.
 */
final class DaySummary
{
    /** Cycles of the day kept for the chart. */
    private static final int CYCLES_KEPT = 1000;
    /** Failing deals listed oldest first in a summary. */
    private static final int OLDEST_LISTED = 20;

    /** One cycle: when, what it settled, and the value it moved per currency. */
    record Cycle(long sequence, long timestampMs, long attempted, long settled, long failed, Map<Integer, String> value)
    {
    }

    /** A failing deal, as its last failed attempt left it. */
    private record Failing(long dealId, long buyerId, long sellerId, int securityId, int currency, long quantity, long cashAmount,
        int settlementDate, Reason reason, Map<String, Object> json)
    {
    }

    private final SettlementEngine engine;
    /** The engine's instruments, copied again when one is created: the decimals of the failing deals. */
    private InstrumentUnits units = InstrumentUnits.NONE;
    private final Map<Integer, long[]> pendingByCurrency = new TreeMap<>();
    private final Map<Long, Failing> failing = new TreeMap<>();
    private final Map<Integer, long[]> settledByCurrency = new TreeMap<>();
    private final Map<Integer, BigInteger> settledValueByCurrency = new TreeMap<>();
    private final Deque<Cycle> cycles = new ArrayDeque<>();
    private long settledToday;
    private long failedAttemptsToday;
    private long cancelledToday;
    private long timestampMs;
    /** The value the cycle being reported settled per currency (CYCLE_SETTLED_VALUE comes before CYCLE_COMPLETED). */
    private final Map<Integer, String> cycleValue = new TreeMap<>();

    /** Seeds the pending and failing deals from the engine's state (one pass over its live deals). */
    DaySummary(final SettlementEngine engine)
    {
        this.engine = engine;
        engine.forEachDealAfter(0, e ->
        {
            if (e.dealStatus == DealStatus.PENDING.value())
            {
                add(pendingByCurrency, currency(e), 1, e.cashAmount);
                if (e.reason != null && e.reason != Reason.OK)
                {
                    failing.put(e.dealId, failing(e));
                }
            }
            return true;
        });
    }

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
                cancelledToday = 0;
            }
            case DEAL_ACCEPTED ->
            {
                if (e.count != 1) // not an idempotent repeat
                {
                    add(pendingByCurrency, currency(e), 1, e.cashAmount);
                }
            }
            case DEAL_SETTLED ->
            {
                final int currency = currency(e);
                add(pendingByCurrency, currency, -1, -e.cashAmount);
                failing.remove(e.dealId);
                settledToday++;
                settledByCurrency.computeIfAbsent(currency, k -> new long[1])[0]++;
                if (e.dealType == DealType.DVP.value())
                {
                    settledValueByCurrency.merge(e.currencyId, BigInteger.valueOf(e.cashAmount), BigInteger::add);
                }
            }
            case DEAL_CANCELLED ->
            {
                cancelledToday++;
                failing.remove(e.dealId);
                final Event deal = lookUp(e.dealId); // the event names the deal only; the engine still holds it
                if (deal != null)
                {
                    add(pendingByCurrency, currency(deal), -1, -deal.cashAmount);
                }
            }
            case DEAL_SETTLEMENT_FAILED ->
            {
                failedAttemptsToday++;
                final Event deal = lookUp(e.dealId);
                if (deal != null)
                {
                    failing.put(e.dealId, failing(deal));
                }
            }
            case CYCLE_SETTLED_VALUE -> cycleValue.put(e.currencyId, e.wideAmount().toString());
            case CYCLE_COMPLETED ->
            {
                cycles.addLast(new Cycle(e.sequence, timestampMs, e.attempted, e.settled, e.failed, Map.copyOf(cycleValue)));
                cycleValue.clear();
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

    /** The day as JSON (O(failing deals + currencies)). */
    Map<String, Object> toJson()
    {
        final int today = engine.businessDate();
        final Map<Integer, long[]> failingByCurrency = new TreeMap<>();
        final Map<String, long[]> failsByReason = new TreeMap<>();
        final Map<String, long[]> failsByAge = new TreeMap<>();
        final Map<String, long[]> needed = new TreeMap<>();
        for (final Failing f : failing.values())
        {
            add(failingByCurrency, f.currency(), 1, f.cashAmount());
            final long[] byReason = failsByReason.computeIfAbsent(f.reason().name() + "/" + f.currency(), k -> new long[3]);
            byReason[0]++;
            byReason[1] += f.cashAmount();
            byReason[2] = f.currency();
            failsByAge.computeIfAbsent(ageBucket(age(today, f.settlementDate())), k -> new long[1])[0]++;
            if (f.reason() == Reason.INSUFFICIENT_CASH)
            {
                needed.computeIfAbsent(f.buyerId() + "/" + f.currency(), k -> new long[] {f.buyerId(), f.currency(), 0})[2] += f.cashAmount();
            }
            else if (f.reason() == Reason.INSUFFICIENT_SECURITIES)
            {
                needed.computeIfAbsent(f.sellerId() + "/" + f.securityId(), k -> new long[] {f.sellerId(), f.securityId(), 0})[2] += f.quantity();
            }
        }

        if (engine.instrumentCount() != units.size())
        {
            units = InstrumentUnits.of(engine);
        }
        final Map<String, Object> day = new LinkedHashMap<>();
        day.put("businessDate", Json.isoDate(today));
        day.put("readSequence", engine.lastSequence());
        final List<Map<String, Object>> currencies = new ArrayList<>();
        final TreeSet<Integer> keys = new TreeSet<>(pendingByCurrency.keySet());
        keys.addAll(settledByCurrency.keySet());
        for (final int currency : keys)
        {
            final long[] p = pendingByCurrency.getOrDefault(currency, new long[2]);
            final long[] f = failingByCurrency.getOrDefault(currency, new long[2]);
            final long settledCount = settledByCurrency.getOrDefault(currency, new long[1])[0];
            if (p[0] == 0 && settledCount == 0)
            {
                continue;
            }
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("currencyId", currency == 0 ? null : currency);
            row.put("pendingDeals", p[0]);
            row.put("pendingValue", p[1]);
            row.put("failingDeals", f[0]);
            row.put("failingValue", f[1]);
            row.put("settledDeals", settledCount);
            row.put("settledValue", settledValueByCurrency.getOrDefault(currency, BigInteger.ZERO).toString());
            // the same values as people read them, in the currency's own minor units (null for free of payment)
            row.put("currencyCode", units.code(currency));
            row.put("pendingValueDecimal", units.decimal(currency, p[1]));
            row.put("failingValueDecimal", units.decimal(currency, f[1]));
            final InstrumentUnits.Unit unit = units.get(currency);
            row.put("settledValueDecimal", unit == null ? null
                : io.settlement.engine.api.Decimals.format(settledValueByCurrency.getOrDefault(currency, BigInteger.ZERO), unit.minorUnits()));
            // efficiency: of the deals that were due today and attempted, the share that settled (by count)
            row.put("efficiency", settledCount + f[0] == 0 ? null : (double)settledCount / (settledCount + f[0]));
            currencies.add(row);
        }
        day.put("byCurrency", currencies);
        day.put("settledToday", settledToday);
        day.put("failedAttemptsToday", failedAttemptsToday);
        day.put("cancelledToday", cancelledToday);
        final List<Map<String, Object>> reasons = new ArrayList<>();
        failsByReason.forEach((key, v) ->
        {
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("reason", key.substring(0, key.indexOf('/')));
            row.put("currencyId", v[2] == 0 ? null : v[2]);
            row.put("deals", v[0]);
            row.put("value", v[1]);
            row.put("currencyCode", v[2] == 0 ? null : units.code((int)v[2]));
            row.put("valueDecimal", v[2] == 0 ? null : units.decimal((int)v[2], v[1]));
            reasons.add(row);
        });
        day.put("failsByReason", reasons);
        final List<Map<String, Object>> ages = new ArrayList<>();
        failsByAge.forEach((age, v) -> ages.add(row("age", age, "deals", v[0])));
        day.put("failsByAge", ages);
        final List<Map<String, Object>> shortfalls = new ArrayList<>();
        for (final long[] n : needed.values())
        {
            final long balance = engine.balance(n[0], (int)n[1]);
            if (n[2] > balance)
            {
                final Map<String, Object> row = row("participantId", n[0], "instrumentId", n[1]);
                row.put("needed", n[2]);
                row.put("balance", balance);
                row.put("short", n[2] - balance);
                row.put("code", units.code((int)n[1]));
                row.put("neededDecimal", units.decimal((int)n[1], n[2]));
                row.put("balanceDecimal", units.decimal((int)n[1], balance));
                row.put("shortDecimal", units.decimal((int)n[1], n[2] - balance));
                shortfalls.add(row);
            }
        }
        day.put("shortfalls", shortfalls);
        final List<Map<String, Object>> oldest = new ArrayList<>();
        failing.values().stream().sorted(Comparator.comparingInt(Failing::settlementDate).thenComparingLong(Failing::dealId))
            .limit(OLDEST_LISTED).forEach(f ->
            {
                final Map<String, Object> deal = new LinkedHashMap<>(f.json());
                deal.put("ageDays", age(today, f.settlementDate()));
                oldest.add(deal);
            });
        day.put("oldestFails", oldest);
        final List<Map<String, Object>> chart = new ArrayList<>();
        for (final Cycle c : cycles)
        {
            final Map<String, Object> row = row("sequence", c.sequence(), "atMs", c.timestampMs());
            row.put("attempted", c.attempted());
            row.put("settled", c.settled());
            row.put("failed", c.failed());
            final Map<String, String> value = new TreeMap<>();
            c.value().forEach((currency, amount) -> value.put(Integer.toString(currency), amount));
            row.put("settledValue", value);
            chart.add(row);
        }
        day.put("cycles", chart);
        return day;
    }

    /** The deal as the engine holds it now, or null (no longer in memory). */
    private Event lookUp(final long dealId)
    {
        final Event[] found = {null};
        engine.forEachDealAfter(dealId - 1, d ->
        {
            if (d.dealId == dealId)
            {
                found[0] = new Event().copyFrom(d);
            }
            return false;
        });
        return found[0];
    }

    private Failing failing(final Event e)
    {
        if (engine.instrumentCount() != units.size())
        {
            units = InstrumentUnits.of(engine);
        }
        return new Failing(e.dealId, e.buyerId, e.sellerId, e.securityId, currency(e), e.quantity, e.cashAmount, e.settlementDate,
            e.reason, Json.deal(e, units));
    }

    /** The currency a deal moves (0: free of payment). */
    private static int currency(final Event e)
    {
        return e.dealType == DealType.FOP.value() ? 0 : e.currencyId;
    }

    private static long age(final int today, final int settlementDate)
    {
        return today == 0 ? 0 : Math.max(0, Dates.toEpochDay(today) - Dates.toEpochDay(settlementDate));
    }

    private static String ageBucket(final long days)
    {
        return days == 0 ? "0 days" : days == 1 ? "1 day" : days <= 5 ? "2-5 days" : "over 5 days";
    }

    private static void add(final Map<Integer, long[]> sums, final int currency, final long count, final long value)
    {
        final long[] sum = sums.computeIfAbsent(currency, k -> new long[2]);
        sum[0] += count;
        sum[1] += value;
    }

    private static Map<String, Object> row(final String k1, final Object v1, final String k2, final Object v2)
    {
        final Map<String, Object> row = new LinkedHashMap<>();
        row.put(k1, v1);
        row.put(k2, v2);
        return row;
    }
}
