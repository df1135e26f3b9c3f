package io.settlement.journal;

import java.nio.file.Files;
import java.nio.file.Path;

import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.RecordFrame;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * Reads a journal's records in order. Each Chronicle excerpt holds one batch of records back to
 * back (see {@link ChronicleJournal}), each framed by {@link RecordFrame} (docs/journal-format.md):
 * its own length, the SBE header of the journal schema, the block, a checksum. A record cut short
 * by the end of its excerpt, with a length out of range or a checksum that does not match, or of a
 * template this build does not know, is refused with its record number and sequence; nothing is
 * read past the end of a record. A journal written in the hand-written format before the journal
 * schema is refused with one line saying so.
 */
public final class JournalReader implements AutoCloseable
{
    /** What a journal holds, which decides which templates its records may have. */
    public enum Kind
    {
        COMMANDS
        {
            @Override
            boolean knows(final int templateId)
            {
                return CommandCodec.typeOf(templateId) != null;
            }

            @Override
            boolean isUnversionedFormat(final DirectBuffer buffer, final int offset, final int available)
            {
                return CommandCodec.isUnversionedFormat(buffer, offset, available);
            }
        },
        EVENTS
        {
            @Override
            boolean knows(final int templateId)
            {
                return EventCodec.typeOf(templateId) != null;
            }

            @Override
            boolean isUnversionedFormat(final DirectBuffer buffer, final int offset, final int available)
            {
                return EventCodec.isUnversionedFormat(buffer, offset, available);
            }
        };

        /** @return true when a record of this template belongs in this journal and this build knows it. */
        abstract boolean knows(int templateId);

        /** @return true when the bytes look like a record of the hand-written format before the journal schema. */
        abstract boolean isUnversionedFormat(DirectBuffer buffer, int offset, int available);

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
    private static final int BATCH_CAPACITY = 64 * 1024;
    private ExpandableArrayBuffer batch = new ExpandableArrayBuffer(BATCH_CAPACITY);
    private int batchLength;
    /** The records of the current batch before this offset were checked whole by the read-ahead thread. */
    private int checkedUpTo;
    /** The thread reading batches ahead ({@link #readAhead()}), or null; with the batch it handed over last. */
    private ReadAhead ahead;
    private ReadAhead.Batch aheadBatch;
    private boolean aheadEnded;
    private int recordOffset;
    private int recordLength;
    private long recordsRead;
    private long batchIndex = -1;
    private int recordsOfBatch;
    private long lastSequence = -1;
    /** {@link #lastSequence} before {@link #nextToCompare()} took the current record, unchecked: what a refusal of it names. */
    private long sequenceBeforeCurrent = -1;

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

    /** Where the record after the current one starts, reading the next batch when this one is done; -1 at the end. */
    private int nextOffset()
    {
        final int offset = recordOffset + recordLength;
        if (offset < batchLength)
        {
            return offset;
        }
        if (!readBatch())
        {
            recordLength = 0;
            recordOffset = batchLength;
            return -1;
        }
        return 0;
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
        final int offset = nextOffset();
        if (offset < 0)
        {
            return -1;
        }
        if (offset < checkedUpTo)
        {
            // checked whole, of this journal's kind, by the read-ahead thread
            final int length = RecordFrame.length(batch, offset);
            recordOffset = offset;
            recordLength = length;
            recordsRead++;
            recordsOfBatch++;
            lastSequence = RecordFrame.sequence(batch, offset, length);
            return length;
        }
        final int available = batchLength - offset;
        final int length = RecordFrame.check(batch, offset, available);
        final long number = recordsRead + 1;
        if (length < 0)
        {
            if (recordsRead == 0 && kind.isUnversionedFormat(batch, offset, available))
            {
                throw new JournalException("the " + kind.label() + " journal was written by an older, unversioned format"
                    + " (before the journal schema, docs/journal-format.md): this build cannot read it;"
                    + " replay it with the build that wrote it");
            }
            throw new JournalException(kind + " journal record " + number + where(offset) + " is malformed: "
                + RecordFrame.describe(length) + "; " + sequences(offset, available));
        }
        final int templateId = RecordFrame.templateId(batch, offset);
        if (!kind.knows(templateId))
        {
            throw new JournalException(kind + " journal record " + number + where(offset) + " has template " + templateId
                + " (journal schema version " + RecordFrame.version(batch, offset) + "), unknown to this build (which knows versions up to "
                + RecordFrame.SCHEMA_VERSION + "; a newer build wrote it?); " + sequences(offset, available));
        }
        recordOffset = offset;
        recordLength = length;
        recordsRead = number;
        recordsOfBatch++;
        lastSequence = RecordFrame.sequence(batch, offset, length);
        return length;
    }

