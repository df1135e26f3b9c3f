package io.settlement.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.Consumer;

import io.settlement.gateway.client.ResponseDecoder;
import io.settlement.gateway.client.sbe.DealAcceptedDecoder;
import io.settlement.gateway.client.sbe.DealRejectedDecoder;
import io.settlement.gateway.client.sbe.MessageHeaderDecoder;
import io.settlement.gateway.client.sbe.SessionRejectDecoder;
import org.HdrHistogram.Histogram;

/** Reads every connection's answers through one selector and records their latency. */
final class LoadReceiver implements Runnable
{
    private final Selector selector;
    private final Consumer<SelectionKey> onReadable = this::read;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final DealAcceptedDecoder accepted = new DealAcceptedDecoder();
    private final SessionRejectDecoder sessionReject = new SessionRejectDecoder();
    volatile Histogram histogram;
    volatile boolean running = true;
    volatile Throwable failure;
    /** DealRejected answers (BUSY under full load, say). */
    volatile long refused;
    volatile Thread thread;

    LoadReceiver(final LoadConnection[] conns) throws IOException
    {
        selector = Selector.open();
        for (final LoadConnection c : conns)
        {
            c.channel.register(selector, SelectionKey.OP_READ, c);
        }
    }

    @Override
    public void run()
    {
        try
        {
            while (running)
            {
                selector.select(onReadable, 100);
            }
        }
        catch (final Throwable ex)
        {
            if (running)
            {
                failure = ex;
            }
        }
    }

    private void read(final SelectionKey key)
    {
        final LoadConnection c = (LoadConnection)key.attachment();
        final ByteBuffer in = c.in;
        try
        {
            if (c.channel.read(in) < 0)
            {
                throw new IOException("member " + c.memberId + ": the gateway closed the connection");
            }
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
        final long now = System.nanoTime();
        final Histogram h = histogram;
        int position = 0;
        final int end = in.position();
        long answered = c.answered();
        while (end - position >= 4)
        {
            final int length = in.getInt(position); // SOFH: big-endian (a ByteBuffer's order), the frame's whole length
            if (end - position < length)
            {
                break;
            }
            header.wrap(c.inView, position + ResponseDecoder.SOFH_LENGTH);
            final int template = header.templateId();
            if (template == DealAcceptedDecoder.TEMPLATE_ID)
            {
                answered++;
                final long correlationId =
                    accepted.wrap(c.inView, position + ResponseDecoder.HEADERS_LENGTH, header.blockLength(), header.version()).correlationId();
                if (h != null)
                {
                    final long scheduled = c.scheduledNs.get((int)(correlationId & (LoadConnection.RING - 1)));
                    h.recordValue(Math.min(LoadGenerator.HIGHEST_NS, Math.max(0, now - scheduled)));
                }
            }
            else if (template == DealRejectedDecoder.TEMPLATE_ID)
            {
                // BUSY under full load, in the main: counted apart, not in the latency of registrations
                answered++;
                refused++;
            }
            else if (template == SessionRejectDecoder.TEMPLATE_ID)
            {
                throw new IllegalStateException("member " + c.memberId + ": SessionReject " + sessionReject
                    .wrap(c.inView, position + ResponseDecoder.HEADERS_LENGTH, header.blockLength(), header.version()).reason());
            }
            position += length;
        }
        c.answered(answered);
        in.limit(end).position(position);
        in.compact();
    }
}
