package io.settlement.gateway;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The gateway's counters since it started: connections and logged-on sessions open now, and every
 * security event by kind (the events {@link SecurityEvents} logs, counted before any summarising,
 * so a flood shows in full here). Written by the event loops and the logon verifier; read by any
 * thread (an exporter). Off the request path: only connections, logons and session errors count.
 */
public final class GatewayCounters
{
    private final AtomicLongArray events = new AtomicLongArray(SecurityEvents.Kind.values().length);
    private final AtomicLong connectionsOpen = new AtomicLong();
    private final AtomicLong sessionsLoggedOn = new AtomicLong();

    void recorded(final SecurityEvents.Kind kind)
    {
        events.incrementAndGet(kind.ordinal());
    }

    void connectionOpened()
    {
        connectionsOpen.incrementAndGet();
    }

    void connectionClosed()
    {
        connectionsOpen.decrementAndGet();
    }

    void loggedOn()
    {
        sessionsLoggedOn.incrementAndGet();
    }

    void loggedOff()
    {
        sessionsLoggedOn.decrementAndGet();
    }

    /** TCP connections open now, logged on or not. */
    public long connectionsOpen()
    {
        return connectionsOpen.get();
    }

    /** Sessions logged on now. */
    public long sessionsLoggedOn()
    {
        return sessionsLoggedOn.get();
    }

    /** Logons accepted. */
    public long logonsOk()
    {
        return count(SecurityEvents.Kind.LOGON_OK);
    }

    /** Logons refused for bad credentials (an unknown participant, a wrong secret). */
    public long logonsFailed()
    {
        return count(SecurityEvents.Kind.LOGON_FAILED);
    }

    /** Logons refused without checking the secret, because the participant or the address was locked out. */
    public long logonsThrottled()
    {
        return count(SecurityEvents.Kind.LOGON_THROTTLED);
    }

    /** Logons refused because the verifier's queue was full. */
    public long logonsBusy()
    {
        return count(SecurityEvents.Kind.LOGON_BUSY);
    }

    /** Lockouts started (one per key: a failed logon may lock out both its participant and its address). */
    public long lockouts()
    {
        return count(SecurityEvents.Kind.LOCKOUT);
    }

    /** Lockouts an operator lifted. */
    public long lockoutsLifted()
    {
        return count(SecurityEvents.Kind.LIFT);
    }

    /** Sessions closed for a malformed request or a protocol violation. */
    public long protocolRejects()
    {
        return count(SecurityEvents.Kind.PROTOCOL_REJECT);
    }

    /** Sessions cut because their client did not read its replies. */
    public long slowConsumerCuts()
    {
        return count(SecurityEvents.Kind.SLOW_CONSUMER);
    }

    /** Sessions closed by the idle timeout. */
    public long idleTimeouts()
    {
        return count(SecurityEvents.Kind.IDLE_TIMEOUT);
    }

    private long count(final SecurityEvents.Kind kind)
    {
        return events.get(kind.ordinal());
    }
}
