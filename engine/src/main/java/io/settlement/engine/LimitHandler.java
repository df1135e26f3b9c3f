package io.settlement.engine;

import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.Codes;
import io.settlement.protocol.journal.SetLimitCommandDecoder;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.LimitKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;

/**
 * Limits: SET_LIMIT, by RISK or an OPERATOR. Owns the limits in the {@link LimitBook}; their
 * utilisation is the deals' ({@link DealExposure}). Gives LIMIT_SET, or a COMMAND_RESULT that says
 * why not and changes nothing.
 */
final class LimitHandler
{
    private final ReferenceData ref;
    private final LimitBook limits;
    private final EventEmitter out;

    LimitHandler(final EngineState state, final EventEmitter out)
    {
        this.ref = state.referenceData();
        this.limits = state.limits();
        this.out = out;
    }

    void setLimit(final CommandRecord command)
    {
        final SetLimitCommandDecoder c = command.setLimit();
        Reason r = Access.authorise(ref, command.submitterId(), Role.RISK, Role.OPERATOR);
        final LimitKind kind = Codes.limitKind(c.limitKind());
        final int participant = ref.participantIndex(c.participantId());
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
                keyIndex = ref.participantIndex(c.limitKey());
                r = keyIndex == ReferenceData.NONE ? Reason.UNKNOWN_PARTICIPANT
                    : keyIndex == participant ? Reason.SAME_BUYER_AND_SELLER : Reason.OK;
            }
            else
            {
                final InstrumentKind expected = kind == LimitKind.CREDIT ? InstrumentKind.CURRENCY : InstrumentKind.SECURITY;
                final boolean fitsInt = c.limitKey() == (int)c.limitKey();
                keyIndex = fitsInt ? ref.instrumentIndex((int)c.limitKey()) : ReferenceData.NONE;
                r = Access.checkInstrument(ref, keyIndex, expected);
            }
        }
        if (r == Reason.OK && c.amount() < 0)
        {
            r = Reason.INVALID_AMOUNT;
        }
        if (r != Reason.OK)
        {
            out.result(r);
            return;
        }
        final int account = limits.setLimit(kind, participant, keyIndex, c.limitKey(), c.amount());
        final Event e = out.reply(EventType.LIMIT_SET);
        StateEvents.fillLimit(e, limits, c.participantId(), account);
        out.emit();
    }
}
