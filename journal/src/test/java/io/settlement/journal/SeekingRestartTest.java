package io.settlement.journal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.settlement.engine.SettlementEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A restart from a snapshot seeks both journals to the positions recorded beside it and reads only
 * the tail; a snapshot without positions (an older version's), or with positions that do not match
 * the journals, is still recovered from, reading the journals from their start, and the log says why.
 * Records read are counted, not time.
 */
class SeekingRestartTest
{
    private static final int FIRST_RUN = 600;
    private static final int TAIL = 250;

    @TempDir
    Path dir;

    private long snapshotSequence;
    private long lastSequence;
    private long stateHash;

    /** A snapshot after the first run, a tail of commands after it, and no snapshot of the tail. */
    @BeforeEach
    void journalASnapshotAndATail() throws Exception
    {
        try (SettlementNode node = SettlementNode.start(RestartTest.config(dir, 0)))
        {
            Workload.setUp(node.client(0));
            new Workload(3).run(node.client(0), FIRST_RUN);
            snapshotSequence = node.stop().lastSequence();
        }
        try (SettlementNode node = SettlementNode.start(RestartTest.config(dir, 0)))
        {
            new Workload(4).run(node.client(0), TAIL);
            final SettlementEngine engine = node.stop();
            lastSequence = engine.lastSequence();
            stateHash = engine.stateHash();
        }
        // as if killed before the final snapshot: the first run's snapshot and the tail remain
        Files.delete(snapshots().resolve(SnapshotStore.fileName(lastSequence)));
        Files.delete(snapshots().resolve(SnapshotStore.positionsFileName(lastSequence)));
        assertTrue(Files.exists(positionsFile()), "positions recorded beside the snapshot");
    }

    @Test
    void shouldReadOnlyTheTailAfterTheSnapshot() throws Exception
    {
        final SnapshotPositions positions = SnapshotPositions.read(positionsFile(), snapshotSequence);
        final StringBuilder log = new StringBuilder();
        try (SettlementNode node = SettlementNode.start(RestartTest.config(dir, 0).log(log::append)))
        {
            final Recovery.Report report = node.recovery();
            assertEquals(snapshotSequence, report.snapshotSequence());
            assertEquals(lastSequence, report.lastSequence());
            assertEquals(stateHash, report.stateHash());
            assertEquals(lastSequence - snapshotSequence, report.commandsReplayed());
            // the records of the snapshot's last batch up to its command, then the tail: nothing before
            assertEquals(positions.commandRecords() + lastSequence - snapshotSequence, report.commandRecordsRead(), report.toString());
            assertEquals(positions.eventRecords() + report.eventsVerified(), report.eventRecordsRead(), report.toString());
            assertTrue(report.commandRecordsRead() < snapshotSequence, report.toString());
            assertTrue(!log.toString().contains("from their start") && !log.toString().contains("from its start"), log.toString());
            node.pipeline().close();
        }
    }

    @Test
    void shouldRecoverFromASnapshotWithoutPositionsReadingTheJournalsWhole() throws Exception
    {
        Files.delete(positionsFile()); // a snapshot written before positions were recorded
        final StringBuilder log = new StringBuilder();
        try (SettlementNode node = SettlementNode.start(RestartTest.config(dir, 0).log(log::append)))
        {
            final Recovery.Report report = node.recovery();
            assertEquals(snapshotSequence, report.snapshotSequence());
            assertEquals(stateHash, report.stateHash());
            assertEquals(lastSequence, report.commandRecordsRead());
            assertTrue(log.toString().contains("restart reads the journals from their start to find snapshot " + snapshotSequence
                + "'s position: no journal positions recorded beside it"), log.toString());
            node.pipeline().close();
        }
    }

    @Test
    void shouldFallBackToReadingWhenTheCommandPositionDoesNotMatch() throws Exception
    {
        final SnapshotPositions recorded = SnapshotPositions.read(positionsFile(), snapshotSequence);
        assertTrue(recorded.commandRecords() > 1 || recorded.commandIndex() > 0);
        final SnapshotPositions wrong = recorded.commandRecords() > 1
            ? new SnapshotPositions(snapshotSequence, recorded.commandIndex(), recorded.commandRecords() - 1,
                recorded.eventIndex(), recorded.eventRecords(), recorded.eventSequence())
            : new SnapshotPositions(snapshotSequence, recorded.commandIndex() - 1, 1,
                recorded.eventIndex(), recorded.eventRecords(), recorded.eventSequence());
        Files.writeString(positionsFile(), wrong.text(), StandardCharsets.US_ASCII);
        final StringBuilder log = new StringBuilder();
        try (SettlementNode node = SettlementNode.start(RestartTest.config(dir, 0).log(log::append)))
        {
            final Recovery.Report report = node.recovery();
            assertEquals(stateHash, report.stateHash());
            assertEquals(lastSequence, report.commandRecordsRead());
            assertTrue(log.toString().contains("restart reads the journals from their start to find snapshot " + snapshotSequence
                + "'s position: the record at the recorded position"), log.toString());
            assertTrue(log.toString().contains("carries sequence " + (snapshotSequence - 1) + ", not " + snapshotSequence), log.toString());
            node.pipeline().close();
        }
    }

    @Test
    void shouldFallBackToReadingWhenTheRecordedBatchIsNotInTheJournal() throws Exception
    {
        final SnapshotPositions recorded = SnapshotPositions.read(positionsFile(), snapshotSequence);
        Files.writeString(positionsFile(), new SnapshotPositions(snapshotSequence, recorded.commandIndex() + (1L << 40), 1,
            recorded.eventIndex(), recorded.eventRecords(), recorded.eventSequence()).text(), StandardCharsets.US_ASCII);
        final StringBuilder log = new StringBuilder();
        try (SettlementNode node = SettlementNode.start(RestartTest.config(dir, 0).log(log::append)))
        {
            assertEquals(stateHash, node.recovery().stateHash());
            assertEquals(lastSequence, node.recovery().commandRecordsRead());
            assertTrue(log.toString().contains("the command journal has no batch at index"), log.toString());
            node.pipeline().close();
        }
    }

    @Test
    void shouldReadTheEventJournalWholeWhenOnlyTheEventPositionDoesNotMatch() throws Exception
    {
        final SnapshotPositions recorded = SnapshotPositions.read(positionsFile(), snapshotSequence);
        Files.writeString(positionsFile(), new SnapshotPositions(snapshotSequence, recorded.commandIndex(), recorded.commandRecords(),
            recorded.eventIndex(), recorded.eventRecords(), recorded.eventSequence() - 1).text(), StandardCharsets.US_ASCII);
        final StringBuilder log = new StringBuilder();
        try (SettlementNode node = SettlementNode.start(RestartTest.config(dir, 0).log(log::append)))
        {
            final Recovery.Report report = node.recovery();
            assertEquals(stateHash, report.stateHash());
            assertEquals(recorded.commandRecords() + lastSequence - snapshotSequence, report.commandRecordsRead());
            assertTrue(report.eventRecordsRead() > report.eventsVerified() + recorded.eventRecords(), report.toString());
            assertTrue(log.toString().contains("restart reads the event journal from its start"), log.toString());
            node.pipeline().close();
        }
    }

    @Test
    void shouldRecoverFromAnUnreadablePositionsFileReadingTheJournalsWhole() throws Exception
    {
        Files.writeString(positionsFile(), "format=1\nsequence=" + snapshotSequence + "\ncommandIndex=12x\n", StandardCharsets.US_ASCII);
        final StringBuilder log = new StringBuilder();
        try (SettlementNode node = SettlementNode.start(RestartTest.config(dir, 0).log(log::append)))
        {
            assertEquals(stateHash, node.recovery().stateHash());
            assertEquals(lastSequence, node.recovery().commandRecordsRead());
            assertTrue(log.toString().contains("is unusable: not a number: 'commandIndex=12x'"), log.toString());
            node.pipeline().close();
        }
    }

    @Test
    void shouldRecordPositionsThatARestartAfterItFindsAgain() throws Exception
    {
        // the tail's restart records positions at the next snapshot too; each restart reads only its own tail
        try (SettlementNode node = SettlementNode.start(RestartTest.config(dir, 100)))
        {
            new Workload(5).run(node.client(0), 300);
            node.pipeline().close();
        }
        final SnapshotStore store = new SnapshotStore(snapshots(), 2);
        final long newest = store.sequences().get(0);
        final SnapshotStore.Loaded loaded = store.loadNewest(new io.settlement.engine.EngineConfig(), warning -> { });
        assertNull(loaded.positionsMissing());
        try (SettlementNode node = SettlementNode.start(RestartTest.config(dir, 0)))
        {
            assertEquals(newest, node.recovery().snapshotSequence());
            assertEquals(loaded.positions().commandRecords() + node.recovery().lastSequence() - newest,
                node.recovery().commandRecordsRead());
            assertEquals(RestartTest.cleanReplay(dir).stateHash(), node.recovery().stateHash());
            node.pipeline().close();
        }
    }

    private Path snapshots()
    {
        return new DataDirectory(dir).snapshots();
    }

    private Path positionsFile()
    {
        return snapshots().resolve(SnapshotStore.positionsFileName(snapshotSequence));
    }
}
