package io.settlement.journal;

import java.nio.file.Path;

import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.core.Jvm;
import net.openhft.chronicle.core.onoes.ExceptionHandler;
import net.openhft.chronicle.core.onoes.ThreadLocalisedExceptionHandler;
import net.openhft.chronicle.queue.ExcerptAppender;
import org.slf4j.Logger;

/**
 * An msync through Chronicle that fails loudly. Chronicle reports a failed msync through its error
 * handler and returns as if it had succeeded ({@code MappedBytesStore} logs "msync failed, &lt;errno&gt;");
 * here the first msync on a thread puts this instance in front of that thread's Chronicle error handler,
 * for good, and a report made on that thread while it msyncs becomes a {@link JournalException} naming
 * the file and the cause. Every report, during an msync or not, is passed on to the handler this one was
 * put in front of (the thread's own, or Chronicle's default when the thread had none), so Chronicle's
 * logging is what it was. (Chronicle cannot take a thread's handler back to none: setting none installs
 * one that drops every report, which is why this one stays.) One instance per thread that msyncs;
 * nothing is allocated unless an msync fails.
 */
final class ChronicleMsync implements ExceptionHandler
{
    private ThreadLocalisedExceptionHandler handler;
    /** The thread's own handler this one was put in front of; null: Chronicle's default at each report. */
    private ExceptionHandler previous;
    /** The thread msyncing now, or null: only its reports, and only meanwhile, are the msync's failure. */
    private volatile Thread syncing;
    private String message;
    private Throwable thrown;

    /** Msyncs what {@code appender} wrote since its last msync ({@code bytes} of records, for the message). */
    void sync(final ExcerptAppender appender, final Path directory, final long bytes)
    {
        sync(appender, null, 0, directory, bytes);
    }

    /** Msyncs {@code store} up to {@code upTo}, as the appender that wrote it would ({@code bytes} of records, for the message). */
    void sync(final MappedBytesStore store, final long upTo, final Path directory, final long bytes)
    {
        sync(null, store, upTo, directory, bytes);
    }

    private void sync(final ExcerptAppender appender, final MappedBytesStore store, final long upTo, final Path directory,
        final long bytes)
    {
        final ExceptionHandler errors = Jvm.error();
        if (!(errors instanceof ThreadLocalisedExceptionHandler))
        {
            throw new JournalException("cannot msync " + directory + " with its failures seen: Chronicle's error"
                + " handler is " + errors + ", not the thread-localised one it reports msync failures to");
        }
        final ThreadLocalisedExceptionHandler threadLocalised = (ThreadLocalisedExceptionHandler)errors;
        if (threadLocalised.threadLocalHandler() != this)
        {
            handler = threadLocalised;
            previous = threadLocalised.threadLocalHandler();
            threadLocalised.threadLocalHandler(this);
        }
        message = null;
        thrown = null;
        syncing = Thread.currentThread();
        try
        {
            if (appender != null)
            {
                appender.sync();
            }
            else
            {
                store.syncUpTo(upTo);
            }
        }
        finally
        {
            syncing = null;
        }
        if (message != null)
        {
            throw new JournalException("msync of the journal at " + directory + " failed, so its last "
                + bytes + " bytes may not be on disk: " + message, thrown);
        }
    }

    @Override
    public void on(final Class<?> clazz, final String message, final Throwable thrown)
    {
        record(message, thrown);
        final ExceptionHandler next = next();
        if (next != null)
        {
            next.on(clazz, message, thrown);
        }
    }

    @Override
    public void on(final Logger logger, final String message, final Throwable thrown)
    {
        record(message, thrown);
        final ExceptionHandler next = next();
        if (next != null)
        {
            next.on(logger, message, thrown);
        }
    }

    private ExceptionHandler next()
    {
        final ExceptionHandler next = previous != null ? previous : handler.defaultHandler();
        return next == this ? null : next;
    }

    private void record(final String message, final Throwable thrown)
    {
        if (syncing == Thread.currentThread() && this.message == null)
        {
            this.message = message != null ? message : String.valueOf(thrown);
            this.thrown = thrown;
        }
    }
}
