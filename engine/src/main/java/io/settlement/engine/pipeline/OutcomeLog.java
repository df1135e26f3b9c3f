package io.settlement.engine.pipeline;

import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.EventSink;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The bounded outcome log between stage 2 (the engine thread, its only writer) and stage 3 (the
 * publish thread, its only reader): a single-producer single-consumer byte ring off the heap, of a
 * fixed capacity. Stage 2 is the engine's {@link EventSink}: each event is copied once, as the
 * engine encoded it, behind a small routing header; so a settlement cycle of millions of deals
 * streams through in bounded chunks while stage 3 journals and delivers them. When the log is full
 * the writer waits for the reader, and gives up (throws) if the reader has stopped.
 *
 * <p>Records (Agrona's record header gives each its type and length):
 * <pre>
 *  EVENT          : sessionId int64 | flags int32 | currencyId int32 | buyerId int64 | sellerId int64
 *                   | the event's bytes (a journal record); the parties are those the event is pushed
 *                   to (a settled, failed or cancelled deal's), else 0; the currency is the deal's
 *                   for a deal event (for the counters: {@link PipelineMetrics}), else unspecified
 *  END_OF_COMMAND : sessionId int64 | correlationId int64 | sequence int64 | flags int32
 *                   | command type int32 | timestampNs int64 (the command's stamp, for its latency)
 *  END_OF_BATCH   : nothing
 * </pre>
 * flags: {@link #QUERY} (the command was a query: route, do not journal), {@link #SNAPSHOT_WRITTEN}
 * (stage 2 wrote a snapshot after the command, for stage 3 to publish).
 */
final class OutcomeLog implements EventSink
{
    static final int EVENT = 1;
    static final int END_OF_COMMAND = 2;
    static final int END_OF_BATCH = 3;

    static final int QUERY = 1;
    static final int SNAPSHOT_WRITTEN = 2;

    static final int SESSION_ID_OFFSET = 0;
    static final int EVENT_FLAGS_OFFSET = 8;
    static final int CURRENCY_ID_OFFSET = 12;
    static final int BUYER_ID_OFFSET = 16;
    static final int SELLER_ID_OFFSET = 24;
    static final int EVENT_HEADER_LENGTH = 32;

    static final int CORRELATION_ID_OFFSET = 8;
    static final int SEQUENCE_OFFSET = 16;
    static final int COMMAND_FLAGS_OFFSET = 24;
    static final int COMMAND_TYPE_OFFSET = 28;
    static final int TIMESTAMP_NS_OFFSET = 32;
    static final int END_OF_COMMAND_LENGTH = 40;

    private final RingBuffer ring;
    private final AtomicBuffer buffer;
    private final IdleStrategy fullIdle;
    private volatile boolean readerStopped;
    /** The single topology: the writer is the reader too, and reads a chunk instead of waiting while the log is full. */
    private PublishStage inlineReader;

    // the command being applied (engine thread only)
    private long sessionId;
    private int eventFlags;

    /**
     * @param capacityBytes a power of two; the largest record is an eighth of it.
     * @param fullIdle how the writer waits while the log is full.
     */
    OutcomeLog(final int capacityBytes, final IdleStrategy fullIdle)
    {
        this.buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            capacityBytes + RingBufferDescriptor.TRAILER_LENGTH, BitUtil.CACHE_LINE_LENGTH));
        this.ring = new OneToOneRingBuffer(buffer);
        if (ring.maxMsgLength() < EVENT_HEADER_LENGTH + EventCodec.MAX_LENGTH)
        {
            throw new IllegalArgumentException("an outcome log of " + capacityBytes + " bytes cannot hold the longest event");
        }
        this.fullIdle = fullIdle;
    }

    /** The single topology: while the log is full, the writer publishes a chunk of it itself (there is no other reader). */
    void readInlineWhenFull(final PublishStage reader)
    {
        inlineReader = reader;
    }

    // ------------------------------------------------------------------ writer (stage 2)

    /** Before the engine applies a command: its events are addressed to {@code sessionId}. */
    void beginCommand(final long commandSessionId, final boolean query)
    {
        sessionId = commandSessionId;
        eventFlags = query ? QUERY : 0;
    }

    /** The BUY side's code ({@code Side.BUY}). */
    private static final byte BUY_SIDE = 1;

    /** The engine's sink: one EVENT record, the event's bytes copied once. */
    @Override
    public void onEvent(final Event event, final DirectBuffer source, final int offset, final int length)
    {
        final int index = claim(EVENT, EVENT_HEADER_LENGTH + length);
        buffer.putLong(index + SESSION_ID_OFFSET, sessionId);
        buffer.putInt(index + EVENT_FLAGS_OFFSET, eventFlags);
        buffer.putInt(index + CURRENCY_ID_OFFSET, event.currencyId);
        final boolean pushed = event.type.isPushedToParties();
        // an allegement goes to the counterparty only: the side the instruction's owner is not
        final boolean toBuyer = pushed && !(event.type.pushesToCounterpartyOnly() && event.side == BUY_SIDE);
        final boolean toSeller = pushed && !(event.type.pushesToCounterpartyOnly() && event.side != BUY_SIDE);
        buffer.putLong(index + BUYER_ID_OFFSET, toBuyer ? event.buyerId : 0);
        buffer.putLong(index + SELLER_ID_OFFSET, toSeller ? event.sellerId : 0);
        buffer.putBytes(index + EVENT_HEADER_LENGTH, source, offset, length);
        ring.commit(index);
    }

    /** After the command's last event: {@code commandType} is its template id, {@code timestampNs} its stamp. */
    void endOfCommand(
        final long correlationId, final long sequence, final boolean snapshotWritten, final int commandType, final long timestampNs)
    {
        final int index = claim(END_OF_COMMAND, END_OF_COMMAND_LENGTH);
        buffer.putLong(index + SESSION_ID_OFFSET, sessionId);
        buffer.putLong(index + CORRELATION_ID_OFFSET, correlationId);
        buffer.putLong(index + SEQUENCE_OFFSET, sequence);
        buffer.putInt(index + COMMAND_FLAGS_OFFSET, eventFlags | (snapshotWritten ? SNAPSHOT_WRITTEN : 0));
        buffer.putInt(index + COMMAND_TYPE_OFFSET, commandType);
        buffer.putLong(index + TIMESTAMP_NS_OFFSET, timestampNs);
        ring.commit(index);
    }

    /** After the last command of a Disruptor batch: stage 3 makes everything before it durable and flushes. */
    void endOfBatch()
    {
        ring.commit(claim(END_OF_BATCH, 0));
    }

    private int claim(final int type, final int length)
    {
        int index = ring.tryClaim(type, length);
        if (index < 0)
        {
            fullIdle.reset();
            while ((index = ring.tryClaim(type, length)) < 0)
            {
                if (inlineReader != null)
                {
                    inlineReader.readSome();
                    continue;
                }
                if (readerStopped)
                {
                    throw new IllegalStateException("the outcome log is full and the publish stage has stopped");
                }
                fullIdle.idle();
            }
        }
        return index;
    }

    // ------------------------------------------------------------------ reader (stage 3)

    /** Hands up to {@code limit} records to {@code handler}, then frees their space. @return records read. */
    int read(final MessageHandler handler, final int limit)
    {
        return ring.read(handler, limit);
    }

    /** Called once the reader will read no more (stopped, failed or closed): a waiting writer gives up. */
    void readerStopped()
    {
        readerStopped = true;
    }

    /** True when the reader has read everything written so far. */
    boolean isDrained()
    {
        return ring.consumerPosition() == ring.producerPosition();
    }

    /** Bytes written and not yet read (a hint: both sides move). */
    int size()
    {
        return ring.size();
    }

    int capacity()
    {
        return ring.capacity();
    }
}
