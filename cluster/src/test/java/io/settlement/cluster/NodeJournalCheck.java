package io.settlement.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.EventType;
import io.settlement.journal.Audit;
import io.settlement.journal.DataDirectory;
import io.settlement.journal.JournalReader;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a stopped node's journals hold, read as {@code replay --verify} reads them. */
final class NodeJournalCheck
{
    final Audit.Result replay;
    final List<byte[]> commands;
    final List<byte[]> events;
    /** clientDealIds of the DEAL_ACCEPTED events the event journal holds (new deals and repeats). */
    final Set<Long> acceptedClientDealIds = new HashSet<>();

    NodeJournalCheck(final Path dataDirectory)
    {
        final DataDirectory data = new DataDirectory(dataDirectory);
        replay = Audit.replay(data, new EngineConfig(), true, Long.MAX_VALUE, n -> {});
        commands = records(data.commands(), JournalReader.Kind.COMMANDS);
        events = records(data.events(), JournalReader.Kind.EVENTS);
        final Event event = new Event();
        try (JournalReader reader = JournalReader.openReadOnly(data.events(), JournalReader.Kind.EVENTS))
        {
            int length;
            while ((length = reader.next()) > 0)
            {
                if (EventCodec.decode(reader.buffer(), reader.offset(), length, event) && event.type == EventType.DEAL_ACCEPTED)
                {
                    acceptedClientDealIds.add(event.clientDealId);
                }
            }
        }
    }

    private static List<byte[]> records(final Path directory, final JournalReader.Kind kind)
    {
        final List<byte[]> records = new ArrayList<>();
        try (JournalReader reader = JournalReader.openReadOnly(directory, kind))
        {
            int length;
            while ((length = reader.next()) > 0)
            {
                final byte[] bytes = new byte[length];
                reader.buffer().getBytes(reader.offset(), bytes);
                records.add(bytes);
            }
        }
        return records;
    }

    /** The replay found every journaled event equal to the re-derived one, none missing, none extra. */
    void assertVerifies(final String node)
    {
        assertEquals(0, replay.mismatches(), () -> node + ": " + replay.firstMismatch());
        assertEquals(0, replay.tailCommands(), node + ": commands whose outcomes the event journal lacks");
        assertEquals(0, replay.eventsBeyondEnd(), node + ": events beyond the last command's");
    }

    /** Same records, byte for byte, in the same order. */
    static void assertSameRecords(final String what, final List<byte[]> expected, final List<byte[]> actual)
    {
        assertEquals(expected.size(), actual.size(), what + ": record count");
        for (int i = 0; i < expected.size(); i++)
        {
            if (!java.util.Arrays.equals(expected.get(i), actual.get(i)))
            {
                throw new AssertionError(what + ": record " + (i + 1) + " differs");
            }
        }
    }
}
