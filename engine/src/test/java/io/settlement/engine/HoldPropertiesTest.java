package io.settlement.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import io.settlement.engine.api.CommandType;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random command streams with holds and releases in them ({@link RandomHoldCommands}) and the business
 * calendar, each checked command by command against the {@link ReferenceModel} by a {@link CheckedRun}
 * (which predicts every hold, release and skipped deal). Independently of the model, the test follows
 * the held sides from the events and checks that a deal with a side held never settles nor fails in a
 * cycle. At the end the state survives a snapshot and a replay of the same stream gives the same state
 * and events.
 */
class HoldPropertiesTest
{
    private static final AtomicLong HOLDS_CHANGED = new AtomicLong();
    private static final AtomicLong HELD_SKIPS = new AtomicLong();
    private static final AtomicLong GROUPS_WAITING = new AtomicLong();
    private static final AtomicLong FINISHED_STREAMS = new AtomicLong();

    static LongStream seeds()
    {
        return Seeds.of("holdStreamsFollowTheModel", 10);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void holdStreamsFollowTheModel(final long seed) throws IOException
    {
        checkHoldStream(seed, false);
    }

    /**
     * Holds mixed with linked and partial terms: a held deal is skipped whole (no part settles), and a
     * linked group with one held member waits, none of it attempted (the model predicts every unit).
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void holdsWithLinkedAndPartialTermsFollowTheModel(final long seed) throws IOException
    {
        checkHoldStream(seed, true);
    }

    private static void checkHoldStream(final long seed, final boolean withTerms) throws IOException
    {
        final int retain = RandomCommands.retentionFor(seed);
        final CheckedRun run = new CheckedRun(seed, retain, false, true, true, withTerms, true);
        final CheckedRun replay = new CheckedRun(seed, retain, false, true, true, withTerms, true);
        final Set<Long> held = new HashSet<>();
        for (int i = 0; i < 3_000; i++)
        {
            final CommandType type = run.step(5).type;
            for (final Event e : run.events.events)
            {
                if (e.type == EventType.DEAL_HELD || e.type == EventType.DEAL_RELEASED)
                {
                    if (e.heldSides == 0)
                    {
                        held.remove(e.dealId);
                    }
                    else
                    {
                        held.add(e.dealId);
                    }
                }
                else if (type == CommandType.RUN_SETTLEMENT_CYCLE
                    && (e.type == EventType.DEAL_SETTLED || e.type == EventType.DEAL_SETTLEMENT_FAILED
                        || e.type == EventType.DEAL_PARTIALLY_SETTLED))
                {
                    assertFalse(held.contains(e.dealId), () -> "seed " + seed + ": held deal " + e.dealId + " attempted: " + e);
                }
                else if (e.type == EventType.DEAL_CANCELLED)
                {
                    held.remove(e.dealId);
                }
            }
            replay.step(1_000);
        }
        run.finish();
        replay.finish();
        assertEquals(run.engine.stateHash(), replay.engine.stateHash(), "the same stream, the same state");
        assertEquals(run.engine.eventHash(), replay.engine.eventHash(), "the same stream, the same events");

        final SettlementEngine restored = EngineSnapshot.read(
            new ByteArrayInputStream(SnapshotPropertiesTest.snapshot(run.engine)), new EngineConfig());
        assertEquals(run.engine.stateHash(), restored.stateHash());
        HOLDS_CHANGED.addAndGet(run.model.holdsChanged);
        HELD_SKIPS.addAndGet(run.model.heldSkips);
        if (withTerms)
        {
            GROUPS_WAITING.addAndGet(run.model.groupsWaitingForHeldMember);
        }
        FINISHED_STREAMS.incrementAndGet();
    }

    /** Over all the streams, sides must have been held and cycles must have skipped held deals, or the checks saw nothing. */
    @AfterAll
    static void theHoldsMattered()
    {
        if (FINISHED_STREAMS.get() >= 10)
        {
            assertTrue(HOLDS_CHANGED.get() > 0, "no hold or release changed a deal");
            assertTrue(HELD_SKIPS.get() > 0, "no cycle skipped a held deal");
            assertTrue(GROUPS_WAITING.get() > 0, "no linked group waited for a held member");
        }
    }
}
