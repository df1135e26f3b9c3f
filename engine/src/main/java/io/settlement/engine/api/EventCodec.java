package io.settlement.engine.api;

import io.settlement.protocol.journal.BusinessDateAdvancedEventDecoder;
import io.settlement.protocol.journal.BusinessDateAdvancedEventEncoder;
import io.settlement.protocol.journal.CommandResultEventEncoder;
import io.settlement.protocol.journal.CycleCompletedEventEncoder;
import io.settlement.protocol.journal.CycleSettledValueEventEncoder;
import io.settlement.protocol.journal.DealAcceptedEventEncoder;
import io.settlement.protocol.journal.DealCancelledEventEncoder;
import io.settlement.protocol.journal.DealEncoder;
import io.settlement.protocol.journal.InstructionAcceptedEventEncoder;
import io.settlement.protocol.journal.InstructionAllegedEventEncoder;
import io.settlement.protocol.journal.InstructionMatchedEventEncoder;
import io.settlement.protocol.journal.InstructionRejectedEventEncoder;
import io.settlement.protocol.journal.InstructionEndedEventEncoder;
import io.settlement.protocol.journal.InstructionReportEventEncoder;
import io.settlement.protocol.journal.InstructionEncoder;
import io.settlement.protocol.journal.DealHeldEventEncoder;
import io.settlement.protocol.journal.DealPartiallySettledEventEncoder;
import io.settlement.protocol.journal.DealRejectedEventEncoder;
import io.settlement.protocol.journal.DealReleasedEventEncoder;
import io.settlement.protocol.journal.DealReportEventEncoder;
import io.settlement.protocol.journal.DealSettledEventEncoder;
import io.settlement.protocol.journal.DealSettlementFailedEventEncoder;
import io.settlement.protocol.journal.EventHeaderEncoder;
import io.settlement.protocol.journal.InstrumentLineEventEncoder;
import io.settlement.protocol.journal.InstrumentsReportEventEncoder;
import io.settlement.protocol.journal.LimitLineEventEncoder;
import io.settlement.protocol.journal.LimitSetEventEncoder;
import io.settlement.protocol.journal.LimitsReportEventEncoder;
import io.settlement.protocol.journal.ParticipantLineEventEncoder;
import io.settlement.protocol.journal.ParticipantsReportEventEncoder;
import io.settlement.protocol.journal.PositionReportEventEncoder;
import io.settlement.protocol.wire.Reason;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * An {@link Event} as a journal record: what the event journal stores and what the running event
 * hash covers. A thin mapping onto the codecs generated from the journal schema ({@code protocol}'s
 * {@code sbe/journal-schema.xml}), framed by {@link RecordFrame}; an event's template id is
 * {@link #TEMPLATE_BASE} + its {@link EventType} code.
 *
 * <p>A CYCLE_SETTLED_VALUE carries its value as two int64 words, low ({@code amount}) and high
 * ({@code amountHigh}), always: one layout whatever the value.
 *
 * <p>Decoding uses the record's own block length and schema version (SBE's acting block length and
 * version), as {@link CommandCodec} does. Stateless; encoding and decoding allocate nothing.
 */
public final class EventCodec
{
    /** Event template ids are this plus the event type code. */
    public static final int TEMPLATE_BASE = 100;
    /** No event encodes longer than this; size buffers with it. */
    public static final int MAX_LENGTH = 256;

    private EventCodec()
    {
    }

    /** @return the number of bytes written at {@code offset} (the whole framed record). */
    public static int encode(final Event e, final MutableDirectBuffer buffer, final int offset)
    {
        // the event of every registration in a method of its own: the switch over every other template is too big
        // for the JIT to inline the SBE calls of a case into it (each field write was a call), this one is not
        return e.type == EventType.DEAL_ACCEPTED ? encodeDealAccepted(e, buffer, offset) : encodeOther(e, buffer, offset);
    }

    private static int encodeDealAccepted(final Event e, final MutableDirectBuffer buffer, final int offset)
    {
        final JournalFlyweights f = JournalFlyweights.get();
        final DealAcceptedEventEncoder m =
            f.dealAcceptedEventEncoder.wrapAndApplyHeader(buffer, offset + RecordFrame.HEADER_OFFSET, f.header);
        header(m.header(), e);
        deal(m.deal(), e);
        m.repeat((byte)e.count);
        return RecordFrame.finish(buffer, offset, m.encodedLength(), layoutVersion(EventType.DEAL_ACCEPTED), f.crc);
    }

