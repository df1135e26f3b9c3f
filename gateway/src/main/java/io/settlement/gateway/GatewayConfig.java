package io.settlement.gateway;

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

    /** Largest frame accepted, SOFH included (default 4096; the largest request is 76 bytes). */
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
}
