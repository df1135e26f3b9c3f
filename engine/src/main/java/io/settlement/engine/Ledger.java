package io.settlement.engine;

import java.util.Arrays;

import org.agrona.collections.Long2LongHashMap;

/**
 * Who owns what: the balance of every (participant, instrument), never negative, and the supply of
 * every instrument (deposits minus withdrawals). Transfers move balance without changing supply,
 * so for each instrument the balances always sum to its supply.
 */
final class Ledger
{
    /** Absent means zero; a zero balance is never stored (Agrona refuses the missing value as a value). */
    private final Long2LongHashMap balances = new Long2LongHashMap(0);
    private long[] supply = new long[16];

    /** The map key of a balance: both indices packed (Agrona's map mixes keys with SplitMix64 itself). */
    static long key(final int participantIndex, final int instrumentIndex)
    {
        return ((long)participantIndex << 32) | (instrumentIndex & 0xFFFF_FFFFL);
    }

    long balance(final int participantIndex, final int instrumentIndex)
    {
        return balances.get(key(participantIndex, instrumentIndex));
    }

    long supply(final int instrumentIndex)
    {
        return instrumentIndex < supply.length ? supply[instrumentIndex] : 0;
    }

    /** @return true when depositing {@code amount} would overflow the instrument's supply. */
    boolean depositOverflows(final int instrumentIndex, final long amount)
    {
        return Arith.addOverflows(supply(instrumentIndex), amount);
    }

    /** Adds new units to the system; the caller has checked {@link #depositOverflows}. */
    void deposit(final int participantIndex, final int instrumentIndex, final long amount)
    {
        ensureInstrument(instrumentIndex);
        supply[instrumentIndex] += amount;
        add(key(participantIndex, instrumentIndex), amount);
    }

    /** Removes units from the system; the caller has checked the balance covers {@code amount}. */
    void withdraw(final int participantIndex, final int instrumentIndex, final long amount)
    {
        supply[instrumentIndex] -= amount;
        removeOrDecrement(key(participantIndex, instrumentIndex), amount);
    }

    /** Moves {@code amount}; the caller has checked the sender's balance covers it. */
    void transfer(final int fromIndex, final int toIndex, final int instrumentIndex, final long amount)
    {
        removeOrDecrement(key(fromIndex, instrumentIndex), amount);
        add(key(toIndex, instrumentIndex), amount);
    }

    /**
     * {@link #transfer} from a sender whose balance the caller has just read ({@link #balance}) and checked covers
     * {@code amount}: the sender's entry is written without being looked up again. Nothing may have moved that
     * balance since it was read: a DvP deal's two legs are of two instruments (a security and a currency: checked
     * when the deal is registered), so its security leg never touches the balance its cash leg read.
     */
    void transfer(final int fromIndex, final long fromBalance, final int toIndex, final int instrumentIndex, final long amount)
    {
        final long fromKey = key(fromIndex, instrumentIndex);
        assert balances.get(fromKey) == fromBalance : "the sender's balance moved since it was read";
        if (fromBalance == amount)
        {
            balances.remove(fromKey);
        }
        else
        {
            balances.put(fromKey, fromBalance - amount);
        }
        add(key(toIndex, instrumentIndex), amount);
    }

    /**
     * Changes a balance by {@code delta}, up or down: one participant's side of an atomic move of
     * several legs (a linked group, a netted set). The caller has checked the result is not negative
     * and that, per instrument, the deltas it applies sum to zero (supply does not change).
     */
    void adjust(final int participantIndex, final int instrumentIndex, final long delta)
    {
        if (delta > 0)
        {
            add(key(participantIndex, instrumentIndex), delta);
        }
        else if (delta < 0)
        {
            removeOrDecrement(key(participantIndex, instrumentIndex), -delta);
        }
    }

    /** {@code amount} is positive and the result fits (supply bounds every balance). */
    private void add(final long key, final long amount)
    {
        balances.put(key, balances.get(key) + amount);
    }

    /** A zero balance is the same as no balance: the entry goes, so state stays canonical. */
    private void removeOrDecrement(final long key, final long amount)
    {
        final long remaining = balances.get(key) - amount;
        if (remaining == 0)
        {
            balances.remove(key);
        }
        else
        {
            balances.put(key, remaining);
        }
    }

    private void ensureInstrument(final int instrumentIndex)
    {
        if (instrumentIndex >= supply.length)
        {
            supply = Arrays.copyOf(supply, Math.max(instrumentIndex + 1, supply.length * 2));
        }
    }

    /** Non-zero balances held. */
    int balanceCount()
    {
        return balances.size();
    }

    /** Sets an instrument's supply as a snapshot recorded it. */
    void restoreSupply(final int instrumentIndex, final long amount)
    {
        ensureInstrument(instrumentIndex);
        supply[instrumentIndex] = amount;
    }

    /** Sets a (positive) balance as a snapshot recorded it; supply is restored separately. */
    void restoreBalance(final int participantIndex, final int instrumentIndex, final long amount)
    {
        balances.put(key(participantIndex, instrumentIndex), amount);
    }

    /** Calls {@code visitor} for every non-zero balance, in no particular order. */
    void forEachBalance(final BalanceVisitor visitor)
    {
        balances.forEachLong((key, value) ->
        {
            visitor.visit((int)(key >>> 32), (int)key, value);
        });
    }

    @FunctionalInterface
    interface BalanceVisitor
    {
        void visit(int participantIndex, int instrumentIndex, long balance);
    }

    /** Order-independent: a sum of per-entry hashes. */
    long stateHash(final int instrumentCount)
    {
        final long[] sum = {0};
        balances.forEachLong((key, value) -> sum[0] += Hashing.combine(Hashing.mix(key), value));
        long h = Hashing.combine(0x1ED6E7L, sum[0]);
        for (int i = 0; i < instrumentCount; i++)
        {
            h = Hashing.combine(h, supply(i));
        }
        return h;
    }
}
