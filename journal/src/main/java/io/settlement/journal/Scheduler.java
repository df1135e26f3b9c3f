package io.settlement.journal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

import io.settlement.engine.BusinessCalendar;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.protocol.wire.Reason;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

/**
 * The node's scheduler: issues settlement cycles and the end-of-day date roll at the times its
 * {@link Schedule} gives, as system commands (submitter 0) through the same ring as every other
 * command, so they are journaled and replay like any operator's. A roll at a time of day moves the
 * business date to the business day after the clock's day (in the schedule's zone), so a roll missed
 * while the node was down does not leave the date behind for good; a roll every interval (a
 * simulated day, as the demo's) moves it to the business day after the one in force. Days come from
 * the scheduler's calendar (the one the node's configuration journaled); when the engine refuses a day
 * as not a business day (an operator closed it since), the scheduler learns it as a holiday (no cycle
 * runs on it) and tries the next, at most {@value #MAX_ROLL_ATTEMPTS} times.
 *
 * <p>Nothing is issued on a day (in the schedule's zone) that is not a business day of its calendar.
 * Time comes from an {@link EpochClock} that tests replace: {@link #doWork()} does what is due at
 * the clock's time and returns, waiting only for the outcomes of the commands it sent. Times missed
 * while the node was down are not caught up (the first times are the first after the start), and
 * several times of one kind missed between two calls (a suspended machine) give one command. When a
 * cycle and a roll are due together the cycle comes first (settle the day, then close it), and a roll
 * waits while a due cycle could not be queued (the ring full); a roll the ring refuses is tried again
 * at the next call. A command unanswered within {@value #OUTCOME_TIMEOUT_S} s is not sent again (it
 * may still apply). The scheduler keeps only a cycle's summary outcomes, never one per deal. On a
 * running node an {@link AgentRunner} thread calls it, sleeping {@value #IDLE_MS} ms when nothing is
 * due ({@link #start}).
 */
public final class Scheduler implements Agent
{
    /** How many days the roll tries when the engine refuses the next one as not a business day. */
    public static final int MAX_ROLL_ATTEMPTS = 10;
    static final long IDLE_MS = 5;
    private static final long OUTCOME_TIMEOUT_S = 60;

    /** What the scheduler's owner wants to know or decide; every method runs on the scheduler's thread. */
    public interface Listener
    {
        /**
         * A cycle's summary outcomes: its settled value per currency and CYCLE_COMPLETED (or the
         * COMMAND_RESULT refusing it); not its per-deal settlements and failures, which a cycle may
         * have by the million.
         */
        default void onCycle(final List<Event> outcomes)
        {
        }

        /** Before rolling to {@code nextDate}: false skips this roll (the owner's own reasons). */
        default boolean beforeRoll(final int nextDate)
        {
            return true;
        }

        /** After a roll the engine accepted, to {@code businessDate}. */
        default void onRoll(final int businessDate)
        {
        }
    }

    private final Schedule schedule;
    private final BusinessCalendar calendar;
    private final PipelineClient system;
    private final IntSupplier businessDate;
    private final EpochClock clock;
    private final Listener listener;
    private final Consumer<String> log;
    private final Command command = new Command();
    private long nextCycleMs;
    private long nextRollMs;

    /**
     * @param system a pipeline client of the system ({@link Command#SYSTEM_SUBMITTER}); the scheduler does not close it
     * @param businessDate the business date in force (the node's router follows it)
     */
    public Scheduler(final Schedule schedule, final BusinessCalendar calendar, final PipelineClient system,
        final IntSupplier businessDate, final EpochClock clock, final Listener listener, final Consumer<String> log)
    {
        if (system.participantId() != Command.SYSTEM_SUBMITTER)
        {
            throw new IllegalArgumentException("the scheduler sends as the system, not as participant " + system.participantId());
        }
        this.schedule = schedule;
        this.calendar = calendar;
        this.system = system;
        this.businessDate = businessDate;
        this.clock = clock;
        this.listener = listener;
        this.log = log;
        system.keepPerDealOutcomes(false);
        final long nowMs = clock.time();
        nextCycleMs = schedule.nextCycleAfter(nowMs, calendar);
        nextRollMs = schedule.nextRollAfter(nowMs, calendar);
    }

    /** Runs {@code scheduler} on its own thread until the returned runner is closed. */
    public static AgentRunner start(final Scheduler scheduler, final ErrorHandler errors)
    {
        final AgentRunner runner = new AgentRunner(new SleepingMillisIdleStrategy(IDLE_MS), errors, null, scheduler);
        AgentRunner.startOnThread(runner);
        return runner;
    }

    @Override
    public String roleName()
    {
        return "settlement-scheduler";
    }

    /** When the next cycle is due (epoch ms), or {@link Schedule#NEVER}. */
    public long nextCycleMs()
    {
        return nextCycleMs;
    }

