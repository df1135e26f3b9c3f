package io.settlement.journal;

import java.util.function.LongConsumer;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.Event;
import org.agrona.DirectBuffer;

/**
 * The auditor's replay: rebuilds the state from the command journal alone (read-only; it never
 * writes to what it reads), optionally up to a sequence, and with {@code verify} re-derives every
 * event and compares it byte for byte with the event journal, counting the commands whose events
 * differ and naming the first. Unlike {@link Recovery} it does not stop at a mismatch.
 */
public final class Audit
{
    /** What the replay found. */
    public record Result(long commands, long mismatches, long firstMismatchSequence, String firstMismatch, SettlementEngine engine)
    {
    }

    private Audit()
    {
    }

    /**
     * @param toSequence replay commands up to and including this sequence (Long.MAX_VALUE: all)
     * @param progress   called with the number of commands replayed, every 100,000
     * @throws JournalException when the command journal itself is broken (gap, malformed record).
     */
    public static Result replay(
        final DataDirectory data, final EngineConfig config, final boolean verify, final long toSequence,
        final LongConsumer progress)
    {
        final SettlementEngine engine = new SettlementEngine(config);
        try (JournalReader commands = JournalReader.openReadOnly(data.commands(), JournalReader.Kind.COMMANDS);
            JournalReader events = verify ? JournalReader.openReadOnly(data.events(), JournalReader.Kind.EVENTS) : null)
        {
            final Checker checker = new Checker(events);
            final Command command = new Command();
            long expected = 1;
            int length;
            while ((length = commands.next()) > 0)
            {
                if (!CommandCodec.decode(commands.buffer(), commands.offset(), length, command))
                {
                    throw new JournalException("command journal record " + commands.recordsRead() + " is malformed");
                }
                if (command.sequence != expected)
                {
                    throw new JournalException("command journal out of sequence: expected " + expected + ", found "
                        + command.sequence);
                }
                if (command.sequence > toSequence)
                {
                    break;
                }
                expected++;
                checker.startCommand(command.sequence);
                engine.apply(command, verify ? checker : (event, buffer, offset, eventLength) -> {});
                checker.endCommand();
                if (command.sequence % 100_000 == 0)
                {
                    progress.accept(command.sequence);
                }
            }
            return new Result(expected - 1, checker.mismatches, checker.firstSequence, checker.first, engine);
        }
    }

    private static final class Checker implements io.settlement.engine.api.EventSink
    {
        private final JournalReader events;
        private long sequence;
        private boolean commandMismatched;
        long mismatches;
        long firstSequence;
        String first;

        Checker(final JournalReader events)
        {
            this.events = events;
        }

        void startCommand(final long commandSequence)
        {
            sequence = commandSequence;
            commandMismatched = false;
        }

        void endCommand()
        {
            if (commandMismatched)
            {
                mismatches++;
            }
        }

        @Override
        public void onEvent(final Event event, final DirectBuffer buffer, final int offset, final int length)
        {
            final int journaledLength = events.next();
            if (journaledLength < 0)
            {
                mismatch("the event journal ends; the replay gives " + event);
                return;
            }
            if (journaledLength != length || !Records.equal(events.buffer(), events.offset(), buffer, offset, length))
            {
                mismatch("the replay gives " + event + " but the journal holds "
                    + Records.describeEvent(events.buffer(), events.offset(), journaledLength));
            }
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
