package io.settlement.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

import io.settlement.gateway.client.GatewayClient;
import io.settlement.gateway.client.Response;
import org.junit.jupiter.api.Test;

import static io.settlement.gateway.GatewayFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that sends requests but never reads its answers is cut off once its unread answers
 * pass the high-water mark; meanwhile, and afterwards, other sessions are answered normally.
 */
class SlowConsumerTest
{
    @Test
    void shouldDisconnectAClientThatNeverReadsWithoutStallingOthers() throws Exception
    {
        try (GatewayFixture f = new GatewayFixture(new GatewayConfig().outboundHighWaterBytes(64 * 1024)))
        {
            final GatewayClient healthy = f.logOn(BANK_B);
            boolean cutOff = false;
            long sent = 0;
            try (Socket slow = new Socket("127.0.0.1", f.server.port()))
            {
                slow.setReceiveBufferSize(4096);
                final OutputStream out = slow.getOutputStream();
                out.write(FrameFactory.logon(BANK_A, secret(BANK_A)));
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                final byte[] batch = new byte[64 * FrameFactory.queryLimits(1, BANK_A).length];
                while (!cutOff && System.nanoTime() < deadline)
                {
                    for (int i = 0; i < 64; i++)
                    {
                        final byte[] frame = FrameFactory.queryLimits(++sent, BANK_A);
                        System.arraycopy(frame, 0, batch, i * frame.length, frame.length);
                    }
                    try
                    {
                        out.write(batch);
                        // a steady rate the ring easily absorbs: what piles up is its unread answers, not requests
                        Thread.sleep(1);
                    }
                    catch (final IOException closedByServer)
                    {
                        cutOff = true;
                    }
                    if (sent % 8192 == 0)
                    {
                        assertEquals(Response.Type.POSITION_REPORT, answered(healthy).type(), "the healthy session is answered");
                    }
                }
            }
            assertTrue(cutOff, "the server never disconnected a client that does not read (" + sent + " requests sent)");
            assertEquals(10_000, answered(healthy).balance());
        }
    }

    /**
     * The healthy session's position query, answered. The ring is shared, so while the flood is on
     * a request may be refused at once with BUSY (back pressure, not a stall): then it asks again.
     */
    private static Response answered(final GatewayClient client) throws Exception
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            final Response answer = client.queryPosition(BANK_B, ACME).get(10, TimeUnit.SECONDS);
            if (answer.type() != Response.Type.COMMAND_RESULT || answer.result() != io.settlement.gateway.sbe.Reason.BUSY)
            {
                return answer;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the healthy session was refused BUSY 100 times in a row");
    }
}
