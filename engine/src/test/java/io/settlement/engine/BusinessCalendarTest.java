package io.settlement.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.DayStatus;
import io.settlement.protocol.wire.DealStatus;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.Reason;
import org.junit.jupiter.api.Test;

import static io.settlement.engine.EngineFixture.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The business calendar (DESIGN.md section 4b, docs/rules.md): weekends and holidays are not business
 * days for settlement dates nor for the business date; an engine never given a calendar keeps every
 * real day open; the calendar is state (hash, snapshot) and its commands answer OK when they set what
 * is already in force. Dates: TODAY is Monday 5 January 2026.
 */
class BusinessCalendarTest
{
    private static final int TUESDAY = 20260106;
    private static final int WEDNESDAY = 20260107;
    private static final int FRIDAY = 20260109;
    private static final int SATURDAY = 20260110;
    private static final int SUNDAY = 20260111;
    private static final int NEXT_MONDAY = 20260112;

    private final EngineFixture f = new EngineFixture();

    private Event submit(final long clientDealId, final int settlementDate)
    {
        return f.one(f.command.submitDeal(BANK_A, 0, clientDealId, BANK_A, BANK_B, ACME, USD, 5, 500, settlementDate, DealType.DVP));
    }

    private Event roll(final int date)
    {
        return f.one(f.command.advanceBusinessDate(OPS, 0, date));
    }

    @Test
    void shouldKnowTheDaysOfTheWeek()
    {
        assertFalse(BusinessCalendar.isWeekend(FRIDAY));
        assertTrue(BusinessCalendar.isWeekend(SATURDAY));
        assertTrue(BusinessCalendar.isWeekend(SUNDAY));
        assertFalse(BusinessCalendar.isWeekend(NEXT_MONDAY));
        assertTrue(BusinessCalendar.isWeekend(20000101)); // a Saturday
        assertTrue(BusinessCalendar.isWeekend(19691228)); // a Sunday, before the epoch
        assertFalse(BusinessCalendar.isWeekend(20240229)); // a Thursday
    }

    @Test
    void shouldKeepEveryRealDayOpenWithoutACalendar()
    {
        assertEquals(EventType.DEAL_ACCEPTED, submit(1, SATURDAY).type);
        assertEquals(EventType.BUSINESS_DATE_ADVANCED, roll(SUNDAY).type);
        assertTrue(f.engine.isBusinessDay(SUNDAY));
    }

    @Test
    void shouldRefuseWeekendDatesOnceWeekendsAreClosed()
    {
        f.ok(f.command.setCalendar(OPS, 0, DayStatus.CLOSED));

        assertEquals(Reason.NOT_A_BUSINESS_DAY, submit(1, SATURDAY).reason);
        assertEquals(Reason.NOT_A_BUSINESS_DAY, submit(2, SUNDAY).reason);
        assertEquals(EventType.DEAL_ACCEPTED, submit(3, FRIDAY).type);
        assertEquals(EventType.DEAL_ACCEPTED, submit(4, NEXT_MONDAY).type);
        assertEquals(Reason.NOT_A_BUSINESS_DAY, roll(SATURDAY).reason);
        assertEquals(EventType.BUSINESS_DATE_ADVANCED, roll(NEXT_MONDAY).type);
        assertEquals(NEXT_MONDAY, f.engine.businessDate());
    }

    @Test
    void shouldRefuseHolidaysForBothDatesAndOpenThemAgain()
    {
        f.ok(f.command.setHoliday(OPS, 0, WEDNESDAY, DayStatus.CLOSED));
        assertEquals(Reason.NOT_A_BUSINESS_DAY, submit(1, WEDNESDAY).reason);
        assertEquals(Reason.NOT_A_BUSINESS_DAY, roll(WEDNESDAY).reason);
        assertEquals(EventType.DEAL_ACCEPTED, submit(2, TUESDAY).type);

        f.ok(f.command.setHoliday(OPS, 0, WEDNESDAY, DayStatus.OPEN));
        assertEquals(EventType.DEAL_ACCEPTED, submit(3, WEDNESDAY).type);
        assertEquals(EventType.BUSINESS_DATE_ADVANCED, roll(WEDNESDAY).type);
        assertEquals(List.of(), f.engine.checkInvariants());
    }

