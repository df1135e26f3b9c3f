package io.settlement.metrics;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import io.settlement.engine.pipeline.PipelineMetrics;
import org.HdrHistogram.Histogram;

/**
 * {@code settlement_command_latency_seconds}: the pipeline's latency histogram ({@link
 * PipelineMetrics#drainLatency}, HdrHistogram, recorded by stage 3 without allocation) exposed as a
 * Prometheus histogram with fixed buckets. Each scrape drains what stage 3 recorded since the
 * last into a cumulative histogram and reads the buckets from it (counts within HdrHistogram's 1%).
 */
final class LatencyCollector implements Collector
{
    static final String NAME = "settlement_command_latency_seconds";
    /** Bucket upper bounds, seconds: 10 us to 10 s. */
    static final double[] BOUNDS_SECONDS = {
        0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
        5, 10, Double.POSITIVE_INFINITY};

    private final PipelineMetrics metrics;
    private final Histogram cumulative = new Histogram(1, PipelineMetrics.LATENCY_MAX_NS, 2);

    LatencyCollector(final PipelineMetrics metrics)
    {
        this.metrics = metrics;
    }

    @Override
    public String getPrometheusName()
    {
        return NAME;
    }

    @Override
    public synchronized MetricSnapshot collect()
    {
        metrics.drainLatency(cumulative);
        final long[] counts = new long[BOUNDS_SECONDS.length];
        long below = 0;
        for (int i = 0; i < BOUNDS_SECONDS.length; i++)
        {
            final long upTo = i == BOUNDS_SECONDS.length - 1
                ? cumulative.getTotalCount()
                : cumulative.getCountBetweenValues(0, (long)(BOUNDS_SECONDS[i] * 1e9));
            counts[i] = upTo - below; // per bucket, not cumulative: the model adds them up
            below = upTo;
        }
        return HistogramSnapshot.builder()
            .name(NAME)
            .help("Time from a command's stamp in the journal stage to its last outcome read by the publish stage")
            .unit(Unit.SECONDS)
            .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                .classicHistogramBuckets(ClassicHistogramBuckets.of(BOUNDS_SECONDS, counts))
                .sum(cumulative.getMean() * cumulative.getTotalCount() / 1e9)
                .build())
            .build();
    }
}
