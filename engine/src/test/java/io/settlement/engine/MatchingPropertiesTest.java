package io.settlement.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random command streams with two-sided matching in them ({@link RandomMatchingCommands}: instructions and
 * their counterparts, cash within and just outside the tolerance, cancels, queries, tolerances and short
 * expiry periods) among deals with linked and partial terms, holds, the business calendar and, in one
 * test, netted cycles; each checked command by command against the {@link ReferenceModel} by a
 * {@link CheckedRun} (which predicts every acceptance, allegement, match, refused match, expiry and
 * cancel, the purge of ended instructions past the retention period at the date rolls, the refusal of a
 * retired clientRef, the matched deals' settlement with their link groups, and checks the invariants: balances sum
 * to supply, nothing negative, utilisation equals pending exposure). At the end the state survives a
 * snapshot and a replay of the same stream gives the same state and events.
 */
class MatchingPropertiesTest
{
    private static final AtomicLong MATCHED = new AtomicLong();
    private static final AtomicLong TOLERANCE_MATCHES = new AtomicLong();
    private static final AtomicLong REFUSED = new AtomicLong();
    private static final AtomicLong EXPIRED = new AtomicLong();
    private static final AtomicLong CANCELLED = new AtomicLong();
    private static final AtomicLong PURGED = new AtomicLong();
    private static final AtomicLong RETIRED_REPEATS = new AtomicLong();
    private static final AtomicLong PURGED_LOOKUPS = new AtomicLong();
    private static final AtomicLong FINISHED_STREAMS = new AtomicLong();

    static LongStream seeds()
    {
        return Seeds.of("matchingStreamsFollowTheModel", 10);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void matchingStreamsFollowTheModel(final long seed) throws IOException
    {
        checkMatchingStream(seed, false);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void matchingWithNettedCyclesFollowsTheModel(final long seed) throws IOException
    {
        checkMatchingStream(seed, true);
    }

    private static void checkMatchingStream(final long seed, final boolean netted) throws IOException
    {
        final int retain = RandomCommands.retentionFor(seed);
        final CheckedRun run = new CheckedRun(seed, retain, false, true, true, true, true).withMatching();
        final CheckedRun replay = new CheckedRun(seed, retain, false, true, true, true, true).withMatching();
        if (netted)
        {
            run.generator.withCycleModes(seed);
            replay.generator.withCycleModes(seed);
        }
        for (int i = 0; i < 3_000; i++)
        {
            run.step(5);
            replay.step(1_000);
        }
        run.finish();
        replay.finish();
        assertEquals(run.engine.stateHash(), replay.engine.stateHash(), "the same stream, the same state");
        assertEquals(run.engine.eventHash(), replay.engine.eventHash(), "the same stream, the same events");

        final SettlementEngine restored = EngineSnapshot.read(
            new ByteArrayInputStream(SnapshotPropertiesTest.snapshot(run.engine)), new EngineConfig());
        assertEquals(run.engine.stateHash(), restored.stateHash());
        assertEquals(java.util.List.of(), restored.checkInvariants());
        final ModelMatching m = run.model.matching;
        MATCHED.addAndGet(m.matched);
        TOLERANCE_MATCHES.addAndGet(m.toleranceMatches);
        REFUSED.addAndGet(m.refusedMatches);
        EXPIRED.addAndGet(m.expired);
        CANCELLED.addAndGet(m.cancelled);
        PURGED.addAndGet(m.purged);
        RETIRED_REPEATS.addAndGet(m.retiredRepeats);
        PURGED_LOOKUPS.addAndGet(m.purgedLookups);
        FINISHED_STREAMS.incrementAndGet();
    }

    /** Over all the streams, every path of matching must have been taken, or the checks saw nothing. */
    @AfterAll
    static void everyPathWasTaken()
    {
        if (FINISHED_STREAMS.get() >= 20)
        {
            assertTrue(MATCHED.get() > 0, "no instruction matched");
            assertTrue(TOLERANCE_MATCHES.get() > 0, "no match within a non-zero tolerance");
            assertTrue(REFUSED.get() > 0, "no match was refused by a limit");
            assertTrue(EXPIRED.get() > 0, "no instruction expired");
            assertTrue(CANCELLED.get() > 0, "no instruction was cancelled");
            assertTrue(PURGED.get() > 0, "no ended instruction was purged");
            assertTrue(RETIRED_REPEATS.get() > 0, "no clientRef of a purged instruction was repeated");
            assertTrue(PURGED_LOOKUPS.get() > 0, "no purged instruction was queried or cancelled");
        }
        System.out.println("matching streams: " + FINISHED_STREAMS + ", matched " + MATCHED + " (" + TOLERANCE_MATCHES
            + " within a tolerance), refused " + REFUSED + ", expired " + EXPIRED + ", cancelled " + CANCELLED + ", purged " + PURGED
            + " (" + RETIRED_REPEATS + " clientRefs repeated after, " + PURGED_LOOKUPS + " queried or cancelled after)");
    }
}
