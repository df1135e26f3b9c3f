package io.settlement.gateway;

import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.settlement.gateway.client.GatewayClient;
import io.settlement.gateway.client.Response;
import org.junit.jupiter.api.Test;

import static io.settlement.gateway.GatewayFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Over 100,000 random and damaged frames on many connections (some logged on as the auditor,
 * some never logged on): the server stays up, a well-formed session keeps getting right answers
 * throughout, and the engine's state hash is what it was before.
 */
class GatewayFuzzTest
{
    private static final int CONNECTIONS = 200;
    private static final int FRAMES_PER_CONNECTION = 520;

    @Test
    void shouldSurviveRandomAndDamagedFramesWithoutChangingState() throws Exception
    {
        try (GatewayFixture f = new GatewayFixture(new GatewayConfig().idleTimeoutMs(2_000)))
        {
            final long before = f.stop().stateHash();
            // random Logon frames are failed logons, all from 127.0.0.1: this test is about frames, not throttling
            f.start(new GatewayConfig().idleTimeoutMs(2_000).logonMaxFailures(Integer.MAX_VALUE).securityLog(line -> {}));
            final GatewayClient member = f.logOn(BANK_A);
            final long balance = untilNotBusy(() -> member.queryPosition(BANK_A, USD)).balance();

            final SplittableRandom random = new SplittableRandom(7);
            long framesSent = 0;
            int rejectedWithReason = 0;
            for (int c = 0; c < CONNECTIONS; c++)
            {
                final GatewayClient fuzzer = f.connect();
                final ByteArrayOutputStream burst = new ByteArrayOutputStream();
                if (c % 2 == 0)
                {
                    burst.writeBytes(FrameFactory.logon(AUDIT, secret(AUDIT)));
                }
                for (int i = 0; i < FRAMES_PER_CONNECTION; i++)
                {
                    burst.writeBytes(random.nextInt(3) == 0 ? FrameFactory.randomRequest(random) : FrameFactory.mutated(random));
                    framesSent++;
                }
                fuzzer.sendRaw(burst.toByteArray());
                try
                {
                    final Response closing = fuzzer.closed().get(5, TimeUnit.SECONDS);
                    if (closing != null && closing.type() == Response.Type.SESSION_REJECT)
                    {
                        rejectedWithReason++;
                    }
                }
                catch (final TimeoutException stillOpen)
                {
                    // a frame announcing more bytes than were sent: the server waits for them; hang up
                }
                fuzzer.close();
                if (c % 20 == 0)
                {
                    assertEquals(balance, untilNotBusy(() -> member.queryPosition(BANK_A, USD)).balance(),
                        "the well-formed session keeps working during the fuzzing");
                }
            }

            assertTrue(framesSent >= 100_000, "frames sent: " + framesSent);
            assertTrue(rejectedWithReason > CONNECTIONS / 2, "most connections end with a SessionReject: " + rejectedWithReason);
            assertEquals(Response.Type.LOGON_ACCEPTED,
                f.connect().logon(BANK_B, secret(BANK_B)).get(10, TimeUnit.SECONDS).type(), "new sessions still log on");
            assertEquals(balance, untilNotBusy(() -> member.queryPosition(BANK_A, USD)).balance());
            assertEquals(before, f.stop().stateHash(), "rejected and unauthorised input changed the state");
            f.start(new GatewayConfig());
        }
    }
}
