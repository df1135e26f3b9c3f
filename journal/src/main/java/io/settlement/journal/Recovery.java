package io.settlement.journal;

import java.io.IOException;
import java.util.function.Consumer;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.RecordFrame;
import io.settlement.engine.pipeline.EventJournal;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * Rebuilds the engine from a data directory: the newest usable snapshot, then every later command
 * from the command journal, checking on the way that
 * <ul>
 *   <li>the command journal holds sequences 1, 2, 3... with no gap, no repeat, no malformed record;</li>
 *   <li>it reaches at least the snapshot's sequence;</li>
 *   <li>every event the replay produces equals, byte for byte, the one the event journal holds.</li>
 * </ul>
 * Events the event journal lacks at its end (the process stopped after journaling commands but
 * before journaling their outcomes) are regenerated and appended. Anything else is refused with
 * a {@link JournalException} naming the sequence: recovery never silently drops or invents data.
 */
public final class Recovery
{
    /**
     * What recovery did, and what the recovered state holds that the node's start compares with its
     * configuration (all set by journaled commands): the retention period, the business date, and the
     * business calendar (weekends closed, the holidays in date order).
     */
    public record Report(
        long snapshotSequence, long lastSequence, long commandsReplayed, long eventsVerified, long eventsAppended,
        long stateHash, int retainFinishedDays, int businessDate, boolean weekendsClosed, int[] holidays)
    {
        @Override
        public String toString()
        {
            return "recovered to sequence " + lastSequence + " (snapshot " + snapshotSequence + ", " + commandsReplayed
                + " commands replayed, " + eventsVerified + " events verified, " + eventsAppended
                + " events re-journaled), state hash " + Long.toHexString(stateHash);
        }
    }

    private final SettlementEngine engine;
    private final Report report;

    private Recovery(final SettlementEngine engine, final Report report)
    {
        this.engine = engine;
        this.report = report;
    }

    public SettlementEngine engine()
    {
        return engine;
    }

    public Report report()
    {
        return report;
    }

    /**
     * @param snapshots  where to look for a starting point (null: replay from the first command)
     * @param commands   the command journal, read from its first record
     * @param events     the event journal, read from its first record
     * @param repair     where to append events the event journal lacks at its end
     */
    public static Recovery run(
        final EngineConfig config,
        final SnapshotStore snapshots,
        final JournalReader commands,
        final JournalReader events,
        final EventJournal repair,
        final Consumer<String> warnings) throws IOException
    {
        final SnapshotStore.Loaded loaded = snapshots == null ? null : snapshots.loadNewest(config, warnings);
        final SettlementEngine engine = loaded != null ? loaded.engine() : new SettlementEngine(config);
        final long snapshotSequence = loaded != null ? loaded.sequence() : 0;

        final Verifier verifier = new Verifier(events, snapshotSequence);
        long expected = 1;
        long replayed = 0;
        int length;
        while ((length = commands.next()) > 0)
        {
            if (CommandCodec.checkedType(commands.buffer(), commands.offset()) == null)
            {
                throw new JournalException("command journal record " + commands.recordsRead() + " is malformed"
                    + " (expected sequence " + expected + ")");
            }
            final long sequence = CommandCodec.sequence(commands.buffer(), commands.offset());
            if (sequence != expected)
            {
                throw new JournalException("command journal out of sequence: expected " + expected + ", found "
                    + sequence + (sequence > expected ? " (a gap)" : " (a repeat)"));
            }
            expected++;
            if (sequence <= snapshotSequence)
            {
                continue;
            }
            verifier.sequence = sequence;
            engine.apply(commands.buffer(), commands.offset(), verifier::check);
            replayed++;
        }
        final long lastSequence = expected - 1;
        if (lastSequence < snapshotSequence)
        {
            throw new JournalException("the command journal ends at sequence " + lastSequence
                + " but the snapshot is as of " + snapshotSequence + ": the journal was truncated");
        }
        final long eventsAppended = verifier.finish(repair);
        return new Recovery(engine, new Report(
            snapshotSequence, lastSequence, replayed, verifier.verified, eventsAppended, engine.stateHash(),
            engine.retainFinishedDays(), engine.businessDate(), engine.weekendsClosed(), engine.holidays()));
    }

    /**
     * Compares each regenerated event with the next journaled one; once the event journal runs out,
     * keeps the rest to append.
     */
    private static final class Verifier
    {
        private final JournalReader events;
        private final ExpandableArrayBuffer missing = new ExpandableArrayBuffer(4096);
        private int missingLength;
        private boolean exhausted;
        private long verified;
        long sequence;

        Verifier(final JournalReader events, final long skipThrough)
        {
            this.events = events;
            skipEventsThrough(skipThrough);
        }

        /** Events of commands the snapshot already covers are not replayed, so they are skipped. */
        private void skipEventsThrough(final long snapshotSequence)
        {
            if (snapshotSequence == 0)
            {
                return;
            }
            long lastEventSequence = 0;
            while (true)
            {
                final int length = events.next();
                if (length < 0)
                {
                    exhausted = true;
                    break;
                }
                lastEventSequence = sequenceOf(events.buffer(), events.offset(), length);
                if (lastEventSequence > snapshotSequence)
                {
                    pendingLength = length;
                    return;
                }
            }
            // a snapshot is published only after its events are journaled, so this is damage
            if (lastEventSequence < snapshotSequence)
            {
                throw new JournalException("the event journal ends at sequence " + lastEventSequence
                    + " but the snapshot is as of " + snapshotSequence + ": the outcomes in between are lost"
                    + " and cannot be regenerated from this snapshot; move it aside to replay from an older one");
            }
        }

        /** A record read while skipping that belongs to the replayed range (-1: none). */
        private int pendingLength = -1;

        void check(final io.settlement.engine.api.Event event, final DirectBuffer buffer, final int offset, final int length)
        {
            if (!exhausted)
            {
                int journaledLength = pendingLength;
                pendingLength = -1;
                if (journaledLength < 0)
                {
                    journaledLength = events.next();
                }
                if (journaledLength < 0)
                {
                    exhausted = true;
                }
                else
                {
                    if (journaledLength != length || !Records.equal(events.buffer(), events.offset(), buffer, offset, length))
                    {
                        throw new JournalException("event journal disagrees with the replay at sequence " + sequence
                            + ": replay gives " + event + ", journal record " + events.recordsRead() + " holds "
                            + Records.describeEvent(events.buffer(), events.offset(), journaledLength));
                    }
                    verified++;
                    return;
                }
            }
            missing.putBytes(missingLength, buffer, offset, length);
            missingLength += length;
        }

        long finish(final EventJournal repair)
        {
            if (!exhausted && (pendingLength > 0 || events.next() > 0))
            {
                throw new JournalException("the event journal holds events beyond the last journaled command ("
                    + sequence + "): it does not belong with this command journal");
            }
            long appended = 0;
            int offset = 0;
            while (offset < missingLength)
            {
                final int length = EventCodec.encodedLength(missing, offset);
                repair.append(missing, offset, length);
                offset += length;
                appended++;
            }
            if (appended > 0)
            {
                repair.endOfBatch();
            }
            return appended;
        }

        private static long sequenceOf(final DirectBuffer buffer, final int offset, final int length)
        {
            return RecordFrame.sequence(buffer, offset, length); // a whole record: JournalReader checked its frame
        }

    }
}
