package io.settlement.gateway;

import java.util.function.LongSupplier;

import io.netty.handler.ssl.SslContext;

/** The gateway server's settings, with defaults. */
public final class GatewayConfig
{
    String host = "0.0.0.0";
    int port;
    int maxFrameBytes = 4096;
    long idleTimeoutMs = 30_000;
    int outboundHighWaterBytes = 8 * 1024 * 1024;
    SslContext ssl;
    Credentials credentials = new Credentials();
    int logonMaxFailures = 5;
    long logonBackoffMs = 1_000;
    long logonMaxBackoffMs = 300_000;
    long logonForgetAfterMs = 900_000;
    int logonThreads = 1;
    int logonQueue = 256;
    SecurityLog securityLog;
    long securityLogWindowMs = 10_000;
    LongSupplier clockMs = System::currentTimeMillis;

    /** Interface to bind (default all). */
    public GatewayConfig host(final String bindHost)
    {
        host = bindHost;
        return this;
    }

    /** TCP port (0: any free port; see {@link GatewayServer#port()}). */
    public GatewayConfig port(final int tcpPort)
    {
        port = tcpPort;
        return this;
    }

    /** Largest frame accepted, SOFH included (default 4096; the largest request is 79 bytes). */
    public GatewayConfig maxFrameBytes(final int bytes)
    {
        maxFrameBytes = bytes;
        return this;
    }

    /** A session that sends nothing (not even a Heartbeat) for this long is closed (default 30 s). */
    public GatewayConfig idleTimeoutMs(final long timeoutMs)
    {
        idleTimeoutMs = timeoutMs;
        return this;
    }

    /**
     * Replies a client may leave unread before it is disconnected as a slow consumer (default 8 MiB):
     * what bounds the server's memory per session.
     */
    public GatewayConfig outboundHighWaterBytes(final int bytes)
    {
        outboundHighWaterBytes = bytes;
        return this;
    }

    /** TLS on (null: plain TCP). */
    public GatewayConfig ssl(final SslContext context)
    {
        ssl = context;
        return this;
    }

    public GatewayConfig credentials(final Credentials who)
    {
        credentials = who;
        return this;
    }

    /**
     * Consecutive failed logons per participant id, and per remote address, before further logons
     * are refused with LOGON_THROTTLED for a backoff (default 5).
     */
    public GatewayConfig logonMaxFailures(final int failures)
    {
        logonMaxFailures = failures;
        return this;
    }

    /** The first backoff after {@link #logonMaxFailures} failures; each further failure doubles it (default 1 s). */
    public GatewayConfig logonBackoffMs(final long backoffMs)
    {
        logonBackoffMs = backoffMs;
        return this;
    }

    /** The longest backoff (default 5 minutes). */
    public GatewayConfig logonMaxBackoffMs(final long backoffMs)
    {
        logonMaxBackoffMs = backoffMs;
        return this;
    }

    /** Failures older than this, with no lockout in force, are forgotten (default 15 minutes). */
    public GatewayConfig logonForgetAfterMs(final long forgetMs)
    {
        logonForgetAfterMs = forgetMs;
        return this;
    }

    /** Threads that check secrets (PBKDF2), off the network threads (default 1). */
    public GatewayConfig logonThreads(final int threads)
    {
        logonThreads = threads;
        return this;
    }

    /** Logons that may wait for a verifier thread; past it a logon is refused with LOGON_BUSY (default 256). */
    public GatewayConfig logonQueue(final int waiting)
    {
        logonQueue = waiting;
        return this;
    }

    /** Where security events go (default: {@link SecurityLog#slf4j()}). */
    public GatewayConfig securityLog(final SecurityLog log)
    {
        securityLog = log;
        return this;
    }

    /** Repeats of one security event for one key within this window are written as one summary line (default 10 s). */
    public GatewayConfig securityLogWindowMs(final long windowMs)
    {
        securityLogWindowMs = windowMs;
        return this;
    }

    /** The wall clock (epoch milliseconds) for backoffs and the log's windows: tests may set it. */
    GatewayConfig clockMs(final LongSupplier clock)
    {
        clockMs = clock;
        return this;
    }

    /** @throws IllegalArgumentException naming the first setting out of range. */
    void validate()
    {
        check(port >= 0 && port <= 65_535, "port must be 0-65535, not " + port);
        check(maxFrameBytes >= 256, "max-frame must be at least 256 bytes, not " + maxFrameBytes);
        check(idleTimeoutMs > 0, "idle-timeout-ms must be positive, not " + idleTimeoutMs);
        check(outboundHighWaterBytes > 0, "high-water-bytes must be positive, not " + outboundHighWaterBytes);
        check(logonMaxFailures >= 1, "logon-max-failures must be at least 1, not " + logonMaxFailures);
        check(logonBackoffMs >= 1, "logon-backoff-ms must be positive, not " + logonBackoffMs);
        check(logonMaxBackoffMs >= logonBackoffMs,
            "logon-max-backoff-ms (" + logonMaxBackoffMs + ") must be at least logon-backoff-ms (" + logonBackoffMs + ")");
        check(logonForgetAfterMs >= 1, "logon-forget-after-ms must be positive, not " + logonForgetAfterMs);
        check(logonThreads >= 1 && logonThreads <= 64, "logon-threads must be 1-64, not " + logonThreads);
        check(logonQueue >= 1, "logon-queue must be at least 1, not " + logonQueue);
        check(securityLogWindowMs >= 1, "the security log window must be positive, not " + securityLogWindowMs);
    }

    private static void check(final boolean ok, final String problem)
    {
        if (!ok)
        {
            throw new IllegalArgumentException(problem);
        }
    }
}
