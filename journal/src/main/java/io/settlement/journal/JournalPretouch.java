package io.settlement.journal;

import java.io.IOException;
import java.util.concurrent.locks.LockSupport;

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
 * Reads a journal file's pages into the page cache ahead of the appender, on a thread of its own, so
 * that the appending thread does not. A journal file grows into pages never written (a hole); the first
 * access to a page not in the page cache faults, and on a file mapping the kernel then reads ahead
 * around the fault as if the file were being read: for a hole it zeroes every page of the window at
 * once, on the faulting thread, without yielding the core. The window is the device's read-ahead: 8 MB
 * on the machine of perf-results/issue15-latency.txt, where each such fault held the pipeline thread
 * for 15-30 ms of CPU, once every 8 MB written, and made the p99 at 100K deals/s. This thread asks for
 * the {@link #AHEAD} bytes ahead of the write position with {@code MADV_WILLNEED}, a {@link #STRIDE}
 * at a time: the kernel zeroes them into the page cache in short steps (well under a millisecond each,
 * so no core is held long), and the appender's first write to each page finds it there (a minor fault,
 * no read-ahead). When the appender writes faster than the kernel zeroes pages for this thread (raw
 * appends of several hundred MB/s), it runs into pages not yet read and the kernel's read-ahead does
 * the work in bulk, as it did before.
 *
 * <p>The appending thread calls {@link #afterWrite} after each write: nothing unless the write position
 * has moved {@link #STEP} past the last request. When the appender enters a chunk it maps (and reserves)
 * the next one, so this thread can read into the next before the appender gets there. This thread holds
 * a reservation on a chunk while it works on it, so that a chunk released meanwhile is skipped, and
 * advises no further than the chunk's mapping reaches. It never reads or writes the mapped memory itself
 * (a read of a chunk unmapped under it would crash the process): it only advises. It parks between
 * requests. Where Chronicle's POSIX library did not load, it does nothing.
 */
final class JournalPretouch implements AutoCloseable
{
    /** How far ahead of the write position the pages are read in. */
    static final long AHEAD = 16L << 20;
    /** The write position moves this far before the thread is asked again (one wake per MB written). */
    static final long STEP = 1L << 20;
    /** Read into the page cache this much at a time ({@code MADV_WILLNEED}: the kernel zeroes a hole's 256 KB in well under a millisecond). */
    static final long STRIDE = 256L << 10;

    private final ReferenceOwner appenderOwner = ReferenceOwner.temporary("pretouch-next-chunk");
    private final ReferenceOwner touchOwner = ReferenceOwner.temporary("pretouch");
    private final Thread thread;
    /** The chunk the appender wrote into last (appending thread). */
    private BytesStore<?, ?> current;
    /** The chunk after it, mapped and reserved by the appending thread until the appender has entered it; or null. */
    private MappedBytesStore next;
    /** The write position at the last request (appending thread). */
    private long requestedAt = -STEP;

    /** The bytes of file each chunk maps (Chronicle's chunk size plus its overlap), as the appending thread last saw. */
    private volatile long mappedBytes;
    /** The chunks to read in and how far, as the appending thread last asked. */
    private volatile MappedBytesStore wantedCurrent;
    private volatile MappedBytesStore wantedNext;
    private volatile long wantedUpTo;
    private volatile boolean running = true;
    /** The file position read in up to last (this thread; read by tests). */
    private volatile long touchedUpTo;
    /** How far this thread has read in the last two chunks it worked on (this thread only). */
    private MappedBytesStore touchedA;
    private long touchedAUpTo;
    private MappedBytesStore touchedB;
    private long touchedBUpTo;
    private final boolean advise = !(PosixAPI.posix() instanceof NoOpPosixAPI);

    JournalPretouch(final String name)
    {
        thread = new Thread(this::run, "pretouch-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** After a write through {@code bytes} (appending thread): asks for the pages ahead of it once it has moved on. */
    void afterWrite(final Bytes<?> bytes)
    {
        final BytesStore<?, ?> store = bytes.bytesStore();
        if (store != current && store instanceof MappedBytesStore && bytes instanceof MappedBytes)
        {
            enter((MappedBytesStore)store, ((MappedBytes)bytes).mappedFile());
        }
        final long position = bytes.writePosition();
        if (position - requestedAt >= STEP || position < requestedAt)
        {
            requestedAt = position;
            wantedUpTo = position + AHEAD;
            LockSupport.unpark(thread);
        }
    }

    /** The appender has entered {@code store}: maps the next chunk, and hands both to the touching thread. */
    private void enter(final MappedBytesStore store, final MappedFile file)
    {
        final MappedBytesStore previousNext = next;
        next = null;
        current = store;
        try
        {
            next = file.acquireByteStore(appenderOwner, store.start() + file.chunkSize());
        }
        catch (final IOException | RuntimeException ex)
        {
            next = null; // the appender maps the chunk itself when it gets there; only the touching ahead is lost
        }
        mappedBytes = file.chunkSize() + file.overlapSize();
        wantedCurrent = store;
        wantedNext = next;
        if (previousNext != null)
        {
            previousNext.release(appenderOwner); // the appender holds it now, or has moved past it
        }
        requestedAt = -STEP; // a new chunk (or file): ask at once
    }

    private void run()
    {
        long done = -1;
        while (running)
        {
            final long upTo = wantedUpTo;
            if (upTo == done)
            {
                LockSupport.park(this);
                continue;
            }
            touch(wantedCurrent, upTo);
            touch(wantedNext, upTo);
            done = upTo;
        }
    }

    /**
     * Asks the kernel to read in, a stride at a time, the part of {@code store} within the {@link #AHEAD} bytes before
     * {@code upTo} not asked for yet. Only advice: nothing here reads or writes the mapped memory, so nothing here can
     * fault on it, and a failed call (an address no longer mapped) is ignored.
     */
    private void touch(final MappedBytesStore store, final long upTo)
    {
        if (store == null || !advise)
        {
            return;
        }
        try
        {
            if (!store.tryReserve(touchOwner))
            {
                return; // released meanwhile: unmapped, or about to be
            }
        }
        catch (final RuntimeException ex)
        {
            return;
        }
        try
        {
            final long start = store.start();
            final long end = Math.min(upTo, start + mappedBytes);
            final long base = store.addressForRead(start);
            long offset = Math.max(Math.max(start, upTo - AHEAD), touchedOf(store));
            offset -= (offset - start) % STRIDE;
            for (; offset < end && running; offset += STRIDE)
            {
                PosixAPI.posix().madvise(base + (offset - start), Math.min(STRIDE, end - offset), MAdviseFlag.MADV_WILLNEED);
            }
            touched(store, Math.max(offset, touchedOf(store)));
            if (end > start)
            {
                touchedUpTo = end;
            }
        }
        catch (final RuntimeException ex)
        {
            // advice only: the appender's own faults read the pages in
        }
        finally
        {
            store.release(touchOwner);
        }
    }

    private long touchedOf(final MappedBytesStore store)
    {
        return store == touchedA ? touchedAUpTo : store == touchedB ? touchedBUpTo : Long.MIN_VALUE;
    }

    private void touched(final MappedBytesStore store, final long upTo)
    {
        if (store == touchedA)
        {
            touchedAUpTo = upTo;
        }
        else if (store == touchedB)
        {
            touchedBUpTo = upTo;
        }
        else
        {
            touchedA = touchedB;
            touchedAUpTo = touchedBUpTo;
            touchedB = store;
            touchedBUpTo = upTo;
        }
    }

    /** How far the file has been read in (for tests). */
    long touchedUpTo()
    {
        return touchedUpTo;
    }

    /** Ends the thread (after the read in progress), then releases the chunk mapped ahead. */
    @Override
    public void close()
    {
        running = false;
        LockSupport.unpark(thread);
        try
        {
            thread.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        if (next != null)
        {
            next.release(appenderOwner);
            next = null;
        }
        current = null;
    }
}
