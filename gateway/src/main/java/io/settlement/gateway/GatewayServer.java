package io.settlement.gateway;

import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.settlement.engine.pipeline.CommandIntake;
import io.settlement.engine.pipeline.SessionRouter;

/**
 * The binary gateway: a Netty server (native epoll when available) in front of the pipeline (or of a cluster:
 * whatever {@link CommandIntake} it is given).
 *
 * <pre>
 *   [TLS] -> SOFH frames (FrameReader, max frame size) -> idle timer -> GatewaySession -> ring
 *                                                                    \-> logon verifier (PBKDF2 pool)
 * </pre>
 *
 * Logons are throttled per participant id and per remote address ({@link LogonThrottle}); security
 * events go to the configured {@link SecurityLog}, repeats summarised ({@link SecurityEvents}).
 */
public final class GatewayServer implements AutoCloseable
{
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel serverChannel;
    private final GatewayContext context;

    private GatewayServer(final CommandIntake intake, final SessionRouter router, final GatewayConfig config)
        throws InterruptedException
    {
        config.conclude();
        context = new GatewayContext(intake, router, config);
        final boolean epoll = Epoll.isAvailable();
        // named, so a thread dump (or an allocation count) tells the gateway's threads from others
        boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("settlement-gateway-accept"),
            epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("settlement-gateway-io"),
            epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        final Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        final int lowWater = Math.max(1, config.outboundHighWaterBytes / 2);
        serverChannel = new ServerBootstrap()
            .group(boss, workers)
            .channel(channelType)
            .childOption(ChannelOption.TCP_NODELAY, true)
            // the pooled allocator's frame slices are recycled; the adaptive one (Netty 4.2's default)
            // allocates a slice object per frame on the event loop (about 40 B a request, measured)
            .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(lowWater, config.outboundHighWaterBytes))
            .childHandler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel channel)
                {
                    final ChannelPipeline p = channel.pipeline();
                    if (config.ssl != null)
                    {
                        p.addLast("tls", config.ssl.newHandler(channel.alloc()));
                    }
                    // SOFH: uint32 big-endian length of the whole frame, header included; the frames of a
                    // read passed on together, read in place by the session
                    p.addLast("frames", new FrameReader(config.maxFrameBytes));
                    p.addLast("idle", new IdleStateHandler(config.idleTimeoutMs, 0, 0, TimeUnit.MILLISECONDS));
                    p.addLast("session", new GatewaySession(context));
                }
            })
            .bind(config.host, config.port).sync().channel();
        // summaries of repeated security events, once their window has passed
        boss.scheduleAtFixedRate(context.events::sweep, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Binds and starts serving; the intake and router belong to the caller (a SettlementNode's pipeline, or a cluster intake).
     *
     * @throws io.settlement.engine.config.SettingException when a setting of {@code config} is out of
     * range (named; nothing is started).
     */
    public static GatewayServer start(final CommandIntake intake, final SessionRouter router, final GatewayConfig config)
        throws InterruptedException
    {
        return new GatewayServer(intake, router, config);
    }

    /** The port bound (useful with port 0). */
    /**
     * How this server's participants log on, for another channel of the same node (the HTTP API):
     * the same credentials, the same throttle and the same security log.
     */
    public Authenticator authenticator()
    {
        return context.authenticator;
    }

    public int port()
    {
        return ((java.net.InetSocketAddress)serverChannel.localAddress()).getPort();
    }

    /** The gateway's counters: connections, sessions, logons, lockouts, session errors (read by any thread). */
    public GatewayCounters counters()
    {
        return context.counters;
    }

    /** Lockouts in force now (participants and addresses). */
    public int lockoutsInForce()
    {
        return context.throttle.lockouts(context.nowMs()).size();
    }

    /** Stops accepting, closes every session, stops the event loops. */
    @Override
    public void close()
    {
        serverChannel.close().syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        context.close();
    }
}
