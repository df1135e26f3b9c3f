package io.settlement.engine.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.Reason;
import org.agrona.DirectBuffer;

/**
 * An in-process client of the pipeline, logged on as one participant: submit commands, get their
 * outcomes asynchronously, receive pushes. Used by tests, the command line and benchmarks. It is
 * a convenience API (a future and copied events per command); the gateway uses {@link Session}
 * directly.
 *
 * <p>Outcomes complete the future of the command's correlation id; the client assigns correlation
 * ids when a command carries 0.
 */
public final class PipelineClient implements Session, AutoCloseable
{
    /** What became of a command: whether the ring took it and, if so, its outcomes. */
    public record Outcome(Reason published, List<Event> events)
    {
        /** The first (often the only) outcome. */
        public Event first()
        {
            return events.get(0);
        }
    }

    private final Publisher publisher;
    private final SessionRouter router;
    private final long participantId;
    private final AtomicLong nextCorrelationId = new AtomicLong();
    private final Map<Long, CompletableFuture<Outcome>> pending = new ConcurrentHashMap<>();
    /** Copies of the outcomes of the command being routed (publish thread only). */
    private List<Event> collecting = new ArrayList<>();
    private volatile Consumer<Event> pushListener = event -> {};
    /** Whether a command's per-deal outcomes (DEAL_SETTLED, DEAL_PARTIALLY_SETTLED, DEAL_SETTLEMENT_FAILED) are kept in its reply. */
    private volatile boolean keepPerDealOutcomes = true;

    public PipelineClient(final SettlementPipeline pipeline, final SessionRouter router, final long participantId)
    {
        this.router = router;
        this.participantId = participantId;
        this.publisher = pipeline.publisher(router.newSessionId());
        router.register(this);
    }

    /**
     * Offers {@code command} (as submitted by this client's participant) to the pipeline.
     *
     * @return a future of its outcomes; completed at once with no events when the ring refused it
     * (BUSY or UNAVAILABLE).
     */
    public CompletableFuture<Outcome> send(final Command command)
    {
        command.submitterId = participantId;
        if (command.correlationId == 0)
        {
            command.correlationId = nextCorrelationId.incrementAndGet();
        }
        final CompletableFuture<Outcome> future = new CompletableFuture<>();
        final Long key = command.correlationId;
        if (pending.putIfAbsent(key, future) != null)
        {
            throw new IllegalArgumentException("correlation id " + key + " is already in flight");
        }
        final Reason published = publisher.tryPublish(command);
        if (published != Reason.OK)
        {
            pending.remove(key);
            future.complete(new Outcome(published, List.of()));
        }
        return future;
    }

    /**
     * Whether a reply keeps the per-deal outcomes of a settlement cycle (default true). A client that runs
     * cycles on a large book and needs only their summary (settled value per currency, CYCLE_COMPLETED)
     * turns it off: a cycle of millions of deals then holds nothing per deal in memory.
     */
    public PipelineClient keepPerDealOutcomes(final boolean keep)
    {
        keepPerDealOutcomes = keep;
        return this;
    }

    /** Receives copies of pushes (settlements, failures, cancellations of this participant's deals). */
    public void onPush(final Consumer<Event> listener)
    {
        pushListener = listener;
    }

    public long participantId()
    {
        return participantId;
    }

    @Override
    public long sessionId()
    {
        return publisher.sessionId();
    }

    /** Commands sent whose outcomes have not arrived yet. */
    public int inFlight()
    {
        return pending.size();
    }

    @Override
    public void onReply(final DirectBuffer record, final int offset, final int length)
    {
        if (!keepPerDealOutcomes)
        {
            final EventType type = EventCodec.typeOfRecord(record, offset);
            if (type == EventType.DEAL_SETTLED || type == EventType.DEAL_SETTLEMENT_FAILED || type == EventType.DEAL_PARTIALLY_SETTLED)
            {
                return;
            }
        }
        collecting.add(decode(record, offset, length));
    }

    @Override
    public void onReplyComplete(final long correlationId)
    {
        final List<Event> events = collecting;
        collecting = new ArrayList<>();
        final CompletableFuture<Outcome> future = pending.remove(correlationId);
        if (future != null)
        {
            future.complete(new Outcome(Reason.OK, events));
        }
    }

    @Override
    public void onPush(final DirectBuffer record, final int offset, final int length)
    {
        pushListener.accept(decode(record, offset, length));
    }

    /** Each outcome as its own object: an in-process client hands them out in futures and to listeners. */
    private static Event decode(final DirectBuffer record, final int offset, final int length)
    {
        final Event event = new Event();
        if (!EventCodec.decodeChecked(record, offset, event))
        {
            throw new IllegalStateException("malformed outcome of " + length + " bytes");
        }
        return event;
    }

    @Override
    public void close()
    {
        router.unregister(this);
    }
}
