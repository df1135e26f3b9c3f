package io.settlement.fix;

import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.Log;
import quickfix.LogFactory;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;

/**
 * Sends the channel's messages (acknowledgements, notices) into their sessions, and counts the sessions cut as slow
 * consumers: QuickFIX/J writes asynchronously, so a client that reads slowly or not at all never blocks the sender;
 * its messages wait in its connection's queue, and once {@code max-queued-messages} wait (FixConfig, QuickFIX/J's
 * MaxScheduledWriteRequests) the send is refused and the session disconnected. Its messages stay in its store (each is
 * stored before it is written) and reach the client by the normal resend when it logs on again.
 */
final class SlowConsumers
{
    private static final Logger LOG = LoggerFactory.getLogger("settlement.fix");

    /** What QuickFIX/J logs when it cuts a session whose queue of messages to write is full (IoSessionResponder). */
    private static final String SLOW_CONSUMER_CUT = "Disconnecting: Slow consumer";

    private final AtomicLong cuts = new AtomicLong();
    private final Deliveries deliveries = new Deliveries();

    /** Sends {@code message} into session {@code sessionId} (stored only when it is not logged on); false: not written. */
    boolean send(final SessionID sessionId, final Message message)
    {
        final Session session = Session.lookupSession(sessionId);
        if (session == null)
        {
            return false;
        }
        final boolean connected = session.isLoggedOn() && session.hasResponder();
        final boolean sent = session.send(message);
        if (sent && connected)
        {
            deliveries.written(session);
        }
        return sent;
    }

    /** What each session's client has been shown to have received. */
    Deliveries deliveries()
    {
        return deliveries;
    }

    /**
     * The sessions' logs, counting the sessions QuickFIX/J cuts as slow consumers (its "Disconnecting: Slow consumer"),
     * and only those: a send refused because the session was logging out or disconnecting at the same moment is no cut.
     */
    LogFactory logs(final LogFactory logs)
    {
        return sessionId ->
        {
            final Log log = logs.create(sessionId);
            return new Log()
            {
                @Override
                public void clear()
                {
                    log.clear();
                }

                @Override
                public void onIncoming(final String message)
                {
                    log.onIncoming(message);
                }

                @Override
                public void onOutgoing(final String message)
                {
                    log.onOutgoing(message);
                }

                @Override
                public void onEvent(final String text)
                {
                    log.onEvent(text);
                }

                @Override
                public void onErrorEvent(final String text)
                {
                    log.onErrorEvent(text);
                    if (SLOW_CONSUMER_CUT.equals(text))
                    {
                        cuts.incrementAndGet();
                        LOG.warn("FIX session {} disconnected as a slow consumer: its client had not read the messages waiting for it;"
                            + " they stay in its store for the resend when it logs on again", sessionId);
                    }
                }
            };
        };
    }

    /** Sessions cut as slow consumers since the channel started. */
    long cuts()
    {
        return cuts.get();
    }
}
