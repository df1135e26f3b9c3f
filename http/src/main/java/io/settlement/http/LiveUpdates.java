package io.settlement.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.sse.SseClient;
import io.settlement.protocol.wire.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live updates for the console over server-sent events ({@code GET /api/stream?token=...}: a browser's
 * EventSource cannot send a header). Once a second, when the read model has moved on, each subscriber
 * gets a {@code day} event: the day at a glance for RISK, OPERATOR and AUDITOR (computed once for all
 * of them), the business date and its own positions for a MEMBER. Everything comes from the read
 * model. Each console is written to on its own writer thread: one that stops reading holds up only
 * itself (it skips updates while its last one is still being written) until its connection's write
 * times out and it is dropped.
 */
final class LiveUpdates implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(LiveUpdates.class);

    private record Subscriber(SseClient client, String token, long participantId, boolean member,
        java.util.concurrent.atomic.AtomicBoolean writing)
    {
    }

    private final ReadModel reads;
    private final Logins logins;
    private final ObjectMapper json;
    private final int maxSubscribers;
    private final LongSupplier clockMs;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable ->
    {
        final Thread thread = new Thread(runnable, "settlement-http-live");
        thread.setDaemon(true);
        return thread;
    });
    private final java.util.concurrent.ExecutorService writers = Executors.newCachedThreadPool(runnable ->
    {
        final Thread thread = new Thread(runnable, "settlement-http-live-writer");
        thread.setDaemon(true);
        return thread;
    });
    private long lastSequence = -1;

    LiveUpdates(final ReadModel reads, final Logins logins, final ObjectMapper json, final int maxSubscribers, final LongSupplier clockMs)
    {
        this.clockMs = clockMs;
        this.reads = reads;
        this.logins = logins;
        this.json = json;
        this.maxSubscribers = maxSubscribers;
        ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /** Live consoles one participant may hold open at once, so one token cannot take every slot. */
    static final int PER_PARTICIPANT = 10;

    /** A new EventSource: checked like any request, then kept until it closes, its token ends or it is logged off. */
    synchronized void subscribe(final SseClient client)
    {
        final Logins.Login login;
        final String token = client.ctx().queryParam("token");
        try
        {
            login = logins.require("Bearer " + token);
        }
        catch (final ApiError refused)
        {
            client.sendEvent("refused", refused.getMessage());
            client.close();
            return;
        }
        if (subscribers.size() >= maxSubscribers)
        {
            client.sendEvent("refused", "the node serves " + maxSubscribers + " live consoles already");
            client.close();
            return;
        }
        if (subscribers.stream().filter(s -> s.participantId() == login.participantId()).count() >= PER_PARTICIPANT)
        {
            client.sendEvent("refused", "participant " + login.participantId() + " has " + PER_PARTICIPANT + " live consoles open already");
            client.close();
            return;
        }
        final Subscriber subscriber = new Subscriber(client, token, login.participantId(), login.role() == Role.MEMBER,
            new java.util.concurrent.atomic.AtomicBoolean());
        subscribers.add(subscriber);
        client.onClose(() -> subscribers.remove(subscriber));
        client.keepAlive();
        send(subscriber, payload(subscriber));
    }

    int subscribers()
    {
        return subscribers.size();
    }

    private void tick()
    {
        try
        {
            for (final Subscriber subscriber : subscribers)
            {
                final Logins.Login login = logins.get(subscriber.token());
                if (login == null || login.expiresAtMs() <= clockMs.getAsLong())
                {
                    // logged off or expired: the stream ends with its token
                    subscribers.remove(subscriber);
                    writers.execute(() ->
                    {
                        subscriber.client().sendEvent("refused", "the login ended: log on again");
                        subscriber.client().close();
                    });
                }
            }
            final long sequence = reads.sequence();
            if (sequence == lastSequence || subscribers.isEmpty())
            {
                for (final Subscriber subscriber : subscribers)
                {
                    write(subscriber, client -> client.sendComment("alive"));
                }
                return;
            }
            lastSequence = sequence;
            String day = null;
            for (final Subscriber subscriber : subscribers)
            {
                if (!subscriber.member() && day == null)
                {
                    day = payload(subscriber);
                }
                send(subscriber, subscriber.member() ? payload(subscriber) : day);
            }
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("live updates: {}", ex.toString());
        }
    }

    private String payload(final Subscriber subscriber)
    {
        final Map<String, Object> body = reads.read(0, 0, engine ->
        {
            if (!subscriber.member())
            {
                return reads.day().toJson();
            }
            final Map<String, Object> mine = new LinkedHashMap<>();
            mine.put("businessDate", Json.isoDate(engine.businessDate()));
            mine.put("readSequence", engine.lastSequence());
            mine.put("positions", Json.positions(engine, subscriber.participantId()));
            return mine;
        });
        try
        {
            return json.writeValueAsString(body);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** Hands the update to the subscriber's writer; skips it while the subscriber's last update is still being written. */
    private void send(final Subscriber subscriber, final String data)
    {
        if (subscriber.client().terminated())
        {
            subscribers.remove(subscriber);
            return;
        }
        write(subscriber, client -> client.sendEvent("day", data));
    }

    /** Writes on the subscriber's writer, never on the ticker; skipped while its last write is still going. */
    private void write(final Subscriber subscriber, final Consumer<SseClient> what)
    {
        if (!subscriber.writing().compareAndSet(false, true))
        {
            return; // a console that does not read: it gets the next update once this one is through
        }
        writers.execute(() ->
        {
            try
            {
                what.accept(subscriber.client());
            }
            finally
            {
                subscriber.writing().set(false);
            }
        });
    }

    @Override
    public void close()
    {
        ticker.shutdownNow();
        writers.shutdownNow();
        for (final Subscriber subscriber : subscribers)
        {
            subscriber.client().close();
        }
        subscribers.clear();
    }
}
