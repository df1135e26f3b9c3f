package io.settlement.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.settlement.engine.api.CommandType;
import io.settlement.engine.pipeline.PipelineMetrics;
import io.settlement.engine.pipeline.SettlementPipeline;
import io.settlement.gateway.GatewayCounters;
import io.settlement.gateway.GatewayServer;
import io.settlement.journal.JournalCounters;
import io.settlement.journal.SettlementNode;
import io.settlement.protocol.Codes;

/**
 * A node's metrics, health and readiness, for an HTTP server to expose ({@code /metrics},
 * {@code /health}, {@code /ready}; docs/metrics.md lists every metric). The counters themselves are
 * kept where the data passes, without allocation and off the engine thread ({@link PipelineMetrics}
 * on the publish stage, {@link JournalCounters} on the journal stages, {@link GatewayCounters} on the
 * gateway's threads); this class only reads them, when scraped, through Micrometer's Prometheus
 * registry. Nothing here runs on a stage thread.
 *
 * <p>Its life follows the node's: made before the node starts ({@code starting}), told when
 * recovery begins ({@link #recovering}), given the node once recovered ({@link #attach(SettlementNode)}:
 * {@code setting-up}), the gateway once it listens ({@link #attach(GatewayServer)}), told when the
 * node accepts commands ({@link #markReady}: {@code running}) and when it stops ({@link #markStopping},
 * {@link #markStopped}).
 *
 * <p>Thread-safe: scrapes and checks may come from any thread, at the same time.
 */
public final class NodeMetrics implements AutoCloseable
{
    /** The content type of {@link #scrape()}: the Prometheus text format, version 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private enum Phase
    {
        STARTING("starting"), RECOVERING("recovering"), SETTING_UP("setting-up"), RUNNING("running"), STOPPING("stopping"),
        STOPPED("stopped");

        final String label;

        Phase(final String label)
        {
            this.label = label;
        }
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final IntFunction<String> currencyCodes;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final Set<String> registered = new HashSet<>();
    private volatile Phase phase = Phase.STARTING;
    private volatile SettlementNode node;
    private volatile GatewayServer gateway;

    /** With currencies labelled by instrument id. */
    public NodeMetrics()
    {
        this(id -> null);
    }

    /**
     * @param currencyCodes the code of a currency instrument id ({@code "USD"}), or null when not
     * known (the label is then the id). Asked once per currency, when it first appears in a scrape.
     */
    public NodeMetrics(final IntFunction<String> currencyCodes)
    {
        this.currencyCodes = currencyCodes;
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Gauge.builder("settlement.node.ready", this, m -> m.readiness().ok() ? 1 : 0)
            .description("1 when the node accepts commands (recovered, set up, pipeline running), else 0").register(registry);
        Gauge.builder("settlement.node.healthy", this, m -> m.health().ok() ? 1 : 0)
            .description("1 while the pipeline's threads run and it has not stopped on a failure, else 0").register(registry);
    }

    // ------------------------------------------------------------------ life

    /** The node is recovering its state from the journal. */
    public void recovering()
    {
        phase = Phase.RECOVERING;
    }

    /** The node has recovered and runs its pipeline: its counters are exported from now on. */
    public synchronized void attach(final SettlementNode settlementNode)
    {
        node = settlementNode;
        phase = Phase.SETTING_UP;
        PipelineMeters.register(registry, settlementNode.pipeline());
        journalMeters("commands", settlementNode.commandJournalCounters());
        journalMeters("events", settlementNode.eventJournalCounters());
    }

    /** The gateway listens: its counters are exported from now on. */
    public synchronized void attach(final GatewayServer gatewayServer)
    {
        gateway = gatewayServer;
        GatewayMeters.register(registry, gatewayServer);
    }

    /** The node accepts commands (the configuration's set-up is applied). */
    public void markReady()
    {
        phase = Phase.RUNNING;
    }

    /** The node is stopping: not ready any more. */
    public void markStopping()
    {
        phase = Phase.STOPPING;
    }

    /** The node has stopped. */
    public void markStopped()
    {
        phase = Phase.STOPPED;
    }

    private void journalMeters(final String journal, final JournalCounters counters)
    {
        FunctionCounter.builder("settlement.journal.written", counters, JournalCounters::bytes).baseUnit("bytes")
            .tag("journal", journal).description("Bytes of journal records written").register(registry);
        FunctionCounter.builder("settlement.journal.batches", counters, JournalCounters::batches).tag("journal", journal)
            .description("Batches written to the journal, one Chronicle excerpt each").register(registry);
        FunctionCounter.builder("settlement.journal.write", counters, c -> c.writeNs() / 1e9).baseUnit("seconds")
            .tag("journal", journal).description("Time spent writing batches (and msyncing them when the node syncs every batch)")
            .register(registry);
    }

