package io.settlement.gateway;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

import io.settlement.protocol.wire.MessageHeaderDecoder;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A plain blocking socket speaking raw SOFH frames, below any client library: what a test needs to
 * send exactly the bytes it means (several frames in one write, damaged frames) and to see every
 * frame the server answers, in order, then the end of the stream.
 */
final class RawSession implements AutoCloseable
{
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawSession(final int port) throws IOException
    {
        this(port, "127.0.0.1");
    }

    /** Connects from {@code localAddress} (any 127.x.y.z on Linux loopback): another client address. */
    RawSession(final int port, final String localAddress) throws IOException
    {
        socket = new Socket();
        socket.bind(new java.net.InetSocketAddress(localAddress, 0));
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Writes {@code bytes} in one call (one TCP write on loopback). */
    RawSession send(final byte[] bytes) throws IOException
    {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** The next frame the server sends, SOFH included; null at the end of the stream. */
    UnsafeBuffer next() throws IOException
    {
        final int length;
        try
        {
            length = in.readInt();
        }
        catch (final EOFException end)
        {
            return null;
        }
        final byte[] frame = new byte[length];
        frame[0] = (byte)(length >>> 24);
        frame[1] = (byte)(length >>> 16);
        frame[2] = (byte)(length >>> 8);
        frame[3] = (byte)length;
        in.readFully(frame, 4, length - 4);
        return new UnsafeBuffer(frame);
    }

    /** Whether the server has closed the connection (within the read timeout). */
    boolean atEndOfStream() throws IOException
    {
        try
        {
            return in.read() < 0;
        }
        catch (final SocketTimeoutException stillOpen)
        {
            return false;
        }
        catch (final java.net.SocketException reset)
        {
            return true;
        }
    }

    /** The reason of a SessionReject or the result of a CommandResult; fails on any other frame. */
    static io.settlement.protocol.wire.Reason reason(final UnsafeBuffer frame)
    {
        final int templateId = templateId(frame);
        if (templateId == io.settlement.protocol.wire.SessionRejectDecoder.TEMPLATE_ID)
        {
            return new io.settlement.protocol.wire.SessionRejectDecoder()
                .wrap(frame, Frames.HEADER_LENGTH, io.settlement.protocol.wire.SessionRejectDecoder.BLOCK_LENGTH, 1).reason();
        }
        if (templateId == io.settlement.protocol.wire.CommandResultDecoder.TEMPLATE_ID)
        {
            return new io.settlement.protocol.wire.CommandResultDecoder()
                .wrap(frame, Frames.HEADER_LENGTH, io.settlement.protocol.wire.CommandResultDecoder.BLOCK_LENGTH, 1).result();
        }
        throw new AssertionError("not a SessionReject or CommandResult: template " + templateId);
    }

    static int templateId(final UnsafeBuffer frame)
    {
        return new MessageHeaderDecoder().wrap(frame, Frames.SOFH_LENGTH).templateId();
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }
}
