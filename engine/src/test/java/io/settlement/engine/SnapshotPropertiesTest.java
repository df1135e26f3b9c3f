package io.settlement.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.LongStream;

import io.settlement.engine.api.Command;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Snapshots: a snapshot taken at random points of a random command stream ({@link RandomCommands},
 * checked as it runs by a {@link CheckedRun}) restores to an engine that carries on identically;
 * a corrupted or truncated snapshot is refused with an IOException (EngineSnapshot.read's
 * contract), never accepted silently nor failing with some other exception.
 *
 * <p>The seeds are fixed ({@link Seeds}); a failure names the seed and the command index.
 */
class SnapshotPropertiesTest
{
    static LongStream restoreSeeds()
    {
        return Seeds.of("snapshotRestoreContinuesIdentically", 15);
    }

    static LongStream corruptionSeeds()
    {
        return Seeds.of("corruptSnapshotsAreRefused", 20);
    }

    // ================================================================== restore

    /** A snapshot taken at 1..3 random points restores to an engine that carries on identically. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("restoreSeeds")
    void snapshotRestoreContinuesIdentically(final long seed)
    {
        final int commands = 2_500;
        final Random random = new Random(seed ^ 0x5EED5EEDL);
        final TreeSet<Integer> points = new TreeSet<>();
        final int pointCount = 1 + random.nextInt(3);
        while (points.size() < pointCount)
        {
            // now and then before the first command, to restore an empty engine
            points.add(random.nextInt(8) == 0 ? 0 : random.nextInt(commands));
        }

        final CheckedRun original = new CheckedRun(seed, false);
        final List<SettlementEngine> restored = new ArrayList<>();
        final List<EventRecorder> restoredEvents = new ArrayList<>();
        for (int i = 0; i < commands; i++)
        {
            if (points.contains(i))
            {
                final String when = "seed " + seed + ", restored before command " + i;
                final byte[] snapshot = snapshot(original.engine);
                final SettlementEngine copy = read(snapshot, when);
                assertSameEngine(original.engine, copy, when);
                assertEquals(List.of(), copy.checkInvariants(), when + ": invariants of the restored engine");
                assertArrayEquals(snapshot, snapshot(copy), when + ": a restored engine snapshots to the same bytes");
                restored.add(copy);
                restoredEvents.add(new EventRecorder(false));
            }
            final Command c = original.step(10);
            for (int r = 0; r < restored.size(); r++)
            {
                final EventRecorder events = restoredEvents.get(r);
                events.startCommand();
                try
                {
                    restored.get(r).apply(c, events);
                }
                catch (final RuntimeException e)
                {
                    throw new AssertionError("seed " + seed + ", command " + i + " (" + c + "): restored engine " + r
                        + " threw", e);
                }
                if (!Arrays.equals(original.events.commandBytes(), events.commandBytes()))
                {
                    fail("seed " + seed + ": restored engine " + r + " diverged at command " + i + " " + c + ": expected "
                        + original.events.events + " but got " + events.events);
                }
            }
        }
        original.finish();
        for (final SettlementEngine copy : restored)
        {
            final String when = "seed " + seed + ", at the end";
            assertSameEngine(original.engine, copy, when);
            assertEquals(List.of(), copy.checkInvariants(), when + ": invariants");
            assertArrayEquals(snapshot(original.engine), snapshot(copy), when + ": final snapshots");
        }
    }

    // ================================================================== corruption

    /** A snapshot with a byte flipped in its middle half, or cut short, is refused with an IOException. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("corruptionSeeds")
    void corruptSnapshotsAreRefused(final long seed)
    {
        final Random random = new Random(seed ^ 0xC0221L);
        final CheckedRun run = new CheckedRun(seed, false);
        final int commands = 50 + random.nextInt(1_500);
        for (int i = 0; i < commands; i++)
        {
            run.step(50);
        }
        assertCorruptionDetected(snapshot(run.engine), random, "seed " + seed + ", after " + commands + " commands: ");
    }

    /**
     * Flipping any single byte of a snapshot, or cutting it anywhere, is refused with an IOException
     * (EngineSnapshot.read's contract): not accepted silently, and not some other exception or error.
     */
    @Test
    void everySingleByteCorruptionOfASnapshotIsRefused()
    {
        final CheckedRun run = new CheckedRun(42, 1, false);
        for (int i = 0; i < 400; i++)
        {
            run.step(50);
        }
        final byte[] snapshot = snapshot(run.engine);
        // what happened instead of an IOException -> the corrupted byte positions (or cut lengths)
        final Map<String, List<Integer>> problems = new TreeMap<>();
        for (int i = 0; i < snapshot.length; i++)
        {
            final byte[] corrupt = snapshot.clone();
            corrupt[i] ^= (byte)0x80;
            final String problem = readProblem(corrupt);
            if (problem != null)
            {
                problems.computeIfAbsent("byte flipped, " + problem, k -> new ArrayList<>()).add(i);
            }
        }
        for (int length = 0; length < snapshot.length; length++)
        {
            final String problem = readProblem(Arrays.copyOf(snapshot, length));
            if (problem != null)
            {
                problems.computeIfAbsent("cut short, " + problem, k -> new ArrayList<>()).add(length);
            }
        }
        final StringBuilder report = new StringBuilder();
        problems.forEach((problem, at) -> report.append("\n  ").append(problem).append(" at ").append(ranges(at)));
        assertEquals("", report.toString(), "seed 42, 400 commands: corruptions of a " + snapshot.length
            + "-byte snapshot (chunk length 0-3, then magic 4-11, version 12-15, retention 16-19, business date 20-23,"
            + " next dealId 24-31, last sequence 32-39, event hash 40-47, event count 48-55) not refused with an IOException");
    }

