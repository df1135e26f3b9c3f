package io.settlement.gateway.client;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import io.settlement.gateway.client.sbe.CommandResultDecoder;
import io.settlement.gateway.client.sbe.DealAcceptedDecoder;
import io.settlement.gateway.client.sbe.DealCancelledDecoder;
import io.settlement.gateway.client.sbe.DealHeldDecoder;
import io.settlement.gateway.client.sbe.DealPartiallySettledDecoder;
import io.settlement.gateway.client.sbe.DealRejectedDecoder;
import io.settlement.gateway.client.sbe.DealReleasedDecoder;
import io.settlement.gateway.client.sbe.DealReportDecoder;
import io.settlement.gateway.client.sbe.DealSettledDecoder;
import io.settlement.gateway.client.sbe.DealSettlementFailedDecoder;
import io.settlement.gateway.client.sbe.DealStatus;
import io.settlement.gateway.client.sbe.DealType;
import io.settlement.gateway.client.sbe.InstructionAcceptedDecoder;
import io.settlement.gateway.client.sbe.InstructionAllegedDecoder;
import io.settlement.gateway.client.sbe.InstructionEndedDecoder;
import io.settlement.gateway.client.sbe.InstructionMatchedDecoder;
import io.settlement.gateway.client.sbe.InstructionRejectedDecoder;
import io.settlement.gateway.client.sbe.InstructionReportDecoder;
import io.settlement.gateway.client.sbe.InstructionStatus;
import io.settlement.gateway.client.sbe.InstrumentsReportDecoder;
import io.settlement.gateway.client.sbe.LimitsReportDecoder;
import io.settlement.gateway.client.sbe.LockoutsReportDecoder;
import io.settlement.gateway.client.sbe.LogonAcceptedDecoder;
import io.settlement.gateway.client.sbe.ParticipantsReportDecoder;
import io.settlement.gateway.client.sbe.PositionReportDecoder;
import io.settlement.gateway.client.sbe.Reason;
import io.settlement.gateway.client.sbe.Role;
import io.settlement.gateway.client.sbe.SessionRejectDecoder;
import io.settlement.gateway.client.sbe.Side;

/**
 * One message from the gateway, decoded: an immutable value holding the union of the fields of every
 * gateway-to-client message. A field the message does not carry is 0 (numbers), null (enums) or empty
 * ({@link #limits()}, {@link #participants()}, {@link #instruments()}, {@link #lockouts()}). Messages without
 * a correlationId (SessionReject, DealSettled, DealSettlementFailed) report 0, as do pushed DealCancelled,
 * DealHeld and DealReleased messages.
 */
public final class Response
{
    /** The gateway-to-client messages of the schema, by template id. */
    public enum Type
    {
        LOGON_ACCEPTED(LogonAcceptedDecoder.TEMPLATE_ID),
        SESSION_REJECT(SessionRejectDecoder.TEMPLATE_ID),
        DEAL_ACCEPTED(DealAcceptedDecoder.TEMPLATE_ID),
        DEAL_REJECTED(DealRejectedDecoder.TEMPLATE_ID),
        DEAL_CANCELLED(DealCancelledDecoder.TEMPLATE_ID),
        DEAL_SETTLED(DealSettledDecoder.TEMPLATE_ID),
        DEAL_SETTLEMENT_FAILED(DealSettlementFailedDecoder.TEMPLATE_ID),
        LIMITS_REPORT(LimitsReportDecoder.TEMPLATE_ID),
        POSITION_REPORT(PositionReportDecoder.TEMPLATE_ID),
        DEAL_REPORT(DealReportDecoder.TEMPLATE_ID),
        COMMAND_RESULT(CommandResultDecoder.TEMPLATE_ID),
        PARTICIPANTS_REPORT(ParticipantsReportDecoder.TEMPLATE_ID),
        LOCKOUTS_REPORT(LockoutsReportDecoder.TEMPLATE_ID),
        INSTRUMENTS_REPORT(InstrumentsReportDecoder.TEMPLATE_ID),
        DEAL_HELD(DealHeldDecoder.TEMPLATE_ID),
        DEAL_RELEASED(DealReleasedDecoder.TEMPLATE_ID),
        DEAL_PARTIALLY_SETTLED(DealPartiallySettledDecoder.TEMPLATE_ID),
        INSTRUCTION_ACCEPTED(InstructionAcceptedDecoder.TEMPLATE_ID),
        INSTRUCTION_ALLEGED(InstructionAllegedDecoder.TEMPLATE_ID),
        INSTRUCTION_MATCHED(InstructionMatchedDecoder.TEMPLATE_ID),
        INSTRUCTION_REJECTED(InstructionRejectedDecoder.TEMPLATE_ID),
        INSTRUCTION_ENDED(InstructionEndedDecoder.TEMPLATE_ID),
        INSTRUCTION_REPORT(InstructionReportDecoder.TEMPLATE_ID);

