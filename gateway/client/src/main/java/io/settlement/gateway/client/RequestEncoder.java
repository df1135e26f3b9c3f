package io.settlement.gateway.client;

import java.nio.ByteOrder;
import java.util.Objects;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.settlement.gateway.client.sbe.AdvanceBusinessDateEncoder;
import io.settlement.gateway.client.sbe.CancelDealEncoder;
import io.settlement.gateway.client.sbe.CreateInstrumentEncoder;
import io.settlement.gateway.client.sbe.CreateParticipantEncoder;
import io.settlement.gateway.client.sbe.CycleMode;
import io.settlement.gateway.client.sbe.DayStatus;
import io.settlement.gateway.client.sbe.DealType;
import io.settlement.gateway.client.sbe.DepositEncoder;
import io.settlement.gateway.client.sbe.HeartbeatEncoder;
import io.settlement.gateway.client.sbe.HoldDealEncoder;
import io.settlement.gateway.client.sbe.InstrumentKind;
import io.settlement.gateway.client.sbe.SubmitInstructionEncoder;
import io.settlement.gateway.client.sbe.CancelInstructionEncoder;
import io.settlement.gateway.client.sbe.QueryInstructionEncoder;
import io.settlement.gateway.client.sbe.SetMatchingToleranceEncoder;
import io.settlement.gateway.client.sbe.SetInstructionExpiryEncoder;
import io.settlement.gateway.client.sbe.LiftLockoutEncoder;
import io.settlement.gateway.client.sbe.LimitKind;
import io.settlement.gateway.client.sbe.LockoutKind;
import io.settlement.gateway.client.sbe.LogonEncoder;
import io.settlement.gateway.client.sbe.MessageHeaderEncoder;
import io.settlement.gateway.client.sbe.QueryDealEncoder;
import io.settlement.gateway.client.sbe.QueryInstrumentsEncoder;
import io.settlement.gateway.client.sbe.QueryLimitsEncoder;
import io.settlement.gateway.client.sbe.QueryLockoutsEncoder;
import io.settlement.gateway.client.sbe.QueryParticipantsEncoder;
import io.settlement.gateway.client.sbe.QueryPositionEncoder;
import io.settlement.gateway.client.sbe.ReleaseDealEncoder;
import io.settlement.gateway.client.sbe.Role;
import io.settlement.gateway.client.sbe.RunSettlementCycleEncoder;
import io.settlement.gateway.client.sbe.SetCalendarEncoder;
import io.settlement.gateway.client.sbe.SetHolidayEncoder;
import io.settlement.gateway.client.sbe.SetLimitEncoder;
import io.settlement.gateway.client.sbe.Side;
import io.settlement.gateway.client.sbe.SubmitDealEncoder;
import io.settlement.gateway.client.sbe.WithdrawEncoder;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes client-to-gateway requests as complete SOFH frames:
 * [uint32 BE frame length, SOFH included][uint16 BE 0xEB50][8-byte SBE header, LE][block].
 * Each method allocates one buffer of exactly the frame's size from the allocator given (the caller owns
 * it) and the generated SBE encoders write straight into its memory.
 * <p>
 * Arguments are checked only as far as the wire needs: a secret of at most 32, a code of at most 12 and
 * an address of at most 48 ASCII characters, and non-null enums. An enum's {@code NULL_VAL} is encoded as is (code 255), so
 * the gateway's {@code INVALID_FIELD} answer can be exercised; so are ids, amounts and dates.
 * <p>
 * Not thread safe: {@link GatewayClient} keeps one per sending thread.
 */
