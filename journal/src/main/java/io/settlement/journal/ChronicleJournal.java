package io.settlement.journal;

import java.nio.file.Path;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.pipeline.CommandJournal;
import io.settlement.engine.pipeline.EventJournal;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One Chronicle Queue holding the engine's own bytes, one excerpt per record, for the pipeline's
 * command journal (stage 1) or event journal (stage 3). Records are encoded into a reusable
 * buffer and copied into the mapped file: no allocation per record.
 *
 * <p>Chronicle writes into memory-mapped files, so a record is safe from a process crash (kill -9)
 * once appended. Surviving a power cut as well needs the pages on disk: {@code syncEveryBatch}
 * asks Chronicle to msync at the end of each batch, at a cost in throughput.
 */
public final class ChronicleJournal implements CommandJournal, EventJournal, AutoCloseable
{
    private final ChronicleQueue queue;
    private final boolean syncEveryBatch;
    private final byte[] scratch = new byte[Math.max(CommandCodec.MAX_LENGTH, EventCodec.MAX_LENGTH)];
    private final UnsafeBuffer scratchBuffer = new UnsafeBuffer(scratch);
    private ExcerptAppender appender;

    public ChronicleJournal(final Path directory, final boolean syncEveryBatch)
    {
        this.queue = open(directory, false);
        this.syncEveryBatch = syncEveryBatch;
    }

    static ChronicleQueue open(final Path directory, final boolean readOnly)
    {
        final SingleChronicleQueueBuilder builder = ChronicleQueue.singleBuilder(directory)
            .rollCycle(RollCycles.FAST_DAILY)
            .timeoutMS(2_000)
            .readOnly(readOnly);
        return builder.build();
    }

    /** Creates this thread's appender; the pipeline calls it on the stage thread before any append. */
    @Override
    public void onStart()
    {
        appender = queue.createAppender();
    }

    /** Stage 1: the command, as the engine encodes it. */
    @Override
    public void append(final Command command)
    {
        final int length = CommandCodec.encode(command, scratchBuffer, 0);
        write(length);
    }

    /** Stage 3: one encoded event. */
    @Override
    public void append(final DirectBuffer buffer, final int offset, final int length)
    {
        buffer.getBytes(offset, scratch, 0, length);
        write(length);
    }

    private void write(final int length)
    {
        if (appender == null)
        {
            onStart();
        }
        try (DocumentContext document = appender.writingDocument())
        {
            document.wire().bytes().write(scratch, 0, length);
        }
    }

    @Override
    public void endOfBatch()
    {
        if (syncEveryBatch)
        {
            appender.sync();
        }
    }

    /** A reader over this journal's records, from the first. */
    public JournalReader reader()
    {
        return new JournalReader(queue, false);
    }

    @Override
    public void close()
    {
        if (appender != null)
        {
            appender.close();
        }
        queue.close();
    }
}