        private final int templateId;

        Type(final int templateId)
        {
            this.templateId = templateId;
        }

        public int templateId()
        {
            return templateId;
        }

        private static final Type[] BY_TEMPLATE_ID =
            new Type[Arrays.stream(values()).mapToInt(Type::templateId).max().orElseThrow() + 1];

        static
        {
            for (final Type type : values())
            {
                BY_TEMPLATE_ID[type.templateId] = type;
            }
        }

        /** @return the type with this template id, or null when it is not a gateway-to-client message. */
        public static Type fromTemplateId(final int templateId)
        {
            return templateId >= 0 && templateId < BY_TEMPLATE_ID.length ? BY_TEMPLATE_ID[templateId] : null;
        }
    }

    private final Type type;
    private final long correlationId;
    private final long participantId;
    private final Role role;
    private final int businessDate;
    private final Reason reason;
    private final int refTemplateId;
    private final long clientDealId;
    private final long dealId;
    private final long sequence;
    private final int settlementDate;
    private final long balance;
    private final int instrumentId;
    private final long buyerId;
    private final long sellerId;
    private final int securityId;
    private final int currencyId;
    private final long quantity;
    private final long cashAmount;
    private final DealType dealType;
    private final DealStatus status;
    private final Reason lastFailReason;
    private final Reason result;
    private final List<LimitLine> limits;
    private final List<ParticipantLine> participants;
    private final List<InstrumentLine> instruments;
    private final long remaining;
    private final List<LockoutLine> lockouts;
    private final long total;
    private final Side side;
    private final int heldSides;
    private final long linkId;
    private final boolean partialAllowed;
    private final long minimumQuantity;
    private final long partQuantity;
    private final long partCash;
    private final long settledQuantity;
    private final long settledCash;
    private final long remainingQuantity;
    private final long instructionId;
    private final long clientRef;
    private final InstructionStatus instructionStatus;
    private final long counterpartyId;
    private final long buyInstructionId;
    private final long buyClientRef;
    private final long sellInstructionId;
    private final long sellClientRef;
    private final int submittedDate;

    Response(final ResponseBuilder b)
    {
        type = b.type;
        correlationId = b.correlationId;
        participantId = b.participantId;
        role = b.role;
        businessDate = b.businessDate;
        reason = b.reason;
        refTemplateId = b.refTemplateId;
        clientDealId = b.clientDealId;
        dealId = b.dealId;
        sequence = b.sequence;
        settlementDate = b.settlementDate;
        balance = b.balance;
        instrumentId = b.instrumentId;
        buyerId = b.buyerId;
        sellerId = b.sellerId;
        securityId = b.securityId;
        currencyId = b.currencyId;
        quantity = b.quantity;
        cashAmount = b.cashAmount;
        dealType = b.dealType;
        status = b.status;
        lastFailReason = b.lastFailReason;
        result = b.result;
        limits = List.copyOf(b.limits);
        participants = List.copyOf(b.participants);
        instruments = List.copyOf(b.instruments);
        remaining = b.remaining;
        linkId = b.linkId;
        partialAllowed = b.partialAllowed;
        minimumQuantity = b.minimumQuantity;
        partQuantity = b.partQuantity;
        partCash = b.partCash;
        settledQuantity = b.settledQuantity;
        settledCash = b.settledCash;
        remainingQuantity = b.remainingQuantity;
        instructionId = b.instructionId;
        clientRef = b.clientRef;
        instructionStatus = b.instructionStatus;
        counterpartyId = b.counterpartyId;
        buyInstructionId = b.buyInstructionId;
        buyClientRef = b.buyClientRef;
        sellInstructionId = b.sellInstructionId;
        sellClientRef = b.sellClientRef;
        submittedDate = b.submittedDate;
        lockouts = List.copyOf(b.lockouts);
        total = b.total;
        side = b.side;
        heldSides = b.heldSides;
    }

