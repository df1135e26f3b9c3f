package io.settlement.gateway.client;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import io.settlement.gateway.client.sbe.CommandResultDecoder;
import io.settlement.gateway.client.sbe.DealAcceptedDecoder;
import io.settlement.gateway.client.sbe.DealCancelledDecoder;
import io.settlement.gateway.client.sbe.InstructionAcceptedDecoder;
import io.settlement.gateway.client.sbe.InstructionAllegedDecoder;
import io.settlement.gateway.client.sbe.InstructionMatchedDecoder;
import io.settlement.gateway.client.sbe.InstructionRejectedDecoder;
import io.settlement.gateway.client.sbe.InstructionEndedDecoder;
import io.settlement.gateway.client.sbe.InstructionReportDecoder;
import io.settlement.gateway.client.sbe.InstructionStatus;
import io.settlement.gateway.client.sbe.DealHeldDecoder;
import io.settlement.gateway.client.sbe.DealRejectedDecoder;
import io.settlement.gateway.client.sbe.DealReleasedDecoder;
import io.settlement.gateway.client.sbe.DealPartiallySettledDecoder;
import io.settlement.gateway.client.sbe.DealReportDecoder;
import io.settlement.gateway.client.sbe.DealSettledDecoder;
import io.settlement.gateway.client.sbe.DealSettlementFailedDecoder;
import io.settlement.gateway.client.sbe.DealStatus;
import io.settlement.gateway.client.sbe.DealType;
import io.settlement.gateway.client.sbe.InstrumentKind;
import io.settlement.gateway.client.sbe.InstrumentsReportDecoder;
import io.settlement.gateway.client.sbe.LimitKind;
import io.settlement.gateway.client.sbe.LimitsReportDecoder;
import io.settlement.gateway.client.sbe.LockoutKind;
import io.settlement.gateway.client.sbe.LockoutsReportDecoder;
import io.settlement.gateway.client.sbe.LogonAcceptedDecoder;
import io.settlement.gateway.client.sbe.MessageHeaderDecoder;
import io.settlement.gateway.client.sbe.ParticipantsReportDecoder;
import io.settlement.gateway.client.sbe.PositionReportDecoder;
import io.settlement.gateway.client.sbe.Reason;
import io.settlement.gateway.client.sbe.Role;
import io.settlement.gateway.client.sbe.SessionRejectDecoder;
import io.settlement.gateway.client.sbe.Side;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Decodes one SOFH-framed gateway-to-client message into a {@link Response}. The frame is read in place
 * (the generated SBE decoders wrap its memory) and checked strictly: the SOFH length must be the frame's,
 * the encoding type 0xEB50, schema id 1 and version 2 (the client speaks version 2 only), the template a gateway-to-client one, its block length
 * the schema's, and the message must fill the frame exactly. Anything else throws
 * {@link CorruptedFrameException}. An enum code the schema does not define decodes as the enum's
 * {@code NULL_VAL} rather than failing the frame.
 * <p>
 * Not thread safe: one instance per connection (the client uses it on its event loop).
 */
