package io.settlement.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The follow-up counters on the node's /metrics (docs/metrics.md): actions by the participant who
 * acted and the action, counted from the whole follow-up log (replayed actions included, so the totals
 * survive a restart), and the open and overdue items. Its meters leave the registry when the API closes.
 */
final class FollowUpMetrics implements FollowUps.Listener, AutoCloseable
{
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> actions = new ConcurrentHashMap<>();
    private final List<Meter> meters = new ArrayList<>();
    /** Held here: a gauge holds what it reads only weakly. */
    private Supplier<Double> overdue = () -> Double.NaN;

    FollowUpMetrics(final MeterRegistry registry)
    {
        this.registry = registry;
    }

    @Override
    public void onAction(final FollowUps.Entry entry)
    {
        final String participant = Long.toString(entry.byParticipantId());
        final String action = entry.action().name().toLowerCase(Locale.ROOT);
        actions.computeIfAbsent(participant + "/" + action, key ->
        {
            final AtomicLong count = new AtomicLong();
            synchronized (meters)
            {
                meters.add(FunctionCounter.builder("settlement.followups.actions", count, AtomicLong::get)
                    .description("fails follow-up actions, by the participant who acted and the action")
                    .tag("participant", participant).tag("action", action).register(registry));
            }
            return count;
        }).incrementAndGet();
    }

    /**
     * The gauges of open and overdue items.
     *
     * @param overdue the overdue items now (NaN when the business date cannot be read)
     */
    void gauges(final FollowUps followUps, final Supplier<Double> overdue)
    {
        this.overdue = overdue;
        synchronized (meters)
        {
            meters.add(Gauge.builder("settlement.followups.open", followUps, FollowUps::openCount)
                .description("fails follow-up items open").register(registry));
            meters.add(Gauge.builder("settlement.followups.overdue", this, metrics -> metrics.overdue.get())
                .description("fails follow-up items open past their deadline (a deadline before the business date)").register(registry));
        }
    }

    @Override
    public void close()
    {
        synchronized (meters)
        {
            meters.forEach(registry::remove);
            meters.clear();
        }
    }
}