public final class RequestEncoder
{
    public static final int SOFH_LENGTH = ResponseDecoder.SOFH_LENGTH;
    public static final int HEADERS_LENGTH = ResponseDecoder.HEADERS_LENGTH;
    public static final int SECRET_LENGTH = LogonEncoder.secretLength();
    public static final int CODE_LENGTH = CreateInstrumentEncoder.codeLength();
    public static final int ADDRESS_LENGTH = LiftLockoutEncoder.addressLength();

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
    private final byte[] scratch = new byte[HEADERS_LENGTH + SubmitDealEncoder.BLOCK_LENGTH + 64];
    private boolean usingScratch;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final LogonEncoder logon = new LogonEncoder();
    private final HeartbeatEncoder heartbeat = new HeartbeatEncoder();
    private final SubmitDealEncoder submitDeal = new SubmitDealEncoder();
    private final CancelDealEncoder cancelDeal = new CancelDealEncoder();
    private final SubmitInstructionEncoder submitInstruction = new SubmitInstructionEncoder();
    private final CancelInstructionEncoder cancelInstruction = new CancelInstructionEncoder();
    private final QueryInstructionEncoder queryInstruction = new QueryInstructionEncoder();
    private final SetMatchingToleranceEncoder setMatchingTolerance = new SetMatchingToleranceEncoder();
    private final SetInstructionExpiryEncoder setInstructionExpiry = new SetInstructionExpiryEncoder();
    private final HoldDealEncoder holdDeal = new HoldDealEncoder();
    private final ReleaseDealEncoder releaseDeal = new ReleaseDealEncoder();
    private final QueryLimitsEncoder queryLimits = new QueryLimitsEncoder();
    private final QueryPositionEncoder queryPosition = new QueryPositionEncoder();
    private final QueryDealEncoder queryDeal = new QueryDealEncoder();
    private final QueryParticipantsEncoder queryParticipants = new QueryParticipantsEncoder();
    private final QueryInstrumentsEncoder queryInstruments = new QueryInstrumentsEncoder();
    private final CreateParticipantEncoder createParticipant = new CreateParticipantEncoder();
    private final CreateInstrumentEncoder createInstrument = new CreateInstrumentEncoder();
    private final DepositEncoder deposit = new DepositEncoder();
    private final WithdrawEncoder withdraw = new WithdrawEncoder();
    private final SetLimitEncoder setLimit = new SetLimitEncoder();
    private final AdvanceBusinessDateEncoder advanceBusinessDate = new AdvanceBusinessDateEncoder();
    private final RunSettlementCycleEncoder runSettlementCycle = new RunSettlementCycleEncoder();
    private final SetCalendarEncoder setCalendar = new SetCalendarEncoder();
    private final SetHolidayEncoder setHoliday = new SetHolidayEncoder();
    private final QueryLockoutsEncoder queryLockouts = new QueryLockoutsEncoder();
    private final LiftLockoutEncoder liftLockout = new LiftLockoutEncoder();

    public ByteBuf logon(final ByteBufAllocator alloc, final long correlationId, final long participantId,
        final String secret)
    {
        checkAscii("secret", secret, SECRET_LENGTH);
        final ByteBuf frame = begin(alloc, LogonEncoder.BLOCK_LENGTH);
        logon.wrapAndApplyHeader(buffer, SOFH_LENGTH, header)
            .correlationId(correlationId)
            .participantId(participantId)
            .secret(secret);
        return finish(frame, LogonEncoder.BLOCK_LENGTH);
    }

    public ByteBuf heartbeat(final ByteBufAllocator alloc, final long correlationId)
    {
        final ByteBuf frame = begin(alloc, HeartbeatEncoder.BLOCK_LENGTH);
        heartbeat.wrapAndApplyHeader(buffer, SOFH_LENGTH, header).correlationId(correlationId);
        return finish(frame, HeartbeatEncoder.BLOCK_LENGTH);
    }

    public ByteBuf submitDeal(final ByteBufAllocator alloc, final long correlationId, final long clientDealId,
        final long buyerId, final long sellerId, final int securityId, final int currencyId, final long quantity,
        final long cashAmount, final int settlementDate, final DealType dealType)
    {
        return submitDeal(alloc, correlationId, clientDealId, buyerId, sellerId, securityId, currencyId, quantity, cashAmount,
            settlementDate, dealType, 0, false, 0);
    }

    /**
     * A deal with its linked and partial settlement terms (wire protocol version 3).
     *
     * @param linkId 0 for none, else the deal settles all-or-none with this submitter's other pending deals of that id
     * @param partialAllowed whether the deal may settle in parts
     * @param minimumQuantity the smallest part (1 to quantity) when partial settlement is allowed, else 0
     */
    public ByteBuf submitDeal(final ByteBufAllocator alloc, final long correlationId, final long clientDealId,
        final long buyerId, final long sellerId, final int securityId, final int currencyId, final long quantity,
        final long cashAmount, final int settlementDate, final DealType dealType, final long linkId,
        final boolean partialAllowed, final long minimumQuantity)
    {
        Objects.requireNonNull(dealType, "dealType");
        final ByteBuf frame = begin(alloc, SubmitDealEncoder.BLOCK_LENGTH);
        submitDeal.wrapAndApplyHeader(buffer, SOFH_LENGTH, header)
            .correlationId(correlationId)
            .clientDealId(clientDealId)
            .buyerId(buyerId)
            .sellerId(sellerId)
            .securityId(securityId)
            .currencyId(currencyId)
            .quantity(quantity)
            .cashAmount(cashAmount)
            .settlementDate(settlementDate)
            .dealType(dealType)
            .linkId(linkId)
            .partialAllowed((short)(partialAllowed ? 1 : 0))
            .minimumQuantity(minimumQuantity);
        return finish(frame, SubmitDealEncoder.BLOCK_LENGTH);
    }

