package io.settlement.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.settlement.gateway.GatewayCounters;
import io.settlement.gateway.GatewayServer;

/** The gateway's meters: functions over its {@link GatewayCounters}, read when scraped. */
final class GatewayMeters
{
    private GatewayMeters()
    {
    }

    static void register(final MeterRegistry registry, final GatewayServer gateway)
    {
        final GatewayCounters c = gateway.counters();
        Gauge.builder("settlement.gateway.connections", c, GatewayCounters::connectionsOpen)
            .description("TCP connections open, logged on or not").register(registry);
        Gauge.builder("settlement.gateway.sessions", c, GatewayCounters::sessionsLoggedOn)
            .description("Sessions logged on").register(registry);
        logons(registry, c, "ok", GatewayCounters::logonsOk);
        logons(registry, c, "bad_credentials", GatewayCounters::logonsFailed);
        logons(registry, c, "throttled", GatewayCounters::logonsThrottled);
        logons(registry, c, "busy", GatewayCounters::logonsBusy);
        FunctionCounter.builder("settlement.gateway.lockouts", c, GatewayCounters::lockouts)
            .description("Lockouts started (per participant or address locked)").register(registry);
        FunctionCounter.builder("settlement.gateway.lockouts.lifted", c, GatewayCounters::lockoutsLifted)
            .description("Lockouts lifted by an operator").register(registry);
        Gauge.builder("settlement.gateway.lockouts.active", gateway, GatewayServer::lockoutsInForce)
            .description("Participants and addresses locked out now").register(registry);
        closes(registry, c, "protocol_reject", GatewayCounters::protocolRejects);
        closes(registry, c, "slow_consumer", GatewayCounters::slowConsumerCuts);
        closes(registry, c, "idle_timeout", GatewayCounters::idleTimeouts);
    }

    private static void logons(
        final MeterRegistry registry, final GatewayCounters c, final String result, final java.util.function.ToDoubleFunction<GatewayCounters> f)
    {
        FunctionCounter.builder("settlement.gateway.logons", c, f).tag("result", result)
            .description("Logon attempts by result").register(registry);
    }

    private static void closes(
        final MeterRegistry registry, final GatewayCounters c, final String cause, final java.util.function.ToDoubleFunction<GatewayCounters> f)
    {
        FunctionCounter.builder("settlement.gateway.session.errors", c, f).tag("cause", cause)
            .description("Sessions closed by the gateway, by cause").register(registry);
    }
}
