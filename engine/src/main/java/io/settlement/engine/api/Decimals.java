package io.settlement.engine.api;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Amounts as people read them. Every amount the engine, the wire and the journal carry is a whole
 * number of minor units (cents for a currency of 2 minor units, whole units for a security of 0); a
 * person reads it as a decimal with the instrument's own minor units: 125000 with 2 is "1250.00".
 * Exact (no floating point); allocates: not for the hot path.
 */
public final class Decimals
{
    private Decimals()
    {
    }

    /** @return {@code minorAmount} with {@code minorUnits} digits after the decimal point, e.g. "-0.05", "1250.00", "7". */
    public static String format(final long minorAmount, final int minorUnits)
    {
        return BigDecimal.valueOf(minorAmount, minorUnits).toPlainString();
    }

    /** As {@link #format(long, int)}, for a wider amount (a cycle's settled value). */
    public static String format(final BigInteger minorAmount, final int minorUnits)
    {
        return new BigDecimal(minorAmount, minorUnits).toPlainString();
    }
}