    /**
     * Moves to the next record as {@link #next()} does, but checks only that its length field fits the
     * batch: not its checksum, schema or template. For a reader that compares each record byte for byte
     * with one this build encoded (an event the replay derived): equal bytes are a whole, well-formed
     * record whose checksum this build computed, so checking it again costs a pass over its bytes for
     * nothing. When the bytes differ (or the caller cannot compare them), {@link #checkCurrent()} gives
     * exactly the refusal {@link #next()} would have.
     *
     * @return its length, or -1 when there are no more.
     */
    public int nextToCompare()
    {
        final int offset = nextOffset();
        if (offset < 0)
        {
            return -1;
        }
        final int available = batchLength - offset;
        if (recordsRead == 0 || available < RecordFrame.MIN_LENGTH || RecordFrame.length(batch, offset) < 0
            || RecordFrame.length(batch, offset) > available)
        {
            // the first record (which may be of the unversioned format), or one cut short: checked whole, refused there
            recordOffset = offset;
            recordLength = 0;
            return next();
        }
        final int length = RecordFrame.length(batch, offset);
        recordOffset = offset;
        recordLength = length;
        recordsRead++;
        recordsOfBatch++;
        sequenceBeforeCurrent = lastSequence;
        lastSequence = RecordFrame.sequence(batch, offset, length);
        return length;
    }

    /**
     * Checks the current record, read by {@link #nextToCompare()}, as {@link #next()} checks every record.
     *
     * @throws JournalException as {@link #next()} would have for it.
     */
    public void checkCurrent()
    {
        final int offset = recordOffset;
        final int available = batchLength - offset;
        final long number = recordsRead;
        final int length = RecordFrame.check(batch, offset, available);
        if (length < 0)
        {
            // the last whole record is the one before this, as next() would say (the sequence read from a damaged record is not)
            lastSequence = sequenceBeforeCurrent;
            throw new JournalException(kind + " journal record " + number + where(offset) + " is malformed: "
                + RecordFrame.describe(length) + "; " + sequences(offset, available));
        }
        final int templateId = RecordFrame.templateId(batch, offset);
        if (!kind.knows(templateId))
        {
            lastSequence = sequenceBeforeCurrent;
            throw new JournalException(kind + " journal record " + number + where(offset) + " has template " + templateId
                + " (journal schema version " + RecordFrame.version(batch, offset) + "), unknown to this build (which knows versions up to "
                + RecordFrame.SCHEMA_VERSION + "; a newer build wrote it?); " + sequences(offset, available));
        }
    }

    /**
     * The Chronicle index of the excerpt (batch) the current record belongs to; -1 before the first.
     * With {@link #recordsOfBatch()} it is the reader's position, for {@link #seek}.
     */
    public long batchIndex()
    {
        return batchIndex;
    }

    /** How many records of the current batch have been read (the current one included). */
    public int recordsOfBatch()
    {
        return recordsOfBatch;
    }

    /**
     * Moves to a position a reader reported: the excerpt at {@code index}, with its first
     * {@code records} records read, so that {@link #next()} returns the one after them. An index
     * of -1 means the start of the journal (with {@code records} 0).
     *
     * @throws JournalException when the journal has no excerpt at {@code index}, or fewer records in it.
     */
    public void seek(final long index, final int records)
    {
        refuseWhileReadingAhead("seek");
        if (index < 0)
        {
            if (index != -1 || records != 0)
            {
                throw new IllegalArgumentException("position " + index + "/" + records + ": the start is -1/0");
            }
            return;
        }
        if (records < 0)
        {
            throw new IllegalArgumentException("negative record count " + records + " at batch index 0x" + Long.toHexString(index));
        }
        if (tailer == null || !tailer.moveToIndex(index) || !readBatch())
        {
            throw new JournalException("the " + kind.label() + " journal has no batch at index 0x" + Long.toHexString(index)
                + " (a position recorded from another journal, or files removed?)");
        }
        recordOffset = 0;
        recordLength = 0;
        for (int i = 0; i < records; i++)
        {
            if (recordOffset + recordLength >= batchLength)
            {
                throw new JournalException("the " + kind.label() + " journal's batch at index 0x" + Long.toHexString(index)
                    + " holds " + i + " records, not the " + records + " recorded as read");
            }
            next();
        }
    }

