package io.settlement.engine;

import io.settlement.protocol.journal.DepositCommandDecoder;
import io.settlement.protocol.journal.WithdrawCommandDecoder;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;

/**
 * Funding: DEPOSIT and WITHDRAW, both the operator's. Owns what enters and leaves the system, the
 * {@link Ledger}'s supply with the balance it lands in or comes from (settlement cycles only move
 * balances between participants). Each command gets one COMMAND_RESULT; a refusal changes nothing.
 */
final class FundingHandler
{
    private final ReferenceData ref;
    private final Ledger ledger;
    private final EventEmitter out;

    FundingHandler(final EngineState state, final EventEmitter out)
    {
        this.ref = state.referenceData();
        this.ledger = state.ledger();
        this.out = out;
    }

    void deposit(final CommandRecord command)
    {
        final DepositCommandDecoder c = command.deposit();
        final long amount = c.amount();
        Reason r = check(command.submitterId(), c.participantId(), c.instrumentId(), amount);
        if (r == Reason.OK)
        {
            final int instrument = ref.instrumentIndex(c.instrumentId());
            if (ledger.depositOverflows(instrument, amount))
            {
                r = Reason.OVERFLOW;
            }
            else
            {
                ledger.deposit(ref.participantIndex(c.participantId()), instrument, amount);
            }
        }
        out.result(r);
    }

    void withdraw(final CommandRecord command)
    {
        final WithdrawCommandDecoder c = command.withdraw();
        final long amount = c.amount();
        Reason r = check(command.submitterId(), c.participantId(), c.instrumentId(), amount);
        if (r == Reason.OK)
        {
            final int participant = ref.participantIndex(c.participantId());
            final int instrument = ref.instrumentIndex(c.instrumentId());
            if (ledger.balance(participant, instrument) < amount)
            {
                r = Reason.INSUFFICIENT_BALANCE;
            }
            else
            {
                ledger.withdraw(participant, instrument, amount);
            }
        }
        out.result(r);
    }

    private Reason check(final long submitterId, final long participantId, final int instrumentId, final long amount)
    {
        final Reason r = Access.authorise(ref, submitterId, Role.OPERATOR, Role.OPERATOR);
        if (r != Reason.OK)
        {
            return r;
        }
        if (ref.participantIndex(participantId) == ReferenceData.NONE)
        {
            return Reason.UNKNOWN_PARTICIPANT;
        }
        if (ref.instrumentIndex(instrumentId) == ReferenceData.NONE)
        {
            return Reason.UNKNOWN_INSTRUMENT;
        }
        return amount <= 0 ? Reason.INVALID_AMOUNT : Reason.OK;
    }
}
