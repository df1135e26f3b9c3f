package io.settlement.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32C;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.ImageFragmentAssembler;
import io.aeron.Publication;
import io.aeron.logbuffer.FragmentHandler;
import io.settlement.engine.EngineConfig;
import io.settlement.engine.EngineSnapshot;
import io.settlement.engine.SettlementEngine;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The engine's state through Aeron Cluster's snapshot: {@link EngineSnapshot}'s bytes (itself
 * CRC32C-checked in chunks and ending with the state hash) framed as messages on the snapshot
 * publication:
 * <pre>
 *   HEADER : type int32 = 1 | magic int64 "SETLCLUS" | format int32 | lastSequence int64 (the engine's)
 *            | commandsJournaled int64 (the node's command journal reached this sequence when it was taken)
 *   CHUNK  : type int32 = 2 | up to {@link #CHUNK_BYTES} bytes of the engine snapshot
 *   WANTS  : type int32 = 4 | clusterSessionId int64 | count int32 | participantId int64 * count
 *            (format 2 on: one per session that said which parties' pushes it wants, {@link PushWants})
 *   END    : type int32 = 3 | total bytes int64 | CRC32C of all of them int32
 * </pre>
 * All little-endian. Loading refuses anything else, a missing END, or a total or checksum that
 * disagrees, with an exception that names what was wrong.
 */
final class SnapshotTransfer
{
    static final long MAGIC = 0x53554C43_4C544553L; // "SETLCLUS" little-endian
    /** Format 2 adds WANTS; format 1 (no WANTS: every session wants every push) is still read. */
    static final int FORMAT = 2;
    static final int FIRST_FORMAT_READ = 1;
    static final int HEADER = 1;
    static final int CHUNK = 2;
    static final int END = 3;
    static final int WANTS = 4;
    private static final int WANTS_HEADER_LENGTH = 4 + 8 + 4;
    static final int CHUNK_BYTES = 16 * 1024;
    private static final int HEADER_LENGTH = 4 + 8 + 4 + 8 + 8;
    private static final int END_LENGTH = 4 + 8 + 4;

    private SnapshotTransfer()
    {
    }

    /** What a snapshot held. */
    record Loaded(SettlementEngine engine, long commandsJournaled, PushWants wants)
    {
    }

    /** Writes {@code engine}'s state to {@code publication}, waiting with {@code idle} while it is back-pressured. */
    static void write(
        final SettlementEngine engine, final long commandsJournaled, final ExclusivePublication publication,
        final IdleStrategy idle) throws IOException
    {
        write(engine, commandsJournaled, new PushWants(), publication, idle);
    }

    /** Writes {@code engine}'s state and the sessions' {@code wants} to {@code publication}. */
    static void write(
        final SettlementEngine engine, final long commandsJournaled, final PushWants wants, final ExclusivePublication publication,
        final IdleStrategy idle) throws IOException
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[Math.max(4 + CHUNK_BYTES,
            WANTS_HEADER_LENGTH + ClusterProtocol.MAX_WANTS * Long.BYTES)]);
        buffer.putInt(0, HEADER, ClusterProtocol.ORDER);
        buffer.putLong(4, MAGIC, ClusterProtocol.ORDER);
        buffer.putInt(12, FORMAT, ClusterProtocol.ORDER);
        buffer.putLong(16, engine.lastSequence(), ClusterProtocol.ORDER);
        buffer.putLong(24, commandsJournaled, ClusterProtocol.ORDER);
        offer(publication, buffer, HEADER_LENGTH, idle);
        final CRC32C crc = new CRC32C();
        final long[] total = new long[1];
        try (OutputStream chunks = new OutputStream()
        {
            private int filled;

            @Override
            public void write(final int b) throws IOException
            {
                buffer.putByte(4 + filled++, (byte)b);
                if (filled == CHUNK_BYTES)
                {
                    flush();
                }
            }

            @Override
            public void write(final byte[] bytes, final int offset, final int length) throws IOException
            {
                int at = offset;
                int left = length;
                while (left > 0)
                {
                    final int n = Math.min(left, CHUNK_BYTES - filled);
                    buffer.putBytes(4 + filled, bytes, at, n);
                    filled += n;
                    at += n;
                    left -= n;
                    if (filled == CHUNK_BYTES)
                    {
                        flush();
                    }
                }
            }

            @Override
            public void flush() throws IOException
            {
                if (filled > 0)
                {
                    buffer.putInt(0, CHUNK, ClusterProtocol.ORDER);
                    crc.update(buffer.byteArray(), 4, filled);
                    total[0] += filled;
                    offer(publication, buffer, 4 + filled, idle);
                    filled = 0;
                }
            }
        })
        {
            EngineSnapshot.write(engine, chunks);
        }
        for (final long session : wants.sessions())
        {
            final long[] participants = wants.of(session);
            buffer.putInt(0, WANTS, ClusterProtocol.ORDER);
            buffer.putLong(4, session, ClusterProtocol.ORDER);
            buffer.putInt(12, participants.length, ClusterProtocol.ORDER);
            for (int i = 0; i < participants.length; i++)
            {
                buffer.putLong(WANTS_HEADER_LENGTH + i * Long.BYTES, participants[i], ClusterProtocol.ORDER);
            }
            offer(publication, buffer, WANTS_HEADER_LENGTH + participants.length * Long.BYTES, idle);
        }
        buffer.putInt(0, END, ClusterProtocol.ORDER);
        buffer.putLong(4, total[0], ClusterProtocol.ORDER);
        buffer.putInt(12, (int)crc.getValue(), ClusterProtocol.ORDER);
        offer(publication, buffer, END_LENGTH, idle);
    }

    private static void offer(
        final ExclusivePublication publication, final DirectBuffer buffer, final int length, final IdleStrategy idle)
        throws IOException
    {
        idle.reset();
        long result;
        while ((result = publication.offer(buffer, 0, length)) < 0)
        {
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED || result == Publication.NOT_CONNECTED)
            {
                throw new IOException("the snapshot publication refused a message: " + Publication.errorString(result));
            }
            idle.idle();
        }
    }

    /** Reads a snapshot written by {@link #write} from {@code image} into a new engine. */
    static Loaded read(final Image image, final EngineConfig config, final IdleStrategy idle) throws IOException
    {
        final Reader reader = new Reader();
        final ImageFragmentAssembler assembler = new ImageFragmentAssembler(reader);
        idle.reset();
        while (!reader.ended)
        {
            final int fragments = image.poll(assembler, 16);
            if (reader.failure != null)
            {
                throw new IOException("the cluster snapshot is malformed: " + reader.failure);
            }
            if (fragments == 0)
            {
                if (image.isEndOfStream() || image.isClosed())
                {
                    throw new IOException("the cluster snapshot ended before its END message (" + reader.bytes.size()
                        + " bytes of the engine's state read)");
                }
                idle.idle();
            }
        }
        final byte[] state = reader.bytes.toByteArray();
        final SettlementEngine engine = EngineSnapshot.read(new ByteArrayInputStream(state), config);
        if (engine.lastSequence() != reader.lastSequence)
        {
            throw new IOException("the cluster snapshot's header says sequence " + reader.lastSequence
                + " but the engine's state is after " + engine.lastSequence());
        }
        return new Loaded(engine, reader.commandsJournaled, reader.wants);
    }

    private static final class Reader implements FragmentHandler
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CRC32C crc = new CRC32C();
        final byte[] scratch = new byte[CHUNK_BYTES];
        final PushWants wants = new PushWants();
        int format;
        boolean headerSeen;
        boolean ended;
        String failure;
        long lastSequence;
        long commandsJournaled;

        @Override
        public void onFragment(final DirectBuffer buffer, final int offset, final int length, final io.aeron.logbuffer.Header header)
        {
            if (failure != null || ended)
            {
                return;
            }
            final int type = length >= 4 ? buffer.getInt(offset, ClusterProtocol.ORDER) : -1;
            switch (type)
            {
                case HEADER ->
                {
                    if (headerSeen || length != HEADER_LENGTH)
                    {
                        failure = headerSeen ? "a second header" : "a header of " + length + " bytes";
                    }
                    else if (buffer.getLong(offset + 4, ClusterProtocol.ORDER) != MAGIC)
                    {
                        failure = "not a settlement engine snapshot (magic 0x"
                            + Long.toHexString(buffer.getLong(offset + 4, ClusterProtocol.ORDER)) + ")";
                    }
                    else if (buffer.getInt(offset + 12, ClusterProtocol.ORDER) < FIRST_FORMAT_READ
                        || buffer.getInt(offset + 12, ClusterProtocol.ORDER) > FORMAT)
                    {
                        failure = "format " + buffer.getInt(offset + 12, ClusterProtocol.ORDER) + ", this build reads "
                            + FIRST_FORMAT_READ + " to " + FORMAT;
                    }
                    else
                    {
                        headerSeen = true;
                        format = buffer.getInt(offset + 12, ClusterProtocol.ORDER);
                        lastSequence = buffer.getLong(offset + 16, ClusterProtocol.ORDER);
                        commandsJournaled = buffer.getLong(offset + 24, ClusterProtocol.ORDER);
                    }
                }
                case CHUNK ->
                {
                    final int n = length - 4;
                    if (!headerSeen || n <= 0 || n > CHUNK_BYTES)
                    {
                        failure = headerSeen ? "a chunk of " + n + " bytes" : "a chunk before the header";
                        return;
                    }
                    buffer.getBytes(offset + 4, scratch, 0, n);
                    crc.update(scratch, 0, n);
                    bytes.write(scratch, 0, n);
                }
                case WANTS ->
                {
                    final int count = length >= WANTS_HEADER_LENGTH ? buffer.getInt(offset + 12, ClusterProtocol.ORDER) : -1;
                    if (!headerSeen || format < 2 || count < 0 || count > ClusterProtocol.MAX_WANTS
                        || length != WANTS_HEADER_LENGTH + count * Long.BYTES)
                    {
                        failure = !headerSeen ? "wants before the header" : format < 2 ? "wants in a snapshot of format " + format
                            : "wants of " + length + " bytes saying " + count + " participants";
                        return;
                    }
                    final long[] participants = new long[count];
                    for (int i = 0; i < count; i++)
                    {
                        participants[i] = buffer.getLong(offset + WANTS_HEADER_LENGTH + i * Long.BYTES, ClusterProtocol.ORDER);
                    }
                    wants.put(buffer.getLong(offset + 4, ClusterProtocol.ORDER), participants);
                }
                case END ->
                {
                    if (!headerSeen || length != END_LENGTH)
                    {
                        failure = headerSeen ? "an end of " + length + " bytes" : "an end before the header";
                        return;
                    }
                    final long total = buffer.getLong(offset + 4, ClusterProtocol.ORDER);
                    final int checksum = buffer.getInt(offset + 12, ClusterProtocol.ORDER);
                    if (total != bytes.size())
                    {
                        failure = "its end says " + total + " bytes, " + bytes.size() + " came";
                    }
                    else if (checksum != (int)crc.getValue())
                    {
                        failure = "CRC32C mismatch over its " + total + " bytes";
                    }
                    else
                    {
                        ended = true;
                    }
                }
                default -> failure = "a message of unknown type " + type;
            }
        }
    }
}