    /**
     * Back to the journal's start, as a new reader: the next {@link #next()} returns the first
     * record and {@link #recordsRead()} counts from 0 again.
     */
    public void rewind()
    {
        refuseWhileReadingAhead("rewind");
        checkedUpTo = 0;
        if (tailer != null)
        {
            tailer.toStart();
        }
        batchLength = 0;
        recordOffset = 0;
        recordLength = 0;
        recordsRead = 0;
        batchIndex = -1;
        recordsOfBatch = 0;
        lastSequence = -1;
    }

    /** The sequence the current record carries; -1 before the first. */
    public long sequence()
    {
        return lastSequence;
    }

    private String where(final int offset)
    {
        return " (batch index 0x" + Long.toHexString(batchIndex) + ", offset " + offset + ")";
    }

    /** The sequence a refused record carries, as written (if its bytes are there), and the last whole record's. */
    private String sequences(final int offset, final int available)
    {
        final long written = RecordFrame.sequence(batch, offset, available);
        return (written >= 0 ? "sequence " + written + " as written, " : "")
            + (recordsRead == 0 ? "the first record" : "after sequence " + lastSequence);
    }

    /**
     * From here on, reads the journal's batches ahead on a thread of its own ({@link ReadAhead}), which also checks
     * their records' frames, so that this reader's thread only takes each batch when it gets to it: for a reader
     * that reads to the end while its thread does other work (a replay). What it reads and refuses is unchanged: a
     * damaged record is refused by {@link #next()} with the same words, at the same record. After this, {@link
     * #seek} and {@link #rewind} are refused, and {@link #buffer()} is another buffer after each batch (take it
     * again after each {@link #next()}). Stopped by {@link #close()}.
     */
    public void readAhead()
    {
        if (tailer != null && ahead == null)
        {
            ahead = new ReadAhead(tailer, kind, BATCH_CAPACITY);
        }
    }

    private void refuseWhileReadingAhead(final String what)
    {
        if (ahead != null)
        {
            throw new IllegalStateException("a " + kind.label() + " journal reader reading ahead cannot " + what);
        }
    }

    private boolean readBatch()
    {
        if (ahead != null)
        {
            return takeBatch();
        }
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
            recordsOfBatch = 0;
            checkedUpTo = 0;
            return true;
        }
    }

    /** {@link #readBatch()} from the read-ahead thread: the same batches, and the same refusals, in the same order. */
    private boolean takeBatch()
    {
        if (aheadEnded)
        {
            return false;
        }
        final ReadAhead.Batch next = ahead.take();
        final ReadAhead.Fault fault = next.fault;
        if (fault != null)
        {
            aheadEnded = true;
            switch (fault.kind())
            {
                case END:
                    return false;
                case UNREADABLE_JOURNAL:
                    throw new JournalException(kind.label() + " journal unreadable after batch index 0x" + Long.toHexString(batchIndex)
                        + " (record " + recordsRead + "): " + fault.message());
                case BAD_LENGTH:
                    batchIndex = fault.index();
                    throw new JournalException(kind + " journal batch at index 0x" + Long.toHexString(batchIndex)
                        + " has length " + fault.length() + ": corrupt");
                case UNREADABLE_BATCH:
                    batchIndex = fault.index();
                    throw new JournalException(kind.label() + " journal batch at index 0x" + Long.toHexString(batchIndex)
                        + " is unreadable: " + fault.message());
                default:
                    throw fault.other();
            }
        }
        if (aheadBatch != null)
        {
            ahead.recycle(aheadBatch); // its records are done with
        }
        aheadBatch = next;
        batch = next.bytes;
        batchIndex = next.index;
        batchLength = next.length;
        checkedUpTo = next.checkedUpTo;
        recordsOfBatch = 0;
        return true;
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
        if (ahead != null)
        {
            ahead.stop();
        }
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
