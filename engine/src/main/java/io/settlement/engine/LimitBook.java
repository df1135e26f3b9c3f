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
 * <p>A COUNTERPARTY account's utilisation is the pair's: the deals pending between P and C are the deals
 * between C and P, so (P, C) and (C, P) always hold the same sum. One pair record per unordered pair of
 * participants holds that sum beside both sides' limits (each side's own limit is checked against it), so
 * a deal registered reads and writes three records (credit, pair, delivery), not four, and its two
 * counterparty checks read one record. The two directional accounts stay what queries, snapshots and the
 * state hash see (key, external key, limit; their utilisation read from the pair), and live by the same
 * rule as any account: while a limit is set or the pair has something utilised. A pair lives while
 * either of its accounts does.
 *
 * <p>{@link #find}, on every deal registered, reads a direct table rather than the hash map:
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

    /** [lower participant index][higher index / KEY_PAGE_SIZE][higher index % KEY_PAGE_SIZE]: the pair, or NONE. */
    private int[][][] pairByParticipants = new int[16][][];
    private final IntArrayList freePairs = new IntArrayList();
    /**
     * Pair data interleaved, {@link #PAIR_STRIDE} longs a pair: the lower-indexed participant's limit toward the
     * other, the higher-indexed one's toward the lower, the shared utilisation, and the two directional accounts
     * (lower's in the high 32 bits, NONE where it does not exist): a deal's counterparty checks read one line.
     */
    private long[] pairData = new long[64 * PAIR_STRIDE];
    private static final int PAIR_STRIDE = 4;
    private static final int LOWER_LIMIT = 0;
    private static final int HIGHER_LIMIT = 1;
    private static final int PAIR_UTILISED = 2;
    private static final int PAIR_ACCOUNTS = 3;
    private int pairCount;

    private static int pairAt(final int pair, final int field)
    {
        return pair * PAIR_STRIDE + field;
    }

    /** What {@link #fits} and {@link #pairFits} answer. */
    static final int FITS = 0;
    static final int EXCEEDED = 1;
    static final int OVERFLOWS = 2;
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
     * Whether {@code amount} more fits a CREDIT or DELIVERY account found by {@link #find} (NONE: none yet):
     * {@link #FITS}, {@link #EXCEEDED} (over its limit, or already over a limit lowered below its utilisation)
     * or {@link #OVERFLOWS} (the utilisation's sum would overflow).
     */
    int fits(final int account, final long amount)
    {
        if (account == NONE)
        {
            return FITS;
        }
        final long limit = data[at(account, LIMIT)];
        final long used = data[at(account, UTILISED)];
        if (limit != NO_LIMIT && amount > limit - used)
        {
            return EXCEEDED;
        }
        return Arith.addOverflows(used, amount) ? OVERFLOWS : FITS;
    }

    /** @return the pair of two participants (either order), or NONE while neither has an account toward the other. */
    int findPair(final int participant, final int other)
    {
        final int lower = Math.min(participant, other);
        final int higher = Math.max(participant, other);
        final int[][][] lowers = pairByParticipants;
        if (lower >= lowers.length)
        {
            return NONE;
        }
        final int[][] pages = lowers[lower];
        final int page = higher >>> KEY_PAGE_BITS;
        if (pages == null || page >= pages.length)
        {
            return NONE;
        }
        final int[] pairs = pages[page];
        return pairs == null ? NONE : pairs[higher & KEY_PAGE_MASK];
    }

    /**
     * As {@link #fits}, for {@code owner}'s own COUNTERPARTY limit toward {@code other}, in their pair found by
     * {@link #findPair} (NONE: none yet), against the pair's shared utilisation.
     */
    int pairFits(final int pair, final int owner, final int other, final long amount)
    {
        if (pair == NONE)
        {
            return FITS;
        }
        final long limit = pairData[pairAt(pair, owner < other ? LOWER_LIMIT : HIGHER_LIMIT)];
        final long used = pairData[pairAt(pair, PAIR_UTILISED)];
        if (limit != NO_LIMIT && amount > limit - used)
        {
            return EXCEEDED;
        }
        return Arith.addOverflows(used, amount) ? OVERFLOWS : FITS;
    }

    /** The utilisation of any account (a COUNTERPARTY account's is its pair's); 0 for NONE. */
    long utilised(final int account)
    {
        if (account == NONE)
        {
            return 0;
        }
        final long key = data[at(account, KEY)];
        if ((int)(key >>> 62) == LimitKind.COUNTERPARTY.value())
        {
            return pairData[pairAt(findPair(owner(key), keyIndex(key)), PAIR_UTILISED)];
        }
        return data[at(account, UTILISED)];
    }

    private static int owner(final long key)
    {
        return (int)((key >>> 31) & 0x7FFF_FFFFL);
    }

    private static int keyIndex(final long key)
    {
        return (int)(key & 0x7FFF_FFFFL);
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
     * Adds {@code delta} (which the caller has checked for overflow and headroom) to a CREDIT or DELIVERY account.
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
     * Adds {@code delta} (checked by the caller against both sides' limits with {@link #pairFits}) to the
     * utilisation of a buyer and seller's pair, creating the pair and either side's account as needed.
     *
     * @param pair the pair as {@link #findPair} returned it just before (NONE: create it).
     * @return the pair used, or NONE when {@code delta} is 0 (nothing used).
     */
    int usePair(
        final int pair, final int buyer, final int seller, final long buyerId, final long sellerId, final long delta)
    {
        if (delta == 0)
        {
            return NONE;
        }
        int target = pair;
        if (target == NONE || pairData[pairAt(target, PAIR_UTILISED)] == 0 && !bothAccounts(target))
        {
            // from nothing utilised to something: both directional accounts exist from now on
            findOrCreate(LimitKind.COUNTERPARTY, buyer, seller, sellerId);
            findOrCreate(LimitKind.COUNTERPARTY, seller, buyer, buyerId);
            target = findPair(buyer, seller);
        }
        pairData[pairAt(target, PAIR_UTILISED)] += delta;
        return target;
    }

    /**
     * Releases pair utilisation of a deal that settled or was cancelled.
     *
     * @param pair the pair {@link #usePair} returned for the deal (NONE: it used nothing).
     * @param buyer the deal's buyer, whose account is let go first when nothing is left utilised.
     */
    void releasePair(final int pair, final int buyer, final long delta)
    {
        if (pair == NONE)
        {
            return;
        }
        final long used = pairData[pairAt(pair, PAIR_UTILISED)];
        if (used < delta)
        {
            throw new IllegalStateException("releasing " + delta + " from the counterparty pair of participant index "
                + buyer + " which has " + used + " utilised");
        }
        pairData[pairAt(pair, PAIR_UTILISED)] = used - delta;
        if (used == delta && (pairData[pairAt(pair, LOWER_LIMIT)] == NO_LIMIT || pairData[pairAt(pair, HIGHER_LIMIT)] == NO_LIMIT))
        {
            // nothing utilised any more: a side with no limit has no account now (both limits set: nothing to free)
            final long accounts = pairData[pairAt(pair, PAIR_ACCOUNTS)];
            final int lowerAccount = (int)(accounts >> 32);
            final int higherAccount = (int)accounts;
            final boolean buyerLower = lowerAccount != NONE && owner(data[at(lowerAccount, KEY)]) == buyer;
            freeIfEmpty(buyerLower ? lowerAccount : higherAccount);
            freeIfEmpty(buyerLower ? higherAccount : lowerAccount);
        }
    }

    /**
     * Releases utilisation of a deal that settled or was cancelled, from a CREDIT or DELIVERY account.
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
        if (kind == LimitKind.COUNTERPARTY)
        {
            pairData[pairAt(findPair(ownerIndex, keyIndex), ownerIndex < keyIndex ? LOWER_LIMIT : HIGHER_LIMIT)] = amount;
        }
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
            if (kind == LimitKind.COUNTERPARTY)
            {
                attach(ownerIndex, keyIndex, account);
            }
        }
        return account;
    }

    /** Records a new directional COUNTERPARTY account in its pair, creating the pair when it is the first. */
    private void attach(final int ownerIndex, final int keyIndex, final int account)
    {
        int pair = findPair(ownerIndex, keyIndex);
        if (pair == NONE)
        {
            pair = freePairs.isEmpty() ? newPair() : freePairs.removeAtIndex(freePairs.size() - 1);
            pairData[pairAt(pair, LOWER_LIMIT)] = NO_LIMIT;
            pairData[pairAt(pair, HIGHER_LIMIT)] = NO_LIMIT;
            pairData[pairAt(pair, PAIR_UTILISED)] = 0;
            pairData[pairAt(pair, PAIR_ACCOUNTS)] = packAccounts(NONE, NONE);
            indexPair(ownerIndex, keyIndex, pair);
        }
        setPairAccount(pair, ownerIndex < keyIndex, account);
    }

    /** Forgets a directional COUNTERPARTY account being freed, and its pair when it was the last. */
    private void detach(final int ownerIndex, final int keyIndex)
    {
        final int pair = findPair(ownerIndex, keyIndex);
        setPairAccount(pair, ownerIndex < keyIndex, NONE);
        if (pairData[pairAt(pair, PAIR_ACCOUNTS)] == packAccounts(NONE, NONE))
        {
            indexPair(ownerIndex, keyIndex, NONE);
            freePairs.add(pair);
        }
    }

    /** Whether both directional accounts of a pair exist (both limits set, or something utilised). */
    private boolean bothAccounts(final int pair)
    {
        final long accounts = pairData[pairAt(pair, PAIR_ACCOUNTS)];
        return (int)(accounts >> 32) != NONE && (int)accounts != NONE;
    }

    private void setPairAccount(final int pair, final boolean lower, final int account)
    {
        final long accounts = pairData[pairAt(pair, PAIR_ACCOUNTS)];
        pairData[pairAt(pair, PAIR_ACCOUNTS)] = lower
            ? packAccounts(account, (int)accounts) : packAccounts((int)(accounts >> 32), account);
    }

    private static long packAccounts(final int lowerAccount, final int higherAccount)
    {
        return ((long)lowerAccount << 32) | (higherAccount & 0xFFFF_FFFFL);
    }

    private int newPair()
    {
        if ((pairCount + 1) * PAIR_STRIDE > pairData.length)
        {
            pairData = Arrays.copyOf(pairData, pairData.length * 2);
        }
        return pairCount++;
    }

    /** Records (or, with NONE, clears) the pair of two participants in the direct table of {@link #findPair}. */
    private void indexPair(final int participant, final int other, final int pair)
    {
        final int lower = Math.min(participant, other);
        final int higher = Math.max(participant, other);
        if (lower >= pairByParticipants.length)
        {
            pairByParticipants = Arrays.copyOf(pairByParticipants, Math.max(lower + 1, pairByParticipants.length * 2));
        }
        int[][] pages = pairByParticipants[lower];
        final int page = higher >>> KEY_PAGE_BITS;
        if (pages == null || page >= pages.length)
        {
            pages = pages == null ? new int[page + 1][] : Arrays.copyOf(pages, Math.max(page + 1, pages.length * 2));
            pairByParticipants[lower] = pages;
        }
        int[] pairs = pages[page];
        if (pairs == null)
        {
            pairs = new int[KEY_PAGE_SIZE];
            Arrays.fill(pairs, NONE);
            pages[page] = pairs;
        }
        pairs[higher & KEY_PAGE_MASK] = pair;
    }

    /**
     * @return null when every pair is consistent with its accounts (a pair with something utilised has both
     * directional accounts), else what is not.
     */
    String pairInconsistency()
    {
        for (int pair = 0; pair < pairCount; pair++)
        {
            final long accounts = pairData[pairAt(pair, PAIR_ACCOUNTS)];
            if (accounts != packAccounts(NONE, NONE) && pairData[pairAt(pair, PAIR_UTILISED)] != 0
                && ((int)(accounts >> 32) == NONE || (int)accounts == NONE))
            {
                final int account = (int)(accounts >> 32) == NONE ? (int)accounts : (int)(accounts >> 32);
                return "counterparty account " + Long.toHexString(data[at(account, KEY)]) + " has "
                    + pairData[pairAt(pair, PAIR_UTILISED)] + " utilised but no account the other way";
            }
        }
        return null;
    }

    private int newAccount()
    {
        if ((accountCount + 1) * STRIDE > data.length)
        {
            data = Arrays.copyOf(data, data.length * 2);
        }
        return accountCount++;
    }

    /** Frees an account with nothing utilised and no limit (a COUNTERPARTY account: when its pair has nothing utilised). */
    private void freeIfEmpty(final int account)
    {
        if (data[at(account, UTILISED)] == 0 && data[at(account, LIMIT)] == NO_LIMIT)
        {
            final long key = data[at(account, KEY)];
            accountByKey.remove(key);
            index(key, NONE);
            freeAccounts.add(account);
            if ((int)(key >>> 62) == LimitKind.COUNTERPARTY.value())
            {
                detach(owner(key), keyIndex(key));
            }
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

    /**
     * Re-creates an account as a snapshot recorded it (limit NO_LIMIT: none set); a COUNTERPARTY account's
     * utilisation becomes its pair's.
     */
    void restoreAccount(
        final LimitKind kind, final int ownerIndex, final int keyIndex, final long externalKey, final long limit,
        final long used)
    {
        final int account = findOrCreate(kind, ownerIndex, keyIndex, externalKey);
        if (limit != NO_LIMIT)
        {
            setLimit(kind, ownerIndex, keyIndex, externalKey, limit);
        }
        if (kind != LimitKind.COUNTERPARTY)
        {
            data[at(account, UTILISED)] = used;
            return;
        }
        // the caller has checked that the account the other way, if restored already, has the same
        pairData[pairAt(findPair(ownerIndex, keyIndex), PAIR_UTILISED)] = used;
    }

    /** The utilisation shared by two participants' COUNTERPARTY accounts (0 while they have no pair). */
    long pairUtilised(final int participant, final int other)
    {
        final int pair = findPair(participant, other);
        return pair == NONE ? 0 : pairData[pairAt(pair, PAIR_UTILISED)];
    }

    /** Calls {@code visitor} with the key and utilisation of every live account, in no particular order. */
    void forEachAccount(final org.eclipse.collections.api.block.procedure.primitive.LongLongProcedure visitor)
    {
        accountByKey.forEachLong((key, account) -> visitor.value(key, utilised((int)account)));
    }

    /** Order-independent: a sum of per-account hashes. */
    long stateHash()
    {
        final long[] sum = {0};
        accountByKey.forEachLong((key, account) -> sum[0] += Hashing.combine(
            Hashing.combine(Hashing.combine(Hashing.mix(key), data[at((int)account, EXTERNAL_KEY)]),
                data[at((int)account, LIMIT)]),
            utilised((int)account)));
        return Hashing.combine(0x11A175L, sum[0]);
    }
}
