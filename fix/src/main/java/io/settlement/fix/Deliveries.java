package io.settlement.fix;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.field.BeginSeqNo;
import quickfix.field.MsgType;
import quickfix.field.NextExpectedMsgSeqNum;
import quickfix.field.TestReqID;
import quickfix.fix44.TestRequest;

/**
 * Moves each session's delivered position (ResettingStore, carried across the daily reset) only on evidence that the
 * client processed our messages, never on a guess (docs/fix.md, "Daily reset"):
 * <pre>
 *   client's ResendRequest (2) from b                 : it has everything before b, and lacks b
 *   client's Logon with NextExpectedMsgSeqNum (789) n  : it has everything before n, and lacks n
 *   client's Heartbeat (0) answering our TestRequest (1) DELIVERED-n : it has everything before n (FIX processes in order)
 * </pre>
 * After an application message is written to a logged-on session, a TestRequest follows unless one is already waiting
 * for its answer: the position follows the client within one round trip, at the cost of one TestRequest per round trip.
 * A Logon, a Logout or the reset prove nothing: messages may still be queued or in flight.
 */
final class Deliveries
{
    private static final Logger LOG = LoggerFactory.getLogger("settlement.fix");
    private static final String PROBE = "DELIVERED-";

    /** Sessions with a TestRequest waiting for its Heartbeat. */
    private final Map<SessionID, Boolean> waiting = new ConcurrentHashMap<>();

    /** An application message was written to {@code session}: ask for proof of what it has received, unless asked already. */
    void written(final Session session)
    {
        if (!session.isLoggedOn() || !(session.getStore() instanceof ResettingStore store)
            || waiting.putIfAbsent(session.getSessionID(), Boolean.TRUE) != null)
        {
            return;
        }
        try
        {
            if (!session.send(new TestRequest(new TestReqID(PROBE + store.getNextSenderMsgSeqNum()))))
            {
                waiting.remove(session.getSessionID());
            }
        }
        catch (final IOException ex)
        {
            waiting.remove(session.getSessionID());
            LOG.warn("FIX session {}: its next sequence number could not be read", session.getSessionID(), ex);
        }
    }

    /** A session logged on or off: a TestRequest of an earlier connection will not be answered. */
    void connection(final SessionID sessionId)
    {
        waiting.remove(sessionId);
    }

    /** A session-level message from an authenticated client: the evidence it carries of what it has received. */
    void fromClient(final Message message, final SessionID sessionId) throws FieldNotFound
    {
        final String type = message.getHeader().getString(MsgType.FIELD);
        if (MsgType.RESEND_REQUEST.equals(type))
        {
            record(sessionId, message.getInt(BeginSeqNo.FIELD), true);
        }
        else if (MsgType.LOGON.equals(type) && message.isSetField(NextExpectedMsgSeqNum.FIELD))
        {
            record(sessionId, message.getInt(NextExpectedMsgSeqNum.FIELD), true);
        }
        else if (MsgType.HEARTBEAT.equals(type) && message.isSetField(TestReqID.FIELD))
        {
            final String id = message.getString(TestReqID.FIELD);
            if (id.startsWith(PROBE) && waiting.remove(sessionId) != null)
            {
                try
                {
                    record(sessionId, Integer.parseInt(id.substring(PROBE.length())), false);
                }
                catch (final NumberFormatException ex)
                {
                    LOG.warn("FIX session {}: a Heartbeat answers a TestRequest we did not send ({})", sessionId, id);
                }
            }
        }
    }

    private static void record(final SessionID sessionId, final int first, final boolean exact)
    {
        final Session session = Session.lookupSession(sessionId);
        if (session == null || !(session.getStore() instanceof ResettingStore store))
        {
            return;
        }
        try
        {
            store.receivedBefore(first, exact);
        }
        catch (final IOException ex)
        {
            LOG.error("FIX session {}: the position its client has received could not be written; at the daily reset more"
                + " of its messages than needed may be carried over", sessionId, ex);
        }
    }
}