    private static int encodeOther(final Event e, final MutableDirectBuffer buffer, final int offset)
    {
        final JournalFlyweights f = JournalFlyweights.get();
        final int at = offset + RecordFrame.HEADER_OFFSET;
        final int blockLength;
        switch (e.type)
        {
            case DEAL_SETTLED:
            {
                final DealSettledEventEncoder m = f.dealSettledEventEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), e);
                deal(m.deal(), e);
                if (isWholeSettlement(e))
                {
                    // a deal that settled in one go: as version 1 wrote it (old journals verify)
                    blockLength = DealSettledEventEncoder.partQuantityEncodingOffset();
                    f.header.blockLength(blockLength);
                    return RecordFrame.finish(buffer, offset, blockLength, RecordFrame.FIRST_VERSION, f.crc);
                }
                m.partQuantity(e.partQuantity).partCash(e.partCash);
                blockLength = m.encodedLength();
                break;
            }
            case DEAL_REPORT:
            {
                final DealReportEventEncoder m = f.dealReportEventEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), e);
                deal(m.deal(), e);
                m.dealStatus(e.dealStatus).reason((byte)e.reason.value());
                if (e.heldSides == 0 && isPlainDeal(e))
                {
                    // no side held, unlinked and settling only in full: as version 1 wrote it
                    // (old journals and outcome logs verify)
                    blockLength = DealReportEventEncoder.heldSidesEncodingOffset();
                    f.header.blockLength(blockLength);
                    return RecordFrame.finish(buffer, offset, blockLength, RecordFrame.FIRST_VERSION, f.crc);
                }
                m.heldSides(e.heldSides);
                m.linkId(e.linkId).partialAllowed(e.partialAllowed).minimumQuantity(e.minimumQuantity)
                    .settledQuantity(e.settledQuantity).settledCash(e.settledCash);
                blockLength = m.encodedLength();
                break;
            }
            case DEAL_HELD:
            {
                final DealHeldEventEncoder m = f.dealHeldEventEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), e);
                m.dealId(e.dealId).clientDealId(e.clientDealId).buyerId(e.buyerId).sellerId(e.sellerId).side(e.side).heldSides(e.heldSides);
                blockLength = m.encodedLength();
                break;
            }
            case DEAL_RELEASED:
            {
                final DealReleasedEventEncoder m = f.dealReleasedEventEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), e);
                m.dealId(e.dealId).clientDealId(e.clientDealId).buyerId(e.buyerId).sellerId(e.sellerId).side(e.side).heldSides(e.heldSides);
                blockLength = m.encodedLength();
                break;
            }
            case INSTRUCTION_ACCEPTED:
            {
                final InstructionAcceptedEventEncoder m = f.instructionAcceptedEventEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), e);
                instruction(m.instruction(), e);
                m.repeat((byte)e.count);
                if (isPlainAcceptance(e))
                {
                    // no deal and no end reason to tell: as version 5 wrote it (journals written before verify)
                    blockLength = InstructionAcceptedEventEncoder.dealIdEncodingOffset();
                    f.header.blockLength(blockLength);
                    return RecordFrame.finish(buffer, offset, blockLength, InstructionAcceptedEventEncoder.headerSinceVersion(), f.crc);
                }
                m.dealId(e.dealId).reason((byte)e.reason.value());
                blockLength = m.encodedLength();
                break;
            }
            case INSTRUCTION_ALLEGED:
            {
                final InstructionAllegedEventEncoder m = f.instructionAllegedEventEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), e);
                instruction(m.instruction(), e);
                blockLength = m.encodedLength();
                break;
            }
            case INSTRUCTION_MATCHED:
            {
                final InstructionMatchedEventEncoder m = f.instructionMatchedEventEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), e);
                instruction(m.instruction(), e);
                m.matchedInstructionId(e.matchedInstructionId).matchedClientRef(e.matchedClientRef)
                    .matchedCashAmount(e.matchedCashAmount).matchedLinkId(e.matchedLinkId).dealId(e.dealId)
                    .dealCashAmount(e.dealCashAmount).dealPartialAllowed(e.dealPartialAllowed).dealMinimumQuantity(e.dealMinimumQuantity);
                blockLength = m.encodedLength();
                break;
            }
            case INSTRUCTION_REJECTED:
            {
                final InstructionRejectedEventEncoder m = f.instructionRejectedEventEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), e);
                m.clientRef(e.clientRef).reason((byte)e.reason.value());
                blockLength = m.encodedLength();
                break;
            }
            case INSTRUCTION_ENDED:
            {
                final InstructionEndedEventEncoder m = f.instructionEndedEventEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), e);
                instruction(m.instruction(), e);
                m.reason((byte)e.reason.value());
                blockLength = m.encodedLength();
                break;
            }
            case INSTRUCTION_REPORT:
            {
                final InstructionReportEventEncoder m = f.instructionReportEventEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), e);
                instruction(m.instruction(), e);
                m.dealId(e.dealId).reason((byte)e.reason.value());
                blockLength = m.encodedLength();
                break;
            }
            case DEAL_PARTIALLY_SETTLED:
            {
                final DealPartiallySettledEventEncoder m = f.dealPartiallySettledEventEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), e);
                deal(m.deal(), e);
                m.partQuantity(e.partQuantity).partCash(e.partCash).settledQuantity(e.settledQuantity)
                    .settledCash(e.settledCash).reason((byte)e.reason.value());
                blockLength = m.encodedLength();
                break;
            }
            case DEAL_REJECTED:
            {
                final DealRejectedEventEncoder m = f.dealRejectedEventEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), e);
                m.clientDealId(e.clientDealId).reason((byte)e.reason.value());
                blockLength = m.encodedLength();
                break;
            }
            case DEAL_CANCELLED:
            {
                final DealCancelledEventEncoder m = f.dealCancelledEventEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), e);
                m.dealId(e.dealId).clientDealId(e.clientDealId).buyerId(e.buyerId).sellerId(e.sellerId);
                blockLength = m.encodedLength();
                break;
            }
            case DEAL_SETTLEMENT_FAILED:
            {
                final DealSettlementFailedEventEncoder m = f.dealSettlementFailedEventEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), e);
                m.dealId(e.dealId).clientDealId(e.clientDealId).buyerId(e.buyerId).sellerId(e.sellerId).reason((byte)e.reason.value());
                blockLength = m.encodedLength();
                break;
            }
            case CYCLE_SETTLED_VALUE:
            {
                final CycleSettledValueEventEncoder m = f.cycleSettledValueEventEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), e);
                m.currencyId(e.currencyId).amountLow(e.amount).amountHigh(e.amountHigh).count(e.count);
                blockLength = m.encodedLength();
                break;
            }
            case CYCLE_COMPLETED:
            {
                final CycleCompletedEventEncoder m = f.cycleCompletedEventEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), e);
                m.businessDate(e.businessDate).attempted(e.attempted).settled(e.settled).failed(e.failed);
                blockLength = m.encodedLength();
                break;
            }
            case COMMAND_RESULT:
            {
                final CommandResultEventEncoder m = f.commandResultEventEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), e);
                m.commandType(e.commandType).reason((byte)e.reason.value());
                blockLength = m.encodedLength();
                break;
            }
            case LIMIT_SET:
            {
                final LimitSetEventEncoder m = f.limitSetEventEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), e);
                m.participantId(e.participantId).limitKind(e.limitKind).limitKey(e.limitKey).amount(e.amount).utilised(e.utilised);
                blockLength = m.encodedLength();
                break;
            }
            case LIMIT_LINE:
            {
                final LimitLineEventEncoder m = f.limitLineEventEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), e);
                m.participantId(e.participantId).limitKind(e.limitKind).limitKey(e.limitKey).amount(e.amount).utilised(e.utilised);
                blockLength = m.encodedLength();
                break;
            }
            case POSITION_REPORT:
            {
                final PositionReportEventEncoder m = f.positionReportEventEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), e);
                m.participantId(e.participantId).instrumentId(e.instrumentId).amount(e.amount);
                blockLength = m.encodedLength();
                break;
            }
            case LIMITS_REPORT:
            {
                final LimitsReportEventEncoder m = f.limitsReportEventEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), e);
                m.participantId(e.participantId).count(e.count);
                blockLength = m.encodedLength();
                break;
            }
            case BUSINESS_DATE_ADVANCED:
            {
                final BusinessDateAdvancedEventEncoder m = f.businessDateAdvancedEventEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), e);
                m.businessDate(e.businessDate).count(e.count);
                blockLength = m.encodedLength();
                break;
            }
            case PARTICIPANTS_REPORT:
            {
                final ParticipantsReportEventEncoder m = f.participantsReportEventEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), e);
                m.count(e.count);
                blockLength = m.encodedLength();
                break;
            }
            case PARTICIPANT_LINE:
            {
                final ParticipantLineEventEncoder m = f.participantLineEventEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), e);
                m.participantId(e.participantId).role(e.role);
                if (ReferenceChecks.isEmpty(e.name))
                {
                    // a participant created without details: the line as version 1 wrote it (old journals verify)
                    blockLength = ParticipantLineEventEncoder.nameEncodingOffset();
                    f.header.blockLength(blockLength);
                    return RecordFrame.finish(buffer, offset, blockLength, RecordFrame.FIRST_VERSION, f.crc);
                }
                m.putName(e.name, 0).putShortCode(e.shortCode, 0);
                blockLength = m.encodedLength();
                break;
            }
            case INSTRUMENTS_REPORT:
            {
                final InstrumentsReportEventEncoder m = f.instrumentsReportEventEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), e);
                m.count(e.count);
                blockLength = m.encodedLength();
                break;
            }
            case INSTRUMENT_LINE:
            {
                final InstrumentLineEventEncoder m = f.instrumentLineEventEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), e);
                m.instrumentId(e.instrumentId).instrumentKind(e.instrumentKind).putCode(e.code, 0);
                if (ReferenceChecks.isEmpty(e.name))
                {
                    // an instrument created without details: the line as version 2 wrote it (old journals verify)
                    blockLength = InstrumentLineEventEncoder.isinEncodingOffset();
                    f.header.blockLength(blockLength);
                    return RecordFrame.finish(buffer, offset, blockLength, InstrumentLineEventEncoder.headerSinceVersion(), f.crc);
                }
                m.putIsin(e.isin, 0).putName(e.name, 0).minorUnits(e.minorUnits);
                blockLength = m.encodedLength();
                break;
            }
            default:
                throw new IllegalStateException("no encoding for " + e.type);
        }
        return RecordFrame.finish(buffer, offset, blockLength, layoutVersion(e.type), f.crc);
    }

    private static void header(final EventHeaderEncoder h, final Event e)
    {
        h.sequence(e.sequence).correlationId(e.correlationId).submitterId(e.submitterId);
    }

    private static void instruction(final InstructionEncoder i, final Event e)
    {
        i.instructionId(e.instructionId).clientRef(e.clientRef).side(e.side).buyerId(e.buyerId).sellerId(e.sellerId)
            .securityId(e.securityId).currencyId(e.currencyId).quantity(e.quantity).cashAmount(e.cashAmount)
            .settlementDate(e.settlementDate).dealType(e.dealType).linkId(e.linkId).partialAllowed(e.partialAllowed)
            .minimumQuantity(e.minimumQuantity).status(e.instructionStatus).submittedDate(e.submittedDate);
    }

    private static void deal(final DealEncoder d, final Event e)
    {
        d.dealId(e.dealId).clientDealId(e.clientDealId).buyerId(e.buyerId).sellerId(e.sellerId)
            .securityId(e.securityId).currencyId(e.currencyId).quantity(e.quantity).cashAmount(e.cashAmount)
            .settlementDate(e.settlementDate).dealType(e.dealType);
    }

    /** An INSTRUCTION_ACCEPTED without a deal or an end reason (all but some repeats): written in the version-5 layout. */
    private static boolean isPlainAcceptance(final Event e)
    {
        return e.dealId == 0 && e.reason == Reason.OK;
    }

    /** A DEAL_SETTLED whose part is the whole deal (it had no earlier part): written in the version-1 layout. */
    private static boolean isWholeSettlement(final Event e)
    {
        return e.partQuantity == e.quantity && e.partCash == e.cashAmount;
    }

    /**
     * A DEAL_REPORT of an unlinked deal that settles only in full (so it has settled all of it or
     * nothing, as its status says): written in the version-1 layout, read back to the same figures.
     */
    private static boolean isPlainDeal(final Event e)
    {
        final boolean settled = e.dealStatus == io.settlement.protocol.wire.DealStatus.SETTLED.value();
        return e.linkId == 0 && e.partialAllowed == 0 && e.minimumQuantity == 0
            && e.settledQuantity == (settled ? e.quantity : 0) && e.settledCash == (settled ? e.cashAmount : 0);
    }

    /** @return the length {@link #encode} writes for {@code e}. */
    public static int encodedLength(final Event e)
    {
        if (e.type == EventType.DEAL_SETTLED && isWholeSettlement(e))
        {
            return RecordFrame.OVERHEAD + DealSettledEventEncoder.partQuantityEncodingOffset();
        }
        if (e.type == EventType.DEAL_REPORT && e.heldSides == 0 && isPlainDeal(e))
        {
            return RecordFrame.OVERHEAD + DealReportEventEncoder.heldSidesEncodingOffset();
        }
        if (e.type == EventType.INSTRUCTION_ACCEPTED && isPlainAcceptance(e))
        {
            return RecordFrame.OVERHEAD + InstructionAcceptedEventEncoder.dealIdEncodingOffset();
        }
        // a line of a participant or instrument created without a name is written in its earlier layout
        if (e.type == EventType.PARTICIPANT_LINE && ReferenceChecks.isEmpty(e.name))
        {
            return RecordFrame.OVERHEAD + ParticipantLineEventEncoder.nameEncodingOffset();
        }
        if (e.type == EventType.INSTRUMENT_LINE && ReferenceChecks.isEmpty(e.name))
        {
            return RecordFrame.OVERHEAD + InstrumentLineEventEncoder.isinEncodingOffset();
        }
        return encodedLength(e.type);
    }

    /** @return the length an event of this type encodes to (this build's version). */
    public static int encodedLength(final EventType type)
    {
        final int block;
        switch (type)
        {
            case DEAL_ACCEPTED: block = DealAcceptedEventEncoder.BLOCK_LENGTH; break;
            case DEAL_SETTLED: block = DealSettledEventEncoder.BLOCK_LENGTH; break;
            case DEAL_PARTIALLY_SETTLED: block = DealPartiallySettledEventEncoder.BLOCK_LENGTH; break;
            case DEAL_REPORT: block = DealReportEventEncoder.BLOCK_LENGTH; break;
            case DEAL_REJECTED: block = DealRejectedEventEncoder.BLOCK_LENGTH; break;
            case DEAL_CANCELLED: block = DealCancelledEventEncoder.BLOCK_LENGTH; break;
            case DEAL_SETTLEMENT_FAILED: block = DealSettlementFailedEventEncoder.BLOCK_LENGTH; break;
            case CYCLE_SETTLED_VALUE: block = CycleSettledValueEventEncoder.BLOCK_LENGTH; break;
            case CYCLE_COMPLETED: block = CycleCompletedEventEncoder.BLOCK_LENGTH; break;
            case COMMAND_RESULT: block = CommandResultEventEncoder.BLOCK_LENGTH; break;
            case LIMIT_SET: block = LimitSetEventEncoder.BLOCK_LENGTH; break;
            case LIMIT_LINE: block = LimitLineEventEncoder.BLOCK_LENGTH; break;
            case POSITION_REPORT: block = PositionReportEventEncoder.BLOCK_LENGTH; break;
            case LIMITS_REPORT: block = LimitsReportEventEncoder.BLOCK_LENGTH; break;
            case BUSINESS_DATE_ADVANCED: block = BusinessDateAdvancedEventEncoder.BLOCK_LENGTH; break;
            case PARTICIPANTS_REPORT: block = ParticipantsReportEventEncoder.BLOCK_LENGTH; break;
            case PARTICIPANT_LINE: block = ParticipantLineEventEncoder.BLOCK_LENGTH; break;
            case INSTRUMENTS_REPORT: block = InstrumentsReportEventEncoder.BLOCK_LENGTH; break;
            case INSTRUMENT_LINE: block = InstrumentLineEventEncoder.BLOCK_LENGTH; break;
            case DEAL_HELD: block = DealHeldEventEncoder.BLOCK_LENGTH; break;
            case DEAL_RELEASED: block = DealReleasedEventEncoder.BLOCK_LENGTH; break;
            case INSTRUCTION_ACCEPTED: block = InstructionAcceptedEventEncoder.BLOCK_LENGTH; break;
            case INSTRUCTION_ALLEGED: block = InstructionAllegedEventEncoder.BLOCK_LENGTH; break;
            case INSTRUCTION_MATCHED: block = InstructionMatchedEventEncoder.BLOCK_LENGTH; break;
            case INSTRUCTION_REJECTED: block = InstructionRejectedEventEncoder.BLOCK_LENGTH; break;
            case INSTRUCTION_ENDED: block = InstructionEndedEventEncoder.BLOCK_LENGTH; break;
            case INSTRUCTION_REPORT: block = InstructionReportEventEncoder.BLOCK_LENGTH; break;
            default: throw new IllegalStateException("no encoding for " + type);
        }
        return RecordFrame.OVERHEAD + block;
    }

    /**
     * @return the journal schema version an event of this type is written with: its template's layout
     * version, as {@code CommandCodec}'s (see {@link RecordFrame#finish}).
     */
    public static int layoutVersion(final EventType type)
    {
        switch (type)
        {
            case INSTRUMENTS_REPORT: return InstrumentsReportEventEncoder.headerSinceVersion();
            case DEAL_SETTLED: return DealSettledEventEncoder.partQuantitySinceVersion();
            case DEAL_REPORT: return DealReportEventEncoder.heldSidesSinceVersion();
            case DEAL_PARTIALLY_SETTLED: return DealPartiallySettledEventEncoder.headerSinceVersion();
            case PARTICIPANT_LINE: return ParticipantLineEventEncoder.nameSinceVersion();
            case INSTRUMENT_LINE: return InstrumentLineEventEncoder.isinSinceVersion();
            case DEAL_HELD: return DealHeldEventEncoder.headerSinceVersion();
            case DEAL_RELEASED: return DealReleasedEventEncoder.headerSinceVersion();
            case INSTRUCTION_ACCEPTED: return InstructionAcceptedEventEncoder.dealIdSinceVersion();
            case INSTRUCTION_ALLEGED: return InstructionAllegedEventEncoder.headerSinceVersion();
            case INSTRUCTION_MATCHED: return InstructionMatchedEventEncoder.headerSinceVersion();
            case INSTRUCTION_REJECTED: return InstructionRejectedEventEncoder.headerSinceVersion();
            case INSTRUCTION_ENDED: return InstructionEndedEventEncoder.headerSinceVersion();
            case INSTRUCTION_REPORT: return InstructionReportEventEncoder.headerSinceVersion();
            default: return RecordFrame.FIRST_VERSION;
        }
    }

    /**
     * @return the length of the record at {@code offset}, from its frame-length field (records this
     * process wrote, e.g. a slot's outcomes); -1 when that field is out of range. Journals are read
     * through {@link RecordFrame#check}, which also checks the checksum.
     */
    public static int encodedLength(final DirectBuffer buffer, final int offset)
    {
        return RecordFrame.length(buffer, offset);
    }

    /** @return the event type a template id of the journal schema stands for, or null (not an event, or unknown). */
    public static EventType typeOf(final int templateId)
    {
        return templateId > TEMPLATE_BASE ? EventType.fromCode(templateId - TEMPLATE_BASE) : null;
    }

    /** @return the event type of a framed record (its template id), or null when this build does not know it. */
    public static EventType typeOfRecord(final DirectBuffer record, final int offset)
    {
        return typeOf(RecordFrame.templateId(record, offset));
    }

    /** @return the business date a BUSINESS_DATE_ADVANCED record carries, read in place. */
    public static int businessDateOf(final DirectBuffer record, final int offset)
    {
        return record.getInt(offset + RecordFrame.BLOCK_OFFSET + BusinessDateAdvancedEventDecoder.businessDateEncodingOffset(),
            java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @return true when the bytes at {@code offset} look like a record of the hand-written format
     * before the journal schema (an event type code, then format version 1 or 2), not like a frame.
     */
    public static boolean isUnversionedFormat(final DirectBuffer buffer, final int offset, final int available)
    {
        if (available < 2 || EventType.fromCode(buffer.getByte(offset)) == null)
        {
            return false;
        }
        final byte version = buffer.getByte(offset + 1);
        return (version == 1 || version == 2) && RecordFrame.check(buffer, offset, available) < 0;
    }

    /**
     * Decodes the record of exactly {@code length} bytes at {@code offset} into {@code e}.
     *
     * @return true when the bytes are a whole, well-formed event record (length, checksum, schema, a
     * known template whose block is not shorter than its version's, known reason code); false leaves
     * {@code e} unspecified.
     */
    public static boolean decode(final DirectBuffer buffer, final int offset, final int length, final Event e)
    {
        return RecordFrame.check(buffer, offset, length) == length && decodeChecked(buffer, offset, e);
    }

    /**
     * Decodes a record whose frame {@link RecordFrame#check} has accepted (a {@code JournalReader}'s
     * current record, or one this process encoded): as {@link #decode}, without checking length and
     * checksum a second time.
     *
     * @return true when the record is a known template with a block long enough for its version.
     */
    public static boolean decodeChecked(final DirectBuffer buffer, final int offset, final Event e)
    {
        return EventDecoding.decodeChecked(buffer, offset, e);
    }
}
