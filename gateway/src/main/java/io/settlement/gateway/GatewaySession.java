package io.settlement.gateway;

import java.nio.ByteOrder;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.pipeline.Session;
import io.settlement.engine.pipeline.SessionRouter;
import io.settlement.engine.pipeline.SettlementPipeline;
import io.settlement.gateway.sbe.LogonDecoder;
import io.settlement.gateway.sbe.MessageHeaderDecoder;
import io.settlement.gateway.sbe.Reason;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One client connection: logon, then each request checked (framing, schema, template, block
 * length), translated into a ring slot with tryPublish (never blocking the event loop), and its
 * outcomes written back; pushes about the participant's deals too.
 *
 * <pre>
 *   event loop thread : frames in -> validate -> RequestTranslator -> Publisher.tryPublish
 *                       (BUSY / UNAVAILABLE answered at once; session errors: SessionReject, close)
 *   publish thread    : onReply / onPush -> ResponseEncoder -> this session's outbound batch
 *                       flush() at the end of each pipeline batch: one writeAndFlush
 * </pre>
 *
 * A client that stops reading lets Netty's outbound buffer grow to the configured high-water mark;
 * past it the session is closed with SLOW_CONSUMER, so no client can grow server memory without
 * bound. Other sessions and the engine carry on whatever one session does.
 */
final class GatewaySession extends ChannelInboundHandlerAdapter implements Session
{
    private final SettlementPipeline pipeline;
    private final SessionRouter router;
    private final Credentials credentials;

    // event loop side
    private final UnsafeBuffer inbound = new UnsafeBuffer(0, 0);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final LogonDecoder logon = new LogonDecoder();
    private final RequestTranslator translator = new RequestTranslator();
    private final ResponseEncoder immediate = new ResponseEncoder();
    private final Command command = new Command();
    private Channel channel;
    private SettlementPipeline.Publisher publisher;
    private long participantId = -1;
    private volatile boolean closing;

    // publish thread side
    private final ResponseEncoder outbound = new ResponseEncoder();
    private ByteBuf batch;

    GatewaySession(final SettlementPipeline pipeline, final SessionRouter router, final Credentials credentials)
    {
        this.pipeline = pipeline;
        this.router = router;
        this.credentials = credentials;
    }

    // ------------------------------------------------------------------ inbound (event loop)

    @Override
    public void channelActive(final ChannelHandlerContext ctx)
    {
        channel = ctx.channel();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        final ByteBuf frame = (ByteBuf)msg;
        try
        {
            if (!closing)
            {
                onFrame(frame);
            }
        }
        finally
        {
            frame.release();
        }
    }

