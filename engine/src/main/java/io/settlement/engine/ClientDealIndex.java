package io.settlement.engine;

import org.agrona.collections.Long2LongHashMap;

/**
 * One submitter's clientDealId to deal slot, split over {@link #PARTS} hash maps created as
 * needed. A hash map doubles (and rehashes every entry) when it fills; on the engine thread that
 * is a stall proportional to its size, so splitting a submitter with millions of live deals into
 * 64 maps makes each of those stalls 64 times shorter. Agrona maps delete without tombstones, so
 * insert/remove churn never rehashes.
 *
 * <p>Clients number their deals in increasing order (1, 2, 3..., or one counter shared by several
 * submitters), so the key of a new deal is nearly always above every key the submitter used before:
 * {@link #get} answers such a key from the highest key ever put, without probing a map. At a million
 * live deals a probe that misses is a cache miss or more (it was about 40% of registration's time).
 */
final class ClientDealIndex
{
    static final int NONE = -1;
    private static final int PARTS = 64;

    private final Long2LongHashMap[] parts = new Long2LongHashMap[PARTS];
    /** The highest key ever put (kept when its deal leaves): no key above it is in any part. */
    private long highestKey = Long.MIN_VALUE;

    /** The top bits of a multiplicative hash: independent of the bits Agrona's own hash uses within a part. */
    private static int part(final long clientDealId)
    {
        return (int)((clientDealId * 0x9E3779B97F4A7C15L) >>> 58);
    }

    int get(final long clientDealId)
    {
        if (clientDealId > highestKey)
        {
            return NONE;
        }
        final Long2LongHashMap map = parts[part(clientDealId)];
        return map == null ? NONE : (int)map.get(clientDealId);
    }

    void put(final long clientDealId, final int slot)
    {
        final int p = part(clientDealId);
        Long2LongHashMap map = parts[p];
        if (map == null)
        {
            map = new Long2LongHashMap(NONE);
            parts[p] = map;
        }
        map.put(clientDealId, slot);
        highestKey = Math.max(highestKey, clientDealId);
    }

    void remove(final long clientDealId)
    {
        final Long2LongHashMap map = parts[part(clientDealId)];
        if (map != null)
        {
            map.remove(clientDealId);
        }
    }
}
