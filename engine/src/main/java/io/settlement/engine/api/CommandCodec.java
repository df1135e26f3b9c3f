package io.settlement.engine.api;

import java.nio.ByteOrder;

import io.settlement.protocol.journal.AdvanceBusinessDateCommandEncoder;
import io.settlement.protocol.journal.CancelDealCommandEncoder;
import io.settlement.protocol.journal.CommandHeaderDecoder;
import io.settlement.protocol.journal.CommandHeaderEncoder;
import io.settlement.protocol.journal.CreateInstrumentCommandEncoder;
import io.settlement.protocol.journal.CreateParticipantCommandEncoder;
import io.settlement.protocol.journal.DepositCommandEncoder;
import io.settlement.protocol.journal.SubmitInstructionCommandEncoder;
import io.settlement.protocol.journal.CancelInstructionCommandEncoder;
import io.settlement.protocol.journal.QueryInstructionCommandEncoder;
import io.settlement.protocol.journal.SetMatchingToleranceCommandEncoder;
import io.settlement.protocol.journal.SetInstructionExpiryCommandEncoder;
import io.settlement.protocol.journal.HoldDealCommandEncoder;
import io.settlement.protocol.journal.QueryDealCommandEncoder;
import io.settlement.protocol.journal.QueryInstrumentsCommandEncoder;
import io.settlement.protocol.journal.QueryLimitsCommandEncoder;
import io.settlement.protocol.journal.QueryParticipantsCommandEncoder;
import io.settlement.protocol.journal.QueryPositionCommandEncoder;
import io.settlement.protocol.journal.ReleaseDealCommandEncoder;
import io.settlement.protocol.journal.RunSettlementCycleCommandEncoder;
import io.settlement.protocol.journal.SetCalendarCommandEncoder;
import io.settlement.protocol.journal.SetHolidayCommandEncoder;
import io.settlement.protocol.journal.SetLimitCommandEncoder;
import io.settlement.protocol.journal.SetRetentionCommandEncoder;
import io.settlement.protocol.journal.SubmitDealCommandEncoder;
import io.settlement.protocol.journal.WithdrawCommandEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A {@link Command} as a journal record: what the command journal stores, byte for byte. A thin
 * mapping onto the codecs generated from the journal schema ({@code protocol}'s
 * {@code sbe/journal-schema.xml}, package {@code io.settlement.protocol.journal}), framed by
 * {@link RecordFrame}; a command's template id is its {@link CommandType} code.
 *
 * <p>Decoding uses the record's own block length and schema version (SBE's acting block length and
 * version): fields a later version appended are skipped, and fields this build has that an older
 * record lacks read as their null value. Stateless; encoding and decoding allocate nothing.
 */
public final class CommandCodec
{
    /** No command encodes longer than this; size buffers with it. */
    public static final int MAX_LENGTH = 256;

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private CommandCodec()
    {
    }