    private void onFrame(final ByteBuf frame)
    {
        final int frameLength = frame.readableBytes();
        if (frameLength < Frames.HEADER_LENGTH)
        {
            reject(Reason.BAD_FRAME_LENGTH, 0);
            return;
        }
        Frames.wrap(inbound, frame);
        if ((inbound.getShort(4, ByteOrder.BIG_ENDIAN) & 0xFFFF) != Frames.SBE_LITTLE_ENDIAN)
        {
            reject(Reason.BAD_ENCODING_TYPE, 0);
            return;
        }
        header.wrap(inbound, Frames.SOFH_LENGTH);
        final int templateId = header.templateId();
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID || header.version() != MessageHeaderDecoder.SCHEMA_VERSION)
        {
            reject(Reason.WRONG_SCHEMA, templateId);
            return;
        }
        final int blockLength = Frames.requestBlockLength(templateId);
        if (blockLength == 0)
        {
            reject(Reason.UNKNOWN_TEMPLATE, templateId);
            return;
        }
        if (header.blockLength() != blockLength)
        {
            reject(Reason.BAD_BLOCK_LENGTH, templateId);
            return;
        }
        if (frameLength != Frames.HEADER_LENGTH + blockLength)
        {
            reject(Reason.BAD_FRAME_LENGTH, templateId);
            return;
        }
        if (templateId == LogonDecoder.TEMPLATE_ID)
        {
            onLogon();
            return;
        }
        if (publisher == null)
        {
            reject(Reason.NOT_LOGGED_ON, templateId);
            return;
        }
        if (!translator.translate(templateId, inbound, Frames.HEADER_LENGTH, participantId, command))
        {
            return; // a heartbeat: nothing to do but having read it (the idle timer restarts)
        }
        final io.settlement.engine.api.Reason published = publisher.tryPublish(command);
        if (published != io.settlement.engine.api.Reason.OK)
        {
            final int length = immediate.refusal(
                templateId, command.correlationId, command.clientDealId, Reason.get(published.code()));
            channel.writeAndFlush(channel.alloc().buffer(length).writeBytes(immediate.buffer().byteArray(), 0, length));
        }
    }

    private void onLogon()
    {
        if (publisher != null)
        {
            reject(Reason.ALREADY_LOGGED_ON, LogonDecoder.TEMPLATE_ID);
            return;
        }
        logon.wrap(inbound, Frames.HEADER_LENGTH, LogonDecoder.BLOCK_LENGTH, LogonDecoder.SCHEMA_VERSION);
        final long id = logon.participantId();
        final Credentials.Entry entry = credentials.verify(id, logon.secret().trim());
        if (entry == null)
        {
            reject(Reason.BAD_CREDENTIALS, LogonDecoder.TEMPLATE_ID);
            return;
        }
        participantId = id;
        publisher = pipeline.publisher(router.newSessionId());
        router.register(this);
        final int length = immediate.logonAccepted(logon.correlationId(), id, entry.role(), router.businessDate());
        channel.writeAndFlush(channel.alloc().buffer(length).writeBytes(immediate.buffer().byteArray(), 0, length));
    }

    /**
     * SessionReject, then close: the only answer to a request that is not well formed. The close
     * waits for the reject to be written, but no longer than {@link #REJECT_GRACE_MS}: a client that
     * does not read cannot keep a rejected connection open.
     */
    private void reject(final Reason reason, final int refTemplateId)
    {
        if (closing)
        {
            return;
        }
        closing = true;
        final int length = immediate.sessionReject(reason, refTemplateId);
        channel.writeAndFlush(channel.alloc().buffer(length).writeBytes(immediate.buffer().byteArray(), 0, length))
            .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
        channel.eventLoop().schedule(() -> channel.close(), REJECT_GRACE_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private static final long REJECT_GRACE_MS = 2_000;

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object event)
    {
        if (event instanceof IdleStateEvent)
        {
            reject(Reason.IDLE_TIMEOUT, 0);
        }
        else
        {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        final Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof TooLongFrameException || root instanceof CorruptedFrameException)
        {
            reject(Reason.BAD_FRAME_LENGTH, 0);
        }
        else
        {
            ctx.close();
        }
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx)
    {
        closing = true;
        if (publisher != null)
        {
            router.unregister(this);
        }
        ctx.fireChannelInactive();
    }

    // ------------------------------------------------------------------ outbound (publish thread)

    @Override
    public long sessionId()
    {
        return publisher.sessionId();
    }

    @Override
    public long participantId()
    {
        return participantId;
    }

    @Override
    public void onReply(final Event event, final DirectBuffer buffer, final int offset, final int length)
    {
        append(outbound.reply(event));
    }

    @Override
    public void onPush(final Event event, final DirectBuffer buffer, final int offset, final int length)
    {
        append(outbound.push(event));
    }

    private void append(final int length)
    {
        if (length == 0 || closing)
        {
            return;
        }
        if (batch == null)
        {
            batch = channel.alloc().directBuffer(Math.max(256, length));
        }
        batch.writeBytes(outbound.buffer().byteArray(), 0, length);
    }

    @Override
    public void flush()
    {
        if (batch == null)
        {
            return;
        }
        final ByteBuf out = batch;
        batch = null;
        if (closing)
        {
            out.release();
            return;
        }
        if (!channel.isWritable())
        {
            // the client has left more than the high-water mark unread: cut it off
            out.release();
            closing = true;
            final int length = outbound.sessionReject(Reason.SLOW_CONSUMER, 0);
            channel.writeAndFlush(channel.alloc().buffer(length).writeBytes(outbound.buffer().byteArray(), 0, length));
            channel.close();
            return;
        }
        channel.writeAndFlush(out, channel.voidPromise());
    }
}
