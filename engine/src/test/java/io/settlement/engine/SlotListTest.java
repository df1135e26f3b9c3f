package io.settlement.engine;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The paged slot list: order kept across pages, removeIf calling its predicate once per slot in order, reuse after clear. */
class SlotListTest
{
    private static final int PAGE = SlotList.PAGE_SIZE;

    @Test
    void shouldKeepSlotsInOrderAcrossPages()
    {
        final SlotList list = new SlotList();
        final int count = 3 * PAGE + 7;
        for (int i = 0; i < count; i++)
        {
            list.add(i * 2);
        }
        assertEquals(count, list.size());
        for (int i = 0; i < count; i++)
        {
            assertEquals(i * 2, list.get(i));
        }
        assertThrows(IndexOutOfBoundsException.class, () -> list.get(count));
        assertThrows(IndexOutOfBoundsException.class, () -> list.get(-1));
    }

    @Test
    void shouldRemoveMatchingSlotsAskingOncePerSlotInOrder()
    {
        final SlotList list = new SlotList();
        final int count = 2 * PAGE + 100;
        for (int i = 0; i < count; i++)
        {
            list.add(i);
        }
        final List<Integer> asked = new ArrayList<>();
        list.removeIf(slot ->
        {
            asked.add(slot);
            return slot % 3 != 0 || slot >= PAGE + 50; // keeps the multiples of 3 below PAGE + 50
        });
        assertEquals(count, asked.size());
        for (int i = 0; i < count; i++)
        {
            assertEquals(i, asked.get(i));
        }
        final int kept = (PAGE + 50 + 2) / 3;
        assertEquals(kept, list.size());
        for (int i = 0; i < kept; i++)
        {
            assertEquals(i * 3, list.get(i));
        }
        list.add(-5);
        assertEquals(-5, list.get(kept));
        list.removeIf(slot -> true);
        assertTrue(list.isEmpty());
    }

    @Test
    void shouldStartAgainEmptyAfterClear()
    {
        final SlotList list = new SlotList();
        for (int i = 0; i < 2 * PAGE; i++)
        {
            list.add(i);
        }
        list.clear();
        assertTrue(list.isEmpty());
        for (int i = 0; i < PAGE + 1; i++)
        {
            list.add(-i);
        }
        assertEquals(PAGE + 1, list.size());
        assertEquals(-PAGE, list.get(PAGE));
        assertEquals(0, list.get(0));
    }
}