    // ------------------------------------------------------------------ reading

    /** Every metric in the Prometheus text format ({@link #CONTENT_TYPE}). */
    public String scrape()
    {
        final SettlementNode attached = node;
        if (attached != null)
        {
            registerNewSeries(attached.pipeline().metrics());
        }
        return registry.scrape(CONTENT_TYPE);
    }

    /**
     * Health (liveness): holds unless the pipeline has stopped on a failure (fail-stop), one of its
     * stage threads has ended while it should run, or the node has stopped. A node still starting
     * or recovering is healthy (alive, not yet ready).
     */
    public Status health()
    {
        final Phase now = phase;
        final SettlementNode attached = node;
        final List<String> reasons = new ArrayList<>();
        String state = now.label;
        if (attached != null)
        {
            final SettlementPipeline pipeline = attached.pipeline();
            final Throwable failure = pipeline.failure();
            if (failure != null)
            {
                state = "failed";
                reasons.add("the pipeline stopped on a failure (fail-stop): " + failure.getMessage());
            }
            if (now != Phase.STOPPED && !attached.isStopped())
            {
                for (final String thread : pipeline.stoppedStageThreads())
                {
                    reasons.add("pipeline thread " + thread + " has ended");
                }
            }
        }
        if (now == Phase.STOPPED)
        {
            reasons.add("the node has stopped");
        }
        return new Status(reasons.isEmpty(), state, List.copyOf(reasons));
    }

    /**
     * Readiness: holds once the node has recovered, applied its set-up and accepts commands, while
     * it is healthy; not while it starts, recovers, sets up or stops.
     */
    public Status readiness()
    {
        final Phase now = phase;
        final Status health = health();
        final List<String> reasons = new ArrayList<>(health.reasons());
        switch (now)
        {
            case STARTING -> reasons.add("the node is starting");
            case RECOVERING -> reasons.add("the node is recovering its state from the journal");
            case SETTING_UP -> reasons.add("the node is applying its configuration");
            case STOPPING -> reasons.add("the node is stopping");
            case RUNNING ->
            {
                final SettlementNode attached = node;
                if (attached != null && !attached.pipeline().isAccepting() && health.ok())
                {
                    reasons.add("the pipeline does not accept commands");
                }
            }
            default ->
            {
            }
        }
        return new Status(reasons.isEmpty(), health.state(), List.copyOf(reasons));
    }

    /** The Micrometer registry, for meters of the caller's own (the HTTP server's, say). */
    public PrometheusMeterRegistry registry()
    {
        return registry;
    }

    /** Registers the series that have appeared since the last scrape: command outcomes, currencies. */
    private synchronized void registerNewSeries(final PipelineMetrics metrics)
    {
        for (final CommandType type : CommandType.values())
        {
            for (int reason = 0; reason < PipelineMetrics.CODES; reason++)
            {
                if (metrics.commands(type.code(), reason) > 0 && registered.add("command " + type.code() + " " + reason))
                {
                    PipelineMeters.commandCounter(registry, metrics, type, reason);
                }
            }
        }
        for (int reason = 1; reason < PipelineMetrics.CODES; reason++)
        {
            if (metrics.settlementFailures(reason) > 0 && registered.add("failure " + reason))
            {
                PipelineMeters.failureCounter(registry, metrics, reason);
            }
        }
        for (final int currencyId : metrics.currencies())
        {
            if (registered.add("currency " + currencyId))
            {
                PipelineMeters.currencyMeters(registry, metrics, currencyId, currencyLabel(currencyId));
            }
        }
        if (metrics.deals(PipelineMetrics.OTHER, PipelineMetrics.DealCount.REJECTED) > 0
            || metrics.deals(PipelineMetrics.OTHER, PipelineMetrics.DealCount.ACCEPTED) > 0)
        {
            if (registered.add("currency other"))
            {
                PipelineMeters.currencyMeters(registry, metrics, PipelineMetrics.OTHER, "other");
            }
        }
    }

    private String currencyLabel(final int currencyId)
    {
        if (currencyId == 0)
        {
            return "none";
        }
        final String code = currencyCodes.apply(currencyId);
        return code != null ? code : Integer.toString(currencyId);
    }

    /** The reason's name as the protocol spells it ({@code CREDIT_LIMIT_EXCEEDED}), or its code. */
    static String reasonLabel(final int reason)
    {
        final io.settlement.protocol.wire.Reason known = Codes.reason(reason);
        return known != null ? known.name() : Integer.toString(reason);
    }

    @Override
    public void close()
    {
        gcMetrics.close();
        registry.close();
    }
}
