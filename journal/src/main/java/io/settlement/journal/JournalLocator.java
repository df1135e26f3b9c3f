package io.settlement.journal;

import io.settlement.engine.api.RecordFrame;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.ExpandableArrayBuffer;

/**
 * Finds, in a journal being written, where the records of sequences up to a given one end: the
 * Chronicle index of the excerpt (batch) holding the last record whose sequence is at most that
 * sequence, and how many records of that excerpt are at most it ({@link JournalReader#seek}'s
 * position). A journal's records are in sequence order, so the excerpt is the last one whose first
 * record is at most the sequence. The locator reads on from where its last answer was: each excerpt
 * is looked at once (its first record's sequence only) over all the calls, and only the one found is
 * read whole. Sequences asked must not decrease. One thread at a time; its tailer is created on the
 * first call, on the thread that makes it.
 */
final class JournalLocator
{
    /** A position: with {@code records} records of the excerpt at {@code index} read, the last read carries {@code sequence}. */
    record Position(long index, int records, long sequence)
    {
        /** The start of an empty journal, or of one whose first record is beyond the sequence asked. */
        static final Position START = new Position(-1, 0, 0);
    }

    private final ChronicleQueue queue;
    private final long startIndex;
    private final ExpandableArrayBuffer excerpt = new ExpandableArrayBuffer(64 * 1024);
    private ExcerptTailer tailer;
    /** The last excerpt seen whose first record is at most every sequence asked from now on (-1: none yet). */
    private long candidate = -1;

    /**
     * @param startIndex an excerpt whose first record is at most every sequence that will be asked
     *                   (the journal's last one when the node starts), or -1 to read from the start
     */
    JournalLocator(final ChronicleQueue queue, final long startIndex)
    {
        this.queue = queue;
        this.startIndex = startIndex;
    }

    /** The index of the journal's last excerpt, -1 when it is empty. */
    static long lastIndex(final ChronicleJournal journal)
    {
        final long index = journal.queue().lastIndex();
        return index < 0 ? -1 : index;
    }

    /**
     * @return where the records of sequences up to {@code sequence} end; {@link Position#START} when
     * the journal holds none.
     * @throws JournalException when an excerpt does not hold whole records.
     */
    Position locate(final long sequence)
    {
        if (tailer == null)
        {
            tailer = queue.createTailer();
            if (startIndex < 0 || !tailer.moveToIndex(startIndex))
            {
                tailer.toStart();
            }
        }
        while (true)
        {
            try (DocumentContext document = tailer.readingDocument())
            {
                if (!document.isPresent())
                {
                    break;
                }
                final long index = document.index();
                final Bytes<?> bytes = document.wire().bytes();
                final long first = bytes.readRemaining() >= RecordFrame.BLOCK_OFFSET + 8
                    ? bytes.readLong(bytes.readPosition() + RecordFrame.BLOCK_OFFSET) : -1;
                if (first < 0)
                {
                    throw new JournalException("journal batch at index 0x" + Long.toHexString(index) + " is too short for a record");
                }
                if (first > sequence)
                {
                    document.rollbackOnClose(); // read it again at the next call
                    break;
                }
                candidate = index;
            }
        }
        if (candidate < 0)
        {
            return Position.START;
        }
        return within(sequence);
    }

    /**
     * Reads the candidate excerpt whole and counts its records up to {@code sequence}; the tailer is
     * then after it, where the next call reads on (the next excerpt, if any, starts beyond {@code sequence}).
     */
    private Position within(final long sequence)
    {
        if (!tailer.moveToIndex(candidate))
        {
            throw new JournalException("journal batch at index 0x" + Long.toHexString(candidate) + " is gone");
        }
        final int length;
        try (DocumentContext document = tailer.readingDocument())
        {
            if (!document.isPresent())
            {
                throw new JournalException("journal batch at index 0x" + Long.toHexString(candidate) + " cannot be read again");
            }
            final Bytes<?> bytes = document.wire().bytes();
            length = (int)bytes.readRemaining();
            excerpt.checkLimit(length);
            bytes.read(excerpt.byteArray(), 0, length);
        }
        int records = 0;
        long last = -1;
        int offset = 0;
        while (offset < length)
        {
            final int recordLength = RecordFrame.check(excerpt, offset, length - offset);
            if (recordLength < 0)
            {
                throw new JournalException("journal batch at index 0x" + Long.toHexString(candidate) + " holds a malformed record"
                    + " at offset " + offset + ": " + RecordFrame.describe(recordLength));
            }
            final long recordSequence = RecordFrame.sequence(excerpt, offset, recordLength);
            if (recordSequence > sequence)
            {
                break;
            }
            records++;
            last = recordSequence;
            offset += recordLength;
        }
        return new Position(candidate, records, last);
    }

    /** Releases the tailer (on the thread that used it). */
    void close()
    {
        if (tailer != null)
        {
            tailer.close();
            tailer = null;
        }
    }
}