    /** @return the number of bytes written at {@code offset} (the whole framed record). */
    public static int encode(final Command c, final MutableDirectBuffer buffer, final int offset)
    {
        final JournalFlyweights f = JournalFlyweights.get();
        final int at = offset + RecordFrame.HEADER_OFFSET;
        final int blockLength;
        switch (c.type)
        {
            case SUBMIT_DEAL:
            {
                final SubmitDealCommandEncoder m = f.submitDealCommandEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), c);
                m.clientDealId(c.clientDealId).buyerId(c.buyerId).sellerId(c.sellerId)
                    .securityId(c.securityId).currencyId(c.currencyId).quantity(c.quantity).cashAmount(c.cashAmount)
                    .settlementDate(c.settlementDate).dealType(c.dealType);
                if (c.legacyLayout)
                {
                    blockLength = legacyBlockLength(CommandType.SUBMIT_DEAL);
                    f.header.blockLength(blockLength);
                    return RecordFrame.finish(buffer, offset, blockLength, RecordFrame.FIRST_VERSION, f.crc);
                }
                m.linkId(c.linkId).partialAllowed(c.partialAllowed).minimumQuantity(c.minimumQuantity);
                blockLength = m.encodedLength();
                break;
            }
            case CANCEL_DEAL:
                header(f.cancelDealCommandEncoder.wrapAndApplyHeader(buffer, at, f.header).dealId(c.dealId).header(), c);
                blockLength = f.cancelDealCommandEncoder.encodedLength();
                break;
            case SUBMIT_INSTRUCTION:
            {
                final SubmitInstructionCommandEncoder m = f.submitInstructionCommandEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), c);
                m.clientRef(c.clientRef).side(c.side).counterpartyId(c.counterpartyId).securityId(c.securityId)
                    .currencyId(c.currencyId).quantity(c.quantity).cashAmount(c.cashAmount).settlementDate(c.settlementDate)
                    .dealType(c.dealType).linkId(c.linkId).partialAllowed(c.partialAllowed).minimumQuantity(c.minimumQuantity);
                blockLength = m.encodedLength();
                break;
            }
            case CANCEL_INSTRUCTION:
                header(f.cancelInstructionCommandEncoder.wrapAndApplyHeader(buffer, at, f.header).instructionId(c.instructionId).header(), c);
                blockLength = f.cancelInstructionCommandEncoder.encodedLength();
                break;
            case QUERY_INSTRUCTION:
                header(f.queryInstructionCommandEncoder.wrapAndApplyHeader(buffer, at, f.header).instructionId(c.instructionId).header(), c);
                blockLength = f.queryInstructionCommandEncoder.encodedLength();
                break;
            case SET_MATCHING_TOLERANCE:
                header(f.setMatchingToleranceCommandEncoder.wrapAndApplyHeader(buffer, at, f.header)
                    .currencyId(c.currencyId).toleranceMinor(c.toleranceMinor).header(), c);
                blockLength = f.setMatchingToleranceCommandEncoder.encodedLength();
                break;
            case SET_INSTRUCTION_EXPIRY:
                header(f.setInstructionExpiryCommandEncoder.wrapAndApplyHeader(buffer, at, f.header)
                    .businessDays(c.expiryBusinessDays).header(), c);
                blockLength = f.setInstructionExpiryCommandEncoder.encodedLength();
                break;
            case HOLD_DEAL:
                header(f.holdDealCommandEncoder.wrapAndApplyHeader(buffer, at, f.header).dealId(c.dealId).side(c.side).header(), c);
                blockLength = f.holdDealCommandEncoder.encodedLength();
                break;
            case RELEASE_DEAL:
                header(f.releaseDealCommandEncoder.wrapAndApplyHeader(buffer, at, f.header).dealId(c.dealId).side(c.side).header(), c);
                blockLength = f.releaseDealCommandEncoder.encodedLength();
                break;
            case QUERY_DEAL:
                header(f.queryDealCommandEncoder.wrapAndApplyHeader(buffer, at, f.header).dealId(c.dealId).header(), c);
                blockLength = f.queryDealCommandEncoder.encodedLength();
                break;
            case QUERY_LIMITS:
                header(f.queryLimitsCommandEncoder.wrapAndApplyHeader(buffer, at, f.header).participantId(c.participantId).header(), c);
                blockLength = f.queryLimitsCommandEncoder.encodedLength();
                break;
            case QUERY_POSITION:
            {
                final QueryPositionCommandEncoder m = f.queryPositionCommandEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), c);
                m.participantId(c.participantId).instrumentId(c.instrumentId);
                blockLength = m.encodedLength();
                break;
            }
            case QUERY_PARTICIPANTS:
                header(f.queryParticipantsCommandEncoder.wrapAndApplyHeader(buffer, at, f.header).header(), c);
                blockLength = f.queryParticipantsCommandEncoder.encodedLength();
                break;
            case QUERY_INSTRUMENTS:
                header(f.queryInstrumentsCommandEncoder.wrapAndApplyHeader(buffer, at, f.header).header(), c);
                blockLength = f.queryInstrumentsCommandEncoder.encodedLength();
                break;
            case CREATE_PARTICIPANT:
            {
                final CreateParticipantCommandEncoder m = f.createParticipantCommandEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), c);
                m.participantId(c.participantId).role(c.role);
                if (c.legacyLayout)
                {
                    blockLength = legacyBlockLength(CommandType.CREATE_PARTICIPANT);
                    f.header.blockLength(blockLength);
                    return RecordFrame.finish(buffer, offset, blockLength, RecordFrame.FIRST_VERSION, f.crc);
                }
                m.putName(c.name, 0).putShortCode(c.shortCode, 0);
                blockLength = m.encodedLength();
                break;
            }
            case CREATE_INSTRUMENT:
            {
                final CreateInstrumentCommandEncoder m = f.createInstrumentCommandEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), c);
                m.instrumentId(c.instrumentId).instrumentKind(c.instrumentKind).putCode(c.code, 0);
                if (c.legacyLayout)
                {
                    blockLength = legacyBlockLength(CommandType.CREATE_INSTRUMENT);
                    f.header.blockLength(blockLength);
                    return RecordFrame.finish(buffer, offset, blockLength, RecordFrame.FIRST_VERSION, f.crc);
                }
                m.putIsin(c.isin, 0).putName(c.name, 0).minorUnits(c.minorUnits);
                blockLength = m.encodedLength();
                break;
            }
            case DEPOSIT:
            {
                final DepositCommandEncoder m = f.depositCommandEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), c);
                m.participantId(c.participantId).instrumentId(c.instrumentId).amount(c.amount);
                blockLength = m.encodedLength();
                break;
            }
            case WITHDRAW:
            {
                final WithdrawCommandEncoder m = f.withdrawCommandEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), c);
                m.participantId(c.participantId).instrumentId(c.instrumentId).amount(c.amount);
                blockLength = m.encodedLength();
                break;
            }
            case SET_LIMIT:
            {
                final SetLimitCommandEncoder m = f.setLimitCommandEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), c);
                m.participantId(c.participantId).limitKind(c.limitKind).limitKey(c.limitKey).amount(c.amount);
                blockLength = m.encodedLength();
                break;
            }
            case ADVANCE_BUSINESS_DATE:
            {
                final AdvanceBusinessDateCommandEncoder m = f.advanceBusinessDateCommandEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), c);
                m.businessDate(c.businessDate);
                blockLength = m.encodedLength();
                break;
            }
            case RUN_SETTLEMENT_CYCLE:
            {
                final RunSettlementCycleCommandEncoder m = f.runSettlementCycleCommandEncoder.wrapAndApplyHeader(buffer, at, f.header);
                header(m.header(), c);
                if (c.legacyLayout)
                {
                    blockLength = legacyBlockLength(CommandType.RUN_SETTLEMENT_CYCLE);
                    f.header.blockLength(blockLength);
                    return RecordFrame.finish(buffer, offset, blockLength, RecordFrame.FIRST_VERSION, f.crc);
                }
                m.mode(c.cycleMode);
                blockLength = m.encodedLength();
                break;
            }
            case SET_RETENTION:
                header(f.setRetentionCommandEncoder.wrapAndApplyHeader(buffer, at, f.header)
                    .retainFinishedDays(c.retainFinishedDays).header(), c);
                blockLength = f.setRetentionCommandEncoder.encodedLength();
                break;
            case SET_CALENDAR:
                header(f.setCalendarCommandEncoder.wrapAndApplyHeader(buffer, at, f.header)
                    .weekends(c.weekends).header(), c);
                blockLength = f.setCalendarCommandEncoder.encodedLength();
                break;
            case SET_HOLIDAY:
                header(f.setHolidayCommandEncoder.wrapAndApplyHeader(buffer, at, f.header)
                    .date(c.holidayDate).status(c.dayStatus).header(), c);
                blockLength = f.setHolidayCommandEncoder.encodedLength();
                break;
            default:
                throw new IllegalStateException("no encoding for " + c.type);
        }
        return RecordFrame.finish(buffer, offset, blockLength, layoutVersion(c.type), f.crc);
    }

    private static void header(final CommandHeaderEncoder h, final Command c)
    {
        h.sequence(c.sequence).timestampNs(c.timestampNs).submitterId(c.submitterId).correlationId(c.correlationId);
    }

    /**
     * Bytes of a command's block before the wire request's block: the command header's sequence,
     * timestampNs and submitterId. The header ends with the correlationId, which is the first field of
     * every wire request; every command template of the journal schema lays out the rest of its block as
     * the wire request of the same template id does (a rule of the two schemas, checked by the schema
     * contract test and stated in docs/journal-format.md).
     */
    public static final int WIRE_BLOCK_OFFSET = CommandHeaderEncoder.correlationIdEncodingOffset();

    /**
     * Frames a wire request's block as the journal record of the same template, without decoding it:
     * the record's header, then sequence and time (0: stage 1 stamps them), the submitter, then the
     * wire block as it came. The checksum is left to {@link #stamp}.
     *
     * A request of an earlier layout (a CreateParticipant or CreateInstrument of wire protocol version 1,
     * whose block ends before the reference-data fields) is framed as the journal record of that layout
     * (version 1), so the engine gives it the defaults of that version.
     *
     * @return the record's length, or -1 when {@code templateId} is not a command of this build or the
     * block is not that command's length (this build's, or its earlier layout's).
     */
    public static int fromWire(
        final MutableDirectBuffer record, final int templateId, final long submitterId,
        final DirectBuffer wire, final int wireBlockOffset, final int wireBlockLength)
    {
        final CommandType type = typeOf(templateId);
        if (type == null)
        {
            return -1;
        }
        final int blockLength = WIRE_BLOCK_OFFSET + wireBlockLength;
        final int length = RecordFrame.OVERHEAD + blockLength;
        final int version;
        if (length == encodedLength(type))
        {
            version = layoutVersion(type);
        }
        else if (blockLength == legacyBlockLength(type))
        {
            version = RecordFrame.FIRST_VERSION;
        }
        else
        {
            return -1;
        }
        final JournalFlyweights f = JournalFlyweights.get();
        f.header.wrap(record, RecordFrame.HEADER_OFFSET).blockLength(blockLength).templateId(templateId)
            .schemaId(RecordFrame.SCHEMA_ID).version(version);
        record.putInt(0, length, LE);
        final int block = RecordFrame.BLOCK_OFFSET;
        record.putLong(block + CommandHeaderEncoder.sequenceEncodingOffset(), 0, LE);
        record.putLong(block + CommandHeaderEncoder.timestampNsEncodingOffset(), 0, LE);
        record.putLong(block + CommandHeaderEncoder.submitterIdEncodingOffset(), submitterId, LE);
        record.putBytes(block + WIRE_BLOCK_OFFSET, wire, wireBlockOffset, wireBlockLength);
        return length;
    }

    /**
     * Stage 1: stamps a framed command record with its sequence and time and seals it with its
     * checksum, in place; the record is then appended to the journal as it is.
     */
    public static void stamp(final MutableDirectBuffer record, final int offset, final long sequence, final long timestampNs)
    {
        final int block = offset + RecordFrame.BLOCK_OFFSET;
        record.putLong(block + CommandHeaderEncoder.sequenceEncodingOffset(), sequence, LE);
        record.putLong(block + CommandHeaderEncoder.timestampNsEncodingOffset(), timestampNs, LE);
        RecordFrame.seal(record, offset, JournalFlyweights.get().crc);
    }

    /** @return the sequence a framed command record carries (stamped by stage 1). */
    public static long sequence(final DirectBuffer record, final int offset)
    {
        return record.getLong(offset + RecordFrame.BLOCK_OFFSET + CommandHeaderDecoder.sequenceEncodingOffset(), LE);
    }

    /** @return the time a framed command record was stamped with by stage 1 (the pipeline's clock, nanoseconds). */
    public static long timestampNs(final DirectBuffer record, final int offset)
    {
        return record.getLong(offset + RecordFrame.BLOCK_OFFSET + CommandHeaderDecoder.timestampNsEncodingOffset(), LE);
    }

    /** @return the correlation id a framed command record carries (the submitter's, echoed in its replies). */
    public static long correlationId(final DirectBuffer record, final int offset)
    {
        return record.getLong(offset + RecordFrame.BLOCK_OFFSET + CommandHeaderDecoder.correlationIdEncodingOffset(), LE);
    }

    /** @return the command type of a framed record (its template id), or null when this build does not know it. */
    public static CommandType typeOfRecord(final DirectBuffer record, final int offset)
    {
        return typeOf(RecordFrame.templateId(record, offset));
    }

    /** @return the length a command of this type encodes to (this build's version). */
    public static int encodedLength(final CommandType type)
    {
        final int block;
        switch (type)
        {
            case SUBMIT_DEAL: block = SubmitDealCommandEncoder.BLOCK_LENGTH; break;
            case CANCEL_DEAL: block = CancelDealCommandEncoder.BLOCK_LENGTH; break;
            case QUERY_DEAL: block = QueryDealCommandEncoder.BLOCK_LENGTH; break;
            case QUERY_LIMITS: block = QueryLimitsCommandEncoder.BLOCK_LENGTH; break;
            case QUERY_POSITION: block = QueryPositionCommandEncoder.BLOCK_LENGTH; break;
            case QUERY_PARTICIPANTS: block = QueryParticipantsCommandEncoder.BLOCK_LENGTH; break;
            case QUERY_INSTRUMENTS: block = QueryInstrumentsCommandEncoder.BLOCK_LENGTH; break;
            case CREATE_PARTICIPANT: block = CreateParticipantCommandEncoder.BLOCK_LENGTH; break;
            case CREATE_INSTRUMENT: block = CreateInstrumentCommandEncoder.BLOCK_LENGTH; break;
            case DEPOSIT: block = DepositCommandEncoder.BLOCK_LENGTH; break;
            case WITHDRAW: block = WithdrawCommandEncoder.BLOCK_LENGTH; break;
            case SET_LIMIT: block = SetLimitCommandEncoder.BLOCK_LENGTH; break;
            case ADVANCE_BUSINESS_DATE: block = AdvanceBusinessDateCommandEncoder.BLOCK_LENGTH; break;
            case RUN_SETTLEMENT_CYCLE: block = RunSettlementCycleCommandEncoder.BLOCK_LENGTH; break;
            case SET_RETENTION: block = SetRetentionCommandEncoder.BLOCK_LENGTH; break;
            case SET_CALENDAR: block = SetCalendarCommandEncoder.BLOCK_LENGTH; break;
            case SET_HOLIDAY: block = SetHolidayCommandEncoder.BLOCK_LENGTH; break;
            case HOLD_DEAL: block = HoldDealCommandEncoder.BLOCK_LENGTH; break;
            case RELEASE_DEAL: block = ReleaseDealCommandEncoder.BLOCK_LENGTH; break;
            case SUBMIT_INSTRUCTION: block = SubmitInstructionCommandEncoder.BLOCK_LENGTH; break;
            case CANCEL_INSTRUCTION: block = CancelInstructionCommandEncoder.BLOCK_LENGTH; break;
            case QUERY_INSTRUCTION: block = QueryInstructionCommandEncoder.BLOCK_LENGTH; break;
            case SET_MATCHING_TOLERANCE: block = SetMatchingToleranceCommandEncoder.BLOCK_LENGTH; break;
            case SET_INSTRUCTION_EXPIRY: block = SetInstructionExpiryCommandEncoder.BLOCK_LENGTH; break;
            default: throw new IllegalStateException("no encoding for " + type);
        }
        return RecordFrame.OVERHEAD + block;
    }

    /**
     * @return the journal schema version a record of this type is written with: its template's
     * layout version (the templates of version 1 are written as version 1 wrote them; see
     * {@link RecordFrame#finish}).
     */
    public static int layoutVersion(final CommandType type)
    {
        switch (type)
        {
            case SUBMIT_DEAL: return SubmitDealCommandEncoder.linkIdSinceVersion();
            case CREATE_PARTICIPANT: return CreateParticipantCommandEncoder.nameSinceVersion();
            case CREATE_INSTRUMENT: return CreateInstrumentCommandEncoder.isinSinceVersion();
            case QUERY_INSTRUMENTS: return QueryInstrumentsCommandEncoder.headerSinceVersion();
            case SET_CALENDAR: return SetCalendarCommandEncoder.headerSinceVersion();
            case SET_HOLIDAY: return SetHolidayCommandEncoder.headerSinceVersion();
            case HOLD_DEAL: return HoldDealCommandEncoder.headerSinceVersion();
            case RELEASE_DEAL: return ReleaseDealCommandEncoder.headerSinceVersion();
            case SUBMIT_INSTRUCTION: return SubmitInstructionCommandEncoder.headerSinceVersion();
            case CANCEL_INSTRUCTION: return CancelInstructionCommandEncoder.headerSinceVersion();
            case QUERY_INSTRUCTION: return QueryInstructionCommandEncoder.headerSinceVersion();
            case SET_MATCHING_TOLERANCE: return SetMatchingToleranceCommandEncoder.headerSinceVersion();
            case SET_INSTRUCTION_EXPIRY: return SetInstructionExpiryCommandEncoder.headerSinceVersion();
            case RUN_SETTLEMENT_CYCLE: return RunSettlementCycleCommandEncoder.modeSinceVersion();
            default: return RecordFrame.FIRST_VERSION;
        }
    }

    /**
     * @return the block length of a template's layout before fields were appended to it: CreateParticipant
     * and CreateInstrument before the reference-data fields (journal schema version 4) and RunSettlementCycle
     * before its mode (version 5), as version 1 wrote them; -1 for a template whose layout has not changed
     * since it was added.
     */
    public static int legacyBlockLength(final CommandType type)
    {
        switch (type)
        {
            case SUBMIT_DEAL: return SubmitDealCommandEncoder.linkIdEncodingOffset();
            case CREATE_PARTICIPANT: return CreateParticipantCommandEncoder.nameEncodingOffset();
            case CREATE_INSTRUMENT: return CreateInstrumentCommandEncoder.isinEncodingOffset();
            case RUN_SETTLEMENT_CYCLE: return RunSettlementCycleCommandEncoder.modeEncodingOffset();
            default: return -1;
        }
    }

    /**
     * @return the wire protocol version that brought a request's current layout: 2 for CreateParticipant
     * and CreateInstrument (reference data for people), 3 for SubmitDeal (linked and partial settlement)
     * and RunSettlementCycle (its mode), 1 for the rest. A session of an earlier version sends the layout of {@link #legacyBlockLength}.
     */
    public static int wireLayoutVersion(final CommandType type)
    {
        switch (type)
        {
            case CREATE_PARTICIPANT:
            case CREATE_INSTRUMENT:
                return 2;
            case SUBMIT_DEAL:
            case RUN_SETTLEMENT_CYCLE:
                return 3;
            default:
                return 1;
        }
    }

    /** @return the command type a template id of the journal schema stands for, or null (not a command, or unknown). */
    public static CommandType typeOf(final int templateId)
    {
        return templateId > 0 && templateId < 128 ? CommandType.fromCode((byte)templateId) : null;
    }

    /**
     * @return true when the bytes at {@code offset} look like a record of the hand-written format
     * before the journal schema (a command type code, then format version 1), not like a frame.
     */
    public static boolean isUnversionedFormat(final DirectBuffer buffer, final int offset, final int available)
    {
        return available >= 2 && CommandType.fromCode(buffer.getByte(offset)) != null && buffer.getByte(offset + 1) == 1
            && RecordFrame.check(buffer, offset, available) < 0;
    }

    /**
     * Decodes the record of exactly {@code length} bytes at {@code offset} into {@code c}.
     *
     * @return true when the bytes are a whole, well-formed command record (length, checksum, schema,
     * a known template whose block is not shorter than its version's); false leaves {@code c} in an
     * unspecified state.
     */
    public static boolean decode(final DirectBuffer buffer, final int offset, final int length, final Command c)
    {
        return RecordFrame.check(buffer, offset, length) == length && decodeChecked(buffer, offset, c);
    }

    /**
     * Decodes a record whose frame {@link RecordFrame#check} has accepted (a {@code JournalReader}'s
     * current record, or one this process encoded): as {@link #decode}, without checking length and
     * checksum a second time.
     *
     * @return true when the record is a known template with a block long enough for its version.
     */
    public static boolean decodeChecked(final DirectBuffer buffer, final int offset, final Command c)
    {
        return CommandDecoding.decodeChecked(buffer, offset, c);
    }

    /**
     * @return the command type of a record whose frame {@link RecordFrame#check} has accepted, when it
     * is a template this build knows with a block long enough for its version (what the engine may
     * read through the generated flyweights); null otherwise.
     */
    public static CommandType checkedType(final DirectBuffer buffer, final int offset)
    {
        final CommandType type = typeOf(RecordFrame.templateId(buffer, offset));
        return type != null && RecordFrame.blockLength(buffer, offset) >= minimumBlockLength(type, RecordFrame.version(buffer, offset))
            ? type : null;
    }

    /**
     * The shortest block a record of {@code type} and {@code version} may have: this build's block from
     * the template's layout version on; CreateParticipant and CreateInstrument records of versions 1-3
     * (before the reference-data fields of version 4), and RunSettlementCycle records of versions 1-4
     * (before its mode), have the block version 1 gave them. A record whose
     * version is older than its template was added in is malformed (no such record can have been
     * written) (docs/journal-format.md).
     */
    private static int minimumBlockLength(final CommandType type, final int version)
    {
        final int legacy = legacyBlockLength(type);
        if (legacy > 0)
        {
            return version < layoutVersion(type) ? legacy : encodedLength(type) - RecordFrame.OVERHEAD;
        }
        return version < layoutVersion(type) ? Integer.MAX_VALUE : encodedLength(type) - RecordFrame.OVERHEAD;
    }
}
