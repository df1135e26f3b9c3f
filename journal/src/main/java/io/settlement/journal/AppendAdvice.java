package io.settlement.journal;

import java.io.IOException;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.bytes.MappedFile;
import net.openhft.chronicle.core.io.ReferenceOwner;
import net.openhft.posix.MAdviseFlag;
import net.openhft.posix.PosixAPI;
import net.openhft.posix.internal.noop.NoOpPosixAPI;

/**
 * Keeps the kernel's read-ahead out of the appending thread. A journal file grows into pages never
 * written (a hole), and the first write to each page faults; on a file mapping the kernel then reads
 * ahead around the fault as if the file were being read: for a hole it zeroes every page of the
 * window, on the faulting thread. The window is the device's read-ahead (8 MB on the machine of
 * perf-results/issue15-latency.txt, where each such fault held the pipeline 15-25 ms of CPU, every
 * 8 MB written, and made the p99 at 100K deals/s). Appending is sequential writing, never reading,
 * so each chunk Chronicle maps for the appender is advised {@code MADV_RANDOM} (no read-ahead: a
 * fault zeroes its one page), and the next chunk is mapped and advised as soon as the appender enters
 * a chunk, so that it is advised before its first write. Only the first chunk of a new file (a new
 * day's) takes its first fault unadvised.
 *
 * <p>Appending thread only; a system call per chunk (tens of MB), none per write. Does nothing where
 * Chronicle's POSIX library did not load.
 */
final class AppendAdvice implements AutoCloseable
{
    private final ReferenceOwner owner = ReferenceOwner.temporary("append-advice");
    private final boolean enabled = !(PosixAPI.posix() instanceof NoOpPosixAPI);
    /** The chunk the appender wrote into last; advised. */
    private BytesStore<?, ?> current;
    /** The chunk after {@link #current}, mapped, advised and reserved until the appender has entered it; or null. */
    private MappedBytesStore next;
    /** Chunks advised (for tests and the figures). */
    private long advised;

    /** After a write through {@code bytes}: when it is a chunk not seen before, advises it and maps and advises the next. */
    void afterWrite(final Bytes<?> bytes)
    {
        final BytesStore<?, ?> store = bytes.bytesStore();
        if (store == current || !enabled || !(store instanceof MappedBytesStore) || !(bytes instanceof MappedBytes))
        {
            return;
        }
        final MappedBytesStore mapped = (MappedBytesStore)store;
        if (mapped != next)
        {
            advise(mapped); // a file's first chunk, or one this missed: its first fault was made already
        }
        releaseNext();
        current = store;
        final MappedFile file = ((MappedBytes)bytes).mappedFile();
        try
        {
            next = file.acquireByteStore(owner, mapped.start() + file.chunkSize());
            advise(next);
        }
        catch (final IOException | RuntimeException ex)
        {
            next = null; // advice only: the appender maps the chunk itself when it reaches it
        }
    }

    /** Chunks advised so far. */
    long advised()
    {
        return advised;
    }

    private void advise(final MappedBytesStore store)
    {
        final long address = store.addressForRead(store.start());
        if (PosixAPI.posix().madvise(address, store.realCapacity(), MAdviseFlag.MADV_RANDOM) == 0)
        {
            advised++;
        }
    }

    private void releaseNext()
    {
        if (next != null)
        {
            next.release(owner);
            next = null;
        }
    }

    @Override
    public void close()
    {
        releaseNext();
        current = null;
    }
}
