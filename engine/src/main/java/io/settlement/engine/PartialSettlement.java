package io.settlement.engine;

/**
 * The partial settlement rule (docs/rules.md): the largest part of a partial-allowed deal that both
 * sides can cover. Cash is cumulative against the original deal: once Q of its N units have settled,
 * floor(C * Q / N) of its cash C has been paid in total, so each part pays the difference and the last
 * part brings the total to exactly C. The products are taken in 128 bits ({@link Arith#mulDivFloor}),
 * so any int64 quantity and cash are exact. Pure and allocation-free.
 */
final class PartialSettlement
{
    private PartialSettlement()
    {
    }

    /** The cash paid in total once {@code settledQuantity} of {@code quantity} units have settled: floor(C * Q / N). */
    static long cumulativeCash(final long cashAmount, final long settledQuantity, final long quantity)
    {
        return Arith.mulDivFloor(cashAmount, settledQuantity, quantity);
    }

    /**
     * @param quantity the deal's quantity N
     * @param cashAmount the deal's cash C (0 for FOP)
     * @param settledQuantity what earlier parts settled
     * @param settledCash what earlier parts paid (floor(C * settledQuantity / N))
     * @param minimumQuantity the smallest part
     * @param dvp whether cash moves
     * @param securitiesHeld the seller's balance of the security
     * @param cashHeld the buyer's balance of the currency (DvP)
     * @return the largest part q, short of the whole remainder, that the seller's securities and the
     * buyer's cash both cover, when it is at least the minimum and, for DvP, moves at least one minor
     * unit of cash; else 0 (nothing settles). The whole remainder is settlement in full, decided before.
     */
    static long largestPart(
        final long quantity, final long cashAmount, final long settledQuantity, final long settledCash,
        final long minimumQuantity, final boolean dvp, final long securitiesHeld, final long cashHeld)
    {
        final long remaining = quantity - settledQuantity;
        long part = Math.min(remaining - 1, Math.max(0, securitiesHeld));
        if (dvp)
        {
            // the largest part whose cash the buyer covers: the cash of a part grows with it
            long low = 0;
            long high = part;
            while (low < high)
            {
                final long mid = low + (high - low + 1) / 2;
                if (cumulativeCash(cashAmount, settledQuantity + mid, quantity) - settledCash <= cashHeld)
                {
                    low = mid;
                }
                else
                {
                    high = mid - 1;
                }
            }
            part = low;
        }
        if (part < 1 || part < minimumQuantity)
        {
            return 0;
        }
        if (dvp && cumulativeCash(cashAmount, settledQuantity + part, quantity) - settledCash < 1)
        {
            return 0;
        }
        return part;
    }
}
