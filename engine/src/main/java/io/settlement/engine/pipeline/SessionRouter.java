package io.settlement.engine.pipeline;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.EventSink;
import io.settlement.engine.api.EventType;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Routes each command's outcomes to the session that sent it, and pushes DEAL_SETTLED,
 * DEAL_SETTLEMENT_FAILED and DEAL_CANCELLED to every live session of both parties (except that the
 * session that cancelled gets its DEAL_CANCELLED as a reply, not twice).
 *
 * <p>Sessions come and go on other threads (gateway event loops); lookups on the publish thread
 * read immutable copy-on-write maps, so they neither lock nor allocate.
 */
public final class SessionRouter implements OutcomeRouter
{
    private static final Session[] NO_SESSIONS = new Session[0];

    private final AtomicLong nextSessionId = new AtomicLong();
    private volatile int businessDate;
    private volatile Long2ObjectHashMap<Session> bySessionId = new Long2ObjectHashMap<>();
    private volatile Long2ObjectHashMap<Session[]> byParticipant = new Long2ObjectHashMap<>();

    private final Event scratch = new Event();
    private final PushVisitor pushes = new PushVisitor();
    /** Between a command's first outcome and its completion (publish thread only). */
    private boolean routing;
    private Session[] touched = new Session[64];
    private int touchedCount;

    public long newSessionId()
    {
        return nextSessionId.incrementAndGet();
    }

    /** The business date as of the last outcome routed (sessions tell it to clients at logon). */
    public int businessDate()
    {
        return businessDate;
    }

    /** Sets the business date before the pipeline starts (as recovered). */
    public void businessDate(final int date)
    {
        businessDate = date;
    }

    /** How many sessions are live (registered and not yet closed) for a participant. Any thread. */
    public int sessionsOf(final long participantId)
    {
        return byParticipant.getOrDefault(participantId, NO_SESSIONS).length;
    }

    public synchronized void register(final Session session)
    {
        final Long2ObjectHashMap<Session> sessions = new Long2ObjectHashMap<>(bySessionId);
        sessions.put(session.sessionId(), session);
        final Long2ObjectHashMap<Session[]> participants = new Long2ObjectHashMap<>(byParticipant);
        final Session[] existing = participants.getOrDefault(session.participantId(), NO_SESSIONS);
        final Session[] updated = Arrays.copyOf(existing, existing.length + 1);
        updated[existing.length] = session;
        participants.put(session.participantId(), updated);
        bySessionId = sessions;
        byParticipant = participants;
    }

    public synchronized void unregister(final Session session)
    {
        final Long2ObjectHashMap<Session> sessions = new Long2ObjectHashMap<>(bySessionId);
        sessions.remove(session.sessionId());
        final Long2ObjectHashMap<Session[]> participants = new Long2ObjectHashMap<>(byParticipant);
        final Session[] remaining = Arrays.stream(participants.getOrDefault(session.participantId(), NO_SESSIONS))
            .filter(s -> s != session).toArray(Session[]::new);
        if (remaining.length == 0)
        {
            participants.remove(session.participantId());
        }
        else
        {
            participants.put(session.participantId(), remaining);
        }
        bySessionId = sessions;
        byParticipant = participants;
    }

    /** Decodes the outcome once: a reply to its command's session, a push to the deal's parties. */
    @Override
    public void onOutcome(final long sessionId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (!EventCodec.decodeChecked(buffer, offset, scratch))
        {
            throw new IllegalStateException("malformed outcome of length " + length + " for session " + sessionId);
        }
        if (!routing)
        {
            beginCommand(sessionId);
        }
        pushes.onEvent(scratch, buffer, offset, length);
    }

    @Override
    public void onCommandComplete(final long sessionId, final long correlationId)
    {
        if (!routing)
        {
            beginCommand(sessionId);
        }
        final Session origin = pushes.origin;
        if (origin != null)
        {
            origin.onReplyComplete(correlationId);
            touch(origin);
        }
        routing = false;
        pushes.origin = null;
        pushes.participants = null;
    }

    /** The sessions as of a command's first outcome serve all of its outcomes. */
    private void beginCommand(final long sessionId)
    {
        routing = true;
        pushes.origin = bySessionId.get(sessionId);
        pushes.participants = byParticipant;
    }

    @Override
    public void endOfBatch()
    {
        for (int i = 0; i < touchedCount; i++)
        {
            touched[i].flush();
            touched[i] = null;
        }
        touchedCount = 0;
    }

    private void touch(final Session session)
    {
        for (int i = 0; i < touchedCount; i++)
        {
            if (touched[i] == session)
            {
                return;
            }
        }
        if (touchedCount == touched.length)
        {
            touched = Arrays.copyOf(touched, touchedCount * 2);
        }
        touched[touchedCount++] = session;
    }

    private final class PushVisitor implements EventSink
    {
        Session origin;
        Long2ObjectHashMap<Session[]> participants;

        @Override
        public void onEvent(final Event event, final DirectBuffer buffer, final int offset, final int length)
        {
            if (origin != null)
            {
                origin.onReply(event, buffer, offset, length);
            }
            final EventType type = event.type;
            if (type == EventType.BUSINESS_DATE_ADVANCED)
            {
                businessDate = event.businessDate;
            }
            if (type == EventType.DEAL_SETTLED || type == EventType.DEAL_SETTLEMENT_FAILED
                || type == EventType.DEAL_CANCELLED)
            {
                push(event.buyerId, event, buffer, offset, length);
                push(event.sellerId, event, buffer, offset, length);
            }
        }

        private void push(
            final long participantId, final Event event, final DirectBuffer buffer, final int offset, final int length)
        {
            final Session[] sessions = participants.get(participantId);
            if (sessions == null)
            {
                return;
            }
            for (final Session session : sessions)
            {
                if (session != origin || event.type != EventType.DEAL_CANCELLED)
                {
                    session.onPush(event, buffer, offset, length);
                    touch(session);
                }
            }
        }
    }
}
