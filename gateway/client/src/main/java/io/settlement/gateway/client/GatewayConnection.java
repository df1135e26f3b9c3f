package io.settlement.gateway.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The connection under a {@link GatewayClient}: the channel and its event loop, the requests awaiting their
 * answers (by correlation id), the push listeners, and how the session ends. Requests are encoded by the
 * client and handed here as frames; answers are decoded on the event loop and complete their futures there.
 */
final class GatewayConnection implements AutoCloseable
{
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final long CLOSE_TIMEOUT_MILLIS = 3_000;

    private final EventLoopGroup group;
    private final Channel channel;
    private final ConcurrentHashMap<Long, CompletableFuture<Response>> pending = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<Response>> pushListeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Response> closed = new CompletableFuture<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    /** Set once the session is over (SessionReject received or channel inactive): new requests fail with it. */
    private volatile GatewayClosedException terminated;
    private volatile boolean autoFlush = true;
    /** Why the connection is closing (a malformed frame, an I/O error), if known; set on the event loop. */
    private volatile Throwable closeCause;
    /** The SessionReject received, if any; only touched on the event loop. */
    private Response sessionReject;
    /** Reports sent in several frames, joined; event loop only. */
    private final ReportFrames reportFrames = new ReportFrames();

    private GatewayConnection(final EventLoopGroup group, final Channel channel)
    {
        this.group = group;
        this.channel = channel;
    }

