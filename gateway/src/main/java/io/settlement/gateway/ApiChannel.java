package io.settlement.gateway;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.EventType;
import io.settlement.engine.pipeline.CommandIntake;
import io.settlement.engine.pipeline.CommandPublisher;
import io.settlement.engine.pipeline.Session;
import io.settlement.engine.pipeline.SessionRouter;
import io.settlement.protocol.wire.Reason;
import org.agrona.DirectBuffer;

/**
 * One session with the pipeline for a channel whose users are many participants (the HTTP API, the
 * FIX channel): every write of every logged-on user goes through the same ring as the gateway's
 * (journaled, replayed like any other command), with the user's participant as its submitter; the
 * engine authorises it. Answers come back on the publish stage's thread and complete the request's
 * future.
 *
 * <p>A settlement cycle may answer with millions of events: a reply keeps every event but the
 * per-deal ones (settled, failed), of which it keeps the first {@link #DEAL_EVENTS_KEPT}, and counts
 * them all. The channel is never a party to a deal, so nothing is pushed to it. Thread-safe.
 */
public final class ApiChannel implements Session, AutoCloseable
{
    /** Per-deal events of one command kept in its reply (the rest are counted). */
    public static final int DEAL_EVENTS_KEPT = 100;

    /** What the engine answered: whether the ring took the command and, if so, its outcomes. */
    public record Reply(Reason published, List<Event> events, Map<EventType, Long> counts)
    {
        /** The first (often the only) outcome. */
        public Event first()
        {
            return events.get(0);
        }

        /** How many outcomes of {@code type} the command had (kept or not). */
        public long count(final EventType type)
        {
            return counts.getOrDefault(type, 0L);
        }
    }

    private static final class Pending
    {
        final CompletableFuture<Reply> future = new CompletableFuture<>();
        final List<Event> events = new ArrayList<>();
        final Map<EventType, Long> counts = new EnumMap<>(EventType.class);
    }

    private final CommandPublisher publisher;
    private final SessionRouter router;
    private final AtomicLong nextCorrelationId = new AtomicLong();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong lastSequence = new AtomicLong();

    public ApiChannel(final CommandIntake intake, final SessionRouter router)
    {
        this.router = router;
        this.publisher = intake.publisher(router.newSessionId());
        router.register(this);
    }

    /**
     * Offers {@code command} to the ring as submitted by {@code submitterId}.
     *
     * @return its reply; completed at once, with no events, when the ring refused it (BUSY when
     * full, UNAVAILABLE when the pipeline has stopped).
     */
    public CompletableFuture<Reply> send(final long submitterId, final Command command)
    {
        command.submitterId = submitterId;
        command.correlationId = nextCorrelationId.incrementAndGet();
        final Pending request = new Pending();
        pending.put(command.correlationId, request);
        final Reason published = publisher.tryPublish(command);
        if (published != Reason.OK)
        {
            pending.remove(command.correlationId);
            request.future.complete(new Reply(published, List.of(), Map.of()));
        }
        return request.future;
    }

    /**
     * The highest command sequence among the outcomes this channel has heard (0 before any): the engine's state
     * includes at least that command. A read model behind it is behind what this channel's users were told.
     */
    public long lastSequence()
    {
        return lastSequence.get();
    }

    @Override
    public long sessionId()
    {
        return publisher.sessionId();
    }

    /** Never a party: no participant's id is negative. */
    @Override
    public long participantId()
    {
        return -1;
    }

    @Override
    public void onReply(final DirectBuffer record, final int offset, final int length)
    {
        final Event event = new Event();
        if (!EventCodec.decodeChecked(record, offset, event))
        {
            throw new IllegalStateException("malformed outcome of " + length + " bytes");
        }
        lastSequence.accumulateAndGet(event.sequence, Math::max);
        final Pending request = pending.get(event.correlationId);
        if (request == null)
        {
            return;
        }
        final long seen = request.counts.merge(event.type, 1L, Long::sum);
        final boolean perDeal = event.type == EventType.DEAL_SETTLED || event.type == EventType.DEAL_SETTLEMENT_FAILED;
        if (!perDeal || seen <= DEAL_EVENTS_KEPT)
        {
            request.events.add(event);
        }
    }

    @Override
    public void onReplyComplete(final long correlationId)
    {
        final Pending request = pending.remove(correlationId);
        if (request != null)
        {
            request.future.complete(new Reply(Reason.OK, request.events, request.counts));
        }
    }

    @Override
    public void onPush(final DirectBuffer record, final int offset, final int length)
    {
        // never a party to a deal
    }

    /**
     * Leaves the router and ends whatever still waits with no answer ({@code published} null): the
     * node is stopping, and such a command may still have been journaled and applied.
     */
    @Override
    public void close()
    {
        router.unregister(this);
        for (final Long correlationId : pending.keySet())
        {
            final Pending request = pending.remove(correlationId);
            if (request != null)
            {
                request.future.complete(new Reply(null, List.of(), Map.of()));
            }
        }
    }
}
