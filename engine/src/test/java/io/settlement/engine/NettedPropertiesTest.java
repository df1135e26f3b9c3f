package io.settlement.engine;

import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import io.settlement.engine.api.EventType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The NETTED cycle over random command streams ({@link RandomCommands#withCycleModes}): cycles NETTED,
 * GROSS, recorded without a mode or with an unknown one, mixed with everything else, every outcome
 * checked command by command by a {@link CheckedRun} against the {@link ReferenceModel}, whose own
 * deselection ({@link ModelNetting}) shares no code with the engine. The model applies a netted set's
 * net changes and fails if any balance would go negative; the engine's invariants and the balances
 * (summing to supply, none negative) are checked as in {@link InvariantPropertiesTest}.
 *
 * <p>The seeds are fixed ({@link Seeds}); a failure names the seed and the command index.
 */
class NettedPropertiesTest
{
    /** Deals settled by netted cycles over every stream of this class; checked once all are done. */
    private static final AtomicLong SETTLED_IN_CYCLES = new AtomicLong();
    private static final AtomicLong FINISHED_STREAMS = new AtomicLong();

    static LongStream seeds()
    {
        return Seeds.of("nettedCyclesMatchTheModel", 20);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void nettedCyclesMatchTheModel(final long seed)
    {
        final CheckedRun run = new CheckedRun(seed, false);
        run.generator.withCycleModes(seed);
        for (int i = 0; i < 3_000; i++)
        {
            run.step(5);
            for (final io.settlement.engine.api.Event e : run.events.events)
            {
                if (e.type == EventType.DEAL_SETTLED)
                {
                    SETTLED_IN_CYCLES.incrementAndGet();
                }
            }
        }
        run.finish();
        FINISHED_STREAMS.incrementAndGet();
    }

    @AfterAll
    static void somethingSettled()
    {
        if (FINISHED_STREAMS.get() >= 10)
        {
            assertTrue(SETTLED_IN_CYCLES.get() > 0, "no cycle of any stream settled a deal: the settling paths went untested");
        }
    }
}
