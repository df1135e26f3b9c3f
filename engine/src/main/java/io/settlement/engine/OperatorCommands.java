package io.settlement.engine;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.engine.api.InstrumentKind;
import io.settlement.engine.api.LimitKind;
import io.settlement.engine.api.Reason;
import io.settlement.engine.api.Role;

/**
 * The engine's operator and risk commands: reference data, funding, limits and the business date.
 * Each validates completely, then changes the engine's state and emits one outcome; a refusal
 * changes nothing. Part of {@link SettlementEngine}, split out to keep each file readable.
 */
final class OperatorCommands
{
    private final SettlementEngine engine;

    OperatorCommands(final SettlementEngine engine)
    {
        this.engine = engine;
    }

    /** @return OK when the submitter exists and holds one of the two roles (pass the same role twice for one). */
    Reason authorise(final Role allowed, final Role alsoAllowed)
    {
        final int submitter = engine.ref.participantIndex(engine.out.command().submitterId);
        if (submitter == ReferenceData.NONE)
        {
            return Reason.UNKNOWN_PARTICIPANT;
        }
        final byte role = engine.ref.role(submitter);
        return role == allowed.code() || role == alsoAllowed.code() ? Reason.OK : Reason.NOT_AUTHORISED;
    }

    void createParticipant(final Command c)
    {
        Reason r = authorise(Role.OPERATOR, Role.OPERATOR);
        if (r == Reason.OK)
        {
            if (c.participantId <= 0 || Role.fromCode(c.role) == null)
            {
                r = Reason.INVALID_FIELD;
            }
            else if (engine.ref.participantIndex(c.participantId) != ReferenceData.NONE)
            {
                r = Reason.ALREADY_EXISTS;
            }
            else
            {
                engine.ref.addParticipant(c.participantId, c.role);
            }
        }
        engine.result(r);
    }

    void createInstrument(final Command c)
    {
        Reason r = authorise(Role.OPERATOR, Role.OPERATOR);
        if (r == Reason.OK)
        {
            if (c.instrumentId <= 0 || InstrumentKind.fromCode(c.instrumentKind) == null
                || !ReferenceData.isValidCode(c.code))
            {
                r = Reason.INVALID_FIELD;
            }
            else if (engine.ref.instrumentIndex(c.instrumentId) != ReferenceData.NONE)
            {
                r = Reason.ALREADY_EXISTS;
            }
            else
            {
                engine.ref.addInstrument(c.instrumentId, c.instrumentKind, c.code);
            }
        }
        engine.result(r);
    }

    private Reason checkFunding(final Command c)
    {
        final Reason r = authorise(Role.OPERATOR, Role.OPERATOR);
        if (r != Reason.OK)
        {
            return r;
        }
        if (engine.ref.participantIndex(c.participantId) == ReferenceData.NONE)
        {
            return Reason.UNKNOWN_PARTICIPANT;
        }
        if (engine.ref.instrumentIndex(c.instrumentId) == ReferenceData.NONE)
        {
            return Reason.UNKNOWN_INSTRUMENT;
        }
        return c.amount <= 0 ? Reason.INVALID_AMOUNT : Reason.OK;
    }

    void deposit(final Command c)
    {
        Reason r = checkFunding(c);
        if (r == Reason.OK)
        {
            final int instrument = engine.ref.instrumentIndex(c.instrumentId);
            if (engine.ledger.depositOverflows(instrument, c.amount))
            {
                r = Reason.OVERFLOW;
            }
            else
            {
                engine.ledger.deposit(engine.ref.participantIndex(c.participantId), instrument, c.amount);
            }
        }
        engine.result(r);
    }

    void withdraw(final Command c)
    {
        Reason r = checkFunding(c);
        if (r == Reason.OK)
        {
            final int participant = engine.ref.participantIndex(c.participantId);
            final int instrument = engine.ref.instrumentIndex(c.instrumentId);
            if (engine.ledger.balance(participant, instrument) < c.amount)
            {
                r = Reason.INSUFFICIENT_BALANCE;
            }
            else
            {
                engine.ledger.withdraw(participant, instrument, c.amount);
            }
        }
        engine.result(r);
    }

    void setLimit(final Command c)
    {
        Reason r = authorise(Role.RISK, Role.OPERATOR);
        final LimitKind kind = LimitKind.fromCode(c.limitKind);
        final int participant = engine.ref.participantIndex(c.participantId);
        int keyIndex = ReferenceData.NONE;
        if (r == Reason.OK)
        {
            if (kind == null)
            {
                r = Reason.INVALID_FIELD;
            }
            else if (participant == ReferenceData.NONE)
            {
                r = Reason.UNKNOWN_PARTICIPANT;
            }
            else if (kind == LimitKind.COUNTERPARTY)
            {
                keyIndex = engine.ref.participantIndex(c.limitKey);
                r = keyIndex == ReferenceData.NONE ? Reason.UNKNOWN_PARTICIPANT
                    : keyIndex == participant ? Reason.SAME_BUYER_AND_SELLER : Reason.OK;
            }
            else
            {
                final InstrumentKind expected = kind == LimitKind.CREDIT ? InstrumentKind.CURRENCY : InstrumentKind.SECURITY;
                final boolean fitsInt = c.limitKey == (int)c.limitKey;
                keyIndex = fitsInt ? engine.ref.instrumentIndex((int)c.limitKey) : ReferenceData.NONE;
                r = engine.checkInstrument(keyIndex, expected);
            }
        }
        if (r == Reason.OK && c.amount < 0)
        {
            r = Reason.INVALID_AMOUNT;
        }
        if (r != Reason.OK)
        {
            engine.result(r);
            return;
        }
        final int account = engine.limits.setLimit(kind, participant, keyIndex, c.limitKey, c.amount);
        engine.emitLimit(EventType.LIMIT_SET, c.participantId, account);
    }

    void advanceBusinessDate(final Command c)
    {
        Reason r = authorise(Role.OPERATOR, Role.OPERATOR);
        if (r == Reason.OK && (!Dates.isValid(c.businessDate) || c.businessDate < engine.businessDate))
        {
            r = Reason.INVALID_DATE;
        }
        if (r != Reason.OK)
        {
            engine.result(r);
            return;
        }
        engine.businessDate = c.businessDate;
        final int cutoff = Dates.plusDays(engine.businessDate, -engine.retainFinishedDays);
        final long purged = engine.deals.purgeFinishedBefore(cutoff);
        final Event e = engine.out.reply(EventType.BUSINESS_DATE_ADVANCED);
        e.businessDate = engine.businessDate;
        e.count = purged;
        engine.out.emit();
    }

    /** Sets the retention period; purges follow it from the next date roll on. */
    void setRetention(final Command c)
    {
        Reason r = authorise(Role.OPERATOR, Role.OPERATOR);
        if (r == Reason.OK && (c.retainFinishedDays < 0 || c.retainFinishedDays > SettlementEngine.MAX_RETAIN_FINISHED_DAYS))
        {
            r = Reason.INVALID_FIELD;
        }
        if (r == Reason.OK)
        {
            engine.retainFinishedDays = c.retainFinishedDays;
        }
        engine.result(r);
    }
}
