package io.settlement.app;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.settlement.engine.BusinessCalendar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo's date roll waits for every deal dated from the old day, so none can arrive after the engine moved past it. */
@Timeout(30)
class DemoCalendarTest
{
    @Test
    void shouldMoveTheEngineDateOnlyOnceEveryDealDatedFromTheOldDayIsAnswered() throws Exception
    {
        final DemoCalendar calendar = new DemoCalendar(20260105, new BusinessCalendar());
        final long old = calendar.enter(); // a deal in flight, dated from 5 January
        assertEquals(20260105, calendar.day(old));

        final CompletableFuture<Boolean> roll = CompletableFuture.supplyAsync(() -> calendar.rollWhenDrained(20260106, () -> true));
        long now;
        do
        {
            now = calendar.enter(); // deals sent once the roll is announced are dated from the new day
            calendar.leave(now);
        }
        while (calendar.day(now) != 20260106);

        Thread.sleep(50);
        assertFalse(roll.isDone(), "the engine's date must not move while a deal dated from the old day is in flight");
        calendar.leave(old);
        assertTrue(roll.get(10, TimeUnit.SECONDS));
    }

    @Test
    void shouldGiveUpTheWaitWhenTradingStops()
    {
        final DemoCalendar calendar = new DemoCalendar(20260105, new BusinessCalendar());
        calendar.enter();
        assertFalse(calendar.rollWhenDrained(20260106, () -> false), "no roll for the engine: the wait was given up");
    }

    @Test
    void shouldDateDealsOnTheDayOrTheNextBusinessDay()
    {
        final DemoCalendar calendar = new DemoCalendar(20260109, new BusinessCalendar().weekendsClosed(true)); // a Friday
        final long phase = calendar.enter();
        assertEquals(20260109, calendar.dealDate(phase, true));
        assertEquals(20260112, calendar.dealDate(phase, false), "Monday, not Saturday");
        calendar.leave(phase);
    }
}
