package io.settlement.journal;

import java.nio.file.Files;
import java.util.function.LongConsumer;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.EventSink;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The auditor's replay: rebuilds the state from the command journal alone (read-only; it never
 * writes to what it reads), optionally up to a sequence, and with {@code verify} re-derives every
 * event and compares it byte for byte with the event journal, counting the commands whose events
 * differ and naming the first. Unlike {@link Recovery} it does not stop at a mismatch.
 *
 * <p>The event journal may end before the command journal: a node that stops abruptly (kill -9,
 * power loss) has journaled its last commands but not yet their outcomes, and its next start
 * re-derives them ({@link Recovery}). Those commands are the <em>tail</em>: still replayed, their
 * events derived and counted, but reported apart, never as mismatches, since nothing journaled
 * disagrees with them.
 */
public final class Audit
{
    /**
     * What the replay found.
     *
     * @param commands              commands replayed (sequences 1..commands)
     * @param mismatches            commands with a journaled event that differs from the replay
     * @param eventsVerified        journaled events found equal to the replay's
     * @param tailCommands          commands at the end whose outcomes (some or all) are not in the event journal
     * @param tailFirstSequence     the first of them (0: no tail)
     * @param tailEvents            the events the replay derived for them that the journal lacks
     * @param eventsBeyondEnd       journaled events after the last command's (only counted on a replay to the end)
     */
    public record Result(
        long commands, long mismatches, long firstMismatchSequence, String firstMismatch, long eventsVerified,
        long tailCommands, long tailFirstSequence, long tailEvents, long eventsBeyondEnd, SettlementEngine engine)
    {
    }

    private Audit()
    {
    }

    /**
     * @param toSequence replay commands up to and including this sequence (Long.MAX_VALUE: all)
     * @param progress   called with the number of commands replayed, every 100,000
     * @throws JournalException when the command journal itself is broken (gap, malformed record, a
     * damaged file), or {@code verify} is asked and there is no event journal.
     */
    public static Result replay(
        final DataDirectory data, final EngineConfig config, final boolean verify, final long toSequence,
        final LongConsumer progress)
    {
        if (verify && !Files.isDirectory(data.events()))
        {
            throw new JournalException("no event journal in " + data.root() + " (expected " + data.events()
                + "): nothing to verify the replay against");
        }
        final SettlementEngine engine = new SettlementEngine(config);
        try (JournalReader commands = JournalReader.openReadOnly(data.commands(), JournalReader.Kind.COMMANDS);
            JournalReader events = verify ? JournalReader.openReadOnly(data.events(), JournalReader.Kind.EVENTS) : null)
        {
            // both journals are read from their start to the end (or toSequence): each on a thread of its own, ahead of the engine
            commands.readAhead();
            if (events != null)
            {
                events.readAhead();
            }
            final Checker checker = new Checker(events);
            final EventSink sink = verify ? checker : (event, buffer, offset, eventLength) -> {};
            long expected = 1;
            boolean stoppedEarly = false;
            int length;
            while ((length = commands.next()) > 0)
            {
                if (CommandCodec.checkedType(commands.buffer(), commands.offset()) == null)
                {
                    throw new JournalException("command journal record " + commands.recordsRead() + " is malformed");
                }
                final long sequence = CommandCodec.sequence(commands.buffer(), commands.offset());
                if (sequence != expected)
                {
                    throw new JournalException("command journal out of sequence: expected " + expected + ", found "
                        + sequence);
                }
                if (sequence > toSequence)
                {
                    stoppedEarly = true;
                    break;
                }
                expected++;
                checker.startCommand(sequence);
                engine.apply(commands.buffer(), commands.offset(), sink);
                checker.endCommand();
                if (sequence % 100_000 == 0)
                {
                    progress.accept(sequence);
                }
            }
            final long beyond = verify && !stoppedEarly ? checker.countRemaining() : 0;
            return new Result(expected - 1, checker.mismatches, checker.firstSequence, checker.first, checker.verified,
                checker.tailCommands, checker.tailFirstSequence, checker.tailEvents, beyond, engine);
        }
    }

    private static final class Checker implements EventSink
    {
        private final JournalReader events;
        private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[EventCodec.MAX_LENGTH]);
        private long sequence;
        private boolean commandMismatched;
        private boolean commandInTail;
        private boolean exhausted;
        long mismatches;
        long firstSequence;
        String first;
        long verified;
        long tailCommands;
        long tailFirstSequence;
        long tailEvents;

        Checker(final JournalReader events)
        {
            this.events = events;
        }

        void startCommand(final long commandSequence)
        {
            sequence = commandSequence;
            commandMismatched = false;
            commandInTail = false;
        }

        void endCommand()
        {
            if (commandMismatched)
            {
                mismatches++;
            }
            if (commandInTail)
            {
                tailCommands++;
            }
        }

        @Override
        public void onEvent(final Event event, final DirectBuffer buffer, final int offset, final int length)
        {
            // once the event journal has ended, every later event is the tail's: read no further
            final int journaledLength = exhausted ? -1 : events.nextToCompare();
            if (journaledLength < 0)
            {
                exhausted = true;
                if (tailFirstSequence == 0)
                {
                    tailFirstSequence = sequence;
                }
                commandInTail = true;
                tailEvents++;
                return;
            }
            if (journaledLength == length && Records.equal(events.buffer(), events.offset(), buffer, offset, length))
            {
                verified++; // the bytes this build encoded: a whole record, its checksum right
                return;
            }
            events.checkCurrent();
            if (!Records.agree(events.buffer(), events.offset(), journaledLength, buffer, offset, length, scratch))
            {
                mismatch("the replay gives " + event + " but the journal holds "
                    + Records.describeEvent(events.buffer(), events.offset(), journaledLength));
            }
            else
            {
                verified++;
            }
        }

        /** Events the journal holds after the last replayed command's. */
        long countRemaining()
        {
            long remaining = 0;
            while (!exhausted && events.next() > 0)
            {
                remaining++;
            }
            return remaining;
        }

        private void mismatch(final String what)
        {
            if (!commandMismatched && first == null)
            {
                firstSequence = sequence;
                first = what;
            }
            commandMismatched = true;
        }
    }
}
