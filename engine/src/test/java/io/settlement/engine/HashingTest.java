package io.settlement.engine;

import io.settlement.engine.api.EventCodec;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** {@link Hashing#combine(long, org.agrona.DirectBuffer, int, int)} over every length an encoded event may have. */
class HashingTest
{
    @Test
    void shouldHashAnEventOfTheLargestEncodedLength()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[EventCodec.MAX_LENGTH]);
        for (int i = 0; i < EventCodec.MAX_LENGTH; i++)
        {
            buffer.putByte(i, (byte)i);
        }
        final long hash = Hashing.combine(7L, buffer, 0, EventCodec.MAX_LENGTH);

        // every byte counts, the last ones too: a different byte in the last word gives a different hash
        buffer.putByte(EventCodec.MAX_LENGTH - 1, (byte)0x55);
        assertNotEquals(hash, Hashing.combine(7L, buffer, 0, EventCodec.MAX_LENGTH));
    }

    @Test
    void shouldHashEveryLengthUpToTheLargest()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[EventCodec.MAX_LENGTH]);
        for (int length = 1; length <= EventCodec.MAX_LENGTH; length++)
        {
            buffer.putByte(length - 1, (byte)0);
            final long zero = Hashing.combine(7L, buffer, 0, length);
            buffer.putByte(length - 1, (byte)1);
            assertNotEquals(zero, Hashing.combine(7L, buffer, 0, length), "the byte at " + (length - 1) + " counts");
            buffer.putByte(length - 1, (byte)0);
        }
    }
}
