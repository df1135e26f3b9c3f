package io.settlement.journal;

import java.io.IOException;
import java.util.function.Consumer;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.EventSink;
import io.settlement.engine.api.RecordFrame;
import io.settlement.engine.pipeline.EventJournal;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Rebuilds the engine from a data directory: the newest usable snapshot, then every later command
 * from the command journal, checking on the way that
 * <ul>
 *   <li>the command journal holds sequences 1, 2, 3... with no gap, no repeat, no malformed record;</li>
 *   <li>it reaches at least the snapshot's sequence;</li>
 *   <li>every event the replay produces equals, byte for byte, the one the event journal holds.</li>
 * </ul>
 * When the snapshot has its journal positions recorded ({@link SnapshotPositions}), both journals are
 * read from there instead of from their first record: the command at the recorded position must carry
 * the snapshot's sequence and the event there the recorded one, and from there on the same checks hold
 * (the tail continues from the snapshot's sequence without a gap, every event is compared); the records
 * before the snapshot are not read again. Without positions, or when they do not match the journal, the
 * journal is read from its start as before, and a warning says why.
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
        long stateHash, int retainFinishedDays, int businessDate, boolean weekendsClosed, int[] holidays,
        long commandRecordsRead, long eventRecordsRead)
    {
        @Override
        public String toString()
        {
            return "recovered to sequence " + lastSequence + " (snapshot " + snapshotSequence + ", " + commandsReplayed
                + " commands replayed, " + eventsVerified + " events verified, " + eventsAppended
                + " events re-journaled; " + commandRecordsRead + " command and " + eventRecordsRead
                + " event records read), state hash " + Long.toHexString(stateHash);
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

        long expected = 1;
        long lastEventSequence = 0;
        if (loaded != null)
        {
            final SnapshotPositions positions = loaded.positions();
            String missing = loaded.positionsMissing();
            if (positions != null)
            {
                missing = seek(commands, positions.commandIndex(), positions.commandRecords(), snapshotSequence);
            }
            if (missing == null)
            {
                expected = snapshotSequence + 1;
                missing = seek(events, positions.eventIndex(), positions.eventRecords(), positions.eventSequence());
                if (missing == null)
                {
                    lastEventSequence = positions.eventSequence();
                }
                else
                {
                    warnings.accept("restart reads the event journal from its start to find snapshot " + snapshotSequence
                        + "'s events: " + missing);
                }
            }
            else
            {
                warnings.accept("restart reads the journals from their start to find snapshot " + snapshotSequence
                    + "'s position: " + missing);
            }
        }
        final Verifier verifier = new Verifier(events, snapshotSequence, lastEventSequence);
        // from here both journals are read to their end: each on a thread of its own, ahead of the engine
        commands.readAhead();
        events.readAhead();
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
            engine.apply(commands.buffer(), commands.offset(), verifier);
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
            engine.retainFinishedDays(), engine.businessDate(), engine.weekendsClosed(), engine.holidays(),
            commands.recordsRead(), events.recordsRead()));
    }

    /**
     * Moves {@code reader} to a recorded position and checks that the record there carries {@code sequence}.
     *
     * @return null when it does; else why not, with the reader back at the journal's start.
     */
    private static String seek(final JournalReader reader, final long index, final int records, final long sequence)
    {
        try
        {
            reader.seek(index, records);
            if (reader.sequence() == sequence || records == 0 && sequence == 0)
            {
                return null;
            }
            final long found = reader.sequence();
            reader.rewind();
            return "the record at the recorded position (batch index 0x" + Long.toHexString(index) + ", record " + records
                + ") carries sequence " + found + ", not " + sequence + " (a journal the snapshot was not taken with?)";
        }
        catch (final JournalException ex)
        {
            reader.rewind();
            return ex.getMessage();
        }
    }

    /**
     * Compares each regenerated event with the next journaled one; once the event journal runs out,
     * keeps the rest to append.
     */
    private static final class Verifier implements EventSink
    {
        private final JournalReader events;
        private final ExpandableArrayBuffer missing = new ExpandableArrayBuffer(4096);
        private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[EventCodec.MAX_LENGTH]);
        private int missingLength;
        private boolean exhausted;
        private long verified;
        long sequence;

        /**
         * @param lastRead the sequence of the event {@code events} was moved to (0: at its start)
         */
        Verifier(final JournalReader events, final long skipThrough, final long lastRead)
        {
            this.events = events;
            skipEventsThrough(skipThrough, lastRead);
        }

        /** Events of commands the snapshot already covers are not replayed, so they are skipped. */
        private void skipEventsThrough(final long snapshotSequence, final long lastRead)
        {
            if (snapshotSequence == 0)
            {
                return;
            }
            long lastEventSequence = lastRead;
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

        @Override
        public void onEvent(final io.settlement.engine.api.Event event, final DirectBuffer buffer, final int offset, final int length)
        {
            if (!exhausted)
            {
                int journaledLength = pendingLength;
                pendingLength = -1;
                if (journaledLength < 0)
                {
                    journaledLength = events.nextToCompare();
                }
                if (journaledLength < 0)
                {
                    exhausted = true;
                }
                else
                {
                    if (journaledLength == length && Records.equal(events.buffer(), events.offset(), buffer, offset, length))
                    {
                        verified++; // the bytes this build encoded: a whole record, its checksum right
                        return;
                    }
                    events.checkCurrent();
                    if (!Records.agree(events.buffer(), events.offset(), journaledLength, buffer, offset, length, scratch))
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
