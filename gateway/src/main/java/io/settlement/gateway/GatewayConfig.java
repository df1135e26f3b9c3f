package io.settlement.gateway;

import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

import io.netty.handler.ssl.SslContext;
import io.settlement.engine.config.SettingException;
import io.settlement.engine.config.Settings;

/**
 * The gateway's context: its settings with their property names, defaults and ranges, plus objects
 * given by whoever starts it (TLS, credentials, the security log). None of its settings shapes an
 * outcome: they decide which requests and logons are admitted, never what the engine decides for a
 * journaled command. The server's configuration file sets them on its {@code gateway} line by the
 * last part of the property name ({@code gateway port=7450 max-frame=4096}).
 *
 * <table>
 *   <caption>settings</caption>
 *   <tr><th>property</th><th>default</th><th>range</th></tr>
 *   <tr><td>{@value #HOST_PROP_NAME}</td><td>0.0.0.0</td><td>not empty</td></tr>
 *   <tr><td>{@value #PORT_PROP_NAME}</td><td>7450</td><td>0 (any free port) to 65535</td></tr>
 *   <tr><td>{@value #MAX_FRAME_PROP_NAME}</td><td>4096</td><td>128 to 16777216</td></tr>
 *   <tr><td>{@value #IDLE_TIMEOUT_MS_PROP_NAME}</td><td>30000</td><td>1 to 86400000</td></tr>
 *   <tr><td>{@value #HIGH_WATER_BYTES_PROP_NAME}</td><td>8388608</td><td>4096 to 2147483647</td></tr>
 *   <tr><td>{@value #LOGON_MAX_FAILURES_PROP_NAME}</td><td>5</td><td>1 to 2147483647</td></tr>
 *   <tr><td>{@value #LOGON_BACKOFF_MS_PROP_NAME}</td><td>1000</td><td>1 to 86400000</td></tr>
 *   <tr><td>{@value #LOGON_MAX_BACKOFF_MS_PROP_NAME}</td><td>300000</td><td>logon-backoff-ms to 604800000</td></tr>
 *   <tr><td>{@value #LOGON_FORGET_AFTER_MS_PROP_NAME}</td><td>900000</td><td>1 to 604800000</td></tr>
 *   <tr><td>{@value #LOGON_THREADS_PROP_NAME}</td><td>1</td><td>1 to 64</td></tr>
 *   <tr><td>{@value #LOGON_QUEUE_PROP_NAME}</td><td>256</td><td>1 to 1000000</td></tr>
 *   <tr><td>{@value #SECURITY_LOG_WINDOW_MS_PROP_NAME}</td><td>10000</td><td>1 to 86400000</td></tr>
 * </table>
 *
 * A new context reads the system properties; setters (and the configuration file) override them;
 * {@link #conclude()} (called by {@link GatewayServer#start}) checks every setting.
 */
public final class GatewayConfig
{
    /** The prefix of every gateway property; the configuration file's {@code gateway} keys are what follows it. */
    public static final String PROPERTY_PREFIX = "settlement.gateway.";

    /** Interface to bind. */
    public static final String HOST_PROP_NAME = PROPERTY_PREFIX + "host";
    public static final String HOST_DEFAULT = "0.0.0.0";

    /** TCP port (0: any free port; see {@link GatewayServer#port()}). */
    public static final String PORT_PROP_NAME = PROPERTY_PREFIX + "port";
    public static final int PORT_DEFAULT = 7450;
    public static final int PORT_MIN = 0;
    public static final int PORT_MAX = 65_535;

    /** Largest frame accepted, SOFH included (the largest request is 79 bytes). */
    public static final String MAX_FRAME_PROP_NAME = PROPERTY_PREFIX + "max-frame";
    public static final int MAX_FRAME_DEFAULT = 4096;
    public static final int MAX_FRAME_MIN = 128;
    public static final int MAX_FRAME_MAX = 16 * 1024 * 1024;