    /** A builder for a message of {@code type}; every field left unset is 0, null or empty. */
    public static ResponseBuilder builder(final Type type)
    {
        return new ResponseBuilder(type);
    }

    public int templateId()
    {
        return type.templateId();
    }

    public Type type()
    {
        return type;
    }

    public long correlationId()
    {
        return correlationId;
    }

    public long participantId()
    {
        return participantId;
    }

    public Role role()
    {
        return role;
    }

    public int businessDate()
    {
        return businessDate;
    }

    /**
     * @return the reason of a SessionReject, DealRejected or DealSettlementFailed; in an InstructionAccepted
     * answering a repeat, why its instruction ended (EXPIRED: UNMATCHED_EXPIRED; REFUSED: the refusal), else OK.
     */
    public Reason reason()
    {
        return reason;
    }

    /** @return the template id a SessionReject or CommandResult refers to. */
    public int refTemplateId()
    {
        return refTemplateId;
    }

    public long clientDealId()
    {
        return clientDealId;
    }

    /** @return the deal's id; in an InstructionAccepted answering a repeat of a MATCHED instruction, its deal (else 0). */
    public long dealId()
    {
        return dealId;
    }

    /** @return the journal sequence of a DealAccepted. */
    public long sequence()
    {
        return sequence;
    }

    public int settlementDate()
    {
        return settlementDate;
    }

    public long balance()
    {
        return balance;
    }

    public int instrumentId()
    {
        return instrumentId;
    }

    public long buyerId()
    {
        return buyerId;
    }

    public long sellerId()
    {
        return sellerId;
    }

    public int securityId()
    {
        return securityId;
    }

    public int currencyId()
    {
        return currencyId;
    }

    public long quantity()
    {
        return quantity;
    }

    public long cashAmount()
    {
        return cashAmount;
    }

    public DealType dealType()
    {
        return dealType;
    }

    public DealStatus status()
    {
        return status;
    }

    public Reason lastFailReason()
    {
        return lastFailReason;
    }

    /** @return a CommandResult's result: OK, or why the command was refused. */
    public Reason result()
    {
        return result;
    }

    /** @return a LimitsReport's lines (unmodifiable), empty for every other type. */
    public List<LimitLine> limits()
    {
        return limits;
    }

    /**
     * @return a ParticipantsReport's lines (unmodifiable), in participant-id order; empty for every other type.
     * The report {@link GatewayClient#queryParticipants()} completes with holds every participant, however many
     * frames the gateway sent it in.
     */
    public List<ParticipantLine> participants()
    {
        return participants;
    }

    /**
     * @return an InstrumentsReport's lines (unmodifiable), in instrument-id order; empty for every other type.
     * The report {@link GatewayClient#queryInstruments()} completes with holds every instrument, however many
     * frames the gateway sent it in.
     */
    public List<InstrumentLine> instruments()
    {
        return instruments;
    }

    /**
     * @return in one ParticipantsReport or InstrumentsReport frame, the lines later frames of the same answer
     * hold; 0 in the last frame and in the whole report a {@link GatewayClient} hands out.
     */
    public long remaining()
    {
        return remaining;
    }

    /** @return a LockoutsReport's lines (unmodifiable), the lockout ending last first; empty for every other type. */
    public List<LockoutLine> lockouts()
    {
        return lockouts;
    }

    /**
     * @return in a LockoutsReport, the number of lockouts in force: more than {@link #lockouts()} holds when the
     * gateway lists only those ending last (at most 50).
     */
    public long total()
    {
        return total;
    }

    /** @return the side a DealHeld or DealReleased names; null for every other type. */
    public Side side()
    {
        return side;
    }

    /**
     * @return the sides of the deal on hold: in a DealHeld or DealReleased after the change, in a DealReport
     * now; 0 none, 1 the buyer's (BUY), 2 the seller's (SELL), 3 both. DealHeld and DealReleased give who
     * held or released it as {@link #participantId()}.
     */
    public int heldSides()
    {
        return heldSides;
    }

    /** @return a DealReport's link id: 0 when the deal is not linked. */
    public long linkId()
    {
        return linkId;
    }