    /**
     * The smallest case of the above: the header fields that the state hash does not cover (last
     * sequence, event hash, event count) must still be protected against corruption.
     */
    @Test
    void corruptedHeaderOfASnapshotIsRefused()
    {
        final EngineFixture f = new EngineFixture();
        f.deposit(EngineFixture.BANK_A, EngineFixture.USD, 1_000);
        final byte[] snapshot = snapshot(f.engine);
        final ByteBuffer header = ByteBuffer.wrap(snapshot); // DataOutput: big-endian
        // layout as EngineSnapshot documents it: the first chunk's length (4 bytes), then magic, version, retention,
        // business date, next dealId, then these
        assertEquals(f.engine.lastSequence(), header.getLong(32), "last sequence at 32");
        assertEquals(f.engine.eventHash(), header.getLong(40), "event hash at 40");
        assertEquals(f.engine.eventCount(), header.getLong(48), "event count at 48");
        for (final int at : new int[] {39, 47, 55})
        {
            final byte[] corrupt = snapshot.clone();
            corrupt[at] ^= 1;
            assertThrows(IOException.class, () -> EngineSnapshot.read(new ByteArrayInputStream(corrupt), new EngineConfig()),
                () -> "byte " + at + " flipped");
        }
    }

    /** A corrupt participant index in a deal record is a corrupt snapshot: an IOException, not an index error. */
    @Test
    void corruptedDealRecordIsRefusedWithAnIOException()
    {
        final EngineFixture f = new EngineFixture();
        f.accepted(1, EngineFixture.BANK_A, EngineFixture.BANK_B, 10, 1_000);
        final byte[] snapshot = snapshot(f.engine);
        // the one deal record (59 bytes) comes just before the end of the retired keys (-1, 4 bytes) and the
        // trailer: state hash 8, magic 8, then the chunk's CRC32C 4 and the empty end chunk (length 4, CRC32C 4), as
        // EngineSnapshot and ChecksummedChunks document it; the submitter index is at +16
        final int record = snapshot.length - 32 - 59;
        final ByteBuffer bytes = ByteBuffer.wrap(snapshot);
        assertEquals(1, bytes.getLong(record), "dealId at the start of the record");
        assertEquals(f.engine.state().referenceData().participantIndex(EngineFixture.BANK_A), bytes.getInt(record + 16), "submitter index");
        final byte[] corrupt = snapshot.clone();
        corrupt[record + 16] ^= (byte)0x80; // a negative index
        assertThrows(IOException.class, () -> EngineSnapshot.read(new ByteArrayInputStream(corrupt), new EngineConfig()));
    }