    /** A session that sends nothing (not even a Heartbeat) for this long is closed. */
    public static final String IDLE_TIMEOUT_MS_PROP_NAME = PROPERTY_PREFIX + "idle-timeout-ms";
    public static final long IDLE_TIMEOUT_MS_DEFAULT = 30_000;
    public static final long IDLE_TIMEOUT_MS_MIN = 1;
    public static final long IDLE_TIMEOUT_MS_MAX = 24L * 3600 * 1000;

    /** Replies a client may leave unread before it is cut off as a slow consumer: what bounds memory per session. */
    public static final String HIGH_WATER_BYTES_PROP_NAME = PROPERTY_PREFIX + "high-water-bytes";
    public static final int HIGH_WATER_BYTES_DEFAULT = 8 * 1024 * 1024;
    public static final int HIGH_WATER_BYTES_MIN = 4096;
    public static final int HIGH_WATER_BYTES_MAX = Integer.MAX_VALUE;

    /** Consecutive failed logons per participant id, and per remote address, before a lockout. */
    public static final String LOGON_MAX_FAILURES_PROP_NAME = PROPERTY_PREFIX + "logon-max-failures";
    public static final int LOGON_MAX_FAILURES_DEFAULT = 5;
    public static final int LOGON_MAX_FAILURES_MIN = 1;
    public static final int LOGON_MAX_FAILURES_MAX = Integer.MAX_VALUE;

    /** The first lockout; each further failure doubles it. */
    public static final String LOGON_BACKOFF_MS_PROP_NAME = PROPERTY_PREFIX + "logon-backoff-ms";
    public static final long LOGON_BACKOFF_MS_DEFAULT = 1_000;
    public static final long LOGON_BACKOFF_MS_MIN = 1;
    public static final long LOGON_BACKOFF_MS_MAX = 24L * 3600 * 1000;

    /** The longest lockout; at least {@link #LOGON_BACKOFF_MS_PROP_NAME}. */
    public static final String LOGON_MAX_BACKOFF_MS_PROP_NAME = PROPERTY_PREFIX + "logon-max-backoff-ms";
    public static final long LOGON_MAX_BACKOFF_MS_DEFAULT = 300_000;
    public static final long LOGON_MAX_BACKOFF_MS_MAX = 7L * 24 * 3600 * 1000;

    /** Failures older than this, with no lockout in force, are forgotten. */
    public static final String LOGON_FORGET_AFTER_MS_PROP_NAME = PROPERTY_PREFIX + "logon-forget-after-ms";
    public static final long LOGON_FORGET_AFTER_MS_DEFAULT = 900_000;
    public static final long LOGON_FORGET_AFTER_MS_MIN = 1;
    public static final long LOGON_FORGET_AFTER_MS_MAX = 7L * 24 * 3600 * 1000;

    /** Threads that check secrets (PBKDF2), off the network threads. */
    public static final String LOGON_THREADS_PROP_NAME = PROPERTY_PREFIX + "logon-threads";
    public static final int LOGON_THREADS_DEFAULT = 1;
    public static final int LOGON_THREADS_MIN = 1;
    public static final int LOGON_THREADS_MAX = 64;

    /** Logons that may wait for a verifier thread; past it a logon is refused with LOGON_BUSY. */
    public static final String LOGON_QUEUE_PROP_NAME = PROPERTY_PREFIX + "logon-queue";
    public static final int LOGON_QUEUE_DEFAULT = 256;
    public static final int LOGON_QUEUE_MIN = 1;
    public static final int LOGON_QUEUE_MAX = 1_000_000;

    /** Repeats of one security event for one key within this window are written as one summary line. */
    public static final String SECURITY_LOG_WINDOW_MS_PROP_NAME = PROPERTY_PREFIX + "security-log-window-ms";
    public static final long SECURITY_LOG_WINDOW_MS_DEFAULT = 10_000;
    public static final long SECURITY_LOG_WINDOW_MS_MIN = 1;
    public static final long SECURITY_LOG_WINDOW_MS_MAX = 24L * 3600 * 1000;

