package io.settlement.engine;

import java.util.Arrays;

import org.eclipse.collections.api.block.predicate.primitive.IntPredicate;

/**
 * A list of deal slots in pages of {@link #PAGE_SIZE}: appending past the last page adds a page and
 * never copies the list (one settlement date can hold every deal of a day, tens of millions: an
 * array list's growth copy of that many slots stalled the engine thread). Emptied pages are kept for
 * reuse, so a list that churns at a steady size allocates nothing.
 */
final class SlotList
{
    private static final int PAGE_BITS = 12;
    static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int PAGE_MASK = PAGE_SIZE - 1;

    private int[][] pages = new int[1][];
    private int pageCount;
    private int size;

    int size()
    {
        return size;
    }

    boolean isEmpty()
    {
        return size == 0;
    }

    int get(final int index)
    {
        if (index < 0 || index >= size)
        {
            throw new IndexOutOfBoundsException("index " + index + " of a list of " + size);
        }
        return pages[index >>> PAGE_BITS][index & PAGE_MASK];
    }

    void add(final int slot)
    {
        if (size == pageCount << PAGE_BITS)
        {
            if (pageCount == pages.length)
            {
                pages = Arrays.copyOf(pages, pageCount * 2);
            }
            if (pages[pageCount] == null)
            {
                pages[pageCount] = new int[PAGE_SIZE];
            }
            pageCount++;
        }
        pages[size >>> PAGE_BITS][size & PAGE_MASK] = slot;
        size++;
    }

    /** Empties the list; its pages stay for reuse. */
    void clear()
    {
        size = 0;
        pageCount = 0;
    }

    /**
     * Removes every slot {@code predicate} accepts, keeping the order of the rest. The predicate is
     * called once for each slot, in order (a cycle settles deals from it).
     */
    void removeIf(final IntPredicate predicate)
    {
        int kept = 0;
        for (int i = 0; i < size; i++)
        {
            final int slot = pages[i >>> PAGE_BITS][i & PAGE_MASK];
            if (!predicate.accept(slot))
            {
                pages[kept >>> PAGE_BITS][kept & PAGE_MASK] = slot;
                kept++;
            }
        }
        size = kept;
        pageCount = (kept + PAGE_MASK) >>> PAGE_BITS;
    }
}
