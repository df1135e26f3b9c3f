package io.settlement.engine;

import org.junit.jupiter.api.Test;

import io.settlement.protocol.wire.DealStatus;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The paged deal slab: deals written before the slab grows read back the same after it has grown by pages; a deal
 * read at once into a view ({@link DealSlab#read}) is what the accessors read; a whole settlement through a view
 * ({@link DealStore#settle}) leaves the store as {@link DealStore#finish} does.
 */
class DealSlabTest
{
    private static final int PAGE = DealSlab.PAGE_SIZE;

    @Test
    void shouldKeepEveryDealAcrossPagesAddedAsTheStoreGrows()
    {
        final DealStore deals = new DealStore();
        assertEquals(PAGE, deals.capacity());
        final int count = 5 * PAGE + 17;
        for (int i = 0; i < count; i++)
        {
            final int slot = deals.add(i + 1, 1000 + i, i % 7, 20260105);
            assertEquals(i, slot);
            deals.buyer(slot, i * 3);
            deals.quantity(slot, i * 11L);
            deals.dealType(slot, (byte)(i & 1));
            deals.deliveryAccount(slot, -i);
        }
        assertEquals(6 * PAGE, deals.capacity());
        for (int i = 0; i < count; i++)
        {
            final int slot = deals.slotOf(i + 1);
            assertEquals(i, slot);
            assertEquals(i + 1, deals.dealId(slot));
            assertEquals(1000 + i, deals.clientDealId(slot));
            assertEquals(i % 7, deals.submitter(slot));
            assertEquals(i * 3, deals.buyer(slot));
            assertEquals(i * 11L, deals.quantity(slot));
            assertEquals((byte)(i & 1), deals.dealType(slot));
            assertEquals(-i, deals.deliveryAccount(slot));
            assertEquals(slot, deals.slotOfClientDeal(i % 7, 1000 + i));
        }
        assertEquals(count, deals.liveCount());
    }

    @Test
    void shouldPreSizeInWholePages()
    {
        final DealStore deals = new DealStore();
        deals.ensureCapacity(3 * PAGE + 1);
        assertEquals(4 * PAGE, deals.capacity());
        deals.ensureCapacity(PAGE);
        assertEquals(4 * PAGE, deals.capacity());
    }

    /** Pages pre-sized together (one array of 511 after the first page) and a page grown after them keep every deal apart. */
    @Test
    void shouldKeepEveryDealInPreSizedPagesAndThePageAfterThem()
    {
        final DealStore deals = new DealStore();
        deals.ensureCapacity(512 * PAGE);
        assertEquals(512 * PAGE, deals.capacity());
        final int count = 512 * PAGE + 1;
        for (int i = 0; i < count; i++)
        {
            final int slot = deals.add(i + 1, 1000 + i, i % 7, 20260105);
            deals.quantity(slot, i * 11L);
            deals.deliveryAccount(slot, -i);
        }
        assertEquals(513 * PAGE, deals.capacity());
        for (int i = 0; i < count; i++)
        {
            final int slot = deals.slotOf(i + 1);
            assertEquals(i + 1, deals.dealId(slot));
            assertEquals(1000 + i, deals.clientDealId(slot));
            assertEquals(i * 11L, deals.quantity(slot));
            assertEquals(-i, deals.deliveryAccount(slot));
        }
    }

    @Test
    void shouldReadIntoAViewEveryFieldTheAccessorsRead()
    {
        final DealStore deals = new DealStore();
        final int count = 2 * PAGE + 5;
        for (int i = 0; i < count; i++)
        {
            fill(deals, deals.add(i + 1, 1000 + i, i % 7, 20260105 + i % 3), i);
        }
        final DealView view = new DealView();
        for (final int slot : new int[] {0, 7, PAGE - 1, PAGE, PAGE + 3, 2 * PAGE + 4})
        {
            deals.read(slot, view);
            assertEquals(slot, view.slot);
            assertEquals(deals.dealId(slot), view.dealId);
            assertEquals(deals.clientDealId(slot), view.clientDealId);
            assertEquals(deals.buyer(slot), view.buyer);
            assertEquals(deals.seller(slot), view.seller);
            assertEquals(deals.security(slot), view.security);
            assertEquals(deals.currency(slot), view.currency);
            assertEquals(deals.quantity(slot), view.quantity);
            assertEquals(deals.cashAmount(slot), view.cashAmount);
            assertEquals(deals.settlementDate(slot), view.settlementDate);
            assertEquals(deals.dealType(slot), view.dealType);
            assertEquals(deals.status(slot), view.status);
            assertEquals(deals.lastFailReason(slot), view.lastFailReason);
            assertEquals(deals.heldSides(slot), view.heldSides);
            assertEquals(deals.linkId(slot), view.linkId);
            assertEquals(deals.matchedLinkId(slot), view.matchedLinkId);
            assertEquals(deals.partialAllowed(slot), view.partialAllowed);
            assertEquals(deals.minimumQuantity(slot), view.minimumQuantity);
            assertEquals(deals.settledQuantity(slot), view.settledQuantity);
            assertEquals(deals.settledCash(slot), view.settledCash);
            assertEquals(deals.creditAccount(slot), view.creditAccount);
            assertEquals(deals.counterpartyPair(slot), view.counterpartyPair);
            assertEquals(deals.deliveryAccount(slot), view.deliveryAccount);
            assertEquals(deals.remainingQuantity(slot), view.remainingQuantity());
            assertEquals(deals.remainingCash(slot), view.remainingCash());
            assertEquals(deals.isLinked(slot), view.isLinked());
        }
    }

    @Test
    void shouldSettleThroughAViewAsFinishDoes()
    {
        final DealStore byFinish = new DealStore();
        final DealStore byView = new DealStore();
        final int count = PAGE + 9;
        for (int i = 0; i < count; i++)
        {
            fill(byFinish, byFinish.add(i + 1, 1000 + i, i % 7, 20260105 + i % 3), i);
            fill(byView, byView.add(i + 1, 1000 + i, i % 7, 20260105 + i % 3), i);
        }
        final DealView view = new DealView();
        for (int slot = 0; slot < count; slot += 3)
        {
            byFinish.settledQuantity(slot, byFinish.quantity(slot));
            byFinish.settledCash(slot, byFinish.cashAmount(slot));
            byFinish.finish(slot, DealStatus.SETTLED);
            byView.read(slot, view);
            byView.settle(view);
            final DealView after = new DealView();
            byView.read(slot, after);
            assertEquals(after.status, view.status, "the view follows the slot");
            assertEquals(after.heldSides, view.heldSides);
            assertEquals(after.settledQuantity, view.settledQuantity);
            assertEquals(after.settledCash, view.settledCash);
        }
        assertEquals(byFinish.liveDealsHash(), byView.liveDealsHash());
        assertEquals(byFinish.pendingCount(), byView.pendingCount());
        // the finished lists: a purge past every date frees the same deals
        assertEquals(byFinish.purgeFinishedBefore(20260110), byView.purgeFinishedBefore(20260110));
        assertEquals(byFinish.liveCount(), byView.liveCount());
        assertEquals(byFinish.liveDealsHash(), byView.liveDealsHash());
    }

    /** Distinct values in every column a view reads (no links: a linked deal needs its link group). */
    private static void fill(final DealStore deals, final int slot, final int i)
    {
        deals.buyer(slot, i * 3);
        deals.seller(slot, i * 3 + 1);
        deals.security(slot, i % 11);
        deals.currency(slot, 11 + i % 2);
        deals.quantity(slot, i * 11L + 5);
        deals.cashAmount(slot, i * 13L + 7);
        deals.dealType(slot, (byte)(i & 1));
        deals.lastFailReason(slot, (byte)(i % 5));
        deals.heldSides(slot, (byte)(i % 3 == 1 ? 2 : 0));
        deals.partialAllowed(slot, (byte)(i % 4 == 0 ? 1 : 0));
        deals.minimumQuantity(slot, i % 4 == 0 ? 2 : 0);
        deals.settledQuantity(slot, i % 4 == 0 ? 3 : 0);
        deals.settledCash(slot, i % 4 == 0 ? 4 : 0);
        deals.creditAccount(slot, i * 5);
        deals.counterpartyPair(slot, i * 5 + 1);
        deals.deliveryAccount(slot, -i);
    }
}
