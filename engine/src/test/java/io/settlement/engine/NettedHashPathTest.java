package io.settlement.engine;

import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The NETTED cycle of a market too big for its direct table of (participant, instrument) pairs finds its
 * balances in a hash map instead: the same cases and random streams, with the direct table turned off.
 */
class NettedHashPathTest
{
    private int limit;

    @BeforeEach
    void hashMapOnly()
    {
        limit = NettedSettlementCycle.directPairsLimit;
        NettedSettlementCycle.directPairsLimit = 0;
    }

    @AfterEach
    void restore()
    {
        NettedSettlementCycle.directPairsLimit = limit;
    }

    static LongStream seeds()
    {
        return Seeds.of("nettedCyclesMatchTheModelThroughTheHashMap", 5);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void nettedCyclesMatchTheModelThroughTheHashMap(final long seed)
    {
        final CheckedRun run = new CheckedRun(seed, false);
        run.generator.withCycleModes(seed);
        for (int i = 0; i < 2_000; i++)
        {
            run.step(5);
        }
        run.finish();
    }

    /** The hand-written cases, through the hash map. */
    @Nested
    class Cases extends NettedCycleTest
    {
    }
}
