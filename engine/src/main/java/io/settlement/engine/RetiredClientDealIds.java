package io.settlement.engine;

import java.util.Arrays;

import org.agrona.collections.Long2ObjectHashMap;
import org.roaringbitmap.RoaringBitmap;

/**
 * One submitter's retired clientDealIds: the keys of its deals that finished and were purged. A
 * key stays taken for the life of the journal, but the deal's content is gone, so only the key is
 * kept, in compressed bitmaps (Roaring) per high 32 bits of the key. Clients mostly number their
 * deals in order, so the set is mostly long runs: a million keys 1..1,000,000 take a few hundred
 * bytes once {@link #compact} has turned them into run containers.
 *
 * <p>{@link #contains} is on the submit path: a key above the highest retired one (the usual new
 * deal) answers without a lookup; otherwise one hash lookup of the high half and a binary search in
 * the bitmap, allocating nothing. {@link #add} runs at a date roll (purging), not per deal.
 */
final class RetiredClientDealIds
{
    private final Long2ObjectHashMap<RoaringBitmap> byHighBits = new Long2ObjectHashMap<>();
    private long highest = Long.MIN_VALUE;
    private boolean empty = true;
    private boolean compacted = true;

    boolean contains(final long clientDealId)
    {
        if (empty || clientDealId > highest)
        {
            return false;
        }
        final RoaringBitmap bitmap = byHighBits.get(clientDealId >>> 32);
        return bitmap != null && bitmap.contains((int)clientDealId);
    }

    void add(final long clientDealId)
    {
        final long high = clientDealId >>> 32;
        RoaringBitmap bitmap = byHighBits.get(high);
        if (bitmap == null)
        {
            bitmap = new RoaringBitmap();
            byHighBits.put(high, bitmap);
        }
        bitmap.add((int)clientDealId);
        highest = empty ? clientDealId : Math.max(highest, clientDealId);
        empty = false;
        compacted = false;
    }

    /** Turns runs of consecutive keys into run containers (after a purge added keys). */
    void compact()
    {
        if (!compacted)
        {
            byHighBits.values().forEach(RoaringBitmap::runOptimize);
            compacted = true;
        }
    }

    boolean isEmpty()
    {
        return empty;
    }

    long cardinality()
    {
        long n = 0;
        for (final RoaringBitmap bitmap : byHighBits.values())
        {
            n += bitmap.getLongCardinality();
        }
        return n;
    }

    /** Bytes the bitmaps hold (an estimate by the library, without the map's own overhead). */
    long sizeInBytes()
    {
        long bytes = 0;
        for (final RoaringBitmap bitmap : byHighBits.values())
        {
            bytes += bitmap.getLongSizeInBytes();
        }
        return bytes;
    }

    /** The high 32 bits of the keys held, ascending: one block of keys each. */
    long[] sortedHighBits()
    {
        final long[] highs = new long[byHighBits.size()];
        final Long2ObjectHashMap<RoaringBitmap>.KeyIterator keys = byHighBits.keySet().iterator();
        int i = 0;
        while (keys.hasNext())
        {
            highs[i++] = keys.nextLong();
        }
        Arrays.sort(highs); // high halves are 0..2^32-1: signed order is the keys' unsigned order
        return highs;
    }

    /** The low 32 bits of the keys under {@code high} (one of {@link #sortedHighBits}); not to be changed. */
    RoaringBitmap block(final long high)
    {
        return byHighBits.get(high);
    }

    /** Adds a whole block of keys under {@code high} (not yet held), as {@link #compact} left it. */
    void addBlock(final long high, final RoaringBitmap lows)
    {
        byHighBits.put(high, lows);
        final long last = (high << 32) | (lows.last() & 0xFFFF_FFFFL);
        highest = empty ? last : Math.max(highest, last);
        empty = false;
    }

    /** A digest of the keys alone (not of how the bitmaps store them), in a canonical order. O(keys). */
    long stateHash()
    {
        final long[] h = {Hashing.mix(cardinality())};
        for (final long high : sortedHighBits())
        {
            h[0] = Hashing.combine(h[0], high);
            byHighBits.get(high).forEach((int low) -> h[0] = Hashing.combine(h[0], low));
        }
        return h[0];
    }
}
