package io.settlement.engine;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

import org.eclipse.collections.api.list.primitive.MutableLongList;
import org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap;

/**
 * Who owns what: the balance of every (participant, instrument), never negative, and the supply of
 * every instrument (deposits minus withdrawals). Transfers move balance without changing supply,
 * so for each instrument the balances always sum to its supply.
 */
final class Ledger
{
    private final LongLongHashMap balances = new LongLongHashMap();
    private long[] supply = new long[16];

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
        balances.addToValue(key(participantIndex, instrumentIndex), amount);
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
        balances.addToValue(key(toIndex, instrumentIndex), amount);
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

    /** Calls {@code visitor} for every non-zero balance, in no particular order. */
    void forEachBalance(final BalanceVisitor visitor)
    {
        balances.forEachKeyValue((key, value) -> visitor.visit((int)(key >>> 32), (int)key, value));
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
        balances.forEachKeyValue((key, value) -> sum[0] += Hashing.combine(Hashing.mix(key), value));
        long h = Hashing.combine(0x1ED6E7L, sum[0]);
        for (int i = 0; i < instrumentCount; i++)
        {
            h = Hashing.combine(h, supply(i));
        }
        return h;
    }

    void writeTo(final DataOutput out, final int instrumentCount) throws IOException
    {
        for (int i = 0; i < instrumentCount; i++)
        {
            out.writeLong(supply(i));
        }
        final MutableLongList keys = balances.keysView().toSortedList();
        out.writeInt(keys.size());
        for (int i = 0; i < keys.size(); i++)
        {
            out.writeLong(keys.get(i));
            out.writeLong(balances.get(keys.get(i)));
        }
    }

    void readFrom(final DataInput in, final int instrumentCount) throws IOException
    {
        ensureInstrument(instrumentCount);
        for (int i = 0; i < instrumentCount; i++)
        {
            supply[i] = in.readLong();
        }
        final int entries = in.readInt();
        for (int i = 0; i < entries; i++)
        {
            final long key = in.readLong();
            balances.put(key, in.readLong());
        }
    }
}
