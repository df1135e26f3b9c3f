package io.settlement.journal;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import net.openhft.chronicle.core.Jvm;
import net.openhft.chronicle.core.onoes.ExceptionHandler;
import net.openhft.chronicle.core.onoes.ThreadLocalisedExceptionHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Chronicle's error reports on a thread that msynced through {@link ChronicleMsync} are still logged, before,
 * after and during a failed msync (restoring the thread's handler to none installed one that drops every report).
 */
class ChronicleMsyncLoggingTest
{
    @TempDir
    Path dir;

    @Test
    void shouldStillLogChronicleReportsOnAThreadThatMsynced() throws Exception
    {
        final List<String> logged = new CopyOnWriteArrayList<>();
        final ExceptionHandler recorder = new ExceptionHandler()
        {
            @Override
            public void on(final Class<?> clazz, final String message, final Throwable thrown)
            {
                logged.add(message);
            }

            @Override
            public void on(final Logger logger, final String message, final Throwable thrown)
            {
                logged.add(message);
            }
        };
        final ThreadLocalisedExceptionHandler errors = (ThreadLocalisedExceptionHandler)Jvm.error();
        final ExceptionHandler saved = errors.defaultHandler();
        final AtomicReference<Throwable> failed = new AtomicReference<>();
        errors.defaultHandler(recorder);
        try
        {
            final Thread t = new Thread(() ->
            {
                try
                {
                    Jvm.error().on(ChronicleMsyncLoggingTest.class, "before the msync");
                    final UnsafeBuffer record = new UnsafeBuffer(new byte[1024]);
                    try (ChronicleJournal journal = new ChronicleJournal(dir, true))
                    {
                        journal.onStart();
                        journal.append(record, 0, 1024);
                        journal.endOfBatch(); // one msync on this thread, succeeded
                        Jvm.error().on(ChronicleMsyncLoggingTest.class, "after the msync");
                        journal.append(record, 0, 1024);
                        try (FailingMsync failing = FailingMsync.install())
                        {
                            journal.endOfBatch(); // fails: JournalException
                        }
                        catch (final JournalException expected)
                        {
                            // the failure is thrown; is Chronicle's "msync failed" still logged "as before"?
                        }
                    }
                    catch (final JournalException ex)
                    {
                        // close after the failure
                    }
                }
                catch (final Throwable ex)
                {
                    failed.set(ex);
                }
            }, "msync-logging");
            t.start();
            t.join();
        }
        finally
        {
            errors.defaultHandler(saved);
        }
        assertNull(failed.get());
        assertEquals(3, logged.stream().filter(m -> m.startsWith("before") || m.startsWith("after") || m.startsWith("msync failed")).count(),
            "before, after, and the msync failure itself all logged: " + logged);
    }
}
