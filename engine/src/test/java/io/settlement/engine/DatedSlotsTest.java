package io.settlement.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Slot lists by settlement date: a run of adds to one date, a list dropped and its date used again. */
class DatedSlotsTest
{
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
}
