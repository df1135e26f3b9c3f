package io.settlement.journal;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.settlement.engine.EngineConfig;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bytes after the last record of a journal file, where Chronicle's next header would go: recovery
 * and the auditor's replay find them the same way and name the file, the byte and the last whole
 * record; a node refuses to start on them unless the operator chose to cut the journal back, which
 * it then does, saying so. What a writer killed mid-record leaves is not mistaken for them.
 */
class JournalFileCheckTest
{
    private static final byte[] GARBAGE = "garbage after the last record\n".repeat(4).getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private long stateHash;

    @BeforeEach
    void journal() throws Exception
    {
        try (SettlementNode node = SettlementNode.start(RestartTest.config(dir, 0)))
        {
            Workload.setUp(node.client(0));
            new Workload(7).run(node.client(0), 300);
            stateHash = node.stop().stateHash();
        }
    }

    /** Where Chronicle itself ends the journal: its last excerpt, as its own tailer reads it. */
    private record End(Path file, long nextHeader, long lastIndex)
    {
    }

    private static End endOf(final Path journal) throws Exception
    {
        long limit = -1;
        long index = -1;
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
                }
            }
        }
        assertTrue(limit > 0);
        try (Stream<Path> files = Files.list(journal))
        {
            final List<Path> cycles = files.filter(f -> f.toString().endsWith(".cq4")).sorted().toList();
            return new End(cycles.get(cycles.size() - 1), (limit + 3) & ~3L, index);
        }
    }

    private static void write(final Path file, final long position, final byte[] bytes) throws Exception
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            assertTrue(position + bytes.length < raf.length(), "inside Chronicle's padding");
            raf.seek(position);
            raf.write(bytes);
        }
    }

    @Test
    void shouldRefuseToStartOnGarbageAfterTheLastCommandNamingFileByteAndIndex() throws Exception
    {
        final End end = endOf(new DataDirectory(dir).commands());
        write(end.file(), end.nextHeader(), GARBAGE);
        final byte[] before = Files.readAllBytes(end.file());

        final JournalException refused = assertThrows(JournalException.class, () -> SettlementNode.start(RestartTest.config(dir, 0)));

        final String message = refused.getMessage();
        assertTrue(message.startsWith("command journal file " + end.file() + " is damaged: " + GARBAGE.length
            + " bytes that are not a record at byte " + end.nextHeader() + ", after its last whole record"), message);
        assertTrue(message.contains("index 0x" + Long.toHexString(end.lastIndex()) + ")"), message);
        assertTrue(message.contains("--truncate-damaged-tail"), message);
        assertArrayEquals(before, Files.readAllBytes(end.file()), "the refused start changed nothing");
        assertEquals(null, DataDirectoryLock.holder(dir), "and let the directory go");
    }

    @Test
    void shouldReportTheSameDamageToTheAuditorsReplay() throws Exception
    {
        final End end = endOf(new DataDirectory(dir).commands());
        write(end.file(), end.nextHeader(), GARBAGE);

        final JournalException refused = assertThrows(JournalException.class,
            () -> Audit.replay(new DataDirectory(dir), new EngineConfig(), true, Long.MAX_VALUE, done -> {}));

        assertTrue(refused.getMessage().startsWith("command journal file " + end.file() + " is damaged: "
            + GARBAGE.length + " bytes that are not a record at byte " + end.nextHeader()), refused.getMessage());
    }

    @Test
    void shouldFindTheSameInTheEventJournal() throws Exception
    {
        final End end = endOf(new DataDirectory(dir).events());
        write(end.file(), end.nextHeader(), GARBAGE);

        final JournalException refused = assertThrows(JournalException.class, () -> SettlementNode.start(RestartTest.config(dir, 0)));
        assertTrue(refused.getMessage().startsWith("event journal file " + end.file() + " is damaged: " + GARBAGE.length
            + " bytes that are not a record at byte " + end.nextHeader()), refused.getMessage());
        final JournalException replay = assertThrows(JournalException.class,
            () -> Audit.replay(new DataDirectory(dir), new EngineConfig(), true, Long.MAX_VALUE, done -> {}));
        assertTrue(replay.getMessage().startsWith("event journal file " + end.file() + " is damaged"), replay.getMessage());
    }

    @Test
    void shouldStartOverTheBytesOfAnUnfinishedLastWrite() throws Exception
    {
        // a writer killed in the middle of a record leaves its bytes behind an empty header slot
        final End end = endOf(new DataDirectory(dir).commands());
        final byte[] torn = new byte[3000];
        java.util.Arrays.fill(torn, (byte)0x5A);
        write(end.file(), end.nextHeader() + 4, torn);

        try (SettlementNode node = SettlementNode.start(RestartTest.config(dir, 0)))
        {
            assertEquals(stateHash, node.recovery().stateHash());
            new Workload(9).run(node.client(0), 300); // written over them
            stateHash = node.stop().stateHash();
        }
        final Audit.Result audit = Audit.replay(new DataDirectory(dir), new EngineConfig(), true, Long.MAX_VALUE,
            done -> {});
        assertEquals(0, audit.mismatches());
        assertEquals(stateHash, audit.engine().stateHash());
    }

    @Test
    void shouldCutTheJournalBackToItsLastWholeRecordWhenTheOperatorChooses() throws Exception
    {
        final End end = endOf(new DataDirectory(dir).commands());
        write(end.file(), end.nextHeader(), GARBAGE);
        final StringBuilder log = new StringBuilder();

        try (SettlementNode node = SettlementNode.start(RestartTest.config(dir, 0).truncateDamagedTail(true).log(log::append)))
        {
            assertEquals(stateHash, node.recovery().stateHash(), "every whole record is kept");
            new Workload(8).run(node.client(0), 300); // and the journal goes on from there
            stateHash = node.stop().stateHash();
        }
        assertTrue(log.toString().startsWith("REPAIR (truncate-damaged-tail): command journal file " + end.file()
            + " is damaged"), log.toString());
        assertTrue(log.toString().contains("bytes " + end.nextHeader() + " to " + (end.nextHeader() + GARBAGE.length) + " are zeroed"),
            log.toString());

        final Audit.Result audit = Audit.replay(new DataDirectory(dir), new EngineConfig(), true, Long.MAX_VALUE,
            done -> {});
        assertEquals(0, audit.mismatches());
        assertEquals(0, audit.tailCommands());
        assertEquals(stateHash, audit.engine().stateHash(), "the records written after the repair read back");
    }
}