public final class ResponseDecoder
{
    /** SOFH: uint32 BE message length (header included), uint16 BE encoding type. */
    public static final int SOFH_LENGTH = 6;
    /** SOFH encoding type of SBE 1.0 little-endian. */
    public static final int SBE_ENCODING_TYPE = 0xEB50;
    /** SOFH plus the SBE message header. */
    public static final int HEADERS_LENGTH = SOFH_LENGTH + MessageHeaderDecoder.ENCODED_LENGTH;

    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
    private byte[] scratch = new byte[0];
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final LogonAcceptedDecoder logonAccepted = new LogonAcceptedDecoder();
    private final SessionRejectDecoder sessionReject = new SessionRejectDecoder();
    private final DealAcceptedDecoder dealAccepted = new DealAcceptedDecoder();
    private final DealRejectedDecoder dealRejected = new DealRejectedDecoder();
    private final DealCancelledDecoder dealCancelled = new DealCancelledDecoder();
    private final InstructionAcceptedDecoder instructionAccepted = new InstructionAcceptedDecoder();
    private final InstructionAllegedDecoder instructionAlleged = new InstructionAllegedDecoder();
    private final InstructionMatchedDecoder instructionMatched = new InstructionMatchedDecoder();
    private final InstructionRejectedDecoder instructionRejected = new InstructionRejectedDecoder();
    private final InstructionEndedDecoder instructionEnded = new InstructionEndedDecoder();
    private final InstructionReportDecoder instructionReport = new InstructionReportDecoder();
    private final DealHeldDecoder dealHeld = new DealHeldDecoder();
    private final DealReleasedDecoder dealReleased = new DealReleasedDecoder();
    private final DealSettledDecoder dealSettled = new DealSettledDecoder();
    private final DealPartiallySettledDecoder dealPartiallySettled = new DealPartiallySettledDecoder();
    private final DealSettlementFailedDecoder dealSettlementFailed = new DealSettlementFailedDecoder();
    private final LimitsReportDecoder limitsReport = new LimitsReportDecoder();
    private final PositionReportDecoder positionReport = new PositionReportDecoder();
    private final DealReportDecoder dealReport = new DealReportDecoder();
    private final CommandResultDecoder commandResult = new CommandResultDecoder();
    private final ParticipantsReportDecoder participantsReport = new ParticipantsReportDecoder();
    private final LockoutsReportDecoder lockoutsReport = new LockoutsReportDecoder();
    private final InstrumentsReportDecoder instrumentsReport = new InstrumentsReportDecoder();

    /**
     * Decodes the readable bytes of a frame (SOFH included); the frame's indices are not changed.
     * Direct and heap buffers are read in place; only a buffer with neither a memory address nor a
     * backing array (a composite) is copied.
     */
    public Response decode(final ByteBuf frame)
    {
        final int index = frame.readerIndex();
        final int length = frame.readableBytes();
        if (frame.hasMemoryAddress())
        {
            view.wrap(frame.memoryAddress() + index, length);
        }
        else if (frame.hasArray())
        {
            view.wrap(frame.array(), frame.arrayOffset() + index, length);
        }
        else
        {
            if (scratch.length < length)
            {
                scratch = new byte[Math.max(length, 256)];
            }
            frame.getBytes(index, scratch, 0, length);
            view.wrap(scratch, 0, length);
        }
        return decode(view, 0, length);
    }