    // ================================================================== helpers

    static byte[] snapshot(final SettlementEngine engine)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try
        {
            EngineSnapshot.write(engine, out);
        }
        catch (final IOException e)
        {
            throw new AssertionError("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    /** Reads a snapshot that must be good. */
    private static SettlementEngine read(final byte[] snapshot, final String when)
    {
        try
        {
            return EngineSnapshot.read(new ByteArrayInputStream(snapshot), new EngineConfig());
        }
        catch (final IOException | RuntimeException e)
        {
            throw new AssertionError(when + ": a good snapshot of " + snapshot.length + " bytes was refused", e);
        }
    }

    static void assertSameEngine(final SettlementEngine expected, final SettlementEngine actual, final String when)
    {
        assertEquals(expected.stateHash(), actual.stateHash(), when + ": state hash");
        assertEquals(expected.eventHash(), actual.eventHash(), when + ": event hash");
        assertEquals(expected.eventCount(), actual.eventCount(), when + ": event count");
        assertEquals(expected.lastSequence(), actual.lastSequence(), when + ": last sequence");
        assertEquals(expected.businessDate(), actual.businessDate(), when + ": business date");
        assertEquals(expected.pendingDealCount(), actual.pendingDealCount(), when + ": pending deals");
        assertEquals(expected.liveDealCount(), actual.liveDealCount(), when + ": live deals");
        assertEquals(expected.retainFinishedDays(), actual.retainFinishedDays(), when + ": retention");
    }

    /** A byte flipped in the middle half, and cuts (one byte short, and random), are each refused. */
    private static void assertCorruptionDetected(final byte[] snapshot, final Random random, final String where)
    {
        final byte[] flipped = snapshot.clone();
        final int at = snapshot.length / 4 + random.nextInt(snapshot.length / 2);
        flipped[at] ^= (byte)(1 << random.nextInt(8));
        assertThrows(IOException.class, () -> EngineSnapshot.read(new ByteArrayInputStream(flipped), new EngineConfig()),
            () -> where + "snapshot of " + snapshot.length + " bytes with byte " + at + " flipped");
        assertThrows(IOException.class,
            () -> EngineSnapshot.read(new ByteArrayInputStream(Arrays.copyOf(snapshot, snapshot.length - 1)), new EngineConfig()),
            () -> where + "snapshot one byte short");
        final int cut = random.nextInt(snapshot.length);
        assertThrows(IOException.class,
            () -> EngineSnapshot.read(new ByteArrayInputStream(Arrays.copyOf(snapshot, cut)), new EngineConfig()),
            () -> where + "snapshot cut to " + cut + " of " + snapshot.length + " bytes");
    }

    /** @return null when reading the bytes throws an IOException, otherwise what happened instead. */
    private static String readProblem(final byte[] bytes)
    {
        try
        {
            EngineSnapshot.read(new ByteArrayInputStream(bytes), new EngineConfig());
            return "accepted silently";
        }
        catch (final IOException expected)
        {
            return null;
        }
        catch (final Throwable other)
        {
            final String message = String.valueOf(other.getMessage());
            return "threw " + other.getClass().getSimpleName() + " (" + message.replaceAll("-?[0-9]+", "N") + ")";
        }
    }

    /** "3-7, 12, 40-41" for [3, 4, 5, 6, 7, 12, 40, 41]. */
    private static String ranges(final List<Integer> sorted)
    {
        final StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < sorted.size())
        {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1)
            {
                j++;
            }
            sb.append(sb.length() == 0 ? "" : ", ").append(sorted.get(i));
            if (j > i)
            {
                sb.append('-').append(sorted.get(j));
            }
            i = j + 1;
        }
        return sb.toString();
    }
}
