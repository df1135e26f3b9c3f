package io.settlement.metrics;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import io.settlement.engine.api.CommandType;
import io.settlement.engine.pipeline.PipelineMetrics;
import org.HdrHistogram.Histogram;

/**
 * {@code settlement_command_latency_seconds{type=...}}: the pipeline's latency histograms, one per
 * command type ({@link PipelineMetrics#drainLatency}, HdrHistogram, recorded by stage 3 without
 * allocation), exposed as a Prometheus histogram with fixed buckets. Each scrape drains what stage 3
 * recorded since the last into a cumulative histogram per type and reads the buckets from it (counts
 * within HdrHistogram's 1%). A type never sent has no series.
 */
final class LatencyCollector implements Collector
{
    static final String NAME = "settlement_command_latency_seconds";
    /** Bucket upper bounds, seconds: 10 us to 10 s. */
    static final double[] BOUNDS_SECONDS = {
        0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
        5, 10, Double.POSITIVE_INFINITY};

    private static final CommandType[] TYPES = CommandType.values();

    private final PipelineMetrics metrics;
    /** Per command type, in the order of {@link #TYPES}. */
    private final Histogram[] cumulative = new Histogram[TYPES.length];

    LatencyCollector(final PipelineMetrics metrics)
    {
        this.metrics = metrics;
        for (int i = 0; i < TYPES.length; i++)
        {
            cumulative[i] = new Histogram(1, PipelineMetrics.LATENCY_MAX_NS, 2);
        }
    }

    @Override
    public String getPrometheusName()
    {
        return NAME;
    }

    @Override
    public synchronized MetricSnapshot collect()
    {
        final HistogramSnapshot.Builder snapshot = HistogramSnapshot.builder()
            .name(NAME)
            .help("Time from a command's stamp in the journal stage to its last outcome read by the publish stage, by command type")
            .unit(Unit.SECONDS);
        for (int t = 0; t < TYPES.length; t++)
        {
            final Histogram histogram = cumulative[t];
            metrics.drainLatency(TYPES[t], histogram);
            if (histogram.getTotalCount() == 0)
            {
                continue; // a type never sent has no series
            }
            final long[] counts = new long[BOUNDS_SECONDS.length];
            long below = 0;
            for (int i = 0; i < BOUNDS_SECONDS.length; i++)
            {
                final long upTo = i == BOUNDS_SECONDS.length - 1
                    ? histogram.getTotalCount()
                    : histogram.getCountBetweenValues(0, (long)(BOUNDS_SECONDS[i] * 1e9));
                counts[i] = upTo - below; // per bucket, not cumulative: the model adds them up
                below = upTo;
            }
            snapshot.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                .labels(Labels.of("type", TYPES[t].name()))
                .classicHistogramBuckets(ClassicHistogramBuckets.of(BOUNDS_SECONDS, counts))
                .sum(histogram.getMean() * histogram.getTotalCount() / 1e9)
                .build());
        }
        return snapshot.build();
    }
}
