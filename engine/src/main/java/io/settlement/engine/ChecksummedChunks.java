package io.settlement.engine;

import java.io.DataInput;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * A byte stream cut into chunks of at most {@link #CHUNK_BYTES}, each framed as
 * {@code [length int32][bytes][CRC32C int32]} and ended by a zero-length chunk. The reader
 * verifies a whole chunk before handing out any of its bytes, so corrupt input never reaches a
 * parser; the checksums cost one pass over big arrays instead of a call per field.
 */
final class ChecksummedChunks
{
    static final int CHUNK_BYTES = 64 * 1024;

    private ChecksummedChunks()
    {
    }

    /** Writes chunks; {@link #close()} ends the stream (and flushes, without closing the target). */
    static final class Out extends OutputStream
    {
        private final OutputStream target;
        private final byte[] chunk = new byte[CHUNK_BYTES];
        private final byte[] frame = new byte[4];
        private final CRC32C crc = new CRC32C();
        private int length;
        private boolean closed;

        Out(final OutputStream target)
        {
            this.target = target;
        }

        @Override
        public void write(final int b) throws IOException
        {
            if (length == CHUNK_BYTES)
            {
                writeChunk();
            }
            chunk[length++] = (byte)b;
        }

        @Override
        public void write(final byte[] bytes, final int offset, final int count) throws IOException
        {
            int done = 0;
            while (done < count)
            {
                if (length == CHUNK_BYTES)
                {
                    writeChunk();
                }
                final int n = Math.min(count - done, CHUNK_BYTES - length);
                System.arraycopy(bytes, offset + done, chunk, length, n);
                length += n;
                done += n;
            }
        }

        private void writeChunk() throws IOException
        {
            writeInt(length);
            target.write(chunk, 0, length);
            crc.reset();
            crc.update(chunk, 0, length);
            writeInt((int)crc.getValue());
            length = 0;
        }

        private void writeInt(final int value) throws IOException
        {
            frame[0] = (byte)(value >>> 24);
            frame[1] = (byte)(value >>> 16);
            frame[2] = (byte)(value >>> 8);
            frame[3] = (byte)value;
            target.write(frame, 0, 4);
        }

        @Override
        public void close() throws IOException
        {
            if (!closed)
            {
                closed = true;
                if (length > 0)
                {
                    writeChunk();
                }
                writeChunk(); // the empty end-of-stream chunk
                target.flush();
            }
        }
    }

    /**
     * Reads chunks, verifying each before serving its bytes; an IOException on any damage. It is also
     * the snapshot's {@link DataInput} (big-endian, as {@link java.io.DataOutputStream} wrote it): a field
     * inside the current chunk is read from the chunk's array in place, one that straddles two chunks
     * byte by byte; no per-field stream call, no copy through an intermediate buffer.
     */
    static final class In extends InputStream implements DataInput
    {
        private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
        private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
        private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

        private final InputStream source;
        private final byte[] chunk = new byte[CHUNK_BYTES];
        private final byte[] frame = new byte[4];
        private final CRC32C crc = new CRC32C();
        private int length;
        private int position;
        private boolean ended;

        In(final InputStream source)
        {
            this.source = source;
        }

        @Override
        public int read() throws IOException
        {
            if (position == length && !nextChunk())
            {
                return -1;
            }
            return chunk[position++] & 0xFF;
        }

        @Override
        public int read(final byte[] bytes, final int offset, final int count) throws IOException
        {
            if (count == 0)
            {
                return 0;
            }
            if (position == length && !nextChunk())
            {
                return -1;
            }
            final int n = Math.min(count, length - position);
            System.arraycopy(chunk, position, bytes, offset, n);
            position += n;
            return n;
        }

        @Override
        public long readLong() throws IOException
        {
            if (length - position >= Long.BYTES)
            {
                final long value = (long)LONG.get(chunk, position);
                position += Long.BYTES;
                return value;
            }
            return ((long)readInt() << 32) | (readInt() & 0xFFFF_FFFFL);
        }

        @Override
        public int readInt() throws IOException
        {
            if (length - position >= Integer.BYTES)
            {
                final int value = (int)INT.get(chunk, position);
                position += Integer.BYTES;
                return value;
            }
            return (readUnsignedByte() << 24) | (readUnsignedByte() << 16) | (readUnsignedByte() << 8) | readUnsignedByte();
        }

        @Override
        public short readShort() throws IOException
        {
            if (length - position >= Short.BYTES)
            {
                final short value = (short)SHORT.get(chunk, position);
                position += Short.BYTES;
                return value;
            }
            return (short)((readUnsignedByte() << 8) | readUnsignedByte());
        }

        @Override
        public int readUnsignedShort() throws IOException
        {
            return readShort() & 0xFFFF;
        }

        @Override
        public char readChar() throws IOException
        {
            return (char)readShort();
        }

        @Override
        public byte readByte() throws IOException
        {
            if (position < length)
            {
                return chunk[position++];
            }
            return (byte)readUnsignedByte();
        }

        @Override
        public int readUnsignedByte() throws IOException
        {
            final int b = read();
            if (b < 0)
            {
                throw new EOFException("truncated snapshot");
            }
            return b;
        }

        @Override
        public boolean readBoolean() throws IOException
        {
            return readByte() != 0;
        }

        @Override
        public float readFloat() throws IOException
        {
            return Float.intBitsToFloat(readInt());
        }

        @Override
        public double readDouble() throws IOException
        {
            return Double.longBitsToDouble(readLong());
        }

        @Override
        public void readFully(final byte[] into) throws IOException
        {
            readFully(into, 0, into.length);
        }

        @Override
        public void readFully(final byte[] into, final int offset, final int count) throws IOException
        {
            int done = 0;
            while (done < count)
            {
                final int n = read(into, offset + done, count - done);
                if (n < 0)
                {
                    throw new EOFException("truncated snapshot");
                }
                done += n;
            }
        }

        @Override
        public int skipBytes(final int count) throws IOException
        {
            int done = 0;
            while (done < count && (position < length || nextChunk()))
            {
                final int n = Math.min(count - done, length - position);
                position += n;
                done += n;
            }
            return done;
        }

        /** Not part of a snapshot: refused. */
        @Override
        public String readLine()
        {
            throw new UnsupportedOperationException("a snapshot holds no lines");
        }

        /** Not part of a snapshot: refused. */
        @Override
        public String readUTF()
        {
            throw new UnsupportedOperationException("a snapshot holds no modified-UTF-8 strings");
        }

        /** @return true when the stream ended with its end-of-stream chunk and nothing unread. */
        boolean atCleanEnd() throws IOException
        {
            return position == length && !nextChunk() && ended;
        }

        private boolean nextChunk() throws IOException
        {
            if (ended)
            {
                return false;
            }
            final int chunkLength = readFrameInt();
            if (chunkLength < 0 || chunkLength > CHUNK_BYTES)
            {
                throw new IOException("corrupt snapshot: chunk length " + chunkLength);
            }
            readSource(chunk, chunkLength);
            final int expected = readFrameInt();
            crc.reset();
            crc.update(chunk, 0, chunkLength);
            if ((int)crc.getValue() != expected)
            {
                throw new IOException("corrupt snapshot: chunk checksum mismatch");
            }
            length = chunkLength;
            position = 0;
            if (chunkLength == 0)
            {
                ended = true;
                return false;
            }
            return true;
        }

        private int readFrameInt() throws IOException
        {
            readSource(frame, 4);
            return ((frame[0] & 0xFF) << 24) | ((frame[1] & 0xFF) << 16) | ((frame[2] & 0xFF) << 8) | (frame[3] & 0xFF);
        }

        private void readSource(final byte[] into, final int count) throws IOException
        {
            int done = 0;
            while (done < count)
            {
                final int n = source.read(into, done, count - done);
                if (n < 0)
                {
                    throw new EOFException("truncated snapshot");
                }
                done += n;
            }
        }
    }
}
