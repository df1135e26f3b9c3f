package io.settlement.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a snapshot's commands and events end in the journals, recorded beside the snapshot
 * ({@code snapshot-SEQUENCE.pos}, a few {@code key=value} lines) so that a restart seeks to the tail
 * instead of reading the journals from their first record: the Chronicle index of the excerpt
 * holding the snapshot's last command and how many of its records are read then (the last one is
 * the command of the snapshot's sequence), and the same for the last event of a command up to that
 * sequence, with that event's sequence. The engine's snapshot itself is left as it is: a snapshot
 * without this file (written by an older version, or its file lost) is still read, and recovery then
 * reads the journals from their start.
 */
record SnapshotPositions(
    long sequence, long commandIndex, int commandRecords, long eventIndex, int eventRecords, long eventSequence)
{
    static final int FORMAT = 1;
    private static final List<String> KEYS = List.of(
        "format", "sequence", "commandIndex", "commandRecords", "eventIndex", "eventRecords", "eventSequence");

    String text()
    {
        return "format=" + FORMAT + "\nsequence=" + sequence + "\ncommandIndex=" + commandIndex
            + "\ncommandRecords=" + commandRecords + "\neventIndex=" + eventIndex + "\neventRecords=" + eventRecords
            + "\neventSequence=" + eventSequence + "\n";
    }

    /**
     * Reads and checks a positions file.
     *
     * @throws IOException naming what is wrong: missing, unreadable, a key missing or repeated, a
     * value out of range, another format, or another snapshot's sequence.
     */
    static SnapshotPositions read(final Path file, final long expectedSequence) throws IOException
    {
        final Map<String, Long> values = new HashMap<>();
        for (final String line : Files.readAllLines(file, StandardCharsets.US_ASCII))
        {
            final int equals = line.indexOf('=');
            final String key = equals < 0 ? line : line.substring(0, equals);
            if (!KEYS.contains(key))
            {
                throw new IOException("unknown line '" + line + "'");
            }
            try
            {
                if (values.put(key, Long.parseLong(line.substring(equals + 1))) != null)
                {
                    throw new IOException("key " + key + " twice");
                }
            }
            catch (final NumberFormatException ex)
            {
                throw new IOException("not a number: '" + line + "'");
            }
        }
        for (final String key : KEYS)
        {
            if (!values.containsKey(key))
            {
                throw new IOException("no " + key);
            }
        }
        if (values.get("format") != FORMAT)
        {
            throw new IOException("format " + values.get("format") + ", this build reads format " + FORMAT);
        }
        final SnapshotPositions positions = new SnapshotPositions(values.get("sequence"), values.get("commandIndex"),
            records(values, "commandRecords"), values.get("eventIndex"), records(values, "eventRecords"), values.get("eventSequence"));
        if (positions.sequence != expectedSequence)
        {
            throw new IOException("holds the positions of sequence " + positions.sequence + ", not " + expectedSequence);
        }
        if (positions.commandIndex < 0 || positions.commandRecords < 1
            || positions.eventIndex < -1 || (positions.eventIndex == -1) != (positions.eventRecords == 0)
            || positions.eventSequence < 0 || positions.eventSequence > positions.sequence)
        {
            throw new IOException("positions out of range: " + positions);
        }
        return positions;
    }

    private static int records(final Map<String, Long> values, final String key) throws IOException
    {
        final long value = values.get(key);
        if (value < 0 || value > Integer.MAX_VALUE)
        {
            throw new IOException(key + " out of range: " + value);
        }
        return (int)value;
    }
}
