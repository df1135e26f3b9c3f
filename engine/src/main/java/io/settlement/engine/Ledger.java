package io.settlement.engine;

import java.util.Arrays;

/**
 * Who owns what: the balance of every (participant, instrument), never negative, and the supply of
 * every instrument (deposits minus withdrawals). Transfers move balance without changing supply,
 * so for each instrument the balances always sum to its supply.
 *
 * <p>Balances are read and written through a direct table, not a hash map: per participant index, pages
 * of {@link #PAGE_SIZE} instruments' balances (participant and instrument indices are dense ordinals), so
 * a settlement's four balance moves and its checks are a few array loads each, and a participant's
 * balances in neighbouring instruments share a cache line. A zero balance is the same as no balance
 * (not counted, not visited, not hashed), so state stays canonical; a page stays once used, so memory
 * follows the (participant, instrument page) pairs ever held: {@code 8 * PAGE_SIZE} bytes and a header each.
 */
final class Ledger
{
    private static final int PAGE_BITS = 3;
    static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int PAGE_MASK = PAGE_SIZE - 1;

    /** [participant index][instrument index / PAGE_SIZE][instrument index % PAGE_SIZE]: the balance (0: none). */
    private long[][][] balances = new long[16][][];
    private int balanceCount;
    private long[] supply = new long[16];

    /** A balance's key in the snapshot: both indices packed. */
    static long key(final int participantIndex, final int instrumentIndex)
    {
        return ((long)participantIndex << 32) | (instrumentIndex & 0xFFFF_FFFFL);
    }

    long balance(final int participantIndex, final int instrumentIndex)
    {
        final long[][][] byParticipant = balances;
        if (participantIndex < 0 || participantIndex >= byParticipant.length)
        {
            return 0; // as the map answered for any key it did not hold (an index of NONE included)
        }
        final long[][] pages = byParticipant[participantIndex];
        final int page = instrumentIndex >>> PAGE_BITS;
        if (pages == null || page >= pages.length)
        {
            return 0;
        }
        final long[] amounts = pages[page];
        return amounts == null ? 0 : amounts[instrumentIndex & PAGE_MASK];
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
        add(participantIndex, instrumentIndex, amount);
    }

    /** Removes units from the system; the caller has checked the balance covers {@code amount}. */
    void withdraw(final int participantIndex, final int instrumentIndex, final long amount)
    {
        supply[instrumentIndex] -= amount;
        removeOrDecrement(participantIndex, instrumentIndex, amount);
    }

    /** Moves {@code amount}; the caller has checked the sender's balance covers it. */
    void transfer(final int fromIndex, final int toIndex, final int instrumentIndex, final long amount)
    {
        removeOrDecrement(fromIndex, instrumentIndex, amount);
        add(toIndex, instrumentIndex, amount);
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
            add(participantIndex, instrumentIndex, delta);
        }
        else if (delta < 0)
        {
            removeOrDecrement(participantIndex, instrumentIndex, -delta);
        }
    }

    /** {@code amount} is positive and the result fits (supply bounds every balance). */
    private void add(final int participantIndex, final int instrumentIndex, final long amount)
    {
        final long[] amounts = page(participantIndex, instrumentIndex);
        final int at = instrumentIndex & PAGE_MASK;
        if (amounts[at] == 0)
        {
            balanceCount++;
        }
        amounts[at] += amount;
    }

    /** {@code amount} is positive and at most the balance; a balance that falls to zero is no balance. */
    private void removeOrDecrement(final int participantIndex, final int instrumentIndex, final long amount)
    {
        final long[] amounts = page(participantIndex, instrumentIndex);
        final int at = instrumentIndex & PAGE_MASK;
        amounts[at] -= amount;
        if (amounts[at] == 0)
        {
            balanceCount--;
        }
    }

    /** The page holding a balance, created (zeros) if it is the first of its participant and instruments. */
    private long[] page(final int participantIndex, final int instrumentIndex)
    {
        final long[][][] byParticipant = balances;
        final int page = instrumentIndex >>> PAGE_BITS;
        if (participantIndex < byParticipant.length)
        {
            final long[][] pages = byParticipant[participantIndex];
            if (pages != null && page < pages.length && pages[page] != null)
            {
                return pages[page];
            }
        }
        return newPage(participantIndex, page);
    }

    private long[] newPage(final int participantIndex, final int page)
    {
        if (participantIndex >= balances.length)
        {
            balances = Arrays.copyOf(balances, Math.max(participantIndex + 1, balances.length * 2));
        }
        long[][] pages = balances[participantIndex];
        if (pages == null || page >= pages.length)
        {
            pages = pages == null ? new long[page + 1][] : Arrays.copyOf(pages, Math.max(page + 1, pages.length * 2));
            balances[participantIndex] = pages;
        }
        if (pages[page] == null)
        {
            pages[page] = new long[PAGE_SIZE];
        }
        return pages[page];
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
        return balanceCount;
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
        final long[] amounts = page(participantIndex, instrumentIndex);
        final int at = instrumentIndex & PAGE_MASK;
        if (amounts[at] == 0)
        {
            balanceCount++;
        }
        amounts[at] = amount;
    }

    /** Calls {@code visitor} for every non-zero balance, by participant index then instrument index. */
    void forEachBalance(final BalanceVisitor visitor)
    {
        for (int participant = 0; participant < balances.length; participant++)
        {
            final long[][] pages = balances[participant];
            for (int page = 0; pages != null && page < pages.length; page++)
            {
                final long[] amounts = pages[page];
                for (int i = 0; amounts != null && i < PAGE_SIZE; i++)
                {
                    if (amounts[i] != 0)
                    {
                        visitor.visit(participant, (page << PAGE_BITS) + i, amounts[i]);
                    }
                }
            }
        }
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
        forEachBalance((participant, instrument, value) ->
            sum[0] += Hashing.combine(Hashing.mix(key(participant, instrument)), value));
        long h = Hashing.combine(0x1ED6E7L, sum[0]);
        for (int i = 0; i < instrumentCount; i++)
        {
            h = Hashing.combine(h, supply(i));
        }
        return h;
    }
}
