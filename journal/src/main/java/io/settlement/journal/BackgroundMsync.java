package io.settlement.journal;

import java.nio.file.Path;
import java.util.function.Consumer;

import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.core.io.ReferenceOwner;

/**
 * A journal's msyncs made on a thread of their own, one at a time, while the appending thread goes
 * on: the appending thread hands over what it wrote ({@link #request}), waiting only while the
 * previous msync is still in flight, so the journal's pages on disk are at most one batch behind. The
 * thread spends its time blocked in the kernel, not on a core. The mapped file is reserved until its
 * msync has returned, so Chronicle cannot unmap it meanwhile. A failed msync is kept and thrown to the
 * appending thread at its next request (or {@link #awaitIdle}), and every request after it is refused;
 * it is also told at once to the {@link #onFailure} listener, so an idle node does not run on unaware.
 * A failure told to the listener is not thrown again by {@link #close}: its owner already stopped on it.
 */
final class BackgroundMsync implements AutoCloseable
{
    private final Path directory;
    private final JournalCounters counters;
    /** Used on the msync thread only. */
    private final ChronicleMsync msync = new ChronicleMsync();
    private final ReferenceOwner owner = ReferenceOwner.temporary("background-msync");
    private final Thread thread;
    /** The msync requested and not yet made, null when none is (guarded by this). */
    private MappedBytesStore store;
    private long upTo;
    private long bytes;
    private boolean running = true;
    private JournalException failure;
    /** True once the failure is given to a listener (decided under this lock, told outside it). */
    private boolean failureTold;
    /** Null until someone listens (guarded by this). */
    private Consumer<JournalException> onFailure;

    BackgroundMsync(final Path directory, final JournalCounters counters)
    {
        this.directory = directory;
        this.counters = counters;
        thread = new Thread(this::run, "msync-" + directory.getFileName());
        thread.setDaemon(true);
        thread.start();
    }

    /** Who is told of a failed msync as soon as it fails, on the msync thread (once). */
    synchronized void onFailure(final Consumer<JournalException> listener)
    {
        onFailure = listener;
    }

    /** True once an msync has failed and the failure went to the {@link #onFailure} listener. */
    synchronized boolean failureTold()
    {
        return failureTold;
    }

    /**
     * The appending thread: once the msync in flight (if any) has returned, hands over the next one,
     * {@code store} up to {@code upTo}, which holds {@code bytes} more record bytes.
     *
     * @throws JournalException when an msync has failed (this one is then not requested)
     */
    synchronized void request(final MappedBytesStore store, final long upTo, final long bytes)
    {
        awaitIdle();
        store.reserve(owner);
        this.store = store;
        this.upTo = upTo;
        this.bytes = bytes;
        notifyAll();
    }

    /** The appending thread: returns once no msync is in flight. @throws JournalException when one has failed */
    synchronized void awaitIdle()
    {
        boolean interrupted = false;
        while (store != null)
        {
            try
            {
                wait();
            }
            catch (final InterruptedException ex)
            {
                interrupted = true; // the msync is the kernel's: wait for it whatever
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
        if (failure != null)
        {
            throw new JournalException(failure.getMessage(), failure);
        }
    }

    private void run()
    {
        while (true)
        {
            final MappedBytesStore requested;
            final long requestedUpTo;
            final long requestedBytes;
            synchronized (this)
            {
                while (store == null && running)
                {
                    try
                    {
                        wait();
                    }
                    catch (final InterruptedException ex)
                    {
                        // stopped only through close()
                    }
                }
                if (store == null)
                {
                    return;
                }
                requested = store;
                requestedUpTo = upTo;
                requestedBytes = bytes;
            }
            JournalException failed = null;
            try
            {
                msync.sync(requested, requestedUpTo, directory, requestedBytes);
                counters.synced(requestedBytes);
            }
            catch (final JournalException ex)
            {
                failed = ex;
            }
            catch (final RuntimeException | Error ex)
            {
                failed = new JournalException("msync of the journal at " + directory + " failed: " + ex, ex);
            }
            finally
            {
                requested.release(owner);
            }
            Consumer<JournalException> tell = null;
            synchronized (this)
            {
                if (failure == null && failed != null)
                {
                    failure = failed;
                    tell = onFailure;
                    failureTold = tell != null;
                }
                store = null;
                notifyAll();
            }
            if (tell != null)
            {
                tell.accept(failed);
            }
        }
    }

    /**
     * Waits for the msync in flight, then ends the thread.
     *
     * @throws JournalException when an msync has failed and the failure was not told to a listener
     */
    @Override
    public void close()
    {
        try
        {
            awaitIdle();
        }
        catch (final JournalException ex)
        {
            if (!failureTold())
            {
                throw ex;
            }
        }
        finally
        {
            synchronized (this)
            {
                running = false;
                notifyAll();
            }
            try
            {
                thread.join();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
