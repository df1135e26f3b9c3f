package io.settlement.engine;

import java.util.Arrays;

/**
 * The deal slab: every field of a deal in its own primitive column, indexed by slot, stored in pages
 * of {@link #PAGE_SIZE} slots. Growing the slab adds a page to each column and never copies a deal:
 * with flat arrays, the doubling past a million deals copied over a hundred megabytes on the engine
 * thread (a stall of the whole pipeline, half a second measured); now it allocates one page set and
 * only the small page directories are ever copied.
 *
 * <p>Each field has a getter {@code field(slot)} and a setter {@code field(slot, value)}; a slot below
 * {@link #capacity()} is always backed.
 */
abstract class DealSlab
{
    static final int PAGE_BITS = 12;
    static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int PAGE_MASK = PAGE_SIZE - 1;

    private int pageCount;
    private long[][] dealId = new long[4][];
    private long[][] clientDealId = new long[4][];
    private int[][] submitter = new int[4][];
    private int[][] buyer = new int[4][];
    private int[][] seller = new int[4][];
    private int[][] security = new int[4][];
    private int[][] currency = new int[4][];
    private long[][] quantity = new long[4][];
    private long[][] cashAmount = new long[4][];
    private int[][] settlementDate = new int[4][];
    private byte[][] dealType = new byte[4][];
    private byte[][] status = new byte[4][];
    private byte[][] lastFailReason = new byte[4][];
    private byte[][] heldSides = new byte[4][];
    private long[][] linkId = new long[4][];
    private byte[][] matched = new byte[4][];
    private long[][] matchedLinkId = new long[4][];
    private byte[][] partialAllowed = new byte[4][];
    private long[][] minimumQuantity = new long[4][];
    private long[][] settledQuantity = new long[4][];
    private long[][] settledCash = new long[4][];
    private int[][] cycleMark = new int[4][];
    private int[][] creditAccount = new int[4][];
    private int[][] counterpartyPair = new int[4][];
    private int[][] deliveryAccount = new int[4][];

    DealSlab()
    {
        addPage();
    }

    /** Slots backed by pages: {@link #addPage} adds {@link #PAGE_SIZE} more. */
    final int capacity()
    {
        return pageCount << PAGE_BITS;
    }

    /** Adds one page to every column: allocation only, no copy of a deal. */
    final void addPage()
    {
        if (pageCount == dealId.length)
        {
            final int pages = pageCount * 2;
            dealId = Arrays.copyOf(dealId, pages);
            clientDealId = Arrays.copyOf(clientDealId, pages);
            submitter = Arrays.copyOf(submitter, pages);
            buyer = Arrays.copyOf(buyer, pages);
            seller = Arrays.copyOf(seller, pages);
            security = Arrays.copyOf(security, pages);
            currency = Arrays.copyOf(currency, pages);
            quantity = Arrays.copyOf(quantity, pages);
            cashAmount = Arrays.copyOf(cashAmount, pages);
            settlementDate = Arrays.copyOf(settlementDate, pages);
            dealType = Arrays.copyOf(dealType, pages);
            status = Arrays.copyOf(status, pages);
            lastFailReason = Arrays.copyOf(lastFailReason, pages);
            heldSides = Arrays.copyOf(heldSides, pages);
            linkId = Arrays.copyOf(linkId, pages);
            matched = Arrays.copyOf(matched, pages);
            matchedLinkId = Arrays.copyOf(matchedLinkId, pages);
            partialAllowed = Arrays.copyOf(partialAllowed, pages);
            minimumQuantity = Arrays.copyOf(minimumQuantity, pages);
            settledQuantity = Arrays.copyOf(settledQuantity, pages);
            settledCash = Arrays.copyOf(settledCash, pages);
            cycleMark = Arrays.copyOf(cycleMark, pages);
            creditAccount = Arrays.copyOf(creditAccount, pages);
            counterpartyPair = Arrays.copyOf(counterpartyPair, pages);
            deliveryAccount = Arrays.copyOf(deliveryAccount, pages);
        }
        dealId[pageCount] = new long[PAGE_SIZE];
        clientDealId[pageCount] = new long[PAGE_SIZE];
        submitter[pageCount] = new int[PAGE_SIZE];
        buyer[pageCount] = new int[PAGE_SIZE];
        seller[pageCount] = new int[PAGE_SIZE];
        security[pageCount] = new int[PAGE_SIZE];
        currency[pageCount] = new int[PAGE_SIZE];
        quantity[pageCount] = new long[PAGE_SIZE];
        cashAmount[pageCount] = new long[PAGE_SIZE];
        settlementDate[pageCount] = new int[PAGE_SIZE];
        dealType[pageCount] = new byte[PAGE_SIZE];
        status[pageCount] = new byte[PAGE_SIZE];
        lastFailReason[pageCount] = new byte[PAGE_SIZE];
        heldSides[pageCount] = new byte[PAGE_SIZE];
        linkId[pageCount] = new long[PAGE_SIZE];
        matched[pageCount] = new byte[PAGE_SIZE];
        matchedLinkId[pageCount] = new long[PAGE_SIZE];
        partialAllowed[pageCount] = new byte[PAGE_SIZE];
        minimumQuantity[pageCount] = new long[PAGE_SIZE];
        settledQuantity[pageCount] = new long[PAGE_SIZE];
        settledCash[pageCount] = new long[PAGE_SIZE];
        cycleMark[pageCount] = new int[PAGE_SIZE];
        creditAccount[pageCount] = new int[PAGE_SIZE];
        counterpartyPair[pageCount] = new int[PAGE_SIZE];
        deliveryAccount[pageCount] = new int[PAGE_SIZE];
        pageCount++;
    }