    static GatewayConnection connect(final String host, final int port, final SslContext sslContextOrNull)
        throws InterruptedException
    {
        final boolean epoll = Epoll.isAvailable();
        final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
            new DefaultThreadFactory("gateway-client", true),
            epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        try
        {
            final InboundHandler handler = new InboundHandler();
            final ChannelFuture registered = new Bootstrap()
                .group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .handler(new ChannelInitializer<SocketChannel>()
                {
                    @Override
                    protected void initChannel(final SocketChannel ch)
                    {
                        if (sslContextOrNull != null)
                        {
                            ch.pipeline().addLast("tls", sslContextOrNull.newHandler(ch.alloc(), host, port));
                        }
                        ch.pipeline()
                            .addLast("frames", new LengthFieldBasedFrameDecoder(GatewayClient.MAX_FRAME_LENGTH, 0, 4, -4, 0))
                            .addLast("responses", handler);
                    }
                })
                .register();
            registered.await();
            if (!registered.isSuccess())
            {
                throw failure("cannot register a channel", registered.cause());
            }
            final GatewayConnection connection = new GatewayConnection(group, registered.channel());
            handler.connection = connection; // before connecting: nothing can be read until then
            final ChannelFuture connect = registered.channel().connect(new InetSocketAddress(host, port));
            connect.await();
            if (!connect.isSuccess())
            {
                registered.channel().close();
                throw failure("connect to " + host + ":" + port + " failed", connect.cause());
            }
            final SslHandler tls = connect.channel().pipeline().get(SslHandler.class);
            if (tls != null)
            {
                tls.handshakeFuture().await();
                if (!tls.handshakeFuture().isSuccess())
                {
                    connect.channel().close();
                    throw failure("TLS handshake with " + host + ":" + port + " failed", tls.handshakeFuture().cause());
                }
            }
            return connection;
        }
        catch (final InterruptedException | RuntimeException | Error ex)
        {
            group.shutdownGracefully(0, CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            throw ex;
        }
    }

    private static RuntimeException failure(final String message, final Throwable cause)
    {
        return cause instanceof IOException io ?
            new UncheckedIOException(message + ": " + io.getMessage(), io) : new IllegalStateException(message, cause);
    }

    ByteBufAllocator alloc()
    {
        return channel.alloc();
    }

    void sendRaw(final byte[] bytes)
    {
        write(channel.alloc().ioBuffer(bytes.length).writeBytes(bytes));
    }

    void flush()
    {
        channel.flush();
    }

    void autoFlush(final boolean autoFlush)
    {
        this.autoFlush = autoFlush;
    }

    boolean autoFlush()
    {
        return autoFlush;
    }

    void onPush(final Consumer<Response> listener)
    {
        pushListeners.add(listener);
    }

    CompletableFuture<Response> closed()
    {
        return closed.copy();
    }

    int pendingRequests()
    {
        return pending.size();
    }

    boolean isActive()
    {
        return terminated == null && channel.isActive();
    }

    boolean isWritable()
    {
        return channel.isWritable();
    }

    @Override
    public void close()
    {
        if (!closing.compareAndSet(false, true))
        {
            return;
        }
        final ChannelFuture channelClosed = channel.close();
        final io.netty.util.concurrent.Future<?> shutdown =
            group.shutdownGracefully(0, CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        if (!channel.eventLoop().inEventLoop())
        {
            channelClosed.awaitUninterruptibly(CLOSE_TIMEOUT_MILLIS);
            shutdown.awaitUninterruptibly(CLOSE_TIMEOUT_MILLIS);
        }
    }

    /** Writes a frame nobody answers: the future completes (with null) once it is written. */
    CompletableFuture<Response> sendUnanswered(final ByteBuf frame)
    {
        final CompletableFuture<Response> future = new CompletableFuture<>();
        final GatewayClosedException t = terminated;
        if (t != null)
        {
            frame.release();
            future.completeExceptionally(t);
            return future;
        }
        write(frame).addListener(w ->
        {
            if (w.isSuccess())
            {
                future.complete(null);
            }
            else
            {
                future.completeExceptionally(writeFailed(w.cause()));
            }
        });
        return future;
    }

    CompletableFuture<Response> request(final long correlationId, final ByteBuf frame)
    {
        final CompletableFuture<Response> future = new CompletableFuture<>();
        GatewayClosedException t = terminated;
        if (t != null)
        {
            frame.release();
            future.completeExceptionally(t);
            return future;
        }
        pending.put(correlationId, future);
        t = terminated;
        if (t != null) // the session ended while registering: whoever removes the entry completes it
        {
            frame.release();
            fail(correlationId, t);
            return future;
        }
        write(frame).addListener(w ->
        {
            if (!w.isSuccess())
            {
                fail(correlationId, writeFailed(w.cause()));
            }
        });
        return future;
    }

    private ChannelFuture write(final ByteBuf frame)
    {
        return autoFlush ? channel.writeAndFlush(frame) : channel.write(frame);
    }

    /** A write failed: usually because the connection closed, so report why it closed if that is known. */
    private GatewayClosedException writeFailed(final Throwable cause)
    {
        final GatewayClosedException t = terminated;
        if (t != null)
        {
            return t;
        }
        final Throwable c = closeCause;
        return c != null ?
            new GatewayClosedException("connection closed: " + c, null, 0, c) :
            new GatewayClosedException("write failed: " + cause, null, 0, cause);
    }

    private void fail(final long correlationId, final GatewayClosedException ex)
    {
        final CompletableFuture<Response> future = pending.remove(correlationId);
        if (future != null)
        {
            future.completeExceptionally(ex);
        }
    }

    private void failAll(final GatewayClosedException ex)
    {
        for (final Long correlationId : pending.keySet())
        {
            fail(correlationId, ex);
        }
    }

    private void push(final Response response)
    {
        for (final Consumer<Response> listener : pushListeners)
        {
            try
            {
                listener.accept(response);
            }
            catch (final RuntimeException ignore)
            {
                // a listener's failure is its own; the session goes on
            }
        }
    }

    // ------------------------------------------------------------------------------ event loop side

    private void onResponse(final Response response)
    {
        if (response.type() == Response.Type.SESSION_REJECT)
        {
            final GatewayClosedException ex = new GatewayClosedException(
                "session rejected: " + response.reason() + " (refTemplateId " + response.refTemplateId() + ")",
                response.reason(), response.refTemplateId(), null);
            sessionReject = response;
            terminated = ex;
            failAll(ex);
            return;
        }
        final long correlationId = response.correlationId();
        final Response whole = reportFrames.join(response);
        if (whole == null)
        {
            return; // more frames of this report to come
        }
        final CompletableFuture<Response> future = correlationId == 0 ? null : pending.remove(correlationId);
        if (future != null)
        {
            future.complete(whole);
        }
        else
        {
            push(whole);
        }
    }

    private void onInactive()
    {
        final Throwable cause = closeCause;
        GatewayClosedException ex = terminated;
        if (ex == null)
        {
            ex = cause == null ?
                new GatewayClosedException("connection closed", null, 0, null) :
                new GatewayClosedException("connection closed: " + cause, null, 0, cause);
            terminated = ex;
        }
        failAll(ex);
        closed.complete(sessionReject);
    }

    /** Decodes frames into Responses and hands them to the client; closes quietly on anything malformed. */
    private static final class InboundHandler extends ChannelInboundHandlerAdapter
    {
        private final ResponseDecoder decoder = new ResponseDecoder();
        private volatile GatewayConnection connection;

        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg)
        {
            final ByteBuf frame = (ByteBuf)msg;
            final Response response;
            try
            {
                if (connection.closeCause != null)
                {
                    return; // closing after a malformed frame: ignore what was already buffered
                }
                response = decoder.decode(frame);
            }
            catch (final RuntimeException ex)
            {
                connection.closeCause = ex;
                ctx.close();
                return;
            }
            finally
            {
                frame.release();
            }
            connection.onResponse(response);
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable ex)
        {
            // a frame over the maximum, a TLS failure, a reset connection: end the session without logging
            if (connection.closeCause == null)
            {
                connection.closeCause = ex;
            }
            ctx.close();
        }

        @Override
        public void channelInactive(final ChannelHandlerContext ctx)
        {
            connection.onInactive();
            ctx.fireChannelInactive();
        }
    }
}