    /** When the next date roll is due (epoch ms), or {@link Schedule#NEVER}. */
    public long nextRollMs()
    {
        return nextRollMs;
    }

    /** Does what is due at the clock's time. @return the number of commands journaled. */
    @Override
    public int doWork() throws Exception
    {
        final long nowMs = clock.time();
        int work = 0;
        if (nowMs >= nextCycleMs)
        {
            if (!cycle())
            {
                return work; // the ring is full: the cycle, then any roll, at the next call
            }
            work++;
            nextCycleMs = schedule.nextCycleAfter(nowMs, calendar);
        }
        if (nowMs >= nextRollMs)
        {
            final int sent = roll(nowMs);
            if (sent < 0)
            {
                return work; // the ring is full: the roll at the next call
            }
            work += sent;
            nextRollMs = schedule.nextRollAfter(nowMs, calendar);
            nextCycleMs = schedule.nextCycleAfter(nowMs, calendar); // the calendar may have learned a closed day
        }
        return work;
    }

    /** @return false when the ring refused the cycle (BUSY): it is tried again at the next call. */
    private boolean cycle() throws Exception
    {
        final PipelineClient.Outcome outcome = send(command.runSettlementCycle(Command.SYSTEM_SUBMITTER, 0, schedule.cycleMode()));
        if (outcome == null)
        {
            log.accept("scheduler: settlement cycle not answered within " + OUTCOME_TIMEOUT_S + " s; not sent again (it may still run)");
            return true;
        }
        if (outcome.published() != Reason.OK)
        {
            return false;
        }
        final Event last = outcome.events().get(outcome.events().size() - 1);
        if (last.type == EventType.CYCLE_COMPLETED)
        {
            log.accept("scheduler: settlement cycle at sequence " + last.sequence + " on " + last.businessDate + ": " + last.settled
                + " settled, " + last.failed + " failed of " + last.attempted);
        }
        else
        {
            log.accept("scheduler: settlement cycle refused: " + last.reason);
        }
        listener.onCycle(outcome.events());
        return true;
    }

    /** @return the commands journaled (refused days included), or -1 when the ring refused the first (BUSY). */
    private int roll(final long nowMs) throws Exception
    {
        final int today = businessDate.getAsInt();
        if (today == 0)
        {
            log.accept("scheduler: no date roll: there is no business date yet (the configuration's date line or an operator sets the first)");
            return 0;
        }
        int next = calendar.nextBusinessDay(schedule.rollsAtTimesOfDay() ? clockDay(nowMs) : today);
        if (next != 0 && next <= today)
        {
            log.accept("scheduler: no date roll: the business date " + today + " is already past the clock's day (an operator rolled it)");
            return 0;
        }
        if (next == 0 || !listener.beforeRoll(next))
        {
            return 0;
        }
        int sent = 0;
        for (int attempt = 0; attempt < MAX_ROLL_ATTEMPTS && next != 0; attempt++)
        {
            final PipelineClient.Outcome outcome = send(command.advanceBusinessDate(Command.SYSTEM_SUBMITTER, 0, next));
            if (outcome == null)
            {
                log.accept("scheduler: date roll to " + next + " not answered within " + OUTCOME_TIMEOUT_S + " s; not sent again");
                return sent + 1;
            }
            if (outcome.published() != Reason.OK)
            {
                log.accept("scheduler: date roll to " + next + " not sent: " + outcome.published() + "; tried again at the next call");
                return sent == 0 ? -1 : sent;
            }
            sent++;
            final Event first = outcome.first();
            if (first.type == EventType.BUSINESS_DATE_ADVANCED)
            {
                log.accept("scheduler: business date " + next + " (sequence " + first.sequence + ", " + first.count
                    + " finished deals purged)");
                listener.onRoll(next);
                return sent;
            }
            log.accept("scheduler: date roll to " + next + " refused: " + first.reason);
            if (first.reason != Reason.NOT_A_BUSINESS_DAY)
            {
                return sent;
            }
            calendar.addHoliday(next); // closed by an operator since the start: no cycle runs on it either
            next = calendar.nextBusinessDay(next);
        }
        return sent;
    }

    /** @return the outcome, or null when none came within {@value #OUTCOME_TIMEOUT_S} s. */
    private PipelineClient.Outcome send(final Command c) throws Exception
    {
        c.correlationId = 0; // a new one per command
        try
        {
            return system.send(c).get(OUTCOME_TIMEOUT_S, TimeUnit.SECONDS);
        }
        catch (final TimeoutException ex)
        {
            return null;
        }
    }

    /** The clock's day in the schedule's zone, as yyyymmdd. */
    private int clockDay(final long nowMs)
    {
        final LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(nowMs), schedule.zone());
        return day.getYear() * 10_000 + day.getMonthValue() * 100 + day.getDayOfMonth();
    }
}
