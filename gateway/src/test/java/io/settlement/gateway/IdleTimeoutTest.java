package io.settlement.gateway;

import java.util.concurrent.TimeUnit;

import io.settlement.gateway.client.GatewayClient;
import io.settlement.gateway.client.Response;
import io.settlement.gateway.client.sbe.Reason;
import org.junit.jupiter.api.Test;

import static io.settlement.gateway.GatewayFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Heartbeats keep a quiet session alive; silence past the idle timeout ends it with a reason. */
class IdleTimeoutTest
{
    @Test
    void shouldKeepAHeartbeatingSessionAndCloseASilentOne() throws Exception
    {
        final java.util.List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (GatewayFixture f = new GatewayFixture(new GatewayConfig().idleTimeoutMs(3_000).securityLog(log::add)))
        {
            final GatewayClient beating = f.logOn(BANK_A);
            final GatewayClient silent = f.logOn(BANK_B);
            // generous margins: a heartbeat every 250 ms against a 3 s timeout, on a shared CI machine
            for (int i = 0; i < 24; i++)
            {
                Thread.sleep(250);
                beating.heartbeat().get(5, TimeUnit.SECONDS);
            }
            final Response closing = silent.closed().get(10, TimeUnit.SECONDS);
            assertEquals(Reason.IDLE_TIMEOUT, closing.reason());
            assertFalse(beating.closed().isDone(), "6 s of heartbeats every 250 ms outlived a 3 s idle timeout");
            assertEquals(Response.Type.POSITION_REPORT, beating.queryPosition(BANK_A, USD).get(5, TimeUnit.SECONDS).type());
            assertTrue(log.contains("idle timeout for participant 2 from 127.0.0.1"), log.toString());
        }
    }
}