    /** Every property this context reads. */
    public static final List<String> PROPERTY_NAMES = List.of(
        HOST_PROP_NAME, PORT_PROP_NAME, MAX_FRAME_PROP_NAME, IDLE_TIMEOUT_MS_PROP_NAME, HIGH_WATER_BYTES_PROP_NAME,
        LOGON_MAX_FAILURES_PROP_NAME, LOGON_BACKOFF_MS_PROP_NAME, LOGON_MAX_BACKOFF_MS_PROP_NAME,
        LOGON_FORGET_AFTER_MS_PROP_NAME, LOGON_THREADS_PROP_NAME, LOGON_QUEUE_PROP_NAME, SECURITY_LOG_WINDOW_MS_PROP_NAME);

    String host = HOST_DEFAULT;
    int port = PORT_DEFAULT;
    int maxFrameBytes = MAX_FRAME_DEFAULT;
    long idleTimeoutMs = IDLE_TIMEOUT_MS_DEFAULT;
    int outboundHighWaterBytes = HIGH_WATER_BYTES_DEFAULT;
    int logonMaxFailures = LOGON_MAX_FAILURES_DEFAULT;
    long logonBackoffMs = LOGON_BACKOFF_MS_DEFAULT;
    long logonMaxBackoffMs = LOGON_MAX_BACKOFF_MS_DEFAULT;
    long logonForgetAfterMs = LOGON_FORGET_AFTER_MS_DEFAULT;
    int logonThreads = LOGON_THREADS_DEFAULT;
    int logonQueue = LOGON_QUEUE_DEFAULT;
    long securityLogWindowMs = SECURITY_LOG_WINDOW_MS_DEFAULT;
    SslContext ssl;
    Credentials credentials = new Credentials();
    SecurityLog securityLog;
    LongSupplier clockMs = System::currentTimeMillis;

    /** The defaults, overridden by any of {@link #PROPERTY_NAMES} given as a system property. */
    public GatewayConfig()
    {
        this(System::getProperty);
    }

    /** The defaults, overridden by any of {@link #PROPERTY_NAMES} that {@code properties} gives. */
    public GatewayConfig(final UnaryOperator<String> properties)
    {
        Settings.read(PROPERTY_NAMES, properties, this::set);
    }

    /**
     * Sets one setting by its property name, from text (whole numbers may carry {@code _} separators).
     *
     * @throws SettingException for text that is not a value of the setting's type, or an unknown name.
     */
    public GatewayConfig set(final String property, final String value)
    {
        switch (property)
        {
            case HOST_PROP_NAME -> host(value);
            case PORT_PROP_NAME -> port(Settings.parseInt(property, value, PORT_MIN, PORT_MAX));
            case MAX_FRAME_PROP_NAME -> maxFrameBytes(Settings.parseInt(property, value, MAX_FRAME_MIN, MAX_FRAME_MAX));
            case IDLE_TIMEOUT_MS_PROP_NAME -> idleTimeoutMs(Settings.parseLong(property, value));
            case HIGH_WATER_BYTES_PROP_NAME -> outboundHighWaterBytes(
                Settings.parseInt(property, value, HIGH_WATER_BYTES_MIN, HIGH_WATER_BYTES_MAX));
            case LOGON_MAX_FAILURES_PROP_NAME -> logonMaxFailures(
                Settings.parseInt(property, value, LOGON_MAX_FAILURES_MIN, LOGON_MAX_FAILURES_MAX));
            case LOGON_BACKOFF_MS_PROP_NAME -> logonBackoffMs(Settings.parseLong(property, value));
            case LOGON_MAX_BACKOFF_MS_PROP_NAME -> logonMaxBackoffMs(Settings.parseLong(property, value));
            case LOGON_FORGET_AFTER_MS_PROP_NAME -> logonForgetAfterMs(Settings.parseLong(property, value));
            case LOGON_THREADS_PROP_NAME -> logonThreads(Settings.parseInt(property, value, LOGON_THREADS_MIN, LOGON_THREADS_MAX));
            case LOGON_QUEUE_PROP_NAME -> logonQueue(Settings.parseInt(property, value, LOGON_QUEUE_MIN, LOGON_QUEUE_MAX));
            case SECURITY_LOG_WINDOW_MS_PROP_NAME -> securityLogWindowMs(Settings.parseLong(property, value));
            default -> throw new SettingException(property, value, "is not a gateway setting");
        }
        return this;
    }

