package io.settlement.app;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

import io.settlement.engine.BusinessCalendar;
import io.settlement.journal.Schedule;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The demo's business dates are simulated (a roll every second), so its desk must cycle and roll on
 * any day of the clock: run on a Saturday, it once waited for Monday and settled nothing while trading.
 */
final class DemoScheduleTest
{
    /** Saturday 28 November 2026, 10:00:00.050 UTC. */
    private static final long SATURDAY_MS = LocalDateTime.of(2026, 11, 28, 10, 0, 0, 50_000_000).toInstant(ZoneOffset.UTC).toEpochMilli();
    /** Monday 30 November 2026, 00:00 UTC: the first business day of the clock after it, weekends closed. */
    private static final long MONDAY_MS = LocalDateTime.of(2026, 11, 30, 0, 0).toInstant(ZoneOffset.UTC).toEpochMilli();

    private final BusinessCalendar weekendsClosed = new BusinessCalendar().weekendsClosed(true);

    @Test
    void theDemosDeskCyclesAndRollsOnASaturday()
    {
        final Schedule schedule = DemoCommand.schedule();
        assertEquals(SATURDAY_MS - 50 + DemoCommand.CYCLE_INTERVAL_MS, schedule.nextCycleAfter(SATURDAY_MS, weekendsClosed));
        assertEquals(SATURDAY_MS - 50 + 1_000, schedule.nextRollAfter(SATURDAY_MS, weekendsClosed));
    }

    @Test
    void aServersScheduleStillWaitsForTheClocksNextBusinessDay()
    {
        final Schedule schedule = new Schedule().cycleEvery(DemoCommand.CYCLE_INTERVAL_MS);
        assertEquals(MONDAY_MS, schedule.nextCycleAfter(SATURDAY_MS, weekendsClosed));
    }
}