    /**
     * Copies the deal in {@code slot} into {@code view}: its page found once, each column read once (the
     * matched flag excepted, which no reader of a view needs).
     */
    final void read(final int slot, final DealView view)
    {
        final int page = slot >>> PAGE_BITS;
        final int i = slot & PAGE_MASK;
        view.slot = slot;
        view.dealId = dealId[page][i];
        view.clientDealId = clientDealId[page][i];
        view.buyer = buyer[page][i];
        view.seller = seller[page][i];
        view.security = security[page][i];
        view.currency = currency[page][i];
        view.quantity = quantity[page][i];
        view.cashAmount = cashAmount[page][i];
        view.settlementDate = settlementDate[page][i];
        view.dealType = dealType[page][i];
        view.status = status[page][i];
        view.lastFailReason = lastFailReason[page][i];
        view.heldSides = heldSides[page][i];
        view.linkId = linkId[page][i];
        view.matchedLinkId = matchedLinkId[page][i];
        view.partialAllowed = partialAllowed[page][i];
        view.minimumQuantity = minimumQuantity[page][i];
        view.settledQuantity = settledQuantity[page][i];
        view.settledCash = settledCash[page][i];
        view.creditAccount = creditAccount[page][i];
        view.counterpartyPair = counterpartyPair[page][i];
        view.deliveryAccount = deliveryAccount[page][i];
    }

    /**
     * Finishes a deal whose settled amounts are now its whole amounts: settled quantity and cash, status
     * and no side held, written at one page lookup.
     */
    final void settleWhole(final int slot, final long wholeQuantity, final long wholeCash, final byte finalStatus)
    {
        final int page = slot >>> PAGE_BITS;
        final int i = slot & PAGE_MASK;
        settledQuantity[page][i] = wholeQuantity;
        settledCash[page][i] = wholeCash;
        status[page][i] = finalStatus;
        heldSides[page][i] = 0;
    }

    final long dealId(final int slot)
    {
        return dealId[slot >>> PAGE_BITS][slot & PAGE_MASK];
    }

    final void dealId(final int slot, final long value)
    {
        dealId[slot >>> PAGE_BITS][slot & PAGE_MASK] = value;
    }

