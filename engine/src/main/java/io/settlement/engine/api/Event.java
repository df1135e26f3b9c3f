package io.settlement.engine.api;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.settlement.protocol.Codes;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;

/**
 * One outcome of the engine, as a reusable mutable object: the engine fills a single instance per
 * outcome and hands it to an {@link EventSink}, so emitting allocates nothing. A sink that keeps
 * an event must copy it.
 *
 * <p>Which fields an event carries is given by its type; {@link EventCodec} encodes only those, and
 * the engine's running event hash is computed over exactly those encoded bytes (an INSTRUCTION_ACCEPTED
 * of the version-6 layout over its version-5 layout: {@link VersionFiveLayout}).
 *
 * <p>{@link #reset} clears only the header, {@code reason} and {@code count}: the engine sets
 * every other field an event's type carries, and fields a type does not carry are unspecified
 * (stale), so read only those {@link EventCodec} encodes for the type.
 *
 * <p>{@code sequence} is the sequence of the command that caused the event; {@code correlationId}
 * and {@code submitterId} are echoed from that command (0 for unsolicited outcomes such as a
 * deal settling in a cycle).
 */
public final class Event
{
    /** The bit of {@link #heldSides} for the buyer's side (the BUY side's code, 1). */
    public static final byte BUY_HELD = 1;
    /** The bit of {@link #heldSides} for the seller's side (the SELL side's code, 2). */
    public static final byte SELL_HELD = 2;

    public EventType type;
    public long sequence;
    public long correlationId;
    public long submitterId;

    // deals
    public long dealId;
    public long clientDealId;
    public long buyerId;
    public long sellerId;
    public int securityId;
    public int currencyId;
    public long quantity;
    public long cashAmount;
    public int settlementDate;
    public byte dealType;
    public byte dealStatus;
    /** DEAL_HELD, DEAL_RELEASED: the {@code Side} code of the side held or released. */
    public byte side;
    /**
     * DEAL_REPORT, DEAL_HELD, DEAL_RELEASED: the sides held (after the change): bit 0 ({@link #BUY_HELD})
     * the buyer's, bit 1 ({@link #SELL_HELD}) the seller's.
     */
    public byte heldSides;
    public Reason reason = Reason.OK;
    /** DEAL_REPORT: the deal's link id (0: not linked). */
    public long linkId;
    /** DEAL_REPORT: 1 when the deal may settle in parts. */
    public byte partialAllowed;
    /** DEAL_REPORT: the smallest part of a partial-allowed deal. */
    public long minimumQuantity;
    /** DEAL_SETTLED, DEAL_PARTIALLY_SETTLED: the quantity this settlement moved (DEAL_SETTLED: the whole quantity, or the last part). */
    public long partQuantity;
    /** DEAL_SETTLED, DEAL_PARTIALLY_SETTLED: the cash this settlement moved. */
    public long partCash;
    /** DEAL_PARTIALLY_SETTLED, DEAL_REPORT: the quantity settled so far, this part included. */
    public long settledQuantity;
    /** DEAL_PARTIALLY_SETTLED, DEAL_REPORT: the cash paid so far, this part included. */
    public long settledCash;

    // instructions (two-sided matching); the instruction's terms use the deal fields above, its owner is
    // the buyer when side is BUY, the seller when SELL
    /** INSTRUCTION_*: the engine-assigned instruction id. */
    public long instructionId;
    /** INSTRUCTION_*: the owner's key for the instruction. */
    public long clientRef;
    /** INSTRUCTION_*: its {@code InstructionStatus} code. */
    public byte instructionStatus;
    /** INSTRUCTION_*: the business date its expiry counts from (0: submitted before the first business date). */
    public int submittedDate;
    /** INSTRUCTION_MATCHED: the waiting instruction the arriving one matched. */
    public long matchedInstructionId;
    /** INSTRUCTION_MATCHED: the waiting instruction's clientRef. */
    public long matchedClientRef;
    /** INSTRUCTION_MATCHED: the waiting instruction's instructed cash. */
    public long matchedCashAmount;
    /** INSTRUCTION_MATCHED: the waiting instruction's linkId. */
    public long matchedLinkId;
    /** INSTRUCTION_MATCHED: the deal's cash (the seller's instructed amount). */
    public long dealCashAmount;
    /** INSTRUCTION_MATCHED: 1 when the deal may settle in parts (both instructions allowed it). */
    public byte dealPartialAllowed;
    /** INSTRUCTION_MATCHED: the deal's minimum part (the larger of the two). */
    public long dealMinimumQuantity;

