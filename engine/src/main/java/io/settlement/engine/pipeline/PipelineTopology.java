package io.settlement.engine.pipeline;

/**
 * How many threads run the pipeline ({@code settlement.pipeline.topology}). Both keep the same
 * order (journal a batch, make it durable, apply it, publish its outcomes), the same fail-stop rules
 * and the same outward behaviour; they differ in how many cores they keep busy.
 */
public enum PipelineTopology
{
    /**
     * Three stage threads (journal, engine, publish) behind the Disruptor ring, each working on a
     * different batch at once: the most throughput where each has a core of its own (and the
     * producers, gateway event loops, have theirs).
     */
    STAGED,
    /**
     * One duty-cycle agent (Agrona {@code AgentRunner} and idle strategy): it takes the batch
     * waiting in the ring, journals it (and makes it durable), applies it and publishes its outcomes,
     * then takes the next. No hand-off between threads, and one busy thread instead of three: for
     * machines with few cores.
     */
    SINGLE;

    /** Cores below which {@link #SINGLE} is the default: three stage threads and the producers need four at least. */
    public static final int STAGED_MIN_PROCESSORS = 4;

    /** The default for a machine with {@code processors} cores: {@link #STAGED} from {@value #STAGED_MIN_PROCESSORS} up, else {@link #SINGLE}. */
    public static PipelineTopology forProcessors(final int processors)
    {
        return processors >= STAGED_MIN_PROCESSORS ? STAGED : SINGLE;
    }
}
