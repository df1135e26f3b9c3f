package io.settlement.journal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import io.settlement.engine.api.RecordFrame;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.ExpandableArrayBuffer;

/**
 * A thread that reads a journal's batches (Chronicle excerpts) ahead of its {@link JournalReader}: it copies each
 * into a buffer of a small ring and checks its records' frames (length, checksum, a template of the journal's kind),
 * so that the reader's thread, busy applying the records, only takes the next buffer. Bounded: at most
 * {@link #BATCHES} batches are read ahead.
 *
 * <p>It decides nothing and reports nothing itself. A batch says up to where its records were found whole
 * ({@link Batch#checkedUpTo}); the reader checks from there on as it always does, so a damaged record is refused by
 * the reader, at its turn, with the same words. A fault reading the journal (an unreadable excerpt, a corrupt
 * length) is handed over as what happened, for the reader to report when it gets there; nothing is read after it.
 */
final class ReadAhead
{
    /** Batches read ahead at most (and one more the reader holds). */
    static final int BATCHES = 8;

    /** One batch read ahead, or the end of the journal, or a fault in reading it. */
    static final class Batch
    {
        final ExpandableArrayBuffer bytes;
        int length;
        long index;
        /** The records from offset 0 up to here are whole and of the journal's kind (checked). */
        int checkedUpTo;
        /** What stopped the reading here: null (a batch), END, or a fault. */
        Fault fault;

        Batch(final int capacity)
        {
            bytes = new ExpandableArrayBuffer(capacity);
        }
    }

    /** Why reading stopped: the journal's end, or a fault the reader reports in its own words. */
    enum FaultKind
    {
        END, UNREADABLE_JOURNAL, BAD_LENGTH, UNREADABLE_BATCH, OTHER
    }

    /** A fault and what the reader needs to describe it. */
    record Fault(FaultKind kind, long index, long length, String message, RuntimeException other)
    {
    }

    private final ExcerptTailer tailer;
    private final JournalReader.Kind kind;
    private final BlockingQueue<Batch> filled = new ArrayBlockingQueue<>(BATCHES + 1);
    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES + 1);
    private final Thread thread;
    private volatile boolean stopping;

    /**
     * Starts reading at the tailer's position. From here on only this thread uses {@code tailer}.
     */
    ReadAhead(final ExcerptTailer tailer, final JournalReader.Kind kind, final int batchCapacity)
    {
        this.tailer = tailer;
        this.kind = kind;
        for (int i = 0; i < BATCHES; i++)
        {
            free.add(new Batch(batchCapacity));
        }
        thread = new Thread(this::run, "journal-read-ahead-" + kind.label() + "s");
        thread.setDaemon(true);
        thread.start();
    }

    /** The next batch, or the end, or a fault; blocks until the thread has it. */
    Batch take()
    {
        try
        {
            return filled.take();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new JournalException("interrupted while reading the " + kind.label() + " journal");
        }
    }

    /** Gives a batch taken back to be read into again. */
    void recycle(final Batch batch)
    {
        batch.fault = null;
        free.offer(batch);
    }

    /** Stops the thread (if it is still reading) and waits for it: the tailer is the caller's again. */
    void stop()
    {
        stopping = true;
        thread.interrupt();
        try
        {
            thread.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void run()
    {
        tailer.singleThreadedCheckReset(); // the reader's thread no longer uses it
        while (!stopping)
        {
            final Batch batch;
            try
            {
                batch = free.take();
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            final boolean more = read(batch);
            filled.offer(batch); // never full: BATCHES buffers in all
            if (!more)
            {
                return;
            }
        }
    }

    /** Reads the next excerpt into {@code batch}; false when it is the end or a fault (in {@link Batch#fault}). */
    private boolean read(final Batch batch)
    {
        final DocumentContext document;
        try
        {
            document = tailer.readingDocument();
        }
        catch (final InternalError fault)
        {
            batch.fault = new Fault(FaultKind.UNREADABLE_JOURNAL, -1, 0, fault.getMessage(), null);
            return false;
        }
        catch (final RuntimeException other)
        {
            batch.fault = new Fault(FaultKind.OTHER, -1, 0, null, other);
            return false;
        }
        try (document)
        {
            if (!document.isPresent())
            {
                batch.fault = new Fault(FaultKind.END, -1, 0, null, null);
                return false;
            }
            final long index = document.index();
            final Bytes<?> bytes = document.wire().bytes();
            final long length = bytes.readRemaining();
            if (length <= 0 || length > Integer.MAX_VALUE - 8)
            {
                batch.fault = new Fault(FaultKind.BAD_LENGTH, index, length, null, null);
                return false;
            }
            batch.bytes.checkLimit((int)length);
            try
            {
                bytes.read(batch.bytes.byteArray(), 0, (int)length);
            }
            catch (final InternalError fault)
            {
                batch.fault = new Fault(FaultKind.UNREADABLE_BATCH, index, length, fault.getMessage(), null);
                return false;
            }
            batch.index = index;
            batch.length = (int)length;
            batch.checkedUpTo = checkedUpTo(batch);
            return true;
        }
        catch (final RuntimeException other)
        {
            batch.fault = new Fault(FaultKind.OTHER, -1, 0, null, other);
            return false;
        }
    }

    /** Where the first record that is not whole, or not of this journal's kind, starts (the batch's length: none). */
    private int checkedUpTo(final Batch batch)
    {
        int offset = 0;
        while (offset < batch.length)
        {
            final int length = RecordFrame.check(batch.bytes, offset, batch.length - offset);
            if (length < 0 || !kind.knows(RecordFrame.templateId(batch.bytes, offset)))
            {
                return offset;
            }
            offset += length;
        }
        return offset;
    }
}
