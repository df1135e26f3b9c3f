package io.settlement.gateway;

import java.util.concurrent.TimeUnit;

import io.settlement.gateway.client.GatewayClient;
import io.settlement.gateway.client.Response;
import io.settlement.gateway.sbe.Reason;
import org.junit.jupiter.api.Test;

import static io.settlement.gateway.GatewayFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Heartbeats keep a quiet session alive; silence past the idle timeout ends it with a reason. */
class IdleTimeoutTest
{
    @Test
    void shouldKeepAHeartbeatingSessionAndCloseASilentOne() throws Exception
    {
        try (GatewayFixture f = new GatewayFixture(new GatewayConfig().idleTimeoutMs(400)))
        {
            final GatewayClient beating = f.logOn(BANK_A);
            final GatewayClient silent = f.logOn(BANK_B);
            for (int i = 0; i < 8; i++)
            {
                Thread.sleep(150);
                beating.heartbeat().get(5, TimeUnit.SECONDS);
            }
            final Response closing = silent.closed().get(5, TimeUnit.SECONDS);
            assertEquals(Reason.IDLE_TIMEOUT, closing.reason());
            assertFalse(beating.closed().isDone(), "1.2 s of heartbeats every 150 ms outlived a 400 ms idle timeout");
            assertEquals(Response.Type.POSITION_REPORT, beating.queryPosition(BANK_A, USD).get(5, TimeUnit.SECONDS).type());
        }
    }
}
