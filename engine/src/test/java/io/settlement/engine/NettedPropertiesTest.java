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
    /** Over the streams with holds and terms: what of the netted paths with units, parts and holds they took. */
    private static final AtomicLong GROUPS_SETTLED_NETTED = new AtomicLong();
    private static final AtomicLong REMAINDERS_SETTLED_NETTED = new AtomicLong();
    private static final AtomicLong UNITS_REMOVED = new AtomicLong();
    private static final AtomicLong REMOVED_PARTS_SETTLED = new AtomicLong();
    private static final AtomicLong HELD_SKIPS = new AtomicLong();
    private static final AtomicLong FINISHED_HOLD_STREAMS = new AtomicLong();

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

    static LongStream holdSeeds()
    {
        return Seeds.of("nettedCyclesWithHoldsLinksAndPartsMatchTheModel", 10);
    }

    /**
     * Netted and gross cycles mixed with holds and releases, linked groups and partial terms, and the
     * business calendar: a netted cycle's units are whole groups, a held member keeps its unit out, a
     * partly settled deal nets its remainder, and a removed partial-allowed deal may settle a part in the
     * gross pass (the model predicts every outcome). The stream is the hold stream of the same seed with
     * cycle modes drawn from a Random of their own.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("holdSeeds")
    void nettedCyclesWithHoldsLinksAndPartsMatchTheModel(final long seed)
    {
        final CheckedRun run = new CheckedRun(seed, RandomCommands.retentionFor(seed), false, true, true, true, true);
        run.generator.withCycleModes(seed);
        for (int i = 0; i < 3_000; i++)
        {
            run.step(5);
        }
        run.finish();
        GROUPS_SETTLED_NETTED.addAndGet(run.model.nettedGroupsSettled);
        REMAINDERS_SETTLED_NETTED.addAndGet(run.model.nettedRemaindersSettled);
        UNITS_REMOVED.addAndGet(run.model.nettedUnitsRemoved);
        REMOVED_PARTS_SETTLED.addAndGet(run.model.nettedRemovedPartsSettled);
        HELD_SKIPS.addAndGet(run.model.nettedHeldSkips);
        FINISHED_HOLD_STREAMS.incrementAndGet();
    }

    @AfterAll
    static void somethingSettled()
    {
        if (FINISHED_STREAMS.get() >= 10)
        {
            assertTrue(SETTLED_IN_CYCLES.get() > 0, "no cycle of any stream settled a deal: the settling paths went untested");
        }
        if (FINISHED_HOLD_STREAMS.get() >= 10)
        {
            assertTrue(GROUPS_SETTLED_NETTED.get() > 0, "no linked group settled in a netted set");
            assertTrue(REMAINDERS_SETTLED_NETTED.get() > 0, "no partly settled deal settled its remainder in a netted set");
            assertTrue(UNITS_REMOVED.get() > 0, "no netted cycle removed a unit");
            assertTrue(REMOVED_PARTS_SETTLED.get() > 0, "no removed deal settled a part in the gross pass");
            assertTrue(HELD_SKIPS.get() > 0, "no netted cycle left out a unit with a held member");
        }
    }
}