    /** Decodes the frame (SOFH included) of {@code length} bytes at {@code offset}. */
    public Response decode(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < HEADERS_LENGTH)
        {
            throw corrupt("frame of " + length + " bytes is shorter than the SOFH and SBE headers");
        }
        final long sofhLength = buffer.getInt(offset, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
        if (sofhLength != length)
        {
            throw corrupt("SOFH length " + sofhLength + " is not the frame's " + length);
        }
        final int encodingType = buffer.getShort(offset + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (encodingType != SBE_ENCODING_TYPE)
        {
            throw corrupt("SOFH encoding type 0x" + Integer.toHexString(encodingType) + " is not 0xeb50");
        }
        header.wrap(buffer, offset + SOFH_LENGTH);
        final int blockLength = header.blockLength();
        final int templateId = header.templateId();
        final int schemaId = header.schemaId();
        final int version = header.version();
        if (schemaId != MessageHeaderDecoder.SCHEMA_ID || version != MessageHeaderDecoder.SCHEMA_VERSION)
        {
            throw corrupt("schema " + schemaId + " version " + version + ", expected " +
                MessageHeaderDecoder.SCHEMA_ID + " version " + MessageHeaderDecoder.SCHEMA_VERSION);
        }
        final Response.Type type = Response.Type.fromTemplateId(templateId);
        if (type == null)
        {
            throw corrupt("template " + templateId + " is not a gateway-to-client message");
        }
        final int expectedBlockLength = blockLength(type);
        if (blockLength != expectedBlockLength)
        {
            throw corrupt("template " + templateId + " with block length " + blockLength + ", expected " +
                expectedBlockLength);
        }
        final int body = offset + HEADERS_LENGTH;
        final int bodyLength = length - HEADERS_LENGTH;
        if (type == Response.Type.LIMITS_REPORT)
        {
            return limitsReport(buffer, body, bodyLength);
        }
        if (type == Response.Type.PARTICIPANTS_REPORT)
        {
            return participantsReport(buffer, body, bodyLength);
        }
        if (type == Response.Type.LOCKOUTS_REPORT)
        {
            return lockoutsReport(buffer, body, bodyLength);
        }
        if (type == Response.Type.INSTRUMENTS_REPORT)
        {
            return instrumentsReport(buffer, body, bodyLength);
        }
        if (bodyLength != blockLength)
        {
            throw corrupt("template " + templateId + " has a " + blockLength + "-byte block but the frame holds " +
                bodyLength + " bytes after the headers");
        }
        return switch (type)
        {
            case LOGON_ACCEPTED ->
            {
                final LogonAcceptedDecoder d = logonAccepted.wrap(buffer, body, blockLength, version);
                yield Response.builder(type).correlationId(d.correlationId()).participantId(d.participantId())
                    .role(role(d.roleRaw())).businessDate(d.businessDate()).build();
            }
            case SESSION_REJECT ->
            {
                final SessionRejectDecoder d = sessionReject.wrap(buffer, body, blockLength, version);
                yield Response.builder(type).reason(reason(d.reasonRaw())).refTemplateId(d.refTemplateId()).build();
            }
            case DEAL_ACCEPTED ->
            {
                final DealAcceptedDecoder d = dealAccepted.wrap(buffer, body, blockLength, version);
                yield Response.builder(type).correlationId(d.correlationId()).clientDealId(d.clientDealId())
                    .dealId(d.dealId()).sequence(d.sequence()).build();
            }
            case DEAL_REJECTED ->
            {
                final DealRejectedDecoder d = dealRejected.wrap(buffer, body, blockLength, version);
                yield Response.builder(type).correlationId(d.correlationId()).clientDealId(d.clientDealId())
                    .reason(reason(d.reasonRaw())).build();
            }
            case DEAL_CANCELLED ->
            {
                final DealCancelledDecoder d = dealCancelled.wrap(buffer, body, blockLength, version);
                yield Response.builder(type).correlationId(d.correlationId()).dealId(d.dealId()).build();
            }
            case DEAL_SETTLED ->
            {
                final DealSettledDecoder d = dealSettled.wrap(buffer, body, blockLength, version);
                yield Response.builder(type).dealId(d.dealId()).clientDealId(d.clientDealId())
                    .settlementDate(d.settlementDate()).partQuantity(d.partQuantity()).partCash(d.partCash()).build();
            }
            case DEAL_PARTIALLY_SETTLED ->
            {
                final DealPartiallySettledDecoder d = dealPartiallySettled.wrap(buffer, body, blockLength, version);
                yield Response.builder(type).dealId(d.dealId()).clientDealId(d.clientDealId())
                    .settlementDate(d.settlementDate()).partQuantity(d.partQuantity()).partCash(d.partCash())
                    .settledQuantity(d.settledQuantity()).settledCash(d.settledCash())
                    .remainingQuantity(d.remainingQuantity()).reason(reason(d.reasonRaw())).build();
            }
            case DEAL_SETTLEMENT_FAILED ->
            {
                final DealSettlementFailedDecoder d = dealSettlementFailed.wrap(buffer, body, blockLength, version);
                yield Response.builder(type).dealId(d.dealId()).reason(reason(d.reasonRaw())).build();
            }
            case POSITION_REPORT ->
            {
                final PositionReportDecoder d = positionReport.wrap(buffer, body, blockLength, version);
                yield Response.builder(type).correlationId(d.correlationId()).participantId(d.participantId())
                    .instrumentId(d.instrumentId()).balance(d.balance()).build();
            }
            case DEAL_REPORT ->
            {
                final DealReportDecoder d = dealReport.wrap(buffer, body, blockLength, version);
                yield Response.builder(type).correlationId(d.correlationId()).dealId(d.dealId())
                    .clientDealId(d.clientDealId()).buyerId(d.buyerId()).sellerId(d.sellerId())
                    .securityId(d.securityId()).currencyId(d.currencyId()).quantity(d.quantity())
                    .cashAmount(d.cashAmount()).settlementDate(d.settlementDate())
                    .dealType(dealType(d.dealTypeRaw())).status(dealStatus(d.statusRaw()))
                    .lastFailReason(reason(d.lastFailReasonRaw())).heldSides(d.heldSides())
                    .linkId(d.linkId()).partialAllowed(d.partialAllowed() == 1)
                    .minimumQuantity(d.minimumQuantity()).settledQuantity(d.settledQuantity()).settledCash(d.settledCash())
                    .remainingQuantity(d.remainingQuantity()).build();
            }
            case DEAL_HELD ->
            {
                final DealHeldDecoder d = dealHeld.wrap(buffer, body, blockLength, version);
                yield Response.builder(type).correlationId(d.correlationId()).dealId(d.dealId()).side(side(d.sideRaw()))
                    .heldSides(d.heldSides()).participantId(d.byParticipantId()).build();
            }
            case DEAL_RELEASED ->
            {
                final DealReleasedDecoder d = dealReleased.wrap(buffer, body, blockLength, version);
                yield Response.builder(type).correlationId(d.correlationId()).dealId(d.dealId()).side(side(d.sideRaw()))
                    .heldSides(d.heldSides()).participantId(d.byParticipantId()).build();
            }
            case INSTRUCTION_ACCEPTED ->
            {
                final InstructionAcceptedDecoder d = instructionAccepted.wrap(buffer, body, blockLength, version);
                // version 4: a repeat of an ended instruction says its deal and why it ended
                yield Response.builder(type).correlationId(d.correlationId()).clientRef(d.clientRef())
                    .instructionId(d.instructionId()).instructionStatus(instructionStatus(d.statusRaw()))
                    .dealId(d.dealId()).reason(reason(d.reasonRaw())).build();
            }
            case INSTRUCTION_REJECTED ->
            {
                final InstructionRejectedDecoder d = instructionRejected.wrap(buffer, body, blockLength, version);
                yield Response.builder(type).correlationId(d.correlationId()).clientRef(d.clientRef())
                    .reason(reason(d.reasonRaw())).build();
            }
            case INSTRUCTION_ALLEGED ->
            {
                final InstructionAllegedDecoder d = instructionAlleged.wrap(buffer, body, blockLength, version);
                yield Response.builder(type).instructionId(d.instructionId()).clientRef(d.clientRef())
                    .participantId(d.ownerId()).side(side(d.sideRaw())).buyerId(d.buyerId()).sellerId(d.sellerId())
                    .securityId(d.securityId()).currencyId(d.currencyId()).quantity(d.quantity()).cashAmount(d.cashAmount())
                    .settlementDate(d.settlementDate()).dealType(dealType(d.dealTypeRaw())).build();
            }
            case INSTRUCTION_MATCHED ->
            {
                final InstructionMatchedDecoder d = instructionMatched.wrap(buffer, body, blockLength, version);
                yield Response.builder(type).correlationId(d.correlationId()).dealId(d.dealId())
                    .buyInstructionId(d.buyInstructionId()).buyClientRef(d.buyClientRef())
                    .sellInstructionId(d.sellInstructionId()).sellClientRef(d.sellClientRef())
                    .buyerId(d.buyerId()).sellerId(d.sellerId()).securityId(d.securityId()).currencyId(d.currencyId())
                    .quantity(d.quantity()).cashAmount(d.cashAmount()).settlementDate(d.settlementDate())
                    .dealType(dealType(d.dealTypeRaw())).partialAllowed(d.partialAllowed() == 1)
                    .minimumQuantity(d.minimumQuantity()).build();
            }
            case INSTRUCTION_ENDED ->
            {
                final InstructionEndedDecoder d = instructionEnded.wrap(buffer, body, blockLength, version);
                yield Response.builder(type).correlationId(d.correlationId()).instructionId(d.instructionId())
                    .clientRef(d.clientRef()).participantId(d.ownerId()).counterpartyId(d.counterpartyId())
                    .instructionStatus(instructionStatus(d.statusRaw())).reason(reason(d.reasonRaw())).build();
            }
            case INSTRUCTION_REPORT ->
            {
                final InstructionReportDecoder d = instructionReport.wrap(buffer, body, blockLength, version);
                yield Response.builder(type).correlationId(d.correlationId()).instructionId(d.instructionId())
                    .clientRef(d.clientRef()).participantId(d.ownerId()).side(side(d.sideRaw())).buyerId(d.buyerId())
                    .sellerId(d.sellerId()).securityId(d.securityId()).currencyId(d.currencyId()).quantity(d.quantity())
                    .cashAmount(d.cashAmount()).settlementDate(d.settlementDate()).dealType(dealType(d.dealTypeRaw()))
                    .linkId(d.linkId()).partialAllowed(d.partialAllowed() == 1).minimumQuantity(d.minimumQuantity())
                    .instructionStatus(instructionStatus(d.statusRaw())).dealId(d.dealId()).reason(reason(d.reasonRaw()))
                    .submittedDate(d.submittedDate()).build();
            }
            case COMMAND_RESULT ->
            {
                final CommandResultDecoder d = commandResult.wrap(buffer, body, blockLength, version);
                yield Response.builder(type).correlationId(d.correlationId()).refTemplateId(d.refTemplateId())
                    .result(reason(d.resultRaw())).build();
            }
            default -> throw new IllegalStateException(String.valueOf(type));
        };
    }

    private Response limitsReport(final DirectBuffer buffer, final int body, final int bodyLength)
    {
        final int count = checkGroup("LimitsReport", buffer, body, bodyLength, LimitsReportDecoder.BLOCK_LENGTH,
            LimitsReportDecoder.LimitsDecoder.HEADER_SIZE, LimitsReportDecoder.LimitsDecoder.sbeBlockLength());
        final LimitsReportDecoder d =
            limitsReport.wrap(buffer, body, LimitsReportDecoder.BLOCK_LENGTH, MessageHeaderDecoder.SCHEMA_VERSION);
        final long correlationId = d.correlationId();
        final long participantId = d.participantId();
        final List<LimitLine> lines = new ArrayList<>(count);
        for (final LimitsReportDecoder.LimitsDecoder line : d.limits())
        {
            lines.add(new LimitLine(limitKind(line.limitKindRaw()), line.key(), line.limit(), line.utilised()));
        }
        return Response.builder(Response.Type.LIMITS_REPORT).correlationId(correlationId).participantId(participantId)
            .limits(lines).build();
    }

    private Response participantsReport(final DirectBuffer buffer, final int body, final int bodyLength)
    {
        final int count = checkGroup("ParticipantsReport", buffer, body, bodyLength,
            ParticipantsReportDecoder.BLOCK_LENGTH, ParticipantsReportDecoder.ParticipantsDecoder.HEADER_SIZE,
            ParticipantsReportDecoder.ParticipantsDecoder.sbeBlockLength());
        final ParticipantsReportDecoder d = participantsReport.wrap(buffer, body, ParticipantsReportDecoder.BLOCK_LENGTH,
            MessageHeaderDecoder.SCHEMA_VERSION);
        final long correlationId = d.correlationId();
        final long remaining = d.remaining();
        final List<ParticipantLine> lines = new ArrayList<>(count);
        for (final ParticipantsReportDecoder.ParticipantsDecoder line : d.participants())
        {
            lines.add(new ParticipantLine(line.participantId(), role(line.roleRaw()), line.name(), line.shortCode()));
        }
        return Response.builder(Response.Type.PARTICIPANTS_REPORT).correlationId(correlationId).remaining(remaining)
            .participants(lines).build();
    }

    private Response instrumentsReport(final DirectBuffer buffer, final int body, final int bodyLength)
    {
        final int count = checkGroup("InstrumentsReport", buffer, body, bodyLength,
            InstrumentsReportDecoder.BLOCK_LENGTH, InstrumentsReportDecoder.InstrumentsDecoder.HEADER_SIZE,
            InstrumentsReportDecoder.InstrumentsDecoder.sbeBlockLength());
        final InstrumentsReportDecoder d = instrumentsReport.wrap(buffer, body, InstrumentsReportDecoder.BLOCK_LENGTH,
            MessageHeaderDecoder.SCHEMA_VERSION);
        final long correlationId = d.correlationId();
        final long remaining = d.remaining();
        final List<InstrumentLine> lines = new ArrayList<>(count);
        for (final InstrumentsReportDecoder.InstrumentsDecoder line : d.instruments())
        {
            lines.add(new InstrumentLine(line.instrumentId(), instrumentKind(line.kindRaw()), line.code(), line.isin(), line.name(),
                line.minorUnits()));
        }
        return Response.builder(Response.Type.INSTRUMENTS_REPORT).correlationId(correlationId).remaining(remaining)
            .instruments(lines).build();
    }

    private Response lockoutsReport(final DirectBuffer buffer, final int body, final int bodyLength)
    {
        final int count = checkGroup("LockoutsReport", buffer, body, bodyLength, LockoutsReportDecoder.BLOCK_LENGTH,
            LockoutsReportDecoder.LockoutsDecoder.HEADER_SIZE, LockoutsReportDecoder.LockoutsDecoder.sbeBlockLength());
        final LockoutsReportDecoder d = lockoutsReport.wrap(buffer, body, LockoutsReportDecoder.BLOCK_LENGTH,
            MessageHeaderDecoder.SCHEMA_VERSION);
        final long correlationId = d.correlationId();
        final long total = d.total();
        final List<LockoutLine> lines = new ArrayList<>(count);
        for (final LockoutsReportDecoder.LockoutsDecoder line : d.lockouts())
        {
            lines.add(new LockoutLine(lockoutKind(line.kindRaw()), line.participantId(), line.address(),
                line.failures(), line.lockedUntil()));
        }
        return Response.builder(Response.Type.LOCKOUTS_REPORT).correlationId(correlationId).total(total)
            .lockouts(lines).build();
    }

    /**
     * Checks that a message with one repeating group fills its frame exactly: room for the group header
     * (groupSizeEncoding: uint16 entry length, uint16 count), the schema's entry length, and as many entries as
     * the header counts.
     *
     * @return the group's entry count.
     */
    private static int checkGroup(final String name, final DirectBuffer buffer, final int body, final int bodyLength,
        final int blockLength, final int groupHeader, final int schemaEntryLength)
    {
        if (bodyLength < blockLength + groupHeader)
        {
            throw corrupt(name + " of " + bodyLength + " bytes after the headers has no room for its group");
        }
        final int entryLength = buffer.getShort(body + blockLength, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int count = buffer.getShort(body + blockLength + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (entryLength != schemaEntryLength)
        {
            throw corrupt(name + " group block length " + entryLength + ", expected " + schemaEntryLength);
        }
        final long expected = (long)blockLength + groupHeader + (long)count * entryLength;
        if (bodyLength != expected)
        {
            throw corrupt(name + " with " + count + " lines needs " + expected + " bytes after the headers, " +
                "the frame holds " + bodyLength);
        }
        return count;
    }

    private static int blockLength(final Response.Type type)
    {
        return switch (type)
        {
            case LOGON_ACCEPTED -> LogonAcceptedDecoder.BLOCK_LENGTH;
            case SESSION_REJECT -> SessionRejectDecoder.BLOCK_LENGTH;
            case DEAL_ACCEPTED -> DealAcceptedDecoder.BLOCK_LENGTH;
            case DEAL_REJECTED -> DealRejectedDecoder.BLOCK_LENGTH;
            case DEAL_CANCELLED -> DealCancelledDecoder.BLOCK_LENGTH;
            case DEAL_SETTLED -> DealSettledDecoder.BLOCK_LENGTH;
            case DEAL_SETTLEMENT_FAILED -> DealSettlementFailedDecoder.BLOCK_LENGTH;
            case LIMITS_REPORT -> LimitsReportDecoder.BLOCK_LENGTH;
            case POSITION_REPORT -> PositionReportDecoder.BLOCK_LENGTH;
            case DEAL_REPORT -> DealReportDecoder.BLOCK_LENGTH;
            case COMMAND_RESULT -> CommandResultDecoder.BLOCK_LENGTH;
            case PARTICIPANTS_REPORT -> ParticipantsReportDecoder.BLOCK_LENGTH;
            case LOCKOUTS_REPORT -> LockoutsReportDecoder.BLOCK_LENGTH;
            case INSTRUMENTS_REPORT -> InstrumentsReportDecoder.BLOCK_LENGTH;
            case DEAL_HELD -> DealHeldDecoder.BLOCK_LENGTH;
            case DEAL_RELEASED -> DealReleasedDecoder.BLOCK_LENGTH;
            case DEAL_PARTIALLY_SETTLED -> DealPartiallySettledDecoder.BLOCK_LENGTH;
            case INSTRUCTION_ACCEPTED -> InstructionAcceptedDecoder.BLOCK_LENGTH;
            case INSTRUCTION_ALLEGED -> InstructionAllegedDecoder.BLOCK_LENGTH;
            case INSTRUCTION_MATCHED -> InstructionMatchedDecoder.BLOCK_LENGTH;
            case INSTRUCTION_REJECTED -> InstructionRejectedDecoder.BLOCK_LENGTH;
            case INSTRUCTION_ENDED -> InstructionEndedDecoder.BLOCK_LENGTH;
            case INSTRUCTION_REPORT -> InstructionReportDecoder.BLOCK_LENGTH;
        };
    }

    private static CorruptedFrameException corrupt(final String message)
    {
        return new CorruptedFrameException(message);
    }

    // The generated enum lookups throw on a code the schema does not define; a client keeps such a
    // message (and its session) and reports NULL_VAL instead.

    private static Reason reason(final short raw)
    {
        try
        {
            return Reason.get(raw);
        }
        catch (final IllegalArgumentException ex)
        {
            return Reason.NULL_VAL;
        }
    }

    private static Role role(final short raw)
    {
        try
        {
            return Role.get(raw);
        }
        catch (final IllegalArgumentException ex)
        {
            return Role.NULL_VAL;
        }
    }

    private static Side side(final short raw)
    {
        try
        {
            return Side.get(raw);
        }
        catch (final IllegalArgumentException ex)
        {
            return Side.NULL_VAL;
        }
    }

    private static InstructionStatus instructionStatus(final short raw)
    {
        try
        {
            return InstructionStatus.get(raw);
        }
        catch (final IllegalArgumentException ex)
        {
            return InstructionStatus.NULL_VAL;
        }
    }

    private static DealType dealType(final short raw)
    {
        try
        {
            return DealType.get(raw);
        }
        catch (final IllegalArgumentException ex)
        {
            return DealType.NULL_VAL;
        }
    }

    private static DealStatus dealStatus(final short raw)
    {
        try
        {
            return DealStatus.get(raw);
        }
        catch (final IllegalArgumentException ex)
        {
            return DealStatus.NULL_VAL;
        }
    }

    private static LimitKind limitKind(final short raw)
    {
        try
        {
            return LimitKind.get(raw);
        }
        catch (final IllegalArgumentException ex)
        {
            return LimitKind.NULL_VAL;
        }
    }

    private static InstrumentKind instrumentKind(final short raw)
    {
        try
        {
            return InstrumentKind.get(raw);
        }
        catch (final IllegalArgumentException ex)
        {
            return InstrumentKind.NULL_VAL;
        }
    }

    private static LockoutKind lockoutKind(final short raw)
    {
        try
        {
            return LockoutKind.get(raw);
        }
        catch (final IllegalArgumentException ex)
        {
            return LockoutKind.NULL_VAL;
        }
    }
}
