package io.settlement.journal;

import java.nio.file.Files;
import java.nio.file.Path;

import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.EventCodec;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads a journal's records in order, each into a reusable buffer. A record longer than any
 * command or event is refused as corrupt rather than read.
 */
public final class JournalReader implements AutoCloseable
{
    private static final int MAX_RECORD = Math.max(CommandCodec.MAX_LENGTH, EventCodec.MAX_LENGTH);

    private final ChronicleQueue queue;
    private final boolean ownsQueue;
    private final ExcerptTailer tailer;
    private final byte[] record = new byte[MAX_RECORD];
    private final UnsafeBuffer recordBuffer = new UnsafeBuffer(record);
    private long recordIndex = -1;
    private long recordsRead;

    JournalReader(final ChronicleQueue queue, final boolean ownsQueue)
    {
        this.queue = queue;
        this.ownsQueue = ownsQueue;
        this.tailer = queue == null ? null : queue.createTailer();
    }

    /**
     * A read-only reader of the journal in {@code directory} (an auditor's tool never writes to
     * what it reads); a missing directory reads as an empty journal.
     */
    public static JournalReader openReadOnly(final Path directory)
    {
        if (!Files.isDirectory(directory))
        {
            return new JournalReader(null, false);
        }
        return new JournalReader(ChronicleJournal.open(directory, true), true);
    }

    /**
     * Reads the next record.
     *
     * @return its length (the bytes are in {@link #buffer()}), or -1 when there are no more.
     * @throws JournalException on a record too long to be a command or an event.
     */
    public int next()
    {
        if (tailer == null)
        {
            return -1;
        }
        try (DocumentContext document = tailer.readingDocument())
        {
            if (!document.isPresent())
            {
                return -1;
            }
            recordIndex = document.index();
            final Bytes<?> bytes = document.wire().bytes();
            final long length = bytes.readRemaining();
            if (length <= 0 || length > MAX_RECORD)
            {
                throw new JournalException("journal record " + (recordsRead + 1) + " (index 0x" + Long.toHexString(recordIndex)
                    + ") has length " + length + ": corrupt");
            }
            bytes.read(record, 0, (int)length);
            recordsRead++;
            return (int)length;
        }
    }

    public DirectBuffer buffer()
    {
        return recordBuffer;
    }

    /** Chronicle's index of the last record read, for error messages. */
    public long recordIndex()
    {
        return recordIndex;
    }

    /** How many records have been read. */
    public long recordsRead()
    {
        return recordsRead;
    }

    @Override
    public void close()
    {
        if (tailer != null)
        {
            tailer.close();
        }
        if (ownsQueue)
        {
            queue.close();
        }
    }
}
