package io.settlement.engine.pipeline;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.EventType;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Routes each command's outcomes to the session that sent it, and pushes DEAL_SETTLED,
 * DEAL_SETTLEMENT_FAILED, DEAL_CANCELLED, DEAL_HELD, DEAL_RELEASED, INSTRUCTION_MATCHED and
 * INSTRUCTION_ENDED to every live session of both parties, INSTRUCTION_ALLEGED to the counterparty's
 * (except that the session that cancelled, held, released or matched gets its outcome as a reply, not twice).
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
    /** Changes to the set of participants with a live session (a cluster client tells the cluster whose pushes it wants). */
    private volatile long participantChanges;

    /** The session of the command being routed, and the sessions by participant as of its first outcome. */
    private Session origin;
    private Long2ObjectHashMap<Session[]> participants;
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

    /** How many times the set of participants with a live session has changed (any thread). */
    public long participantChanges()
    {
        return participantChanges;
    }

    /** The participants with a live session, ascending (any thread). */
    public synchronized long[] participants()
    {
        final long[] participants = new long[byParticipant.size()];
        int i = 0;
        for (final Long2ObjectHashMap<Session[]>.KeyIterator keys = byParticipant.keySet().iterator(); keys.hasNext(); )
        {
            participants[i++] = keys.nextLong();
        }
        Arrays.sort(participants);
        return participants;
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
        if (existing.length == 0)
        {
            participantChanges++;
        }
    }

    public synchronized void unregister(final Session session)
    {
        final Long2ObjectHashMap<Session> sessions = new Long2ObjectHashMap<>(bySessionId);
        sessions.remove(session.sessionId());
        final Long2ObjectHashMap<Session[]> participants = new Long2ObjectHashMap<>(byParticipant);
        final Session[] remaining = Arrays.stream(participants.getOrDefault(session.participantId(), NO_SESSIONS))
            .filter(s -> s != session).toArray(Session[]::new);
        if (remaining.length == 0 && participants.remove(session.participantId()) != null)
        {
            participantChanges++;
        }
        else
        {
            participants.put(session.participantId(), remaining);
        }
        bySessionId = sessions;
        byParticipant = participants;
    }

    /**
     * A reply to its command's session, a push to the parties the outcome log's header names; the
     * outcome is not decoded (the sessions frame it from its bytes).
     */
    @Override
    public void onOutcome(
        final long sessionId, final long buyerId, final long sellerId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (!routing)
        {
            beginCommand(sessionId);
        }
        if (origin != null)
        {
            origin.onReply(buffer, offset, length);
        }
        final EventType type = EventCodec.typeOfRecord(buffer, offset);
        if (type == EventType.BUSINESS_DATE_ADVANCED)
        {
            businessDate = EventCodec.businessDateOf(buffer, offset);
        }
        if (buyerId != 0 || sellerId != 0)
        {
            // the session that cancelled, held or released has its outcome as a reply already
            final Session except = type == EventType.DEAL_CANCELLED || type == EventType.DEAL_HELD || type == EventType.DEAL_RELEASED
                || type == EventType.INSTRUCTION_MATCHED || type == EventType.INSTRUCTION_ENDED ? origin : null;
            push(buyerId, except, buffer, offset, length);
            push(sellerId, except, buffer, offset, length);
        }
    }

    /**
     * An outcome of a command routed elsewhere (a replicated cluster's, sent by another of its clients or by
     * {@code originSessionId} here, whose reply came on its own), pushed to the parties' sessions by the rule of
     * {@link #onOutcome}: the origin's session, if it is here, does not get a cancel, hold, release, match or
     * end twice. A BUSINESS_DATE_ADVANCED (naming no party) sets the business date. The sessions pushed to are
     * flushed at {@link #endOfBatch}. The publishing thread only.
     */
    public void onPush(
        final long originSessionId, final long buyerId, final long sellerId, final DirectBuffer buffer, final int offset,
        final int length)
    {
        final EventType type = EventCodec.typeOfRecord(buffer, offset);
        if (type == EventType.BUSINESS_DATE_ADVANCED)
        {
            businessDate = EventCodec.businessDateOf(buffer, offset);
        }
        if (buyerId == 0 && sellerId == 0)
        {
            return;
        }
        final Session except = type == EventType.DEAL_CANCELLED || type == EventType.DEAL_HELD || type == EventType.DEAL_RELEASED
            || type == EventType.INSTRUCTION_MATCHED || type == EventType.INSTRUCTION_ENDED ? bySessionId.get(originSessionId) : null;
        final Long2ObjectHashMap<Session[]> routing = participants; // a command's being routed: left as it was
        participants = byParticipant;
        push(buyerId, except, buffer, offset, length);
        push(sellerId, except, buffer, offset, length);
        participants = routing;
    }

    private void push(final long participantId, final Session except, final DirectBuffer buffer, final int offset, final int length)
    {
        final Session[] sessions = participants.get(participantId);
        if (sessions == null)
        {
            return;
        }
        for (final Session session : sessions)
        {
            if (session != except)
            {
                session.onPush(buffer, offset, length);
                touch(session);
            }
        }
    }

    @Override
    public void onCommandComplete(final long sessionId, final long correlationId)
    {
        if (!routing)
        {
            beginCommand(sessionId);
        }
        if (origin != null)
        {
            origin.onReplyComplete(correlationId);
            touch(origin);
        }
        routing = false;
        origin = null;
        participants = null;
    }

    /** The sessions as of a command's first outcome serve all of its outcomes. */
    private void beginCommand(final long sessionId)
    {
        routing = true;
        origin = bySessionId.get(sessionId);
        participants = byParticipant;
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
}
