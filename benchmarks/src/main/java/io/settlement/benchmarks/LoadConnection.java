package io.settlement.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.settlement.gateway.client.RequestEncoder;
import io.settlement.gateway.client.ResponseDecoder;
import io.settlement.gateway.client.sbe.DealType;
import io.settlement.gateway.client.sbe.LogonAcceptedDecoder;
import io.settlement.gateway.client.sbe.MessageHeaderDecoder;
import io.settlement.gateway.client.sbe.SubmitDealEncoder;
import io.settlement.gateway.client.shaded.agrona.concurrent.UnsafeBuffer;

/** One connection: its member, its frames encoded up front, its send buffer and its scheduled times. */
final class LoadConnection
{
    /** Deals encoded up front, cycled through. */
    private static final int TABLE = 4_096;
    /** Scheduled times kept, by correlationId: the most requests the connection may have unanswered. */
    static final int RING = 1 << 18;
    private static final int HEADERS = ResponseDecoder.HEADERS_LENGTH;

    final long memberId;
    SocketChannel channel;
    private final byte[] frames;
    private final int frameLength;
    final ByteBuffer out = ByteBuffer.allocateDirect(1 << 18);
    private final UnsafeBuffer outView = new UnsafeBuffer(out);
    final ByteBuffer in = ByteBuffer.allocateDirect(1 << 20);
    final UnsafeBuffer inView = new UnsafeBuffer(in);
    private final SubmitDealEncoder submitDeal = new SubmitDealEncoder();
    /** Each request's scheduled send time by correlationId; written by the sender, read by the receiver. */
    final AtomicLongArray scheduledNs = new AtomicLongArray(RING);
    private long nextCorrelationId = 2; // 1: the logon
    private long nextClientDealId;
    long sent;
    /** Answers received; written by the receiver only. */
    private final AtomicLong answered = new AtomicLong();

    LoadConnection(final long memberId, final long clientDealIdBase)
    {
        this.memberId = memberId;
        this.nextClientDealId = clientDealIdBase;
        final RequestEncoder encoder = new RequestEncoder();
        final SplittableRandom random = new SplittableRandom(memberId);
        byte[] table = null;
        int length = 0;
        for (int i = 0; i < TABLE; i++)
        {
            long seller = Market.memberId(random.nextInt(LoadServer.MEMBERS));
            if (seller == memberId)
            {
                seller = Market.memberId((int)(memberId % LoadServer.MEMBERS));
            }
            final ByteBuf frame = encoder.submitDeal(UnpooledByteBufAllocator.DEFAULT, 0, 0, memberId, seller,
                Market.FIRST_SECURITY + random.nextInt(Market.SECURITIES), random.nextBoolean() ? Market.USD : Market.EUR,
                1 + random.nextInt(256), 100 + random.nextInt(16_384), Market.FIRST_DATE, DealType.DVP);
            if (table == null)
            {
                length = frame.readableBytes();
                table = new byte[length * TABLE];
            }
            frame.readBytes(table, i * length, length);
            frame.release();
        }
        frames = table;
        frameLength = length;
    }

    long answered()
    {
        return answered.get();
    }

    void answered(final long count)
    {
        answered.lazySet(count);
    }

    /** Logs on (blocking), then leaves the channel non-blocking for the selector. */
    void logon(final String host, final int port, final String secret) throws IOException
    {
        channel = SocketChannel.open(new InetSocketAddress(host, port));
        channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
        final ByteBuf frame = new RequestEncoder().logon(UnpooledByteBufAllocator.DEFAULT, 1, memberId, secret);
        final ByteBuffer request = ByteBuffer.allocate(frame.readableBytes());
        frame.readBytes(request);
        frame.release();
        request.flip();
        while (request.hasRemaining())
        {
            channel.write(request);
        }
        final ByteBuffer answer = ByteBuffer.allocate(256);
        while (answer.position() < 4 || answer.position() < answer.getInt(0))
        {
            if (channel.read(answer) < 0)
            {
                throw new IOException("member " + memberId + ": the gateway closed the connection during logon");
            }
        }
        final MessageHeaderDecoder header = new MessageHeaderDecoder()
            .wrap(new UnsafeBuffer(answer.array()), ResponseDecoder.SOFH_LENGTH);
        if (header.templateId() != LogonAcceptedDecoder.TEMPLATE_ID)
        {
            throw new IOException("member " + memberId + ": logon refused (template " + header.templateId() + ")");
        }
        channel.configureBlocking(false);
    }

    /**
     * Appends the next deal to the send buffer, remembering {@code scheduledNs} against its
     * correlationId; false, and nothing sent, when the buffer or the ring is full.
     */
    boolean append(final long scheduled)
    {
        if (sent - answered() >= RING)
        {
            return false;
        }
        if (out.remaining() < frameLength)
        {
            flush();
            if (out.remaining() < frameLength)
            {
                return false;
            }
        }
        final long correlationId = nextCorrelationId++;
        scheduledNs.set((int)(correlationId & (RING - 1)), scheduled);
        final int position = out.position();
        outView.putBytes(position, frames, (int)(sent & (TABLE - 1)) * frameLength, frameLength);
        submitDeal.wrap(outView, position + HEADERS).correlationId(correlationId).clientDealId(nextClientDealId++);
        out.position(position + frameLength);
        sent++;
        return true;
    }

    /** Writes what the socket takes now. */
    void flush()
    {
        if (out.position() == 0)
        {
            return;
        }
        out.flip();
        try
        {
            channel.write(out);
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException("member " + memberId + ": write failed", ex);
        }
        out.compact();
    }
}
