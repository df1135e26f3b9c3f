package io.settlement.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import io.settlement.engine.api.CommandType;
import io.settlement.engine.api.Event;
import io.settlement.protocol.wire.Reason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random command streams with the business calendar in them ({@link RandomCalendarCommands}), each
 * checked command by command against the {@link ReferenceModel} by a {@link CheckedRun}, the
 * calendar compared with the model's at every full check; at the end the state survives a snapshot
 * and a replay of the same stream gives the same state and events.
 */
class CalendarPropertiesTest
{
    private static final AtomicLong NOT_A_BUSINESS_DAY = new AtomicLong();
    private static final AtomicLong CALENDAR_COMMANDS_ACCEPTED = new AtomicLong();
    private static final AtomicLong FINISHED_STREAMS = new AtomicLong();

    static LongStream seeds()
    {
        return Seeds.of("calendarStreamsFollowTheModel", 10);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void calendarStreamsFollowTheModel(final long seed) throws IOException
    {
        final CheckedRun run = new CheckedRun(seed, RandomCommands.retentionFor(seed), false, true);
        final CheckedRun replay = new CheckedRun(seed, RandomCommands.retentionFor(seed), false, true);
        for (int i = 0; i < 3_000; i++)
        {
            final CommandType type = run.step(5).type;
            for (final Event e : run.events.events)
            {
                if (e.reason == Reason.NOT_A_BUSINESS_DAY)
                {
                    NOT_A_BUSINESS_DAY.incrementAndGet();
                }
                else if (e.reason == Reason.OK && (type == CommandType.SET_CALENDAR || type == CommandType.SET_HOLIDAY))
                {
                    CALENDAR_COMMANDS_ACCEPTED.incrementAndGet();
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
        assertEquals(run.engine.weekendsClosed(), restored.weekendsClosed());
        assertEquals(java.util.Arrays.toString(run.engine.holidays()), java.util.Arrays.toString(restored.holidays()));
        FINISHED_STREAMS.incrementAndGet();
    }

    /** Over all the streams, the calendar must have been set and must have refused something, or the checks saw nothing. */
    @AfterAll
    static void theCalendarMattered()
    {
        if (FINISHED_STREAMS.get() >= 5)
        {
            assertTrue(CALENDAR_COMMANDS_ACCEPTED.get() > 0, "no calendar command was accepted");
            assertTrue(NOT_A_BUSINESS_DAY.get() > 0, "no command was refused NOT_A_BUSINESS_DAY");
        }
    }
}
