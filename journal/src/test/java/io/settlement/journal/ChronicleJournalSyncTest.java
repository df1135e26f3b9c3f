package io.settlement.journal;

import java.nio.file.Path;

import org.agrona.concurrent.UnsafeBuffer;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.posix.PosixAPI;
import net.openhft.posix.internal.PosixAPIHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A synced journal msyncs at the end of each batch everything written since the last msync, and a
 * failed msync is an error: Chronicle only logs it.
 */
class ChronicleJournalSyncTest
{
    private static final int RECORD_BYTES = 1024;

    @TempDir
    Path dir;

    @Test
    void shouldMsyncABatchWrittenEarlyWhenItReachedTheBatchLimitOnItsLastRecord()
    {
        final UnsafeBuffer record = new UnsafeBuffer(new byte[RECORD_BYTES]);
        try (ChronicleJournal journal = new ChronicleJournal(dir, true))
        {
            journal.onStart();
            for (int i = 0; i < ChronicleJournal.MAX_BATCH_BYTES / RECORD_BYTES; i++)
            {
                journal.append(record, 0, RECORD_BYTES); // the last one fills the batch: written at once, not synced
            }
            journal.endOfBatch();
            assertEquals(ChronicleJournal.MAX_BATCH_BYTES, journal.counters().bytes());
            assertEquals(1, journal.counters().syncs(), "the batch's end msyncs what was written early");
            assertEquals(ChronicleJournal.MAX_BATCH_BYTES, journal.counters().syncedBytes());

            journal.endOfBatch();
            assertEquals(1, journal.counters().syncs(), "nothing new: no msync");
        }
    }

    @Test
    void shouldMsyncSynchronouslyNotJustScheduleTheWrite()
    {
        final UnsafeBuffer record = new UnsafeBuffer(new byte[RECORD_BYTES]);
        try (ChronicleJournal journal = new ChronicleJournal(dir, true))
        {
            journal.onStart();
            journal.append(record, 0, RECORD_BYTES);
            journal.endOfBatch();
            assertEquals(SyncMode.SYNC, journal.appenderSyncMode(), "MS_SYNC: the msync returns once the pages are on disk");
        }
    }

    @Test
    void shouldNeverMsyncAnUnsyncedJournal()
    {
        final UnsafeBuffer record = new UnsafeBuffer(new byte[RECORD_BYTES]);
        try (ChronicleJournal journal = new ChronicleJournal(dir, false))
        {
            journal.onStart();
            journal.append(record, 0, RECORD_BYTES);
            journal.endOfBatch();
            assertEquals(RECORD_BYTES, journal.counters().bytes());
            assertEquals(0, journal.counters().syncs());
        }
    }

    @Test
    void shouldThrowNamingTheFileAndTheCauseWhenTheMsyncFails()
    {
        final UnsafeBuffer record = new UnsafeBuffer(new byte[RECORD_BYTES]);
        try (ChronicleJournal journal = new ChronicleJournal(dir, true))
        {
            journal.onStart();
            journal.append(record, 0, RECORD_BYTES);
            final JournalException failure;
            try (FailingMsync failing = FailingMsync.install())
            {
                failure = assertThrows(JournalException.class, journal::endOfBatch);
            }
            assertTrue(failure.getMessage().contains("msync of the journal at " + dir + " failed"), failure.getMessage());
            assertTrue(failure.getMessage().contains("Invalid argument"), "errno as the kernel gave it: " + failure.getMessage());
            assertEquals(0, journal.counters().syncs(), "not counted as synced");

            journal.append(record, 0, RECORD_BYTES);
            final JournalException refused = assertThrows(JournalException.class, journal::endOfBatch,
                "msync works again, but Chronicle counts the failed range as synced: no later batch can be promised");
            assertTrue(refused.getMessage().contains("takes no more batches: msync of the journal"), refused.getMessage());
            assertEquals(0, journal.counters().syncs());
        }
    }

    @Test
    void shouldRefuseToOpenASyncedJournalWhereMsyncWouldDoNothing()
    {
        final PosixAPI real = PosixAPI.posix();
        try
        {
            PosixAPI.useNoOpPosixApi(); // what Chronicle falls back to when its POSIX library does not load
            final JournalException refused = assertThrows(JournalException.class, () -> new ChronicleJournal(dir, true));
            assertTrue(refused.getMessage().contains("msync would do nothing"), refused.getMessage());
            new ChronicleJournal(dir, false).close(); // unsynced asks nothing of msync
        }
        finally
        {
            PosixAPIHolder.POSIX_API = real;
        }
    }

