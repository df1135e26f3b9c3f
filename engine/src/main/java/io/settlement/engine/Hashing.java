package io.settlement.engine;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * 64-bit mixing used by the state hash and the running event hash. Deterministic across runs
 * and machines (no identity hash codes, no seeds from the environment).
 */
public final class Hashing
{
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    /**
     * Random odd 64-bit multipliers, one per word position of an encoded event (at most {@link
     * io.settlement.engine.api.EventCodec#MAX_LENGTH} bytes); the 17th also weighs the length. The first
     * 17 date from events of at most 136 bytes and stay as they are, so every hash of such an event is
     * unchanged; the rest were appended when events grew to 256 bytes.
     */
    private static final long[] WORD_KEYS = {
        0x71E273A87984A8ABL, 0x9FB93534081C5253L, 0xF93FE42EABD2D9F3L,
        0xDB149E4714BE09ABL, 0x5323451B4A95902BL, 0x3994693EA3AE6E69L,
        0xA061AE14A1DBF721L, 0x1AA615A94B6A5551L, 0x5856C32A687B253BL,
        0x8B3A15353F137B71L, 0x20DD5386C9CF0801L, 0xA7213DFE89328293L,
        0x919E9BC7F4A02D93L, 0x67D1191FDA80A0BDL, 0xB14CF51964CD1715L,
        0xFD95588C5E4EF10BL, 0x344D04CB5F0F2C03L,
        0xC87E973F029F0757L, 0xB569967544448C21L, 0x87E9133E9A69CB69L,
        0x911952A597FBFDCDL, 0x1A0984FF9A0D83E3L, 0xA77A459AAEECA3BDL,
        0x41A3F8A935976F89L, 0xEC5C776E67C6AF0BL, 0x8ABC0EF077EB6E57L,
        0x5050869E952878EFL, 0xEBAA801C8C7CAF11L, 0xCD80BBF42B2CFBB7L,
        0x4A73F8D00B8F4535L, 0xE06E756D2DD2FC0BL, 0xC338701C7A375B13L
    };
    private static final int LENGTH_KEY = 16;

    static
    {
        if (WORD_KEYS.length * Long.BYTES < io.settlement.engine.api.EventCodec.MAX_LENGTH)
        {
            throw new ExceptionInInitializerError("a key per word of the longest event: " + WORD_KEYS.length);
        }
    }

    private Hashing()
    {
    }

    /** MurmurHash3's 64-bit finaliser: every input bit affects every output bit. */
    public static long mix(final long value)
    {
        long h = value;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }

    /** Folds {@code value} into an ordered hash {@code h}. */
    public static long combine(final long h, final long value)
    {
        return mix(h * GOLDEN + value);
    }

    /**
     * Folds the bytes {@code [offset, offset + length)}, at most {@link
     * io.settlement.engine.api.EventCodec#MAX_LENGTH}, into the ordered hash
     * {@code h}. Multilinear hashing: each little-endian word times its own random odd constant,
     * summed (the multiplies are independent, so they overlap), then one mix with {@code h}.
     * Little-endian reads, so the value is the same on every platform.
     */
    public static long combine(final long h, final DirectBuffer buffer, final int offset, final int length)
    {
        long sum = length * WORD_KEYS[LENGTH_KEY];
        int i = 0;
        int word = 0;
        for (; i + 8 <= length; i += 8, word++)
        {
            sum += buffer.getLong(offset + i, ByteOrder.LITTLE_ENDIAN) * WORD_KEYS[word];
        }
        if (i < length)
        {
            long tail = 0;
            for (int shift = 0; i < length; i++, shift += 8)
            {
                tail |= (buffer.getByte(offset + i) & 0xFFL) << shift;
            }
            sum += tail * WORD_KEYS[word];
        }
        return mix(h * GOLDEN + sum);
    }
}
