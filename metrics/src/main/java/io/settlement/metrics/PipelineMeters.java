package io.settlement.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.settlement.engine.api.CommandType;
import io.settlement.engine.pipeline.PipelineMetrics.DealCount;
import io.settlement.engine.pipeline.PipelineMetrics;
import io.settlement.engine.pipeline.SettlementPipeline;
import io.settlement.protocol.wire.Reason;

/** The pipeline's meters: functions over {@link PipelineMetrics} and the pipeline's sequences, read when scraped. */
final class PipelineMeters
{
    private PipelineMeters()
    {
    }

    /** The meters that exist from the start: ring, stages, outcome log, business date, latency. */
    static void register(final PrometheusMeterRegistry registry, final SettlementPipeline pipeline)
    {
        Gauge.builder("settlement.ring.slots", pipeline, SettlementPipeline::ringSize)
            .description("Slots in the ring between the producers and the journal stage").register(registry);
        Gauge.builder("settlement.ring.occupied.slots", pipeline, p -> Math.max(0, p.publishedSequence() - p.engineStageSequence()))
            .description("Commands in the ring not yet applied by the engine stage (published less applied)").register(registry);
        Gauge.builder("settlement.stage.lag.commands", pipeline, p -> Math.max(0, p.publishedSequence() - p.journalStageSequence()))
            .tag("stage", "journal").description("Commands in the ring that the stage has yet to process").register(registry);
        Gauge.builder("settlement.stage.lag.commands", pipeline, p -> Math.max(0, p.journalStageSequence() - p.engineStageSequence()))
            .tag("stage", "engine").description("Commands in the ring that the stage has yet to process").register(registry);
        Gauge.builder("settlement.outcome.log.used", pipeline, SettlementPipeline::outcomeLogBytes).baseUnit("bytes")
            .description("Outcomes the engine stage has written and the publish stage not yet read").register(registry);
        Gauge.builder("settlement.outcome.log.capacity", pipeline, SettlementPipeline::outcomeLogCapacity).baseUnit("bytes")
            .description("Capacity of the outcome log between the engine and publish stages").register(registry);
        Gauge.builder("settlement.pipeline.accepting", pipeline, p -> p.isAccepting() ? 1 : 0)
            .description("1 while the pipeline accepts commands, 0 once stopped (closed or failed)").register(registry);
        Gauge.builder("settlement.business.date", pipeline.metrics(), PipelineMetrics::businessDate)
            .description("The business date (yyyymmdd) as of the last outcome published").register(registry);
        registry.getPrometheusRegistry().register(new LatencyCollector(pipeline.metrics()));
    }

    static void commandCounter(final MeterRegistry registry, final PipelineMetrics metrics, final CommandType type, final int reason)
    {
        FunctionCounter.builder("settlement.commands", metrics, m -> m.commands(type.code(), reason))
            .tag("type", type.name())
            .tag("outcome", reason == Reason.OK.value() ? "ok" : "refused")
            .tag("reason", NodeMetrics.reasonLabel(reason))
            .description("Commands through the pipeline by type and outcome (the reason of a refusal; OK otherwise)")
            .register(registry);
    }

    static void failureCounter(final MeterRegistry registry, final PipelineMetrics metrics, final int reason)
    {
        FunctionCounter.builder("settlement.deals.settlement.failures.by.reason", metrics, m -> m.settlementFailures(reason))
            .tag("reason", NodeMetrics.reasonLabel(reason))
            .description("Failed settlement attempts by reason (the deal stays pending and is retried)").register(registry);
    }

    static void currencyMeters(final MeterRegistry registry, final PipelineMetrics metrics, final int currencyId, final String label)
    {
        deals(registry, metrics, "settlement.deals.accepted", currencyId, label, DealCount.ACCEPTED,
            "New deals accepted (an idempotent repeat is not counted again)");
        deals(registry, metrics, "settlement.deals.rejected", currencyId, label, DealCount.REJECTED, "Deals refused");
        deals(registry, metrics, "settlement.deals.settled", currencyId, label, DealCount.SETTLED, "Deals settled");
        deals(registry, metrics, "settlement.deals.settlement.failures", currencyId, label, DealCount.FAILED_ATTEMPTS,
            "Failed settlement attempts (the deal stays pending and is retried)");
        deals(registry, metrics, "settlement.deals.cancelled", currencyId, label, DealCount.CANCELLED, "Deals cancelled");
        deals(registry, metrics, "settlement.deal.parts.settled", currencyId, label, DealCount.PARTS_SETTLED,
            "Parts of partial-allowed deals settled (the rest stays pending)");
        deals(registry, metrics, "settlement.settled.value.minor", currencyId, label, DealCount.SETTLED_VALUE_MINOR,
            "Cash settled, in the currency's minor units");
        Gauge.builder("settlement.deals.pending", metrics, m -> m.pendingDeals(currencyId)).tag("currency", label)
            .description("Deals pending (accepted, neither settled nor cancelled)").register(registry);
    }

    private static void deals(
        final MeterRegistry registry, final PipelineMetrics metrics, final String name, final int currencyId, final String label,
        final DealCount kind, final String description)
    {
        FunctionCounter.builder(name, metrics, m -> m.deals(currencyId, kind)).tag("currency", label).description(description)
            .register(registry);
    }
}
