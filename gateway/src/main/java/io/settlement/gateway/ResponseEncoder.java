package io.settlement.gateway;

import java.nio.ByteOrder;

import io.settlement.engine.api.CommandType;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.EventType;
import io.settlement.engine.api.RecordFrame;
import io.settlement.engine.api.ReferenceChecks;
import io.settlement.protocol.journal.CommandResultEventDecoder;
import io.settlement.protocol.journal.DealAcceptedEventDecoder;
import io.settlement.protocol.journal.DealCancelledEventDecoder;
import io.settlement.protocol.journal.DealDecoder;
import io.settlement.protocol.journal.DealRejectedEventDecoder;
import io.settlement.protocol.journal.DealReportEventDecoder;
import io.settlement.protocol.journal.DealSettledEventDecoder;
import io.settlement.protocol.journal.DealSettlementFailedEventDecoder;
import io.settlement.protocol.journal.EventHeaderDecoder;
import io.settlement.protocol.journal.InstrumentLineEventDecoder;
import io.settlement.protocol.journal.InstrumentsReportEventDecoder;
import io.settlement.protocol.journal.LimitLineEventDecoder;
import io.settlement.protocol.journal.LimitsReportEventDecoder;
import io.settlement.protocol.journal.ParticipantLineEventDecoder;
import io.settlement.protocol.journal.ParticipantsReportEventDecoder;
import io.settlement.protocol.journal.PositionReportEventDecoder;
import io.settlement.protocol.wire.CommandResultEncoder;
import io.settlement.protocol.wire.DealAcceptedEncoder;
import io.settlement.protocol.wire.DealCancelledEncoder;
import io.settlement.protocol.wire.DealRejectedEncoder;
import io.settlement.protocol.wire.DealReportEncoder;
import io.settlement.protocol.wire.DealSettledEncoder;
import io.settlement.protocol.wire.DealSettlementFailedEncoder;
import io.settlement.protocol.wire.DealStatus;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.InstrumentsReportEncoder;
import io.settlement.protocol.wire.LimitKind;
import io.settlement.protocol.wire.LimitsReportEncoder;
import io.settlement.protocol.wire.LockoutsReportEncoder;
import io.settlement.protocol.wire.LogonAcceptedEncoder;
import io.settlement.protocol.wire.MessageHeaderEncoder;
import io.settlement.protocol.wire.ParticipantsReportEncoder;
import io.settlement.protocol.wire.PositionReportEncoder;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import io.settlement.protocol.wire.SessionRejectEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Engine outcomes to SBE responses, each framed with SOFH, into a reusable scratch buffer (the
 * caller copies the bytes into its outbound ByteBuf). An outcome is read where it lies, as the
 * engine encoded it (a journal record), through the journal schema's generated decoders: no event
 * object. Codecs are final fields, wrapped per message; nothing is allocated. One instance per
 * thread that encodes.
 *
 * <p>A LimitsReport is one message built from a LIMITS_REPORT event (which gives the line count)
 * and the LIMIT_LINE events that follow it: {@link #reply} returns 0 until the last line is in.
 *
 * <p>A ParticipantsReport is built the same way from PARTICIPANTS_REPORT and its PARTICIPANT_LINE
 * events, but in frames of at most {@link #MAX_PARTICIPANT_LINES} lines ({@link #VERSION1_PARTICIPANT_LINES}
 * for a session of wire protocol version 1, whose lines are shorter): {@link #reply} returns a frame
 * each time one is full (its {@code remaining} field says how many lines later frames hold), so a
 * list of any length reaches the client, in participant-id order. An InstrumentsReport is built
 * the same way from INSTRUMENTS_REPORT and its INSTRUMENT_LINE events, in frames of at most
 * {@link #MAX_INSTRUMENT_LINES} lines ({@link #VERSION1_INSTRUMENT_LINES} in version 1).
 */
final class ResponseEncoder
{
    /** Large enough for any response, including a LimitsReport of 100 lines. */
    static final int MAX_RESPONSE = 4096;
    private static final int MAX_LIMIT_LINES = (MAX_RESPONSE - 64) / LimitsReportEncoder.LimitsEncoder.sbeBlockLength();
    /** Bytes of a report frame before its lines: SOFH, SBE header, root block, group header (30 for both reports). */
    private static final int PARTICIPANTS_FRAME_HEADERS = Frames.HEADER_LENGTH + ParticipantsReportEncoder.BLOCK_LENGTH
        + ParticipantsReportEncoder.ParticipantsEncoder.HEADER_SIZE;
    private static final int INSTRUMENTS_FRAME_HEADERS = Frames.HEADER_LENGTH + InstrumentsReportEncoder.BLOCK_LENGTH
        + InstrumentsReportEncoder.InstrumentsEncoder.HEADER_SIZE;
    /** Lines per ParticipantsReport frame in version 2: as many 85-byte lines as fit 4096 bytes (47: 4,025 bytes). */
    static final int MAX_PARTICIPANT_LINES =
        (MAX_RESPONSE - PARTICIPANTS_FRAME_HEADERS) / ParticipantsReportEncoder.ParticipantsEncoder.sbeBlockLength();
    /** Lines per InstrumentsReport frame in version 2: as many 94-byte lines as fit 4096 bytes (43: 4,072 bytes). */
    static final int MAX_INSTRUMENT_LINES =
        (MAX_RESPONSE - INSTRUMENTS_FRAME_HEADERS) / InstrumentsReportEncoder.InstrumentsEncoder.sbeBlockLength();
    /** Lines per ParticipantsReport frame in version 1, as that version promised: 400 lines of 9 bytes, 3,630 bytes. */
    static final int VERSION1_PARTICIPANT_LINES = 400;
    /** Lines per InstrumentsReport frame in version 1, as that version promised: 200 lines of 17 bytes, 3,430 bytes. */
    static final int VERSION1_INSTRUMENT_LINES = 200;
    /**
     * A frame is encoded in version 2's layout, then cut to version 1's in place: the scratch holds a
     * version-1 frame's lines at their version-2 length (400 x 85 bytes) before the cut.
     */
    private static final int SCRATCH_LENGTH = Math.max(MAX_RESPONSE, Math.max(
        PARTICIPANTS_FRAME_HEADERS + VERSION1_PARTICIPANT_LINES * ParticipantsReportEncoder.ParticipantsEncoder.sbeBlockLength(),
        INSTRUMENTS_FRAME_HEADERS + VERSION1_INSTRUMENT_LINES * InstrumentsReportEncoder.InstrumentsEncoder.sbeBlockLength()));

    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[SCRATCH_LENGTH]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final LogonAcceptedEncoder logonAccepted = new LogonAcceptedEncoder();
    private final SessionRejectEncoder sessionReject = new SessionRejectEncoder();
    private final DealAcceptedEncoder dealAccepted = new DealAcceptedEncoder();
    private final DealRejectedEncoder dealRejected = new DealRejectedEncoder();
    private final DealCancelledEncoder dealCancelled = new DealCancelledEncoder();
    private final DealSettledEncoder dealSettled = new DealSettledEncoder();
    private final DealSettlementFailedEncoder dealFailed = new DealSettlementFailedEncoder();
    private final LimitsReportEncoder limitsReport = new LimitsReportEncoder();
    private final PositionReportEncoder positionReport = new PositionReportEncoder();
    private final DealReportEncoder dealReport = new DealReportEncoder();
    private final CommandResultEncoder commandResult = new CommandResultEncoder();
    private final ParticipantsReportEncoder participantsReport = new ParticipantsReportEncoder();
    private final InstrumentsReportEncoder instrumentsReport = new InstrumentsReportEncoder();
    private final LockoutsReportEncoder lockoutsReport = new LockoutsReportEncoder();
    // the outcome records, read in place
    private final DealAcceptedEventDecoder inDealAccepted = new DealAcceptedEventDecoder();
    private final DealRejectedEventDecoder inDealRejected = new DealRejectedEventDecoder();
    private final DealCancelledEventDecoder inDealCancelled = new DealCancelledEventDecoder();
    private final DealSettledEventDecoder inDealSettled = new DealSettledEventDecoder();
    private final DealSettlementFailedEventDecoder inDealFailed = new DealSettlementFailedEventDecoder();
    private final CommandResultEventDecoder inCommandResult = new CommandResultEventDecoder();
    private final PositionReportEventDecoder inPositionReport = new PositionReportEventDecoder();
    private final DealReportEventDecoder inDealReport = new DealReportEventDecoder();
    private final LimitsReportEventDecoder inLimitsReport = new LimitsReportEventDecoder();
    private final LimitLineEventDecoder inLimitLine = new LimitLineEventDecoder();
    private final ParticipantsReportEventDecoder inParticipantsReport = new ParticipantsReportEventDecoder();
    private final ParticipantLineEventDecoder inParticipantLine = new ParticipantLineEventDecoder();
    private final InstrumentsReportEventDecoder inInstrumentsReport = new InstrumentsReportEventDecoder();
    private final InstrumentLineEventDecoder inInstrumentLine = new InstrumentLineEventDecoder();
    private final byte[] code = new byte[InstrumentLineEventDecoder.codeLength()];
    private final byte[] isin = new byte[InstrumentLineEventDecoder.isinLength()];
    private final byte[] name = new byte[InstrumentLineEventDecoder.nameLength()];
    /** The wire protocol version that added the reference-data fields to the report lines. */
    private static final int REFERENCE_DATA_VERSION = 2;
    /** The wire protocol version of the session this encoder answers: every message is encoded in it. */
    private int wireVersion = MessageHeaderEncoder.SCHEMA_VERSION;
    private LimitsReportEncoder.LimitsEncoder limitLines;
    private int limitLinesLeft;
    private ParticipantsReportEncoder.ParticipantsEncoder participantLines;
    /** Lines of the ParticipantsReport being built still to come, in this frame and later ones. */
    private long participantsLeft;
    /** Lines still to come in the frame being built (0: no frame started). */
    private int participantFrameLeft;
    private InstrumentsReportEncoder.InstrumentsEncoder instrumentLines;
    /** Lines of the InstrumentsReport being built still to come, in this frame and later ones. */
    private long instrumentsLeft;
    /** Lines still to come in the InstrumentsReport frame being built (0: no frame started). */
    private int instrumentFrameLeft;

    /**
     * The session speaks wire protocol {@code version} (its Logon's, 1 or 2): every message is then
     * written in that version's layout, with that version in its header.
     */
    void wireVersion(final int version)
    {
        wireVersion = version;
    }

    /** The bytes of the last message encoded start at 0. */
    UnsafeBuffer buffer()
    {
        return scratch;
    }

    int logonAccepted(final long correlationId, final long participantId, final Role role, final int businessDate)
    {
        logonAccepted.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header)
            .correlationId(correlationId).participantId(participantId).role(role).businessDate(businessDate);
        return frame(logonAccepted.encodedLength());
    }

    int sessionReject(final Reason reason, final int refTemplateId)
    {
        sessionReject.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header).reason(reason).refTemplateId(refTemplateId);
        return frame(sessionReject.encodedLength());
    }

    /** The logon lockouts in force (at most {@link #MAX_LOCKOUTS} listed; {@code total} counts them all). */
    int lockoutsReport(final long correlationId, final java.util.List<LogonThrottle.Lockout> lockouts)
    {
        lockoutsReport.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header)
            .correlationId(correlationId).total(lockouts.size());
        final int listed = Math.min(lockouts.size(), MAX_LOCKOUTS);
        final LockoutsReportEncoder.LockoutsEncoder lines = lockoutsReport.lockoutsCount(listed);
        for (int i = 0; i < listed; i++)
        {
            final LogonThrottle.Lockout lockout = lockouts.get(i);
            lines.next().kind(lockout.kind()).participantId(lockout.participantId()).address(lockout.address())
                .failures(lockout.failures()).lockedUntil(lockout.lockedUntilMs());
        }
        return frame(lockoutsReport.encodedLength());
    }

    /** Lockouts listed in one LockoutsReport (what fits a 4096-byte frame with room to spare). */
    static final int MAX_LOCKOUTS = 50;

    /** An immediate refusal of a request the ring could not take (BUSY, UNAVAILABLE). */
    int refusal(final int templateId, final long correlationId, final long clientDealId, final Reason reason)
    {
        if (templateId == CommandType.SUBMIT_DEAL.code())
        {
            dealRejected.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header)
                .correlationId(correlationId).clientDealId(clientDealId).reason(reason);
            return frame(dealRejected.encodedLength());
        }
        commandResult.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header)
            .correlationId(correlationId).refTemplateId(templateId).result(reason);
        return frame(commandResult.encodedLength());
    }

    /**
     * The response the sender of a command gets for one of its outcomes, framed straight from the
     * outcome's journal record (read through the journal schema's generated decoders: no event object).
     *
     * @param record an outcome as the engine encoded it, at {@code offset}
     * @return the framed length, or 0 when this outcome is not sent to the sender as such (pushes,
     * per-currency cycle totals, or a LimitsReport still collecting lines).
     */
    int reply(final DirectBuffer record, final int offset)
    {
        final EventType type = EventCodec.typeOfRecord(record, offset);
        if (type == null)
        {
            throw new IllegalArgumentException("not an outcome record: template " + RecordFrame.templateId(record, offset));
        }
        final int at = offset + RecordFrame.BLOCK_OFFSET;
        final int blockLength = RecordFrame.blockLength(record, offset);
        final int version = RecordFrame.version(record, offset);
        switch (type)
        {
            case DEAL_ACCEPTED:
            {
                final DealAcceptedEventDecoder m = inDealAccepted.wrap(record, at, blockLength, version);
                final EventHeaderDecoder h = m.header();
                final long correlationId = h.correlationId();
                final long sequence = h.sequence();
                final DealDecoder d = m.deal();
                dealAccepted.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header)
                    .correlationId(correlationId).clientDealId(d.clientDealId()).dealId(d.dealId()).sequence(sequence);
                return frame(dealAccepted.encodedLength());
            }
            case DEAL_REJECTED:
            {
                final DealRejectedEventDecoder m = inDealRejected.wrap(record, at, blockLength, version);
                dealRejected.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header)
                    .correlationId(m.header().correlationId()).clientDealId(m.clientDealId()).reason(reason(m.reason()));
                return frame(dealRejected.encodedLength());
            }
            case DEAL_CANCELLED:
            {
                final DealCancelledEventDecoder m = inDealCancelled.wrap(record, at, blockLength, version);
                return dealCancelled(m.header().correlationId(), m.dealId());
            }
            case COMMAND_RESULT:
            {
                final CommandResultEventDecoder m = inCommandResult.wrap(record, at, blockLength, version);
                final long correlationId = m.header().correlationId();
                return commandResult(correlationId, m.commandType(), reason(m.reason()));
            }
            case LIMIT_SET:
                return commandResult(correlationId(record, offset), CommandType.SET_LIMIT.code(), Reason.OK);
            case BUSINESS_DATE_ADVANCED:
                return commandResult(correlationId(record, offset), CommandType.ADVANCE_BUSINESS_DATE.code(), Reason.OK);
            case CYCLE_COMPLETED:
                return commandResult(correlationId(record, offset), CommandType.RUN_SETTLEMENT_CYCLE.code(), Reason.OK);
            case POSITION_REPORT:
            {
                final PositionReportEventDecoder m = inPositionReport.wrap(record, at, blockLength, version);
                positionReport.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header)
                    .correlationId(m.header().correlationId()).participantId(m.participantId()).instrumentId(m.instrumentId())
                    .balance(m.amount());
                return frame(positionReport.encodedLength());
            }
            case DEAL_REPORT:
            {
                final DealReportEventDecoder m = inDealReport.wrap(record, at, blockLength, version);
                final long correlationId = m.header().correlationId();
                final DealDecoder d = m.deal();
                dealReport.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header)
                    .correlationId(correlationId).dealId(d.dealId()).clientDealId(d.clientDealId())
                    .buyerId(d.buyerId()).sellerId(d.sellerId()).securityId(d.securityId()).currencyId(d.currencyId())
                    .quantity(d.quantity()).cashAmount(d.cashAmount()).settlementDate(d.settlementDate())
                    .dealType(DealType.get(d.dealType())).status(DealStatus.get(m.dealStatus())).lastFailReason(reason(m.reason()));
                return frame(dealReport.encodedLength());
            }
            case LIMITS_REPORT:
            {
                final LimitsReportEventDecoder m = inLimitsReport.wrap(record, at, blockLength, version);
                final long correlationId = m.header().correlationId();
                limitsReport.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header)
                    .correlationId(correlationId).participantId(m.participantId());
                limitLinesLeft = (int)Math.min(m.count(), MAX_LIMIT_LINES);
                limitLines = limitsReport.limitsCount(limitLinesLeft);
                return limitLinesLeft == 0 ? frame(limitsReport.encodedLength()) : 0;
            }
            case LIMIT_LINE:
            {
                if (limitLinesLeft == 0)
                {
                    return 0; // beyond what fits one response (over 160 limits for one participant)
                }
                final LimitLineEventDecoder m = inLimitLine.wrap(record, at, blockLength, version);
                limitLines.next().limitKind(LimitKind.get(m.limitKind())).key(m.limitKey()).limit(m.amount()).utilised(m.utilised());
                return --limitLinesLeft == 0 ? frame(limitsReport.encodedLength()) : 0;
            }
            case PARTICIPANTS_REPORT:
            {
                final ParticipantsReportEventDecoder m = inParticipantsReport.wrap(record, at, blockLength, version);
                participantsLeft = m.count();
                participantFrameLeft = 0;
                return participantsLeft == 0 ? startParticipantsFrame(m.header().correlationId()) : 0;
            }
            case PARTICIPANT_LINE:
            {
                if (participantsLeft == 0)
                {
                    return 0; // not announced by its header: cannot happen with the engine's report
                }
                final ParticipantLineEventDecoder m = inParticipantLine.wrap(record, at, blockLength, version);
                if (participantFrameLeft == 0)
                {
                    startParticipantsFrame(m.header().correlationId());
                }
                if (version >= ParticipantLineEventDecoder.nameSinceVersion())
                {
                    m.getName(name, 0);
                    m.getShortCode(code, 0);
                }
                else
                {
                    java.util.Arrays.fill(name, (byte)0); // a participant created without them (version 1)
                    java.util.Arrays.fill(code, (byte)0);
                }
                participantLines.next().participantId(m.participantId()).role(Role.get(m.role())).putName(name, 0).putShortCode(code, 0);
                participantsLeft--;
                return --participantFrameLeft == 0 ? frame(participantsReport.encodedLength()) : 0;
            }
            case INSTRUMENTS_REPORT:
            {
                final InstrumentsReportEventDecoder m = inInstrumentsReport.wrap(record, at, blockLength, version);
                instrumentsLeft = m.count();
                instrumentFrameLeft = 0;
                return instrumentsLeft == 0 ? startInstrumentsFrame(m.header().correlationId()) : 0;
            }
            case INSTRUMENT_LINE:
            {
                if (instrumentsLeft == 0)
                {
                    return 0; // not announced by its header: cannot happen with the engine's report
                }
                final InstrumentLineEventDecoder m = inInstrumentLine.wrap(record, at, blockLength, version);
                if (instrumentFrameLeft == 0)
                {
                    startInstrumentsFrame(m.header().correlationId());
                }
                m.getCode(code, 0);
                if (version >= InstrumentLineEventDecoder.isinSinceVersion())
                {
                    m.getIsin(isin, 0);
                    m.getName(name, 0);
                }
                else
                {
                    java.util.Arrays.fill(isin, (byte)0); // an instrument created without them (version 1)
                    java.util.Arrays.fill(name, (byte)0);
                }
                instrumentLines.next().instrumentId(m.instrumentId()).kind(InstrumentKind.get(m.instrumentKind())).putCode(code, 0)
                    .putIsin(isin, 0).putName(name, 0)
                    .minorUnits(version >= InstrumentLineEventDecoder.minorUnitsSinceVersion() ? m.minorUnits()
                        : ReferenceChecks.defaultMinorUnits(m.instrumentKind(), code));
                instrumentsLeft--;
                return --instrumentFrameLeft == 0 ? frame(instrumentsReport.encodedLength()) : 0;
            }
            default:
                return 0; // DEAL_SETTLED, DEAL_SETTLEMENT_FAILED reach the parties as pushes; CYCLE_SETTLED_VALUE is internal
        }
    }

    /**
     * Starts a ParticipantsReport frame holding the next lines (up to {@link #MAX_PARTICIPANT_LINES}, {@link
     * #VERSION1_PARTICIPANT_LINES} for a version-1 session).
     *
     * @return the framed length when the frame holds no line (an empty report), else 0.
     */
    private int startParticipantsFrame(final long correlationId)
    {
        participantFrameLeft = (int)Math.min(participantsLeft,
            wireVersion < REFERENCE_DATA_VERSION ? VERSION1_PARTICIPANT_LINES : MAX_PARTICIPANT_LINES);
        participantsReport.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header)
            .correlationId(correlationId).remaining(participantsLeft - participantFrameLeft);
        participantLines = participantsReport.participantsCount(participantFrameLeft);
        return participantFrameLeft == 0 ? frame(participantsReport.encodedLength()) : 0;
    }

    /**
     * Starts an InstrumentsReport frame holding the next lines (up to {@link #MAX_INSTRUMENT_LINES}, {@link
     * #VERSION1_INSTRUMENT_LINES} for a version-1 session).
     *
     * @return the framed length when the frame holds no line (an empty report), else 0.
     */
    private int startInstrumentsFrame(final long correlationId)
    {
        instrumentFrameLeft = (int)Math.min(instrumentsLeft,
            wireVersion < REFERENCE_DATA_VERSION ? VERSION1_INSTRUMENT_LINES : MAX_INSTRUMENT_LINES);
        instrumentsReport.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header)
            .correlationId(correlationId).remaining(instrumentsLeft - instrumentFrameLeft);
        instrumentLines = instrumentsReport.instrumentsCount(instrumentFrameLeft);
        return instrumentFrameLeft == 0 ? frame(instrumentsReport.encodedLength()) : 0;
    }

    /** A push to a party of the deal, framed straight from the outcome's journal record, or 0 for outcomes that are not pushed. */
    int push(final DirectBuffer record, final int offset)
    {
        final EventType type = EventCodec.typeOfRecord(record, offset);
        final int at = offset + RecordFrame.BLOCK_OFFSET;
        final int blockLength = RecordFrame.blockLength(record, offset);
        final int version = RecordFrame.version(record, offset);
        if (type == EventType.DEAL_SETTLED)
        {
            final DealDecoder d = inDealSettled.wrap(record, at, blockLength, version).deal();
            dealSettled.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header)
                .dealId(d.dealId()).clientDealId(d.clientDealId()).settlementDate(d.settlementDate());
            return frame(dealSettled.encodedLength());
        }
        if (type == EventType.DEAL_SETTLEMENT_FAILED)
        {
            final DealSettlementFailedEventDecoder m = inDealFailed.wrap(record, at, blockLength, version);
            dealFailed.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header).dealId(m.dealId()).reason(reason(m.reason()));
            return frame(dealFailed.encodedLength());
        }
        if (type == EventType.DEAL_CANCELLED)
        {
            return dealCancelled(0, inDealCancelled.wrap(record, at, blockLength, version).dealId());
        }
        return 0;
    }

    /** The correlationId every outcome's header carries. */
    private long correlationId(final DirectBuffer record, final int offset)
    {
        return record.getLong(offset + RecordFrame.BLOCK_OFFSET + EventHeaderDecoder.correlationIdEncodingOffset(), ByteOrder.LITTLE_ENDIAN);
    }

    /** An engine reason code, as the journal carries it (always one the engine defines). */
    private static Reason reason(final byte code)
    {
        return Reason.get(code);
    }

    private int dealCancelled(final long correlationId, final long dealId)
    {
        dealCancelled.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header).correlationId(correlationId).dealId(dealId);
        return frame(dealCancelled.encodedLength());
    }

    private int commandResult(final long correlationId, final int templateId, final Reason result)
    {
        commandResult.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header)
            .correlationId(correlationId).refTemplateId(templateId).result(result);
        return frame(commandResult.encodedLength());
    }

    /** Writes the SOFH header in front of an SBE message of {@code bodyLength} (its own header excluded). */
    private int frame(final int bodyLength)
    {
        final int length = Frames.HEADER_LENGTH + (wireVersion < MessageHeaderEncoder.SCHEMA_VERSION ? toEarlierVersion(bodyLength) : bodyLength);
        writeSofh(scratch, 0, length);
        return length;
    }

    static void writeSofh(final MutableDirectBuffer buffer, final int offset, final int frameLength)
    {
        buffer.putInt(offset, frameLength, ByteOrder.BIG_ENDIAN);
        buffer.putShort(offset + 4, (short)Frames.SBE_LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Rewrites the message just encoded in the layout of the session's earlier wire protocol version, in
     * place: that version in its header and, for version 1, the lines of a ParticipantsReport or
     * InstrumentsReport cut to the fields version 1 has (the fields of version 2 come after them in each
     * line). Every response is otherwise laid out as in version 1 (version 3 changed requests only).
     *
     * @return the body length in the session version's layout
     */
    private int toEarlierVersion(final int bodyLength)
    {
        final int message = Frames.SOFH_LENGTH;
        scratch.putShort(message + MessageHeaderEncoder.versionEncodingOffset(), (short)wireVersion, ByteOrder.LITTLE_ENDIAN);
        if (wireVersion >= REFERENCE_DATA_VERSION)
        {
            return bodyLength;
        }
        final int templateId = scratch.getShort(message + MessageHeaderEncoder.templateIdEncodingOffset(), ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (templateId == ParticipantsReportEncoder.TEMPLATE_ID)
        {
            return cutLines(bodyLength, ParticipantsReportEncoder.BLOCK_LENGTH, ParticipantsReportEncoder.ParticipantsEncoder.nameEncodingOffset());
        }
        if (templateId == InstrumentsReportEncoder.TEMPLATE_ID)
        {
            return cutLines(bodyLength, InstrumentsReportEncoder.BLOCK_LENGTH, InstrumentsReportEncoder.InstrumentsEncoder.isinEncodingOffset());
        }
        return bodyLength;
    }

    /** Cuts each line of the message's one repeating group (after a root block of {@code rootBlock}) to {@code lineLength} bytes. */
    private int cutLines(final int bodyLength, final int rootBlock, final int lineLength)
    {
        final int group = Frames.HEADER_LENGTH + rootBlock;
        final int encodedLine = scratch.getShort(group, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int lines = scratch.getShort(group + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        scratch.putShort(group, (short)lineLength, ByteOrder.LITTLE_ENDIAN);
        final int first = group + 4; // the group header: blockLength, numInGroup
        for (int i = 1; i < lines; i++)
        {
            scratch.putBytes(first + i * lineLength, scratch, first + i * encodedLine, lineLength);
        }
        return bodyLength - lines * (encodedLine - lineLength);
    }
}
