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
    /** Random odd 64-bit multipliers: one per word position of an encoded event (at most 128 bytes), one for the length. */
    private static final long[] WORD_KEYS = {
        0x71E273A87984A8ABL, 0x9FB93534081C5253L, 0xF93FE42EABD2D9F3L,
        0xDB149E4714BE09ABL, 0x5323451B4A95902BL, 0x3994693EA3AE6E69L,
        0xA061AE14A1DBF721L, 0x1AA615A94B6A5551L, 0x5856C32A687B253BL,
        0x8B3A15353F137B71L, 0x20DD5386C9CF0801L, 0xA7213DFE89328293L,
        0x919E9BC7F4A02D93L, 0x67D1191FDA80A0BDL, 0xB14CF51964CD1715L,
        0xFD95588C5E4EF10BL, 0x344D04CB5F0F2C03L
    };

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
     * Folds the bytes {@code [offset, offset + length)}, at most 128, into the ordered hash
     * {@code h}. Multilinear hashing: each little-endian word times its own random odd constant,
     * summed (the multiplies are independent, so they overlap), then one mix with {@code h}.
     * Little-endian reads, so the value is the same on every platform.
     */
    public static long combine(final long h, final DirectBuffer buffer, final int offset, final int length)
    {
        long sum = length * WORD_KEYS[16];
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