    public ByteBuf cancelDeal(final ByteBufAllocator alloc, final long correlationId, final long dealId)
    {
        final ByteBuf frame = begin(alloc, CancelDealEncoder.BLOCK_LENGTH);
        cancelDeal.wrapAndApplyHeader(buffer, SOFH_LENGTH, header).correlationId(correlationId).dealId(dealId);
        return finish(frame, CancelDealEncoder.BLOCK_LENGTH);
    }

    /**
     * One side of a deal, to be matched with the counterparty's instruction (wire protocol version 3).
     *
     * @param side BUY when this participant buys, SELL when it sells
     * @param linkId 0 for none, else the matched deal joins this participant's linked group of that id
     * @param partialAllowed whether this side allows the deal to settle in parts (the deal does when both do)
     * @param minimumQuantity the smallest part when partial settlement is allowed, else 0
     */
    public ByteBuf submitInstruction(final ByteBufAllocator alloc, final long correlationId, final long clientRef,
        final Side side, final long counterpartyId, final int securityId, final int currencyId, final long quantity,
        final long cashAmount, final int settlementDate, final DealType dealType, final long linkId,
        final boolean partialAllowed, final long minimumQuantity)
    {
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(dealType, "dealType");
        final ByteBuf frame = begin(alloc, SubmitInstructionEncoder.BLOCK_LENGTH);
        submitInstruction.wrapAndApplyHeader(buffer, SOFH_LENGTH, header)
            .correlationId(correlationId)
            .clientRef(clientRef)
            .side(side)
            .counterpartyId(counterpartyId)
            .securityId(securityId)
            .currencyId(currencyId)
            .quantity(quantity)
            .cashAmount(cashAmount)
            .settlementDate(settlementDate)
            .dealType(dealType)
            .linkId(linkId)
            .partialAllowed((short)(partialAllowed ? 1 : 0))
            .minimumQuantity(minimumQuantity);
        return finish(frame, SubmitInstructionEncoder.BLOCK_LENGTH);
    }

    public ByteBuf cancelInstruction(final ByteBufAllocator alloc, final long correlationId, final long instructionId)
    {
        final ByteBuf frame = begin(alloc, CancelInstructionEncoder.BLOCK_LENGTH);
        cancelInstruction.wrapAndApplyHeader(buffer, SOFH_LENGTH, header).correlationId(correlationId).instructionId(instructionId);
        return finish(frame, CancelInstructionEncoder.BLOCK_LENGTH);
    }

    public ByteBuf queryInstruction(final ByteBufAllocator alloc, final long correlationId, final long instructionId)
    {
        final ByteBuf frame = begin(alloc, QueryInstructionEncoder.BLOCK_LENGTH);
        queryInstruction.wrapAndApplyHeader(buffer, SOFH_LENGTH, header).correlationId(correlationId).instructionId(instructionId);
        return finish(frame, QueryInstructionEncoder.BLOCK_LENGTH);
    }

    public ByteBuf setMatchingTolerance(final ByteBufAllocator alloc, final long correlationId, final int currencyId,
        final long toleranceMinor)
    {
        final ByteBuf frame = begin(alloc, SetMatchingToleranceEncoder.BLOCK_LENGTH);
        setMatchingTolerance.wrapAndApplyHeader(buffer, SOFH_LENGTH, header).correlationId(correlationId)
            .currencyId(currencyId).toleranceMinor(toleranceMinor);
        return finish(frame, SetMatchingToleranceEncoder.BLOCK_LENGTH);
    }

    public ByteBuf setInstructionExpiry(final ByteBufAllocator alloc, final long correlationId, final int businessDays)
    {
        final ByteBuf frame = begin(alloc, SetInstructionExpiryEncoder.BLOCK_LENGTH);
        setInstructionExpiry.wrapAndApplyHeader(buffer, SOFH_LENGTH, header).correlationId(correlationId).businessDays(businessDays);
        return finish(frame, SetInstructionExpiryEncoder.BLOCK_LENGTH);
    }

