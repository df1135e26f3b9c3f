package io.settlement.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The snapshot's chunked stream read as a {@link java.io.DataInput}: every field reads back what
 * {@link DataOutputStream} wrote, whether it lies inside one chunk or straddles two, and a stream cut
 * short or damaged is refused.
 */
class ChecksummedChunksTest
{
    /** A byte, then alternating longs, ints, shorts and bytes: with a 1-byte lead, fields cross every chunk boundary at each offset. */
    private static byte[] written(final int fields) throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final ChecksummedChunks.Out chunks = new ChecksummedChunks.Out(bytes);
        final DataOutputStream out = new DataOutputStream(chunks);
        out.writeByte(0x5A);
        for (int i = 0; i < fields; i++)
        {
            out.writeLong(0x0102_0304_0506_0708L * (i + 1));
            out.writeInt(-7 * i);
            out.writeShort(i);
            out.writeByte(i);
        }
        out.write(new byte[] {1, 2, 3, 4, 5});
        chunks.close();
        return bytes.toByteArray();
    }

    @Test
    void shouldReadEveryFieldBackAcrossChunkBoundaries() throws IOException
    {
        final int fields = 3 * ChecksummedChunks.CHUNK_BYTES / 15; // 15 bytes a round: three chunks and more
        final ChecksummedChunks.In in = new ChecksummedChunks.In(new ByteArrayInputStream(written(fields)));
        assertEquals(0x5A, in.readByte());
        for (int i = 0; i < fields; i++)
        {
            assertEquals(0x0102_0304_0506_0708L * (i + 1), in.readLong(), "long " + i);
            assertEquals(-7 * i, in.readInt(), "int " + i);
            assertEquals((short)i, in.readShort(), "short " + i);
            assertEquals((byte)i, in.readByte(), "byte " + i);
        }
        final byte[] tail = new byte[5];
        in.readFully(tail);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, tail);
        assertTrue(in.atCleanEnd());
    }

    @Test
    void shouldRefuseAStreamCutShort() throws IOException
    {
        final byte[] whole = written(10);
        final ChecksummedChunks.In in = new ChecksummedChunks.In(new ByteArrayInputStream(Arrays.copyOf(whole, whole.length - 10)));
        assertThrows(EOFException.class, () ->
        {
            in.readByte();
            for (int i = 0; i < 10; i++)
            {
                in.readLong();
                in.readInt();
                in.readShort();
                in.readByte();
            }
        });
    }

    @Test
    void shouldRefuseADamagedChunkBeforeServingAnyOfIt() throws IOException
    {
        final byte[] bytes = written(10);
        bytes[20] ^= 0x01;
        final ChecksummedChunks.In in = new ChecksummedChunks.In(new ByteArrayInputStream(bytes));
        final IOException e = assertThrows(IOException.class, in::readByte);
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    }

    @Test
    void shouldRefuseAFieldLongerThanWhatIsLeft() throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final ChecksummedChunks.Out chunks = new ChecksummedChunks.Out(bytes);
        chunks.write(new byte[] {1, 2, 3});
        chunks.close();
        final ChecksummedChunks.In in = new ChecksummedChunks.In(new ByteArrayInputStream(bytes.toByteArray()));
        assertThrows(EOFException.class, in::readLong);
    }
}
