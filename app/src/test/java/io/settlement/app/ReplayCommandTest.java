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

import io.settlement.journal.ChronicleJournal;
import io.settlement.journal.DataDirectory;
import io.settlement.journal.JournalReader;
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
                    tamperedSequence = copy.getLong(2, ByteOrder.LITTLE_ENDIAN);
                    copy.putByte(length - 1, (byte)(copy.getByte(length - 1) ^ 0x01)); // the last field's low bit
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
