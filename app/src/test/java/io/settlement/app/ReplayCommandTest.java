package io.settlement.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.RecordFrame;
import io.settlement.journal.ChronicleJournal;
import io.settlement.journal.DataDirectory;
import io.settlement.journal.JournalReader;
import io.settlement.journal.SettlementNode;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The auditor's replay over a journal made by a demo run: clean, tampered, and as of a sequence. */
class ReplayCommandTest
{
    @TempDir
    static Path root;
    static Path demoDir;
    static String demoHash;

    @BeforeAll
    static void runDemo()
    {
        demoDir = root.resolve("demo");
        final StringWriter out = new StringWriter();
        assertEquals(0, SettlementCli.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
            "demo", "--deals", "20000", "--clients", "2", "--data", demoDir.toString()), out.toString());
        demoHash = lastHash(out.toString());
    }

    private static String lastHash(final String text)
    {
        final Matcher m = Pattern.compile("state-hash: ([0-9a-f]{16})").matcher(text);
        String hash = null;
        while (m.find())
        {
            hash = m.group(1);
        }
        assertTrue(hash != null, text);
        return hash;
    }

    private final StringWriter out = new StringWriter();

    private int replay(final String... args)
    {
        return SettlementCli.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), args);
    }

    @Test
    void shouldVerifyADemoJournalCleanAndReproduceItsStateHash() throws IOException
    {
        final Path deals = root.resolve("deals.csv");
        final Path positions = root.resolve("positions.csv");
        assertEquals(0, replay("replay", "--data", demoDir.toString(), "--verify",
            "--export", deals.toString(), "--positions", positions.toString()));

        final List<String> lines = out.toString().lines().toList();
        assertEquals("state-hash: " + demoHash, lines.get(lines.size() - 2));
        assertTrue(lines.get(lines.size() - 1).matches("verified: \\d+ commands, 0 mismatches"), lines.toString());
        final List<String> register = Files.readAllLines(deals);
        assertTrue(register.get(0).startsWith("dealId,clientDealId,buyerId,sellerId"));
        assertTrue(register.size() > 1000, "the register lists the deals: " + register.size());
        assertTrue(Files.readAllLines(positions).size() > 10);
    }

    @Test
    void shouldNameTheSequenceOfATamperedEvent() throws IOException
    {
        final Path tampered = root.resolve("tampered");
        copyTree(new DataDirectory(demoDir).commands(), new DataDirectory(tampered).commands());
        final long target = copyEventsTamperingOne(new DataDirectory(demoDir).events(), new DataDirectory(tampered).events(), 5_000);

        assertEquals(ReplayCommand.MISMATCHES_FOUND, replay("replay", "--data", tampered.toString(), "--verify"));

        final String text = out.toString();
        assertTrue(text.contains("first mismatch at sequence " + target + ":"), text);
        assertTrue(text.contains(", 1 mismatches"), text);
    }

    @Test
    void shouldGiveTheStateAsOfAMidSequence()
    {
        assertEquals(0, replay("replay", "--data", demoDir.toString(), "--to", "10000"));
        final String text = out.toString();
        assertTrue(text.contains("replayed 10,000 commands"), text);
        final String midHash = lastHash(text);
        assertTrue(!midHash.equals(demoHash), "the state at 10,000 is not the final state");
        out.getBuffer().setLength(0);
        assertEquals(0, replay("replay", "--data", demoDir.toString(), "--to", "10000"));
        assertEquals(midHash, lastHash(out.toString()), "and it is reproducible");
    }

    @Test
    void shouldRefuseADirectoryWithoutAJournalInOneLine()
    {
        final StringWriter err = new StringWriter();
        assertEquals(1, SettlementCli.run(new PrintWriter(out, true), new PrintWriter(err, true),
            "replay", "--data", root.resolve("nothing-here").toString()));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("settlement: no command journal"), err.toString());
    }

    /**
     * A journal of the hand-written encoding before the journal schema (a type code, format version
     * 1, fields at fixed offsets: here one Deposit as that encoding wrote it) is not readable any
     * more, and says so in one line.
     */
    @Test
    void shouldRefuseAJournalOfTheUnversionedFormatInOneLine()
    {
        final Path old = root.resolve("unversioned");
        final UnsafeBuffer record = new UnsafeBuffer(new byte[54]);
        record.putByte(0, (byte)22); // DEPOSIT
        record.putByte(1, (byte)1); // format version 1
        record.putLong(2, 1, ByteOrder.LITTLE_ENDIAN); // sequence
        record.putLong(34, 1, ByteOrder.LITTLE_ENDIAN); // participantId
        record.putInt(42, 840, ByteOrder.LITTLE_ENDIAN); // instrumentId
        record.putLong(46, 500, ByteOrder.LITTLE_ENDIAN); // amount
        try (ChronicleJournal commands = new ChronicleJournal(new DataDirectory(old).commands(), false))
        {
            commands.append(record, 0, record.capacity());
        }
        final StringWriter err = new StringWriter();
        assertEquals(1, replay(err, "replay", "--data", old.toString()));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("settlement: the command journal was written by an older, unversioned format"),
            err.toString());
    }

    private int replay(final StringWriter err, final String... args)
    {
        return SettlementCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void shouldReportACrashTailApartAndExitCleanWhenNoJournaledEventDisagrees() throws IOException
    {
        // a node killed after journaling its last commands, before journaling their outcomes
        final Path crashed = root.resolve("crashed");
        copyTree(new DataDirectory(demoDir).commands(), new DataDirectory(crashed).commands());
        final long firstLost = copyEventsDroppingTheLast(new DataDirectory(demoDir).events(), new DataDirectory(crashed).events(), 500);

        assertEquals(0, replay("replay", "--data", crashed.toString(), "--verify"), out.toString());

        final String text = out.toString();
        final Matcher tail = Pattern.compile("not journaled: the outcomes of the last ([\\d,]+) commands \\(sequence (\\d+) to (\\d+)\\): "
            + "the node stopped before journaling their outcomes; recovery re-derives them; replayed, 500 events derived").matcher(text);
        assertTrue(tail.find(), text);
        assertEquals(firstLost, Long.parseLong(tail.group(2)));
        final long tailCommands = Long.parseLong(tail.group(1).replace(",", ""));
        final long last = Long.parseLong(tail.group(3));
        assertEquals(last - firstLost + 1, tailCommands);
        assertTrue(text.contains("verified: " + (last - tailCommands) + " commands, 0 mismatches; " + tailCommands
            + " replayed whose outcomes are not journaled"), text);
        assertEquals(demoHash, lastHash(text), "the tail is replayed too");
    }

    @Test
    void shouldNameAMissingEventJournalInOneLine() throws IOException
    {
        final Path noEvents = root.resolve("no-events");
        copyTree(new DataDirectory(demoDir).commands(), new DataDirectory(noEvents).commands());
        final StringWriter err = new StringWriter();

        assertEquals(1, replay(err, "replay", "--data", noEvents.toString(), "--verify"));

        assertEquals(List.of("settlement: no event journal in " + noEvents + " (expected " + new DataDirectory(noEvents).events()
            + "): nothing to verify the replay against"), err.toString().lines().toList());
        assertTrue(!out.toString().contains("mismatches"), out.toString());

        Files.createDirectories(new DataDirectory(noEvents).events());
        final StringWriter empty = new StringWriter();
        assertEquals(1, replay(empty, "replay", "--data", noEvents.toString(), "--verify"));
        assertTrue(empty.toString().matches("settlement: the event journal in " + Pattern.quote(new DataDirectory(noEvents).events().toString())
            + " holds no events for the \\d+ journaled commands: nothing was verified\\R"), empty.toString());
    }

    @Test
    void shouldReportGarbageAfterTheLastRecordInOneLineAndExit1() throws IOException
    {
        final Path damaged = root.resolve("damaged");
        copyTree(demoDir.resolve("commands"), damaged.resolve("commands"));
        copyTree(demoDir.resolve("events"), damaged.resolve("events"));
        final long[] end = endOfJournal(damaged.resolve("commands"));
        final Path file;
        try (Stream<Path> files = Files.list(damaged.resolve("commands")))
        {
            file = files.filter(f -> f.toString().endsWith(".cq4")).sorted(Comparator.reverseOrder()).findFirst().orElseThrow();
        }
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(end[0]);
            raf.write("not a record".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        final StringWriter err = new StringWriter();

        assertEquals(1, replay(err, "replay", "--data", damaged.toString(), "--verify"));

        assertEquals(List.of("settlement: command journal file " + file + " is damaged: 12 bytes that are not a record at byte "
            + end[0] + ", after its last whole record (record " + end[2] + " of the file, index 0x" + Long.toHexString(end[1]) + ")"),
            err.toString().lines().toList());
    }

    @Test
    void shouldRunBesideALiveNodeAndSaySo() throws IOException
    {
        try (SettlementNode node = SettlementNode.start(new SettlementNode.Config(demoDir).log(line -> {})))
        {
            assertEquals(0, replay("replay", "--data", demoDir.toString(), "--verify"), out.toString());
            assertTrue(out.toString().startsWith("the data directory is in use by pid " + ProcessHandle.current().pid() + " on host "),
                out.toString());
            assertEquals(demoHash, lastHash(out.toString()));
        }
    }

    @Test
    void shouldRefuseASequenceBelowOne()
    {
        final StringWriter err = new StringWriter();
        assertEquals(2, replay(err, "replay", "--data", demoDir.toString(), "--to", "-5"));
        assertTrue(err.toString().startsWith("--to must be a command sequence, 1 or more (got -5)"), err.toString());
        assertEquals("", out.toString(), "nothing replayed");
        assertEquals(2, replay(err, "replay", "--data", demoDir.toString(), "--to", "0"));
    }

    @Test
    void shouldSayWhereTheJournalEndsWhenAskedToGoBeyondIt()
    {
        assertEquals(0, replay("replay", "--data", demoDir.toString(), "--to", "99999999"));
        final String text = out.toString();
        final Matcher m = Pattern.compile("replayed ([\\d,]+) commands in .*; the journal ends at sequence (\\d+) \\(--to asked for 99999999\\)")
            .matcher(text);
        assertTrue(m.find(), text);
        assertEquals(Long.parseLong(m.group(1).replace(",", "")), Long.parseLong(m.group(2)));
        assertTrue(!text.contains("up to sequence 99999999"), text);
        assertEquals(demoHash, lastHash(text));
    }

    @Test
    void shouldRefuseAnUnwritableOutputBeforeReplaying() throws IOException
    {
        final StringWriter err = new StringWriter();
        final Path noDirectory = root.resolve("no-such-directory").resolve("deals.csv");
        assertEquals(1, replay(err, "replay", "--data", demoDir.toString(), "--export", noDirectory.toString()));
        assertEquals(List.of("settlement: cannot write --export " + noDirectory + ": no directory " + noDirectory.getParent()),
            err.toString().lines().toList());

        final StringWriter err2 = new StringWriter();
        assertEquals(1, replay(err2, "replay", "--data", demoDir.toString(), "--positions", root.toString()));
        assertEquals(List.of("settlement: cannot write --positions " + root + ": it is a directory"), err2.toString().lines().toList());
        assertEquals("", out.toString(), "refused before replaying anything");
        assertTrue(!Files.exists(noDirectory.getParent()));
    }

    @Test
    void shouldPrintOneProgressLinePerReportWhenNotATerminal() throws IOException
    {
        final Path big = root.resolve("big");
        final Command command = new Command();
        try (ChronicleJournal commands = new ChronicleJournal(new DataDirectory(big).commands(), false))
        {
            for (long sequence = 1; sequence <= 200_001; sequence++)
            {
                command.advanceBusinessDate(0, 0, 20260105);
                command.sequence = sequence;
                commands.append(command);
                if (sequence % 1000 == 0)
                {
                    commands.endOfBatch();
                }
            }
        }
        final StringWriter err = new StringWriter();

        assertEquals(0, replay(err, "replay", "--data", big.toString()));

        assertEquals(List.of("replayed 100,000 commands", "replayed 200,000 commands"), err.toString().lines().toList());
        assertTrue(!err.toString().contains("\r"));
        assertTrue(out.toString().contains("replayed 200,001 commands"), out.toString());
    }

    /** Where Chronicle's own tailer ends a one-file journal: {next header position, last index, records}. */
    static long[] endOfJournal(final Path journal)
    {
        long limit = -1;
        long index = -1;
        long records = 0;
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(journal).readOnly(true).build();
            ExcerptTailer tailer = queue.createTailer())
        {
            while (true)
            {
                try (DocumentContext document = tailer.readingDocument())
                {
                    if (!document.isPresent())
                    {
                        break;
                    }
                    limit = document.wire().bytes().readLimit();
                    index = document.index();
                    records++;
                }
            }
        }
        assertTrue(records > 0);
        return new long[] {(limit + 3) & ~3L, index, records};
    }

    /** Copies the event journal without its last {@code drop} events; returns the sequence of the first one dropped. */
    private static long copyEventsDroppingTheLast(final Path from, final Path to, final int drop)
    {
        long total = 0;
        try (JournalReader reader = JournalReader.openReadOnly(from, JournalReader.Kind.EVENTS))
        {
            while (reader.next() > 0)
            {
                total++;
            }
        }
        long firstDropped = -1;
        try (JournalReader reader = JournalReader.openReadOnly(from, JournalReader.Kind.EVENTS);
            ChronicleJournal writer = new ChronicleJournal(to, false))
        {
            long count = 0;
            int length;
            while ((length = reader.next()) > 0)
            {
                if (++count > total - drop)
                {
                    firstDropped = reader.buffer().getLong(reader.offset() + RecordFrame.BLOCK_OFFSET, ByteOrder.LITTLE_ENDIAN);
                    break;
                }
                writer.append(reader.buffer(), reader.offset(), length);
                if (count % 1000 == 0)
                {
                    writer.endOfBatch();
                }
            }
        }
        assertTrue(firstDropped > 0);
        return firstDropped;
    }

    /** Copies the event journal, changing one byte of the {@code n}-th event; returns that event's command sequence. */
    private static long copyEventsTamperingOne(final Path from, final Path to, final long n)
    {
        long tamperedSequence = -1;
        try (JournalReader reader = JournalReader.openReadOnly(from, JournalReader.Kind.EVENTS);
            ChronicleJournal writer = new ChronicleJournal(to, false))
        {
            final UnsafeBuffer copy = new UnsafeBuffer(new byte[256]);
            long count = 0;
            int length;
            while ((length = reader.next()) > 0)
            {
                copy.putBytes(0, reader.buffer(), reader.offset(), length);
                if (++count == n)
                {
                    tamperedSequence = copy.getLong(RecordFrame.BLOCK_OFFSET, ByteOrder.LITTLE_ENDIAN);
                    final int lastByte = length - RecordFrame.CHECKSUM_LENGTH - 1;
                    copy.putByte(lastByte, (byte)(copy.getByte(lastByte) ^ 0x01)); // the last field's low bit
                    // and the checksum recomputed, as someone altering the record on purpose would
                    final CRC32C crc = new CRC32C();
                    crc.update(copy.byteArray(), RecordFrame.HEADER_OFFSET, lastByte + 1 - RecordFrame.HEADER_OFFSET);
                    copy.putInt(lastByte + 1, (int)crc.getValue(), ByteOrder.LITTLE_ENDIAN);
                }
                writer.append(copy, 0, length);
                if (count % 1000 == 0)
                {
                    writer.endOfBatch();
                }
            }
        }
        assertTrue(tamperedSequence > 0);
        return tamperedSequence;
    }

    private static void copyTree(final Path from, final Path to) throws IOException
    {
        try (Stream<Path> files = Files.walk(from))
        {
            for (final Path file : (Iterable<Path>)files.sorted(Comparator.naturalOrder())::iterator)
            {
                final Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file))
                {
                    Files.createDirectories(target);
                }
                else
                {
                    Files.copy(file, target);
                }
            }
        }
    }
}
