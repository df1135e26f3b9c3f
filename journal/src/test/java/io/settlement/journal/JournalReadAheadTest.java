package io.settlement.journal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandCodec;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reader reading ahead on a thread of its own ({@link JournalReader#readAhead()}) gives the same records, at the
 * same positions, and refuses a damaged one at the same record with the same words, as a reader reading in turn.
 */
class JournalReadAheadTest
{
    private static final int BATCHES = 40;
    private static final int PER_BATCH = 97;

    @TempDir
    Path dir;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final Command command = new Command();

    /** Writes {@link #BATCHES} batches of deposits, sequences from 1; {@code damage} (if not 0) has one bit flipped. */
    private void journal(final long damage)
    {
        try (ChronicleJournal journal = new ChronicleJournal(dir, false))
        {
            long sequence = 0;
            for (int b = 0; b < BATCHES; b++)
            {
                for (int i = 0; i < PER_BATCH; i++)
                {
                    command.deposit(0, 0, 1 + i % 3, 840, 100 + i);
                    command.sequence = ++sequence;
                    final int length = CommandCodec.encode(command, buffer, 0);
                    if (sequence == damage)
                    {
                        buffer.putByte(length - 9, (byte)(buffer.getByte(length - 9) ^ 0x10)); // a bit of the amount
                    }
                    journal.append(buffer, 0, length);
                }
                journal.endOfBatch();
            }
        }
    }

    /** Every record read (sequence, length, batch index, records of its batch, a hash of its bytes), then the refusal, if any. */
    private List<String> read(final boolean ahead)
    {
        final List<String> seen = new ArrayList<>();
        try (JournalReader reader = JournalReader.openReadOnly(dir, JournalReader.Kind.COMMANDS))
        {
            // a reader that reads ahead after having read in turn (as a restart does after seeking) goes on where it was
            for (int i = 0; i < PER_BATCH / 2; i++)
            {
                reader.next();
                seen.add(describe(reader));
            }
            if (ahead)
            {
                reader.readAhead();
            }
            while (reader.next() > 0)
            {
                seen.add(describe(reader));
            }
            seen.add("end after " + reader.recordsRead() + " at sequence " + reader.sequence());
        }
        catch (final JournalException refused)
        {
            seen.add("refused: " + refused.getMessage());
        }
        return seen;
    }

    private static String describe(final JournalReader reader)
    {
        int hash = 0;
        final int length = reader.buffer().getInt(reader.offset(), java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < length; i++)
        {
            hash = 31 * hash + reader.buffer().getByte(reader.offset() + i);
        }
        return reader.recordsRead() + " seq " + reader.sequence() + " len " + length + " batch " + reader.batchIndex()
            + "/" + reader.recordsOfBatch() + " bytes " + hash;
    }

    @Test
    void shouldReadTheSameRecordsAheadAsInTurn()
    {
        journal(0);

        final List<String> inTurn = read(false);
        assertEquals(BATCHES * PER_BATCH + 1, inTurn.size());
        assertEquals("end after " + BATCHES * PER_BATCH + " at sequence " + BATCHES * PER_BATCH, inTurn.get(inTurn.size() - 1));
        assertEquals(inTurn, read(true));
    }

    @Test
    void shouldRefuseADamagedRecordInALaterBatchAtItsTurnWithTheSameWords()
    {
        final long damaged = 31L * PER_BATCH + 5;
        journal(damaged);

        final List<String> inTurn = read(false);
        final String refusal = inTurn.get(inTurn.size() - 1);
        assertTrue(refusal.startsWith("refused: ") && refusal.contains("record " + damaged) && refusal.contains("checksum"), refusal);
        assertEquals(damaged, inTurn.size()); // the records before it, then the refusal
        assertEquals(inTurn, read(true));
    }

    @Test
    void shouldRefuseToSeekOrRewindWhileReadingAhead()
    {
        journal(0);
        try (JournalReader reader = JournalReader.openReadOnly(dir, JournalReader.Kind.COMMANDS))
        {
            reader.readAhead();
            assertTrue(reader.next() > 0);
            final IllegalStateException seek = assertThrows(IllegalStateException.class, () -> reader.seek(-1, 0));
            assertNotNull(seek.getMessage());
            assertThrows(IllegalStateException.class, reader::rewind);
            int read = 1;
            while (reader.next() > 0)
            {
                read++;
            }
            assertEquals(BATCHES * PER_BATCH, read);
        }
    }
}
