package io.settlement.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;

/**
 * SOFH framing on the event loop, read in place: gathers what the socket gives and passes on, per
 * read, one slice of the bytes read holding every whole frame that read completed ({@link GatewaySession}
 * takes the frames out of it where they lie). A frame decoder that passes a slice per frame (Netty's
 * LengthFieldBasedFrameDecoder) made, counted and released a buffer object for every request: the
 * event loop's first cost at 100K requests/s (perf-results/issue15-tcp.txt).
 *
 * <p>Each frame's length (the SOFH's uint32 big-endian, header included) is checked as soon as it is
 * read: one beyond {@code maxFrameBytes} is a {@link TooLongFrameException}, one shorter than the
 * length field itself a {@link CorruptedFrameException}. The whole frames before it are passed on
 * first, then the exception; nothing after it is read.
 */
final class FrameReader extends ChannelInboundHandlerAdapter
{
    private static final int LENGTH_FIELD = 4;

    private final int maxFrameBytes;
    /** What the socket gave and no frame has taken yet (null when nothing is left over). */
    private ByteBuf cumulation;
    /** A framing error was met: nothing more is read. */
    private boolean failed;

    FrameReader(final int maxFrameBytes)
    {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        if (!(msg instanceof ByteBuf in))
        {
            ctx.fireChannelRead(msg);
            return;
        }
        if (failed)
        {
            in.release();
            return;
        }
        cumulation = cumulation == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, in);
        final int start = cumulation.readerIndex();
        final int limit = cumulation.writerIndex();
        int end = start;
        RuntimeException error = null;
        while (limit - end >= LENGTH_FIELD)
        {
            final long length = cumulation.getUnsignedInt(end);
            if (length > maxFrameBytes)
            {
                error = new TooLongFrameException("a frame of " + length + " bytes, longer than the " + maxFrameBytes + " allowed");
                break;
            }
            if (length < LENGTH_FIELD)
            {
                error = new CorruptedFrameException("a frame of " + length + " bytes, shorter than its own length field");
                break;
            }
            if (limit - end < length)
            {
                break; // the rest of the frame comes with a later read
            }
            end += (int)length;
        }
        if (end > start)
        {
            final ByteBuf frames = cumulation.retainedSlice(start, end - start);
            cumulation.readerIndex(end);
            ctx.fireChannelRead(frames);
        }
        if (error != null)
        {
            failed = true;
            release();
            ctx.fireExceptionCaught(error);
            return;
        }
        if (cumulation != null)
        {
            if (!cumulation.isReadable())
            {
                release();
            }
            else if (cumulation.refCnt() == 1)
            {
                cumulation.discardSomeReadBytes(); // no slice of it is held: the bytes left can move
            }
        }
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx)
    {
        release();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(final ChannelHandlerContext ctx)
    {
        release();
    }

    private void release()
    {
        if (cumulation != null)
        {
            cumulation.release();
            cumulation = null;
        }
    }
}
