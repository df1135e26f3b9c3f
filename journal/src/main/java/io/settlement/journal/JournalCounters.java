package io.settlement.journal;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What one journal has written since the process started: bytes, batches (Chronicle excerpts),
 * and the time spent writing them (and msyncing them, when the node syncs every batch). Written
 * by the one stage thread that appends to the journal, the msyncs by the journal's msync thread
 * when it syncs behind (each counter has one writer: release stores, no allocation); read by any thread.
 */
public final class JournalCounters
{
    private static final int BYTES = 0;
    private static final int BATCHES = 1;
    private static final int WRITE_NS = 2;
    private static final int SYNCS = 3;
    private static final int SYNCED_BYTES = 4;

    private final AtomicLongArray values = new AtomicLongArray(5);

    /** The appending thread: a batch of {@code bytes} written (and synced) in {@code writeNs}. */
    void batchWritten(final int bytes, final long writeNs)
    {
        values.setRelease(BYTES, values.getPlain(BYTES) + bytes);
        values.setRelease(BATCHES, values.getPlain(BATCHES) + 1);
        values.setRelease(WRITE_NS, values.getPlain(WRITE_NS) + writeNs);
    }

    /** The thread that msyncs: an msync made, covering {@code bytes} more of the records written. */
    void synced(final long bytes)
    {
        values.setRelease(SYNCED_BYTES, values.getPlain(SYNCED_BYTES) + bytes);
        values.setRelease(SYNCS, values.getPlain(SYNCS) + 1);
    }

    /** msyncs made (one per batch in {@link Durability#SYNCED}; none in {@link Durability#UNSYNCED}). */
    public long syncs()
    {
        return values.getAcquire(SYNCS);
    }

    /** Record bytes on disk by an msync: {@link #bytes()} once the last batch is synced, 0 when the journal is not synced. */
    public long syncedBytes()
    {
        return values.getAcquire(SYNCED_BYTES);
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
