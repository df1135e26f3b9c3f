package io.settlement.engine;

import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.Codes;
import io.settlement.protocol.journal.AdvanceBusinessDateCommandDecoder;
import io.settlement.protocol.journal.SetCalendarCommandDecoder;
import io.settlement.protocol.journal.SetHolidayCommandDecoder;
import io.settlement.protocol.journal.SetRetentionCommandDecoder;
import io.settlement.protocol.wire.DayStatus;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;

/**
 * The calendar: ADVANCE_BUSINESS_DATE, with the purge of finished deals past the retention period
 * that it triggers, SET_RETENTION, SET_CALENDAR and SET_HOLIDAY; all the operator's. Owns the
 * business date, the retention period and the {@link BusinessCalendar} of {@link EngineState}.
 * Gives BUSINESS_DATE_ADVANCED (with the count purged), then an INSTRUCTION_ENDED for each unmatched
 * instruction the roll expires ({@link InstructionHandler#expireAtRoll}), or a COMMAND_RESULT; a
 * refusal changes nothing. The roll also purges the ended instructions past the retention period
 * ({@link InstructionHandler#purgeAtRoll}), silently.
 *
 * <p>The business date is always a business day of the calendar in force (or 0): a roll to a day
 * that is not one is refused NOT_A_BUSINESS_DAY, and so is closing the weekends while the business
 * date is a Saturday or a Sunday. Holidays change only for days after the business date (the days
 * that have begun are history: INVALID_DATE). Setting what is already in force is answered OK.
 */
final class BusinessDateHandler
{
    private final EngineState state;
    private final ReferenceData ref;
    private final EventEmitter out;
    private final InstructionHandler instructions;

    BusinessDateHandler(final EngineState state, final EventEmitter out, final InstructionHandler instructions)
    {
        this.state = state;
        this.ref = state.referenceData();
        this.out = out;
        this.instructions = instructions;
    }

    void advanceBusinessDate(final CommandRecord command)
    {
        final AdvanceBusinessDateCommandDecoder c = command.advanceBusinessDate();
        Reason r = Access.authorise(ref, command.submitterId(), Role.OPERATOR, Role.OPERATOR);
        if (r == Reason.OK && (!Dates.isValid(c.businessDate()) || c.businessDate() < state.businessDate()))
        {
            r = Reason.INVALID_DATE;
        }
        if (r == Reason.OK && !state.calendar().isBusinessDay(c.businessDate()))
        {
            r = Reason.NOT_A_BUSINESS_DAY;
        }
        if (r != Reason.OK)
        {
            out.result(r);
            return;
        }
        final int previousDate = state.businessDate();
        state.businessDate(c.businessDate());
        final int cutoff = Dates.plusDays(c.businessDate(), -state.retainFinishedDays());
        final long purged = state.deals().purgeFinishedBefore(cutoff);
        final Event e = out.reply(EventType.BUSINESS_DATE_ADVANCED);
        e.businessDate = c.businessDate();
        e.count = purged;
        out.emit();
        // then the unmatched instructions the roll expires, each with its INSTRUCTION_ENDED
        instructions.expireAtRoll(previousDate);
        // and the ended instructions past the retention period leave memory (no event)
        instructions.purgeAtRoll(cutoff);
    }

    /** Sets the retention period; purges follow it from the next date roll on. */
    void setRetention(final CommandRecord command)
    {
        final SetRetentionCommandDecoder c = command.setRetention();
        Reason r = Access.authorise(ref, command.submitterId(), Role.OPERATOR, Role.OPERATOR);
        if (r == Reason.OK && (c.retainFinishedDays() < 0 || c.retainFinishedDays() > SettlementEngine.MAX_RETAIN_FINISHED_DAYS))
        {
            r = Reason.INVALID_FIELD;
        }
        if (r == Reason.OK)
        {
            state.retainFinishedDays(c.retainFinishedDays());
        }
        out.result(r);
    }

    /** Opens or closes Saturdays and Sundays; closing them is refused while the business date is one. */
    void setCalendar(final CommandRecord command)
    {
        final SetCalendarCommandDecoder c = command.setCalendar();
        Reason r = Access.authorise(ref, command.submitterId(), Role.OPERATOR, Role.OPERATOR);
        final DayStatus weekends = Codes.dayStatus(c.weekends());
        if (r == Reason.OK && weekends == null)
        {
            r = Reason.INVALID_FIELD;
        }
        final BusinessCalendar calendar = state.calendar();
        final boolean close = weekends == DayStatus.CLOSED;
        if (r == Reason.OK && close && state.businessDate() != 0 && BusinessCalendar.isWeekend(state.businessDate()))
        {
            r = Reason.NOT_A_BUSINESS_DAY;
        }
        if (r == Reason.OK)
        {
            calendar.weekendsClosed(close);
        }
        out.result(r);
    }

    /** Closes a day after the business date (a holiday) or opens it again. */
    void setHoliday(final CommandRecord command)
    {
        final SetHolidayCommandDecoder c = command.setHoliday();
        Reason r = Access.authorise(ref, command.submitterId(), Role.OPERATOR, Role.OPERATOR);
        final DayStatus status = Codes.dayStatus(c.status());
        if (r == Reason.OK && status == null)
        {
            r = Reason.INVALID_FIELD;
        }
        final int date = c.date();
        if (r == Reason.OK && (!Dates.isValid(date) || date <= state.businessDate()))
        {
            r = Reason.INVALID_DATE;
        }
        final BusinessCalendar calendar = state.calendar();
        if (r == Reason.OK)
        {
            if (status == DayStatus.OPEN)
            {
                calendar.removeHoliday(date);
            }
            else if (!calendar.addHoliday(date))
            {
                r = Reason.OVERFLOW;
            }
        }
        out.result(r);
    }
}
