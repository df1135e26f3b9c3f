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
import io.settlement.protocol.journal.DealHeldEventDecoder;
import io.settlement.protocol.journal.DealRejectedEventDecoder;
import io.settlement.protocol.journal.DealReleasedEventDecoder;
import io.settlement.protocol.journal.DealPartiallySettledEventDecoder;
import io.settlement.protocol.journal.DealReportEventDecoder;
import io.settlement.protocol.journal.DealSettledEventDecoder;
import io.settlement.protocol.journal.DealSettlementFailedEventDecoder;
import io.settlement.protocol.journal.EventHeaderDecoder;
import io.settlement.protocol.journal.InstructionAcceptedEventDecoder;
import io.settlement.protocol.journal.InstructionAllegedEventDecoder;
import io.settlement.protocol.journal.InstructionDecoder;
import io.settlement.protocol.journal.InstructionEndedEventDecoder;
import io.settlement.protocol.journal.InstructionMatchedEventDecoder;
import io.settlement.protocol.journal.InstructionRejectedEventDecoder;
import io.settlement.protocol.journal.InstructionReportEventDecoder;
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
import io.settlement.protocol.wire.DealHeldEncoder;
import io.settlement.protocol.wire.DealRejectedEncoder;
import io.settlement.protocol.wire.DealReleasedEncoder;
import io.settlement.protocol.wire.DealPartiallySettledEncoder;
import io.settlement.protocol.wire.DealReportEncoder;
import io.settlement.protocol.wire.DealSettledEncoder;
import io.settlement.protocol.wire.DealSettlementFailedEncoder;
import io.settlement.protocol.wire.DealStatus;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstructionAcceptedEncoder;
import io.settlement.protocol.wire.InstructionAllegedEncoder;
import io.settlement.protocol.wire.InstructionEndedEncoder;
import io.settlement.protocol.wire.InstructionMatchedEncoder;
import io.settlement.protocol.wire.InstructionRejectedEncoder;
import io.settlement.protocol.wire.InstructionReportEncoder;
import io.settlement.protocol.wire.InstructionStatus;
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
import io.settlement.protocol.wire.Side;
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
    private final DealPartiallySettledEncoder dealPartiallySettled = new DealPartiallySettledEncoder();
    private final DealSettlementFailedEncoder dealFailed = new DealSettlementFailedEncoder();
    private final LimitsReportEncoder limitsReport = new LimitsReportEncoder();
    private final PositionReportEncoder positionReport = new PositionReportEncoder();
    private final DealReportEncoder dealReport = new DealReportEncoder();
    private final CommandResultEncoder commandResult = new CommandResultEncoder();
    private final ParticipantsReportEncoder participantsReport = new ParticipantsReportEncoder();
    private final InstrumentsReportEncoder instrumentsReport = new InstrumentsReportEncoder();
    private final LockoutsReportEncoder lockoutsReport = new LockoutsReportEncoder();
    private final DealHeldEncoder dealHeld = new DealHeldEncoder();
    private final DealReleasedEncoder dealReleased = new DealReleasedEncoder();
    private final InstructionAcceptedEncoder instructionAccepted = new InstructionAcceptedEncoder();
    private final InstructionAllegedEncoder instructionAlleged = new InstructionAllegedEncoder();
    private final InstructionMatchedEncoder instructionMatched = new InstructionMatchedEncoder();
    private final InstructionRejectedEncoder instructionRejected = new InstructionRejectedEncoder();
    private final InstructionEndedEncoder instructionEnded = new InstructionEndedEncoder();
    private final InstructionReportEncoder instructionReport = new InstructionReportEncoder();
    // the outcome records, read in place
    private final DealAcceptedEventDecoder inDealAccepted = new DealAcceptedEventDecoder();
    private final DealRejectedEventDecoder inDealRejected = new DealRejectedEventDecoder();
    private final DealCancelledEventDecoder inDealCancelled = new DealCancelledEventDecoder();
    private final DealSettledEventDecoder inDealSettled = new DealSettledEventDecoder();
    private final DealPartiallySettledEventDecoder inDealPartiallySettled = new DealPartiallySettledEventDecoder();
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
    private final DealHeldEventDecoder inDealHeld = new DealHeldEventDecoder();
    private final DealReleasedEventDecoder inDealReleased = new DealReleasedEventDecoder();
    private final InstructionAcceptedEventDecoder inInstructionAccepted = new InstructionAcceptedEventDecoder();
    private final InstructionAllegedEventDecoder inInstructionAlleged = new InstructionAllegedEventDecoder();
    private final InstructionMatchedEventDecoder inInstructionMatched = new InstructionMatchedEventDecoder();
    private final InstructionRejectedEventDecoder inInstructionRejected = new InstructionRejectedEventDecoder();
    private final InstructionEndedEventDecoder inInstructionEnded = new InstructionEndedEventDecoder();
    private final InstructionReportEventDecoder inInstructionReport = new InstructionReportEventDecoder();
    private final byte[] code = new byte[InstrumentLineEventDecoder.codeLength()];
    private final byte[] isin = new byte[InstrumentLineEventDecoder.isinLength()];
    private final byte[] name = new byte[InstrumentLineEventDecoder.nameLength()];
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
     * The session speaks wire protocol {@code version} (its Logon's, 1 to 4): every message is then
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
                    .dealType(DealType.get(d.dealType())).status(DealStatus.get(m.dealStatus())).lastFailReason(reason(m.reason()))
                    .heldSides((short)(version >= DealReportEventDecoder.heldSidesSinceVersion() ? m.heldSides() & 3 : 0));
                // linked and partial terms and what has settled: a record of version 1 is a plain deal, settled all or nothing
                final boolean terms = version >= DealReportEventDecoder.linkIdSinceVersion();
                final boolean settled = m.dealStatus() == DealStatus.SETTLED.value();
                final long settledQuantity = terms ? m.settledQuantity() : settled ? d.quantity() : 0;
                dealReport.linkId(terms ? m.linkId() : 0).partialAllowed((short)(terms ? m.partialAllowed() : 0))
                    .minimumQuantity(terms ? m.minimumQuantity() : 0).settledQuantity(settledQuantity)
                    .settledCash(terms ? m.settledCash() : settled ? d.cashAmount() : 0)
                    .remainingQuantity(d.quantity() - settledQuantity);
                return frame(dealReport.encodedLength());
            }
            case DEAL_HELD:
            case DEAL_RELEASED:
                return holdChange(type, record, at, blockLength, version, true);
            case INSTRUCTION_ACCEPTED:
            case INSTRUCTION_REJECTED:
            case INSTRUCTION_MATCHED:
            case INSTRUCTION_ENDED:
            case INSTRUCTION_REPORT:
                return instructionReply(type, record, at, blockLength, version);
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
            wireVersion == Frames.FIRST_WIRE_VERSION ? VERSION1_PARTICIPANT_LINES : MAX_PARTICIPANT_LINES);
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
            wireVersion == Frames.FIRST_WIRE_VERSION ? VERSION1_INSTRUMENT_LINES : MAX_INSTRUMENT_LINES);
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
            final DealSettledEventDecoder m = inDealSettled.wrap(record, at, blockLength, version);
            final DealDecoder d = m.deal();
            // the final part of a deal settled in parts (version 5), else the whole deal
            final boolean parts = version >= DealSettledEventDecoder.partQuantitySinceVersion();
            dealSettled.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header)
                .dealId(d.dealId()).clientDealId(d.clientDealId()).settlementDate(d.settlementDate())
                .partQuantity(parts ? m.partQuantity() : d.quantity()).partCash(parts ? m.partCash() : d.cashAmount());
            return frame(dealSettled.encodedLength());
        }
        if (type == EventType.DEAL_PARTIALLY_SETTLED)
        {
            if (wireVersion < DealPartiallySettledEncoder.dealIdSinceVersion())
            {
                return 0; // a session of version 1 or 2 does not know the message: it hears of the deal when it settles
            }
            final DealPartiallySettledEventDecoder m = inDealPartiallySettled.wrap(record, at, blockLength, version);
            final DealDecoder d = m.deal();
            dealPartiallySettled.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header)
                .dealId(d.dealId()).clientDealId(d.clientDealId()).settlementDate(d.settlementDate())
                .partQuantity(m.partQuantity()).partCash(m.partCash()).settledQuantity(m.settledQuantity())
                .settledCash(m.settledCash()).remainingQuantity(d.quantity() - m.settledQuantity()).reason(reason(m.reason()));
            return frame(dealPartiallySettled.encodedLength());
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
        if (type == EventType.DEAL_HELD || type == EventType.DEAL_RELEASED)
        {
            return holdChange(type, record, at, blockLength, version, false);
        }
        if (type == EventType.INSTRUCTION_ALLEGED || type == EventType.INSTRUCTION_MATCHED || type == EventType.INSTRUCTION_ENDED)
        {
            return wireVersion < InstructionAllegedEncoder.instructionIdSinceVersion() ? 0 // a session of version 1 or 2 does not know them
                : instructionNotice(type, record, at, blockLength, version, 0);
        }
        return 0;
    }

    /**
     * The answer to a SubmitInstruction, CancelInstruction or QueryInstruction. A session of wire version
     * 1 or 2 does not know the instruction messages: it gets CommandResult instead, OK for an accepted
     * instruction (refTemplateId 34), a cancel (35) or a report (36), the reason of a refusal; nothing for
     * what follows an acceptance (a match, or a refused match's end).
     */
    private int instructionReply(
        final EventType type, final DirectBuffer record, final int at, final int blockLength, final int version)
    {
        final boolean known = wireVersion >= InstructionAcceptedEncoder.correlationIdSinceVersion();
        switch (type)
        {
            case INSTRUCTION_ACCEPTED:
            {
                final InstructionAcceptedEventDecoder m = inInstructionAccepted.wrap(record, at, blockLength, version);
                final long correlationId = m.header().correlationId();
                if (!known)
                {
                    return commandResult(correlationId, CommandType.SUBMIT_INSTRUCTION.code(), Reason.OK);
                }
                final InstructionDecoder i = m.instruction();
                // a repeat of an ended instruction: its deal and why it ended (a record of the version-5 layout has neither)
                final boolean withEnd = version >= InstructionAcceptedEventDecoder.dealIdSinceVersion();
                instructionAccepted.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header).correlationId(correlationId)
                    .clientRef(i.clientRef()).instructionId(i.instructionId()).status(InstructionStatus.get(i.status()))
                    .dealId(withEnd ? m.dealId() : 0).reason(withEnd ? reason(m.reason()) : Reason.OK);
                return frame(instructionAccepted.encodedLength());
            }
            case INSTRUCTION_REJECTED:
            {
                final InstructionRejectedEventDecoder m = inInstructionRejected.wrap(record, at, blockLength, version);
                final long correlationId = m.header().correlationId();
                if (!known)
                {
                    return commandResult(correlationId, CommandType.SUBMIT_INSTRUCTION.code(), reason(m.reason()));
                }
                instructionRejected.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header).correlationId(correlationId)
                    .clientRef(m.clientRef()).reason(reason(m.reason()));
                return frame(instructionRejected.encodedLength());
            }
            case INSTRUCTION_REPORT:
            {
                final InstructionReportEventDecoder m = inInstructionReport.wrap(record, at, blockLength, version);
                final long correlationId = m.header().correlationId();
                if (!known)
                {
                    return commandResult(correlationId, CommandType.QUERY_INSTRUCTION.code(), Reason.OK);
                }
                final InstructionDecoder i = m.instruction();
                final InstructionReportEncoder r = instructionReport.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header)
                    .correlationId(correlationId);
                r.instructionId(i.instructionId()).clientRef(i.clientRef()).ownerId(owner(i)).side(Side.get(i.side()))
                    .buyerId(i.buyerId()).sellerId(i.sellerId()).securityId(i.securityId()).currencyId(i.currencyId())
                    .quantity(i.quantity()).cashAmount(i.cashAmount()).settlementDate(i.settlementDate())
                    .dealType(DealType.get(i.dealType())).linkId(i.linkId()).partialAllowed((short)(i.partialAllowed() & 0xFF))
                    .minimumQuantity(i.minimumQuantity()).status(InstructionStatus.get(i.status())).dealId(m.dealId())
                    .reason(reason(m.reason())).submittedDate(i.submittedDate());
                return frame(instructionReport.encodedLength());
            }
            default:
            {
                // INSTRUCTION_MATCHED, INSTRUCTION_ENDED: the answer when they carry the request's correlationId
                final long correlationId = correlationId(record, at - RecordFrame.BLOCK_OFFSET);
                if (correlationId == 0)
                {
                    return 0; // a notice (an allegement's, a waiting instruction's end): pushed, not answered
                }
                if (!known)
                {
                    // a cancel's end is its answer; a match or a refused match follows the acceptance already answered
                    return type == EventType.INSTRUCTION_ENDED && isCancelled(record, at, blockLength, version)
                        ? commandResult(correlationId, CommandType.CANCEL_INSTRUCTION.code(), Reason.OK) : 0;
                }
                return instructionNotice(type, record, at, blockLength, version, correlationId);
            }
        }
    }

    private boolean isCancelled(final DirectBuffer record, final int at, final int blockLength, final int version)
    {
        return inInstructionEnded.wrap(record, at, blockLength, version).instruction().status() == InstructionStatus.CANCELLED.value();
    }

    /** InstructionAlleged, InstructionMatched or InstructionEnded, with {@code correlationId} (0 when pushed). */
    private int instructionNotice(
        final EventType type, final DirectBuffer record, final int at, final int blockLength, final int version, final long correlationId)
    {
        if (type == EventType.INSTRUCTION_ALLEGED)
        {
            final InstructionDecoder i = inInstructionAlleged.wrap(record, at, blockLength, version).instruction();
            instructionAlleged.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header)
                .instructionId(i.instructionId()).clientRef(i.clientRef()).ownerId(owner(i)).side(Side.get(i.side()))
                .buyerId(i.buyerId()).sellerId(i.sellerId()).securityId(i.securityId()).currencyId(i.currencyId())
                .quantity(i.quantity()).cashAmount(i.cashAmount()).settlementDate(i.settlementDate())
                .dealType(DealType.get(i.dealType()));
            return frame(instructionAlleged.encodedLength());
        }
        if (type == EventType.INSTRUCTION_MATCHED)
        {
            final InstructionMatchedEventDecoder m = inInstructionMatched.wrap(record, at, blockLength, version);
            final InstructionDecoder i = m.instruction();
            final boolean buy = i.side() == Side.BUY.value();
            instructionMatched.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header).correlationId(correlationId)
                .dealId(m.dealId())
                .buyInstructionId(buy ? i.instructionId() : m.matchedInstructionId())
                .buyClientRef(buy ? i.clientRef() : m.matchedClientRef())
                .sellInstructionId(buy ? m.matchedInstructionId() : i.instructionId())
                .sellClientRef(buy ? m.matchedClientRef() : i.clientRef())
                .buyerId(i.buyerId()).sellerId(i.sellerId()).securityId(i.securityId()).currencyId(i.currencyId())
                .quantity(i.quantity()).cashAmount(m.dealCashAmount()).settlementDate(i.settlementDate())
                .dealType(DealType.get(i.dealType())).partialAllowed((short)(m.dealPartialAllowed() & 0xFF))
                .minimumQuantity(m.dealMinimumQuantity());
            return frame(instructionMatched.encodedLength());
        }
        final InstructionEndedEventDecoder m = inInstructionEnded.wrap(record, at, blockLength, version);
        final InstructionDecoder i = m.instruction();
        final long owner = owner(i);
        instructionEnded.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header).correlationId(correlationId)
            .instructionId(i.instructionId()).clientRef(i.clientRef()).ownerId(owner)
            .counterpartyId(owner == i.buyerId() ? i.sellerId() : i.buyerId())
            .status(InstructionStatus.get(i.status())).reason(reason(m.reason()));
        return frame(instructionEnded.encodedLength());
    }

    /** The instruction's owner: the buyer of a BUY instruction, the seller of a SELL one. */
    private static long owner(final InstructionDecoder i)
    {
        return i.side() == Side.BUY.value() ? i.buyerId() : i.sellerId();
    }

    /**
     * DealHeld or DealReleased, the answer to the sender ({@code reply}) or a push to a party (correlationId
     * 0). A session of wire version 1 or 2 does not know them: the sender gets CommandResult OK, a party
     * nothing (docs/protocol.md).
     */
    private int holdChange(
        final EventType type, final DirectBuffer record, final int at, final int blockLength, final int version, final boolean reply)
    {
        final boolean held = type == EventType.DEAL_HELD;
        final EventHeaderDecoder h;
        final long dealId;
        final byte side;
        final byte heldSides;
        if (held)
        {
            final DealHeldEventDecoder m = inDealHeld.wrap(record, at, blockLength, version);
            h = m.header();
            dealId = m.dealId();
            side = m.side();
            heldSides = m.heldSides();
        }
        else
        {
            final DealReleasedEventDecoder m = inDealReleased.wrap(record, at, blockLength, version);
            h = m.header();
            dealId = m.dealId();
            side = m.side();
            heldSides = m.heldSides();
        }
        if (wireVersion < DealHeldEncoder.correlationIdSinceVersion())
        {
            return reply ? commandResult(h.correlationId(), held ? CommandType.HOLD_DEAL.code() : CommandType.RELEASE_DEAL.code(), Reason.OK)
                : 0;
        }
        final long correlationId = reply ? h.correlationId() : 0;
        if (held)
        {
            dealHeld.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header).correlationId(correlationId).dealId(dealId)
                .side(Side.get(side)).heldSides((short)(heldSides & 3)).byParticipantId(h.submitterId());
            return frame(dealHeld.encodedLength());
        }
        dealReleased.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header).correlationId(correlationId).dealId(dealId)
            .side(Side.get(side)).heldSides((short)(heldSides & 3)).byParticipantId(h.submitterId());
        return frame(dealReleased.encodedLength());
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
     * place: that version in its header; for version 3 or earlier, an InstructionAccepted cut before the
     * fields of version 4 ({@code dealId}, {@code reason}; versions 1 and 2 are never sent one); for version
     * 1 or 2, a DealSettled or DealReport cut to the
     * fields of version 2 (the fields of version 3 end their block: a DealReport is cut at its first,
     * {@code heldSides}); for version 1, the lines of a ParticipantsReport or InstrumentsReport cut to the
     * fields version 1 has (the fields of version 2 come after them in each line). Every other message
     * an earlier session is sent is laid out as in its version.
     *
     * @return the body length in the session's version's layout
     */
    private int toEarlierVersion(final int bodyLength)
    {
        final int message = Frames.SOFH_LENGTH;
        scratch.putShort(message + MessageHeaderEncoder.versionEncodingOffset(), (short)wireVersion, ByteOrder.LITTLE_ENDIAN);
        final int templateId = scratch.getShort(message + MessageHeaderEncoder.templateIdEncodingOffset(), ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (templateId == InstructionAcceptedEncoder.TEMPLATE_ID)
        {
            return cutBlock(bodyLength, InstructionAcceptedEncoder.dealIdEncodingOffset()); // version 3: no dealId, reason
        }
        if (wireVersion >= DealSettledEncoder.partQuantitySinceVersion())
        {
            return bodyLength;
        }
        if (templateId == DealSettledEncoder.TEMPLATE_ID)
        {
            return cutBlock(bodyLength, DealSettledEncoder.partQuantityEncodingOffset());
        }
        if (templateId == DealReportEncoder.TEMPLATE_ID)
        {
            return cutBlock(bodyLength, DealReportEncoder.heldSidesEncodingOffset());
        }
        if (wireVersion != Frames.FIRST_WIRE_VERSION)
        {
            return bodyLength;
        }
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

    /** Cuts the root block of a message without groups to {@code blockLength} bytes (the fields after it were appended later). */
    private int cutBlock(final int bodyLength, final int blockLength)
    {
        final int cut = (scratch.getShort(Frames.SOFH_LENGTH + MessageHeaderEncoder.blockLengthEncodingOffset(), ByteOrder.LITTLE_ENDIAN) & 0xFFFF)
            - blockLength;
        scratch.putShort(Frames.SOFH_LENGTH + MessageHeaderEncoder.blockLengthEncodingOffset(), (short)blockLength, ByteOrder.LITTLE_ENDIAN);
        return bodyLength - cut;
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
