package io.settlement.engine;

import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's invariants over random command streams ({@link RandomCommands}), each stream checked
 * command by command by a {@link CheckedRun} against the {@link ReferenceModel}: the engine's own
 * invariants hold after every command; an accepted deal never takes a limit account over its
 * limit; a refused command (and a query) leaves the state hash unchanged; balances never go
 * negative and per instrument sum to the deposits minus withdrawals the test saw accepted; every
 * outcome is the one the model predicts.
 *
 * <p>The seeds are fixed ({@link Seeds}); a failure names the seed and the command index.
 */
class InvariantPropertiesTest
{
    /** Deals purged over every stream this class ran; checked once all its tests are done. */
    private static final AtomicLong PURGED = new AtomicLong();

    /** Streams that ran to the end (a failing test stops its stream early). */
    private static final AtomicLong FINISHED_STREAMS = new AtomicLong();

    /** Parts settled, and linked groups settled and failed, over every stream this class ran. */
    private static final AtomicLong PARTS = new AtomicLong();
    private static final AtomicLong GROUPS_SETTLED = new AtomicLong();
    private static final AtomicLong GROUPS_FAILED = new AtomicLong();

    static LongStream shortStreams()
    {
        return Seeds.of("invariantsHoldAfterEveryCommand", 25);
    }

    static LongStream longStreams()
    {
        return Seeds.of("invariantsHoldOnLongStreams", 8);
    }

    /** Everything checked after every single command, over 2,000 commands. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("shortStreams")
    void invariantsHoldAfterEveryCommand(final long seed)
    {
        final CheckedRun run = new CheckedRun(seed, false);
        for (int i = 0; i < 2_000; i++)
        {
            run.step(1);
        }
        finish(run);
    }

    /** On longer streams (6,000 commands), with the full checks every 10th command (the per-command ones always). */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("longStreams")
    void invariantsHoldOnLongStreams(final long seed)
    {
        final CheckedRun run = new CheckedRun(seed, false);
        for (int i = 0; i < 6_000; i++)
        {
            run.step(10);
        }
        finish(run);
    }

    private static void finish(final CheckedRun run)
    {
        run.finish();
        PURGED.addAndGet(run.model.purgedTotal);
        PARTS.addAndGet(run.model.partsSettled);
        GROUPS_SETTLED.addAndGet(run.model.groupsSettled);
        GROUPS_FAILED.addAndGet(run.model.groupsFailed);
        FINISHED_STREAMS.incrementAndGet();
    }

    /**
     * Most streams have 0..2 days of retention ({@link RandomCommands#retentionFor}), so over all the streams
     * of this class the retention path must have purged something, or the checks above never saw it.
     */
    @AfterAll
    static void somethingWasPurged()
    {
        if (FINISHED_STREAMS.get() >= 10) // not when only a few streams ran, or they failed early
        {
            assertTrue(PURGED.get() > 0, "no stream ever purged a finished deal: the retention path went untested");
            // the streams give many deals linked and partial terms: each path must have been taken
            assertTrue(PARTS.get() > 0, "no part of a partial-allowed deal ever settled");
            assertTrue(GROUPS_SETTLED.get() > 0, "no linked group of two or more ever settled");
            assertTrue(GROUPS_FAILED.get() > 0, "no linked group of two or more ever failed");
            System.out.println("linked and partial settlement over " + FINISHED_STREAMS.get() + " streams: " + PARTS.get()
                + " parts settled, " + GROUPS_SETTLED.get() + " groups settled, " + GROUPS_FAILED.get() + " failed");
        }
    }
}
