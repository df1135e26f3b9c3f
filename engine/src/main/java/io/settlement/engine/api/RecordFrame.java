package io.settlement.engine.api;

import java.nio.ByteOrder;
import java.util.zip.CRC32C;

import io.settlement.protocol.journal.MessageHeaderDecoder;
import io.settlement.protocol.journal.MessageHeaderEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The frame of one journal record (docs/journal-format.md): the record's own length, the standard
 * SBE message header of the journal schema, the message's block, and a CRC32C of header and block.
 *
 * <pre>
 *   0  i32  frame length      (the whole record: this field, header, block, checksum)
 *   4  u16  blockLength       \
 *   6  u16  templateId         | the SBE message header (journal schema)
 *   8  u16  schemaId           |
 *  10  u16  version           /
 *  12  ...  the block          (every block starts with the int64 sequence)
 * end-4 i32 CRC32C of bytes 4 .. end-4
 * </pre>
 *
 * A record may hold bytes after its block (what a later version appends after the block): the
 * frame length covers them and a reader skips them. {@link #check} finds a torn or garbled record
 * by its length and checksum before anything reads its fields. Allocation-free.
 */
public final class RecordFrame
{
    /** Bytes of the frame-length field. */
    public static final int LENGTH_FIELD = 4;
    /** Where the SBE message header starts, from the record's start. */
    public static final int HEADER_OFFSET = LENGTH_FIELD;
    /** Where the block starts, from the record's start. */
    public static final int BLOCK_OFFSET = HEADER_OFFSET + MessageHeaderDecoder.ENCODED_LENGTH;
    /** Bytes of the checksum. */
    public static final int CHECKSUM_LENGTH = 4;
    /** The frame's bytes besides the block. */
    public static final int OVERHEAD = BLOCK_OFFSET + CHECKSUM_LENGTH;
    /** The shortest record: a block of the sequence alone. */
    public static final int MIN_LENGTH = OVERHEAD + 8;
    /** No record is longer than this: a length beyond it is damage. */
    public static final int MAX_LENGTH = 4096;
    /** The journal schema's id, in every record's header. */
    public static final int SCHEMA_ID = MessageHeaderEncoder.SCHEMA_ID;
    /**
     * The journal schema version this build knows: the highest a record it writes may carry. Each
     * record carries its own template's layout version (see {@link #finish}), not this one.
     */
    public static final int SCHEMA_VERSION = MessageHeaderEncoder.SCHEMA_VERSION;
    /** The first version of the journal schema: every template it had is still written as version 1 wrote it. */
    public static final int FIRST_VERSION = 1;

    /** {@link #check}: fewer bytes remain than the record's length (or its length field) needs. */
    public static final int TRUNCATED = -1;
    /** {@link #check}: the length field is out of range, or shorter than the header's block. */
    public static final int BAD_LENGTH = -2;
    /** {@link #check}: the checksum does not match header and block. */
    public static final int BAD_CHECKSUM = -3;
    /** {@link #check}: the header names another schema, or version 0. */
    public static final int FOREIGN_SCHEMA = -4;

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private RecordFrame()
    {
    }

    /**
     * Writes the frame around a header and block already encoded at {@code offset + HEADER_OFFSET},
     * setting the header's version to {@code version}: the version of the template's layout (the
     * highest {@code sinceVersion} of its fields, {@link #FIRST_VERSION} when none), not the schema's,
     * which the generated encoder writes. A template unchanged since version 1 is therefore written
     * byte for byte as version 1 wrote it, and journals of version 1 still verify, event hash and all
     * (docs/journal-format.md).
     *
     * @return the record's length.
     */
    static int finish(final MutableDirectBuffer buffer, final int offset, final int blockLength, final int version, final CRC32C crc)
    {
        final int length = OVERHEAD + blockLength;
        buffer.putInt(offset, length, LE);
        buffer.putShort(offset + HEADER_OFFSET + MessageHeaderEncoder.versionEncodingOffset(), (short)version, LE);
        buffer.putInt(offset + length - CHECKSUM_LENGTH, checksum(crc, buffer, offset + HEADER_OFFSET, length - LENGTH_FIELD - CHECKSUM_LENGTH), LE);
        return length;
    }

    /** Recomputes the checksum of a whole record whose length field and header are in place (after a change to its block). */
    static void seal(final MutableDirectBuffer buffer, final int offset, final CRC32C crc)
    {
        final int length = buffer.getInt(offset, LE);
        buffer.putInt(offset + length - CHECKSUM_LENGTH,
            checksum(crc, buffer, offset + HEADER_OFFSET, length - LENGTH_FIELD - CHECKSUM_LENGTH), LE);
    }

    /**
     * Checks the record at {@code offset} with {@code available} bytes from there.
     *
     * @return its length (at most {@code available}), or {@link #TRUNCATED}, {@link #BAD_LENGTH},
     * {@link #BAD_CHECKSUM} or {@link #FOREIGN_SCHEMA}. Reads nothing beyond {@code available}.
     */
    public static int check(final DirectBuffer buffer, final int offset, final int available)
    {
        if (available < LENGTH_FIELD)
        {
            return TRUNCATED;
        }
        final int length = buffer.getInt(offset, LE);
        if (length < MIN_LENGTH || length > MAX_LENGTH)
        {
            return BAD_LENGTH;
        }
        if (length > available)
        {
            return TRUNCATED;
        }
        final int checked = length - LENGTH_FIELD - CHECKSUM_LENGTH;
        if (buffer.getInt(offset + length - CHECKSUM_LENGTH, LE) != checksum(JournalFlyweights.get().crc, buffer, offset + HEADER_OFFSET, checked))
        {
            return BAD_CHECKSUM;
        }
        if (schemaId(buffer, offset) != SCHEMA_ID || version(buffer, offset) < 1)
        {
            return FOREIGN_SCHEMA;
        }
        if (OVERHEAD + blockLength(buffer, offset) > length)
        {
            return BAD_LENGTH;
        }
        return length;
    }

    /**
     * @return the frame-length field of the record at {@code offset}, unchecked but for its range
     * (for records this process wrote); -1 when it is out of range.
     */
    public static int length(final DirectBuffer buffer, final int offset)
    {
        final int length = buffer.getInt(offset, LE);
        return length >= MIN_LENGTH && length <= MAX_LENGTH ? length : -1;
    }

    /** @return what a negative result of {@link #check} means, for messages. */
    public static String describe(final int problem)
    {
        switch (problem)
        {
            case TRUNCATED: return "truncated (fewer bytes left than its length)";
            case BAD_LENGTH: return "malformed (its length is out of range)";
            case BAD_CHECKSUM: return "garbled (its checksum does not match)";
            case FOREIGN_SCHEMA: return "not a record of the journal schema";
            default: return "malformed";
        }
    }

    public static int blockLength(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + HEADER_OFFSET + MessageHeaderDecoder.blockLengthEncodingOffset(), LE) & 0xFFFF;
    }

    public static int templateId(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + HEADER_OFFSET + MessageHeaderDecoder.templateIdEncodingOffset(), LE) & 0xFFFF;
    }

    public static int schemaId(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + HEADER_OFFSET + MessageHeaderDecoder.schemaIdEncodingOffset(), LE) & 0xFFFF;
    }

    public static int version(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + HEADER_OFFSET + MessageHeaderDecoder.versionEncodingOffset(), LE) & 0xFFFF;
    }

    /**
     * @return the sequence a checked record carries (the first field of every block), or -1 when
     * fewer than its bytes are available.
     */
    public static long sequence(final DirectBuffer buffer, final int offset, final int available)
    {
        return available >= BLOCK_OFFSET + 8 ? buffer.getLong(offset + BLOCK_OFFSET, LE) : -1;
    }

    private static int checksum(final CRC32C crc, final DirectBuffer buffer, final int offset, final int length)
    {
        crc.reset();
        final byte[] array = buffer.byteArray();
        if (array != null)
        {
            crc.update(array, buffer.wrapAdjustment() + offset, length);
        }
        else
        {
            // off-heap (a memory-mapped journal): copy in chunks to an array, which the intrinsic reads fast
            final byte[] scratch = JournalFlyweights.get().checksumScratch;
            for (int done = 0; done < length; done += scratch.length)
            {
                final int chunk = Math.min(scratch.length, length - done);
                buffer.getBytes(offset + done, scratch, 0, chunk);
                crc.update(scratch, 0, chunk);
            }
        }
        return (int)crc.getValue();
    }
}
