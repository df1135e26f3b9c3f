package io.settlement.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.SettlementEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshots taken off the engine thread: of a follower engine replaying the command journal (the
 * default), or serialised on the engine thread and written on the store's own thread. Either way a
 * restart from one of them (not the final one on stop) recovers the state a clean replay gives, its
 * events compared byte for byte with the journal's.
 */
class SnapshotFollowerTest
{
    @TempDir
    Path dir;

    @ParameterizedTest(name = "follower {0}")
    @ValueSource(booleans = {true, false})
    void shouldRestartFromAPeriodicSnapshotToTheSameState(final boolean follower) throws Exception
    {
        final long lastSequence;
        final long stateHash;
        try (SettlementNode node = SettlementNode.start(RestartTest.config(dir, 40).snapshotFollower(follower)))
        {
            Workload.setUp(node.client(0));
            new Workload(11).run(node.client(0), 500);
            final SettlementEngine engine = node.stop();
            lastSequence = engine.lastSequence();
            stateHash = engine.stateHash();
        }
        final Path snapshots = new DataDirectory(dir).snapshots();
        // as if killed before the final snapshot: a periodic one is the newest
        Files.delete(snapshots.resolve(SnapshotStore.fileName(lastSequence)));
        final long periodic = new SnapshotStore(snapshots, 2).sequences().get(0);
        assertTrue(periodic < lastSequence && periodic % 40 == 0, "newest periodic snapshot " + periodic + " of " + lastSequence);
        try (SettlementNode node = SettlementNode.start(RestartTest.config(dir, 0)))
        {
            assertEquals(periodic, node.recovery().snapshotSequence());
            assertEquals(lastSequence - periodic, node.recovery().commandsReplayed());
            assertEquals(stateHash, node.recovery().stateHash());
            node.pipeline().close();
        }
        assertEquals(stateHash, RestartTest.cleanReplay(dir).stateHash());
    }

    @Test
    void shouldTakeTheFollowersSnapshotsAcrossARestart() throws Exception
    {
        try (SettlementNode node = SettlementNode.start(RestartTest.config(dir, 0)))
        {
            Workload.setUp(node.client(0));
            new Workload(12).run(node.client(0), 200);
        }
        final long lastSequence;
        try (SettlementNode node = SettlementNode.start(RestartTest.config(dir, 30)))
        {
            // the follower starts from the snapshot the restart used and reads on from its position
            new Workload(13).run(node.client(0), 300);
            lastSequence = node.stop().lastSequence();
        }
        final Path snapshots = new DataDirectory(dir).snapshots();
        Files.delete(snapshots.resolve(SnapshotStore.fileName(lastSequence)));
        try (SettlementNode node = SettlementNode.start(RestartTest.config(dir, 0)))
        {
            assertTrue(node.recovery().snapshotSequence() % 30 == 0, node.recovery().toString());
            assertEquals(RestartTest.cleanReplay(dir).stateHash(), node.recovery().stateHash());
            node.pipeline().close();
        }
    }

    @Test
    void shouldNotReadTheEngineOnTheEngineThreadWithAFollower() throws Exception
    {
        try (ChronicleJournal commands = new ChronicleJournal(dir.resolve("commands"), false);
            ChronicleJournal events = new ChronicleJournal(dir.resolve("events"), false))
        {
            final SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), 1);
            store.recordPositions(commands, events, line -> { });
            store.followCommands(new EngineConfig(), commands, line -> { });
            store.write(null, 7); // the engine is not touched: the follower replays the journal instead
            store.close();
            final SnapshotStore serialising = new SnapshotStore(dir.resolve("snapshots"), 1);
            assertThrows(NullPointerException.class, () -> serialising.write(null, 7));
        }
    }

    @Test
    void shouldThrowAFailedWriteAtTheNextCall() throws Exception
    {
        final Path inTheWay = dir.resolve("snapshots");
        Files.writeString(inTheWay, "a file where the directory should be");
        final SnapshotStore store = new SnapshotStore(inTheWay, 1);
        store.write(new SettlementEngine(new EngineConfig()), 1); // serialised; the file is written on the store's thread
        final IOException failed = assertThrows(IOException.class, store::flush);
        assertTrue(failed.getMessage().startsWith("a snapshot could not be written: "), failed.getMessage());
        assertThrows(IOException.class, () -> store.publish(1), "and every call after it");
        store.close();
    }

    @Test
    void shouldRefuseASnapshotAfterItIsClosedRatherThanStartAnotherThread() throws Exception
    {
        final SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), 1);
        final SettlementEngine engine = new SettlementEngine(new EngineConfig());
        store.writeAndPublish(engine, 1);
        store.close();
        final long writersBefore = snapshotWriterThreads();
        final IllegalStateException refused = assertThrows(IllegalStateException.class, () -> store.publish(1));
        assertTrue(refused.getMessage().contains("is closed"), refused.getMessage());
        assertEquals(writersBefore, snapshotWriterThreads(), "no new snapshot-writer thread");
    }

    private static long snapshotWriterThreads()
    {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("snapshot-writer") && t.isAlive()).count();
    }
}