    /** @return in a DealReport, whether the deal may settle in parts. */
    public boolean partialAllowed()
    {
        return partialAllowed;
    }

    /** @return a DealReport's minimum part (0 when the deal settles in full only). */
    public long minimumQuantity()
    {
        return minimumQuantity;
    }

    /** @return the quantity a DealPartiallySettled's part moved, or the final part of a DealSettled (the whole deal when it had no parts). */
    public long partQuantity()
    {
        return partQuantity;
    }

    /** @return the cash a DealPartiallySettled's part moved, or the final part's of a DealSettled. */
    public long partCash()
    {
        return partCash;
    }

    /** @return in a DealPartiallySettled or DealReport, the quantity settled so far. */
    public long settledQuantity()
    {
        return settledQuantity;
    }

    /** @return in a DealPartiallySettled or DealReport, the cash paid so far. */
    public long settledCash()
    {
        return settledCash;
    }

    /** @return in a DealPartiallySettled or DealReport, the quantity still to settle (of a cancelled deal: what was cancelled). */
    public long remainingQuantity()
    {
        return remainingQuantity;
    }

    /** @return in an instruction message, the engine-assigned instruction id. */
    public long instructionId()
    {
        return instructionId;
    }

    /** @return in an instruction message, the owner's key for the instruction. */
    public long clientRef()
    {
        return clientRef;
    }

    /** @return in an InstructionAccepted, InstructionEnded or InstructionReport, where the instruction stands; null otherwise. */
    public InstructionStatus instructionStatus()
    {
        return instructionStatus;
    }

    /** @return in an InstructionEnded, the other party (its owner is {@link #participantId()}). */
    public long counterpartyId()
    {
        return counterpartyId;
    }

    /** @return in an InstructionMatched, the buyer's instruction. */
    public long buyInstructionId()
    {
        return buyInstructionId;
    }

    /** @return in an InstructionMatched, the buyer's clientRef. */
    public long buyClientRef()
    {
        return buyClientRef;
    }

    /** @return in an InstructionMatched, the seller's instruction. */
    public long sellInstructionId()
    {
        return sellInstructionId;
    }

    /** @return in an InstructionMatched, the seller's clientRef. */
    public long sellClientRef()
    {
        return sellClientRef;
    }

    /** @return in an InstructionReport, the business date its expiry counts from (0: before the first business date). */
    public int submittedDate()
    {
        return submittedDate;
    }

    /** @return true for a message the gateway pushed rather than sent in answer to a request. */
    public boolean isPush()
    {
        return correlationId == 0 &&
            (type == Type.DEAL_SETTLED || type == Type.DEAL_SETTLEMENT_FAILED || type == Type.DEAL_CANCELLED
            || type == Type.DEAL_HELD || type == Type.DEAL_RELEASED || type == Type.DEAL_PARTIALLY_SETTLED
            || type == Type.INSTRUCTION_ALLEGED || type == Type.INSTRUCTION_MATCHED || type == Type.INSTRUCTION_ENDED);
    }

    @Override
    public boolean equals(final Object o)
    {
        if (this == o)
        {
            return true;
        }
        if (!(o instanceof Response r))
        {
            return false;
        }
        return type == r.type && correlationId == r.correlationId && participantId == r.participantId &&
            role == r.role && businessDate == r.businessDate && reason == r.reason &&
            refTemplateId == r.refTemplateId && clientDealId == r.clientDealId && dealId == r.dealId &&
            sequence == r.sequence && settlementDate == r.settlementDate && balance == r.balance &&
            instrumentId == r.instrumentId && buyerId == r.buyerId && sellerId == r.sellerId &&
            securityId == r.securityId && currencyId == r.currencyId && quantity == r.quantity &&
            cashAmount == r.cashAmount && dealType == r.dealType && status == r.status &&
            lastFailReason == r.lastFailReason && result == r.result && limits.equals(r.limits) &&
            participants.equals(r.participants) && instruments.equals(r.instruments) && remaining == r.remaining &&
            lockouts.equals(r.lockouts) && total == r.total && side == r.side && heldSides == r.heldSides &&
            linkId == r.linkId && partialAllowed == r.partialAllowed &&
            minimumQuantity == r.minimumQuantity && partQuantity == r.partQuantity && partCash == r.partCash &&
            settledQuantity == r.settledQuantity && settledCash == r.settledCash && remainingQuantity == r.remainingQuantity &&
            instructionId == r.instructionId && clientRef == r.clientRef && Objects.equals(instructionStatus, r.instructionStatus) && counterpartyId == r.counterpartyId && buyInstructionId == r.buyInstructionId && buyClientRef == r.buyClientRef && sellInstructionId == r.sellInstructionId && sellClientRef == r.sellClientRef && submittedDate == r.submittedDate;
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(type, correlationId, participantId, role, businessDate, reason, refTemplateId,
            clientDealId, dealId, sequence, settlementDate, balance, instrumentId, buyerId, sellerId, securityId,
            currencyId, quantity, cashAmount, dealType, status, lastFailReason, result, limits, participants, instruments,
            remaining, lockouts, total, side, heldSides, linkId, partialAllowed, minimumQuantity, partQuantity, partCash,
            settledQuantity, settledCash, remainingQuantity, instructionId, clientRef, instructionStatus, counterpartyId, buyInstructionId, buyClientRef, sellInstructionId, sellClientRef, submittedDate);
    }

