package io.settlement.gateway;

import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * SOFH frames read in place: a read's whole frames passed on together in one slice, a frame split
 * over reads passed on once whole, a length out of range an error after the frames before it and
 * nothing read after it.
 */
class FrameReaderTest
{
    private static final int MAX = 64;

    @Test
    void shouldPassTheWholeFramesOfAReadTogetherAndKeepTheRestForTheNextRead()
    {
        final Recorder recorder = new Recorder();
        final EmbeddedChannel channel = new EmbeddedChannel(new FrameReader(MAX), recorder);
        final byte[] first = frame(10, 1);
        final byte[] second = frame(20, 2);
        final byte[] third = frame(12, 3);
        // first and second whole, and the first 5 bytes of third
        channel.writeInbound(Unpooled.wrappedBuffer(concat(first, second, slice(third, 0, 5))));
        assertEquals(List.of(hex(concat(first, second))), recorder.reads, "one message: both whole frames, not the partial one");
        channel.writeInbound(Unpooled.wrappedBuffer(slice(third, 5, 4)));
        assertEquals(1, recorder.reads.size(), "third is not whole yet");
        channel.writeInbound(Unpooled.wrappedBuffer(concat(slice(third, 9, 3), first)));
        assertEquals(List.of(hex(concat(first, second)), hex(concat(third, first))), recorder.reads);
        assertNull(recorder.error);
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldPassTheFramesBeforeATooLongOneThenFailAndReadNothingAfter()
    {
        final Recorder recorder = new Recorder();
        final EmbeddedChannel channel = new EmbeddedChannel(new FrameReader(MAX), recorder);
        final byte[] ok = frame(16, 7);
        final byte[] tooLong = new byte[] {0, 0, 0, (byte)(MAX + 1), 1, 2}; // its length alone is enough to refuse it
        channel.writeInbound(Unpooled.wrappedBuffer(concat(ok, tooLong)));
        assertEquals(List.of(hex(ok)), recorder.reads);
        assertInstanceOf(TooLongFrameException.class, recorder.error);
        channel.writeInbound(Unpooled.wrappedBuffer(frame(16, 8)));
        assertEquals(1, recorder.reads.size(), "nothing after the framing error");
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldRefuseALengthShorterThanItsOwnField()
    {
        final Recorder recorder = new Recorder();
        final EmbeddedChannel channel = new EmbeddedChannel(new FrameReader(MAX), recorder);
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 3, 9, 9, 9, 9}));
        assertEquals(List.of(), recorder.reads);
        assertInstanceOf(CorruptedFrameException.class, recorder.error);
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldTakeAFrameOfExactlyTheMaximum()
    {
        final Recorder recorder = new Recorder();
        final EmbeddedChannel channel = new EmbeddedChannel(new FrameReader(MAX), recorder);
        final byte[] max = frame(MAX, 5);
        channel.writeInbound(Unpooled.wrappedBuffer(max));
        assertEquals(List.of(hex(max)), recorder.reads);
        assertNull(recorder.error);
        channel.finishAndReleaseAll();
    }

    /** A frame of {@code length} bytes: its SOFH length (big-endian), then {@code fill}. */
    private static byte[] frame(final int length, final int fill)
    {
        final byte[] frame = new byte[length];
        java.util.Arrays.fill(frame, (byte)fill);
        frame[0] = (byte)(length >>> 24);
        frame[1] = (byte)(length >>> 16);
        frame[2] = (byte)(length >>> 8);
        frame[3] = (byte)length;
        return frame;
    }

    private static byte[] slice(final byte[] bytes, final int from, final int length)
    {
        return java.util.Arrays.copyOfRange(bytes, from, from + length);
    }

    private static byte[] concat(final byte[]... parts)
    {
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (final byte[] part : parts)
        {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String hex(final byte[] bytes)
    {
        return io.netty.buffer.ByteBufUtil.hexDump(bytes);
    }

    /** What the next handler is given: each message's bytes (released), and the error. */
    private static final class Recorder extends ChannelInboundHandlerAdapter
    {
        final List<String> reads = new ArrayList<>();
        Throwable error;

        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg)
        {
            final ByteBuf frames = (ByteBuf)msg;
            reads.add(io.netty.buffer.ByteBufUtil.hexDump(frames));
            frames.release();
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            error = cause;
        }
    }
}
