package io.settlement.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Slot lists by date: dates kept sorted, each list in the order its slots came, and a date whose list was
 * dropped (purged, or emptied by a cycle) starting a new list when a deal comes for it again, whatever list
 * an add before the drop went to.
 */
class DatedSlotsTest
{
    private static final int MONDAY = 20260105;
    private static final int TUESDAY = 20260106;
    private static final int WEDNESDAY = 20260107;

    @Test
    void shouldListAgainADateWhoseListWasDroppedRightAfterAnAddToIt()
    {
        final DatedSlots slots = new DatedSlots();
        slots.add(20260106, 1);
        slots.add(20260106, 2);
        slots.remove(0); // the list last added to goes back to the pool
        slots.add(20260106, 3);
        assertEquals(1, slots.dateCount());
        assertEquals(20260106, slots.date(0));
        assertEquals(1, slots.slots(0).size());
        assertEquals(3, slots.slots(0).get(0));
    }

    @Test
    void shouldKeepEachDatesSlotsInOrderAcrossAddsThatAlternateDates()
    {
        final DatedSlots slots = new DatedSlots();
        slots.add(20260107, 1);
        slots.add(20260107, 2);
        slots.add(20260105, 3);
        slots.add(20260107, 4);
        slots.add(20260105, 5);
        slots.removeIf(20260105, slot -> true); // emptied: dropped
        slots.add(20260105, 6);
        assertEquals(2, slots.dateCount());
        assertEquals(20260105, slots.date(0));
        assertEquals(1, slots.slots(0).size());
        assertEquals(6, slots.slots(0).get(0));
        assertEquals(20260107, slots.date(1));
        assertEquals(3, slots.slots(1).size());
        assertEquals(1, slots.slots(1).get(0));
        assertEquals(2, slots.slots(1).get(1));
        assertEquals(4, slots.slots(1).get(2));
    }

    @Test
    void shouldKeepDatesSortedAndEachListInArrivalOrder()
    {
        final DatedSlots dated = new DatedSlots();
        dated.add(WEDNESDAY, 1);
        dated.add(WEDNESDAY, 2);
        dated.add(MONDAY, 3);
        dated.add(WEDNESDAY, 4);
        dated.add(TUESDAY, 5);
        dated.add(MONDAY, 6);

        assertEquals(3, dated.dateCount());
        assertEquals(MONDAY, dated.date(0));
        assertEquals(TUESDAY, dated.date(1));
        assertEquals(WEDNESDAY, dated.date(2));
        assertSlots(dated, 0, 3, 6);
        assertSlots(dated, 1, 5);
        assertSlots(dated, 2, 1, 2, 4);
    }

    @Test
    void shouldStartANewListForADateAddedAgainAfterItsListWasDropped()
    {
        final DatedSlots dated = new DatedSlots();
        dated.add(MONDAY, 1);
        dated.add(MONDAY, 2);
        dated.removeFirst(); // purged: its list goes back to the pool

        dated.add(MONDAY, 3);

        assertEquals(1, dated.dateCount());
        assertEquals(MONDAY, dated.date(0));
        assertSlots(dated, 0, 3);
    }

    @Test
    void shouldNotAddToAPooledListNowHoldingAnotherDate()
    {
        final DatedSlots dated = new DatedSlots();
        dated.add(MONDAY, 1);
        dated.removeIf(MONDAY, slot -> true); // emptied by a cycle: dropped into the pool
        dated.add(TUESDAY, 2); // takes the pooled list

        dated.add(MONDAY, 3);

        assertEquals(2, dated.dateCount());
        assertSlots(dated, 0, 3);
        assertSlots(dated, 1, 2);
    }

    private static void assertSlots(final DatedSlots dated, final int dateIndex, final int... expected)
    {
        final SlotList slots = dated.slots(dateIndex);
        assertEquals(expected.length, slots.size(), "slots of date " + dated.date(dateIndex));
        for (int i = 0; i < expected.length; i++)
        {
            assertEquals(expected[i], slots.get(i), "slot " + i + " of date " + dated.date(dateIndex));
        }
    }
}