    // positions, limits, reports
    public long participantId;
    public int instrumentId;
    public long amount;
    /**
     * The high 64 bits of a 128-bit amount whose low 64 bits (unsigned) are {@code amount}: only
     * CYCLE_SETTLED_VALUE carries it, so that a cycle settling more than Long.MAX_VALUE in a currency
     * is reported exactly; see {@link #wideAmount()}.
     */
    public long amountHigh;
    public byte limitKind;
    public long limitKey;
    public long utilised;
    public byte commandType;
    /** PARTICIPANT_LINE: the participant's {@link Role} code. */
    public byte role;
    /** INSTRUMENT_LINE: the instrument's {@code InstrumentKind} code. */
    public byte instrumentKind;
    /** INSTRUMENT_LINE: the instrument's code, ASCII, zero padded ({@link Command#CODE_LENGTH} bytes). */
    public final byte[] code = new byte[Command.CODE_LENGTH];
    /** PARTICIPANT_LINE, INSTRUMENT_LINE: the name, UTF-8, zero padded; empty if it was created without one. */
    public final byte[] name = new byte[Command.NAME_LENGTH];
    /** PARTICIPANT_LINE: the short code, ASCII, zero padded; empty if it was created without one. */
    public final byte[] shortCode = new byte[Command.CODE_LENGTH];
    /** INSTRUMENT_LINE: a security's ISIN, ASCII, zero padded; empty for a currency or a security created without one. */
    public final byte[] isin = new byte[Command.CODE_LENGTH];
    /** INSTRUMENT_LINE: digits after the decimal point of the instrument's amounts. */
    public byte minorUnits;

    // cycles and dates
    public int businessDate;
    public long count;
    public long attempted;
    public long settled;
    public long failed;

    /** Starts a new event: sets the header, clears {@code reason} and {@code count} only. */
    public Event reset(final EventType type, final long sequence, final long correlationId, final long submitterId)
    {
        this.type = type;
        this.sequence = sequence;
        this.correlationId = correlationId;
        this.submitterId = submitterId;
        reason = Reason.OK;
        count = 0;
        return this;
    }

    /** Clears every field, for holders that keep events and compare them whole. */
    public Event clear()
    {
        reset(null, 0, 0, 0);
        dealId = 0;
        clientDealId = 0;
        buyerId = 0;
        sellerId = 0;
        securityId = 0;
        currencyId = 0;
        quantity = 0;
        cashAmount = 0;
        settlementDate = 0;
        dealType = 0;
        dealStatus = 0;
        side = 0;
        heldSides = 0;
        reason = Reason.OK;
        linkId = 0;
        partialAllowed = 0;
        minimumQuantity = 0;
        partQuantity = 0;
        partCash = 0;
        settledQuantity = 0;
        settledCash = 0;
        instructionId = 0;
        clientRef = 0;
        instructionStatus = 0;
        submittedDate = 0;
        matchedInstructionId = 0;
        matchedClientRef = 0;
        matchedCashAmount = 0;
        matchedLinkId = 0;
        dealCashAmount = 0;
        dealPartialAllowed = 0;
        dealMinimumQuantity = 0;
        participantId = 0;
        instrumentId = 0;
        amount = 0;
        amountHigh = 0;
        limitKind = 0;
        limitKey = 0;
        utilised = 0;
        commandType = 0;
        role = 0;
        instrumentKind = 0;
        Arrays.fill(code, (byte)0);
        Arrays.fill(name, (byte)0);
        Arrays.fill(shortCode, (byte)0);
        Arrays.fill(isin, (byte)0);
        minorUnits = 0;
        businessDate = 0;
        count = 0;
        attempted = 0;
        settled = 0;
        failed = 0;
        return this;
    }