    final long clientDealId(final int slot)
    {
        return clientDealId[slot >>> PAGE_BITS][slot & PAGE_MASK];
    }

    final void clientDealId(final int slot, final long value)
    {
        clientDealId[slot >>> PAGE_BITS][slot & PAGE_MASK] = value;
    }

    final int submitter(final int slot)
    {
        return submitter[slot >>> PAGE_BITS][slot & PAGE_MASK];
    }

    final void submitter(final int slot, final int value)
    {
        submitter[slot >>> PAGE_BITS][slot & PAGE_MASK] = value;
    }

    final int buyer(final int slot)
    {
        return buyer[slot >>> PAGE_BITS][slot & PAGE_MASK];
    }

    final void buyer(final int slot, final int value)
    {
        buyer[slot >>> PAGE_BITS][slot & PAGE_MASK] = value;
    }

    final int seller(final int slot)
    {
        return seller[slot >>> PAGE_BITS][slot & PAGE_MASK];
    }

    final void seller(final int slot, final int value)
    {
        seller[slot >>> PAGE_BITS][slot & PAGE_MASK] = value;
    }

    final int security(final int slot)
    {
        return security[slot >>> PAGE_BITS][slot & PAGE_MASK];
    }

    final void security(final int slot, final int value)
    {
        security[slot >>> PAGE_BITS][slot & PAGE_MASK] = value;
    }

    final int currency(final int slot)
    {
        return currency[slot >>> PAGE_BITS][slot & PAGE_MASK];
    }

    final void currency(final int slot, final int value)
    {
        currency[slot >>> PAGE_BITS][slot & PAGE_MASK] = value;
    }

    final long quantity(final int slot)
    {
        return quantity[slot >>> PAGE_BITS][slot & PAGE_MASK];
    }

    final void quantity(final int slot, final long value)
    {
        quantity[slot >>> PAGE_BITS][slot & PAGE_MASK] = value;
    }

    final long cashAmount(final int slot)
    {
        return cashAmount[slot >>> PAGE_BITS][slot & PAGE_MASK];
    }

    final void cashAmount(final int slot, final long value)
    {
        cashAmount[slot >>> PAGE_BITS][slot & PAGE_MASK] = value;
    }

    final int settlementDate(final int slot)
    {
        return settlementDate[slot >>> PAGE_BITS][slot & PAGE_MASK];
    }

    final void settlementDate(final int slot, final int value)
    {
        settlementDate[slot >>> PAGE_BITS][slot & PAGE_MASK] = value;
    }

    final byte dealType(final int slot)
    {
        return dealType[slot >>> PAGE_BITS][slot & PAGE_MASK];
    }

    final void dealType(final int slot, final byte value)
    {
        dealType[slot >>> PAGE_BITS][slot & PAGE_MASK] = value;
    }

    final byte status(final int slot)
    {
        return status[slot >>> PAGE_BITS][slot & PAGE_MASK];
    }

    final void status(final int slot, final byte value)
    {
        status[slot >>> PAGE_BITS][slot & PAGE_MASK] = value;
    }

    final byte lastFailReason(final int slot)
    {
        return lastFailReason[slot >>> PAGE_BITS][slot & PAGE_MASK];
    }

    final void lastFailReason(final int slot, final byte value)
    {
        lastFailReason[slot >>> PAGE_BITS][slot & PAGE_MASK] = value;
    }

    /**
     * The sides of a pending deal on hold: bit 0 ({@code Event.BUY_HELD}) the buyer's, bit 1
     * ({@code Event.SELL_HELD}) the seller's. A deal with any side held is skipped by every cycle;
     * a deal that leaves PENDING has none.
     */
    final byte heldSides(final int slot)
    {
        return heldSides[slot >>> PAGE_BITS][slot & PAGE_MASK];
    }

    final void heldSides(final int slot, final byte value)
    {
        heldSides[slot >>> PAGE_BITS][slot & PAGE_MASK] = value;
    }

