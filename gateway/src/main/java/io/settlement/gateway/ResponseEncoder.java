package io.settlement.gateway;

import java.nio.ByteOrder;

import io.settlement.engine.api.CommandType;
import io.settlement.engine.api.Event;
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
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Engine outcomes to SBE responses, each framed with SOFH, into a reusable scratch buffer (the
 * caller copies the bytes into its outbound ByteBuf). Codecs are final fields, wrapped per message;
 * nothing is allocated. One instance per thread that encodes.
 *
 * <p>A LimitsReport is one message built from a LIMITS_REPORT event (which gives the line count)
 * and the LIMIT_LINE events that follow it: {@link #reply} returns 0 until the last line is in.
 *
 * <p>A ParticipantsReport is built the same way from PARTICIPANTS_REPORT and its PARTICIPANT_LINE
 * events, but in frames of at most {@link #MAX_PARTICIPANT_LINES} lines: {@link #reply} returns a frame
 * each time one is full (its {@code remaining} field says how many lines later frames hold), so a
 * list of any length reaches the client, in participant-id order. An InstrumentsReport is built
 * the same way from INSTRUMENTS_REPORT and its INSTRUMENT_LINE events, in frames of at most
 * {@link #MAX_INSTRUMENT_LINES} lines.
 */
final class ResponseEncoder
{
    /** Large enough for any response, including a LimitsReport of 100 lines. */
    static final int MAX_RESPONSE = 4096;
    private static final int MAX_LIMIT_LINES = (MAX_RESPONSE - 64) / LimitsReportEncoder.LimitsEncoder.sbeBlockLength();
    /** Lines per ParticipantsReport frame: 400 x 9 bytes + 30 bytes of headers = 3,630 bytes. */
    static final int MAX_PARTICIPANT_LINES = 400;
    /** Lines per InstrumentsReport frame: 200 x 17 bytes + 30 bytes of headers = 3,430 bytes. */
    static final int MAX_INSTRUMENT_LINES = 200;

    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[MAX_RESPONSE]);
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
     * The response the sender of a command gets for one of its outcomes.
     *
     * @return the framed length, or 0 when this outcome is not sent to the sender as such (pushes,
     * per-currency cycle totals, or a LimitsReport still collecting lines).
     */
    int reply(final Event e)
    {
        switch (e.type)
        {
            case DEAL_ACCEPTED:
                dealAccepted.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header)
                    .correlationId(e.correlationId).clientDealId(e.clientDealId).dealId(e.dealId).sequence(e.sequence);
                return frame(dealAccepted.encodedLength());
            case DEAL_REJECTED:
                dealRejected.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header)
                    .correlationId(e.correlationId).clientDealId(e.clientDealId).reason(e.reason);
                return frame(dealRejected.encodedLength());
            case DEAL_CANCELLED:
                return dealCancelled(e.correlationId, e.dealId);
            case COMMAND_RESULT:
                return commandResult(e.correlationId, e.commandType, e.reason);
            case LIMIT_SET:
                return commandResult(e.correlationId, CommandType.SET_LIMIT.code(), Reason.OK);
            case BUSINESS_DATE_ADVANCED:
                return commandResult(e.correlationId, CommandType.ADVANCE_BUSINESS_DATE.code(), Reason.OK);
            case CYCLE_COMPLETED:
                return commandResult(e.correlationId, CommandType.RUN_SETTLEMENT_CYCLE.code(), Reason.OK);
            case POSITION_REPORT:
                positionReport.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header)
                    .correlationId(e.correlationId).participantId(e.participantId).instrumentId(e.instrumentId)
                    .balance(e.amount);
                return frame(positionReport.encodedLength());
            case DEAL_REPORT:
                dealReport.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header)
                    .correlationId(e.correlationId).dealId(e.dealId).clientDealId(e.clientDealId)
                    .buyerId(e.buyerId).sellerId(e.sellerId).securityId(e.securityId).currencyId(e.currencyId)
                    .quantity(e.quantity).cashAmount(e.cashAmount).settlementDate(e.settlementDate)
                    .dealType(DealType.get(e.dealType)).status(DealStatus.get(e.dealStatus)).lastFailReason(e.reason);
                return frame(dealReport.encodedLength());
            case LIMITS_REPORT:
                limitsReport.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header)
                    .correlationId(e.correlationId).participantId(e.participantId);
                limitLinesLeft = (int)Math.min(e.count, MAX_LIMIT_LINES);
                limitLines = limitsReport.limitsCount(limitLinesLeft);
                return limitLinesLeft == 0 ? frame(limitsReport.encodedLength()) : 0;
            case LIMIT_LINE:
                if (limitLinesLeft == 0)
                {
                    return 0; // beyond what fits one response (over 160 limits for one participant)
                }
                limitLines.next().limitKind(LimitKind.get(e.limitKind)).key(e.limitKey).limit(e.amount).utilised(e.utilised);
                return --limitLinesLeft == 0 ? frame(limitsReport.encodedLength()) : 0;
            case PARTICIPANTS_REPORT:
                participantsLeft = e.count;
                participantFrameLeft = 0;
                return participantsLeft == 0 ? startParticipantsFrame(e.correlationId) : 0;
            case PARTICIPANT_LINE:
                if (participantsLeft == 0)
                {
                    return 0; // not announced by its header: cannot happen with the engine's report
                }
                if (participantFrameLeft == 0)
                {
                    startParticipantsFrame(e.correlationId);
                }
                participantLines.next().participantId(e.participantId).role(Role.get(e.role));
                participantsLeft--;
                return --participantFrameLeft == 0 ? frame(participantsReport.encodedLength()) : 0;
            case INSTRUMENTS_REPORT:
                instrumentsLeft = e.count;
                instrumentFrameLeft = 0;
                return instrumentsLeft == 0 ? startInstrumentsFrame(e.correlationId) : 0;
            case INSTRUMENT_LINE:
                if (instrumentsLeft == 0)
                {
                    return 0; // not announced by its header: cannot happen with the engine's report
                }
                if (instrumentFrameLeft == 0)
                {
                    startInstrumentsFrame(e.correlationId);
                }
                instrumentLines.next().instrumentId(e.instrumentId).kind(InstrumentKind.get(e.instrumentKind))
                    .putCode(e.code, 0);
                instrumentsLeft--;
                return --instrumentFrameLeft == 0 ? frame(instrumentsReport.encodedLength()) : 0;
            default:
                return 0; // DEAL_SETTLED, DEAL_SETTLEMENT_FAILED reach the parties as pushes; CYCLE_SETTLED_VALUE is internal
        }
    }

    /**
     * Starts a ParticipantsReport frame holding the next lines (up to {@link #MAX_PARTICIPANT_LINES}).
     *
     * @return the framed length when the frame holds no line (an empty report), else 0.
     */
    private int startParticipantsFrame(final long correlationId)
    {
        participantFrameLeft = (int)Math.min(participantsLeft, MAX_PARTICIPANT_LINES);
        participantsReport.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header)
            .correlationId(correlationId).remaining(participantsLeft - participantFrameLeft);
        participantLines = participantsReport.participantsCount(participantFrameLeft);
        return participantFrameLeft == 0 ? frame(participantsReport.encodedLength()) : 0;
    }

    /**
     * Starts an InstrumentsReport frame holding the next lines (up to {@link #MAX_INSTRUMENT_LINES}).
     *
     * @return the framed length when the frame holds no line (an empty report), else 0.
     */
    private int startInstrumentsFrame(final long correlationId)
    {
        instrumentFrameLeft = (int)Math.min(instrumentsLeft, MAX_INSTRUMENT_LINES);
        instrumentsReport.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header)
            .correlationId(correlationId).remaining(instrumentsLeft - instrumentFrameLeft);
        instrumentLines = instrumentsReport.instrumentsCount(instrumentFrameLeft);
        return instrumentFrameLeft == 0 ? frame(instrumentsReport.encodedLength()) : 0;
    }

    /** A push to a party of the deal, or 0 for outcomes that are not pushed. */
    int push(final Event e)
    {
        switch (e.type)
        {
            case DEAL_SETTLED:
                dealSettled.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header)
                    .dealId(e.dealId).clientDealId(e.clientDealId).settlementDate(e.settlementDate);
                return frame(dealSettled.encodedLength());
            case DEAL_SETTLEMENT_FAILED:
                dealFailed.wrapAndApplyHeader(scratch, Frames.SOFH_LENGTH, header).dealId(e.dealId).reason(e.reason);
                return frame(dealFailed.encodedLength());
            case DEAL_CANCELLED:
                return dealCancelled(0, e.dealId);
            default:
                return 0;
        }
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
        final int length = Frames.HEADER_LENGTH + bodyLength;
        writeSofh(scratch, 0, length);
        return length;
    }

    static void writeSofh(final MutableDirectBuffer buffer, final int offset, final int frameLength)
    {
        buffer.putInt(offset, frameLength, ByteOrder.BIG_ENDIAN);
        buffer.putShort(offset + 4, (short)Frames.SBE_LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN);
    }
}