    @Test
    void shouldMsyncBehindAtMostOneBatchBehindAndEverythingByClose()
    {
        final UnsafeBuffer record = new UnsafeBuffer(new byte[RECORD_BYTES]);
        final ChronicleJournal journal = new ChronicleJournal(dir, ChronicleJournal.Sync.EVERY_BATCH_BEHIND);
        try (journal)
        {
            journal.onStart();
            journal.append(record, 0, RECORD_BYTES);
            journal.endOfBatch(); // hands the msync over and returns
            journal.append(record, 0, RECORD_BYTES);
            journal.append(record, 0, RECORD_BYTES);
            journal.endOfBatch();
            assertTrue(journal.counters().syncedBytes() >= RECORD_BYTES, "the first batch's msync made before the second's");
            assertEquals(SyncMode.SYNC, journal.appenderSyncMode());
        }
        assertEquals(3 * RECORD_BYTES, journal.counters().syncedBytes(), "close waits for the last msync");
        assertEquals(2, journal.counters().syncs());
    }

    @Test
    void shouldThrowAFailedMsyncBehindAtTheNextEndOfBatch()
    {
        final UnsafeBuffer record = new UnsafeBuffer(new byte[RECORD_BYTES]);
        try (ChronicleJournal journal = new ChronicleJournal(dir, ChronicleJournal.Sync.EVERY_BATCH_BEHIND))
        {
            journal.onStart();
            final JournalException failure;
            try (FailingMsync failing = FailingMsync.install())
            {
                journal.append(record, 0, RECORD_BYTES);
                journal.endOfBatch(); // the msync fails on the journal's msync thread
                journal.append(record, 0, RECORD_BYTES);
                failure = assertThrows(JournalException.class, journal::endOfBatch);
            }
            assertTrue(failure.getMessage().contains("msync of the journal at " + dir + " failed"), failure.getMessage());
            assertTrue(failure.getMessage().contains("Invalid argument"), failure.getMessage());
            assertThrows(JournalException.class, journal::endOfBatch, "no batch after a failed msync");
            assertEquals(0, journal.counters().syncs());
        }
    }

    /**
     * The node hears of a failed msync behind from the listener and stops; its pipeline thread never
     * reaches another end of batch. Closing the journal then must not throw the same failure a second time
     * (the node's close threw it at whoever stopped the node).
     */
    @Test
    void shouldNotThrowAtCloseAFailedMsyncBehindAlreadyToldToTheListener() throws Exception
    {
        final UnsafeBuffer record = new UnsafeBuffer(new byte[RECORD_BYTES]);
        final java.util.concurrent.CompletableFuture<JournalException> told = new java.util.concurrent.CompletableFuture<>();
        final ChronicleJournal journal = new ChronicleJournal(dir, ChronicleJournal.Sync.EVERY_BATCH_BEHIND);
        journal.onSyncFailure(told::complete);
        journal.onStart();
        try (FailingMsync failing = FailingMsync.install())
        {
            journal.append(record, 0, RECORD_BYTES);
            journal.endOfBatch(); // the msync fails on the journal's msync thread
            final JournalException failure = told.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(failure.getMessage().contains("Invalid argument"), failure.getMessage());
        }
        journal.close();
        assertEquals(0, journal.counters().syncs());
    }

    @Test
    void shouldThrowAtCloseAFailedMsyncBehindThatNobodyWasTold()
    {
        final UnsafeBuffer record = new UnsafeBuffer(new byte[RECORD_BYTES]);
        final ChronicleJournal journal = new ChronicleJournal(dir, ChronicleJournal.Sync.EVERY_BATCH_BEHIND);
        journal.onStart();
        final JournalException failure;
        try (FailingMsync failing = FailingMsync.install())
        {
            journal.append(record, 0, RECORD_BYTES);
            journal.endOfBatch();
            failure = assertThrows(JournalException.class, journal::close, "the last batch is not on disk");
        }
        assertTrue(failure.getMessage().contains("Invalid argument"), failure.getMessage());
    }
}
