package io.settlement.engine;

import java.util.Arrays;

import io.settlement.protocol.wire.DealStatus;
import io.settlement.protocol.wire.Reason;
import org.eclipse.collections.api.block.predicate.primitive.IntPredicate;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * Every live deal, in a slab of rows indexed by slot and paged ({@link DealSlab}: a row of 128 bytes a deal),
 * plus the indexes the engine needs:
 * <ul>
 *   <li>dealId to slot, for cancels and queries ({@link DealIdIndex}, a paged direct table);</li>
 *   <li>(submitter, clientDealId) to slot, for idempotency ({@link ClientDealIndex} per submitter);</li>
 *   <li>per submitter, the clientDealIds of purged deals ({@link RetiredClientDealIds}): a key stays
 *       taken for the life of the journal, though its deal has left memory;</li>
 *   <li>pending slots by settlement date, each list in dealId order, dates kept sorted: the
 *       settlement cycle walks these in (settlementDate, dealId) order;</li>
 *   <li>finished (settled or cancelled) slots by settlement date, for purging.</li>
 * </ul>
 * A finished deal is kept (for queries and idempotency) until the business date passes its
 * settlement date by the retention period; then {@link #purgeFinishedBefore} frees its slot and
 * retires its clientDealId, so memory follows pending and recent deals, not history (plus a
 * compact set of retired keys).
 *
 * <p>Slots are an internal detail: they never reach an outcome, so free-slot reuse order cannot
 * affect determinism. Per-date lists are recycled through a pool to keep cycles allocation-free.
 */
final class DealStore extends DealSlab
{
    static final int NONE = -1;

    private int highWater;
    private final IntArrayList freeSlots = new IntArrayList();
    private int liveCount;
    private int pendingCount;
    /** Matched deals purged: they retire no clientDealId (they have none). */
    private long purgedMatched;

    private final DealIdIndex slotByDealId = new DealIdIndex();
    private ClientDealIndex[] slotByClientDealId = new ClientDealIndex[16];
    private RetiredClientDealIds[] retiredBySubmitter = new RetiredClientDealIds[16];

    private final LinkGroups links = new LinkGroups();
    private final DatedSlots pending = new DatedSlots();
    private final DatedSlots finished = new DatedSlots();
    private final IntPredicate isFinished = this::isFinished;

    int slotOf(final long id)
    {
        return slotByDealId.get(id);
    }

    int slotOfClientDeal(final int submitterIndex, final long clientId)
    {
        if (submitterIndex >= slotByClientDealId.length || slotByClientDealId[submitterIndex] == null)
        {
            return NONE;
        }
        return slotByClientDealId[submitterIndex].get(clientId);
    }

    /** @return true when the key belonged to a deal that finished and was purged. Allocation-free. */
    boolean isRetired(final int submitterIndex, final long clientId)
    {
        return submitterIndex < retiredBySubmitter.length && retiredBySubmitter[submitterIndex] != null
            && retiredBySubmitter[submitterIndex].contains(clientId);
    }

    /** The retired keys of a submitter, or null when it has none. */
    RetiredClientDealIds retired(final int submitterIndex)
    {
        return submitterIndex < retiredBySubmitter.length ? retiredBySubmitter[submitterIndex] : null;
    }

    /** The retired keys of a submitter, created empty when it has none (purging, snapshot reading). */
    RetiredClientDealIds retiredOrNew(final int submitterIndex)
    {
        if (submitterIndex >= retiredBySubmitter.length)
        {
            retiredBySubmitter = Arrays.copyOf(
                retiredBySubmitter, Math.max(submitterIndex + 1, retiredBySubmitter.length * 2));
        }
        RetiredClientDealIds retired = retiredBySubmitter[submitterIndex];
        if (retired == null)
        {
            retired = new RetiredClientDealIds();
            retiredBySubmitter[submitterIndex] = retired;
        }
        return retired;
    }

    /** One more than the highest submitter index that may have retired keys. */
    int retiredSubmitterBound()
    {
        return retiredBySubmitter.length;
    }

    int liveCount()
    {
        return liveCount;
    }

    int pendingCount()
    {
        return pendingCount;
    }

    /** A new PENDING deal; the caller fills the remaining fields of the returned slot. */
    int add(final long id, final long clientId, final int submitterIndex, final int date)
    {
        return add(id, clientId, submitterIndex, date, false);
    }

    /**
     * A new PENDING deal, {@code matchedDeal} when two instructions registered it (clientId 0, not
     * indexed: see {@link #matched}); the caller fills the remaining fields of the returned slot.
     */
    int add(final long id, final long clientId, final int submitterIndex, final int date, final boolean matchedDeal)
    {
        final int slot = addSlot(id, clientId, submitterIndex, date, matchedDeal);
        linkId(slot, 0);
        matchedLinkId(slot, 0);
        partialAllowed(slot, (byte)0);
        minimumQuantity(slot, 0);
        return slot;
    }

    /**
     * A new PENDING deal with all its terms (a deal registered: {@link DealHandler#register}), each field of
     * its row written once: its parties and instruments as indices, its amounts, and its linked and partial
     * terms (0 for none).
     */
    int add(
        final long id, final long clientId, final int submitterIndex, final int date, final boolean matchedDeal,
        final int buyerIndex, final int sellerIndex, final int securityIndex, final int currencyIndex, final long dealQuantity,
        final long dealCash, final byte type, final long link, final long matchedLink, final byte partial, final long minimum)
    {
        final int slot = addSlot(id, clientId, submitterIndex, date, matchedDeal);
        buyer(slot, buyerIndex);
        seller(slot, sellerIndex);
        security(slot, securityIndex);
        currency(slot, currencyIndex);
        quantity(slot, dealQuantity);
        cashAmount(slot, dealCash);
        dealType(slot, type);
        linkId(slot, link);
        matchedLinkId(slot, matchedLink);
        partialAllowed(slot, partial);
        minimumQuantity(slot, minimum);
        return slot;
    }

    /** A new PENDING deal's slot, indexed, with every field but its terms (buyer to minimumQuantity) written. */
    private int addSlot(final long id, final long clientId, final int submitterIndex, final int date, final boolean matchedDeal)
    {
        final int slot = freeSlots.isEmpty() ? newSlot() : freeSlots.removeAtIndex(freeSlots.size() - 1);
        dealId(slot, id);
        clientDealId(slot, clientId);
        submitter(slot, submitterIndex);
        settlementDate(slot, date);
        status(slot, (byte)DealStatus.PENDING.value());
        lastFailReason(slot, (byte)Reason.OK.value());
        heldSides(slot, (byte)0);
        settledQuantity(slot, 0);
        settledCash(slot, 0);
        cycleMark(slot, 0);
        matched(slot, (byte)(matchedDeal ? 1 : 0));
        slotByDealId.put(id, slot);
        if (!matchedDeal)
        {
            clientMap(submitterIndex).put(clientId, slot);
        }
        pending.add(date, slot);
        liveCount++;
        pendingCount++;
        return slot;
    }

    /** Re-creates a deal read from a snapshot; deals must come in dealId order. */
    int restore(final long id, final long clientId, final int submitterIndex, final int date, final byte dealStatus)
    {
        return restore(id, clientId, submitterIndex, date, dealStatus, false);
    }

    /** Re-creates a deal read from a snapshot, {@code matchedDeal} when two instructions registered it. */
    int restore(
        final long id, final long clientId, final int submitterIndex, final int date, final byte dealStatus, final boolean matchedDeal)
    {
        final boolean fresh = freeSlots.isEmpty();
        final int slot = fresh ? newSlot() : freeSlots.removeAtIndex(freeSlots.size() - 1);
        dealId(slot, id);
        clientDealId(slot, clientId);
        submitter(slot, submitterIndex);
        settlementDate(slot, date);
        status(slot, dealStatus);
        if (!fresh)
        {
            // a slot never used holds zeros (a new page): clearing it would only write over the whole slab again
            heldSides(slot, (byte)0);
            clearTerms(slot);
        }
        if (!fresh || matchedDeal)
        {
            matched(slot, (byte)(matchedDeal ? 1 : 0));
        }
        slotByDealId.put(id, slot);
        if (!matchedDeal)
        {
            clientMap(submitterIndex).put(clientId, slot);
        }
        liveCount++;
        if (dealStatus == DealStatus.PENDING.value())
        {
            pending.add(date, slot);
            pendingCount++;
        }
        else
        {
            finished.add(date, slot);
        }
        return slot;
    }

    private void clearTerms(final int slot)
    {
        linkId(slot, 0);
        matchedLinkId(slot, 0);
        partialAllowed(slot, (byte)0);
        minimumQuantity(slot, 0);
        settledQuantity(slot, 0);
        settledCash(slot, 0);
        cycleMark(slot, 0);
    }

    /** @return true for a deal with linked or partial settlement terms (its terms are hashed and saved). */
    boolean hasTerms(final int slot)
    {
        return linkId(slot) != 0 || partialAllowed(slot) != 0;
    }

    /** @return true for a deal with at least one link key: its own linkId, or a matched deal's second one. */
    boolean isLinked(final int slot)
    {
        return linkId(slot) != 0 || matchedLinkId(slot) != 0;
    }

    /** @return true for a deal registered by two matched instructions. */
    boolean isMatched(final int slot)
    {
        return matched(slot) != 0;
    }

    /** Matched deals purged so far (they retire no clientDealId). */
    long purgedMatchedCount()
    {
        return purgedMatched;
    }

    /** Sets the count of purged matched deals, as a snapshot recorded it. */
    void purgedMatchedCount(final long count)
    {
        purgedMatched = count;
    }

    /** The quantity of a pending deal still to settle. */
    long remainingQuantity(final int slot)
    {
        return quantity(slot) - settledQuantity(slot);
    }

    /** The cash of a pending deal still to pay. */
    long remainingCash(final int slot)
    {
        return cashAmount(slot) - settledCash(slot);
    }

    /**
     * Marks a pending deal settled or cancelled. Its slot stays in the pending list of its date
     * until the next cycle over that date (or a purge) compacts it out; see {@link #isPending}.
     */
    void finish(final int slot, final DealStatus finalStatus)
    {
        if (isLinked(slot))
        {
            links.leave(this, slot);
        }
        status(slot, (byte)finalStatus.value());
        heldSides(slot, (byte)0); // a hold belongs to a pending deal
        pendingCount--;
        finished.add(settlementDate(slot), slot);
    }

    /**
     * {@link #finish}es SETTLED the pending deal read into {@code d} (nothing written to its slot since),
     * whose remainder has just moved: its settled quantity and cash become its whole ones. {@code d}
     * follows, so it reads as the slot now holds the deal.
     */
    void settle(final DealView d)
    {
        if (d.isLinked())
        {
            links.leave(this, d.slot);
        }
        final byte settledStatus = (byte)DealStatus.SETTLED.value();
        settleWhole(d.slot, d.quantity, d.cashAmount, settledStatus);
        d.settledQuantity = d.quantity;
        d.settledCash = d.cashAmount;
        d.status = settledStatus;
        d.heldSides = 0;
        pendingCount--;
        finished.add(d.settlementDate, d.slot);
    }

    boolean isPending(final int slot)
    {
        return status(slot) == DealStatus.PENDING.value();
    }

    /** @return true when either side of the deal is on hold: no cycle attempts it. */
    boolean isHeld(final int slot)
    {
        return heldSides(slot) != 0;
    }

    /** The link groups of the pending linked deals; a deal joins once its terms are filled ({@link LinkGroups#join}). */
    LinkGroups links()
    {
        return links;
    }

    DatedSlots pendingByDate()
    {
        return pending;
    }

    /**
     * Frees every finished deal whose settlement date is before {@code cutoffDate}.
     *
     * @return the number of deals purged.
     */
    long purgeFinishedBefore(final int cutoffDate)
    {
        long purged = 0;
        while (finished.dateCount() > 0 && finished.date(0) < cutoffDate)
        {
            final int date = finished.date(0);
            // no pending list may keep a slot that is about to be reused
            pending.removeIf(date, isFinished);
            final SlotList slots = finished.slots(0);
            for (int i = 0; i < slots.size(); i++)
            {
                free(slots.get(i));
            }
            purged += slots.size();
            finished.removeFirst();
        }
        if (purged > 0)
        {
            for (final RetiredClientDealIds retired : retiredBySubmitter)
            {
                if (retired != null)
                {
                    retired.compact();
                }
            }
        }
        return purged;
    }

    private boolean isFinished(final int slot)
    {
        return status(slot) != DealStatus.PENDING.value();
    }

    private void free(final int slot)
    {
        status(slot, (byte)0); // marks the slot free for sequential scans
        slotByDealId.remove(dealId(slot));
        if (matched(slot) != 0)
        {
            purgedMatched++; // its keys were its instructions' clientRefs: no clientDealId to retire
        }
        else
        {
            slotByClientDealId[submitter(slot)].remove(clientDealId(slot));
            retiredOrNew(submitter(slot)).add(clientDealId(slot));
        }
        freeSlots.add(slot);
        liveCount--;
    }

    private ClientDealIndex clientMap(final int submitterIndex)
    {
        if (submitterIndex >= slotByClientDealId.length)
        {
            slotByClientDealId = Arrays.copyOf(
                slotByClientDealId, Math.max(submitterIndex + 1, slotByClientDealId.length * 2));
        }
        ClientDealIndex map = slotByClientDealId[submitterIndex];
        if (map == null)
        {
            map = new ClientDealIndex();
            slotByClientDealId[submitterIndex] = map;
        }
        return map;
    }

    private int newSlot()
    {
        if (highWater == capacity())
        {
            addPage();
        }
        return highWater++;
    }

    /** Pre-sizes the slab, so that a known peak of live deals never adds a page on the engine thread. */
    void ensureCapacity(final int deals)
    {
        if (capacity() < deals)
        {
            addPages((int)((deals + (long)PAGE_SIZE - 1 - capacity()) >>> PAGE_BITS)); // one array for them all
        }
    }

    /** The retired clientDealIds held, over all submitters. */
    long retiredCount()
    {
        long n = 0;
        for (final RetiredClientDealIds retired : retiredBySubmitter)
        {
            n += retired == null ? 0 : retired.cardinality();
        }
        return n;
    }

    /** Bytes the sets of retired clientDealIds take (the bitmaps' own estimate). */
    long retiredBytes()
    {
        long bytes = 0;
        for (final RetiredClientDealIds retired : retiredBySubmitter)
        {
            bytes += retired == null ? 0 : retired.sizeInBytes();
        }
        return bytes;
    }

    /** Tells {@code visitor} the slot of every pending deal, in slot order. */
    void forEachPending(final java.util.function.IntConsumer visitor)
    {
        for (int slot = 0; slot < highWater; slot++)
        {
            if (isPending(slot))
            {
                visitor.accept(slot);
            }
        }
    }

    /** Order-independent digest of every live deal: a sum of per-deal hashes (slot numbers excluded). */
    long liveDealsHash()
    {
        return liveDealsHash(highWater);
    }

    /** Folds the retired clientDealIds of every submitter that has any, in submitter order, into {@code h}. */
    long foldRetiredHash(final long h)
    {
        long folded = h;
        for (int submitterIndex = 0; submitterIndex < retiredBySubmitter.length; submitterIndex++)
        {
            final RetiredClientDealIds retired = retiredBySubmitter[submitterIndex];
            if (retired != null && !retired.isEmpty())
            {
                folded = Hashing.combine(Hashing.combine(folded, submitterIndex), retired.stateHash());
            }
        }
        return folded;
    }

    /** Live slots sorted by dealId: the canonical order for snapshots. */
    int[] slotsInDealIdOrder()
    {
        final int[] slots = new int[liveCount];
        final long[] packed = new long[liveCount];
        int n = 0;
        boolean packable = true;
        for (int slot = 0; slot < highWater; slot++)
        {
            if (status(slot) != 0)
            {
                packable &= dealId(slot) < (1L << 32);
                packed[n] = (dealId(slot) << 32) | slot;
                slots[n++] = slot;
            }
        }
        if (packable)
        {
            // dealId in the high half, slot in the low half: one primitive sort orders both
            Arrays.sort(packed);
            for (int i = 0; i < n; i++)
            {
                slots[i] = (int)packed[i];
            }
            return slots;
        }
        final long[] ids = new long[n];
        for (int i = 0; i < n; i++)
        {
            ids[i] = dealId(slots[i]);
        }
        Arrays.sort(ids);
        for (int i = 0; i < n; i++)
        {
            slots[i] = slotByDealId.get(ids[i]);
        }
        return slots;
    }
}
