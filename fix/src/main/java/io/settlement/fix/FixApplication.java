package io.settlement.fix;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.gateway.ApiChannel;
import io.settlement.gateway.Authenticator;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.Reason;
import quickfix.Application;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.RejectLogon;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.UnsupportedMessageType;
import quickfix.field.ExecType;
import quickfix.field.MsgType;
import quickfix.field.Password;
import quickfix.field.SecurityID;
import quickfix.field.SecurityIDSource;
import quickfix.field.Symbol;
import quickfix.field.Text;
import quickfix.field.TradeReportID;
import quickfix.field.TradeReportRejectReason;
import quickfix.field.TradeReportTransType;
import quickfix.field.TradeReportType;
import quickfix.field.TransactTime;
import quickfix.field.TrdMatchID;
import quickfix.field.TrdRptStatus;
import quickfix.field.Username;
import quickfix.fix44.TradeCaptureReportAck;

/**
 * The FIX channel's application (QuickFIX/J calls it on each session's thread):
 * <pre>
 *   Logon (35=A)      : Username(553) = the session's participant id, Password(554) its secret
 *                       -> the node's Authenticator (throttle, PBKDF2 in constant time, security log)
 *                       -> refused: Logout with the reason, disconnect
 *   TradeCaptureReport: TradeReportReader -> refused: TradeCaptureReportAck rejected
 *     (35=AE)           -> TradeReportIds (TradeReportID -> clientDealId, written)
 *                       -> submitting thread: the map forced once for all reports waiting (group commit),
 *                          SubmitDeal through the channel's ring session (ApiChannel), as the session's participant
 *                       -> the engine's answer -> TradeCaptureReportAck (35=AR) on the answer thread
 *   anything else      : BusinessMessageReject (35=j), unsupported message type
 * </pre>
 * Answers are sent from one thread of their own (never the engine's publish thread), in the order the
 * engine answered.
 */
final class FixApplication implements Application
{
    private final ApiChannel channel;
    private final Map<SessionID, Long> participants;
    private final Authenticator authenticator;
    private final TradeReportIds ids;
    private final TradeReportReader reader;
    private final Executor answers;
    /** Forces the TradeReportID map and sends the reports to the engine, in the order they came (one thread). */
    private final Executor submitter;
    private final long answerTimeoutMs;
    /** Per session, the sending of its last acknowledgement (the next one follows it). */
    private final Map<SessionID, CompletableFuture<Void>> lastAnswers = new ConcurrentHashMap<>();

    FixApplication(final ApiChannel channel, final Map<SessionID, Long> participants, final Authenticator authenticator,
        final TradeReportIds ids, final Instruments instruments, final Executor submitter, final Executor answers, final long answerTimeoutMs)
    {
        this.submitter = submitter;
        this.channel = channel;
        this.participants = participants;
        this.authenticator = authenticator;
        this.ids = ids;
        this.reader = new TradeReportReader(instruments);
        this.answers = answers;
        this.answerTimeoutMs = answerTimeoutMs;
    }

    @Override
    public void onCreate(final SessionID sessionId)
    {
    }

    @Override
    public void onLogon(final SessionID sessionId)
    {
    }

    @Override
    public void onLogout(final SessionID sessionId)
    {
    }

    @Override
    public void toAdmin(final Message message, final SessionID sessionId)
    {
    }

    @Override
    public void fromAdmin(final Message message, final SessionID sessionId) throws FieldNotFound, RejectLogon
    {
        if (MsgType.LOGON.equals(message.getHeader().getString(MsgType.FIELD)))
        {
            logOn(message, sessionId);
        }
    }

