package io.settlement.journal;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What one journal has written since the process started: bytes, batches (Chronicle excerpts),
 * and the time spent writing them (and msyncing them, when the node syncs every batch). Written
 * by the one stage thread that appends to the journal (release stores, no allocation); read by
 * any thread.
 */
public final class JournalCounters
{
    private static final int BYTES = 0;
    private static final int BATCHES = 1;
    private static final int WRITE_NS = 2;

    private final AtomicLongArray values = new AtomicLongArray(3);

    /** The appending thread: a batch of {@code bytes} written (and synced) in {@code writeNs}. */
    void batchWritten(final int bytes, final long writeNs)
    {
        values.setRelease(BYTES, values.getPlain(BYTES) + bytes);
        values.setRelease(BATCHES, values.getPlain(BATCHES) + 1);
        values.setRelease(WRITE_NS, values.getPlain(WRITE_NS) + writeNs);
    }

    /** Record bytes written to the journal (framed journal records, Chronicle's own headers not counted). */
    public long bytes()
    {
        return values.getAcquire(BYTES);
    }

    /** Batches written, one Chronicle excerpt each. */
    public long batches()
    {
        return values.getAcquire(BATCHES);
    }

    /** Nanoseconds spent writing the batches, including the msync when the node syncs every batch. */
    public long writeNs()
    {
        return values.getAcquire(WRITE_NS);
    }
}
