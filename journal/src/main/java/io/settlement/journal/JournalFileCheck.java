package io.settlement.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.stream.Stream;

import net.openhft.chronicle.queue.RollCycles;

/**
 * The one check that a journal's files end cleanly, shared by recovery (before a node opens its
 * journals for writing) and by the auditor's replay (before it reads): the chain of Chronicle
 * records in each file must end in an empty header slot (or an unfinished write), not in bytes
 * that read as the header of a record running past the end of the file.
 *
 * <p>Such bytes (a stray write, a bad copy) are damage that Chronicle does not report: a reader
 * takes them for the header of a next record, which in a read-only replay faults
 * ({@code InternalError}) and in a writable node is skipped over (growing the file), so that
 * records appended afterwards sit behind the garbage. This check finds them first, by walking the
 * chain of record headers from the start of each file: a header is 4 bytes, little-endian, bit 31
 * "not complete", bit 30 "metadata", the low 30 bits the length of the record that follows;
 * records start on 4-byte boundaries; a zero header is the end.
 *
 * <p>Not damage: bytes after an empty header slot, which is what a writer killed in the middle of
 * a record leaves (Chronicle writes a record's bytes before its header, and zeroes the next slot
 * before it publishes a header, so writers and readers stop at the slot and the next record is
 * written over them); a header still marked "not complete" (readers stop there, writers overwrite
 * it); the end-of-file marker of a rolled file. Records inside the chain are checked by
 * {@link JournalReader}: a header with a plausible length over garbage reads as a malformed record.
 */
public final class JournalFileCheck
{
    private static final int NOT_COMPLETE = 0x8000_0000;
    private static final int LENGTH_MASK = 0x3FFF_FFFF;
    private static final int META_DATA = 0x4000_0000;
    private static final int WINDOW_BYTES = 64 * 1024;
    private static final int SCAN_BYTES = 1 << 20;
    private static final DateTimeFormatter CYCLE_FILE = DateTimeFormatter.ofPattern(RollCycles.FAST_DAILY.format());

    /** Where a journal file is damaged. */
    public record Damage(String journal, Path file, long position, long endPosition, long recordsBefore, long lastIndex)
    {
        /** One line: the file, the byte offset, the last whole record before it. */
        public String describe()
        {
            final String after = recordsBefore == 0 ? "before its first record"
                : "after its last whole record (record " + recordsBefore + " of the file"
                + (lastIndex >= 0 ? ", index 0x" + Long.toHexString(lastIndex) : "") + ")";
            return journal + " journal file " + file + " is damaged: " + (endPosition - position)
                + " bytes that are not a record at byte " + position + ", " + after;
        }
    }

    private JournalFileCheck()
    {
    }

    /**
     * @param directory a journal's Chronicle directory (a missing one is clean: an empty journal)
     * @param journal   what it holds, for the message ("command", "event")
     * @return the first damage found, or null when every file ends cleanly.
     */
    public static Damage find(final Path directory, final String journal)
    {
        if (!Files.isDirectory(directory))
        {
            return null;
        }
        try (Stream<Path> files = Files.list(directory))
        {
            final List<Path> queueFiles = files.filter(f -> f.getFileName().toString().endsWith(".cq4")).sorted().toList();
            for (final Path file : queueFiles)
            {
                final Damage damage = check(file, journal);
                if (damage != null)
                {
                    return damage;
                }
            }
            return null;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the " + journal + " journal in " + directory + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Cuts the damaged file back to its last whole record: the damaged bytes become zeros again
     * (the file keeps its size, as Chronicle made it). Only with no node holding the directory.
     */
    public static void truncate(final Damage damage) throws IOException
    {
        try (FileChannel channel = FileChannel.open(damage.file(), StandardOpenOption.WRITE))
        {
            final long size = channel.size();
            channel.truncate(damage.position());
            channel.write(ByteBuffer.allocate(1), size - 1); // back to its size: the cut part reads as zeros
            channel.force(true);
        }
    }

    private static Damage check(final Path file, final String journal) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final Walker walker = new Walker(channel);
            long position = 0;
            long records = 0;
            while (position + 4 <= channel.size())
            {
                final int header = walker.intAt(position);
                if (header == 0 || (header & NOT_COMPLETE) != 0)
                {
                    return null; // the end: an empty slot, an unfinished write, or a rolled file's end-of-file marker
                }
                final long next = (position + 4 + (header & LENGTH_MASK) + 3) & ~3L;
                if (next > channel.size()) // read again: a live writer may have grown the file meanwhile
                {
                    return damage(journal, file, position, walker.lastNonZero(position, channel.size()) + 1, records);
                }
                if ((header & META_DATA) == 0)
                {
                    records++;
                }
                position = next;
            }
            return null; // the chain fills the file exactly
        }
    }

    private static Damage damage(final String journal, final Path file, final long position, final long end, final long records)
    {
        long lastIndex = -1;
        if (records > 0)
        {
            try
            {
                final String name = file.getFileName().toString();
                final int cycle = (int)LocalDate.parse(name.substring(0, name.length() - ".cq4".length()), CYCLE_FILE).toEpochDay();
                lastIndex = RollCycles.FAST_DAILY.toIndex(cycle, records - 1);
            }
            catch (final DateTimeParseException | IndexOutOfBoundsException notADailyFile)
            {
                // named without the index
            }
        }
        return new Damage(journal, file, position, end, records, lastIndex);
    }

    /** Positional reads through a window (no mapping), so that a file being written or cut never faults a reader. */
    private static final class Walker
    {
        private final FileChannel channel;
        private final ByteBuffer window = ByteBuffer.allocateDirect(WINDOW_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        private long windowStart = -1;
        private int windowLength;

        Walker(final FileChannel channel)
        {
            this.channel = channel;
        }

        int intAt(final long position) throws IOException
        {
            if (windowStart < 0 || position < windowStart || position + 4 > windowStart + windowLength)
            {
                window.clear();
                windowLength = Math.max(0, channel.read(window, position));
                windowStart = position;
                if (windowLength < 4)
                {
                    return 0;
                }
            }
            return window.getInt((int)(position - windowStart));
        }

        /** @return the last non-zero byte in [from, to), or from - 1 (to measure damage: not on the clean path). */
        long lastNonZero(final long from, final long to) throws IOException
        {
            final ByteBuffer scan = ByteBuffer.allocate(SCAN_BYTES);
            long last = from - 1;
            long position = from;
            while (position < to)
            {
                scan.clear();
                scan.limit((int)Math.min(SCAN_BYTES, to - position));
                final int read = channel.read(scan, position);
                if (read <= 0)
                {
                    break;
                }
                for (int i = read - 1; i >= 0; i--)
                {
                    if (scan.get(i) != 0)
                    {
                        last = position + i;
                        break;
                    }
                }
                position += read;
            }
            return last;
        }
    }
}
