package io.settlement.gateway.client;

import java.util.List;
import java.util.Objects;

import io.settlement.gateway.client.sbe.DealStatus;
import io.settlement.gateway.client.sbe.DealType;
import io.settlement.gateway.client.sbe.InstructionStatus;
import io.settlement.gateway.client.sbe.Reason;
import io.settlement.gateway.client.sbe.Role;
import io.settlement.gateway.client.sbe.Side;

/** Builds a {@link Response}; every field left unset is 0, null or empty. Not thread safe. */
public final class ResponseBuilder
{
    final Response.Type type;
    long correlationId;
    long participantId;
    Role role;
    int businessDate;
    Reason reason;
    int refTemplateId;
    long clientDealId;
    long dealId;
    long sequence;
    int settlementDate;
    long balance;
    int instrumentId;
    long buyerId;
    long sellerId;
    int securityId;
    int currencyId;
    long quantity;
    long cashAmount;
    DealType dealType;
    DealStatus status;
    Reason lastFailReason;
    Reason result;
    List<LimitLine> limits = List.of();
    List<ParticipantLine> participants = List.of();
    List<InstrumentLine> instruments = List.of();
    long remaining;
    List<LockoutLine> lockouts = List.of();
    long total;
    Side side;
    int heldSides;
    long linkId;
    boolean partialAllowed;
    long minimumQuantity;
    long partQuantity;
    long partCash;
    long settledQuantity;
    long settledCash;
    long remainingQuantity;
    long instructionId;
    long clientRef;
    InstructionStatus instructionStatus;
    long counterpartyId;
    long buyInstructionId;
    long buyClientRef;
    long sellInstructionId;
    long sellClientRef;
    int submittedDate;

    ResponseBuilder(final Response.Type type)
    {
        this.type = Objects.requireNonNull(type, "type");
    }

    public ResponseBuilder correlationId(final long v)
    {
        correlationId = v;
        return this;
    }

    public ResponseBuilder participantId(final long v)
    {
        participantId = v;
        return this;
    }

    public ResponseBuilder role(final Role v)
    {
        role = v;
        return this;
    }

    public ResponseBuilder businessDate(final int v)
    {
        businessDate = v;
        return this;
    }

    public ResponseBuilder reason(final Reason v)
    {
        reason = v;
        return this;
    }

    public ResponseBuilder refTemplateId(final int v)
    {
        refTemplateId = v;
        return this;
    }

    public ResponseBuilder clientDealId(final long v)
    {
        clientDealId = v;
        return this;
    }

    public ResponseBuilder side(final Side v)
    {
        side = v;
        return this;
    }

    public ResponseBuilder heldSides(final int v)
    {
        heldSides = v;
        return this;
    }

    public ResponseBuilder dealId(final long v)
    {
        dealId = v;
        return this;
    }

    public ResponseBuilder sequence(final long v)
    {
        sequence = v;
        return this;
    }

    public ResponseBuilder settlementDate(final int v)
    {
        settlementDate = v;
        return this;
    }

    public ResponseBuilder balance(final long v)
    {
        balance = v;
        return this;
    }

    public ResponseBuilder instrumentId(final int v)
    {
        instrumentId = v;
        return this;
    }

    public ResponseBuilder buyerId(final long v)
    {
        buyerId = v;
        return this;
    }

    public ResponseBuilder sellerId(final long v)
    {
        sellerId = v;
        return this;
    }

    public ResponseBuilder securityId(final int v)
    {
        securityId = v;
        return this;
    }

    public ResponseBuilder currencyId(final int v)
    {
        currencyId = v;
        return this;
    }

    public ResponseBuilder quantity(final long v)
    {
        quantity = v;
        return this;
    }

    public ResponseBuilder cashAmount(final long v)
    {
        cashAmount = v;
        return this;
    }

    public ResponseBuilder dealType(final DealType v)
    {
        dealType = v;
        return this;
    }

    public ResponseBuilder status(final DealStatus v)
    {
        status = v;
        return this;
    }

    public ResponseBuilder lastFailReason(final Reason v)
    {
        lastFailReason = v;
        return this;
    }

    public ResponseBuilder result(final Reason v)
    {
        result = v;
        return this;
    }

    public ResponseBuilder limits(final List<LimitLine> v)
    {
        limits = Objects.requireNonNull(v, "limits");
        return this;
    }

    public ResponseBuilder participants(final List<ParticipantLine> v)
    {
        participants = Objects.requireNonNull(v, "participants");
        return this;
    }

    public ResponseBuilder instruments(final List<InstrumentLine> v)
    {
        instruments = Objects.requireNonNull(v, "instruments");
        return this;
    }

    public ResponseBuilder remaining(final long v)
    {
        remaining = v;
        return this;
    }

    public ResponseBuilder linkId(final long v)
    {
        linkId = v;
        return this;
    }

    public ResponseBuilder partialAllowed(final boolean v)
    {
        partialAllowed = v;
        return this;
    }

    public ResponseBuilder minimumQuantity(final long v)
    {
        minimumQuantity = v;
        return this;
    }

    public ResponseBuilder partQuantity(final long v)
    {
        partQuantity = v;
        return this;
    }

    public ResponseBuilder partCash(final long v)
    {
        partCash = v;
        return this;
    }

    public ResponseBuilder settledQuantity(final long v)
    {
        settledQuantity = v;
        return this;
    }

    public ResponseBuilder settledCash(final long v)
    {
        settledCash = v;
        return this;
    }

    public ResponseBuilder remainingQuantity(final long v)
    {
        remainingQuantity = v;
        return this;
    }

    public ResponseBuilder lockouts(final List<LockoutLine> v)
    {
        lockouts = Objects.requireNonNull(v, "lockouts");
        return this;
    }

    public ResponseBuilder total(final long v)
    {
        total = v;
        return this;
    }

    public ResponseBuilder instructionId(final long v)
    {
        instructionId = v;
        return this;
    }

    public ResponseBuilder clientRef(final long v)
    {
        clientRef = v;
        return this;
    }

    public ResponseBuilder instructionStatus(final InstructionStatus v)
    {
        instructionStatus = v;
        return this;
    }

    public ResponseBuilder counterpartyId(final long v)
    {
        counterpartyId = v;
        return this;
    }

    public ResponseBuilder buyInstructionId(final long v)
    {
        buyInstructionId = v;
        return this;
    }

    public ResponseBuilder buyClientRef(final long v)
    {
        buyClientRef = v;
        return this;
    }

    public ResponseBuilder sellInstructionId(final long v)
    {
        sellInstructionId = v;
        return this;
    }

    public ResponseBuilder sellClientRef(final long v)
    {
        sellClientRef = v;
        return this;
    }

    public ResponseBuilder submittedDate(final int v)
    {
        submittedDate = v;
        return this;
    }

    public Response build()
    {
        return new Response(this);
    }
}
