package io.settlement.fix;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import quickfix.Message;
import quickfix.field.EncryptMethod;
import quickfix.field.HeartBtInt;
import quickfix.field.MsgSeqNum;
import quickfix.field.Password;
import quickfix.field.SenderCompID;
import quickfix.field.SendingTime;
import quickfix.field.TargetCompID;
import quickfix.field.Username;

/**
 * A FIX client on a plain socket that does only what a test tells it, for the moments a real engine passes too quickly:
 * it logs on, sends, stops reading or drops without a word. It reads only when told to ({@link #awaitText}).
 */
final class RawFixConnection implements AutoCloseable
{
    private final Socket socket;
    private final String compId;
    private final StringBuilder read = new StringBuilder();
    private int nextSeq = 1;

    RawFixConnection(final int port, final String compId) throws IOException
    {
        this.socket = new Socket("127.0.0.1", port);
        this.compId = compId;
    }

    /** Sends a Logon as participant {@code participantId} with its secret and a HeartBtInt of 60 s, and waits for ours. */
    void logOn(final long participantId) throws IOException
    {
        final quickfix.fix44.Logon logon = new quickfix.fix44.Logon(new EncryptMethod(0), new HeartBtInt(60));
        logon.set(new Username(Long.toString(participantId)));
        logon.set(new Password(FixFixture.secret(participantId)));
        send(logon);
        awaitText("\u000135=A\u0001", 20_000);
    }

    /** Sends {@code message} with our next sequence number. */
    void send(final Message message) throws IOException
    {
        message.getHeader().setString(8, FixConfig.BEGIN_STRING);
        message.getHeader().setString(SenderCompID.FIELD, compId);
        message.getHeader().setString(TargetCompID.FIELD, "SETTLEMENT");
        message.getHeader().setInt(MsgSeqNum.FIELD, nextSeq++);
        message.getHeader().setField(new SendingTime(LocalDateTime.now(ZoneOffset.UTC)));
        socket.getOutputStream().write(message.toString().getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** Reads until {@code text} has come (everything read so far counts); fails after {@code timeoutMs}. */
    void awaitText(final String text, final long timeoutMs) throws IOException
    {
        final long deadline = System.currentTimeMillis() + timeoutMs;
        final InputStream in = socket.getInputStream();
        final byte[] buffer = new byte[8192];
        while (read.indexOf(text) < 0)
        {
            final long left = deadline - System.currentTimeMillis();
            if (left <= 0)
            {
                throw new AssertionError("no " + text.replace('\u0001', '|') + " from the node in " + timeoutMs + " ms; read " + read);
            }
            socket.setSoTimeout((int) Math.max(1, left));
            try
            {
                final int n = in.read(buffer);
                if (n < 0)
                {
                    throw new AssertionError("the node closed the connection before " + text.replace('\u0001', '|') + "; read " + read);
                }
                read.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
            catch (final SocketTimeoutException ex)
            {
                // loop to the deadline
            }
        }
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }
}