    /** The submitter's link id (0: not linked); the deal settles all-or-none with its link group ({@link LinkGroups}). */
    final long linkId(final int slot)
    {
        return linkId[slot >>> PAGE_BITS][slot & PAGE_MASK];
    }

    final void linkId(final int slot, final long value)
    {
        linkId[slot >>> PAGE_BITS][slot & PAGE_MASK] = value;
    }

    /**
     * 1 for a deal registered by two matched instructions (two-sided matching): it has no clientDealId
     * (0, kept out of the clientDealId index: its keys are the instructions' clientRefs), its submitter is
     * the party whose instruction arrived second, {@link #linkId} that instruction's link id and
     * {@link #matchedLinkId} the other party's.
     */
    final byte matched(final int slot)
    {
        return matched[slot >>> PAGE_BITS][slot & PAGE_MASK];
    }

    final void matched(final int slot, final byte value)
    {
        matched[slot >>> PAGE_BITS][slot & PAGE_MASK] = value;
    }

    /** A matched deal's second link id: the waiting instruction's, under its owner (the party that is not the submitter). */
    final long matchedLinkId(final int slot)
    {
        return matchedLinkId[slot >>> PAGE_BITS][slot & PAGE_MASK];
    }

    final void matchedLinkId(final int slot, final long value)
    {
        matchedLinkId[slot >>> PAGE_BITS][slot & PAGE_MASK] = value;
    }

    /** 1 when the deal may settle in parts. */
    final byte partialAllowed(final int slot)
    {
        return partialAllowed[slot >>> PAGE_BITS][slot & PAGE_MASK];
    }

    final void partialAllowed(final int slot, final byte value)
    {
        partialAllowed[slot >>> PAGE_BITS][slot & PAGE_MASK] = value;
    }

    /** The smallest part of a partial-allowed deal (0 when not partial). */
    final long minimumQuantity(final int slot)
    {
        return minimumQuantity[slot >>> PAGE_BITS][slot & PAGE_MASK];
    }

    final void minimumQuantity(final int slot, final long value)
    {
        minimumQuantity[slot >>> PAGE_BITS][slot & PAGE_MASK] = value;
    }

    /** Quantity settled so far (in parts, or the whole once SETTLED). */
    final long settledQuantity(final int slot)
    {
        return settledQuantity[slot >>> PAGE_BITS][slot & PAGE_MASK];
    }

    final void settledQuantity(final int slot, final long value)
    {
        settledQuantity[slot >>> PAGE_BITS][slot & PAGE_MASK] = value;
    }

    /** Cash paid so far: floor(cashAmount * settledQuantity / quantity). */
    final long settledCash(final int slot)
    {
        return settledCash[slot >>> PAGE_BITS][slot & PAGE_MASK];
    }

    final void settledCash(final int slot, final long value)
    {
        settledCash[slot >>> PAGE_BITS][slot & PAGE_MASK] = value;
    }

    /** The last cycle that looked at the deal (a cycle's own marker, not state: never hashed or saved). */
    final int cycleMark(final int slot)
    {
        return cycleMark[slot >>> PAGE_BITS][slot & PAGE_MASK];
    }

    final void cycleMark(final int slot, final int value)
    {
        cycleMark[slot >>> PAGE_BITS][slot & PAGE_MASK] = value;
    }

    /** Limit accounts a pending deal uses (LimitBook.NONE where it uses none), so release needs no lookup. */
    final int creditAccount(final int slot)
    {
        return creditAccount[slot >>> PAGE_BITS][slot & PAGE_MASK];
    }

    final void creditAccount(final int slot, final int value)
    {
        creditAccount[slot >>> PAGE_BITS][slot & PAGE_MASK] = value;
    }

    /** The buyer and seller's COUNTERPARTY pair ({@link LimitBook#findPair}). */
    final int counterpartyPair(final int slot)
    {
        return counterpartyPair[slot >>> PAGE_BITS][slot & PAGE_MASK];
    }

    final void counterpartyPair(final int slot, final int value)
    {
        counterpartyPair[slot >>> PAGE_BITS][slot & PAGE_MASK] = value;
    }

