package io.settlement.engine;

import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.Codes;
import io.settlement.protocol.journal.CancelInstructionCommandDecoder;
import io.settlement.protocol.journal.SetInstructionExpiryCommandDecoder;
import io.settlement.protocol.journal.SetMatchingToleranceCommandDecoder;
import io.settlement.protocol.journal.SubmitInstructionCommandDecoder;
import io.settlement.protocol.wire.InstructionStatus;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import io.settlement.protocol.wire.Side;

/**
 * Two-sided matching (DESIGN.md 4b, docs/rules.md "Two-sided matching"): SUBMIT_INSTRUCTION,
 * CANCEL_INSTRUCTION, SET_MATCHING_TOLERANCE, SET_INSTRUCTION_EXPIRY, and the expiry of unmatched
 * instructions at each date roll ({@link #expireAtRoll}, called by the {@link BusinessDateHandler}).
 * Owns the {@link InstructionStore}; a match registers its deal through {@link DealHandler#register},
 * the one registration of every deal.
 *
 * <p>SUBMIT_INSTRUCTION gives INSTRUCTION_ACCEPTED (count 1 for an idempotent repeat of the same
 * clientRef and content) or INSTRUCTION_REJECTED; a new instruction that matches a waiting one then
 * gives INSTRUCTION_MATCHED (the deal registered), or, when a limit refuses the deal, INSTRUCTION_ENDED
 * REFUSED for the waiting one and then for itself; one that does not match waits and gives
 * INSTRUCTION_ALLEGED (pushed to its counterparty). Every check comes before any change.
 */
final class InstructionHandler
{
    private final EngineState state;
    private final ReferenceData ref;
    private final InstructionStore instructions;
    private final DealHandler dealHandler;
    private final EventEmitter out;

    InstructionHandler(final EngineState state, final DealHandler dealHandler, final EventEmitter out)
    {
        this.state = state;
        this.ref = state.referenceData();
        this.instructions = state.instructions();
        this.dealHandler = dealHandler;
        this.out = out;
    }

    void submitInstruction(final CommandRecord command)
    {
        final SubmitInstructionCommandDecoder c = command.submitInstruction();
        final long submitterId = command.submitterId();
        final int submitter = ref.participantIndex(submitterId);
        if (submitter == ReferenceData.NONE)
        {
            reject(c, Reason.UNKNOWN_PARTICIPANT);
            return;
        }
        if (ref.role(submitter) != Role.MEMBER.value())
        {
            reject(c, Reason.NOT_AUTHORISED);
            return;
        }
        final int existing = instructions.slotOfClientRef(submitter, c.clientRef());
        if (existing != InstructionStore.NONE)
        {
            if (sameContent(existing, c))
            {
                // the original, as it stands now: its deal when MATCHED, why it ended when EXPIRED or REFUSED
                final Event e = out.reply(EventType.INSTRUCTION_ACCEPTED);
                fill(e, existing);
                e.count = 1;
                e.reason = Codes.reason(instructions.endReason[existing]);
                out.emit();
            }
            else
            {
                reject(c, Reason.DUPLICATE_CLIENT_REF);
            }
            return;
        }
        if (instructions.isRetired(submitter, c.clientRef()))
        {
            // its instruction ended and was purged: the clientRef stays taken, but the content is gone
            reject(c, Reason.CLIENT_REF_RETIRED);
            return;
        }
        final Side side = Codes.side(c.side());
        if (side == null)
        {
            reject(c, Reason.INVALID_FIELD);
            return;
        }
        final long buyerId = side == Side.BUY ? submitterId : c.counterpartyId();
        final long sellerId = side == Side.BUY ? c.counterpartyId() : submitterId;
        Reason invalid = dealHandler.checkTerms(submitterId, submitter, (byte)Role.MEMBER.value(), c.dealType(), buyerId, sellerId,
            c.securityId(), c.currencyId(), c.quantity(), c.cashAmount(), c.settlementDate(), true);
        if (invalid == Reason.OK)
        {
            invalid = DealHandler.checkPartialTerms(c.partialAllowed(), c.minimumQuantity(), c.quantity());
        }
        if (invalid != Reason.OK)
        {
            reject(c, invalid);
            return;
        }

        final int slot = instructions.add(submitter, c.clientRef());
        instructions.side[slot] = c.side();
        instructions.buyer[slot] = dealHandler.buyer();
        instructions.seller[slot] = dealHandler.seller();
        instructions.security[slot] = dealHandler.security();
        instructions.currency[slot] = dealHandler.currency();
        instructions.quantity[slot] = c.quantity();
        instructions.cashAmount[slot] = c.cashAmount();
        instructions.settlementDate[slot] = c.settlementDate();
        instructions.dealType[slot] = c.dealType();
        instructions.linkId[slot] = c.linkId();
        instructions.partialAllowed[slot] = c.partialAllowed();
        instructions.minimumQuantity[slot] = c.minimumQuantity();
        instructions.submittedDate[slot] = state.businessDate();
        final Event accepted = out.reply(EventType.INSTRUCTION_ACCEPTED);
        fill(accepted, slot);
        out.emit();

        final int waiting = instructions.findMatch(slot);
        if (waiting == InstructionStore.NONE)
        {
            instructions.startWaiting(slot);
            final Event alleged = out.notice(EventType.INSTRUCTION_ALLEGED);
            fill(alleged, slot);
            out.emit();
            return;
        }
        match(slot, waiting);
    }

