package io.settlement.gateway;

import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.settlement.engine.api.Command;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.Reason;
import org.junit.jupiter.api.Test;

import static io.settlement.gateway.GatewayFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A settlement cycle pushes a notice per deal to both parties, all in one pipeline batch. A party
 * whose client does not read is cut off while the cycle's notices come, once they pass the
 * high-water mark: the session hands them to the connection chunk by chunk, instead of gathering
 * the whole cycle's notices in memory and writing them in one go at the end of the batch (which
 * found the connection still writable, queued megabytes for a client that reads nothing, and cut
 * it off only if something else was ever sent to it afterwards).
 */
class SlowConsumerDuringCycleTest
{
    /** About 25 bytes of notice per deal to the silent party: half as much again as the kernel's largest send buffer. */
    private static final int DEALS = (int)Math.min(2_000_000, Math.max(250_000, kernelSendBufferMaxBytes() * 3 / 2 / 25));

    /** Linux autotunes a socket's send buffer up to the third number of tcp_wmem (4 MB by default). */
    private static long kernelSendBufferMaxBytes()
    {
        try
        {
            final String[] wmem = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv4/tcp_wmem")).trim().split("\\s+");
            return Long.parseLong(wmem[2]);
        }
        catch (final java.io.IOException | RuntimeException notLinux)
        {
            return 4L << 20;
        }
    }

    @Test
    void shouldCutOffAPartyThatDoesNotReadWhileACycleNotifiesIt() throws Exception
    {
        final List<String> log = new CopyOnWriteArrayList<>();
        try (GatewayFixture f = new GatewayFixture(new GatewayConfig().outboundHighWaterBytes(64 * 1024).securityLog(log::add));
            SocketChannel silent = SocketChannel.open())
        {
            silent.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            silent.connect(new InetSocketAddress("127.0.0.1", f.server.port()));
            silent.write(ByteBuffer.wrap(FrameFactory.logon(BANK_A, secret(BANK_A)))); // and never reads
            final long loggedOn = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (f.node.router().sessionsOf(BANK_A) == 0 && System.nanoTime() < loggedOn)
            {
                Thread.sleep(5);
            }
            assertEquals(1, f.node.router().sessionsOf(BANK_A), "the silent client is logged on");

            // BANK_B delivers BANK_A one ACME a deal free of payment (no credit used), due today: the cycle settles 10,000 and fails the rest:
            // a notice per deal to BANK_A, more than the kernel's send buffer absorbs
            final PipelineClient seller = f.node.client(BANK_B);
            final Command c = new Command();
            for (int sent = 0; sent < DEALS; )
            {
                final List<CompletableFuture<PipelineClient.Outcome>> window = new ArrayList<>();
                for (int i = 0; i < 512 && sent < DEALS; i++)
                {
                    sent++;
                    window.add(seller.send(c.submitDeal(BANK_B, sent, sent, BANK_A, BANK_B, ACME, 0, 1, 0, TODAY, DealType.FOP)));
                }
                for (final CompletableFuture<PipelineClient.Outcome> outcome : window)
                {
                    final PipelineClient.Outcome o = outcome.get(10, TimeUnit.SECONDS);
                    assertEquals(Reason.OK, o.published(), "the ring took the deal");
                    assertEquals(Reason.OK, o.first().reason, "the deal is accepted: " + o.events());
                }
            }
            assertTrue(log.stream().noneMatch(line -> line.startsWith("slow-consumer cut")), "nothing was sent to BANK_A yet: " + log);

            final PipelineClient operator = f.node.client(Command.SYSTEM_SUBMITTER);
            final PipelineClient.Outcome cycle = operator.send(c.runSettlementCycle(0, DEALS + 1)).get(30, TimeUnit.SECONDS);
            assertEquals(Reason.OK, cycle.published());
            // the cycle's notices to BANK_A went out in its one batch; nothing is sent to BANK_A after it
            final long cut = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (f.node.router().sessionsOf(BANK_A) > 0 && System.nanoTime() < cut)
            {
                Thread.sleep(5);
            }
            assertTrue(log.contains("slow-consumer cut for participant 1 from 127.0.0.1"), "the cut is in the security log: " + log);
            assertEquals(0, f.node.router().sessionsOf(BANK_A), "the server closed the silent client's connection");
            seller.close();
            operator.close();
        }
    }
}