    /**
     * Checks every setting.
     *
     * @throws SettingException naming the first setting out of range, its value and the range.
     */
    public GatewayConfig conclude()
    {
        Settings.checkNotEmpty(HOST_PROP_NAME, host);
        Settings.checkRange(PORT_PROP_NAME, port, PORT_MIN, PORT_MAX);
        Settings.checkRange(MAX_FRAME_PROP_NAME, maxFrameBytes, MAX_FRAME_MIN, MAX_FRAME_MAX);
        Settings.checkRange(IDLE_TIMEOUT_MS_PROP_NAME, idleTimeoutMs, IDLE_TIMEOUT_MS_MIN, IDLE_TIMEOUT_MS_MAX);
        Settings.checkRange(HIGH_WATER_BYTES_PROP_NAME, outboundHighWaterBytes, HIGH_WATER_BYTES_MIN, HIGH_WATER_BYTES_MAX);
        Settings.checkRange(LOGON_MAX_FAILURES_PROP_NAME, logonMaxFailures, LOGON_MAX_FAILURES_MIN, LOGON_MAX_FAILURES_MAX);
        Settings.checkRange(LOGON_BACKOFF_MS_PROP_NAME, logonBackoffMs, LOGON_BACKOFF_MS_MIN, LOGON_BACKOFF_MS_MAX);
        if (logonMaxBackoffMs < logonBackoffMs || logonMaxBackoffMs > LOGON_MAX_BACKOFF_MS_MAX)
        {
            throw new SettingException(LOGON_MAX_BACKOFF_MS_PROP_NAME, Long.toString(logonMaxBackoffMs), "is out of range ("
                + logonBackoffMs + " to " + LOGON_MAX_BACKOFF_MS_MAX + ": at least " + LOGON_BACKOFF_MS_PROP_NAME + ")",
                LOGON_BACKOFF_MS_PROP_NAME);
        }
        Settings.checkRange(LOGON_FORGET_AFTER_MS_PROP_NAME, logonForgetAfterMs, LOGON_FORGET_AFTER_MS_MIN,
            LOGON_FORGET_AFTER_MS_MAX);
        Settings.checkRange(LOGON_THREADS_PROP_NAME, logonThreads, LOGON_THREADS_MIN, LOGON_THREADS_MAX);
        Settings.checkRange(LOGON_QUEUE_PROP_NAME, logonQueue, LOGON_QUEUE_MIN, LOGON_QUEUE_MAX);
        Settings.checkRange(SECURITY_LOG_WINDOW_MS_PROP_NAME, securityLogWindowMs, SECURITY_LOG_WINDOW_MS_MIN,
            SECURITY_LOG_WINDOW_MS_MAX);
        Settings.checkGiven("credentials", credentials);
        Settings.checkGiven("clock", clockMs);
        return this;
    }

    /** {@value #HOST_PROP_NAME}: interface to bind (default all). */
    public GatewayConfig host(final String bindHost)
    {
        host = bindHost;
        return this;
    }

    public String host()
    {
        return host;
    }

    /** {@value #PORT_PROP_NAME}: TCP port (default 7450; 0: any free port, see {@link GatewayServer#port()}). */
    public GatewayConfig port(final int tcpPort)
    {
        port = tcpPort;
        return this;
    }

    public int port()
    {
        return port;
    }

    /** {@value #MAX_FRAME_PROP_NAME}: largest frame accepted, SOFH included (default 4096; the largest request is 79 bytes). */
    public GatewayConfig maxFrameBytes(final int bytes)
    {
        maxFrameBytes = bytes;
        return this;
    }

