package io.settlement.engine;

import java.util.Arrays;

/**
 * dealId to deal slot, for the engine's sequential dealIds (1, 2, 3...): a directory of pages of
 * {@link #PAGE_SIZE} slots, so that a lookup is two array loads and registering the next deal writes
 * next to the previous one (cache-friendly, unlike a hash map whose hash scatters consecutive ids).
 *
 * <p>A page is freed once every id on it has been issued and removed, so memory follows the live
 * deals: about 4 bytes per id from the oldest page still holding a live deal, and 16 KiB for each
 * page a long-lived deal keeps alive on its own.
 */
final class DealIdIndex
{
    static final int NONE = -1;
    private static final int PAGE_BITS = 12;
    static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int PAGE_MASK = PAGE_SIZE - 1;

    /** pages[i] holds ids from (firstPage + i) * PAGE_SIZE; null once freed. */
    private int[][] pages = new int[16][];
    private int[] liveOnPage = new int[16];
    private long firstPage;
    private int pageCount;
    private long size;
    private final java.util.ArrayDeque<int[]> spare = new java.util.ArrayDeque<>();

    long size()
    {
        return size;
    }

    /** Pages currently allocated (for tests and memory accounting). */
    int pagesHeld()
    {
        int held = 0;
        for (int i = 0; i < pageCount; i++)
        {
            held += pages[i] == null ? 0 : 1;
        }
        return held;
    }

    int get(final long dealId)
    {
        final long page = (dealId >>> PAGE_BITS) - firstPage;
        if (dealId < 0 || page < 0 || page >= pageCount)
        {
            return NONE;
        }
        final int[] slots = pages[(int)page];
        return slots == null ? NONE : slots[(int)(dealId & PAGE_MASK)];
    }

    /** Maps a new dealId (greater than any mapped before, except after {@link #clear}) to a slot. */
    void put(final long dealId, final int slot)
    {
        if (pageCount == 0)
        {
            firstPage = dealId >>> PAGE_BITS;
        }
        final long page = (dealId >>> PAGE_BITS) - firstPage;
        if (page < 0)
        {
            throw new IllegalArgumentException("dealId " + dealId + " is below the index's first page");
        }
        while (page >= pageCount)
        {
            addPage();
        }
        int[] slots = pages[(int)page];
        if (slots == null)
        {
            throw new IllegalStateException("dealId " + dealId + " falls on a page already freed");
        }
        if (slots[(int)(dealId & PAGE_MASK)] != NONE)
        {
            throw new IllegalStateException("dealId " + dealId + " is already mapped");
        }
        slots[(int)(dealId & PAGE_MASK)] = slot;
        liveOnPage[(int)page]++;
        size++;
    }

    void remove(final long dealId)
    {
        final long page = (dealId >>> PAGE_BITS) - firstPage;
        final int[] slots = page < 0 || page >= pageCount ? null : pages[(int)page];
        if (slots == null || slots[(int)(dealId & PAGE_MASK)] == NONE)
        {
            throw new IllegalStateException("dealId " + dealId + " is not mapped");
        }
        slots[(int)(dealId & PAGE_MASK)] = NONE;
        size--;
        if (--liveOnPage[(int)page] == 0 && page < pageCount - 1)
        {
            freePage((int)page);
        }
    }

    private void addPage()
    {
        if (pageCount == pages.length)
        {
            pages = Arrays.copyOf(pages, pageCount * 2);
            liveOnPage = Arrays.copyOf(liveOnPage, pageCount * 2);
        }
        final int[] page = spare.isEmpty() ? new int[PAGE_SIZE] : spare.pop();
        Arrays.fill(page, NONE);
        pages[pageCount] = page;
        liveOnPage[pageCount] = 0;
        pageCount++;
        // the page before this one has now had all its ids issued: free it if nothing lives there
        if (pageCount > 1 && liveOnPage[pageCount - 2] == 0 && pages[pageCount - 2] != null)
        {
            freePage(pageCount - 2);
        }
    }

    private void freePage(final int page)
    {
        if (spare.size() < 4)
        {
            spare.push(pages[page]);
        }
        pages[page] = null;
        if (page == 0)
        {
            dropLeadingFreedPages();
        }
    }

    /** Shifts the directory so it starts at the oldest page still holding a live deal. */
    private void dropLeadingFreedPages()
    {
        int dropped = 0;
        while (dropped < pageCount - 1 && pages[dropped] == null)
        {
            dropped++;
        }
        if (dropped > 0)
        {
            System.arraycopy(pages, dropped, pages, 0, pageCount - dropped);
            System.arraycopy(liveOnPage, dropped, liveOnPage, 0, pageCount - dropped);
            Arrays.fill(pages, pageCount - dropped, pageCount, null);
            pageCount -= dropped;
            firstPage += dropped;
        }
    }
}
