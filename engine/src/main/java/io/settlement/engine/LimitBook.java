package io.settlement.engine;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

import io.settlement.engine.api.LimitKind;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;
import org.agrona.collections.Long2LongHashMap;

/**
 * Risk limits and their utilisation by pending deals. An account is one (kind, owner, key):
 * CREDIT (participant, currency), COUNTERPARTY (participant, counterparty), DELIVERY (participant,
 * security). Utilisation is tracked whether or not a limit is set, so that a limit set later sees
 * the deals already pending. An account with no limit and nothing utilised is removed, so memory
 * follows what is live.
 */
final class LimitBook
{
    static final int NONE = -1;
    static final long NO_LIMIT = -1;

    private final Long2LongHashMap accountByKey = new Long2LongHashMap(NONE);
    private final IntArrayList freeAccounts = new IntArrayList();
    private long[] keys = new long[64];
    private long[] limits = new long[64];
    private long[] utilised = new long[64];
    private long[] externalKeys = new long[64];
    private int accountCount;
    /** Per owner participant index: accounts with a limit set, sorted by (kind, external key). */
    private IntArrayList[] limitedByOwner = new IntArrayList[16];

    /** Owner and key indices are non-negative ints, so kind, owner and key pack into 2 + 31 + 31 bits. */
    static long key(final LimitKind kind, final int ownerIndex, final int keyIndex)
    {
        return ((long)kind.code() << 62) | ((long)ownerIndex << 31) | keyIndex;
    }

    int find(final LimitKind kind, final int ownerIndex, final int keyIndex)
    {
        return (int)accountByKey.get(Hashing.scramble(key(kind, ownerIndex, keyIndex)));
    }

    /**
     * @return the headroom left in an account found by {@link #find} (NONE means an account with no
     * limit and nothing used): Long.MAX_VALUE when no limit is set; negative when over the limit.
     */
    long headroom(final int account)
    {
        if (account == NONE || limits[account] == NO_LIMIT)
        {
            return Long.MAX_VALUE;
        }
        return limits[account] - utilised[account];
    }

    long utilised(final int account)
    {
        return account == NONE ? 0 : utilised[account];
    }

    long limit(final int account)
    {
        return limits[account];
    }

    long externalKey(final int account)
    {
        return externalKeys[account];
    }

    byte kindCode(final int account)
    {
        return (byte)(keys[account] >>> 62);
    }

    /**
     * Adds {@code delta} (which the caller has checked for overflow and headroom) to an account.
     *
     * @param account the account as {@link #find} returned it just before (NONE: create it).
     */
    void use(
        final int account, final LimitKind kind, final int ownerIndex, final int keyIndex, final long externalKey,
        final long delta)
    {
        if (delta == 0)
        {
            return;
        }
        final int target = account != NONE ? account : findOrCreate(kind, ownerIndex, keyIndex, externalKey);
        utilised[target] += delta;
    }

    /** Releases utilisation of a deal that settled or was cancelled. */
    void release(final LimitKind kind, final int ownerIndex, final int keyIndex, final long delta)
    {
        if (delta == 0)
        {
            return;
        }
        final int account = find(kind, ownerIndex, keyIndex);
        if (account == NONE)
        {
            throw new IllegalStateException("releasing " + delta + " from a missing " + kind + " account");
        }
        utilised[account] -= delta;
        freeIfEmpty(account);
    }

    /** Sets (or replaces) a limit; lowering it below utilisation is allowed. */
    int setLimit(final LimitKind kind, final int ownerIndex, final int keyIndex, final long externalKey, final long amount)
    {
        final int account = findOrCreate(kind, ownerIndex, keyIndex, externalKey);
        if (limits[account] == NO_LIMIT)
        {
            insertLimited(ownerIndex, account);
        }
        limits[account] = amount;
        return account;
    }

    /** Accounts with a limit set for an owner, sorted by (kind, external key); never null. */
    IntArrayList limitedAccounts(final int ownerIndex)
    {
        if (ownerIndex >= limitedByOwner.length || limitedByOwner[ownerIndex] == null)
        {
            return EMPTY;
        }
        return limitedByOwner[ownerIndex];
    }

    private static final IntArrayList EMPTY = new IntArrayList(0);