    public ByteBuf holdDeal(final ByteBufAllocator alloc, final long correlationId, final long dealId, final Side side)
    {
        final ByteBuf frame = begin(alloc, HoldDealEncoder.BLOCK_LENGTH);
        holdDeal.wrapAndApplyHeader(buffer, SOFH_LENGTH, header).correlationId(correlationId).dealId(dealId).side(side);
        return finish(frame, HoldDealEncoder.BLOCK_LENGTH);
    }

    public ByteBuf releaseDeal(final ByteBufAllocator alloc, final long correlationId, final long dealId, final Side side)
    {
        final ByteBuf frame = begin(alloc, ReleaseDealEncoder.BLOCK_LENGTH);
        releaseDeal.wrapAndApplyHeader(buffer, SOFH_LENGTH, header).correlationId(correlationId).dealId(dealId).side(side);
        return finish(frame, ReleaseDealEncoder.BLOCK_LENGTH);
    }

    public ByteBuf queryLimits(final ByteBufAllocator alloc, final long correlationId, final long participantId)
    {
        final ByteBuf frame = begin(alloc, QueryLimitsEncoder.BLOCK_LENGTH);
        queryLimits.wrapAndApplyHeader(buffer, SOFH_LENGTH, header)
            .correlationId(correlationId)
            .participantId(participantId);
        return finish(frame, QueryLimitsEncoder.BLOCK_LENGTH);
    }

    public ByteBuf queryPosition(final ByteBufAllocator alloc, final long correlationId, final long participantId,
        final int instrumentId)
    {
        final ByteBuf frame = begin(alloc, QueryPositionEncoder.BLOCK_LENGTH);
        queryPosition.wrapAndApplyHeader(buffer, SOFH_LENGTH, header)
            .correlationId(correlationId)
            .participantId(participantId)
            .instrumentId(instrumentId);
        return finish(frame, QueryPositionEncoder.BLOCK_LENGTH);
    }

    public ByteBuf queryParticipants(final ByteBufAllocator alloc, final long correlationId)
    {
        final ByteBuf frame = begin(alloc, QueryParticipantsEncoder.BLOCK_LENGTH);
        queryParticipants.wrapAndApplyHeader(buffer, SOFH_LENGTH, header).correlationId(correlationId);
        return finish(frame, QueryParticipantsEncoder.BLOCK_LENGTH);
    }

    public ByteBuf queryInstruments(final ByteBufAllocator alloc, final long correlationId)
    {
        final ByteBuf frame = begin(alloc, QueryInstrumentsEncoder.BLOCK_LENGTH);
        queryInstruments.wrapAndApplyHeader(buffer, SOFH_LENGTH, header).correlationId(correlationId);
        return finish(frame, QueryInstrumentsEncoder.BLOCK_LENGTH);
    }

    public ByteBuf queryDeal(final ByteBufAllocator alloc, final long correlationId, final long dealId)
    {
        final ByteBuf frame = begin(alloc, QueryDealEncoder.BLOCK_LENGTH);
        queryDeal.wrapAndApplyHeader(buffer, SOFH_LENGTH, header).correlationId(correlationId).dealId(dealId);
        return finish(frame, QueryDealEncoder.BLOCK_LENGTH);
    }

    /**
     * @param name      the participant's name, at most 64 bytes of UTF-8 (the gateway wants it non-empty, without
     *                  control characters)
     * @param shortCode its short code, 0-12 ASCII characters (the gateway wants 1-12 printable ones, unique)
     */
    public ByteBuf createParticipant(final ByteBufAllocator alloc, final long correlationId, final long participantId,
        final Role role, final String name, final String shortCode)
    {
        Objects.requireNonNull(role, "role");
        final byte[] nameBytes = utf8("name", name, CreateParticipantEncoder.nameLength());
        checkAscii("shortCode", shortCode, CreateParticipantEncoder.shortCodeLength());
        final ByteBuf frame = begin(alloc, CreateParticipantEncoder.BLOCK_LENGTH);
        createParticipant.wrapAndApplyHeader(buffer, SOFH_LENGTH, header)
            .correlationId(correlationId)
            .participantId(participantId)
            .role(role)
            .putName(padded(nameBytes, CreateParticipantEncoder.nameLength()), 0)
            .shortCode(shortCode);
        return finish(frame, CreateParticipantEncoder.BLOCK_LENGTH);
    }