    public int maxFrameBytes()
    {
        return maxFrameBytes;
    }

    /** {@value #IDLE_TIMEOUT_MS_PROP_NAME}: a session that sends nothing (not even a Heartbeat) for this long is closed (default 30 s). */
    public GatewayConfig idleTimeoutMs(final long timeoutMs)
    {
        idleTimeoutMs = timeoutMs;
        return this;
    }

    public long idleTimeoutMs()
    {
        return idleTimeoutMs;
    }

    /**
     * {@value #HIGH_WATER_BYTES_PROP_NAME}: replies a client may leave unread before it is disconnected as a
     * slow consumer (default 8 MiB): what bounds the server's memory per session.
     */
    public GatewayConfig outboundHighWaterBytes(final int bytes)
    {
        outboundHighWaterBytes = bytes;
        return this;
    }

    public int outboundHighWaterBytes()
    {
        return outboundHighWaterBytes;
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
     * {@value #LOGON_MAX_FAILURES_PROP_NAME}: consecutive failed logons per participant id, and per remote
     * address, before further logons are refused with LOGON_THROTTLED for a backoff (default 5).
     */
    public GatewayConfig logonMaxFailures(final int failures)
    {
        logonMaxFailures = failures;
        return this;
    }

    public int logonMaxFailures()
    {
        return logonMaxFailures;
    }

    /** {@value #LOGON_BACKOFF_MS_PROP_NAME}: the first backoff after {@link #logonMaxFailures} failures; each further failure doubles it (default 1 s). */
    public GatewayConfig logonBackoffMs(final long backoffMs)
    {
        logonBackoffMs = backoffMs;
        return this;
    }

    public long logonBackoffMs()
    {
        return logonBackoffMs;
    }

    /** {@value #LOGON_MAX_BACKOFF_MS_PROP_NAME}: the longest backoff (default 5 minutes). */
    public GatewayConfig logonMaxBackoffMs(final long backoffMs)
    {
        logonMaxBackoffMs = backoffMs;
        return this;
    }

    public long logonMaxBackoffMs()
    {
        return logonMaxBackoffMs;
    }

    /** {@value #LOGON_FORGET_AFTER_MS_PROP_NAME}: failures older than this, with no lockout in force, are forgotten (default 15 minutes). */
    public GatewayConfig logonForgetAfterMs(final long forgetMs)
    {
        logonForgetAfterMs = forgetMs;
        return this;
    }

    public long logonForgetAfterMs()
    {
        return logonForgetAfterMs;
    }

    /** {@value #LOGON_THREADS_PROP_NAME}: threads that check secrets (PBKDF2), off the network threads (default 1). */
    public GatewayConfig logonThreads(final int threads)
    {
        logonThreads = threads;
        return this;
    }

    public int logonThreads()
    {
        return logonThreads;
    }

    /** {@value #LOGON_QUEUE_PROP_NAME}: logons that may wait for a verifier thread; past it a logon is refused with LOGON_BUSY (default 256). */
    public GatewayConfig logonQueue(final int waiting)
    {
        logonQueue = waiting;
        return this;
    }

    public int logonQueue()
    {
        return logonQueue;
    }

    /** Where security events go (default: {@link SecurityLog#slf4j()}). */
    public GatewayConfig securityLog(final SecurityLog log)
    {
        securityLog = log;
        return this;
    }

    /** {@value #SECURITY_LOG_WINDOW_MS_PROP_NAME}: repeats of one security event for one key within this window are written as one summary line (default 10 s). */
    public GatewayConfig securityLogWindowMs(final long windowMs)
    {
        securityLogWindowMs = windowMs;
        return this;
    }

    public long securityLogWindowMs()
    {
        return securityLogWindowMs;
    }

    /** The wall clock (epoch milliseconds) for backoffs and the log's windows: tests may set it. */
    GatewayConfig clockMs(final LongSupplier clock)
    {
        clockMs = clock;
        return this;
    }
}