    public Event copyFrom(final Event o)
    {
        type = o.type;
        sequence = o.sequence;
        correlationId = o.correlationId;
        submitterId = o.submitterId;
        dealId = o.dealId;
        clientDealId = o.clientDealId;
        buyerId = o.buyerId;
        sellerId = o.sellerId;
        securityId = o.securityId;
        currencyId = o.currencyId;
        quantity = o.quantity;
        cashAmount = o.cashAmount;
        settlementDate = o.settlementDate;
        dealType = o.dealType;
        dealStatus = o.dealStatus;
        side = o.side;
        heldSides = o.heldSides;
        reason = o.reason;
        linkId = o.linkId;
        partialAllowed = o.partialAllowed;
        minimumQuantity = o.minimumQuantity;
        partQuantity = o.partQuantity;
        partCash = o.partCash;
        settledQuantity = o.settledQuantity;
        settledCash = o.settledCash;
        instructionId = o.instructionId;
        clientRef = o.clientRef;
        instructionStatus = o.instructionStatus;
        submittedDate = o.submittedDate;
        matchedInstructionId = o.matchedInstructionId;
        matchedClientRef = o.matchedClientRef;
        matchedCashAmount = o.matchedCashAmount;
        matchedLinkId = o.matchedLinkId;
        dealCashAmount = o.dealCashAmount;
        dealPartialAllowed = o.dealPartialAllowed;
        dealMinimumQuantity = o.dealMinimumQuantity;
        participantId = o.participantId;
        instrumentId = o.instrumentId;
        amount = o.amount;
        amountHigh = o.amountHigh;
        limitKind = o.limitKind;
        limitKey = o.limitKey;
        utilised = o.utilised;
        commandType = o.commandType;
        role = o.role;
        instrumentKind = o.instrumentKind;
        System.arraycopy(o.code, 0, code, 0, Command.CODE_LENGTH);
        System.arraycopy(o.name, 0, name, 0, Command.NAME_LENGTH);
        System.arraycopy(o.shortCode, 0, shortCode, 0, Command.CODE_LENGTH);
        System.arraycopy(o.isin, 0, isin, 0, Command.CODE_LENGTH);
        minorUnits = o.minorUnits;
        businessDate = o.businessDate;
        count = o.count;
        attempted = o.attempted;
        settled = o.settled;
        failed = o.failed;
        return this;
    }

    /** {@code amountHigh} and {@code amount} as the one 128-bit value they are (CYCLE_SETTLED_VALUE). Allocates. */
    public BigInteger wideAmount()
    {
        final BigInteger low = BigInteger.valueOf(amount & Long.MAX_VALUE);
        return BigInteger.valueOf(amountHigh).shiftLeft(64).add(amount < 0 ? low.setBit(63) : low);
    }

    /** Sets {@code amountHigh} and {@code amount} from a value in the signed 128-bit range. */
    public Event wideAmount(final BigInteger value)
    {
        if (value.bitLength() > 127)
        {
            throw new IllegalArgumentException("not a 128-bit value: " + value);
        }
        amount = value.longValue();
        amountHigh = value.shiftRight(64).longValue();
        return this;
    }

