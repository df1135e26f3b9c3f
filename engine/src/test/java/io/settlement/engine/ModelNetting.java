package io.settlement.engine;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToLongBiFunction;

import io.settlement.engine.ModelState.BalanceKey;
import io.settlement.engine.ModelState.Deal;

/**
 * The deselection of the NETTED cycle (DESIGN.md 4b "Cycles") written plainly for the reference model,
 * sharing no code with the engine: net every due unit (a single deal or a whole linked group, each deal
 * with what remains of it) per (participant, instrument) in BigInteger; while some balance plus its net
 * change is below zero, take the first such (participant id, instrument id) and remove, of the units
 * still in whose own change on it (summed over its members) is negative, the latest in order-key order.
 * Quadratic, and fine for the streams of the tests.
 */
final class ModelNetting
{
    static final Comparator<BalanceKey> BALANCE_ORDER =
        Comparator.comparingLong(BalanceKey::participant).thenComparingInt(BalanceKey::instrument);

    private ModelNetting()
    {
    }

    /** A unit's own change to each balance its members touch: what remains of each member, summed. */
    static Map<BalanceKey, BigInteger> legs(final List<Deal> unit)
    {
        final Map<BalanceKey, BigInteger> legs = new TreeMap<>(BALANCE_ORDER);
        for (final Deal d : unit)
        {
            final BigInteger quantity = BigInteger.valueOf(d.quantity - d.settledQuantity);
            final BigInteger cash = BigInteger.valueOf(d.cash - d.settledCash);
            legs.merge(new BalanceKey(d.seller, d.security), quantity.negate(), BigInteger::add);
            legs.merge(new BalanceKey(d.buyer, d.security), quantity, BigInteger::add);
            if (d.dvp())
            {
                legs.merge(new BalanceKey(d.buyer, d.currency), cash.negate(), BigInteger::add);
                legs.merge(new BalanceKey(d.seller, d.currency), cash, BigInteger::add);
            }
        }
        return legs;
    }

    /** The net change per balance of {@code units}. */
    static TreeMap<BalanceKey, BigInteger> net(final List<List<Deal>> units)
    {
        final TreeMap<BalanceKey, BigInteger> net = new TreeMap<>(BALANCE_ORDER);
        for (final List<Deal> unit : units)
        {
            legs(unit).forEach((key, amount) -> net.merge(key, amount, BigInteger::add));
        }
        return net;
    }

    /**
     * @return the units the deselection removes from {@code due} (units in order-key order; in the order
     * removed), given the balances before.
     */
    static Set<List<Deal>> deselect(final List<List<Deal>> due, final ToLongBiFunction<Long, Integer> balance)
    {
        final List<List<Deal>> in = new ArrayList<>(due);
        final Set<List<Deal>> removed = new LinkedHashSet<>();
        while (true)
        {
            BalanceKey firstShort = null;
            for (final Map.Entry<BalanceKey, BigInteger> e : net(in).entrySet())
            {
                final BigInteger after = BigInteger.valueOf(balance.applyAsLong(e.getKey().participant(), e.getKey().instrument()))
                    .add(e.getValue());
                if (after.signum() < 0)
                {
                    firstShort = e.getKey();
                    break;
                }
            }
            if (firstShort == null)
            {
                return removed;
            }
            List<Deal> latest = null;
            for (final List<Deal> unit : in)
            {
                final BigInteger own = legs(unit).getOrDefault(firstShort, BigInteger.ZERO);
                if (own.signum() < 0)
                {
                    latest = unit;
                }
            }
            in.remove(latest);
            removed.add(latest);
        }
    }
}
