package io.settlement.fix;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
import io.settlement.protocol.wire.InstructionStatus;
import io.settlement.protocol.wire.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.ApplicationExtended;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.RejectLogon;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.UnsupportedMessageType;
import quickfix.field.ExecType;
import quickfix.field.MsgType;
import quickfix.field.Password;
import quickfix.field.SecondaryTradeReportID;
import quickfix.field.SecurityID;
import quickfix.field.SecurityIDSource;
import quickfix.field.Side;
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
 *                          SubmitDeal (both sides) or SubmitInstruction (one side, TradeReportID -> clientRef)
 *                          through the channel's ring session (ApiChannel), as the session's participant
 *                       -> the engine's answer -> TradeCaptureReportAck (35=AR) on the answer threads
 *   anything else      : BusinessMessageReject (35=j), unsupported message type
 * </pre>
 * Answers are sent from the answer threads (never the engine's publish thread), each session's in the order of its
 * reports; different sessions' answers are sent side by side, so that one session's many answers (each stored, and
 * forced to disk with sync-store) do not hold back another's. A client that reads nothing cannot block a sender: writes
 * are asynchronous, and past max-queued-messages waiting the session is cut (SlowConsumers).
 */
final class FixApplication implements ApplicationExtended
{
    private static final Logger LOG = LoggerFactory.getLogger("settlement.fix");

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
    private final OrderedAnswers<SessionID, Message> ordered;
    private final Deliveries deliveries;

    FixApplication(final ApiChannel channel, final Map<SessionID, Long> participants, final Authenticator authenticator,
        final TradeReportIds ids, final Instruments instruments, final Executor submitter, final Executor answers, final long answerTimeoutMs,
        final SlowConsumers sender)
    {
        this.submitter = submitter;
        this.deliveries = sender.deliveries();
        this.channel = channel;
        this.participants = participants;
        this.authenticator = authenticator;
        this.ids = ids;
        this.reader = new TradeReportReader(instruments);
        this.answers = answers;
        this.answerTimeoutMs = answerTimeoutMs;
        this.ordered = new OrderedAnswers<>(answers, (message, sessionId) -> sender.send(sessionId, message),
            failure -> LOG.error("a FIX acknowledgement could not be made or sent; the session's later ones go on", failure));
    }

    @Override
    public void onCreate(final SessionID sessionId)
    {
    }

    @Override
    public boolean canLogon(final SessionID sessionId)
    {
        return true;
    }

    @Override
    public void onLogon(final SessionID sessionId)
    {
        // a Logon proves nothing of what the client has received: it may drop before asking for its gap
        deliveries.connection(sessionId);
    }

    @Override
    public void onBeforeSessionReset(final SessionID sessionId)
    {
        // the reset while logged on proves nothing either: our messages may still be queued or in flight
    }

    @Override
    public void onLogout(final SessionID sessionId)
    {
        deliveries.connection(sessionId);
    }

    @Override
    public void toAdmin(final Message message, final SessionID sessionId)
    {
    }

    @Override
    public void fromAdmin(final Message message, final SessionID sessionId) throws FieldNotFound, RejectLogon
    {
        final String type = message.getHeader().getString(MsgType.FIELD);
        if (MsgType.LOGON.equals(type))
        {
            logOn(message, sessionId);
        }
        deliveries.fromClient(message, sessionId);
    }

    /**
     * Checks a Logon's Username(553) and Password(554); throws RejectLogon (a Logout with the reason, then disconnect) when
     * refused. A missing or wrong Username is a failed logon of the session's participant like a wrong password: the
     * throttle first, the cost of a secret's check, the failure counted towards the lockouts and written to the security log.
     */
    private void logOn(final Message logon, final SessionID sessionId) throws RejectLogon, FieldNotFound
    {
        final long participantId = participants.get(sessionId);
        final Session session = Session.lookupSession(sessionId);
        final String address = address(session == null ? null : session.getRemoteAddress());
        final String username = logon.isSetField(Username.FIELD) ? logon.getString(Username.FIELD) : null;
        final String password = logon.isSetField(Password.FIELD) ? logon.getString(Password.FIELD) : null;
        final String usernameProblem = username == null ? "Username(553) is missing"
            : username.equals(Long.toString(participantId)) ? null : "Username(553) is not this session's participant";
        final Authenticator.Result result = await(usernameProblem == null ? authenticator.logOn(participantId, password, address)
            : authenticator.refuse(participantId, password, address, usernameProblem + ", FIX session " + sessionId));
        if (!result.ok())
        {
            throw new RejectLogon(result.reason().name() + ": " + (result.reason() == Reason.LOGON_THROTTLED
                ? "too many failed logons for this participant or from this address; retry after the lockout or ask an operator to lift it"
                : result.reason() == Reason.LOGON_BUSY ? "the node is checking too many logons; retry shortly"
                : usernameProblem != null ? usernameProblem + ": it must be this session's participant id, in decimal"
                : password == null ? "Password(554) is missing: it must be this session's participant's secret"
                : "Password(554) is not this session's participant's secret"));
        }
        authenticator.loggedOn(participantId, address, " (" + result.entry().role() + ", FIX session " + sessionId + ")");
    }

    private Authenticator.Result await(final CompletableFuture<Authenticator.Result> check) throws RejectLogon
    {
        try
        {
            return check.get(answerTimeoutMs, TimeUnit.MILLISECONDS);
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
            final Message ack = ack(report, terms.tradeReportId(), terms.rejectReason(), terms.text(), 0, 0);
            submitter.execute(() -> inOrder(sessionId, CompletableFuture.completedFuture(ack)));
            return;
        }
        final long participantId = participants.get(sessionId);
        if (terms.oneSided())
        {
            final long own = terms.side() == Side.BUY ? terms.buyerId() : terms.sellerId();
            if (own != participantId)
            {
                final Message ack = ack(report, terms.tradeReportId(), TradeReportRejectReason.UNAUTHORIZED_TO_REPORT_TRADES,
                    "NOT_YOUR_SIDE: a one-sided report is your own instruction: its side's PartyRole(452)=1 party must be you (participant "
                    + participantId + "), found " + own, 0, 0);
                submitter.execute(() -> inOrder(sessionId, CompletableFuture.completedFuture(ack)));
                return;
            }
        }
        final TradeReportIds.Assigned assigned = terms.oneSided() ? ids.clientRef(participantId, terms.tradeReportId())
            : ids.clientDealId(participantId, terms.tradeReportId());
        if (assigned.instruction() != terms.oneSided())
        {
            final Message ack = ack(report, terms.tradeReportId(), TradeReportRejectReason.OTHER, "TRADE_REPORT_ID_IN_USE: this"
                + " TradeReportID was used before for " + (assigned.instruction() ? "a one-sided report (an instruction to match)"
                : "a two-sided report (a trade)") + "; give this report a TradeReportID of its own", 0, 0);
            submitter.execute(() -> inOrder(sessionId, CompletableFuture.completedFuture(ack)));
            return;
        }
        final DealType type = terms.freeOfPayment() ? DealType.FOP : DealType.DVP;
        final int currencyId = terms.currency() == null ? 0 : terms.currency().id();
        final Command command = terms.oneSided()
            ? new Command().submitInstruction(participantId, 0, assigned.clientDealId(), (byte)(terms.side() == Side.BUY
                ? io.settlement.protocol.wire.Side.BUY.value() : io.settlement.protocol.wire.Side.SELL.value()),
                terms.side() == Side.BUY ? terms.sellerId() : terms.buyerId(), terms.security().id(), currencyId,
                terms.quantity(), terms.cashAmount(), terms.settlementDate(), type)
            : new Command().submitDeal(participantId, 0, assigned.clientDealId(), terms.buyerId(), terms.sellerId(),
                terms.security().id(), currencyId, terms.quantity(), terms.cashAmount(), terms.settlementDate(), type);
        // the submitting thread forces the TradeReportID map once for every report waiting, then sends them in order
        submitter.execute(() ->
        {
            ids.awaitDurable(assigned.write());
            final CompletableFuture<ApiChannel.Reply> sent = channel.send(participantId, command)
                .thenComposeAsync(reply -> completeRepeat(participantId, reply), submitter);
            inOrder(sessionId, sent.orTimeout(answerTimeoutMs, TimeUnit.MILLISECONDS)
                .handle((outcome, failure) -> answer(report, terms.tradeReportId(), outcome, failure)));
        });
    }

    /**
     * A repeated instruction's acceptance carries its status but not its deal or end reason: for one matched or
     * refused since, the instruction is queried (QueryInstruction) and its dealId and reason put into the acceptance.
     */
    private CompletableFuture<ApiChannel.Reply> completeRepeat(final long participantId, final ApiChannel.Reply reply)
    {
        if (reply.published() != Reason.OK || reply.events().isEmpty())
        {
            return CompletableFuture.completedFuture(reply);
        }
        final Event accepted = reply.first();
        if (accepted.type != EventType.INSTRUCTION_ACCEPTED || accepted.count != 1
            || (accepted.instructionStatus != InstructionStatus.MATCHED.value() && accepted.instructionStatus != InstructionStatus.REFUSED.value()))
        {
            return CompletableFuture.completedFuture(reply);
        }
        return channel.send(participantId, new Command().queryInstruction(participantId, 0, accepted.instructionId)).thenApply(query ->
        {
            if (query.published() == Reason.OK && !query.events().isEmpty() && query.first().type == EventType.INSTRUCTION_REPORT)
            {
                accepted.dealId = query.first().dealId;
                accepted.reason = query.first().reason;
            }
            return reply;
        });
    }

    /** Sends a session's acknowledgements in the order of its reports, on the answer threads (called on the submitting thread only). */
    private void inOrder(final SessionID sessionId, final CompletableFuture<Message> answer)
    {
        ordered.add(sessionId, answer);
    }

    /** The acknowledgement of the engine's answer (or of its absence). */
    private static Message answer(final Message report, final String tradeReportId, final ApiChannel.Reply outcome,
        final Throwable failure)
    {
        if (failure != null || outcome == null || outcome.published() == null)
        {
            return ack(report, tradeReportId, TradeReportRejectReason.OTHER, "NO_ANSWER_YET: the engine did not answer in time; the trade"
                + " may still be registered: send the report again with the same TradeReportID to learn its outcome", 0, 0);
        }
        if (outcome.published() != Reason.OK)
        {
            return ack(report, tradeReportId, RejectReasons.tradeReportRejectReason(outcome.published()),
                RejectReasons.text(outcome.published()), 0, 0);
        }
        final Event e = outcome.first();
        if (e.type == EventType.DEAL_ACCEPTED)
        {
            return ack(report, tradeReportId, TradeReportRejectReason.SUCCESSFUL, e.count == 1
                ? "accepted before: this TradeReportID's original answer (deal " + e.dealId + ")" : "accepted: deal " + e.dealId, e.dealId, 0);
        }
        if (e.type == EventType.INSTRUCTION_ACCEPTED)
        {
            return instructionAnswer(report, tradeReportId, outcome);
        }
        return ack(report, tradeReportId, RejectReasons.tradeReportRejectReason(e.reason), RejectReasons.text(e.reason), 0, 0);
    }

    /**
     * The acknowledgement of an accepted instruction: accepted with its id in SecondaryTradeReportID(818) (and
     * TrdMatchID the deal's id when it matched at once, or had matched when the report is a repeat), or rejected
     * with the limit's reason when the deal its match made was refused (both instructions end REFUSED).
     */
    private static Message instructionAnswer(final Message report, final String tradeReportId, final ApiChannel.Reply outcome)
    {
        final Event accepted = outcome.first();
        long dealId = accepted.dealId;
        for (final Event e : outcome.events())
        {
            if (e.type == EventType.INSTRUCTION_MATCHED)
            {
                dealId = e.dealId;
            }
            else if (e.type == EventType.INSTRUCTION_ENDED)
            {
                return ack(report, tradeReportId, RejectReasons.tradeReportRejectReason(e.reason), "REFUSED at matching: "
                    + RejectReasons.text(e.reason) + "; instruction " + e.instructionId + " and the one it matched have ended", 0,
                    e.instructionId);
            }
        }
        if (accepted.instructionStatus == InstructionStatus.REFUSED.value())
        {
            // a repeat of a report whose match a limit refused: rejected as it was (the reason from the instruction's query)
            return ack(report, tradeReportId, RejectReasons.tradeReportRejectReason(accepted.reason), "REFUSED at matching: "
                + RejectReasons.text(accepted.reason) + "; instruction " + accepted.instructionId + " and the one it matched have ended", 0,
                accepted.instructionId);
        }
        final String status = dealId != 0 ? "matched: deal " + dealId
            : accepted.instructionStatus == InstructionStatus.UNMATCHED.value() ? "unmatched, waiting for the"
                + " counterparty's instruction"
            : "ended " + InstructionStatus.get((short)accepted.instructionStatus);
        return ack(report, tradeReportId, TradeReportRejectReason.SUCCESSFUL, (accepted.count == 1
            ? "accepted before: this TradeReportID's original answer (instruction " : "accepted: instruction ") + accepted.instructionId + ", "
            + status, dealId, accepted.instructionId);
    }

    /**
     * A TradeCaptureReportAck (35=AR): accepted (TrdRptStatus 0, ExecType F, TrdMatchID the deal id when there is one) when
     * {@code rejectReason} is SUCCESSFUL, else rejected (TrdRptStatus 1, ExecType 8, TradeReportRejectReason); an
     * instruction's id (when not 0) in SecondaryTradeReportID(818).
     */
    static Message ack(final Message report, final String tradeReportId, final int rejectReason, final String text, final long dealId,
        final long instructionId)
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
        else if (dealId != 0)
        {
            ack.set(new TrdMatchID(Long.toString(dealId)));
        }
        if (instructionId != 0)
        {
            ack.set(new SecondaryTradeReportID(Long.toString(instructionId)));
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
}