    /** Checks a Logon's Username(553) and Password(554); throws RejectLogon (a Logout with the reason, then disconnect) when refused. */
    private void logOn(final Message logon, final SessionID sessionId) throws RejectLogon, FieldNotFound
    {
        final long participantId = participants.get(sessionId);
        final Session session = Session.lookupSession(sessionId);
        final String address = address(session == null ? null : session.getRemoteAddress());
        if (!logon.isSetField(Username.FIELD) || !logon.getString(Username.FIELD).equals(Long.toString(participantId)))
        {
            throw new RejectLogon("BAD_CREDENTIALS: Username(553) must be this session's participant id");
        }
        final String password = logon.isSetField(Password.FIELD) ? logon.getString(Password.FIELD) : null;
        final Authenticator.Result result;
        try
        {
            result = authenticator.logOn(participantId, password, address).get(answerTimeoutMs, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new RejectLogon("LOGON_BUSY: the node is stopping");
        }
        catch (final ExecutionException | TimeoutException ex)
        {
            throw new RejectLogon("LOGON_BUSY: the node could not check the password in time; log on again shortly");
        }
        if (!result.ok())
        {
            throw new RejectLogon(result.reason().name() + (result.reason() == Reason.LOGON_THROTTLED
                ? ": too many failed logons for this participant or from this address; retry after the lockout or ask an operator to lift it"
                : result.reason() == Reason.LOGON_BUSY ? ": the node is checking too many logons; retry shortly" : ""));
        }
        authenticator.loggedOn(participantId, address, " (" + result.entry().role() + ", FIX session " + sessionId + ")");
    }

    /** The host of a "/host:port" remote address, as the other channels key the logon throttle. */
    static String address(final String remote)
    {
        if (remote == null)
        {
            return "unknown";
        }
        String host = remote.startsWith("/") ? remote.substring(1) : remote;
        final int slash = host.indexOf('/');
        if (slash >= 0)
        {
            host = host.substring(slash + 1);
        }
        final int colon = host.lastIndexOf(':');
        return colon > 0 ? host.substring(0, colon) : host;
    }

    @Override
    public void toApp(final Message message, final SessionID sessionId)
    {
    }

    @Override
    public void fromApp(final Message message, final SessionID sessionId) throws FieldNotFound, UnsupportedMessageType
    {
        final String type = message.getHeader().getString(MsgType.FIELD);
        if (!MsgType.TRADE_CAPTURE_REPORT.equals(type))
        {
            throw new UnsupportedMessageType();
        }
        tradeCaptureReport(message, sessionId);
    }

    private void tradeCaptureReport(final Message report, final SessionID sessionId) throws FieldNotFound
    {
        final TradeReportReader.Terms terms = reader.read(report);
        if (terms.refused())
        {
            final Message ack = ack(report, terms.tradeReportId(), terms.rejectReason(), terms.text(), 0);
            submitter.execute(() -> inOrder(sessionId, CompletableFuture.completedFuture(ack)));
            return;
        }
        final long participantId = participants.get(sessionId);
        final TradeReportIds.Assigned assigned = ids.clientDealId(participantId, terms.tradeReportId());
        final Command command = new Command().submitDeal(participantId, 0, assigned.clientDealId(), terms.buyerId(), terms.sellerId(),
            terms.security().id(), terms.currency() == null ? 0 : terms.currency().id(), terms.quantity(), terms.cashAmount(),
            terms.settlementDate(), terms.freeOfPayment() ? DealType.FOP : DealType.DVP);
        // the submitting thread forces the TradeReportID map once for every report waiting, then sends them in order
        submitter.execute(() ->
        {
            ids.awaitDurable(assigned.write());
            final CompletableFuture<ApiChannel.Reply> sent = channel.send(participantId, command);
            inOrder(sessionId, sent.orTimeout(answerTimeoutMs, TimeUnit.MILLISECONDS)
                .handle((outcome, failure) -> answer(report, terms.tradeReportId(), outcome, failure)));
        });
    }

    /** Sends a session's acknowledgements in the order of its reports, on the answer thread (called on the submitting thread only). */
    private void inOrder(final SessionID sessionId, final CompletableFuture<Message> answer)
    {
        lastAnswers.compute(sessionId, (id, last) -> (last == null ? CompletableFuture.<Void>completedFuture(null) : last)
            .thenCombineAsync(answer, (ignored, message) ->
            {
                send(message, sessionId);
                return null;
            }, answers));
    }

    /** The acknowledgement of the engine's answer (or of its absence). */
    private static Message answer(final Message report, final String tradeReportId, final ApiChannel.Reply outcome,
        final Throwable failure)
    {
        if (failure != null || outcome == null || outcome.published() == null)
        {
            return ack(report, tradeReportId, TradeReportRejectReason.OTHER, "NO_ANSWER_YET: the engine did not answer in time; the trade"
                + " may still be registered: send the report again with the same TradeReportID to learn its outcome", 0);
        }
        if (outcome.published() != Reason.OK)
        {
            return ack(report, tradeReportId, RejectReasons.tradeReportRejectReason(outcome.published()),
                RejectReasons.text(outcome.published()), 0);
        }
        final Event e = outcome.first();
        if (e.type == EventType.DEAL_ACCEPTED)
        {
            return ack(report, tradeReportId, TradeReportRejectReason.SUCCESSFUL, e.count == 1
                ? "accepted before: this TradeReportID's original answer (deal " + e.dealId + ")" : "accepted: deal " + e.dealId, e.dealId);
        }
        return ack(report, tradeReportId, RejectReasons.tradeReportRejectReason(e.reason), RejectReasons.text(e.reason), 0);
    }

    /**
     * A TradeCaptureReportAck (35=AR): accepted (TrdRptStatus 0, ExecType F, TrdMatchID the deal id) when
     * {@code rejectReason} is SUCCESSFUL, else rejected (TrdRptStatus 1, ExecType 8, TradeReportRejectReason).
     */
    static Message ack(final Message report, final String tradeReportId, final int rejectReason, final String text, final long dealId)
    {
        final boolean accepted = rejectReason == TradeReportRejectReason.SUCCESSFUL;
        final TradeCaptureReportAck ack = new TradeCaptureReportAck(new TradeReportID(tradeReportId),
            new ExecType(accepted ? ExecType.TRADE : ExecType.REJECTED));
        ack.set(new TradeReportTransType(TradeReportTransType.NEW));
        ack.set(new TradeReportType(TradeReportType.SUBMIT));
        ack.set(new TrdRptStatus(accepted ? TrdRptStatus.ACCEPTED : TrdRptStatus.REJECTED));
        if (!accepted)
        {
            ack.set(new TradeReportRejectReason(rejectReason));
        }
        else
        {
            ack.set(new TrdMatchID(Long.toString(dealId)));
        }
        copy(report, ack, Symbol.FIELD);
        copy(report, ack, SecurityID.FIELD);
        copy(report, ack, SecurityIDSource.FIELD);
        if (!ack.isSetField(Symbol.FIELD))
        {
            ack.setString(Symbol.FIELD, "[N/A]");
        }
        ack.set(new TransactTime(LocalDateTime.now(ZoneOffset.UTC)));
        ack.set(new Text(text));
        return ack;
    }

    private static void copy(final Message from, final Message to, final int tag)
    {
        if (from.isSetField(tag))
        {
            try
            {
                to.setString(tag, from.getString(tag));
            }
            catch (final FieldNotFound ex)
            {
                throw new IllegalStateException(ex);
            }
        }
    }

    private static void send(final Message message, final SessionID sessionId)
    {
        final Session session = Session.lookupSession(sessionId);
        if (session != null)
        {
            session.send(message);
        }
    }
}
