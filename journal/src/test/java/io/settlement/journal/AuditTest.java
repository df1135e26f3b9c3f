package io.settlement.journal;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.api.RecordFrame;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The auditor's replay tells a crash tail (outcomes of the last commands never journaled, which
 * recovery re-derives) from tampering, and names a missing event journal as missing.
 */
class AuditTest
{
    private static final EngineConfig ENGINE = new EngineConfig(); // the retention period comes from the journal (Workload sets it)

    @TempDir
    Path dir;

    private DataDirectory original;
    private long finalHash;

    @BeforeEach
    void journal() throws Exception
    {
        original = new DataDirectory(dir.resolve("node"));
        try (SettlementNode node = SettlementNode.start(RestartTest.config(original.root(), 0)))
        {
            Workload.setUp(node.client(0));
            new Workload(3).run(node.client(0), 2_000);
            finalHash = node.stop().stateHash();
        }
    }

    private static Audit.Result verify(final DataDirectory data)
    {
        return Audit.replay(data, ENGINE, true, Long.MAX_VALUE, done -> {});
    }

    @Test
    void shouldReportOutcomesMissingAtTheEndApartFromMismatches()
    {
        // as a node killed after journaling its last commands but before journaling their outcomes leaves it
        final DataDirectory crashed = new DataDirectory(dir.resolve("crashed"));
        final List<Long> commands = copy(original.commands(), crashed.commands(), JournalReader.Kind.COMMANDS, Long.MAX_VALUE);
        final List<Long> events = sequences(original.events(), JournalReader.Kind.EVENTS);
        final int kept = events.size() - 150;
        copy(original.events(), crashed.events(), JournalReader.Kind.EVENTS, kept);
        final long firstLost = events.get(kept);
        final long lastCommand = commands.get(commands.size() - 1);

        final Audit.Result result = verify(crashed);

        assertEquals(0, result.mismatches(), result.firstMismatch());
        assertEquals(commands.size(), result.commands(), "every command is replayed");
        assertEquals(firstLost, result.tailFirstSequence());
        assertEquals(lastCommand - firstLost + 1, result.tailCommands());
        assertEquals(150, result.tailEvents(), "their events are derived and counted");
        assertEquals(kept, result.eventsVerified());
        assertEquals(finalHash, result.engine().stateHash());
    }

    @Test
    void shouldVerifyACompleteJournalWithoutATail()
    {
        final Audit.Result clean = verify(original);
        assertEquals(0, clean.mismatches());
        assertEquals(0, clean.tailCommands());
        assertEquals(0, clean.eventsBeyondEnd());
        assertEquals(finalHash, clean.engine().stateHash());
    }

    @Test
    void shouldNameAMissingEventJournal()
    {
        final DataDirectory noEvents = new DataDirectory(dir.resolve("no-events"));
        copy(original.commands(), noEvents.commands(), JournalReader.Kind.COMMANDS, Long.MAX_VALUE);

        final JournalException e = assertThrows(JournalException.class, () -> verify(noEvents));
        assertEquals("no event journal in " + noEvents.root() + " (expected " + noEvents.events()
            + "): nothing to verify the replay against", e.getMessage());
    }

    @Test
    void shouldCountEventsBeyondTheLastCommand()
    {
        final DataDirectory cut = new DataDirectory(dir.resolve("cut"));
        final List<Long> kept = copy(original.commands(), cut.commands(), JournalReader.Kind.COMMANDS, 1_000);
        final List<Long> events = copy(original.events(), cut.events(), JournalReader.Kind.EVENTS, Long.MAX_VALUE);
        final long last = kept.get(kept.size() - 1);

        final Audit.Result result = verify(cut);

        assertEquals(0, result.mismatches());
        assertEquals(events.stream().filter(s -> s > last).count(), result.eventsBeyondEnd());
        assertEquals(0, Audit.replay(cut, ENGINE, true, 500, done -> {}).eventsBeyondEnd(), "not counted on a replay --to");
    }

    private static List<Long> sequences(final Path journal, final JournalReader.Kind kind)
    {
        final List<Long> sequences = new ArrayList<>();
        try (JournalReader reader = JournalReader.openReadOnly(journal, kind))
        {
            while (reader.next() > 0)
            {
                sequences.add(RecordFrame.sequence(reader.buffer(), reader.offset(), reader.buffer().capacity() - reader.offset()));
            }
        }
        return sequences;
    }

    /** Copies the first {@code keep} records of a journal; returns the sequence of each copied record. */
    private static List<Long> copy(final Path from, final Path to, final JournalReader.Kind kind, final long keep)
    {
        final List<Long> sequences = new ArrayList<>();
        try (JournalReader reader = JournalReader.openReadOnly(from, kind);
            ChronicleJournal writer = new ChronicleJournal(to, false))
        {
            final UnsafeBuffer copy = new UnsafeBuffer(new byte[4096]);
            int length;
            while (sequences.size() < keep && (length = reader.next()) > 0)
            {
                copy.putBytes(0, reader.buffer(), reader.offset(), length);
                // a command's sequence is the first field of its block, as an event's is (docs/journal-format.md)
                sequences.add(copy.getLong(RecordFrame.BLOCK_OFFSET, ByteOrder.LITTLE_ENDIAN));
                writer.append(copy, 0, length);
                if (sequences.size() % 500 == 0)
                {
                    writer.endOfBatch();
                }
            }
        }
        return sequences;
    }
}
