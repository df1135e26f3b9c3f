package io.settlement.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

import io.settlement.gateway.client.GatewayClient;
import io.settlement.gateway.client.Response;
import org.junit.jupiter.api.Test;

import static io.settlement.gateway.GatewayFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that sends requests but never reads its answers is cut off (once its unread answers pass
 * the high-water mark, or, if it cannot even send any more, by the idle timeout); meanwhile, and
 * afterwards, other sessions are answered normally. The slow client writes without blocking, so the
 * test itself never waits on it.
 *
 * <p>The cut is observed on the server: it records the cut in its security log and closes the
 * connection, so the session leaves the router. What the client sees is up to TCP and not asserted:
 * the server's FIN waits behind the answers the client left unread, a client whose own send queue is
 * full sends nothing that could draw a reset, and once it reads again the rest trickles in at the
 * pace of the server's zero-window probes (tens of seconds apart after a long stall).
 */
class SlowConsumerTest
{
    @Test
    void shouldDisconnectAClientThatNeverReadsWithoutStallingOthers() throws Exception
    {
        final java.util.List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (GatewayFixture f = new GatewayFixture(
            new GatewayConfig().outboundHighWaterBytes(64 * 1024).idleTimeoutMs(3_000).securityLog(log::add)))
        {
            final GatewayClient healthy = f.logOn(BANK_B);
            boolean cutOff = false;
            long sent = 0;
            try (SocketChannel slow = SocketChannel.open(new InetSocketAddress("127.0.0.1", f.server.port())))
            {
                slow.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4096);
                slow.configureBlocking(false);
                ByteBuffer pending = ByteBuffer.wrap(FrameFactory.logon(BANK_A, secret(BANK_A)));
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                int iteration = 0;
                while (!cutOff && System.nanoTime() < deadline)
                {
                    if (!pending.hasRemaining())
                    {
                        final byte[] batch = new byte[64 * FrameFactory.queryLimits(1, BANK_A).length];
                        for (int i = 0; i < 64; i++)
                        {
                            final byte[] frame = FrameFactory.queryLimits(++sent, BANK_A);
                            System.arraycopy(frame, 0, batch, i * frame.length, frame.length);
                        }
                        pending = ByteBuffer.wrap(batch);
                    }
                    try
                    {
                        slow.write(pending); // whatever the socket takes; the rest next time (frames stay whole)
                    }
                    catch (final IOException closedByServer)
                    {
                        cutOff = true;
                    }
                    cutOff |= cutRecorded(log);
                    // a steady rate the ring easily absorbs: what piles up is its unread answers, not requests
                    Thread.sleep(1);
                    if (++iteration % 100 == 0)
                    {
                        assertEquals(Response.Type.POSITION_REPORT, answered(healthy).type(), "the healthy session is answered");
                    }
                }
                assertTrue(cutOff, "the server never cut off a client that does not read (" + sent + " requests sent)");
                final long closeDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (f.node.router().sessionsOf(BANK_A) > 0 && System.nanoTime() < closeDeadline)
                {
                    assertEquals(Response.Type.POSITION_REPORT, answered(healthy).type(), "the healthy session is answered");
                    Thread.sleep(10);
                }
                assertEquals(0, f.node.router().sessionsOf(BANK_A), "the server closed the slow client's connection");
            }
            assertEquals(10_000, answered(healthy).balance());
            assertTrue(cutRecorded(log), "the cut is in the security log: " + log);
        }
    }

    private static boolean cutRecorded(final java.util.List<String> log)
    {
        return log.contains("slow-consumer cut for participant 1 from 127.0.0.1")
            || log.contains("idle timeout for participant 1 from 127.0.0.1");
    }

    private static Response answered(final GatewayClient client) throws Exception
    {
        return untilNotBusy(() -> client.queryPosition(BANK_B, ACME));
    }
}
