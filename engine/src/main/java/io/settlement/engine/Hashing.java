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

    /** Folds the bytes {@code [offset, offset + length)} into the ordered hash {@code h}. */
    public static long combine(final long h, final DirectBuffer buffer, final int offset, final int length)
    {
        long result = combine(h, length);
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            result = combine(result, buffer.getLong(offset + i, ByteOrder.LITTLE_ENDIAN));
        }
        long tail = 0;
        for (int shift = 0; i < length; i++, shift += 8)
        {
            tail |= (buffer.getByte(offset + i) & 0xFFL) << shift;
        }
        return combine(result, tail);
    }
}
