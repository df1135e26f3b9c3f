package io.settlement.journal;

import java.nio.file.Files;
import java.nio.file.Path;

import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.CommandType;
import io.settlement.engine.api.EventCodec;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * Reads a journal's records in order. Each Chronicle excerpt holds one batch of records back to
 * back (see {@link ChronicleJournal}); a record's length follows from its type code, so a record
 * with an unknown type, or cut short by the end of its excerpt, is refused as corrupt.
 */
public final class JournalReader implements AutoCloseable
{
    /** What a journal holds, which decides how long each record is. */
    public enum Kind
    {
        COMMANDS
        {
            @Override
            int recordLength(final DirectBuffer buffer, final int offset)
            {
                final CommandType type = CommandType.fromCode(buffer.getByte(offset));
                return type == null ? -1 : CommandCodec.encodedLength(type);
            }
        },
        EVENTS
        {
            @Override
            int recordLength(final DirectBuffer buffer, final int offset)
            {
                return EventCodec.encodedLength(buffer, offset);
            }
        };

        /** @return the length of the record at {@code offset}, or -1 for an unknown type. */
        abstract int recordLength(DirectBuffer buffer, int offset);

        /** "command" or "event", for messages. */
        String label()
        {
            return this == COMMANDS ? "command" : "event";
        }
    }

    private final ChronicleQueue queue;
    private final boolean ownsQueue;
    private final Kind kind;
    private final ExcerptTailer tailer;
    private final ExpandableArrayBuffer batch = new ExpandableArrayBuffer(64 * 1024);
    private int batchLength;
    private int recordOffset;
    private int recordLength;
    private long recordsRead;
    private long batchIndex = -1;

    JournalReader(final ChronicleQueue queue, final boolean ownsQueue, final Kind kind)
    {
        this.queue = queue;
        this.ownsQueue = ownsQueue;
        this.kind = kind;
        this.tailer = queue == null ? null : queue.createTailer();
    }

    /**
     * A read-only reader of the journal in {@code directory} (an auditor's tool never writes to
     * what it reads); a missing directory reads as an empty journal.
     *
     * @throws JournalException when a file of the journal is damaged after its last whole record
     * ({@link JournalFileCheck}, the check a node makes before it opens its journals).
     */
    public static JournalReader openReadOnly(final Path directory, final Kind kind)
    {
        if (!Files.isDirectory(directory))
        {
            return new JournalReader(null, false, kind);
        }
        final JournalFileCheck.Damage damage = JournalFileCheck.find(directory, kind.label());
        if (damage != null)
        {
            throw new JournalException(damage.describe());
        }
        return new JournalReader(ChronicleJournal.open(directory, true), true, kind);
    }

    /**
     * Moves to the next record.
     *
     * @return its length (its bytes are at {@link #offset()} in {@link #buffer()}), or -1 when
     * there are no more.
     * @throws JournalException on an unknown record type or a record cut short.
     */
    public int next()
    {
        int offset = recordOffset + recordLength;
        if (offset >= batchLength)
        {
            if (!readBatch())
            {
                recordLength = 0;
                recordOffset = batchLength;
                return -1;
            }
            offset = 0;
        }
        final int length = kind.recordLength(batch, offset);
        final long number = recordsRead + 1;
        if (length <= 0)
        {
            throw new JournalException(kind + " journal record " + number + " (batch index 0x" + Long.toHexString(batchIndex)
                + ", offset " + offset + ") is malformed: unknown type code " + batch.getByte(offset));
        }
        if (offset + length > batchLength)
        {
            throw new JournalException(kind + " journal record " + number + " (batch index 0x" + Long.toHexString(batchIndex)
                + ") is truncated: " + (batchLength - offset) + " bytes left of " + length);
        }
        recordOffset = offset;
        recordLength = length;
        recordsRead = number;
        return length;
    }

    private boolean readBatch()
    {
        if (tailer == null)
        {
            return false;
        }
        try (DocumentContext document = readingDocument())
        {
            if (!document.isPresent())
            {
                return false;
            }
            batchIndex = document.index();
            final Bytes<?> bytes = document.wire().bytes();
            final long length = bytes.readRemaining();
            if (length <= 0 || length > Integer.MAX_VALUE - 8)
            {
                throw new JournalException(kind + " journal batch at index 0x" + Long.toHexString(batchIndex)
                    + " has length " + length + ": corrupt");
            }
            batch.checkLimit((int)length);
            try
            {
                bytes.read(batch.byteArray(), 0, (int)length);
            }
            catch (final InternalError fault)
            {
                throw new JournalException(kind.label() + " journal batch at index 0x" + Long.toHexString(batchIndex)
                    + " is unreadable: " + fault.getMessage());
            }
            batchLength = (int)length;
            return true;
        }
    }

    /**
     * The next excerpt. The files were checked when this reader was opened ({@link JournalFileCheck});
     * should one be damaged since, a fault reading its mapped memory is reported like any damage.
     */
    private DocumentContext readingDocument()
    {
        try
        {
            return tailer.readingDocument();
        }
        catch (final InternalError fault)
        {
            throw new JournalException(kind.label() + " journal unreadable after batch index 0x" + Long.toHexString(batchIndex)
                + " (record " + recordsRead + "): " + fault.getMessage());
        }
    }

    public DirectBuffer buffer()
    {
        return batch;
    }

    /** Where the current record starts in {@link #buffer()}. */
    public int offset()
    {
        return recordOffset;
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
