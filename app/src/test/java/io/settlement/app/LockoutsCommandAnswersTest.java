package io.settlement.app;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.settlement.protocol.wire.LogonDecoder;
import io.settlement.protocol.wire.MessageHeaderEncoder;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.SessionRejectEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code settlement lockouts} against a peer that is not a well-behaved gateway: each way the session can end
 * without the answer it asked for is one line naming why, exit 1. The peer is a plain socket that reads the
 * Logon frame and then answers as the test says.
 */
class LockoutsCommandAnswersTest
{
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** What the peer does once it has read the Logon frame. */
    private interface Peer
    {
        void answer(OutputStream to) throws Exception;
    }

    private int runAgainst(final Peer peer, final String... args) throws Exception
    {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final CompletableFuture<Long> logonFrom = CompletableFuture.supplyAsync(() ->
            {
                try (Socket socket = server.accept())
                {
                    final DataInputStream in = new DataInputStream(socket.getInputStream());
                    final byte[] frame = new byte[in.readInt()];
                    in.readFully(frame, 4, frame.length - 4);
                    peer.answer(socket.getOutputStream());
                    return new LogonDecoder().wrap(new UnsafeBuffer(frame), 14, LogonDecoder.BLOCK_LENGTH, 1).participantId();
                }
                catch (final Exception ex)
                {
                    throw new IllegalStateException(ex);
                }
            });
            final String[] command = Stream.concat(Stream.of("lockouts", "--port", Integer.toString(server.getLocalPort()),
                "--as", "91", "--secret", "ops-secret-91"), Stream.of(args)).toArray(String[]::new);
            final int exit = SettlementCli.run(new PrintWriter(out, true), new PrintWriter(err, true), command);
            assertEquals(91L, (long)logonFrom.get(10, TimeUnit.SECONDS), "the peer read the operator's Logon");
            return exit;
        }
    }

    @Test
    void shouldNameTheReasonOfARefusedLogon() throws Exception
    {
        assertEquals(1, runAgainst(to ->
        {
            final UnsafeBuffer frame = new UnsafeBuffer(new byte[14 + SessionRejectEncoder.BLOCK_LENGTH]);
            new SessionRejectEncoder().wrapAndApplyHeader(frame, 6, new MessageHeaderEncoder())
                .reason(Reason.LOGON_THROTTLED).refTemplateId(1);
            frame.putInt(0, frame.capacity(), ByteOrder.BIG_ENDIAN);
            frame.putShort(4, (short)0xEB50, ByteOrder.BIG_ENDIAN);
            to.write(frame.byteArray());
            to.flush();
        }));
        assertEquals("settlement: logon refused for participant 91: LOGON_THROTTLED", err.toString().trim());
        assertEquals("", out.toString());
    }

    @Test
    void shouldSayWhenThePeerClosesWithoutAnAnswer() throws Exception
    {
        assertEquals(1, runAgainst(to -> { }, "--lift", "1"));
        assertEquals("settlement: the server closed the connection without an answer", err.toString().trim());
    }

    @Test
    void shouldSayWhenThePeerIsNotAGateway() throws Exception
    {
        assertEquals(1, runAgainst(to ->
        {
            to.write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            to.flush();
        }));
        assertTrue(err.toString().startsWith("settlement: not a settlement gateway ("), err.toString());
    }

    @Test
    void shouldRefuseALiftThatIsNeitherAnIdNorAnAddressBeforeConnecting()
    {
        assertEquals(1, SettlementCli.run(new PrintWriter(out, true), new PrintWriter(err, true),
            "lockouts", "--port", "1", "--as", "91", "--secret", "s", "--lift", "no such host"));
        assertEquals("settlement: --lift takes a participant id or an IP address, not 'no such host'", err.toString().trim());
    }
}
