package io.settlement.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The journal's mappings are advised random access (no read-ahead), the chunk after the one written
 * into included, so that the first write to each page of a journal file does not zero the device's
 * whole read-ahead window on the appending thread (perf-results/issue15-latency.txt). Read from the
 * kernel's own account of this process's mappings: {@code /proc/self/smaps}, whose {@code VmFlags}
 * line has {@code rr} for a mapping advised {@code MADV_RANDOM}.
 */
class AppendAdviceTest
{
    private static final Path SMAPS = Path.of("/proc/self/smaps");
    private static final int RECORD_BYTES = 64 * 1024;

    @TempDir
    Path dir;

    @Test
    void shouldAdviseEveryChunkTheAppenderMapsIncludingTheNextBeforeItsFirstWrite() throws IOException
    {
        assumeTrue(Files.isReadable(SMAPS), "needs Linux's /proc/self/smaps");
        final UnsafeBuffer record = new UnsafeBuffer(new byte[RECORD_BYTES]);
        try (ChronicleJournal journal = new ChronicleJournal(dir, false))
        {
            journal.onStart();
            journal.append(record, 0, RECORD_BYTES);
            journal.endOfBatch();

            final List<String> first = journalMappings();
            assertEquals(2, first.size(), "the chunk written into and the next, mapped ahead: " + first);
            first.forEach(flags -> assertTrue(flags.contains(" rr"), "advised random access: " + first));

            final long chunk = journal.chunkSize();
            for (long written = RECORD_BYTES; written < chunk + RECORD_BYTES; written += RECORD_BYTES)
            {
                journal.append(record, 0, RECORD_BYTES);
                journal.endOfBatch();
            }
            final List<String> later = journalMappings();
            assertTrue(later.size() >= 2, "the second chunk and the third, mapped ahead: " + later);
            later.forEach(flags -> assertTrue(flags.contains(" rr"), "advised random access: " + later));
        }
    }

    @Test
    void shouldLeaveAReadersMappingsReadingAhead() throws IOException
    {
        assumeTrue(Files.isReadable(SMAPS), "needs Linux's /proc/self/smaps");
        final UnsafeBuffer record = new UnsafeBuffer(new byte[RECORD_BYTES]);
        try (ChronicleJournal journal = new ChronicleJournal(dir, false))
        {
            journal.onStart();
            journal.append(record, 0, RECORD_BYTES);
            journal.endOfBatch();
        }
        try (ChronicleQueue queue = ChronicleJournal.open(dir, true); ExcerptTailer tailer = queue.createTailer();
            DocumentContext document = tailer.readingDocument())
        {
            assertTrue(document.isPresent(), "the batch written");
            final List<String> mappings = journalMappings();
            assertFalse(mappings.isEmpty(), "the reader maps the file");
            mappings.forEach(flags -> assertFalse(flags.contains(" rr"), "a reader keeps the kernel's read-ahead: " + mappings));
        }
    }

    /** The VmFlags line of each of this process's mappings of a journal file under {@link #dir}. */
    private List<String> journalMappings() throws IOException
    {
        final List<String> flags = new ArrayList<>();
        boolean inJournal = false;
        try (Stream<String> lines = Files.lines(SMAPS))
        {
            for (final String line : (Iterable<String>)lines::iterator)
            {
                if (isMappingHeader(line))
                {
                    inJournal = line.contains(dir.toString()) && line.endsWith(".cq4");
                }
                else if (inJournal && line.startsWith("VmFlags:"))
                {
                    flags.add(line);
                }
            }
        }
        return flags;
    }

    /** A mapping's first line: "start-end perms offset dev inode [path]". */
    private static boolean isMappingHeader(final String line)
    {
        return line.matches("^[0-9a-f]+-[0-9a-f]+ .*");
    }
}
