package io.settlement.gateway.client;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.ssl.SslContext;
import io.settlement.protocol.wire.CommandResultEncoder;
import io.settlement.protocol.wire.DealAcceptedEncoder;
import io.settlement.protocol.wire.DealSettledEncoder;
import io.settlement.protocol.wire.LimitKind;
import io.settlement.protocol.wire.LimitsReportEncoder;
import io.settlement.protocol.wire.LockoutKind;
import io.settlement.protocol.wire.LockoutsReportEncoder;
import io.settlement.protocol.wire.LogonAcceptedEncoder;
import io.settlement.protocol.wire.LogonDecoder;
import io.settlement.protocol.wire.MessageHeaderDecoder;
import io.settlement.protocol.wire.MessageHeaderEncoder;
import io.settlement.protocol.wire.QueryLimitsDecoder;
import io.settlement.protocol.wire.QueryLockoutsDecoder;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import io.settlement.protocol.wire.SessionRejectEncoder;
import io.settlement.protocol.wire.SubmitDealDecoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A stand-in gateway for the client's tests, written against the generated codecs directly (not the
 * client's encoder and decoder). It answers Logon with LogonAccepted (MEMBER, business date 20260102),
 * SubmitDeal with DealAccepted (dealId = clientDealId + 1000), QueryLimits with a two-line LimitsReport,
 * QueryLockouts at once (ahead of any reply held, as the gateway answers its own requests) with a LockoutsReport
 * listing {@link #LOCKOUT} of 3 in force, Heartbeat with nothing and every other request with CommandResult OK. Each connection records the raw
 * bytes it received and every frame, and can be told to push, reject, hold its replies or send bytes.
 */
final class StubGatewayServer implements AutoCloseable
{
    static final int BUSINESS_DATE = 20260102;
    static final LimitLine LINE_1 = new LimitLine(io.settlement.gateway.client.sbe.LimitKind.CREDIT, 2, 1_000_000, 250_000);
    static final LimitLine LINE_2 = new LimitLine(io.settlement.gateway.client.sbe.LimitKind.COUNTERPARTY, 7, 500, 0);
    static final LockoutLine LOCKOUT =
        new LockoutLine(io.settlement.gateway.client.sbe.LockoutKind.ADDRESS, 0, "10.0.0.5", 9, 1_800_000_000_000L);

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final BlockingQueue<Connection> connections = new LinkedBlockingQueue<>();
    private final Channel serverChannel;

    StubGatewayServer(final SslContext sslOrNull) throws InterruptedException
    {
        serverChannel = new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel ch)
                {
                    final Connection connection = new Connection(ch);
                    if (sslOrNull != null)
                    {
                        ch.pipeline().addLast(sslOrNull.newHandler(ch.alloc()));
                    }
                    ch.pipeline()
                        .addLast(connection.recorder)
                        .addLast(new LengthFieldBasedFrameDecoder(64 * 1024, 0, 4, -4, 0))
                        .addLast(connection.handler);
                    connections.add(connection);
                }
            })
            .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    int port()
    {
        return ((InetSocketAddress)serverChannel.localAddress()).getPort();
    }

    Connection awaitConnection() throws InterruptedException
    {
        final Connection connection = connections.poll(5, TimeUnit.SECONDS);
        if (connection == null)
        {
            throw new AssertionError("no connection within 5 s");
        }
        return connection;
    }

    @Override
    public void close()
    {
        serverChannel.close().awaitUninterruptibly(3_000);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
    }

    /** One accepted client connection. */
    static final class Connection
    {
        final Channel channel;
        /** Every complete frame received (SOFH included), in order. */
        final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
        private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
        /** Replies are held until this many are due; set above 1 to answer nothing before enough requests came. */
        volatile int flushEvery = 1;
        private final List<ByteBuf> held = new ArrayList<>();
        private boolean silent;
        private long sequence;

        private final ChannelInboundHandlerAdapter recorder = new ChannelInboundHandlerAdapter()
        {
            @Override
            public void channelRead(final ChannelHandlerContext ctx, final Object msg)
            {
                final ByteBuf bytes = (ByteBuf)msg;
                synchronized (raw)
                {
                    raw.write(ByteBufUtil.getBytes(bytes), 0, bytes.readableBytes());
                    raw.notifyAll();
                }
                ctx.fireChannelRead(msg);
            }
        };

        private final ChannelInboundHandlerAdapter handler = new ChannelInboundHandlerAdapter()
        {
            @Override
            public void channelRead(final ChannelHandlerContext ctx, final Object msg)
            {
                final ByteBuf frame = (ByteBuf)msg;
                try
                {
                    final byte[] bytes = ByteBufUtil.getBytes(frame);
                    frames.add(bytes);
                    answer(ctx, new UnsafeBuffer(bytes));
                }
                finally
                {
                    frame.release();
                }
            }

            @Override
            public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
            {
                ctx.close(); // e.g. garbage sent with sendRaw
            }
        };

        Connection(final Channel channel)
        {
            this.channel = channel;
        }

        /** Waits until at least {@code count} raw bytes have arrived and returns all of them. */
        byte[] awaitRawBytes(final int count, final long timeoutMillis) throws InterruptedException, TimeoutException
        {
            final long deadline = System.currentTimeMillis() + timeoutMillis;
            synchronized (raw)
            {
                while (raw.size() < count)
                {
                    final long left = deadline - System.currentTimeMillis();
                    if (left <= 0)
                    {
                        throw new TimeoutException("received " + raw.size() + " of " + count + " bytes");
                    }
                    raw.wait(left);
                }
                return raw.toByteArray();
            }
        }

        /** From now on answer nothing, and drop the replies held so far. */
        void silence()
        {
            channel.eventLoop().submit(() ->
            {
                silent = true;
                held.forEach(ByteBuf::release);
                held.clear();
            }).syncUninterruptibly();
        }

        void pushDealSettled(final long dealId, final long clientDealId, final int settlementDate)
        {
            final ExpandableArrayBuffer b = new ExpandableArrayBuffer(64);
            new DealSettledEncoder().wrapAndApplyHeader(b, 6, new MessageHeaderEncoder())
                .dealId(dealId).clientDealId(clientDealId).settlementDate(settlementDate);
            channel.writeAndFlush(frame(b, DealSettledEncoder.BLOCK_LENGTH));
        }

        void rejectAndClose(final Reason reason, final int refTemplateId)
        {
            final ExpandableArrayBuffer b = new ExpandableArrayBuffer(64);
            new SessionRejectEncoder().wrapAndApplyHeader(b, 6, new MessageHeaderEncoder())
                .reason(reason).refTemplateId(refTemplateId);
            channel.writeAndFlush(frame(b, SessionRejectEncoder.BLOCK_LENGTH)).addListener(ChannelFutureListener.CLOSE);
        }

        void sendBytes(final byte[] bytes)
        {
            channel.writeAndFlush(channel.alloc().buffer(bytes.length).writeBytes(bytes));
        }

        private void answer(final ChannelHandlerContext ctx, final UnsafeBuffer in)
        {
            final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(in, 6);
            final int templateId = header.templateId();
            final long correlationId = in.getLong(14, ByteOrder.LITTLE_ENDIAN);
            final ExpandableArrayBuffer b = new ExpandableArrayBuffer(128);
            final MessageHeaderEncoder headerOut = new MessageHeaderEncoder();
            final int blockLength;
            switch (templateId)
            {
                case LogonDecoder.TEMPLATE_ID ->
                {
                    final LogonDecoder logon = new LogonDecoder().wrapAndApplyHeader(in, 6, header);
                    new LogonAcceptedEncoder().wrapAndApplyHeader(b, 6, headerOut).correlationId(correlationId)
                        .participantId(logon.participantId()).role(Role.MEMBER).businessDate(BUSINESS_DATE);
                    blockLength = LogonAcceptedEncoder.BLOCK_LENGTH;
                }
                case 2 ->
                {
                    return; // Heartbeat: no reply
                }
                case SubmitDealDecoder.TEMPLATE_ID ->
                {
                    final SubmitDealDecoder submit = new SubmitDealDecoder().wrapAndApplyHeader(in, 6, header);
                    new DealAcceptedEncoder().wrapAndApplyHeader(b, 6, headerOut).correlationId(correlationId)
                        .clientDealId(submit.clientDealId()).dealId(submit.clientDealId() + 1000)
                        .sequence(++sequence);
                    blockLength = DealAcceptedEncoder.BLOCK_LENGTH;
                }
                case QueryLimitsDecoder.TEMPLATE_ID ->
                {
                    final QueryLimitsDecoder query = new QueryLimitsDecoder().wrapAndApplyHeader(in, 6, header);
                    final LimitsReportEncoder report = new LimitsReportEncoder().wrapAndApplyHeader(b, 6, headerOut)
                        .correlationId(correlationId).participantId(query.participantId());
                    final LimitsReportEncoder.LimitsEncoder lines = report.limitsCount(2);
                    for (final LimitLine line : new LimitLine[] {LINE_1, LINE_2})
                    {
                        lines.next().limitKind(LimitKind.get(line.limitKind().value())).key(line.key()).limit(line.limit())
                            .utilised(line.utilised());
                    }
                    blockLength = report.encodedLength();
                }
                case QueryLockoutsDecoder.TEMPLATE_ID ->
                {
                    final LockoutsReportEncoder report = new LockoutsReportEncoder().wrapAndApplyHeader(b, 6, headerOut)
                        .correlationId(correlationId).total(3);
                    report.lockoutsCount(1).next().kind(LockoutKind.get(LOCKOUT.kind().value()))
                        .participantId(LOCKOUT.participantId()).address(LOCKOUT.address()).failures(LOCKOUT.failures())
                        .lockedUntil(LOCKOUT.lockedUntilMs());
                    if (!silent)
                    {
                        ctx.writeAndFlush(frame(b, report.encodedLength()));
                    }
                    return;
                }
                default ->
                {
                    new CommandResultEncoder().wrapAndApplyHeader(b, 6, headerOut).correlationId(correlationId)
                        .refTemplateId(templateId).result(Reason.OK);
                    blockLength = CommandResultEncoder.BLOCK_LENGTH;
                }
            }
            if (silent)
            {
                return;
            }
            held.add(frame(b, blockLength));
            if (held.size() >= flushEvery)
            {
                held.forEach(ctx::write);
                held.clear();
                ctx.flush();
            }
        }

        /** Completes the SOFH in front of an SBE message encoded at offset 6 of {@code b}. */
        private ByteBuf frame(final ExpandableArrayBuffer b, final int blockLength)
        {
            final int length = 6 + MessageHeaderEncoder.ENCODED_LENGTH + blockLength;
            b.putInt(0, length, ByteOrder.BIG_ENDIAN);
            b.putShort(4, (short)0xEB50, ByteOrder.BIG_ENDIAN);
            return channel.alloc().buffer(length).writeBytes(b.byteArray(), 0, length);
        }
    }
}
