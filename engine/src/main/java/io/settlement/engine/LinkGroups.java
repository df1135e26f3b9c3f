package io.settlement.engine;

import java.util.ArrayDeque;
import java.util.Arrays;

import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;

/**
 * Linked (all-or-none) deals: the pending members of every link key (submitter, linkId), each list in
 * the order its deals joined (dealId order). A deal with linkId 0 belongs to none. A deal leaves its
 * keys when it leaves PENDING (settled or cancelled), so a key with no pending member left is gone, and a
 * linkId used again starts a new group.
 *
 * <p>A group is a connected component: deals that share a key are in one group, and a deal may belong
 * to more than one key ({@link #keyCount}; a pre-matched deal has one, the submitter's; a deal matched
 * from two instructions will have both instructions' keys), so groups that share a deal are one group.
 * {@link #collect} finds a deal's whole group by walking keys and members; only lookups reach a
 * hash structure, never an iteration, so the outcome is deterministic.
 *
 * <p>Derived state: rebuilt from the pending deals' terms (snapshots save the terms, not this index).
 */
final class LinkGroups
{
    private LongObjectHashMap<IntArrayList>[] membersBySubmitter = newTable(16);
    private final ArrayDeque<IntArrayList> pool = new ArrayDeque<>();
    private final IntArrayList queue = new IntArrayList();

    @SuppressWarnings("unchecked")
    private static LongObjectHashMap<IntArrayList>[] newTable(final int size)
    {
        return new LongObjectHashMap[size];
    }

    /**
     * The number of link keys of the deal in {@code slot} (0 when it is not linked): (submitter, linkId)
     * when its linkId is not 0, and for a matched deal also (the other party, matchedLinkId) when that is not 0.
     */
    static int keyCount(final DealStore deals, final int slot)
    {
        return (deals.linkId(slot) == 0 ? 0 : 1) + (deals.matchedLinkId(slot) == 0 ? 0 : 1);
    }

    /** The submitter index of the deal's {@code k}-th link key. */
    static int keySubmitter(final DealStore deals, final int slot, final int k)
    {
        if (k == 0 && deals.linkId(slot) != 0)
        {
            return deals.submitter(slot);
        }
        // a matched deal's second key: the party whose instruction waited (the one that is not the submitter)
        return deals.submitter(slot) == deals.buyer(slot) ? deals.seller(slot) : deals.buyer(slot);
    }

    /** The link id of the deal's {@code k}-th link key. */
    static long keyLinkId(final DealStore deals, final int slot, final int k)
    {
        return k == 0 && deals.linkId(slot) != 0 ? deals.linkId(slot) : deals.matchedLinkId(slot);
    }

    /** A pending deal joins each of its keys (deals join in dealId order). */
    void join(final DealStore deals, final int slot)
    {
        for (int k = 0; k < keyCount(deals, slot); k++)
        {
            final int submitter = keySubmitter(deals, slot, k);
            if (submitter >= membersBySubmitter.length)
            {
                membersBySubmitter = Arrays.copyOf(membersBySubmitter, Math.max(submitter + 1, membersBySubmitter.length * 2));
            }
            LongObjectHashMap<IntArrayList> bySubmitter = membersBySubmitter[submitter];
            if (bySubmitter == null)
            {
                bySubmitter = new LongObjectHashMap<>();
                membersBySubmitter[submitter] = bySubmitter;
            }
            final long linkId = keyLinkId(deals, slot, k);
            IntArrayList members = bySubmitter.get(linkId);
            if (members == null)
            {
                members = pool.isEmpty() ? new IntArrayList() : pool.pop();
                bySubmitter.put(linkId, members);
            }
            members.add(slot);
        }
    }

    /** A deal leaving PENDING leaves each of its keys; a key left without members is gone. */
    void leave(final DealStore deals, final int slot)
    {
        for (int k = 0; k < keyCount(deals, slot); k++)
        {
            final LongObjectHashMap<IntArrayList> bySubmitter = membersBySubmitter[keySubmitter(deals, slot, k)];
            final long linkId = keyLinkId(deals, slot, k);
            final IntArrayList members = bySubmitter.get(linkId);
            members.remove(slot);
            if (members.isEmpty())
            {
                bySubmitter.remove(linkId);
                pool.push(members);
            }
        }
    }

    /** The pending members of a key, or null when it has none. */
    IntArrayList members(final int submitterIndex, final long linkId)
    {
        if (submitterIndex >= membersBySubmitter.length || membersBySubmitter[submitterIndex] == null)
        {
            return null;
        }
        return membersBySubmitter[submitterIndex].get(linkId);
    }

    /**
     * Puts into {@code group} (cleared first) every pending deal of the group of the linked deal in
     * {@code slot}, sorted by (settlementDate, dealId), and marks each with {@code mark} in
     * {@link DealStore#cycleMark}. Allocation-free once its scratch list has grown.
     */
    void collect(final DealStore deals, final int slot, final int mark, final IntArrayList group)
    {
        group.clear();
        queue.clear();
        deals.cycleMark(slot, mark);
        queue.add(slot);
        for (int i = 0; i < queue.size(); i++)
        {
            final int member = queue.get(i);
            group.add(member);
            for (int k = 0; k < keyCount(deals, member); k++)
            {
                final IntArrayList others = members(keySubmitter(deals, member, k), keyLinkId(deals, member, k));
                for (int j = 0; j < others.size(); j++)
                {
                    final int other = others.get(j);
                    if (deals.cycleMark(other) != mark)
                    {
                        deals.cycleMark(other, mark);
                        queue.add(other);
                    }
                }
            }
        }
        sortByOrderKey(deals, group);
    }

    /** Insertion sort by (settlementDate, dealId): groups are small, and this allocates nothing. */
    private static void sortByOrderKey(final DealStore deals, final IntArrayList group)
    {
        for (int i = 1; i < group.size(); i++)
        {
            final int slot = group.get(i);
            int j = i - 1;
            while (j >= 0 && before(deals, slot, group.get(j)))
            {
                group.set(j + 1, group.get(j));
                j--;
            }
            group.set(j + 1, slot);
        }
    }

    private static boolean before(final DealStore deals, final int a, final int b)
    {
        return deals.settlementDate(a) < deals.settlementDate(b)
            || deals.settlementDate(a) == deals.settlementDate(b) && deals.dealId(a) < deals.dealId(b);
    }
}
