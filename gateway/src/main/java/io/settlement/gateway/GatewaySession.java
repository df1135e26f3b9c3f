package io.settlement.gateway;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import io.settlement.engine.pipeline.CommandPublisher;
import io.settlement.engine.pipeline.Session;
import io.settlement.gateway.SecurityEvents.Kind;
import io.settlement.protocol.wire.HeartbeatDecoder;
import io.settlement.protocol.wire.LogonDecoder;
import io.settlement.protocol.wire.MessageHeaderDecoder;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import io.settlement.protocol.wire.SubmitDealDecoder;
import io.settlement.protocol.wire.SubmitInstructionDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One client connection: logon, then each request checked (framing, schema, template, block
 * length), its block copied into a ring slot as it came with tryPublishWire (never blocking the event
 * loop; the engine decodes and authorises it), and its outcomes written back; pushes about the
 * participant's deals too.
 *
 * <pre>
 *   event loop thread : frames in (each read where it lies) -> validate -> Publisher.tryPublishWire (the bytes into a ring slot)
 *                       (BUSY / UNAVAILABLE answered at once: gathered over one read of the socket and
 *                        written with one flush at its end; session errors: stop reading, then
 *                        SessionReject once every request taken is answered, then close)
 *   logon verifier    : Logon -> throttle check (event loop) -> PBKDF2 (verifier thread)
 *                       -> LogonAccepted or SessionReject (event loop); frames that came meanwhile wait
 *   publish thread    : onReply / onPush (the outcome's bytes) -> ResponseEncoder -> this session's outbound batch
 *                       written every 64 KiB at most, and flush() at the end of each pipeline batch
 * </pre>
 *
 * A session error (a frame that is not a well-formed request, a failed logon, the idle timeout)
 * stops the session taking frames; the requests it has already published are answered, in order,
 * then SessionReject is sent and the connection closed (after at most {@link #DRAIN_WAIT_MS} for
 * those answers). A client that stops reading lets Netty's outbound buffer grow to the configured
 * high-water mark; past it the session is closed with SLOW_CONSUMER, so no client can grow server
 * memory without bound. Other sessions and the engine carry on whatever one session does.
 */
final class GatewaySession extends ChannelInboundHandlerAdapter implements Session
{
    /** Longest wait for the answers to requests taken before a session error. */
    static final long DRAIN_WAIT_MS = 5_000;
    /** Longest wait for a SessionReject to be written before the connection is closed anyway. */
    private static final long REJECT_GRACE_MS = 2_000;

    private final GatewayContext context;

    // event loop side
    /** The frames of the read being taken ({@link #readFrames}). */
    private final UnsafeBuffer read = new UnsafeBuffer(0, 0);
    /** The frame being taken: a view of {@link #read}. */
    private final UnsafeBuffer inbound = new UnsafeBuffer(0, 0);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final LogonDecoder logon = new LogonDecoder();
    private final byte[] secretField = new byte[LogonDecoder.secretLength()];
    private final OperatorRequests operator = new OperatorRequests();
    private final ResponseEncoder immediate = new ResponseEncoder();
    private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();
    /**
     * Answers given at once (BUSY, UNAVAILABLE, the gateway's own requests, LogonAccepted) since the last
     * flush: written together at the end of the read that brought their requests, so that a burst of
     * refusals costs one write and one system call, not one each.
     */
    private ByteBuf immediateBatch;
    private Channel channel;
    private String address = "unknown";
    private int port;
    private CommandPublisher publisher;
    /** The wire protocol version this session speaks: its Logon's (1 to 4); 0 before the Logon. */
    private int wireVersion;
    private volatile long participantId = -1;
    private Role role;
    private boolean logonPending;
    /** A framing error met while the logon was pending: it comes after the frames held before it. */
    private Reason heldFailure;
    private Reason rejectReason;
    private int rejectTemplateId;
    private boolean rejectSent;

    // both sides
    /** Requests published whose last outcome has not been written yet. */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** A session error happened: no more frames are taken; SessionReject follows the answers in flight. */
    private volatile boolean draining;
    /** SessionReject sent or the connection gone: nothing more is written. */
    private volatile boolean closing;

    // publish thread side
    private final ResponseEncoder outbound = new ResponseEncoder();
    private ByteBuf batch;
    private int answered;

    GatewaySession(final GatewayContext context)
    {
        this.context = context;
    }

    // ------------------------------------------------------------------ inbound (event loop)

    @Override
    public void channelActive(final ChannelHandlerContext ctx)
    {
        channel = ctx.channel();
        final SocketAddress remote = channel.remoteAddress();
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null)
        {
            address = inet.getAddress().getHostAddress();
            port = inet.getPort();
        }
        context.counters.connectionOpened();
        ctx.fireChannelActive();
    }

    /** @param msg whole frames, one after the other, as {@link FrameReader} passes them on */
    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        final ByteBuf frames = (ByteBuf)msg;
        try
        {
            readFrames(frames, false);
        }
        finally
        {
            frames.release();
        }
    }

    /**
     * Takes the frames of {@code frames} in turn, where they lie, until a session error; while a logon
     * is pending the rest is held (at the head of the frames held when it came from them), to be taken in
     * order once the logon is decided. Not re-entered: the frames held are taken ({@link #onVerified}) only
     * after a logon that was pending, from a task of the event loop of their own.
     */
    private void readFrames(final ByteBuf frames, final boolean wasHeld)
    {
        final int start = frames.readerIndex();
        final int end = frames.writerIndex();
        Frames.wrap(read, frames, start, end - start); // once per read: each frame is then a view of it
        int position = 0;
        while (start + position < end)
        {
            if (draining || closing)
            {
                return; // nothing after a session error is taken (nor after a framing error: FrameReader reads no further)
            }
            if (logonPending)
            {
                final ByteBuf rest = frames.retainedSlice(start + position, end - start - position);
                if (wasHeld)
                {
                    held.addFirst(rest);
                }
                else
                {
                    held.addLast(rest);
                }
                return;
            }
            final int frameLength = read.getInt(position, ByteOrder.BIG_ENDIAN); // whole and checked (FrameReader)
            onFrame(position, frameLength);
            position += frameLength;
        }
    }

    /** The frame of {@code frameLength} bytes at {@code position} in {@link #read}. */
    private void onFrame(final int position, final int frameLength)
    {
        if (frameLength < Frames.HEADER_LENGTH)
        {
            fail(Reason.BAD_FRAME_LENGTH, 0);
            return;
        }
        inbound.wrap(read, position, frameLength);
        if ((inbound.getShort(4, ByteOrder.BIG_ENDIAN) & 0xFFFF) != Frames.SBE_LITTLE_ENDIAN)
        {
            fail(Reason.BAD_ENCODING_TYPE, 0);
            return;
        }
        header.wrap(inbound, Frames.SOFH_LENGTH);
        final int templateId = header.templateId();
        final int version = header.version();
        if (wireVersion == 0 && version >= Frames.FIRST_WIRE_VERSION && version <= MessageHeaderDecoder.SCHEMA_VERSION)
        {
            immediate.wireVersion(version); // a refusal before the Logon in the version the client speaks
        }
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID
            || (wireVersion == 0 ? version < Frames.FIRST_WIRE_VERSION || version > MessageHeaderDecoder.SCHEMA_VERSION : version != wireVersion))
        {
            fail(Reason.WRONG_SCHEMA, templateId);
            return;
        }
        final int blockLength = Frames.requestBlockLength(templateId, version);
        if (blockLength == 0)
        {
            fail(Reason.UNKNOWN_TEMPLATE, templateId);
            return;
        }
        if (header.blockLength() != blockLength)
        {
            fail(Reason.BAD_BLOCK_LENGTH, templateId);
            return;
        }
        if (frameLength != Frames.HEADER_LENGTH + blockLength)
        {
            fail(Reason.BAD_FRAME_LENGTH, templateId);
            return;
        }
        if (templateId == LogonDecoder.TEMPLATE_ID)
        {
            if (publisher == null && !logonPending)
            {
                // the session speaks the Logon's version from here on, both ways
                wireVersion = version;
                immediate.wireVersion(version);
                outbound.wireVersion(version);
            }
            onLogon();
            return;
        }
        if (publisher == null)
        {
            fail(Reason.NOT_LOGGED_ON, templateId);
            return;
        }
        if (OperatorRequests.handles(templateId))
        {
            // answered here, at once, like BUSY: the gateway's own state, not the engine's
            write(operator.answer(templateId, inbound, Frames.HEADER_LENGTH, role, participantId, address, context, immediate));
            return;
        }
        if (templateId == HeartbeatDecoder.TEMPLATE_ID)
        {
            return; // nothing to do but having read it (the idle timer restarts)
        }
        final int keyOffset = templateId == SubmitDealDecoder.TEMPLATE_ID ? SubmitDealDecoder.clientDealIdEncodingOffset()
            : templateId == SubmitInstructionDecoder.TEMPLATE_ID ? SubmitInstructionDecoder.clientRefEncodingOffset() : -1;
        if (keyOffset >= 0 && blockLength >= keyOffset + Long.BYTES
            && ClientDealIds.isFixChannels(inbound.getLong(Frames.HEADER_LENGTH + keyOffset, ByteOrder.LITTLE_ENDIAN)))
        {
            // the FIX channel's clientDealIds and clientRefs: refused here, so that no deal or instruction can take one
            write(immediate.refusal(templateId, inbound.getLong(Frames.HEADER_LENGTH, ByteOrder.LITTLE_ENDIAN),
                inbound.getLong(Frames.HEADER_LENGTH + keyOffset, ByteOrder.LITTLE_ENDIAN), Reason.INVALID_FIELD));
            return;
        }
        inFlight.incrementAndGet();
        // the request's bytes go into the ring slot as they came, behind the submitter: nothing is decoded
        final Reason published = publisher.tryPublishWire(templateId, participantId, inbound, Frames.HEADER_LENGTH, blockLength);
        if (published != Reason.OK)
        {
            inFlight.decrementAndGet();
            final long correlationId = inbound.getLong(Frames.HEADER_LENGTH, ByteOrder.LITTLE_ENDIAN); // first in every request
            final long clientDealId = templateId == SubmitDealDecoder.TEMPLATE_ID ?
                inbound.getLong(Frames.HEADER_LENGTH + SubmitDealDecoder.clientDealIdEncodingOffset(), ByteOrder.LITTLE_ENDIAN) : 0;
            write(immediate.refusal(templateId, correlationId, clientDealId, published));
        }
    }

    /**
     * Writes an answer given at once (BUSY, UNAVAILABLE, the gateway's own requests, LogonAccepted) from the
     * event loop. The high-water mark counts these too: a client that leaves them unread is cut off like one
     * that leaves the pipeline's answers unread.
     */
    private void write(final int length)
    {
        if (!channel.isWritable())
        {
            flushImmediate(); // the answers before it, then the cut
            cutSlowConsumer(immediate);
            return;
        }
        if (immediateBatch == null)
        {
            immediateBatch = channel.alloc().buffer(Math.max(256, length));
        }
        immediateBatch.writeBytes(immediate.buffer().byteArray(), 0, length);
        if (immediateBatch.readableBytes() >= context.batchChunkBytes)
        {
            flushImmediate(); // a long read: the high-water mark applies as the answers come, as for the pipeline's
        }
    }

    /** Writes and flushes the answers given at once since the last flush (event loop). */
    private void flushImmediate()
    {
        final ByteBuf out = immediateBatch;
        if (out == null)
        {
            return;
        }
        immediateBatch = null;
        if (closing)
        {
            out.release();
            return;
        }
        channel.writeAndFlush(out, channel.voidPromise());
    }

    @Override
    public void channelReadComplete(final ChannelHandlerContext ctx)
    {
        flushImmediate();
        ctx.fireChannelReadComplete();
    }

    private void onLogon()
    {
        if (publisher != null)
        {
            fail(Reason.ALREADY_LOGGED_ON, LogonDecoder.TEMPLATE_ID);
            return;
        }
        logon.wrap(inbound, Frames.HEADER_LENGTH, LogonDecoder.BLOCK_LENGTH, LogonDecoder.SCHEMA_VERSION);
        final long id = logon.participantId();
        final long correlationId = logon.correlationId();
        logon.getSecret(secretField, 0);
        final CompletableFuture<Authenticator.Result> result = context.authenticator.logOn(
            id, Credentials.secretFromField(secretField), address);
        if (result.isDone())
        {
            onVerified(id, correlationId, result.join());
            return;
        }
        logonPending = true;
        channel.config().setAutoRead(false);
        result.thenAccept(verified ->
        {
            try
            {
                channel.eventLoop().execute(() -> onVerified(id, correlationId, verified));
            }
            catch (final RejectedExecutionException stopping)
            {
                // the server is closing
            }
        });
    }

    /** The logon's outcome, back on the event loop. */
    private void onVerified(final long id, final long correlationId, final Authenticator.Result verified)
    {
        logonPending = false;
        if (!verified.ok())
        {
            failLogon(verified.reason());
            return;
        }
        final Credentials.Entry entry = verified.entry();
        if (closing || draining || !channel.isActive())
        {
            releaseHeld();
            return;
        }
        participantId = id;
        role = entry.role();
        publisher = context.intake.publisher(context.router.newSessionId());
        context.router.register(this);
        context.counters.loggedOn();
        write(immediate.logonAccepted(correlationId, id, entry.role(), context.router.businessDate()));
        context.authenticator.loggedOn(id, address, " (" + entry.role() + ", port " + port + ", session " + publisher.sessionId() + ")");
        channel.config().setAutoRead(true);
        while (!held.isEmpty() && !draining && !closing && !logonPending)
        {
            final ByteBuf frames = held.poll();
            try
            {
                readFrames(frames, true);
            }
            finally
            {
                frames.release();
            }
        }
        releaseHeld();
        // LogonAccepted and the answers given at once to the frames held: written before any answer the
        // pipeline gives (the publish thread's writes reach this event loop as tasks, run after this one)
        flushImmediate();
        if (heldFailure != null)
        {
            final Reason failure = heldFailure;
            heldFailure = null;
            fail(failure, 0);
        }
    }

    private void failLogon(final Reason reason)
    {
        end(reason, LogonDecoder.TEMPLATE_ID);
    }

    /** A frame that is not a well-formed request of the schema: logged, then {@link #end}. */
    private void fail(final Reason reason, final int refTemplateId)
    {
        if (draining || closing)
        {
            return;
        }
        context.events.record(Kind.PROTOCOL_REJECT, SecurityEvents.who(participantId, address),
            ": " + reason + " (template " + refTemplateId + ")");
        end(reason, refTemplateId);
    }

    /**
     * Stops taking frames, then sends SessionReject and closes once every request published is
     * answered (at most {@link #DRAIN_WAIT_MS} later). The reject is always written from a task queued
     * on the event loop, so it follows any answers the publish thread has already handed to it.
     */
    private void end(final Reason reason, final int refTemplateId)
    {
        if (draining || closing)
        {
            return;
        }
        rejectReason = reason;
        rejectTemplateId = refTemplateId;
        draining = true;
        channel.config().setAutoRead(false);
        releaseHeld();
        if (inFlight.get() == 0)
        {
            channel.eventLoop().execute(this::sendReject);
        }
        else
        {
            // flush() queues sendReject when the last answer is written; this bounds the wait
            channel.eventLoop().schedule(this::sendReject, DRAIN_WAIT_MS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * SessionReject, then close. The close waits for the reject to be written, but no longer than
     * {@link #REJECT_GRACE_MS}: a client that does not read cannot keep a rejected connection open.
     */
    private void sendReject()
    {
        if (rejectSent || closing)
        {
            return;
        }
        flushImmediate(); // anything answered at once goes before the reject
        rejectSent = true;
        closing = true;
        final int length = immediate.sessionReject(rejectReason, rejectTemplateId);
        channel.writeAndFlush(channel.alloc().buffer(length).writeBytes(immediate.buffer().byteArray(), 0, length))
            .addListener(ChannelFutureListener.CLOSE);
        channel.eventLoop().schedule(() -> channel.close(), REJECT_GRACE_MS, TimeUnit.MILLISECONDS);
    }

    private void releaseHeld()
    {
        while (!held.isEmpty())
        {
            held.poll().release();
        }
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object event)
    {
        if (event instanceof IdleStateEvent)
        {
            if (!draining && !closing)
            {
                context.events.record(Kind.IDLE_TIMEOUT, SecurityEvents.who(participantId, address), "");
                end(Reason.IDLE_TIMEOUT, 0);
            }
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
            if (logonPending)
            {
                heldFailure = Reason.BAD_FRAME_LENGTH; // after the logon and the frames held behind it
            }
            else
            {
                fail(Reason.BAD_FRAME_LENGTH, 0);
            }
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
        releaseHeld();
        flushImmediate(); // released: closing
        if (publisher != null)
        {
            context.router.unregister(this);
            context.counters.loggedOff();
        }
        context.counters.connectionClosed();
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
    public void onReply(final DirectBuffer record, final int offset, final int length)
    {
        append(outbound.reply(record, offset));
    }

    @Override
    public void onReplyComplete(final long correlationId)
    {
        answered++;
    }

    @Override
    public void onPush(final DirectBuffer record, final int offset, final int length)
    {
        append(outbound.push(record, offset));
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
        if (batch.readableBytes() >= context.batchChunkBytes)
        {
            writeBatch(); // mid-batch: the high-water mark applies to a cycle's pushes as they come
        }
    }

    @Override
    public void flush()
    {
        final int done = answered;
        answered = 0;
        if (batch != null)
        {
            writeBatch();
        }
        // only after the answers are handed to the channel: a reject queued now follows them
        if (done > 0 && inFlight.addAndGet(-done) == 0 && draining)
        {
            channel.eventLoop().execute(this::sendReject);
        }
    }

    private void writeBatch()
    {
        final ByteBuf out = batch;
        batch = null;
        if (closing)
        {
            out.release();
            return;
        }
        if (!channel.isWritable())
        {
            out.release();
            cutSlowConsumer(outbound);
            return;
        }
        channel.writeAndFlush(out, channel.voidPromise());
    }

    /**
     * The client has left more than the high-water mark unread: SessionReject SLOW_CONSUMER, then close.
     * Called from the event loop or the publish thread, each with its own encoder.
     */
    private void cutSlowConsumer(final ResponseEncoder encoder)
    {
        if (closing)
        {
            return;
        }
        closing = true;
        context.events.record(Kind.SLOW_CONSUMER, SecurityEvents.who(participantId, address), "");
        final int length = encoder.sessionReject(Reason.SLOW_CONSUMER, 0);
        channel.writeAndFlush(channel.alloc().buffer(length).writeBytes(encoder.buffer().byteArray(), 0, length));
        channel.close();
    }
}