    /** The arriving instruction in {@code slot} matched the waiting one: the deal is registered, or both end refused. */
    private void match(final int slot, final int waiting)
    {
        final InstructionStore s = instructions;
        final int sellSide = s.side[slot] == Side.SELL.value() ? slot : waiting;
        final boolean partial = s.partialAllowed[slot] == 1 && s.partialAllowed[waiting] == 1;
        final long minimum = partial ? Math.max(s.minimumQuantity[slot], s.minimumQuantity[waiting]) : 0;
        final int deal = dealHandler.register(true, s.owner[slot], 0, s.buyer[slot], s.seller[slot], s.security[slot],
            s.currency[slot], s.quantity[slot], s.cashAmount[sellSide], s.settlementDate[slot], s.dealType[slot],
            s.linkId[slot], s.linkId[waiting], (byte)(partial ? 1 : 0), minimum);
        if (deal == DealStore.NONE)
        {
            final Reason refusal = dealHandler.refusal();
            s.stopWaiting(waiting, InstructionStatus.REFUSED);
            s.endReason[waiting] = (byte)refusal.value();
            s.endedDate[waiting] = state.businessDate();
            s.status[slot] = (byte)InstructionStatus.REFUSED.value();
            s.endReason[slot] = (byte)refusal.value();
            s.endedDate[slot] = state.businessDate();
            final Event other = out.notice(EventType.INSTRUCTION_ENDED);
            fill(other, waiting);
            other.reason = refusal;
            out.emit();
            final Event own = out.reply(EventType.INSTRUCTION_ENDED);
            fill(own, slot);
            own.reason = refusal;
            out.emit();
            return;
        }
        final long dealId = state.deals().dealId(deal);
        s.stopWaiting(waiting, InstructionStatus.MATCHED);
        s.dealId[waiting] = dealId;
        s.endedDate[waiting] = state.businessDate();
        s.status[slot] = (byte)InstructionStatus.MATCHED.value();
        s.dealId[slot] = dealId;
        s.endedDate[slot] = state.businessDate();
        final Event e = out.reply(EventType.INSTRUCTION_MATCHED);
        fill(e, slot);
        e.matchedInstructionId = s.instructionId(waiting);
        e.matchedClientRef = s.clientRef[waiting];
        e.matchedCashAmount = s.cashAmount[waiting];
        e.matchedLinkId = s.linkId[waiting];
        e.dealId = dealId;
        e.dealCashAmount = s.cashAmount[sellSide];
        e.dealPartialAllowed = (byte)(partial ? 1 : 0);
        e.dealMinimumQuantity = minimum;
        out.emit();
    }

