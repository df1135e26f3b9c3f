package io.settlement.gateway;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's security events as lines for a {@link SecurityLog}, with repeats summarised so that a
 * flood cannot make the log the bottleneck: per (kind, key), e.g. (failed logon, participant 7 from
 * 10.0.0.5), the first event of a window is written in full and the others of that window are only
 * counted, then written as one line when the window ends:
 * {@code ... and 1,234 more failed logons for participant 7 from 10.0.0.5 in the last 10 s}.
 * At most {@code maxKeys} keys are tracked per window; events for further keys are counted per kind
 * ({@code ... for other participants and addresses}). {@link #sweep} (called every second by the
 * server) writes the summaries of windows that have ended; {@link #flush} (when the server stops)
 * writes them all.
 *
 * <p>Thread-safe; lines are written outside the lock.
 */
final class SecurityEvents
{
    /** What happened; the plural names the summaries. */
    enum Kind
    {
        LOGON_OK("logon", "logons"),
        LOGON_FAILED("failed logon", "failed logons"),
        LOGON_THROTTLED("throttled logon", "throttled logons"),
        LOGON_BUSY("logon refused (verifier queue full)", "logons refused (verifier queue full)"),
        LOCKOUT("lockout", "lockouts"),
        LIFT("lockout lifted", "lockouts lifted"),
        PROTOCOL_REJECT("protocol reject", "protocol rejects"),
        SLOW_CONSUMER("slow-consumer cut", "slow-consumer cuts"),
        IDLE_TIMEOUT("idle timeout", "idle timeouts");

        final String label;
        final String plural;

        Kind(final String label, final String plural)
        {
            this.label = label;
            this.plural = plural;
        }
    }

    private static final class Window
    {
        final Kind kind;
        final String key;
        final long startMs;
        long suppressed;

        Window(final Kind kind, final String key, final long startMs)
        {
            this.kind = kind;
            this.key = key;
            this.startMs = startMs;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(SecurityEvents.class);

    private final SecurityLog sink;
    private final GatewayCounters counters;
    private final LongSupplier clockMs;
    private final long windowMs;
    private final int maxKeys;
    private final Map<String, Window> windows = new LinkedHashMap<>();
    private final Map<Kind, long[]> overflow = new EnumMap<>(Kind.class); // {count, window start}

    SecurityEvents(
        final SecurityLog sink, final GatewayCounters counters, final LongSupplier clockMs, final long windowMs, final int maxKeys)
    {
        this.sink = sink;
        this.counters = counters;
        this.clockMs = clockMs;
        this.windowMs = windowMs;
        this.maxKeys = maxKeys;
    }

    /** {@code "for participant 7 from 10.0.0.5"}, or {@code "from 10.0.0.5"} when no participant is known. */
    static String who(final long participantId, final String address)
    {
        return participantId > 0 ? "for participant " + participantId + " from " + address : "from " + address;
    }

    /** {@code "for participant 7 from 10.0.0.5"}: the id a Logon named, whatever it is. */
    static String logon(final long participantId, final String address)
    {
        return "for participant " + participantId + " from " + address;
    }

    static String time(final long epochMs)
    {
        return Instant.ofEpochMilli(epochMs).toString();
    }

    /**
     * Counts one event, and records it: {@code kind.label + " " + subject + detail} unless the same kind and subject
     * were written less than a window ago (then only counted).
     *
     * @param subject the summarising key, e.g. {@code "for participant 7 from 10.0.0.5"}.
     */
    void record(final Kind kind, final String subject, final String detail)
    {
        counters.recorded(kind);
        final List<String> lines = new ArrayList<>(2);
        final long nowMs = clockMs.getAsLong();
        synchronized (this)
        {
            final String id = kind.ordinal() + "|" + subject;
            Window window = windows.get(id);
            if (window != null && nowMs - window.startMs >= windowMs)
            {
                summarise(window, lines);
                windows.remove(id);
                window = null;
            }
            if (window != null)
            {
                window.suppressed++;
            }
            else if (windows.size() >= maxKeys)
            {
                final long[] other = overflow.computeIfAbsent(kind, k -> new long[] {0, nowMs});
                other[0]++;
            }
            else
            {
                windows.put(id, new Window(kind, subject, nowMs));
                lines.add(kind.label + " " + subject + detail);
            }
        }
        write(lines);
    }

    /**
     * Hands the lines to the sink. A sink that throws loses no line and stops nothing: the line goes to
     * this class's logger at ERROR with the sink's failure, and the gateway carries on (the logon whose
     * line it was still answered, the session still read).
     */
    private void write(final List<String> lines)
    {
        for (final String line : lines)
        {
            try
            {
                sink.write(line);
            }
            catch (final RuntimeException ex)
            {
                LOG.error("the security log refused a line, written here instead: {}", line, ex);
            }
        }
    }

    /** Writes the summaries of the windows that have ended. */
    void sweep()
    {
        sweep(false);
    }

    /** Writes every summary now, windows ended or not (when the server stops). */
    void flush()
    {
        sweep(true);
    }

    private void sweep(final boolean all)
    {
        final List<String> lines = new ArrayList<>();
        final long nowMs = clockMs.getAsLong();
        synchronized (this)
        {
            for (final Iterator<Window> it = windows.values().iterator(); it.hasNext(); )
            {
                final Window window = it.next();
                if (all || nowMs - window.startMs >= windowMs)
                {
                    summarise(window, lines, Math.min(windowMs, nowMs - window.startMs));
                    it.remove();
                }
            }
            for (final Iterator<Map.Entry<Kind, long[]>> it = overflow.entrySet().iterator(); it.hasNext(); )
            {
                final Map.Entry<Kind, long[]> other = it.next();
                if (all || nowMs - other.getValue()[1] >= windowMs)
                {
                    lines.add(String.format(Locale.ROOT, "... and %,d more %s for other participants and addresses in the last %s",
                        other.getValue()[0], other.getKey().plural, span(Math.min(windowMs, nowMs - other.getValue()[1]))));
                    it.remove();
                }
            }
        }
        write(lines);
    }

    private void summarise(final Window window, final List<String> lines)
    {
        summarise(window, lines, windowMs);
    }

    private static void summarise(final Window window, final List<String> lines, final long spanMs)
    {
        if (window.suppressed > 0)
        {
            lines.add(String.format(Locale.ROOT, "... and %,d more %s %s in the last %s",
                window.suppressed, window.kind.plural, window.key, span(spanMs)));
        }
    }

    /** {@code "10 s"}, rounded up to whole seconds from one second on. */
    private static String span(final long spanMs)
    {
        return spanMs >= 1_000 ? (spanMs + 999) / 1_000 + " s" : Math.max(spanMs, 0) + " ms";
    }
}
