package io.settlement.gateway;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import io.settlement.engine.pipeline.CommandIntake;
import io.settlement.engine.pipeline.SessionRouter;

/**
 * What every session of one server shares: the command intake (the pipeline, or a cluster client) and router, the credentials, the logon
 * throttle, the security log and the logon verifier (a small bounded pool that runs PBKDF2 off the
 * network threads; when its queue is full a logon is refused with LOGON_BUSY).
 */
final class GatewayContext implements AutoCloseable
{
    final CommandIntake intake;
    final SessionRouter router;
    final Credentials credentials;
    final LogonThrottle throttle;
    final SecurityEvents events;
    final GatewayCounters counters = new GatewayCounters();
    final ThreadPoolExecutor verifier;
    /** Logons, checked the same way for every channel. */
    final Authenticator authenticator = new Authenticator(this);
    final LongSupplier clockMs;
    /**
     * How much a session gathers for its client before handing it to the channel, within a pipeline
     * batch: half the high-water mark, at most 64 KiB. A batch that carries a big settlement cycle
     * thus reaches the client (or finds it not reading) chunk by chunk, instead of piling up whole.
     */
    final int batchChunkBytes;

    GatewayContext(final CommandIntake intake, final SessionRouter router, final GatewayConfig config)
    {
        this.intake = intake;
        this.router = router;
        credentials = config.credentials;
        clockMs = config.clockMs;
        batchChunkBytes = Math.max(1, Math.min(64 * 1024, config.outboundHighWaterBytes / 2));
        throttle = new LogonThrottle(config.logonMaxFailures, config.logonBackoffMs, config.logonMaxBackoffMs,
            config.logonForgetAfterMs, 100_000);
        events = new SecurityEvents(config.securityLog != null ? config.securityLog : SecurityLog.slf4j(), counters,
            config.clockMs, config.securityLogWindowMs, 1_000);
        final AtomicInteger threads = new AtomicInteger();
        verifier = new ThreadPoolExecutor(config.logonThreads, config.logonThreads, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(config.logonQueue), runnable ->
            {
                final Thread thread = new Thread(runnable, "settlement-logon-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            }, new ThreadPoolExecutor.AbortPolicy());
    }

    long nowMs()
    {
        return clockMs.getAsLong();
    }

    @Override
    public void close()
    {
        verifier.shutdownNow();
        events.flush();
    }
}