    void cancelInstruction(final CommandRecord command)
    {
        final CancelInstructionCommandDecoder c = command.cancelInstruction();
        final int submitter = ref.participantIndex(command.submitterId());
        if (submitter == ReferenceData.NONE)
        {
            out.result(Reason.UNKNOWN_PARTICIPANT);
            return;
        }
        if (ref.role(submitter) != Role.MEMBER.value())
        {
            out.result(Reason.NOT_AUTHORISED);
            return;
        }
        final int slot = instructions.slotOf(c.instructionId());
        if (slot == InstructionStore.NONE)
        {
            // a purged instruction had ended: no longer unmatched (its owner is no longer known)
            out.result(instructions.isPurged(c.instructionId()) ? Reason.INSTRUCTION_NOT_PENDING : Reason.UNKNOWN_INSTRUCTION);
            return;
        }
        if (instructions.owner[slot] != submitter)
        {
            out.result(Reason.NOT_YOUR_INSTRUCTION);
            return;
        }
        if (!instructions.isWaiting(slot))
        {
            out.result(Reason.INSTRUCTION_NOT_PENDING);
            return;
        }
        instructions.stopWaiting(slot, InstructionStatus.CANCELLED);
        instructions.endedDate[slot] = state.businessDate();
        final Event e = out.reply(EventType.INSTRUCTION_ENDED);
        fill(e, slot);
        out.emit();
    }

    /** OPERATOR: the cash tolerance of a currency, 0 or more minor units. */
    void setMatchingTolerance(final CommandRecord command)
    {
        final SetMatchingToleranceCommandDecoder c = command.setMatchingTolerance();
        Reason r = Access.authorise(ref, command.submitterId(), Role.OPERATOR, Role.OPERATOR);
        final int currency = ref.instrumentIndex(c.currencyId());
        if (r == Reason.OK)
        {
            r = Access.checkInstrument(ref, currency, InstrumentKind.CURRENCY);
        }
        if (r == Reason.OK && c.toleranceMinor() < 0)
        {
            r = Reason.INVALID_AMOUNT;
        }
        if (r == Reason.OK)
        {
            instructions.tolerance(currency, c.toleranceMinor());
        }
        out.result(r);
    }

    /** OPERATOR: the business days an unmatched instruction waits, 0 to 250; read at each date roll. */
    void setInstructionExpiry(final CommandRecord command)
    {
        final SetInstructionExpiryCommandDecoder c = command.setInstructionExpiry();
        Reason r = Access.authorise(ref, command.submitterId(), Role.OPERATOR, Role.OPERATOR);
        if (r == Reason.OK && (c.businessDays() < 0 || c.businessDays() > InstructionStore.MAX_EXPIRY_BUSINESS_DAYS))
        {
            r = Reason.INVALID_EXPIRY;
        }
        if (r == Reason.OK)
        {
            instructions.expiryBusinessDays(c.businessDays());
        }
        out.result(r);
    }

    /**
     * At a date roll from {@code previousDate} to the new business date (already set): instructions
     * submitted before the first business date count from it (their submission date becomes it), then
     * every waiting instruction whose Nth business day after its submission date is before the new
     * business date expires, oldest first, with INSTRUCTION_ENDED EXPIRED (pushed to both parties).
     * Submission dates never decrease in instructionId order, so the walk stops at the first one that
     * has not expired.
     *
     * @return the number of instructions expired
     */
    long expireAtRoll(final int previousDate)
    {
        final int businessDate = state.businessDate();
        if (previousDate == 0)
        {
            for (int i = 0; i < instructions.waitingOrderLength(); i++)
            {
                final int slot = instructions.waitingSlotAt(i);
                if (slot != InstructionStore.NONE)
                {
                    instructions.submittedDate[slot] = businessDate;
                }
            }
        }
        final int days = instructions.expiryBusinessDays();
        long expired = 0;
        int lastSubmitted = -1;
        int lastDeadline = 0;
        for (int slot = instructions.oldestWaiting(); slot != InstructionStore.NONE; slot = instructions.oldestWaiting())
        {
            final int submitted = instructions.submittedDate[slot];
            if (submitted != lastSubmitted)
            {
                lastSubmitted = submitted;
                lastDeadline = state.calendar().businessDaysAfter(submitted, days);
            }
            if (businessDate <= lastDeadline)
            {
                break;
            }
            instructions.stopWaiting(slot, InstructionStatus.EXPIRED);
            instructions.endReason[slot] = (byte)Reason.UNMATCHED_EXPIRED.value();
            instructions.endedDate[slot] = businessDate;
            final Event e = out.notice(EventType.INSTRUCTION_ENDED);
            fill(e, slot);
            e.reason = Reason.UNMATCHED_EXPIRED;
            out.emit();
            expired++;
        }
        instructions.compactWaitingOrder();
        return expired;
    }

