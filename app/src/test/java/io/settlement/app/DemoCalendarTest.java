package io.settlement.app;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The demo's date roll waits for every deal dated from the old day, so none can arrive after the engine moved past it. */
@Timeout(30)
class DemoCalendarTest
{
    @Test
    void shouldMoveTheEngineDateOnlyOnceEveryDealDatedFromTheOldDayIsAnswered() throws Exception
    {
        final DemoCalendar calendar = new DemoCalendar(20260105);
        final long old = calendar.enter(); // a deal in flight, dated from 5 January
        assertEquals(20260105, calendar.day(old));

        final CompletableFuture<Integer> roll = CompletableFuture.supplyAsync(() -> calendar.rollWhenDrained(() -> true));
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
        assertEquals(20260106, roll.get(10, TimeUnit.SECONDS));
    }

    @Test
    void shouldGiveUpTheWaitWhenTradingStops()
    {
        final DemoCalendar calendar = new DemoCalendar(20260105);
        calendar.enter();
        assertEquals(0, calendar.rollWhenDrained(() -> false), "no date for the engine: the wait was given up");
    }
}
