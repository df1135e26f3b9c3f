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
 * here the calling thread's Chronicle error handler is replaced for the duration of the call, and a report
 * made meanwhile becomes a {@link JournalException} naming the file and the cause (each report is still
 * passed on to the handler it replaced, so it is logged as before). One instance per thread that msyncs;
 * nothing is allocated unless an msync fails.
 */
final class ChronicleMsync implements ExceptionHandler
{
    private ExceptionHandler next;
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
        final ThreadLocalisedExceptionHandler handler = (ThreadLocalisedExceptionHandler)errors;
        final ExceptionHandler previous = handler.threadLocalHandler();
        next = previous == null ? handler.defaultHandler() : previous;
        message = null;
        thrown = null;
        handler.threadLocalHandler(this);
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
            handler.threadLocalHandler(previous);
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
        if (next != null)
        {
            next.on(clazz, message, thrown);
        }
    }

    @Override
    public void on(final Logger logger, final String message, final Throwable thrown)
    {
        record(message, thrown);
        if (next != null)
        {
            next.on(logger, message, thrown);
        }
    }

    private void record(final String message, final Throwable thrown)
    {
        if (this.message == null)
        {
            this.message = message != null ? message : String.valueOf(thrown);
            this.thrown = thrown;
        }
    }
}