    private int findOrCreate(final LimitKind kind, final int ownerIndex, final int keyIndex, final long externalKey)
    {
        final long key = key(kind, ownerIndex, keyIndex);
        int account = (int)accountByKey.get(Hashing.scramble(key));
        if (account == NONE)
        {
            account = freeAccounts.isEmpty() ? newAccount() : freeAccounts.removeAtIndex(freeAccounts.size() - 1);
            keys[account] = key;
            limits[account] = NO_LIMIT;
            utilised[account] = 0;
            externalKeys[account] = externalKey;
            accountByKey.put(Hashing.scramble(key), account);
        }
        return account;
    }

    private int newAccount()
    {
        if (accountCount == keys.length)
        {
            final int capacity = accountCount * 2;
            keys = Arrays.copyOf(keys, capacity);
            limits = Arrays.copyOf(limits, capacity);
            utilised = Arrays.copyOf(utilised, capacity);
            externalKeys = Arrays.copyOf(externalKeys, capacity);
        }
        return accountCount++;
    }

    private void freeIfEmpty(final int account)
    {
        if (utilised[account] == 0 && limits[account] == NO_LIMIT)
        {
            accountByKey.remove(Hashing.scramble(keys[account]));
            freeAccounts.add(account);
        }
    }

    private void insertLimited(final int ownerIndex, final int account)
    {
        if (ownerIndex >= limitedByOwner.length)
        {
            limitedByOwner = Arrays.copyOf(limitedByOwner, Math.max(ownerIndex + 1, limitedByOwner.length * 2));
        }
        IntArrayList list = limitedByOwner[ownerIndex];
        if (list == null)
        {
            list = new IntArrayList(4);
            limitedByOwner[ownerIndex] = list;
        }
        int at = 0;
        while (at < list.size() && compare(list.get(at), account) < 0)
        {
            at++;
        }
        list.addAtIndex(at, account);
    }

    private int compare(final int a, final int b)
    {
        final int byKind = Byte.compare(kindCode(a), kindCode(b));
        return byKind != 0 ? byKind : Long.compare(externalKeys[a], externalKeys[b]);
    }

    /** Calls {@code visitor} with the key and utilisation of every live account, in no particular order. */
    void forEachAccount(final org.eclipse.collections.api.block.procedure.primitive.LongLongProcedure visitor)
    {
        accountByKey.forEachLong((key, account) -> visitor.value(keys[(int)account], utilised[(int)account]));
    }

    /** Order-independent: a sum of per-account hashes. */
    long stateHash()
    {
        final long[] sum = {0};
        accountByKey.forEachLong((key, account) -> sum[0] += Hashing.combine(
            Hashing.combine(Hashing.combine(Hashing.mix(keys[(int)account]), externalKeys[(int)account]), limits[(int)account]),
            utilised[(int)account]));
        return Hashing.combine(0x11A175L, sum[0]);
    }

    void writeTo(final DataOutput out) throws IOException
    {
        final long[] sorted = new long[accountByKey.size()];
        final int[] count = {0};
        accountByKey.forEachLong((key, account) -> sorted[count[0]++] = keys[(int)account]);
        Arrays.sort(sorted);
        out.writeInt(sorted.length);
        for (final long key : sorted)
        {
            final int account = (int)accountByKey.get(Hashing.scramble(key));
            out.writeLong(keys[account]);
            out.writeLong(externalKeys[account]);
            out.writeLong(limits[account]);
            out.writeLong(utilised[account]);
        }
    }

    void readFrom(final DataInput in, final int participantCount, final int instrumentCount) throws IOException
    {
        final int count = in.readInt();
        EngineSnapshot.check(count >= 0, "limit account count", count);
        for (int i = 0; i < count; i++)
        {
            final long key = in.readLong();
            final long externalKey = in.readLong();
            final long limit = in.readLong();
            final long used = in.readLong();
            final LimitKind kind = LimitKind.fromCode((int)(key >>> 62));
            final int owner = (int)((key >>> 31) & 0x7FFF_FFFFL);
            final int keyIndex = (int)(key & 0x7FFF_FFFFL);
            EngineSnapshot.check(kind != null && owner < participantCount
                && keyIndex < (kind == LimitKind.COUNTERPARTY ? participantCount : instrumentCount), "limit account key", key);
            EngineSnapshot.check(limit >= NO_LIMIT && used >= 0 && (limit != NO_LIMIT || used != 0), "limit account of key", key);
            final int account = findOrCreate(kind, owner, keyIndex, externalKey);
            if (limit != NO_LIMIT)
            {
                setLimit(kind, owner, keyIndex, externalKey, limit);
            }
            utilised[account] = used;
        }
    }
}
