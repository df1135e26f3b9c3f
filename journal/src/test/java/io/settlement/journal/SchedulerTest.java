package io.settlement.journal;

import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.settlement.engine.BusinessCalendar;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.CommandType;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.protocol.wire.CycleMode;
import io.settlement.protocol.wire.DayStatus;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The node's scheduler on a simulated clock, through a real node (journal, ring, engine): which
 * system commands it journals at which times, and their outcomes, read back from the command
 * journal. Nothing sleeps: the test moves the clock and calls {@link Scheduler#doWork()}.
 */
class SchedulerTest
{
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    /** Friday 9 January 2026, a business day; the next is Monday the 12th with weekends closed. */
    private static final int FRIDAY = 20260109;
    private static final int MONDAY = 20260112;
    private static final int TUESDAY = 20260113;
    private static final int WEDNESDAY = 20260114;
    private static final int THURSDAY = 20260115;
    private static final ZoneId UTC = ZoneId.of("UTC");
    private final List<List<EventType>> cycleOutcomes = new ArrayList<>();

    @TempDir
    Path dir;

    private SettlementNode node;
    private PipelineClient system;
    private final CachedEpochClock clock = new CachedEpochClock();
    private final List<String> log = new ArrayList<>();
    private final List<Integer> rolls = new ArrayList<>();
    private final List<Long> cycleSettled = new ArrayList<>();

    @BeforeEach
    void start() throws Exception
    {
        node = SettlementNode.start(RestartTest.config(dir, 0));
        system = node.client(Command.SYSTEM_SUBMITTER);
        final Command c = new Command();
        send(c.setCalendar(0, 0, DayStatus.CLOSED));
        send(c.createInstrument(0, 0, 10, InstrumentKind.SECURITY, "ACME"));
        send(c.createInstrument(0, 0, 840, InstrumentKind.CURRENCY, "USD"));
        send(c.createParticipant(0, 0, 1, Role.MEMBER));
        send(c.createParticipant(0, 0, 2, Role.MEMBER));
        send(c.deposit(0, 0, 1, 840, 1_000));
        send(c.deposit(0, 0, 2, 10, 10));
        send(c.advanceBusinessDate(0, 0, FRIDAY));
    }

    @AfterEach
    void stop() throws Exception
    {
        if (node != null)
        {
            node.close();
        }
    }

    private Event send(final Command c) throws Exception
    {
        c.correlationId = 0;
        final PipelineClient.Outcome outcome = system.send(c).get(10, TimeUnit.SECONDS);
        assertEquals(Reason.OK, outcome.published());
        return outcome.first();
    }

    private static long at(final int yyyymmdd, final String time, final ZoneId zone)
    {
        return ZonedDateTime.of(yyyymmdd / 10_000, yyyymmdd / 100 % 100, yyyymmdd % 100, 0, 0, 0, 0, zone)
            .with(LocalTime.parse(time)).toInstant().toEpochMilli();
    }

    private Scheduler scheduler(final Schedule schedule, final BusinessCalendar calendar)
    {
        return new Scheduler(schedule, calendar, system, node.router()::businessDate, clock, new Scheduler.Listener()
        {
            @Override
            public void onCycle(final List<Event> outcomes)
            {
                cycleSettled.add(outcomes.get(outcomes.size() - 1).settled);
                cycleOutcomes.add(outcomes.stream().map(e -> e.type).toList());
            }

            @Override
            public void onRoll(final int businessDate)
            {
                rolls.add(businessDate);
            }
        }, log::add);
    }

    /** "TYPE by SUBMITTER" for every command journaled after {@code afterSequence}, with the business date a roll asked for. */
    private List<String> journaledAfter(final long afterSequence)
    {
        final List<String> journaled = new ArrayList<>();
        final Command c = new Command();
        try (JournalReader reader = JournalReader.openReadOnly(new DataDirectory(dir).commands(), JournalReader.Kind.COMMANDS))
        {
            for (int length = reader.next(); length > 0; length = reader.next())
            {
                CommandCodec.decode(reader.buffer(), reader.offset(), length, c);
                if (c.sequence > afterSequence)
                {
                    journaled.add(c.type + (c.type == CommandType.ADVANCE_BUSINESS_DATE ? " " + c.businessDate : "") + " by " + c.submitterId);
                }
            }
        }
        return journaled;
    }

    @Test
    void shouldRunCyclesAtTheirTimesAndRollToTheNextBusinessDay() throws Exception
    {
        final BusinessCalendar calendar = new BusinessCalendar().weekendsClosed(true);
        final Schedule schedule = new Schedule().zone(NEW_YORK)
            .cycleAt(LocalTime.of(10, 0)).cycleAt(LocalTime.of(14, 30)).rollAt(LocalTime.of(18, 0));
        clock.update(at(FRIDAY, "09:00", NEW_YORK));
        final Scheduler scheduler = scheduler(schedule, calendar);
        // a deal due today, funded on both sides: the 10:00 cycle settles it
        send(new Command().submitDeal(0, 0, 1, 1, 2, 10, 840, 5, 500, FRIDAY, DealType.DVP));
        final long afterDeal = lastSequence();

        assertEquals(0, scheduler.doWork(), "nothing due at 09:00");
        clock.update(at(FRIDAY, "09:59:59.999", NEW_YORK));
        assertEquals(0, scheduler.doWork());
        clock.update(at(FRIDAY, "10:00", NEW_YORK));
        assertEquals(1, scheduler.doWork());
        assertEquals(0, scheduler.doWork(), "once per time");
        assertEquals(List.of(1L), cycleSettled);
        assertEquals(at(FRIDAY, "14:30", NEW_YORK), scheduler.nextCycleMs());

        clock.update(at(FRIDAY, "18:00", NEW_YORK)); // the 14:30 cycle is due too: the cycle first, then the roll
        assertEquals(2, scheduler.doWork());
        assertEquals(List.of(MONDAY), rolls, "Saturday and Sunday are skipped");
        assertEquals(MONDAY, node.router().businessDate());
        assertEquals(at(MONDAY, "10:00", NEW_YORK), scheduler.nextCycleMs(), "the next cycle is Monday's: none at the weekend");
        assertEquals(at(MONDAY, "18:00", NEW_YORK), scheduler.nextRollMs());
        clock.update(at(20260110, "12:00", NEW_YORK));
        assertEquals(0, scheduler.doWork(), "Saturday: nothing");

        assertEquals(List.of("RUN_SETTLEMENT_CYCLE by 0", "RUN_SETTLEMENT_CYCLE by 0", "ADVANCE_BUSINESS_DATE " + MONDAY + " by 0"),
            journaledAfter(afterDeal));
    }

    @Test
    void shouldIssueTheCyclesInTheModeOfItsSchedule() throws Exception
    {
        final BusinessCalendar calendar = new BusinessCalendar().weekendsClosed(true);
        final Schedule schedule = new Schedule().zone(NEW_YORK).cycleAt(LocalTime.of(10, 0)).cycleMode(CycleMode.NETTED);
        clock.update(at(FRIDAY, "09:00", NEW_YORK));
        final Scheduler scheduler = scheduler(schedule, calendar);
        // 1 delivers 20 ACME to 2 and 2 delivers 20 ACME to 1; 1 holds none and 2 holds 10: gross, both fail;
        // netted, nobody's balance changes and both settle
        send(new Command().submitDeal(0, 0, 1, 2, 1, 10, 0, 20, 0, FRIDAY, DealType.FOP));
        send(new Command().submitDeal(0, 0, 2, 1, 2, 10, 0, 20, 0, FRIDAY, DealType.FOP));

        clock.update(at(FRIDAY, "10:00", NEW_YORK));
        assertEquals(1, scheduler.doWork());

        assertEquals(List.of(2L), cycleSettled);
        assertEquals("cycles at 10:00 (netted), date roll not scheduled (America/New_York)", schedule.toString());
        assertThrows(IllegalArgumentException.class, () -> new Schedule().cycleMode(CycleMode.NULL_VAL));
    }

    @Test
    void shouldTryTheFollowingDayWhenTheEngineRefusesTheNextAsAHoliday() throws Exception
    {
        send(new Command().setHoliday(0, 0, MONDAY, DayStatus.CLOSED)); // closed by an operator: the scheduler's calendar does not know
        final long setUp = lastSequence();
        clock.update(at(FRIDAY, "17:00", ZoneId.of("UTC")));
        final Scheduler scheduler = scheduler(new Schedule().rollAt(LocalTime.of(18, 0)), new BusinessCalendar().weekendsClosed(true));

        clock.update(at(FRIDAY, "18:00", ZoneId.of("UTC")));
        assertEquals(2, scheduler.doWork(), "the refused roll is journaled too");

        assertEquals(List.of(TUESDAY), rolls);
        assertEquals(List.of("ADVANCE_BUSINESS_DATE " + MONDAY + " by 0", "ADVANCE_BUSINESS_DATE " + TUESDAY + " by 0"), journaledAfter(setUp));
        final SettlementEngine engine = node.stop();
        node = null;
        assertEquals(TUESDAY, engine.businessDate());
    }

    @Test
    void shouldLearnADayClosedWhileItRunsRunNoCycleOnItAndKeepTheDateInStep() throws Exception
    {
        send(new Command().advanceBusinessDate(0, 0, MONDAY));
        clock.update(at(MONDAY, "09:00", UTC));
        final Scheduler scheduler = scheduler(new Schedule().cycleAt(LocalTime.of(10, 0)).rollAt(LocalTime.of(18, 0)),
            new BusinessCalendar().weekendsClosed(true));
        send(new Command().setHoliday(0, 0, TUESDAY, DayStatus.CLOSED)); // an operator closes Tuesday: the scheduler's calendar does not know

        clock.update(at(MONDAY, "18:00", UTC));
        scheduler.doWork();
        assertEquals(List.of(WEDNESDAY), rolls, "Tuesday refused, Wednesday accepted");
        final long afterMonday = lastSequence();

        clock.update(at(TUESDAY, "10:00", UTC));
        assertEquals(0, scheduler.doWork(), "no cycle on the day the engine closed");
        clock.update(at(TUESDAY, "18:00", UTC));
        assertEquals(0, scheduler.doWork(), "no roll on it either");
        clock.update(at(WEDNESDAY, "18:00", UTC));
        scheduler.doWork();
        assertEquals(List.of(WEDNESDAY, THURSDAY), rolls);
        assertEquals(List.of("RUN_SETTLEMENT_CYCLE by 0", "ADVANCE_BUSINESS_DATE " + THURSDAY + " by 0"), journaledAfter(afterMonday));
        assertEquals(THURSDAY, node.router().businessDate(), "the business date is the day after the clock's, not a day ahead");
    }

    @Test
    void shouldRollToTheDayAfterTheClocksWhenARollWasMissed() throws Exception
    {
        // the node was down over Friday's and Monday's rolls: the date is still Friday on Tuesday
        clock.update(at(TUESDAY, "09:00", UTC));
        final Scheduler scheduler = scheduler(new Schedule().rollAt(LocalTime.of(18, 0)), new BusinessCalendar().weekendsClosed(true));
        clock.update(at(TUESDAY, "18:00", UTC));
        assertEquals(1, scheduler.doWork());
        assertEquals(List.of(WEDNESDAY), rolls, "closing Tuesday opens Wednesday, whatever the date in force was");

        send(new Command().advanceBusinessDate(0, 0, THURSDAY)); // an operator rolled by hand ahead of the clock
        clock.update(at(WEDNESDAY, "18:00", UTC));
        assertEquals(0, scheduler.doWork(), "already past: no second roll");
        assertEquals(THURSDAY, node.router().businessDate());
    }

    @Test
    void shouldKeepOnlyACyclesSummaryNotAnOutcomePerDeal() throws Exception
    {
        // member 2 holds 10 ACME: of 30 one-unit deals, 10 settle and 20 fail
        for (int i = 1; i <= 30; i++)
        {
            send(new Command().submitDeal(0, 0, i, 1, 2, 10, 840, 1, 10, FRIDAY, DealType.DVP));
        }
        clock.update(at(FRIDAY, "09:00", UTC));
        final Scheduler scheduler = scheduler(new Schedule().cycleAt(LocalTime.of(10, 0)), new BusinessCalendar());
        clock.update(at(FRIDAY, "10:00", UTC));
        assertEquals(1, scheduler.doWork());
        assertEquals(List.of(10L), cycleSettled);
        assertEquals(List.of(List.of(EventType.CYCLE_SETTLED_VALUE, EventType.CYCLE_COMPLETED)), cycleOutcomes,
            "the settled value and the completion only: nothing kept per deal");
    }

    @Test
    void shouldRunCyclesEveryIntervalAndCoalesceMissedOnes() throws Exception
    {
        final long start = at(FRIDAY, "09:00", ZoneId.of("UTC"));
        clock.update(start);
        final long setUp = lastSequence();
        final Scheduler scheduler = scheduler(new Schedule().cycleEvery(TimeUnit.MINUTES.toMillis(15)), new BusinessCalendar());

        for (int minute = 1; minute <= 60; minute++)
        {
            clock.update(start + TimeUnit.MINUTES.toMillis(minute));
            scheduler.doWork();
        }
        assertEquals(4, cycleSettled.size(), "09:15, 09:30, 09:45, 10:00");
        clock.update(start + TimeUnit.HOURS.toMillis(5)); // a machine suspended for four hours: one cycle, not sixteen
        assertEquals(1, scheduler.doWork());
        assertEquals(5, journaledAfter(setUp).size());
        assertEquals(Schedule.NEVER, scheduler.nextRollMs());
    }

    @Test
    void shouldNotRollBeforeThereIsABusinessDate() throws Exception
    {
        node.close();
        node = SettlementNode.start(RestartTest.config(dir.resolve("empty"), 0));
        system = node.client(Command.SYSTEM_SUBMITTER);
        clock.update(at(FRIDAY, "17:00", ZoneId.of("UTC")));
        final Scheduler scheduler = scheduler(new Schedule().rollAt(LocalTime.of(18, 0)), new BusinessCalendar());
        clock.update(at(FRIDAY, "18:00", ZoneId.of("UTC")));
        assertEquals(0, scheduler.doWork());
        assertEquals(List.of(), rolls);
        assertEquals(1, log.size(), log::toString);
        assertEquals(0, node.stop().lastSequence(), "nothing journaled");
        node = null;
    }

    @Test
    void shouldRefuseABadSchedule()
    {
        assertEquals("cycle interval 5 ms is out of range (10 ms to 7 days)",
            assertThrows(IllegalArgumentException.class, () -> new Schedule().cycleEvery(5)).getMessage());
        assertEquals("cycles are scheduled either at times of day or every interval, not both",
            assertThrows(IllegalArgumentException.class, () -> new Schedule().cycleEvery(1000).cycleAt(LocalTime.NOON)).getMessage());
        assertEquals("roll time 18:00 given twice",
            assertThrows(IllegalArgumentException.class, () -> new Schedule().rollAt(LocalTime.of(18, 0)).rollAt(LocalTime.of(18, 0)))
                .getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Scheduler(new Schedule(), new BusinessCalendar(), node.client(1),
            () -> 0, clock, new Scheduler.Listener() { }, log::add), "a scheduler sends as the system only");
    }

    private long lastSequence() throws Exception
    {
        // a query passes the ring in order and reads the state after every command before it
        return send(new Command().queryLimits(0, 0, 1)).sequence;
    }
}
