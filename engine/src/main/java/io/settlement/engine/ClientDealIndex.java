package io.settlement.engine;

import org.agrona.collections.Long2LongHashMap;

/**
 * One submitter's clientDealId to deal slot. Clients number their deals in increasing order (1, 2,
 * 3..., or one counter shared by several submitters), so the key of a new deal is nearly always
 * above every key the submitter used before: such keys go to a {@link KeyLog}, where putting one is an
 * append and a new key is told apart from every earlier one by a comparison with the last. At a
 * million live deals the hash map's probes, a cache miss or more each, were half of registration's
 * time (JFR). A key that comes out of order goes to the hash maps.
 *
 * <p>The hash maps: {@link #PARTS} of them, created as needed. A hash map doubles (and rehashes every
 * entry) when it fills; on the engine thread that is a stall proportional to its size, so splitting a
 * submitter with millions of out-of-order keys into 64 maps makes each of those stalls 64 times
 * shorter. Agrona maps delete without tombstones, so insert/remove churn never rehashes.
 */
final class ClientDealIndex
{
    static final int NONE = -1;
    private static final int PARTS = 64;

    private final Long2LongHashMap[] parts = new Long2LongHashMap[PARTS];
    /** Keys put in increasing order; only the others are in the parts. */
    private final KeyLog inOrder = new KeyLog();

    /** The top bits of a multiplicative hash: independent of the bits Agrona's own hash uses within a part. */
    private static int part(final long clientDealId)
    {
        return (int)((clientDealId * 0x9E3779B97F4A7C15L) >>> 58);
    }

    int get(final long clientDealId)
    {
        if (inOrder.appendable(clientDealId))
        {
            return NONE; // above every key put: no probe
        }
        final int slot = inOrder.get(clientDealId);
        if (slot != NONE)
        {
            return slot;
        }
        final Long2LongHashMap map = parts[part(clientDealId)];
        return map == null ? NONE : (int)map.get(clientDealId);
    }

    void put(final long clientDealId, final int slot)
    {
        if (inOrder.appendable(clientDealId))
        {
            inOrder.append(clientDealId, slot);
            return;
        }
        final int p = part(clientDealId);
        Long2LongHashMap map = parts[p];
        if (map == null)
        {
            map = new Long2LongHashMap(NONE);
            parts[p] = map;
        }
        map.put(clientDealId, slot);
    }

    void remove(final long clientDealId)
    {
        if (inOrder.remove(clientDealId))
        {
            return;
        }
        final Long2LongHashMap map = parts[part(clientDealId)];
        if (map != null)
        {
            map.remove(clientDealId);
        }
    }
}
