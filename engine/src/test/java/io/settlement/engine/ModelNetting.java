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
 * sharing no code with the engine: net every due deal per (participant, instrument) in BigInteger;
 * while some balance plus its net change is below zero, take the first such (participant id,
 * instrument id) and remove, of the deals still in whose own change on it is negative, the latest in
 * the due order. Quadratic, and fine for the streams of the tests.
 */
final class ModelNetting
{
    static final Comparator<BalanceKey> BALANCE_ORDER =
        Comparator.comparingLong(BalanceKey::participant).thenComparingInt(BalanceKey::instrument);

    private ModelNetting()
    {
    }

    /** A deal's own change to each balance it touches. */
    static Map<BalanceKey, BigInteger> legs(final Deal d)
    {
        final Map<BalanceKey, BigInteger> legs = new TreeMap<>(BALANCE_ORDER);
        legs.merge(new BalanceKey(d.seller, d.security), BigInteger.valueOf(-d.quantity), BigInteger::add);
        legs.merge(new BalanceKey(d.buyer, d.security), BigInteger.valueOf(d.quantity), BigInteger::add);
        if (d.dvp())
        {
            legs.merge(new BalanceKey(d.buyer, d.currency), BigInteger.valueOf(-d.cash), BigInteger::add);
            legs.merge(new BalanceKey(d.seller, d.currency), BigInteger.valueOf(d.cash), BigInteger::add);
        }
        return legs;
    }

    /** The net change per balance of {@code deals}. */
    static TreeMap<BalanceKey, BigInteger> net(final List<Deal> deals)
    {
        final TreeMap<BalanceKey, BigInteger> net = new TreeMap<>(BALANCE_ORDER);
        for (final Deal d : deals)
        {
            legs(d).forEach((key, amount) -> net.merge(key, amount, BigInteger::add));
        }
        return net;
    }

    /** @return the deals the deselection removes from {@code due} (in the order removed), given the balances before. */
    static Set<Deal> deselect(final List<Deal> due, final ToLongBiFunction<Long, Integer> balance)
    {
        final List<Deal> in = new ArrayList<>(due);
        final Set<Deal> removed = new LinkedHashSet<>();
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
            Deal latest = null;
            for (final Deal d : in)
            {
                final BigInteger own = legs(d).getOrDefault(firstShort, BigInteger.ZERO);
                if (own.signum() < 0)
                {
                    latest = d;
                }
            }
            in.remove(latest);
            removed.add(latest);
        }
    }
}
