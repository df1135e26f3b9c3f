package io.settlement.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.settlement.engine.SettlementEngine;
import io.settlement.engine.pipeline.CommandJournal;
import io.settlement.engine.pipeline.SessionRouter;
import io.settlement.engine.pipeline.SettlementPipeline;
import io.settlement.protocol.wire.Role;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The high-water mark bounds what a session may leave unread whichever way its answers are written:
 * here every deal is answered at once with BUSY (the ring is full, its journal stage held), not
 * through the pipeline's batches, and a client that never reads them is still cut off.
 */
class SlowConsumerWhileBusyTest
{
    private static final long MEMBER = 1;

    /** A deal (journaled, unlike a query, so it waits for the held journal stage or is refused BUSY). */
    private static byte[] deal(final long n)
    {
        return FrameFactory.submitDeal(n, n, MEMBER, 2, 10, 840, 1, 100, 20260105);
    }

    @Test
    void shouldCutOffAClientThatLeavesItsBusyAnswersUnread() throws Exception
    {
        final CountDownLatch journalHeld = new CountDownLatch(1);
        final CommandJournal stalled = (record, offset, length) ->
        {
            try
            {
                journalHeld.await();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        };
        final SessionRouter router = new SessionRouter();
        final SettlementPipeline pipeline = new SettlementPipeline(new SettlementEngine(),
            new SettlementPipeline.Context().ringSize(16).commandJournal(stalled).router(router));
        final Credentials credentials = new Credentials();
        credentials.addSecret(MEMBER, Role.MEMBER, "secret-1");
        final List<String> log = new CopyOnWriteArrayList<>();
        final GatewayServer server = GatewayServer.start(pipeline, router, new GatewayConfig().host("127.0.0.1").port(0)
            .credentials(credentials).outboundHighWaterBytes(64 * 1024).securityLog(log::add));
        boolean cutOff = false;
        long sent = 0;
        try (SocketChannel slow = SocketChannel.open())
        {
            slow.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            slow.connect(new InetSocketAddress("127.0.0.1", server.port()));
            slow.configureBlocking(false);
            ByteBuffer pending = ByteBuffer.wrap(FrameFactory.logon(MEMBER, "secret-1"));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!cutOff && System.nanoTime() < deadline)
            {
                if (!pending.hasRemaining())
                {
                    final byte[] frame = deal(0);
                    final byte[] batch = new byte[256 * frame.length];
                    for (int i = 0; i < 256; i++)
                    {
                        System.arraycopy(deal(++sent), 0, batch, i * frame.length, frame.length);
                    }
                    pending = ByteBuffer.wrap(batch);
                }
                try
                {
                    if (slow.write(pending) == 0)
                    {
                        Thread.sleep(1); // the server is not reading just now
                    }
                }
                catch (final IOException closedByServer)
                {
                    cutOff = true;
                }
            }
        }
        finally
        {
            journalHeld.countDown();
            server.close();
            pipeline.close();
        }
        assertTrue(cutOff, "the server never cut off a client that leaves its BUSY answers unread (" + sent + " requests sent)");
        assertTrue(log.contains("slow-consumer cut for participant 1 from 127.0.0.1"), "the cut is in the security log: " + log);
    }
}
