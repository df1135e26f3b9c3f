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

    /** @return {@code a + b}, or Long.MAX_VALUE / Long.MIN_VALUE when it would overflow. */
    static long saturatedAdd(final long a, final long b)
    {
        final long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0)
        {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }
}