    @Test
    void shouldSettleADealDueOnAHolidaySetAfterItAtTheNextBusinessDay()
    {
        f.deposit(BANK_A, USD, 1_000);
        f.deposit(BANK_B, ACME, 10);
        final long dealId = submit(1, TUESDAY).dealId;
        f.ok(f.command.setHoliday(OPS, 0, TUESDAY, DayStatus.CLOSED));

        assertEquals(Reason.NOT_A_BUSINESS_DAY, roll(TUESDAY).reason);
        assertEquals(DealStatus.PENDING.value(), f.one(f.command.queryDeal(OPS, 0, dealId)).dealStatus, "the deal stays pending");
        assertEquals(EventType.BUSINESS_DATE_ADVANCED, roll(WEDNESDAY).type);
        final List<Event> cycle = f.cycle();
        assertEquals(1, ofType(cycle, EventType.DEAL_SETTLED).size(), cycle::toString);
        assertEquals(dealId, ofType(cycle, EventType.DEAL_SETTLED).get(0).dealId);
        assertEquals(500, f.balance(BANK_B, USD));
        assertEquals(List.of(), f.engine.checkInvariants());
    }

    @Test
    void shouldAnswerOkToSettingWhatIsInForceAndChangeNothing()
    {
        final long before = f.engine.stateHash();
        f.ok(f.command.setHoliday(OPS, 0, WEDNESDAY, DayStatus.OPEN)); // not a holiday: opening it is a no-op
        f.ok(f.command.setCalendar(OPS, 0, DayStatus.OPEN));          // already open
        assertEquals(before, f.engine.stateHash());

        f.ok(f.command.setHoliday(OPS, 0, WEDNESDAY, DayStatus.CLOSED));
        final long withHoliday = f.engine.stateHash();
        assertNotEquals(before, withHoliday);
        f.ok(f.command.setHoliday(OPS, 0, WEDNESDAY, DayStatus.CLOSED));
        assertEquals(withHoliday, f.engine.stateHash());
        assertArrayEquals(new int[] {WEDNESDAY}, f.engine.holidays());

        f.ok(f.command.setCalendar(OPS, 0, DayStatus.CLOSED));
        final long withWeekends = f.engine.stateHash();
        f.ok(f.command.setCalendar(OPS, 0, DayStatus.CLOSED));
        assertEquals(withWeekends, f.engine.stateHash());

        // back to the default calendar: the state of an engine never given one
        f.ok(f.command.setCalendar(OPS, 0, DayStatus.OPEN));
        f.ok(f.command.setHoliday(OPS, 0, WEDNESDAY, DayStatus.OPEN));
        assertEquals(before, f.engine.stateHash());
    }

    @Test
    void shouldLetTheSystemSetTheCalendar()
    {
        f.ok(f.command.setCalendar(0, 0, DayStatus.CLOSED));
        f.ok(f.command.setHoliday(0, 0, FRIDAY, DayStatus.CLOSED));
        assertTrue(f.engine.weekendsClosed());
        assertFalse(f.engine.isBusinessDay(FRIDAY));
    }

    @Test
    void shouldKeepTheCalendarThroughASnapshot() throws IOException
    {
        f.ok(f.command.setCalendar(OPS, 0, DayStatus.CLOSED));
        f.ok(f.command.setHoliday(OPS, 0, 20261225, DayStatus.CLOSED));
        f.ok(f.command.setHoliday(OPS, 0, WEDNESDAY, DayStatus.CLOSED));
        f.ok(f.command.setHoliday(OPS, 0, 20260501, DayStatus.CLOSED));
        final byte[] bytes = SnapshotPropertiesTest.snapshot(f.engine);

        final SettlementEngine restored = EngineSnapshot.read(new ByteArrayInputStream(bytes), new EngineConfig());
        assertEquals(f.engine.stateHash(), restored.stateHash());
        assertTrue(restored.weekendsClosed());
        assertArrayEquals(new int[] {WEDNESDAY, 20260501, 20261225}, restored.holidays());
        assertArrayEquals(bytes, SnapshotPropertiesTest.snapshot(restored), "written back to the same bytes");
        final EngineFixture g = EngineFixture.over(restored);
        assertEquals(Reason.NOT_A_BUSINESS_DAY, g.one(g.command.advanceBusinessDate(OPS, 0, WEDNESDAY)).reason);
        assertEquals(Reason.NOT_A_BUSINESS_DAY, g.one(g.command.advanceBusinessDate(OPS, 0, SATURDAY)).reason);
        assertEquals(List.of(), restored.checkInvariants());
    }

    @Test
    void shouldFindTheNextBusinessDay()
    {
        final BusinessCalendar calendar = new BusinessCalendar().weekendsClosed(true);
        calendar.addHoliday(NEXT_MONDAY);
        assertEquals(NEXT_MONDAY + 1, calendar.nextBusinessDay(FRIDAY));
        assertEquals(TUESDAY, calendar.nextBusinessDay(TODAY));
        assertEquals(SATURDAY, new BusinessCalendar().nextBusinessDay(FRIDAY));
    }
}
