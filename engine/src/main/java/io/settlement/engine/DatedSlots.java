package io.settlement.engine;

import java.util.ArrayDeque;

import org.eclipse.collections.api.block.predicate.primitive.IntPredicate;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;
import org.eclipse.collections.impl.map.mutable.primitive.IntObjectHashMap;

/**
 * Slot lists keyed by settlement date, dates kept sorted ascending. Each list keeps insertion
 * order, which is dealId order because dealIds only grow. Emptied lists go back to a pool. A list
 * is paged ({@link SlotList}): a date holding millions of deals grows without a copy.
 */
final class DatedSlots
{
    private final IntObjectHashMap<SlotList> slotsByDate = new IntObjectHashMap<>();
    private final IntArrayList dates = new IntArrayList();
    private final ArrayDeque<SlotList> pool = new ArrayDeque<>();
    /**
     * The list {@link #add} last added to and its date (null: none): deals come in runs of one settlement date,
     * so most adds find their list here without a lookup in the map. Dropped whenever a list leaves the map.
     */
    private SlotList lastSlots;
    private int lastDate;

    void add(final int date, final int slot)
    {
        if (lastSlots != null && date == lastDate)
        {
            lastSlots.add(slot);
            return;
        }
        SlotList slots = slotsByDate.get(date);
        if (slots == null)
        {
            slots = pool.isEmpty() ? new SlotList() : pool.pop();
            slotsByDate.put(date, slots);
            final int at = dates.binarySearch(date);
            dates.addAtIndex(-(at + 1), date);
        }
        slots.add(slot);
        lastSlots = slots;
        lastDate = date;
    }

    int dateCount()
    {
        return dates.size();
    }

    /** The i-th date in ascending order. */
    int date(final int i)
    {
        return dates.get(i);
    }

    SlotList slots(final int i)
    {
        return slotsByDate.get(dates.get(i));
    }

    /** Removes the slots matching {@code predicate} from the list of {@code date}, in order. */
    void removeIf(final int date, final IntPredicate predicate)
    {
        final SlotList slots = slotsByDate.get(date);
        if (slots != null)
        {
            slots.removeIf(predicate);
            if (slots.isEmpty())
            {
                remove(dates.binarySearch(date));
            }
        }
    }

    void removeFirst()
    {
        remove(0);
    }

    /** Drops the list at position {@code i} (emptied by a cycle or purged) back into the pool. */
    void remove(final int i)
    {
        final SlotList slots = slotsByDate.remove(dates.removeAtIndex(i));
        lastSlots = null;
        slots.clear();
        pool.push(slots);
    }
}
