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
}
