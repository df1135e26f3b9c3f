package io.settlement.cluster;

import java.nio.file.Files;
import java.nio.file.Path;

import io.settlement.journal.ChronicleJournal;
import io.settlement.journal.DataDirectory;
import io.settlement.journal.JournalException;
import io.settlement.journal.JournalReader;
import org.agrona.DirectBuffer;

/**
 * A cluster node's own Chronicle command and event journals (the single node's layout,
 * {@link DataDirectory}), written as the node applies the committed log, so that {@code replay --verify},
 * the reports projector and auditors work on any node unchanged.
 *
 * <p>The cluster's log is the truth; the journals are derived from it, in the same bytes on every node.
 * A node restarted replays the log from its snapshot, so some commands come again that the journals
 * already hold: on opening, the journals are read to their ends (the last command's sequence, the last
 * event's command sequence and how many events of that command are there), and a record is appended
 * only when it is past that end. So a journal cut short by a kill (a batch not yet written) is completed
 * from the replay, and nothing is written twice. A command journal that ends before the snapshot the
 * node starts from lacks commands no replay will bring: the node refuses to start (docs/cluster.md).
 *
 * <p>Not synced on each batch: durability is the cluster's (a majority holds each committed entry);
 * everything is written out when the service's duty cycle is idle ({@link #flush}), before a snapshot
 * and on close. Single-threaded: the service's thread.
 */
final class NodeJournals implements AutoCloseable
{
    private final DataDirectory data;
    private final ChronicleJournal commands;
    private final ChronicleJournal events;
    /** Sequence of the last command the command journal held when opened (0: none). */
    private final long commandsEnd;
    /** Command sequence of the last event the event journal held when opened (0: none). */
    private final long eventsEnd;
    /** How many events of command {@link #eventsEnd} the event journal held when opened. */
    private final long eventsOfLast;
    private long pendingRecords;

    // the command being applied
    private long sequence;
    private long eventIndex;

    NodeJournals(final DataDirectory data)
    {
        this.data = data;
        final long[] commandsTail = tail(data.commands(), JournalReader.Kind.COMMANDS);
        final long[] eventsTail = tail(data.events(), JournalReader.Kind.EVENTS);
        this.commandsEnd = commandsTail[0];
        this.eventsEnd = eventsTail[0];
        this.eventsOfLast = eventsTail[1];
        this.commands = new ChronicleJournal(data.commands(), false);
        this.events = new ChronicleJournal(data.events(), false);
    }

    /** @return {last sequence, records carrying it}, or {0, 0} for a journal that does not exist or holds nothing. */
    private static long[] tail(final Path directory, final JournalReader.Kind kind)
    {
        if (!Files.isDirectory(directory))
        {
            return new long[] {0, 0};
        }
        long last = 0;
        long ofLast = 0;
        try (JournalReader reader = JournalReader.openReadOnly(directory, kind))
        {
            while (reader.next() > 0)
            {
                final long sequence = reader.sequence();
                if (sequence == last)
                {
                    ofLast++;
                }
                else
                {
                    last = sequence;
                    ofLast = 1;
                }
            }
        }
        return new long[] {last, ofLast};
    }

    /**
     * Checks the journals can follow the state a snapshot holds: they must reach its last command.
     *
     * @throws JournalException naming what is missing.
     */
    void checkCovers(final long snapshotSequence)
    {
        if (commandsEnd < snapshotSequence)
        {
            throw new JournalException("the command journal in " + data.commands() + " ends at sequence " + commandsEnd
                + " but the cluster's snapshot is of the state after " + snapshotSequence + ": the journal lacks commands "
                + (commandsEnd + 1) + ".." + snapshotSequence + ", which no replay of the log brings back; copy the data"
                + " directory of another node (docs/cluster.md, \"A node's journals\")");
        }
    }

    long commandsEnd()
    {
        return commandsEnd;
    }

    /** Before a command's record and events: {@code commandSequence} is its (stamped) sequence. */
    void beginCommand(final long commandSequence)
    {
        sequence = commandSequence;
        eventIndex = 0;
    }

    /** The command's record, journaled unless the journal already holds it. */
    void command(final DirectBuffer record, final int offset, final int length)
    {
        if (sequence > commandsEnd)
        {
            commands.append(record, offset, length);
            pendingRecords++;
        }
    }

    /** One event of the command, journaled unless the journal already holds it. */
    void event(final DirectBuffer record, final int offset, final int length)
    {
        eventIndex++;
        if (sequence > eventsEnd || sequence == eventsEnd && eventIndex > eventsOfLast)
        {
            events.append(record, offset, length);
            pendingRecords++;
        }
    }

    /** Writes out what was appended since the last flush (one excerpt per journal). @return records written. */
    int flush()
    {
        if (pendingRecords == 0)
        {
            return 0;
        }
        commands.endOfBatch();
        events.endOfBatch();
        final int written = (int)Math.min(Integer.MAX_VALUE, pendingRecords);
        pendingRecords = 0;
        return written;
    }

    @Override
    public void close()
    {
        try
        {
            commands.close();
        }
        finally
        {
            events.close();
        }
    }
}