    /**
     * @param isin       a security's ISIN (12 ASCII characters; the gateway checks the check digit), empty for a currency
     * @param name       its name, at most 64 bytes of UTF-8
     * @param minorUnits digits after the decimal point of its amounts (0-4 for a currency, 0 for a security)
     */
    public ByteBuf createInstrument(final ByteBufAllocator alloc, final long correlationId, final int instrumentId,
        final InstrumentKind kind, final String code, final String isin, final String name, final int minorUnits)
    {
        Objects.requireNonNull(kind, "kind");
        checkAscii("code", code, CODE_LENGTH);
        checkAscii("isin", isin, CreateInstrumentEncoder.isinLength());
        final byte[] nameBytes = utf8("name", name, CreateInstrumentEncoder.nameLength());
        if (minorUnits < Byte.MIN_VALUE || minorUnits > Byte.MAX_VALUE)
        {
            throw new IllegalArgumentException("minorUnits " + minorUnits + " does not fit a byte");
        }
        final ByteBuf frame = begin(alloc, CreateInstrumentEncoder.BLOCK_LENGTH);
        createInstrument.wrapAndApplyHeader(buffer, SOFH_LENGTH, header)
            .correlationId(correlationId)
            .instrumentId(instrumentId)
            .kind(kind)
            .code(code)
            .isin(isin)
            .putName(padded(nameBytes, CreateInstrumentEncoder.nameLength()), 0)
            .minorUnits((byte)minorUnits);
        return finish(frame, CreateInstrumentEncoder.BLOCK_LENGTH);
    }

