package io.settlement.engine;

import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.journal.AdvanceBusinessDateCommandDecoder;
import io.settlement.protocol.journal.SetRetentionCommandDecoder;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;

/**
 * The calendar: ADVANCE_BUSINESS_DATE, with the purge of finished deals past the retention period
 * that it triggers, and SET_RETENTION; both the operator's. Owns the business date and the retention
 * period of {@link EngineState}. Gives BUSINESS_DATE_ADVANCED (with the count purged) or a
 * COMMAND_RESULT; a refusal changes nothing.
 */
final class BusinessDateHandler
{
    private final EngineState state;
    private final ReferenceData ref;
    private final EventEmitter out;

    BusinessDateHandler(final EngineState state, final EventEmitter out)
    {
        this.state = state;
        this.ref = state.referenceData();
        this.out = out;
    }

    void advanceBusinessDate(final CommandRecord command)
    {
        final AdvanceBusinessDateCommandDecoder c = command.advanceBusinessDate();
        Reason r = Access.authorise(ref, command.submitterId(), Role.OPERATOR, Role.OPERATOR);
        if (r == Reason.OK && (!Dates.isValid(c.businessDate()) || c.businessDate() < state.businessDate()))
        {
            r = Reason.INVALID_DATE;
        }
        if (r != Reason.OK)
        {
            out.result(r);
            return;
        }
        state.businessDate(c.businessDate());
        final int cutoff = Dates.plusDays(c.businessDate(), -state.retainFinishedDays());
        final long purged = state.deals().purgeFinishedBefore(cutoff);
        final Event e = out.reply(EventType.BUSINESS_DATE_ADVANCED);
        e.businessDate = c.businessDate();
        e.count = purged;
        out.emit();
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
}
