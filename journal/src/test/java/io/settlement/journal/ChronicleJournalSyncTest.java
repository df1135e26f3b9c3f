package io.settlement.journal;

import java.nio.file.Path;

import org.agrona.concurrent.UnsafeBuffer;
import net.openhft.chronicle.bytes.SyncMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A synced journal msyncs at the end of each batch everything written since the last msync. */
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
}
