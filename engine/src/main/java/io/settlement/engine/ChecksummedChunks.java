package io.settlement.engine;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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

    /** Reads chunks, verifying each before serving its bytes; an IOException on any damage. */
    static final class In extends InputStream
    {
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
            final int chunkLength = readInt();
            if (chunkLength < 0 || chunkLength > CHUNK_BYTES)
            {
                throw new IOException("corrupt snapshot: chunk length " + chunkLength);
            }
            readFully(chunk, chunkLength);
            final int expected = readInt();
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

        private int readInt() throws IOException
        {
            readFully(frame, 4);
            return ((frame[0] & 0xFF) << 24) | ((frame[1] & 0xFF) << 16) | ((frame[2] & 0xFF) << 8) | (frame[3] & 0xFF);
        }

        private void readFully(final byte[] into, final int count) throws IOException
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