    /**
     * At a date roll, after the expiries: purges the ended instructions past the retention period (the
     * rule of deals, docs/rules.md "Retention"): both their settlement date and the business date they
     * ended are before {@code cutoffDate} (the business date less the retention period), and a MATCHED
     * one's deal has left memory. Their clientRefs stay taken. Gives no event.
     *
     * @return the number purged
     */
    long purgeAtRoll(final int cutoffDate)
    {
        final DealStore deals = state.deals();
        return instructions.purgeEndedBefore(cutoffDate, dealId -> deals.slotOf(dealId) == DealStore.NONE);
    }

    private boolean sameContent(final int slot, final SubmitInstructionCommandDecoder c)
    {
        final InstructionStore s = instructions;
        final int currency = s.currency[slot];
        return s.side[slot] == c.side()
            && ref.participantId(s.counterparty(slot)) == c.counterpartyId()
            && ref.instrumentId(s.security[slot]) == c.securityId()
            && (currency == ReferenceData.NONE ? 0 : ref.instrumentId(currency)) == c.currencyId()
            && s.quantity[slot] == c.quantity()
            && s.cashAmount[slot] == c.cashAmount()
            && s.settlementDate[slot] == c.settlementDate()
            && s.dealType[slot] == c.dealType()
            && s.linkId[slot] == c.linkId()
            && s.partialAllowed[slot] == c.partialAllowed()
            && s.minimumQuantity[slot] == c.minimumQuantity();
    }

    private void reject(final SubmitInstructionCommandDecoder c, final Reason reason)
    {
        final Event e = out.reply(EventType.INSTRUCTION_REJECTED);
        e.clientRef = c.clientRef();
        e.currencyId = c.currencyId(); // not encoded: for the pipeline's counters
        e.reason = reason;
        out.emit();
    }

    /** The instruction's terms, id and status on an INSTRUCTION_* event. */
    static void fill(final Event e, final InstructionStore s, final ReferenceData ref, final int slot)
    {
        final int currency = s.currency[slot];
        e.instructionId = s.instructionId(slot);
        e.clientRef = s.clientRef[slot];
        e.side = s.side[slot];
        e.buyerId = ref.participantId(s.buyer[slot]);
        e.sellerId = ref.participantId(s.seller[slot]);
        e.securityId = ref.instrumentId(s.security[slot]);
        e.currencyId = currency == ReferenceData.NONE ? 0 : ref.instrumentId(currency);
        e.quantity = s.quantity[slot];
        e.cashAmount = s.cashAmount[slot];
        e.settlementDate = s.settlementDate[slot];
        e.dealType = s.dealType[slot];
        e.linkId = s.linkId[slot];
        e.partialAllowed = s.partialAllowed[slot];
        e.minimumQuantity = s.minimumQuantity[slot];
        e.instructionStatus = s.status[slot];
        e.submittedDate = s.submittedDate[slot];
        e.dealId = s.dealId[slot];
    }

    private void fill(final Event e, final int slot)
    {
        fill(e, instructions, ref, slot);
    }
}