    final int deliveryAccount(final int slot)
    {
        return deliveryAccount[slot >>> PAGE_BITS][slot & PAGE_MASK];
    }

    final void deliveryAccount(final int slot, final int value)
    {
        deliveryAccount[slot >>> PAGE_BITS][slot & PAGE_MASK] = value;
    }

    /**
     * Order-independent digest of the live deals (status not 0) in slots below {@code highWater}: a sum of
     * per-deal hashes, slot numbers excluded. Walked page by page, each column's page held in a local, so
     * that a deal costs its hash and one read per field, not a directory lookup per field: the check of a
     * snapshot read back and the report of a restart hash every live deal.
     */
    final long liveDealsHash(final int highWater)
    {
        long sum = 0;
        for (int page = 0; page < pageCount && (page << PAGE_BITS) < highWater; page++)
        {
            final int end = Math.min(PAGE_SIZE, highWater - (page << PAGE_BITS));
            final byte[] statusPage = status[page];
            final long[] dealIdPage = dealId[page];
            final long[] clientDealIdPage = clientDealId[page];
            final int[] submitterPage = submitter[page];
            final int[] buyerPage = buyer[page];
            final int[] sellerPage = seller[page];
            final int[] securityPage = security[page];
            final int[] currencyPage = currency[page];
            final long[] quantityPage = quantity[page];
            final long[] cashAmountPage = cashAmount[page];
            final int[] settlementDatePage = settlementDate[page];
            final byte[] dealTypePage = dealType[page];
            final byte[] lastFailReasonPage = lastFailReason[page];
            final byte[] heldSidesPage = heldSides[page];
            final long[] linkIdPage = linkId[page];
            final byte[] partialAllowedPage = partialAllowed[page];
            final long[] minimumQuantityPage = minimumQuantity[page];
            final long[] settledQuantityPage = settledQuantity[page];
            final long[] settledCashPage = settledCash[page];
            final byte[] matchedPage = matched[page];
            final long[] matchedLinkIdPage = matchedLinkId[page];
            for (int i = 0; i < end; i++)
            {
                final byte dealStatus = statusPage[i];
                if (dealStatus == 0)
                {
                    continue;
                }
                long h = Hashing.mix(dealIdPage[i]);
                h = Hashing.combine(h, clientDealIdPage[i]);
                h = Hashing.combine(h, submitterPage[i]);
                h = Hashing.combine(h, buyerPage[i]);
                h = Hashing.combine(h, sellerPage[i]);
                h = Hashing.combine(h, securityPage[i]);
                h = Hashing.combine(h, currencyPage[i]);
                h = Hashing.combine(h, quantityPage[i]);
                h = Hashing.combine(h, cashAmountPage[i]);
                h = Hashing.combine(h, settlementDatePage[i]);
                h = Hashing.combine(h, dealTypePage[i]);
                h = Hashing.combine(h, dealStatus);
                h = Hashing.combine(h, lastFailReasonPage[i]);
                if (heldSidesPage[i] != 0)
                {
                    // held sides only when there are any: the hash of a state without holds is what it was before holds existed
                    h = Hashing.combine(h, heldSidesPage[i]);
                }
                if (linkIdPage[i] != 0 || partialAllowedPage[i] != 0)
                {
                    // an unlinked deal that settles only in full hashes as before these terms existed
                    h = Hashing.combine(h, linkIdPage[i]);
                    h = Hashing.combine(h, partialAllowedPage[i]);
                    h = Hashing.combine(h, minimumQuantityPage[i]);
                    h = Hashing.combine(h, settledQuantityPage[i]);
                    h = Hashing.combine(h, settledCashPage[i]);
                }
                if (matchedPage[i] != 0)
                {
                    // a matched deal only: every other deal hashes as before two-sided matching
                    h = Hashing.combine(Hashing.combine(h, 0x3A7C4EDL), matchedLinkIdPage[i]);
                }
                sum += h;
            }
        }
        return sum;
    }
}
