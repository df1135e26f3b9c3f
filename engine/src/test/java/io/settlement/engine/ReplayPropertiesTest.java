package io.settlement.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandCodec;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Replay is deterministic: a random command stream ({@link RandomCommands}, checked as it runs by a
 * {@link CheckedRun}), journalled through the command codec and replayed into a fresh engine, gives
 * the same event bytes command by command, the same event hash and the same state hash. Along the
 * way every journal record decodes and re-encodes to itself, and every event of the original run
 * re-encodes (and decodes and re-encodes) to the bytes the sink received.
 *
 * <p>The seeds are fixed ({@link Seeds}); a failure names the seed and the command index.
 */
class ReplayPropertiesTest
{
    private static final int COMMANDS = 3_000;

    static LongStream seeds()
    {
        return Seeds.of("replayIsDeterministic", 15);
    }

    static LongStream nettedSeeds()
    {
        return Seeds.of("replayIsDeterministicWithNettedCycles", 6);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void replayIsDeterministic(final long seed)
    {
        replay(seed, false);
    }

    /** As {@link #replayIsDeterministic}, on streams whose cycles are NETTED, GROSS, modeless or of an unknown mode. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("nettedSeeds")
    void replayIsDeterministicWithNettedCycles(final long seed)
    {
        replay(seed, true);
    }

    private static void replay(final long seed, final boolean cycleModes)
    {
        // the original run, journalled, with each command's encoded events kept
        final CheckedRun original = new CheckedRun(seed, true);
        if (cycleModes)
        {
            original.generator.withCycleModes(seed);
        }
        final UnsafeBuffer journalBuffer = new UnsafeBuffer(new byte[CommandCodec.MAX_LENGTH]);
        final List<byte[]> journal = new ArrayList<>(COMMANDS);
        final List<byte[]> originalEvents = new ArrayList<>(COMMANDS);
        for (int i = 0; i < COMMANDS; i++)
        {
            final Command c = original.step(10);
            final int length = CommandCodec.encode(c, journalBuffer, 0);
            final byte[] record = new byte[length];
            journalBuffer.getBytes(0, record);
            journal.add(record);
            originalEvents.add(original.events.commandBytes());
        }
        original.finish();

        // the replay, from the journal alone
        final SettlementEngine replica = new SettlementEngine();
        final EventRecorder replicaEvents = new EventRecorder(false);
        final Command slot = new Command();
        final UnsafeBuffer reencoded = new UnsafeBuffer(new byte[CommandCodec.MAX_LENGTH]);
        for (int i = 0; i < journal.size(); i++)
        {
            final String where = "seed " + seed + ", command " + i;
            final byte[] record = journal.get(i);
            assertTrue(CommandCodec.decode(new UnsafeBuffer(record), 0, record.length, slot), where + ": journal record decodes");
            final int length = CommandCodec.encode(slot, reencoded, 0);
            final byte[] again = new byte[length];
            reencoded.getBytes(0, again);
            assertArrayEquals(record, again, where + ": journal record re-encodes to itself");

            replicaEvents.startCommand();
            try
            {
                replica.apply(slot, replicaEvents);
            }
            catch (final RuntimeException e)
            {
                throw new AssertionError(where + " (" + slot + "): the replay threw", e);
            }
            final byte[] expected = originalEvents.get(i);
            final byte[] actual = replicaEvents.commandBytes();
            if (!Arrays.equals(expected, actual))
            {
                fail(where + " (" + slot + "): the replay's events differ from the original's at byte "
                    + Arrays.mismatch(expected, actual) + " (lengths " + expected.length + " and " + actual.length
                    + "); the replay's events: " + replicaEvents.events);
            }
        }

        final String after = "seed " + seed + ", after " + journal.size() + " commands: ";
        assertEquals(original.engine.eventCount(), replica.eventCount(), after + "event count");
        assertEquals(original.engine.eventHash(), replica.eventHash(), after + "event hash");
        assertEquals(original.engine.stateHash(), replica.stateHash(), after + "state hash");
        assertEquals(original.engine.lastSequence(), replica.lastSequence(), after + "last sequence");
        assertEquals(original.events.foldedHash, original.engine.eventHash(),
            after + "the event hash is the ordered fold of the encoded bytes the sink received");
        assertEquals(replicaEvents.foldedHash, replica.eventHash(), after + "the replay's event hash is its fold");
        assertEquals(original.events.count, original.engine.eventCount(), after + "events received");
    }
}
