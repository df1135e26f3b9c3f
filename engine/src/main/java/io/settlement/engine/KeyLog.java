package io.settlement.engine;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Keys put in increasing order, each with a slot, in an append-only log of pages of {@link #PAGE_SIZE}
 * entries: putting a key above every key before it is a write next to the previous one (no hash, no
 * probe, no cache miss), and a lookup is a binary search over the pages' first keys, then within a page.
 * A removed entry keeps its key with slot NONE; a page whose entries are all removed is freed (except
 * the page being appended to), so memory follows the live keys, about 12 bytes each, plus one page
 * for each page-full of keys that a long-lived entry keeps alive on its own.
 */
final class KeyLog
{
    static final int NONE = -1;
    private static final int PAGE_BITS = 8;
    static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int PAGE_MASK = PAGE_SIZE - 1;
    private static final int SPARE_PAGES = 2;

    /** Page i of the directory: keys[i] and slots[i] (null once freed), firstKey[i], live[i] entries not removed. */
    private long[][] keys = new long[1][];
    private int[][] slots = new int[1][];
    private long[] firstKey = new long[1];
    private int[] live = new int[1];
    private int pageCount;
    /** Entries in the last page. */
    private int lastFill = PAGE_SIZE;
    private long lastKey = Long.MIN_VALUE;
    private boolean empty = true;
    private final ArrayDeque<long[]> spareKeys = new ArrayDeque<>();
    private final ArrayDeque<int[]> spareSlots = new ArrayDeque<>();

    /** @return true when {@code key} may be appended: it is above every key ever appended. */
    boolean appendable(final long key)
    {
        return empty || key > lastKey;
    }

    /** Appends a key above every key before it ({@link #appendable}). */
    void append(final long key, final int slot)
    {
        if (!appendable(key))
        {
            throw new IllegalArgumentException("key " + key + " is not above the last key appended, " + lastKey);
        }
        if (lastFill == PAGE_SIZE)
        {
            addPage(key);
        }
        final int page = pageCount - 1;
        keys[page][lastFill] = key;
        slots[page][lastFill] = slot;
        lastFill++;
        live[page]++;
        lastKey = key;
        empty = false;
    }

    /** @return the slot of {@code key}, or NONE when it was never appended or has been removed. */
    int get(final long key)
    {
        final int page = pageOf(key);
        if (page < 0 || keys[page] == null)
        {
            return NONE;
        }
        final int at = Arrays.binarySearch(keys[page], 0, fill(page), key);
        return at < 0 ? NONE : slots[page][at];
    }

    /** @return true when {@code key} was live here and is now removed. */
    boolean remove(final long key)
    {
        final int page = pageOf(key);
        if (page < 0 || keys[page] == null)
        {
            return false;
        }
        final int at = Arrays.binarySearch(keys[page], 0, fill(page), key);
        if (at < 0 || slots[page][at] == NONE)
        {
            return false;
        }
        slots[page][at] = NONE;
        if (--live[page] == 0 && page < pageCount - 1)
        {
            freePage(page);
        }
        return true;
    }

    /** Pages held (for tests). */
    int pagesHeld()
    {
        int held = 0;
        for (int i = 0; i < pageCount; i++)
        {
            held += keys[i] == null ? 0 : 1;
        }
        return held;
    }

    /** Entries the page directory has room for (for tests). */
    int directoryCapacity()
    {
        return keys.length;
    }

    private int fill(final int page)
    {
        return page == pageCount - 1 ? lastFill : PAGE_SIZE;
    }

    /** The page whose key range holds {@code key} (the last page whose first key is at most it), or -1. */
    private int pageOf(final long key)
    {
        if (empty || key > lastKey || pageCount == 0 || key < firstKey[0])
        {
            return -1;
        }
        final int at = Arrays.binarySearch(firstKey, 0, pageCount, key);
        return at >= 0 ? at : -at - 2;
    }

    private void addPage(final long first)
    {
        if (pageCount == keys.length)
        {
            compact();
            if (pageCount * 4 > keys.length * 3)
            {
                final int capacity = keys.length * 2;
                keys = Arrays.copyOf(keys, capacity);
                slots = Arrays.copyOf(slots, capacity);
                firstKey = Arrays.copyOf(firstKey, capacity);
                live = Arrays.copyOf(live, capacity);
            }
        }
        keys[pageCount] = spareKeys.isEmpty() ? new long[PAGE_SIZE] : spareKeys.pop();
        slots[pageCount] = spareSlots.isEmpty() ? new int[PAGE_SIZE] : spareSlots.pop();
        firstKey[pageCount] = first;
        live[pageCount] = 0;
        pageCount++;
        lastFill = 0;
        if (pageCount > 1 && live[pageCount - 2] == 0 && keys[pageCount - 2] != null)
        {
            freePage(pageCount - 2); // full and all removed: no longer the page appended to
        }
    }

    private void freePage(final int page)
    {
        if (spareKeys.size() < SPARE_PAGES)
        {
            spareKeys.push(keys[page]);
            spareSlots.push(slots[page]);
        }
        keys[page] = null;
        slots[page] = null;
        if (page == 0)
        {
            dropLeadingFreedPages();
        }
    }

    /**
     * Drops the freed pages from the directory, so that pages freed behind a long-lived entry do not
     * grow it: a key in a dropped page's range now falls in the page before it, where it is not found,
     * which is right, since every key of a freed page was removed.
     */
    private void compact()
    {
        int kept = 0;
        for (int i = 0; i < pageCount; i++)
        {
            if (keys[i] != null)
            {
                keys[kept] = keys[i];
                slots[kept] = slots[i];
                firstKey[kept] = firstKey[i];
                live[kept] = live[i];
                kept++;
            }
        }
        Arrays.fill(keys, kept, pageCount, null);
        Arrays.fill(slots, kept, pageCount, null);
        pageCount = kept;
    }

    /** Shifts the directory so that it starts at the oldest page still held. */
    private void dropLeadingFreedPages()
    {
        int dropped = 0;
        while (dropped < pageCount - 1 && keys[dropped] == null)
        {
            dropped++;
        }
        if (dropped > 0)
        {
            System.arraycopy(keys, dropped, keys, 0, pageCount - dropped);
            System.arraycopy(slots, dropped, slots, 0, pageCount - dropped);
            System.arraycopy(firstKey, dropped, firstKey, 0, pageCount - dropped);
            System.arraycopy(live, dropped, live, 0, pageCount - dropped);
            Arrays.fill(keys, pageCount - dropped, pageCount, null);
            Arrays.fill(slots, pageCount - dropped, pageCount, null);
            pageCount -= dropped;
        }
    }
}
