package io.settlement.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The paged deal slab: deals written before the slab grows read back the same after it has grown by pages. */
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
}
