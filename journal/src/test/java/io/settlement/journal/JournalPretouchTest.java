package io.settlement.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The pages ahead of a journal's write position are faulted in by a thread of the journal's own, not
 * by the appender's next writes (perf-results/issue15-latency.txt: the kernel's read-ahead of a hole
 * zeroed 8 MB on the appending thread per fault). Read from the kernel's own account of this process's
 * mappings, {@code /proc/self/smaps}, with mincore(2) for which of the file's pages are in the page
 * cache.
 */
class JournalPretouchTest
{
    private static final Path SMAPS = Path.of("/proc/self/smaps");
    private static final int RECORD_BYTES = 64 * 1024;
    private static final long WAIT_MS = 10_000;

    @TempDir
    Path dir;

    @Test
    void shouldReadThePagesAheadOfTheWritePositionIntoThePageCacheOnAThreadOfItsOwn() throws Exception
    {
        assumeTrue(Files.isReadable(SMAPS), "needs Linux's /proc/self/smaps");
        final UnsafeBuffer record = new UnsafeBuffer(new byte[RECORD_BYTES]);
        try (ChronicleJournal journal = new ChronicleJournal(dir, false))
        {
            journal.onStart();
            journal.append(record, 0, RECORD_BYTES);
            journal.endOfBatch();

            // written: 64 KB and Chronicle's header; in the page cache once read ahead: the 16 MB after it (more
            // than the kernel's own read-ahead around the first write's fault would have read in: 8 MB here)
            final long expected = JournalPretouch.AHEAD;
            final long deadline = System.currentTimeMillis() + WAIT_MS;
            long cached = cachedBytesOfFirstMapping();
            while (cached < expected && System.currentTimeMillis() < deadline)
            {
                Thread.sleep(10);
                cached = cachedBytesOfFirstMapping();
            }
            assertTrue(cached >= expected, "bytes of the journal file's first mapping in the page cache " + cached
                + ", expected at least " + expected);
        }
    }

    @Test
    void shouldTouchIntoTheNextChunkBeforeTheAppenderGetsThere() throws Exception
    {
        assumeTrue(Files.isReadable(SMAPS), "needs Linux's /proc/self/smaps");
        final UnsafeBuffer record = new UnsafeBuffer(new byte[RECORD_BYTES]);
        try (ChronicleJournal journal = new ChronicleJournal(dir, false))
        {
            journal.onStart();
            journal.append(record, 0, RECORD_BYTES);
            journal.endOfBatch();
            final long chunk = journal.chunkSize();
            long written = RECORD_BYTES;
            while (written < chunk - JournalPretouch.AHEAD / 2)
            {
                journal.append(record, 0, RECORD_BYTES);
                journal.endOfBatch();
                written += RECORD_BYTES;
            }
            final long deadline = System.currentTimeMillis() + WAIT_MS;
            while (journal.pretouchedUpTo() <= chunk && System.currentTimeMillis() < deadline)
            {
                Thread.sleep(10);
            }
            assertTrue(journal.pretouchedUpTo() > chunk, "touched up to " + journal.pretouchedUpTo()
                + ", past the first chunk's end " + chunk + " while the appender is still in it, at " + written);
        }
    }

    @Test
    void shouldKeepReadingAheadChunkAfterChunkWithinEachChunksMapping() throws Exception
    {
        // batches of 1 MB: after the last write into a chunk the write position is past the chunk's end, and the 16 MB
        // ahead of it reach past the end of the chunk's mapping (chunk and overlap) in the second chunk and after
        final UnsafeBuffer record = new UnsafeBuffer(new byte[ChronicleJournal.MAX_BATCH_BYTES]);
        try (ChronicleJournal journal = new ChronicleJournal(dir, false))
        {
            journal.onStart();
            journal.append(record, 0, record.capacity());
            journal.endOfBatch();
            final long chunk = journal.chunkSize();
            for (long written = record.capacity(); written < 3 * chunk + chunk / 2; written += record.capacity())
            {
                journal.append(record, 0, record.capacity());
                journal.endOfBatch();
            }
            final long deadline = System.currentTimeMillis() + WAIT_MS;
            while (journal.pretouchedUpTo() <= 3 * chunk + chunk / 2 && System.currentTimeMillis() < deadline)
            {
                Thread.sleep(10);
            }
            assertEquals(1, pretouchThreads(), "the thread still runs in the fourth chunk");
            assertTrue(journal.pretouchedUpTo() > 3 * chunk + chunk / 2, "read in up to " + journal.pretouchedUpTo()
                + ", ahead of the appender in the fourth chunk");
        }
    }

    @Test
    void shouldStopItsThreadWhenTheJournalCloses() throws Exception
    {
        final UnsafeBuffer record = new UnsafeBuffer(new byte[RECORD_BYTES]);
        try (ChronicleJournal journal = new ChronicleJournal(dir, false))
        {
            journal.onStart();
            journal.append(record, 0, RECORD_BYTES);
            journal.endOfBatch();
            assertEquals(1, pretouchThreads(), "one thread for the journal");
        }
        assertEquals(0, pretouchThreads(), "none once closed");
    }

    private long pretouchThreads()
    {
        final String name = "pretouch-" + dir.getFileName();
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name) && t.isAlive()).count();
    }

    /** The C library's mincore(2): which pages of a mapping are in the page cache (the file's, for a file mapping). */
    public interface LibC
    {
        int mincore(long address, long length, byte[] pages);
    }

    private static final LibC LIBC = jnr.ffi.LibraryLoader.create(LibC.class).load("c");

    /** Bytes of the journal file's mapping from its start (the first chunk), up to 32 MB of it, in the page cache. */
    private long cachedBytesOfFirstMapping() throws IOException
    {
        long start = Long.MAX_VALUE;
        long end = 0;
        try (Stream<String> lines = Files.lines(SMAPS))
        {
            for (final String line : (Iterable<String>)lines::iterator)
            {
                // "start-end perms offset dev inode path": the mapping of the file from its offset 0
                final String[] fields = line.split("\\s+");
                if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*") && line.contains(dir.toString()) && line.endsWith(".cq4")
                    && Long.parseLong(fields[2], 16) == 0)
                {
                    final String[] range = fields[0].split("-");
                    start = Long.parseUnsignedLong(range[0], 16);
                    end = Long.parseUnsignedLong(range[1], 16);
                }
            }
        }
        if (start == Long.MAX_VALUE)
        {
            return 0;
        }
        final int page = 4096;
        final long length = Math.min(end - start, 32L << 20);
        final byte[] pages = new byte[(int)(length / page)];
        assertEquals(0, LIBC.mincore(start, length, pages), "mincore");
        long cached = 0;
        for (final byte p : pages)
        {
            cached += (p & 1) * (long)page;
        }
        return cached;
    }
}
