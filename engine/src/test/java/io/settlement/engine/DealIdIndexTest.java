package io.settlement.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The paged dealId index: lookups, removal, pages freed behind the live deals, stragglers. */
class DealIdIndexTest
{
    private static final int PAGE = DealIdIndex.PAGE_SIZE;

    @Test
    void shouldMapLookUpAndForgetIds()
    {
        final DealIdIndex index = new DealIdIndex();
        for (long id = 1; id <= 3 * PAGE; id++)
        {
            index.put(id, (int)(id * 7));
        }
        assertEquals(3 * PAGE, index.size());
        assertEquals(7 * 5000, index.get(5000));
        assertEquals(DealIdIndex.NONE, index.get(0));
        assertEquals(DealIdIndex.NONE, index.get(3L * PAGE + 1));
        assertEquals(DealIdIndex.NONE, index.get(-5));
        index.remove(5000);
        assertEquals(DealIdIndex.NONE, index.get(5000));
        assertThrows(IllegalStateException.class, () -> index.remove(5000));
        assertThrows(IllegalStateException.class, () -> index.put(4000, 1));
    }

    @Test
    void shouldFreePagesOnceTheirDealsAreGoneButKeepAStragglersPage()
    {
        final DealIdIndex index = new DealIdIndex();
        final long straggler = PAGE + 10;
        long next = 1;
        for (int round = 0; round < 50; round++)
        {
            final long first = next;
            for (int i = 0; i < PAGE; i++)
            {
                index.put(next++, i);
            }
            for (long id = first; id < next; id++)
            {
                if (id != straggler)
                {
                    index.remove(id);
                }
            }
        }
        assertEquals(1, index.size());
        assertEquals(2, index.pagesHeld(), "the straggler's page and the page being filled, not 50");
        assertEquals((int)(straggler - PAGE - 1), index.get(straggler), "the straggler is still found");
        assertEquals(DealIdIndex.NONE, index.get(straggler + 1));
        index.remove(straggler);
        assertEquals(0, index.size());
        assertEquals(1, index.pagesHeld());
        index.put(next, 42);
        assertEquals(42, index.get(next));
    }
}
