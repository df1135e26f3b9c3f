package io.settlement.engine;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.engine.api.Reason;
import io.settlement.engine.api.Role;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * The engine's read-only queries: a deal, a position, a participant's limits, the participant list.
 * Each checks who asks, then reports; none changes state. Part of {@link SettlementEngine}, split out
 * like {@link OperatorCommands} to keep each file readable.
 */
final class Queries
{
    private final SettlementEngine engine;

    Queries(final SettlementEngine engine)
    {
        this.engine = engine;
    }

    void queryDeal(final Command c)
    {
        final int submitter = engine.ref.participantIndex(c.submitterId);
        if (submitter == ReferenceData.NONE)
        {
            engine.result(Reason.UNKNOWN_PARTICIPANT);
            return;
        }
        final int slot = engine.deals.slotOf(c.dealId);
        if (slot == DealStore.NONE)
        {
            engine.result(engine.wasPurged(c.dealId) ? Reason.DEAL_PURGED : Reason.UNKNOWN_DEAL);
            return;
        }
        final DealStore deals = engine.deals;
        if (engine.ref.role(submitter) == Role.MEMBER.code() && deals.buyer[slot] != submitter && deals.seller[slot] != submitter)
        {
            engine.result(Reason.NOT_AUTHORISED);
            return;
        }
        engine.emitDeal(EventType.DEAL_REPORT, slot);
        engine.out.emit();
    }

    /** MEMBERs may query only themselves; RISK, OPERATOR and AUDITOR anyone. */
    private Reason checkQuery(final long participantId)
    {
        final int submitter = engine.ref.participantIndex(engine.out.command().submitterId);
        if (submitter == ReferenceData.NONE)
        {
            return Reason.UNKNOWN_PARTICIPANT;
        }
        if (engine.ref.role(submitter) == Role.MEMBER.code() && engine.ref.participantId(submitter) != participantId)
        {
            return Reason.NOT_AUTHORISED;
        }
        return engine.ref.participantIndex(participantId) == ReferenceData.NONE ? Reason.UNKNOWN_PARTICIPANT : Reason.OK;
    }

    void queryPosition(final Command c)
    {
        Reason r = checkQuery(c.participantId);
        final int instrument = engine.ref.instrumentIndex(c.instrumentId);
        if (r == Reason.OK && instrument == ReferenceData.NONE)
        {
            r = Reason.UNKNOWN_INSTRUMENT;
        }
        if (r != Reason.OK)
        {
            engine.result(r);
            return;
        }
        final Event e = engine.out.reply(EventType.POSITION_REPORT);
        e.participantId = c.participantId;
        e.instrumentId = c.instrumentId;
        e.amount = engine.ledger.balance(engine.ref.participantIndex(c.participantId), instrument);
        engine.out.emit();
    }

    void queryLimits(final Command c)
    {
        final Reason r = checkQuery(c.participantId);
        if (r != Reason.OK)
        {
            engine.result(r);
            return;
        }
        final IntArrayList accounts = engine.limits.limitedAccounts(engine.ref.participantIndex(c.participantId));
        final Event header = engine.out.reply(EventType.LIMITS_REPORT);
        header.participantId = c.participantId;
        header.count = accounts.size();
        engine.out.emit();
        for (int i = 0; i < accounts.size(); i++)
        {
            engine.emitLimit(EventType.LIMIT_LINE, c.participantId, accounts.get(i));
        }
    }

    /**
     * Every participant (the system submitter excepted) with its role, in participant-id order:
     * PARTICIPANTS_REPORT with the count, then one PARTICIPANT_LINE each. Reference data for risk,
     * operations and audit: a MEMBER gets NOT_AUTHORISED (it learns its own role at logon).
     */
    void queryParticipants()
    {
        final int submitter = engine.ref.participantIndex(engine.out.command().submitterId);
        if (submitter == ReferenceData.NONE)
        {
            engine.result(Reason.UNKNOWN_PARTICIPANT);
            return;
        }
        if (engine.ref.role(submitter) == Role.MEMBER.code())
        {
            engine.result(Reason.NOT_AUTHORISED);
            return;
        }
        final int count = engine.ref.participantCount();
        final Event header = engine.out.reply(EventType.PARTICIPANTS_REPORT);
        header.count = count - 1;
        engine.out.emit();
        for (int rank = 0; rank < count; rank++)
        {
            final int index = engine.ref.participantInIdOrder(rank);
            if (index != ReferenceData.SYSTEM_INDEX)
            {
                final Event line = engine.out.reply(EventType.PARTICIPANT_LINE);
                line.participantId = engine.ref.participantId(index);
                line.role = engine.ref.role(index);
                engine.out.emit();
            }
        }
    }
}
