package io.settlement.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandCodec;
import io.settlement.journal.ChronicleJournal;
import io.settlement.journal.DataDirectory;
import io.settlement.journal.JournalException;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node's journals after a kill: the replay of the log from the node's snapshot (or from the start)
 * brings commands the journals already hold, and some they do not; each record ends up there once.
 */
class NodeJournalsTest
{
    @TempDir
    Path dir;

    /** The records of {@code commands} and of their events, as the service would journal them. */
    private record Applied(List<byte[]> commands, List<List<byte[]>> events)
    {
    }

    private static Applied apply(final List<Command> commands)
    {
        final SettlementEngine engine = new SettlementEngine();
        final List<byte[]> records = new ArrayList<>();
        final List<List<byte[]>> events = new ArrayList<>();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CommandCodec.MAX_LENGTH]);
        long sequence = 0;
        for (final Command command : commands)
        {
            final int length = CommandCodec.encode(command, buffer, 0);
            CommandCodec.stamp(buffer, 0, ++sequence, 1_000 * sequence);
            final byte[] record = new byte[length];
            buffer.getBytes(0, record);
            records.add(record);
            final List<byte[]> outcomes = new ArrayList<>();
            engine.apply(new UnsafeBuffer(record), 0, (event, b, offset, eventLength) ->
            {
                final byte[] bytes = new byte[eventLength];
                b.getBytes(offset, bytes);
                outcomes.add(bytes);
            });
            events.add(outcomes);
        }
        return new Applied(records, events);
    }

    /** Journals commands 1..{@code upTo} as the service does. */
    private static void replay(final NodeJournals journals, final Applied applied, final int from, final int upTo)
    {
        for (int i = from; i <= upTo; i++)
        {
            journals.beginCommand(i);
            final byte[] command = applied.commands().get(i - 1);
            journals.command(new UnsafeBuffer(command), 0, command.length);
            for (final byte[] event : applied.events().get(i - 1))
            {
                journals.event(new UnsafeBuffer(event), 0, event.length);
            }
        }
        journals.flush();
    }

    @Test
    void shouldCompleteJournalsCutShortByAKillWithoutWritingAnyRecordTwice()
    {
        final List<Command> commands = new ArrayList<>(TestCluster.market());
        commands.add(new Command().deposit(TestCluster.OPS, 0, TestCluster.BANK_A, TestCluster.USD, 1_000));
        commands.add(new Command().deposit(TestCluster.OPS, 0, TestCluster.BANK_B, TestCluster.ACME, 10));
        for (int i = 1; i <= 4; i++)
        {
            commands.add(TestCluster.deal(i));
        }
        commands.add(new Command().runSettlementCycle(TestCluster.OPS, 0));
        final int cycle = commands.size();
        commands.add(TestCluster.deal(5));
        final Applied applied = apply(commands);
        final int total = commands.size();
        final List<byte[]> allEvents = applied.events().stream().flatMap(List::stream).toList();
        assertTrue(applied.events().get(cycle - 1).size() > 2, "the cycle has several outcomes");

        // killed after journaling every command but the last, and the cycle's first two outcomes only
        final DataDirectory data = new DataDirectory(dir);
        try (ChronicleJournal commandJournal = new ChronicleJournal(data.commands(), false);
            ChronicleJournal eventJournal = new ChronicleJournal(data.events(), false))
        {
            for (int i = 0; i < total - 1; i++)
            {
                final byte[] command = applied.commands().get(i);
                commandJournal.append(new UnsafeBuffer(command), 0, command.length);
            }
            for (int i = 0; i < cycle; i++)
            {
                final List<byte[]> events = applied.events().get(i);
                for (int e = 0; e < (i == cycle - 1 ? 2 : events.size()); e++)
                {
                    eventJournal.append(new UnsafeBuffer(events.get(e)), 0, events.get(e).length);
                }
            }
        }

        try (NodeJournals journals = new NodeJournals(data))
        {
            assertEquals(total - 1, journals.commandsEnd());
            journals.checkCovers(total - 1);
            replay(journals, applied, 1, total); // the whole log again, as after a restart without a snapshot
        }
        final NodeJournalCheck check = new NodeJournalCheck(dir);
        check.assertVerifies("the node");
        NodeJournalCheck.assertSameRecords("commands", applied.commands(), check.commands);
        NodeJournalCheck.assertSameRecords("events", allEvents, check.events);
    }

    @Test
    void shouldRefuseASnapshotBeyondTheEndOfTheCommandJournal()
    {
        final Applied applied = apply(TestCluster.market());
        final DataDirectory data = new DataDirectory(dir);
        try (NodeJournals journals = new NodeJournals(data))
        {
            replay(journals, applied, 1, 3);
        }
        try (NodeJournals journals = new NodeJournals(data))
        {
            journals.checkCovers(3);
            final JournalException refused = assertThrows(JournalException.class, () -> journals.checkCovers(5));
            assertTrue(refused.getMessage().contains("lacks commands 4..5"), refused.getMessage());
        }
    }
}