    private static byte[] utf8(final String field, final String value, final int maxBytes)
    {
        Objects.requireNonNull(value, field);
        final byte[] bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length > maxBytes)
        {
            throw new IllegalArgumentException(field + " is " + bytes.length + " bytes of UTF-8: at most " + maxBytes + " fit");
        }
        return bytes;
    }

    private static byte[] padded(final byte[] bytes, final int length)
    {
        return java.util.Arrays.copyOf(bytes, length);
    }

    public ByteBuf deposit(final ByteBufAllocator alloc, final long correlationId, final long participantId,
        final int instrumentId, final long amount)
    {
        final ByteBuf frame = begin(alloc, DepositEncoder.BLOCK_LENGTH);
        deposit.wrapAndApplyHeader(buffer, SOFH_LENGTH, header)
            .correlationId(correlationId)
            .participantId(participantId)
            .instrumentId(instrumentId)
            .amount(amount);
        return finish(frame, DepositEncoder.BLOCK_LENGTH);
    }

    public ByteBuf withdraw(final ByteBufAllocator alloc, final long correlationId, final long participantId,
        final int instrumentId, final long amount)
    {
        final ByteBuf frame = begin(alloc, WithdrawEncoder.BLOCK_LENGTH);
        withdraw.wrapAndApplyHeader(buffer, SOFH_LENGTH, header)
            .correlationId(correlationId)
            .participantId(participantId)
            .instrumentId(instrumentId)
            .amount(amount);
        return finish(frame, WithdrawEncoder.BLOCK_LENGTH);
    }

    public ByteBuf setLimit(final ByteBufAllocator alloc, final long correlationId, final long participantId,
        final LimitKind kind, final long key, final long amount)
    {
        Objects.requireNonNull(kind, "kind");
        final ByteBuf frame = begin(alloc, SetLimitEncoder.BLOCK_LENGTH);
        setLimit.wrapAndApplyHeader(buffer, SOFH_LENGTH, header)
            .correlationId(correlationId)
            .participantId(participantId)
            .limitKind(kind)
            .key(key)
            .amount(amount);
        return finish(frame, SetLimitEncoder.BLOCK_LENGTH);
    }

    public ByteBuf advanceBusinessDate(final ByteBufAllocator alloc, final long correlationId, final int businessDate)
    {
        final ByteBuf frame = begin(alloc, AdvanceBusinessDateEncoder.BLOCK_LENGTH);
        advanceBusinessDate.wrapAndApplyHeader(buffer, SOFH_LENGTH, header)
            .correlationId(correlationId)
            .businessDate(businessDate);
        return finish(frame, AdvanceBusinessDateEncoder.BLOCK_LENGTH);
    }

    public ByteBuf runSettlementCycle(final ByteBufAllocator alloc, final long correlationId, final CycleMode mode)
    {
        final ByteBuf frame = begin(alloc, RunSettlementCycleEncoder.BLOCK_LENGTH);
        runSettlementCycle.wrapAndApplyHeader(buffer, SOFH_LENGTH, header).correlationId(correlationId).mode(mode);
        return finish(frame, RunSettlementCycleEncoder.BLOCK_LENGTH);
    }

    public ByteBuf setCalendar(final ByteBufAllocator alloc, final long correlationId, final DayStatus weekends)
    {
        final ByteBuf frame = begin(alloc, SetCalendarEncoder.BLOCK_LENGTH);
        setCalendar.wrapAndApplyHeader(buffer, SOFH_LENGTH, header).correlationId(correlationId).weekends(weekends);
        return finish(frame, SetCalendarEncoder.BLOCK_LENGTH);
    }

    public ByteBuf setHoliday(final ByteBufAllocator alloc, final long correlationId, final int date, final DayStatus status)
    {
        final ByteBuf frame = begin(alloc, SetHolidayEncoder.BLOCK_LENGTH);
        setHoliday.wrapAndApplyHeader(buffer, SOFH_LENGTH, header).correlationId(correlationId).date(date).status(status);
        return finish(frame, SetHolidayEncoder.BLOCK_LENGTH);
    }

    public ByteBuf queryLockouts(final ByteBufAllocator alloc, final long correlationId)
    {
        final ByteBuf frame = begin(alloc, QueryLockoutsEncoder.BLOCK_LENGTH);
        queryLockouts.wrapAndApplyHeader(buffer, SOFH_LENGTH, header).correlationId(correlationId);
        return finish(frame, QueryLockoutsEncoder.BLOCK_LENGTH);
    }

    /**
     * @param participantId the key when kind is PARTICIPANT (0 otherwise).
     * @param address       the key when kind is ADDRESS, an IP address literal ("" otherwise); zero padded.
     */
    public ByteBuf liftLockout(final ByteBufAllocator alloc, final long correlationId, final LockoutKind kind,
        final long participantId, final String address)
    {
        Objects.requireNonNull(kind, "kind");
        checkAscii("address", address, ADDRESS_LENGTH);
        final ByteBuf frame = begin(alloc, LiftLockoutEncoder.BLOCK_LENGTH);
        liftLockout.wrapAndApplyHeader(buffer, SOFH_LENGTH, header)
            .correlationId(correlationId)
            .kind(kind)
            .participantId(participantId)
            .address(address);
        return finish(frame, LiftLockoutEncoder.BLOCK_LENGTH);
    }

    /** Allocates the frame, points {@link #buffer} at its memory (or the scratch array) and writes the SOFH. */
    private ByteBuf begin(final ByteBufAllocator alloc, final int blockLength)
    {
        final int frameLength = HEADERS_LENGTH + blockLength;
        final ByteBuf frame = alloc.ioBuffer(frameLength);
        final int writerIndex = frame.writerIndex();
        usingScratch = false;
        if (frame.hasMemoryAddress())
        {
            buffer.wrap(frame.memoryAddress() + writerIndex, frameLength);
        }
        else if (frame.hasArray())
        {
            buffer.wrap(frame.array(), frame.arrayOffset() + writerIndex, frameLength);
        }
        else
        {
            usingScratch = true;
            buffer.wrap(scratch, 0, frameLength);
        }
        buffer.putInt(0, frameLength, ByteOrder.BIG_ENDIAN);
        buffer.putShort(4, (short)ResponseDecoder.SBE_ENCODING_TYPE, ByteOrder.BIG_ENDIAN);
        return frame;
    }

    private ByteBuf finish(final ByteBuf frame, final int blockLength)
    {
        final int frameLength = HEADERS_LENGTH + blockLength;
        if (usingScratch)
        {
            frame.writeBytes(scratch, 0, frameLength);
        }
        else
        {
            frame.writerIndex(frame.writerIndex() + frameLength);
        }
        buffer.wrap(scratch); // drop the reference to the frame's memory: the caller owns and releases it
        return frame;
    }

    private static void checkAscii(final String name, final String value, final int maxLength)
    {
        Objects.requireNonNull(value, name);
        if (value.length() > maxLength)
        {
            throw new IllegalArgumentException(name + " longer than " + maxLength + " characters");
        }
        for (int i = 0; i < value.length(); i++)
        {
            if (value.charAt(i) > 0x7F)
            {
                throw new IllegalArgumentException(name + " is not ASCII");
            }
        }
    }
}
