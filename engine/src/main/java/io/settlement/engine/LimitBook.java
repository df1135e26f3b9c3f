package io.settlement.engine;

import java.util.Arrays;

import io.settlement.protocol.wire.LimitKind;
import org.agrona.collections.Long2LongHashMap;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * Risk limits and their utilisation by pending deals. An account is one (kind, owner, key):
 * CREDIT (participant, currency), COUNTERPARTY (participant, counterparty), DELIVERY (participant,
 * security). Utilisation is tracked whether or not a limit is set, so that a limit set later sees
 * the deals already pending. An account with no limit and nothing utilised is removed, so memory
 * follows what is live.
 *
 * <p>{@link #find}, four times on every deal registered, reads a direct table rather than the hash map:
 * per kind, per owner index, pages of {@link #KEY_PAGE_SIZE} key indices (participant and instrument
 * indices are dense ordinals), so a lookup is a few array loads that stay in cache for the owners
 * trading, and no probe. The table is derived (kept beside the map, rebuilt with the accounts when a
 * snapshot loads); its pages are kept when their accounts are freed, so it is never larger than the
 * key ranges ever used.
 */
final class LimitBook
{
    static final int NONE = -1;
    static final long NO_LIMIT = -1;

    private static final IntArrayList EMPTY = new IntArrayList(0);

    private final Long2LongHashMap accountByKey = new Long2LongHashMap(NONE);
    private static final int KEY_PAGE_BITS = 6;
    static final int KEY_PAGE_SIZE = 1 << KEY_PAGE_BITS;
    private static final int KEY_PAGE_MASK = KEY_PAGE_SIZE - 1;
    /** [kind code][owner index][key index / KEY_PAGE_SIZE][key index % KEY_PAGE_SIZE]: the account, or NONE. */
    private final int[][][][] accountByOwner = new int[4][16][][];
    private final IntArrayList freeAccounts = new IntArrayList();
    /**
     * Account data interleaved, {@link #STRIDE} longs an account (key, limit, utilised, external
     * key): checking an account touches one cache line, not one per field.
     */
    private long[] data = new long[64 * STRIDE];
    private static final int STRIDE = 4;
    private static final int KEY = 0;
    private static final int LIMIT = 1;
    private static final int UTILISED = 2;
    private static final int EXTERNAL_KEY = 3;

    private static int at(final int account, final int field)
    {
        return account * STRIDE + field;
    }
    private int accountCount;
    /** Per owner participant index: accounts with a limit set, sorted by (kind, external key). */
    private IntArrayList[] limitedByOwner = new IntArrayList[16];

    /** Owner and key indices are non-negative ints, so kind, owner and key pack into 2 + 31 + 31 bits. */
    static long key(final LimitKind kind, final int ownerIndex, final int keyIndex)
    {
        return ((long)kind.value() << 62) | ((long)ownerIndex << 31) | keyIndex;
    }

    int find(final LimitKind kind, final int ownerIndex, final int keyIndex)
    {
        final int[][][] owners = accountByOwner[kind.value()];
        if (ownerIndex >= owners.length)
        {
            return NONE;
        }
        final int[][] pages = owners[ownerIndex];
        final int page = keyIndex >>> KEY_PAGE_BITS;
        if (pages == null || page >= pages.length)
        {
            return NONE;
        }
        final int[] accounts = pages[page];
        return accounts == null ? NONE : accounts[keyIndex & KEY_PAGE_MASK];
    }

    /** Records (or, with NONE, clears) the account of a key in the direct table of {@link #find}. */
    private void index(final long key, final int account)
    {
        final int kind = (int)(key >>> 62);
        final int ownerIndex = (int)((key >>> 31) & 0x7FFF_FFFFL);
        final int keyIndex = (int)(key & 0x7FFF_FFFFL);
        int[][][] owners = accountByOwner[kind];
        if (ownerIndex >= owners.length)
        {
            owners = Arrays.copyOf(owners, Math.max(ownerIndex + 1, owners.length * 2));
            accountByOwner[kind] = owners;
        }
        int[][] pages = owners[ownerIndex];
        final int page = keyIndex >>> KEY_PAGE_BITS;
        if (pages == null || page >= pages.length)
        {
            pages = pages == null ? new int[page + 1][] : Arrays.copyOf(pages, Math.max(page + 1, pages.length * 2));
            owners[ownerIndex] = pages;
        }
        int[] accounts = pages[page];
        if (accounts == null)
        {
            accounts = new int[KEY_PAGE_SIZE];
            Arrays.fill(accounts, NONE);
            pages[page] = accounts;
        }
        accounts[keyIndex & KEY_PAGE_MASK] = account;
    }

    /**
     * @return the headroom left in an account found by {@link #find} (NONE means an account with no
     * limit and nothing used): Long.MAX_VALUE when no limit is set; negative when over the limit.
     */
    long headroom(final int account)
    {
        if (account == NONE || data[at(account, LIMIT)] == NO_LIMIT)
        {
            return Long.MAX_VALUE;
        }
        return data[at(account, LIMIT)] - data[at(account, UTILISED)];
    }

    long utilised(final int account)
    {
        return account == NONE ? 0 : data[at(account, UTILISED)];
    }

    long limit(final int account)
    {
        return data[at(account, LIMIT)];
    }

    long externalKey(final int account)
    {
        return data[at(account, EXTERNAL_KEY)];
    }

    byte kindCode(final int account)
    {
        return (byte)(data[at(account, KEY)] >>> 62);
    }

    /**
     * Adds {@code delta} (which the caller has checked for overflow and headroom) to an account.
     *
     * @param account the account as {@link #find} returned it just before (NONE: create it).
     * @return the account used, or NONE when {@code delta} is 0 (nothing used).
     */
    int use(
        final int account, final LimitKind kind, final int ownerIndex, final int keyIndex, final long externalKey,
        final long delta)
    {
        if (delta == 0)
        {
            return NONE;
        }
        final int target = account != NONE ? account : findOrCreate(kind, ownerIndex, keyIndex, externalKey);
        data[at(target, UTILISED)] += delta;
        return target;
    }

    /**
     * Releases utilisation of a deal that settled or was cancelled.
     *
     * @param account the account {@link #use} returned for the deal (NONE: it used nothing).
     */
    void release(final int account, final long delta)
    {
        if (account == NONE)
        {
            return;
        }
        if (data[at(account, UTILISED)] < delta)
        {
            throw new IllegalStateException("releasing " + delta + " from account "
                + Long.toHexString(data[at(account, KEY)]) + " which has " + data[at(account, UTILISED)] + " utilised");
        }
        data[at(account, UTILISED)] -= delta;
        freeIfEmpty(account);
    }

    /** Sets (or replaces) a limit; lowering it below utilisation is allowed. */
    int setLimit(final LimitKind kind, final int ownerIndex, final int keyIndex, final long externalKey, final long amount)
    {
        final int account = findOrCreate(kind, ownerIndex, keyIndex, externalKey);
        if (data[at(account, LIMIT)] == NO_LIMIT)
        {
            insertLimited(ownerIndex, account);
        }
        data[at(account, LIMIT)] = amount;
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

    private int findOrCreate(final LimitKind kind, final int ownerIndex, final int keyIndex, final long externalKey)
    {
        final long key = key(kind, ownerIndex, keyIndex);
        int account = find(kind, ownerIndex, keyIndex);
        if (account == NONE)
        {
            account = freeAccounts.isEmpty() ? newAccount() : freeAccounts.removeAtIndex(freeAccounts.size() - 1);
            data[at(account, KEY)] = key;
            data[at(account, LIMIT)] = NO_LIMIT;
            data[at(account, UTILISED)] = 0;
            data[at(account, EXTERNAL_KEY)] = externalKey;
            accountByKey.put(key, account);
            index(key, account);
        }
        return account;
    }

    private int newAccount()
    {
        if ((accountCount + 1) * STRIDE > data.length)
        {
            data = Arrays.copyOf(data, data.length * 2);
        }
        return accountCount++;
    }

    private void freeIfEmpty(final int account)
    {
        if (data[at(account, UTILISED)] == 0 && data[at(account, LIMIT)] == NO_LIMIT)
        {
            accountByKey.remove(data[at(account, KEY)]);
            index(data[at(account, KEY)], NONE);
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
        return byKind != 0 ? byKind : Long.compare(data[at(a, EXTERNAL_KEY)], data[at(b, EXTERNAL_KEY)]);
    }

    /** Live accounts: those with a limit set or something utilised. */
    int accountCount()
    {
        return accountByKey.size();
    }

    /** @return the live account of a key as {@link #key} packs it, or NONE. */
    int accountOf(final long key)
    {
        return (int)accountByKey.get(key);
    }

    /** Re-creates an account as a snapshot recorded it (limit NO_LIMIT: none set). */
    void restoreAccount(
        final LimitKind kind, final int ownerIndex, final int keyIndex, final long externalKey, final long limit,
        final long used)
    {
        final int account = findOrCreate(kind, ownerIndex, keyIndex, externalKey);
        if (limit != NO_LIMIT)
        {
            setLimit(kind, ownerIndex, keyIndex, externalKey, limit);
        }
        data[at(account, UTILISED)] = used;
    }

    /** Calls {@code visitor} with the key and utilisation of every live account, in no particular order. */
    void forEachAccount(final org.eclipse.collections.api.block.procedure.primitive.LongLongProcedure visitor)
    {
        accountByKey.forEachLong((key, account) -> visitor.value(key, data[at((int)account, UTILISED)]));
    }

    /** Order-independent: a sum of per-account hashes. */
    long stateHash()
    {
        final long[] sum = {0};
        accountByKey.forEachLong((key, account) -> sum[0] += Hashing.combine(
            Hashing.combine(Hashing.combine(Hashing.mix(key), data[at((int)account, EXTERNAL_KEY)]),
                data[at((int)account, LIMIT)]),
            data[at((int)account, UTILISED)]));
        return Hashing.combine(0x11A175L, sum[0]);
    }
}