    /** @return the type and the fields its message carries, e.g. {@code DealAccepted{correlationId=7, ...}}. */
    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder(128);
        switch (type)
        {
            case LOGON_ACCEPTED -> sb.append("LogonAccepted{correlationId=").append(correlationId)
                .append(", participantId=").append(participantId).append(", role=").append(role)
                .append(", businessDate=").append(businessDate);
            case SESSION_REJECT -> sb.append("SessionReject{reason=").append(reason)
                .append(", refTemplateId=").append(refTemplateId);
            case DEAL_ACCEPTED -> sb.append("DealAccepted{correlationId=").append(correlationId)
                .append(", clientDealId=").append(clientDealId).append(", dealId=").append(dealId)
                .append(", sequence=").append(sequence);
            case DEAL_REJECTED -> sb.append("DealRejected{correlationId=").append(correlationId)
                .append(", clientDealId=").append(clientDealId).append(", reason=").append(reason);
            case DEAL_CANCELLED -> sb.append("DealCancelled{correlationId=").append(correlationId)
                .append(", dealId=").append(dealId);
            case DEAL_SETTLED -> sb.append("DealSettled{dealId=").append(dealId)
                .append(", clientDealId=").append(clientDealId).append(", settlementDate=").append(settlementDate)
                .append(", partQuantity=").append(partQuantity).append(", partCash=").append(partCash);
            case DEAL_PARTIALLY_SETTLED -> sb.append("DealPartiallySettled{dealId=").append(dealId)
                .append(", clientDealId=").append(clientDealId).append(", settlementDate=").append(settlementDate)
                .append(", partQuantity=").append(partQuantity).append(", partCash=").append(partCash)
                .append(", settledQuantity=").append(settledQuantity).append(", settledCash=").append(settledCash)
                .append(", remainingQuantity=").append(remainingQuantity).append(", reason=").append(reason);
            case DEAL_SETTLEMENT_FAILED -> sb.append("DealSettlementFailed{dealId=").append(dealId)
                .append(", reason=").append(reason);
            case LIMITS_REPORT -> sb.append("LimitsReport{correlationId=").append(correlationId)
                .append(", participantId=").append(participantId).append(", limits=").append(limits);
            case POSITION_REPORT -> sb.append("PositionReport{correlationId=").append(correlationId)
                .append(", participantId=").append(participantId).append(", instrumentId=").append(instrumentId)
                .append(", balance=").append(balance);
            case DEAL_REPORT -> sb.append("DealReport{correlationId=").append(correlationId)
                .append(", dealId=").append(dealId).append(", clientDealId=").append(clientDealId)
                .append(", buyerId=").append(buyerId).append(", sellerId=").append(sellerId)
                .append(", securityId=").append(securityId).append(", currencyId=").append(currencyId)
                .append(", quantity=").append(quantity).append(", cashAmount=").append(cashAmount)
                .append(", settlementDate=").append(settlementDate).append(", dealType=").append(dealType)
                .append(", status=").append(status).append(", lastFailReason=").append(lastFailReason)
                .append(", heldSides=").append(heldSides)
                .append(", linkId=").append(linkId).append(", partialAllowed=").append(partialAllowed)
                .append(", minimumQuantity=").append(minimumQuantity).append(", settledQuantity=").append(settledQuantity)
                .append(", settledCash=").append(settledCash).append(", remainingQuantity=").append(remainingQuantity);
            case DEAL_HELD, DEAL_RELEASED -> sb.append(type == Type.DEAL_HELD ? "DealHeld" : "DealReleased")
                .append("{correlationId=").append(correlationId).append(", dealId=").append(dealId)
                .append(", side=").append(side).append(", heldSides=").append(heldSides)
                .append(", byParticipantId=").append(participantId);
            case INSTRUCTION_ACCEPTED -> sb.append("InstructionAccepted{correlationId=").append(correlationId)
                .append(", clientRef=").append(clientRef).append(", instructionId=").append(instructionId)
                .append(", status=").append(instructionStatus).append(", dealId=").append(dealId).append(", reason=").append(reason);
            case INSTRUCTION_REJECTED -> sb.append("InstructionRejected{correlationId=").append(correlationId)
                .append(", clientRef=").append(clientRef).append(", reason=").append(reason);
            case INSTRUCTION_ALLEGED, INSTRUCTION_REPORT -> sb.append(type == Type.INSTRUCTION_ALLEGED ? "InstructionAlleged" : "InstructionReport")
                .append("{correlationId=").append(correlationId).append(", instructionId=").append(instructionId)
                .append(", clientRef=").append(clientRef).append(", ownerId=").append(participantId).append(", side=").append(side)
                .append(", buyerId=").append(buyerId).append(", sellerId=").append(sellerId)
                .append(", securityId=").append(securityId).append(", currencyId=").append(currencyId)
                .append(", quantity=").append(quantity).append(", cashAmount=").append(cashAmount)
                .append(", settlementDate=").append(settlementDate).append(", dealType=").append(dealType)
                .append(", linkId=").append(linkId).append(", partialAllowed=").append(partialAllowed)
                .append(", minimumQuantity=").append(minimumQuantity).append(", status=").append(instructionStatus)
                .append(", dealId=").append(dealId).append(", reason=").append(reason).append(", submittedDate=").append(submittedDate);
            case INSTRUCTION_MATCHED -> sb.append("InstructionMatched{correlationId=").append(correlationId)
                .append(", dealId=").append(dealId).append(", buyInstructionId=").append(buyInstructionId)
                .append(", buyClientRef=").append(buyClientRef).append(", sellInstructionId=").append(sellInstructionId)
                .append(", sellClientRef=").append(sellClientRef).append(", buyerId=").append(buyerId)
                .append(", sellerId=").append(sellerId).append(", securityId=").append(securityId)
                .append(", currencyId=").append(currencyId).append(", quantity=").append(quantity)
                .append(", cashAmount=").append(cashAmount).append(", settlementDate=").append(settlementDate)
                .append(", dealType=").append(dealType).append(", partialAllowed=").append(partialAllowed)
                .append(", minimumQuantity=").append(minimumQuantity);
            case INSTRUCTION_ENDED -> sb.append("InstructionEnded{correlationId=").append(correlationId)
                .append(", instructionId=").append(instructionId).append(", clientRef=").append(clientRef)
                .append(", ownerId=").append(participantId).append(", counterpartyId=").append(counterpartyId)
                .append(", status=").append(instructionStatus).append(", reason=").append(reason);
            case COMMAND_RESULT -> sb.append("CommandResult{correlationId=").append(correlationId)
                .append(", refTemplateId=").append(refTemplateId).append(", result=").append(result);
            case PARTICIPANTS_REPORT -> sb.append("ParticipantsReport{correlationId=").append(correlationId)
                .append(", remaining=").append(remaining).append(", participants=").append(participants);
            case INSTRUMENTS_REPORT -> sb.append("InstrumentsReport{correlationId=").append(correlationId)
                .append(", remaining=").append(remaining).append(", instruments=").append(instruments);
            case LOCKOUTS_REPORT -> sb.append("LockoutsReport{correlationId=").append(correlationId)
                .append(", total=").append(total).append(", lockouts=").append(lockouts);
            default -> throw new IllegalStateException(String.valueOf(type));
        }
        return sb.append('}').toString();
    }
}
