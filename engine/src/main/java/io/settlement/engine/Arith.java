package io.settlement.engine;

/** Overflow checks without exceptions: a business outcome is a reason code, not a throw. */
final class Arith
{
    private Arith()
    {
    }

    /** @return true when {@code a + b} does not fit in a long. */
    static boolean addOverflows(final long a, final long b)
    {
        final long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0;
    }

    /**
     * floor(a * b / d) for {@code a, b >= 0} and {@code d > 0} whose result fits in a long (it does when
     * {@code b <= d}): the product is taken in 128 bits, so no intermediate overflows. Allocation-free.
     */
    static long mulDivFloor(final long a, final long b, final long d)
    {
        final long high = Math.multiplyHigh(a, b);
        final long low = a * b;
        if (high == 0 && low >= 0)
        {
            return low / d;
        }
        // long division of the 128-bit product (high:low) by d, one bit at a time
        long remainder = 0;
        long quotient = 0;
        for (int bit = 127; bit >= 0; bit--)
        {
            final long next = bit >= 64 ? (high >>> (bit - 64)) & 1 : (low >>> bit) & 1;
            remainder = (remainder << 1) | next; // remainder < d < 2^63 before the shift: fits unsigned
            quotient <<= 1;
            if (Long.compareUnsigned(remainder, d) >= 0)
            {
                remainder -= d;
                quotient |= 1;
            }
        }
        return quotient;
    }
}
