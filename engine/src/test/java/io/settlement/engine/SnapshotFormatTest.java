package io.settlement.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The snapshot format (version 2) and the state hash, pinned: {@value #RESOURCE} was written by the
 * engine of commit 5d977fe from the random stream of seed {@value #SEED} ({@value #COMMANDS} commands,
 * retention {@value #RETAIN_DAYS} days, checked as it ran by a {@link CheckedRun}; it ends with 548
 * live deals, 330 of them pending, and 1,770 retired clientDealIds), and the hashes below are the
 * ones that engine reported; the event hash, a hash over the encoded events, was re-recorded (and
 * the file rewritten: the same bytes but that field and its chunk's CRC) when the journal's records
 * moved to the journal schema, the state hash unchanged. A later engine must read the file to the same state hash,
 * write the same state back to the same bytes, and reach the same bytes from the same stream.
 *
 * <p>A deliberate change of the format or of the state hash replaces the file (and these figures):
 * {@code main} writes it and prints them, run with the engine's test classpath from the module
 * directory.
 */
class SnapshotFormatTest
{
    static final String RESOURCE = "snapshots/format2-seed20261127.snapshot";
    static final long SEED = 20261127L;
    static final int COMMANDS = 7_500;
    static final int RETAIN_DAYS = 2;

    // as the engine of commit 5d977fe reported them
    private static final long STATE_HASH = 0xF469D0CAD12D5345L;
    private static final long EVENT_HASH = 0x271733BA996F6A12L; // over journal-schema records (was 0x7CAC5E42B7081E1FL over the hand-written encoding)
    private static final long EVENT_COUNT = 28_081L;
    private static final long LAST_SEQUENCE = COMMANDS;

    @Test
    void committedSnapshotReadsToItsRecordedHashes() throws IOException
    {
        final SettlementEngine engine = EngineSnapshot.read(new ByteArrayInputStream(committed()), new EngineConfig());
        assertEquals(Long.toHexString(STATE_HASH), Long.toHexString(engine.stateHash()), "state hash");
        assertEquals(Long.toHexString(EVENT_HASH), Long.toHexString(engine.eventHash()), "event hash");
        assertEquals(EVENT_COUNT, engine.eventCount(), "event count");
        assertEquals(LAST_SEQUENCE, engine.lastSequence(), "last sequence");
        assertEquals(RETAIN_DAYS, engine.retainFinishedDays(), "retention");
    }

    @Test
    void rewritingTheCommittedSnapshotGivesTheSameBytes() throws IOException
    {
        final byte[] committed = committed();
        final SettlementEngine engine = EngineSnapshot.read(new ByteArrayInputStream(committed), new EngineConfig());
        assertArrayEquals(committed, SnapshotPropertiesTest.snapshot(engine));
    }

    /** The same commands today give the same state and events, so the same bytes (a change to RandomCommands shows here too). */
    @Test
    void theSameStreamGivesTheCommittedSnapshot() throws IOException
    {
        final SettlementEngine engine = run();
        assertEquals(Long.toHexString(STATE_HASH), Long.toHexString(engine.stateHash()), "state hash");
        assertEquals(Long.toHexString(EVENT_HASH), Long.toHexString(engine.eventHash()), "event hash");
        assertArrayEquals(committed(), SnapshotPropertiesTest.snapshot(engine));
    }

    private static SettlementEngine run()
    {
        final CheckedRun run = new CheckedRun(SEED, RETAIN_DAYS, false);
        for (int i = 0; i < COMMANDS; i++)
        {
            run.step(1_000);
        }
        run.finish();
        return run.engine;
    }

    private static byte[] committed() throws IOException
    {
        try (InputStream in = SnapshotFormatTest.class.getClassLoader().getResourceAsStream(RESOURCE))
        {
            assertNotNull(in, RESOURCE + " on the test classpath");
            return in.readAllBytes();
        }
    }

    /** Writes the file under src/test/resources (run from the engine module's directory) and prints its figures. */
    public static void main(final String[] args) throws IOException
    {
        final SettlementEngine engine = run();
        final Path file = Paths.get("src/test/resources").resolve(RESOURCE);
        Files.createDirectories(file.getParent());
        Files.write(file, SnapshotPropertiesTest.snapshot(engine));
        System.out.printf("%s: %d bytes%n  STATE_HASH = 0x%XL%n  EVENT_HASH = 0x%XL%n  EVENT_COUNT = %dL%n"
                + "  live deals %d, pending %d, retired keys %d, business date %d%n",
            file, Files.size(file), engine.stateHash(), engine.eventHash(), engine.eventCount(),
            engine.liveDealCount(), engine.pendingDealCount(), engine.retiredClientDealIdCount(), engine.businessDate());
    }
}
