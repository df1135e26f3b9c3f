package io.settlement.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The deal slab: every deal a row of {@link #ROW} bytes holding all its fields, rows stored in pages of
 * {@link #PAGE_SIZE} slots. Registering a deal writes its one row (two cache lines, next to the row of
 * the deal before), where one column per field wrote 25 lines in 25 pages; reading a deal whole, as
 * every event that describes it does, reads the same two lines. Growing the slab adds pages and never
 * copies a deal: with flat arrays, the doubling past a million deals copied over a hundred megabytes on
 * the engine thread (a stall of the whole pipeline, half a second measured); now it allocates pages and
 * only the small page directories are ever copied. A page is {@code PAGE_SIZE * ROW} = 128 KB of an array
 * that backs the pages added with it: growth adds one page, pre-sizing ({@link DealStore#ensureCapacity}: the
 * engine's initial capacity, a snapshot loaded) one array for all the pages it adds ({@link #addPages}).
 *
 * <p>Each field has a getter {@code field(slot)} and a setter {@code field(slot, value)}; a slot below
 * {@link #capacity()} is always backed.
 */
abstract class DealSlab
{
    static final int PAGE_BITS = 10;
    static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int PAGE_MASK = PAGE_SIZE - 1;
    /** Bytes a deal takes: its fields at the offsets below ({@value} with the spare bytes at the end). */
    static final int ROW = 128;
    private static final int ROW_SHIFT = 7;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());

    // the row: the 8-byte fields first, then the 4-byte ones, then the flags (the last 10 bytes spare)
    private static final int DEAL_ID = 0;
    private static final int CLIENT_DEAL_ID = 8;
    private static final int QUANTITY = 16;
    private static final int CASH_AMOUNT = 24;
    private static final int LINK_ID = 32;
    private static final int MATCHED_LINK_ID = 40;
    private static final int MINIMUM_QUANTITY = 48;
    private static final int SETTLED_QUANTITY = 56;
    private static final int SETTLED_CASH = 64;
    private static final int SUBMITTER = 72;
    private static final int BUYER = 76;
    private static final int SELLER = 80;
    private static final int SECURITY = 84;
    private static final int CURRENCY = 88;
    private static final int SETTLEMENT_DATE = 92;
    private static final int CYCLE_MARK = 96;
    private static final int CREDIT_ACCOUNT = 100;
    private static final int COUNTERPARTY_PAIR = 104;
    private static final int DELIVERY_ACCOUNT = 108;
    private static final int DEAL_TYPE = 112;
    private static final int STATUS = 113;
    private static final int LAST_FAIL_REASON = 114;
    private static final int HELD_SIDES = 115;
    private static final int MATCHED = 116;
    private static final int PARTIAL_ALLOWED = 117;

    private static final int PAGE_BYTES = PAGE_SIZE * ROW;
    /**
     * The most pages one array holds: a page short of 64 MB, so that with its header it fills whole G1 regions of any
     * size (1 to 32 MB) but for that page, and needs no more contiguous free regions than 64 MB.
     */
    private static final int MAX_SEGMENT_PAGES = (64 << 20) / PAGE_BYTES - 1;

    private int pageCount;
    /** Each page's array (consecutive pages share one when added together) and its first byte in it. */
    private byte[][] pageArray = new byte[16][];
    private int[] pageBase = new int[16];

    DealSlab()
    {
        addPages(1);
    }

    /** Slots backed by pages: {@link #addPage} and {@link #addPages} add {@link #PAGE_SIZE} a page. */
    final int capacity()
    {
        return pageCount << PAGE_BITS;
    }

    /** Grows the slab for the next slot by one page of its own: a small allocation, never a stall. */
    final void addPage()
    {
        addPages(1);
    }

    /**
     * Adds {@code count} pages backed by one array ({@link #MAX_SEGMENT_PAGES} pages at most each): allocation only, no copy of a deal.
     * Pre-sizing takes them all at once: an array of half a G1 region or more is allocated in the old generation
     * directly, so no young collection copies it, where each page of its own was copied, all of it live, by the
     * collection after it was allocated (a restart pre-sized for 12M deals: 0.67-1.0 s of young pauses, 0.14-0.25 s now).
     */
    final void addPages(final int count)
    {
        int left = count;
        while (left > 0)
        {
            final int pages = Math.min(left, MAX_SEGMENT_PAGES);
            if (pageCount + pages > pageArray.length)
            {
                final int length = Math.max(pageArray.length * 2, pageCount + pages);
                pageArray = Arrays.copyOf(pageArray, length);
                pageBase = Arrays.copyOf(pageBase, length);
            }
            final byte[] segment = new byte[pages * PAGE_BYTES];
            for (int i = 0; i < pages; i++)
            {
                pageArray[pageCount] = segment;
                pageBase[pageCount] = i * PAGE_BYTES;
                pageCount++;
            }
            left -= pages;
        }
    }

    private byte[] page(final int slot)
    {
        return pageArray[slot >>> PAGE_BITS];
    }

    private int row(final int slot)
    {
        return pageBase[slot >>> PAGE_BITS] + ((slot & PAGE_MASK) << ROW_SHIFT);
    }

    /**
     * Copies the deal in {@code slot} into {@code view}: its row found once, each field read once (the
     * matched flag excepted, which no reader of a view needs).
     */
    final void read(final int slot, final DealView view)
    {
        final byte[] page = page(slot);
        final int row = row(slot);
        view.slot = slot;
        view.dealId = (long)LONG.get(page, row + DEAL_ID);
        view.clientDealId = (long)LONG.get(page, row + CLIENT_DEAL_ID);
        view.buyer = (int)INT.get(page, row + BUYER);
        view.seller = (int)INT.get(page, row + SELLER);
        view.security = (int)INT.get(page, row + SECURITY);
        view.currency = (int)INT.get(page, row + CURRENCY);
        view.quantity = (long)LONG.get(page, row + QUANTITY);
        view.cashAmount = (long)LONG.get(page, row + CASH_AMOUNT);
        view.settlementDate = (int)INT.get(page, row + SETTLEMENT_DATE);
        view.dealType = page[row + DEAL_TYPE];
        view.status = page[row + STATUS];
        view.lastFailReason = page[row + LAST_FAIL_REASON];
        view.heldSides = page[row + HELD_SIDES];
        view.linkId = (long)LONG.get(page, row + LINK_ID);
        view.matchedLinkId = (long)LONG.get(page, row + MATCHED_LINK_ID);
        view.partialAllowed = page[row + PARTIAL_ALLOWED];
        view.minimumQuantity = (long)LONG.get(page, row + MINIMUM_QUANTITY);
        view.settledQuantity = (long)LONG.get(page, row + SETTLED_QUANTITY);
        view.settledCash = (long)LONG.get(page, row + SETTLED_CASH);
        view.creditAccount = (int)INT.get(page, row + CREDIT_ACCOUNT);
        view.counterpartyPair = (int)INT.get(page, row + COUNTERPARTY_PAIR);
        view.deliveryAccount = (int)INT.get(page, row + DELIVERY_ACCOUNT);
    }

    /**
     * Finishes a deal whose settled amounts are now its whole amounts: settled quantity and cash, status
     * and no side held, written at one row lookup.
     */
    final void settleWhole(final int slot, final long wholeQuantity, final long wholeCash, final byte finalStatus)
    {
        final byte[] page = page(slot);
        final int row = row(slot);
        LONG.set(page, row + SETTLED_QUANTITY, wholeQuantity);
        LONG.set(page, row + SETTLED_CASH, wholeCash);
        page[row + STATUS] = finalStatus;
        page[row + HELD_SIDES] = 0;
    }

    final long dealId(final int slot)
    {
        return (long)LONG.get(page(slot), row(slot) + DEAL_ID);
    }

    final void dealId(final int slot, final long value)
    {
        LONG.set(page(slot), row(slot) + DEAL_ID, value);
    }

    final long clientDealId(final int slot)
    {
        return (long)LONG.get(page(slot), row(slot) + CLIENT_DEAL_ID);
    }

    final void clientDealId(final int slot, final long value)
    {
        LONG.set(page(slot), row(slot) + CLIENT_DEAL_ID, value);
    }

    final int submitter(final int slot)
    {
        return (int)INT.get(page(slot), row(slot) + SUBMITTER);
    }

    final void submitter(final int slot, final int value)
    {
        INT.set(page(slot), row(slot) + SUBMITTER, value);
    }

    final int buyer(final int slot)
    {
        return (int)INT.get(page(slot), row(slot) + BUYER);
    }

    final void buyer(final int slot, final int value)
    {
        INT.set(page(slot), row(slot) + BUYER, value);
    }

    final int seller(final int slot)
    {
        return (int)INT.get(page(slot), row(slot) + SELLER);
    }

    final void seller(final int slot, final int value)
    {
        INT.set(page(slot), row(slot) + SELLER, value);
    }

    final int security(final int slot)
    {
        return (int)INT.get(page(slot), row(slot) + SECURITY);
    }

    final void security(final int slot, final int value)
    {
        INT.set(page(slot), row(slot) + SECURITY, value);
    }

    final int currency(final int slot)
    {
        return (int)INT.get(page(slot), row(slot) + CURRENCY);
    }

    final void currency(final int slot, final int value)
    {
        INT.set(page(slot), row(slot) + CURRENCY, value);
    }

    final long quantity(final int slot)
    {
        return (long)LONG.get(page(slot), row(slot) + QUANTITY);
    }

    final void quantity(final int slot, final long value)
    {
        LONG.set(page(slot), row(slot) + QUANTITY, value);
    }

    final long cashAmount(final int slot)
    {
        return (long)LONG.get(page(slot), row(slot) + CASH_AMOUNT);
    }

    final void cashAmount(final int slot, final long value)
    {
        LONG.set(page(slot), row(slot) + CASH_AMOUNT, value);
    }

    final int settlementDate(final int slot)
    {
        return (int)INT.get(page(slot), row(slot) + SETTLEMENT_DATE);
    }

    final void settlementDate(final int slot, final int value)
    {
        INT.set(page(slot), row(slot) + SETTLEMENT_DATE, value);
    }

    final byte dealType(final int slot)
    {
        return page(slot)[row(slot) + DEAL_TYPE];
    }

    final void dealType(final int slot, final byte value)
    {
        page(slot)[row(slot) + DEAL_TYPE] = value;
    }

    final byte status(final int slot)
    {
        return page(slot)[row(slot) + STATUS];
    }

    final void status(final int slot, final byte value)
    {
        page(slot)[row(slot) + STATUS] = value;
    }

    final byte lastFailReason(final int slot)
    {
        return page(slot)[row(slot) + LAST_FAIL_REASON];
    }

    final void lastFailReason(final int slot, final byte value)
    {
        page(slot)[row(slot) + LAST_FAIL_REASON] = value;
    }

    final byte heldSides(final int slot)
    {
        return page(slot)[row(slot) + HELD_SIDES];
    }

    final void heldSides(final int slot, final byte value)
    {
        page(slot)[row(slot) + HELD_SIDES] = value;
    }

    final long linkId(final int slot)
    {
        return (long)LONG.get(page(slot), row(slot) + LINK_ID);
    }

    final void linkId(final int slot, final long value)
    {
        LONG.set(page(slot), row(slot) + LINK_ID, value);
    }

    final byte matched(final int slot)
    {
        return page(slot)[row(slot) + MATCHED];
    }

    final void matched(final int slot, final byte value)
    {
        page(slot)[row(slot) + MATCHED] = value;
    }

    final long matchedLinkId(final int slot)
    {
        return (long)LONG.get(page(slot), row(slot) + MATCHED_LINK_ID);
    }

    final void matchedLinkId(final int slot, final long value)
    {
        LONG.set(page(slot), row(slot) + MATCHED_LINK_ID, value);
    }

    final byte partialAllowed(final int slot)
    {
        return page(slot)[row(slot) + PARTIAL_ALLOWED];
    }

    final void partialAllowed(final int slot, final byte value)
    {
        page(slot)[row(slot) + PARTIAL_ALLOWED] = value;
    }

    final long minimumQuantity(final int slot)
    {
        return (long)LONG.get(page(slot), row(slot) + MINIMUM_QUANTITY);
    }

    final void minimumQuantity(final int slot, final long value)
    {
        LONG.set(page(slot), row(slot) + MINIMUM_QUANTITY, value);
    }

    final long settledQuantity(final int slot)
    {
        return (long)LONG.get(page(slot), row(slot) + SETTLED_QUANTITY);
    }

    final void settledQuantity(final int slot, final long value)
    {
        LONG.set(page(slot), row(slot) + SETTLED_QUANTITY, value);
    }

    final long settledCash(final int slot)
    {
        return (long)LONG.get(page(slot), row(slot) + SETTLED_CASH);
    }

    final void settledCash(final int slot, final long value)
    {
        LONG.set(page(slot), row(slot) + SETTLED_CASH, value);
    }

    final int cycleMark(final int slot)
    {
        return (int)INT.get(page(slot), row(slot) + CYCLE_MARK);
    }

    final void cycleMark(final int slot, final int value)
    {
        INT.set(page(slot), row(slot) + CYCLE_MARK, value);
    }

    final int creditAccount(final int slot)
    {
        return (int)INT.get(page(slot), row(slot) + CREDIT_ACCOUNT);
    }

    final void creditAccount(final int slot, final int value)
    {
        INT.set(page(slot), row(slot) + CREDIT_ACCOUNT, value);
    }

    final int counterpartyPair(final int slot)
    {
        return (int)INT.get(page(slot), row(slot) + COUNTERPARTY_PAIR);
    }

    final void counterpartyPair(final int slot, final int value)
    {
        INT.set(page(slot), row(slot) + COUNTERPARTY_PAIR, value);
    }

    final int deliveryAccount(final int slot)
    {
        return (int)INT.get(page(slot), row(slot) + DELIVERY_ACCOUNT);
    }

    final void deliveryAccount(final int slot, final int value)
    {
        INT.set(page(slot), row(slot) + DELIVERY_ACCOUNT, value);
    }

    /**
     * Order-independent digest of the live deals (status not 0) in slots below {@code highWater}: a sum of
     * per-deal hashes, slot numbers excluded. Walked page by page and row by row: the check of a snapshot
     * read back and the report of a restart hash every live deal.
     */
    final long liveDealsHash(final int highWater)
    {
        long sum = 0;
        for (int p = 0; p < pageCount && (p << PAGE_BITS) < highWater; p++)
        {
            final int end = Math.min(PAGE_SIZE, highWater - (p << PAGE_BITS));
            final byte[] page = pageArray[p];
            final int base = pageBase[p];
            for (int i = 0; i < end; i++)
            {
                final int row = base + (i << ROW_SHIFT);
                final byte dealStatus = page[row + STATUS];
                if (dealStatus == 0)
                {
                    continue;
                }
                long h = Hashing.mix((long)LONG.get(page, row + DEAL_ID));
                h = Hashing.combine(h, (long)LONG.get(page, row + CLIENT_DEAL_ID));
                h = Hashing.combine(h, (int)INT.get(page, row + SUBMITTER));
                h = Hashing.combine(h, (int)INT.get(page, row + BUYER));
                h = Hashing.combine(h, (int)INT.get(page, row + SELLER));
                h = Hashing.combine(h, (int)INT.get(page, row + SECURITY));
                h = Hashing.combine(h, (int)INT.get(page, row + CURRENCY));
                h = Hashing.combine(h, (long)LONG.get(page, row + QUANTITY));
                h = Hashing.combine(h, (long)LONG.get(page, row + CASH_AMOUNT));
                h = Hashing.combine(h, (int)INT.get(page, row + SETTLEMENT_DATE));
                h = Hashing.combine(h, page[row + DEAL_TYPE]);
                h = Hashing.combine(h, dealStatus);
                h = Hashing.combine(h, page[row + LAST_FAIL_REASON]);
                final byte heldSides = page[row + HELD_SIDES];
                if (heldSides != 0)
                {
                    // held sides only when there are any: the hash of a state without holds is what it was before holds existed
                    h = Hashing.combine(h, heldSides);
                }
                final long linkId = (long)LONG.get(page, row + LINK_ID);
                final byte partialAllowed = page[row + PARTIAL_ALLOWED];
                if (linkId != 0 || partialAllowed != 0)
                {
                    // an unlinked deal that settles only in full hashes as before these terms existed
                    h = Hashing.combine(h, linkId);
                    h = Hashing.combine(h, partialAllowed);
                    h = Hashing.combine(h, (long)LONG.get(page, row + MINIMUM_QUANTITY));
                    h = Hashing.combine(h, (long)LONG.get(page, row + SETTLED_QUANTITY));
                    h = Hashing.combine(h, (long)LONG.get(page, row + SETTLED_CASH));
                }
                if (page[row + MATCHED] != 0)
                {
                    // a matched deal only: every other deal hashes as before two-sided matching
                    h = Hashing.combine(Hashing.combine(h, 0x3A7C4EDL), (long)LONG.get(page, row + MATCHED_LINK_ID));
                }
                sum += h;
            }
        }
        return sum;
    }
}