    /** The instrument code as a string, trailing zero padding removed. Allocates: not for the hot path. */
    public String codeAsString()
    {
        int length = 0;
        while (length < Command.CODE_LENGTH && code[length] != 0)
        {
            length++;
        }
        return new String(code, 0, length, StandardCharsets.US_ASCII);
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder(128).append(type).append("{seq=").append(sequence);
        if (correlationId != 0)
        {
            sb.append(" corr=").append(correlationId);
        }
        switch (type)
        {
            case DEAL_ACCEPTED:
            case DEAL_REPORT:
            case DEAL_SETTLED:
                sb.append(" deal=").append(dealId).append(" client=").append(clientDealId)
                    .append(" buyer=").append(buyerId).append(" seller=").append(sellerId)
                    .append(" sec=").append(securityId).append(" ccy=").append(currencyId)
                    .append(" qty=").append(quantity).append(" cash=").append(cashAmount)
                    .append(" date=").append(settlementDate).append(" type=").append(Codes.dealType(dealType));
                if (type == EventType.DEAL_REPORT)
                {
                    sb.append(" status=").append(Codes.dealStatus(dealStatus)).append(" lastFail=").append(reason);
                    if (heldSides != 0)
                    {
                        sb.append(" held=").append(heldSides);
                    }
                    if (linkId != 0 || partialAllowed != 0)
                    {
                        sb.append(" link=").append(linkId).append(" partial=").append(partialAllowed)
                            .append(" min=").append(minimumQuantity).append(" settledQty=").append(settledQuantity)
                            .append(" settledCash=").append(settledCash);
                    }
                }
                if (type == EventType.DEAL_SETTLED && partQuantity != quantity)
                {
                    sb.append(" partQty=").append(partQuantity).append(" partCash=").append(partCash);
                }
                break;
            case DEAL_PARTIALLY_SETTLED:
                sb.append(" deal=").append(dealId).append(" client=").append(clientDealId)
                    .append(" partQty=").append(partQuantity).append(" partCash=").append(partCash)
                    .append(" settledQty=").append(settledQuantity).append(" settledCash=").append(settledCash)
                    .append(" remaining=").append(quantity - settledQuantity).append(" reason=").append(reason);
                break;
            case DEAL_HELD:
            case DEAL_RELEASED:
                sb.append(" deal=").append(dealId).append(" side=").append(Codes.side(side)).append(" held=").append(heldSides)
                    .append(" by=").append(submitterId);
                break;
            case DEAL_REJECTED:
                sb.append(" client=").append(clientDealId).append(" reason=").append(reason);
                break;
            case INSTRUCTION_ACCEPTED:
            case INSTRUCTION_ALLEGED:
            case INSTRUCTION_MATCHED:
            case INSTRUCTION_ENDED:
            case INSTRUCTION_REPORT:
                sb.append(" instruction=").append(instructionId).append(" ref=").append(clientRef).append(" side=")
                    .append(Codes.side(side)).append(" buyer=").append(buyerId).append(" seller=").append(sellerId)
                    .append(" sec=").append(securityId).append(" ccy=").append(currencyId).append(" qty=").append(quantity)
                    .append(" cash=").append(cashAmount).append(" date=").append(settlementDate)
                    .append(" status=").append(Codes.instructionStatus(instructionStatus));
                if (type == EventType.INSTRUCTION_MATCHED)
                {
                    sb.append(" matched=").append(matchedInstructionId).append(" deal=").append(dealId)
                        .append(" dealCash=").append(dealCashAmount);
                }
                else if (dealId != 0)
                {
                    sb.append(" deal=").append(dealId); // a MATCHED one, repeated or reported
                }
                if (reason != Reason.OK)
                {
                    sb.append(" reason=").append(reason);
                }
                break;
            case INSTRUCTION_REJECTED:
                sb.append(" ref=").append(clientRef).append(" reason=").append(reason);
                break;
            case DEAL_CANCELLED:
                sb.append(" deal=").append(dealId).append(" client=").append(clientDealId);
                break;
            case DEAL_SETTLEMENT_FAILED:
                sb.append(" deal=").append(dealId).append(" reason=").append(reason);
                break;
            case CYCLE_SETTLED_VALUE:
                sb.append(" ccy=").append(currencyId).append(" value=").append(wideAmount()).append(" deals=").append(count);
                break;
            case CYCLE_COMPLETED:
                sb.append(" date=").append(businessDate).append(" attempted=").append(attempted)
                    .append(" settled=").append(settled).append(" failed=").append(failed);
                break;
            case COMMAND_RESULT:
                sb.append(" command=").append(CommandType.fromCode(commandType)).append(" result=").append(reason);
                break;
            case LIMIT_SET:
            case LIMIT_LINE:
                sb.append(" participant=").append(participantId).append(" kind=").append(Codes.limitKind(limitKind))
                    .append(" key=").append(limitKey).append(" limit=").append(amount).append(" utilised=").append(utilised);
                break;
            case POSITION_REPORT:
                sb.append(" participant=").append(participantId).append(" instrument=").append(instrumentId)
                    .append(" balance=").append(amount);
                break;
            case LIMITS_REPORT:
                sb.append(" participant=").append(participantId).append(" lines=").append(count);
                break;
            case PARTICIPANTS_REPORT:
                sb.append(" participants=").append(count);
                break;
            case PARTICIPANT_LINE:
                sb.append(" participant=").append(participantId).append(" role=").append(Codes.role(role));
                break;
            case INSTRUMENTS_REPORT:
                sb.append(" instruments=").append(count);
                break;
            case INSTRUMENT_LINE:
                sb.append(" instrument=").append(instrumentId).append(" kind=").append(Codes.instrumentKind(instrumentKind))
                    .append(" code=").append(codeAsString());
                break;
            case BUSINESS_DATE_ADVANCED:
                sb.append(" date=").append(businessDate).append(" purged=").append(count);
                break;
            default:
                break;
        }
        return sb.append('}').toString();
    }
}
