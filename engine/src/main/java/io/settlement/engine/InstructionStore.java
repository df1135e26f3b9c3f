package io.settlement.engine;

import java.util.Arrays;

import io.settlement.protocol.wire.InstructionStatus;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;
import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;
import org.eclipse.collections.impl.map.mutable.primitive.LongIntHashMap;

/**
 * Settlement instructions (two-sided matching, DESIGN.md 4b): the instructions in memory (waiting ones,
 * and ended ones within the retention period) in a slab of parallel primitive arrays whose slots are
 * reused once an instruction is purged, the matching rules in force, and the indexes matching needs:
 * <ul>
 *   <li>instructionId (issued 1, 2, 3...) to slot, in pages that are freed once every id on them is
 *       purged ({@link DealIdIndex}), so the lookup follows the live instructions, not history;</li>
 *   <li>per owner, clientRef to slot, for idempotency; and the clientRefs of purged instructions, which
 *       stay taken for the life of the journal, in compressed sets ({@link RetiredClientDealIds});</li>
 *   <li>the waiting (UNMATCHED) instructions by matching key: a 64-bit hash of (side, buyer, seller,
 *       security, currency, quantity, settlement date, type) to the first (oldest) waiting instruction
 *       with that hash, the others chained after it in instructionId order through a slab array (no
 *       object per key: the hot path allocates nothing). A lookup finds the chain; it is read in order and
 *       each entry's fields compared (so colliding keys never match each other). No hash structure is
 *       iterated;</li>
 *   <li>the ids of the waiting instructions in instructionId order (which is the order of their
 *       submission dates), for expiry at the date roll; entries that stopped waiting are dropped lazily.</li>
 * </ul>
 * An ended instruction is purged at a date roll by {@link #purgeEndedBefore} (docs/rules.md "Retention").
 * Slots never reach an outcome: everything that does is walked in instructionId order.
 */
final class InstructionStore
{
    /** The expiry period before any SET_INSTRUCTION_EXPIRY: 20 business days. */
    static final int DEFAULT_EXPIRY_BUSINESS_DAYS = 20;
    /** The longest expiry period SET_INSTRUCTION_EXPIRY accepts: about a year of business days. */
    static final int MAX_EXPIRY_BUSINESS_DAYS = 250;
    static final int NONE = -1;

    long[] clientRef = new long[256];
    int[] owner = new int[256];
    byte[] side = new byte[256];
    int[] buyer = new int[256];
    int[] seller = new int[256];
    int[] security = new int[256];
    int[] currency = new int[256];
    long[] quantity = new long[256];
    long[] cashAmount = new long[256];
    int[] settlementDate = new int[256];
    byte[] dealType = new byte[256];
    long[] linkId = new long[256];
    byte[] partialAllowed = new byte[256];
    long[] minimumQuantity = new long[256];
    byte[] status = new byte[256];
    /** The business date its expiry counts from (0 until the first business date, then that date). */
    int[] submittedDate = new int[256];
    /** MATCHED: the deal it registered. */
    long[] dealId = new long[256];
    /** EXPIRED: UNMATCHED_EXPIRED; REFUSED: the refusal of the match; else OK (a Reason code). */
    byte[] endReason = new byte[256];
    /** The business date it ended (matched, cancelled, expired or refused); 0 while waiting, or when not known. */
    int[] endedDate = new int[256];
    /** The instructionId held by each slot. */
    private long[] idOf = new long[256];
    /** Slots 0 until here have been used; those freed by a purge are in {@link #freeSlots}. */
    private int highWater;
    private final IntArrayList freeSlots = new IntArrayList();
    private int liveCount;
    /** instructionIds issued so far: the next is this plus 1. */
    private long issued;
    private long purgedCount;
    private final DealIdIndex slotById = new DealIdIndex();
    private RetiredClientDealIds[] retiredByOwner = new RetiredClientDealIds[16];
    private int waitingCount;

    /** The next waiting instruction of the same matching-key hash, in instructionId order ({@link #NONE}: the last). */
    int[] nextSameKey = new int[256];
    /** The previous one ({@link #NONE}: the first), so that leaving a chain costs the same wherever one stands in it. */
    private int[] previousSameKey = new int[256];
    /** At a chain's first slot, its last one, so that joining a chain does not walk it. */
    private int[] lastSameKey = new int[256];

    private LongIntHashMap[] slotByClientRef = new LongIntHashMap[16];
    /** The first (oldest) waiting instruction of each matching-key hash; the rest follow through {@link #nextSameKey}. */
    private final LongIntHashMap firstByKey = new LongIntHashMap();
    /** instructionIds in order from {@link #waitingHead}; some no longer waiting, or purged (dropped when reached). */
    private final LongArrayList waitingInOrder = new LongArrayList();
    private int waitingHead;

    /** Cash tolerance of matching per currency index (minor units); 0 where none was set. */
    private long[] toleranceByCurrency = new long[16];
    private int expiryBusinessDays = DEFAULT_EXPIRY_BUSINESS_DAYS;

    /** Instructions registered so far, purged ones included: the next instructionId is this plus 1. */
    long issued()
    {
        return issued;
    }

    /** Sets the instructionIds issued, as a snapshot recorded them (at least the highest id read). */
    void issued(final long count)
    {
        issued = count;
    }

    /** Instructions in memory (waiting, or ended and not yet purged). */
    int liveCount()
    {
        return liveCount;
    }

    /** Slots ever used: every slot in memory is below this. */
    int slotBound()
    {
        return highWater;
    }

    /** Instructions purged so far. */
    long purgedCount()
    {
        return purgedCount;
    }

    void purgedCount(final long count)
    {
        purgedCount = count;
    }

    int waitingCount()
    {
        return waitingCount;
    }

    /** @return the slot of an instructionId, or {@link #NONE} when no instruction in memory has it. */
    int slotOf(final long instructionId)
    {
        return instructionId >= 1 && instructionId <= issued ? slotById.get(instructionId) : NONE;
    }

    /** @return true when the id was issued and its instruction has since been purged. */
    boolean isPurged(final long instructionId)
    {
        return instructionId >= 1 && instructionId <= issued && slotById.get(instructionId) == NONE;
    }

    long instructionId(final int slot)
    {
        return idOf[slot];
    }

    /** @return true when the slot holds an instruction (not free). */
    boolean isLive(final int slot)
    {
        return status[slot] != 0;
    }

    /** @return true when the clientRef belonged to an instruction of the owner that ended and was purged. Allocation-free. */
    boolean isRetired(final int ownerIndex, final long ref)
    {
        return ownerIndex < retiredByOwner.length && retiredByOwner[ownerIndex] != null && retiredByOwner[ownerIndex].contains(ref);
    }

    /** The retired clientRefs of an owner, or null when it has none. */
    RetiredClientDealIds retired(final int ownerIndex)
    {
        return ownerIndex < retiredByOwner.length ? retiredByOwner[ownerIndex] : null;
    }

    /** The retired clientRefs of an owner, created empty when it has none (purging, snapshot reading). */
    RetiredClientDealIds retiredOrNew(final int ownerIndex)
    {
        if (ownerIndex >= retiredByOwner.length)
        {
            retiredByOwner = Arrays.copyOf(retiredByOwner, Math.max(ownerIndex + 1, retiredByOwner.length * 2));
        }
        RetiredClientDealIds retired = retiredByOwner[ownerIndex];
        if (retired == null)
        {
            retired = new RetiredClientDealIds();
            retiredByOwner[ownerIndex] = retired;
        }
        return retired;
    }

    /** One more than the highest owner index that may have retired clientRefs. */
    int retiredOwnerBound()
    {
        return retiredByOwner.length;
    }

    /** Retired clientRefs over all owners. */
    long retiredCount()
    {
        long n = 0;
        for (final RetiredClientDealIds retired : retiredByOwner)
        {
            n += retired == null ? 0 : retired.cardinality();
        }
        return n;
    }

    /** Bytes the retired clientRefs' sets hold (the bitmaps' own estimate). */
    long retiredBytes()
    {
        long n = 0;
        for (final RetiredClientDealIds retired : retiredByOwner)
        {
            n += retired == null ? 0 : retired.sizeInBytes();
        }
        return n;
    }

    /** @return the slot of the owner's instruction with that clientRef, or {@link #NONE}. */
    int slotOfClientRef(final int ownerIndex, final long ref)
    {
        if (ownerIndex >= slotByClientRef.length || slotByClientRef[ownerIndex] == null)
        {
            return NONE;
        }
        return slotByClientRef[ownerIndex].getIfAbsent(ref, NONE);
    }

    boolean isWaiting(final int slot)
    {
        return status[slot] == InstructionStatus.UNMATCHED.value();
    }

    /** The counterparty's index: the party of the other side. */
    int counterparty(final int slot)
    {
        return owner[slot] == buyer[slot] ? seller[slot] : buyer[slot];
    }

    long tolerance(final int currencyIndex)
    {
        return currencyIndex >= 0 && currencyIndex < toleranceByCurrency.length ? toleranceByCurrency[currencyIndex] : 0;
    }

    void tolerance(final int currencyIndex, final long toleranceMinor)
    {
        if (currencyIndex >= toleranceByCurrency.length)
        {
            toleranceByCurrency = Arrays.copyOf(toleranceByCurrency, Math.max(currencyIndex + 1, toleranceByCurrency.length * 2));
        }
        toleranceByCurrency[currencyIndex] = toleranceMinor;
    }

    /** One more than the highest currency index that may have a tolerance. */
    int toleranceBound()
    {
        return toleranceByCurrency.length;
    }

    int expiryBusinessDays()
    {
        return expiryBusinessDays;
    }

    void expiryBusinessDays(final int days)
    {
        expiryBusinessDays = days;
    }

    /**
     * A new instruction's slot, with the next instructionId, status UNMATCHED, indexed by its clientRef but
     * not yet waiting; the caller fills the terms, then calls {@link #startWaiting} or ends it.
     */
    int add(final int ownerIndex, final long ref)
    {
        return add(ownerIndex, ref, issued + 1);
    }

    /** As {@link #add(int, long)} with a given instructionId, above every one issued before (snapshot reading). */
    int add(final int ownerIndex, final long ref, final long instructionId)
    {
        final int slot;
        if (!freeSlots.isEmpty())
        {
            slot = freeSlots.removeAtIndex(freeSlots.size() - 1);
        }
        else
        {
            if (highWater == clientRef.length)
            {
                grow(highWater * 2);
            }
            slot = highWater++;
        }
        issued = instructionId;
        idOf[slot] = instructionId;
        slotById.put(instructionId, slot);
        liveCount++;
        clientRef[slot] = ref;
        owner[slot] = ownerIndex;
        status[slot] = (byte)InstructionStatus.UNMATCHED.value();
        dealId[slot] = 0;
        endReason[slot] = 0;
        endedDate[slot] = 0;
        clientRefMap(ownerIndex).put(ref, slot);
        return slot;
    }

    /** The instruction in {@code slot} (filled) waits for its counterpart: it joins the end of its key's chain and the expiry order. */
    void startWaiting(final int slot)
    {
        final long key = key(slot, side[slot]);
        nextSameKey[slot] = NONE;
        final int first = firstByKey.getIfAbsent(key, NONE);
        if (first == NONE)
        {
            firstByKey.put(key, slot);
            previousSameKey[slot] = NONE;
            lastSameKey[slot] = slot;
        }
        else
        {
            final int last = lastSameKey[first];
            nextSameKey[last] = slot;
            previousSameKey[slot] = last;
            lastSameKey[first] = slot;
        }
        waitingInOrder.add(idOf[slot]);
        waitingCount++;
    }

    /**
     * The oldest waiting instruction of the other side that the instruction in {@code slot} (filled, not
     * waiting) matches: equal buyer, seller, security, currency, quantity, settlement date and type, cash
     * within the currency's tolerance.
     *
     * @return its slot, or {@link #NONE}
     */
    int findMatch(final int slot)
    {
        final byte other = (byte)(3 - side[slot]); // BUY 1 <-> SELL 2
        final long tolerance = tolerance(currency[slot]);
        for (int candidate = firstByKey.getIfAbsent(key(slot, other), NONE); candidate != NONE; candidate = nextSameKey[candidate])
        {
            if (areCounterparts(slot, candidate) && Math.abs(cashAmount[candidate] - cashAmount[slot]) <= tolerance)
            {
                return candidate;
            }
        }
        return NONE;
    }

    /** The waiting instruction in {@code slot} stops waiting with {@code finalStatus}: it leaves its key's list. */
    void stopWaiting(final int slot, final InstructionStatus finalStatus)
    {
        final int previous = previousSameKey[slot];
        final int next = nextSameKey[slot];
        if (previous == NONE)
        {
            final long key = key(slot, side[slot]);
            if (next == NONE)
            {
                firstByKey.remove(key);
            }
            else
            {
                firstByKey.put(key, next);
                previousSameKey[next] = NONE;
                lastSameKey[next] = lastSameKey[slot];
            }
        }
        else
        {
            nextSameKey[previous] = next;
            if (next != NONE)
            {
                previousSameKey[next] = previous;
            }
            else
            {
                lastSameKey[firstByKey.get(key(slot, side[slot]))] = previous;
            }
        }
        nextSameKey[slot] = NONE;
        previousSameKey[slot] = NONE;
        waitingCount--;
        status[slot] = (byte)finalStatus.value();
    }

    /** @return how many times the slot is in its key's waiting list (1 for a waiting instruction, else 0): for the invariants. */
    int timesListed(final int slot)
    {
        int times = 0;
        int steps = 0;
        // at most highWater steps: a chain that loops is reported as listed more than once
        for (int s = firstByKey.getIfAbsent(key(slot, side[slot]), NONE); s != NONE && steps++ <= highWater; s = nextSameKey[s])
        {
            times += s == slot ? 1 : 0;
        }
        return steps > highWater ? highWater + 1 : times;
    }

    /**
     * For the invariants: when the waiting instruction in {@code slot} is the first of its key's chain,
     * whether the chain's backward links mirror its forward ones and its recorded last slot is its end.
     *
     * @return what is wrong, or null
     */
    String chainProblem(final int slot)
    {
        if (previousSameKey[slot] != NONE)
        {
            return null;
        }
        int at = slot;
        int steps = 0;
        while (nextSameKey[at] != NONE && steps++ <= highWater)
        {
            if (previousSameKey[nextSameKey[at]] != at)
            {
                return "slot " + nextSameKey[at] + " does not link back to " + at;
            }
            at = nextSameKey[at];
        }
        return lastSameKey[slot] == at ? null : "its last slot is " + at + " but " + lastSameKey[slot] + " is recorded";
    }

    /**
     * The oldest slot that may still be waiting, in instructionId order, dropping those that stopped
     * waiting; {@link #NONE} when none waits.
     */
    int oldestWaiting()
    {
        while (waitingHead < waitingInOrder.size())
        {
            final int slot = waitingSlotAt(0);
            if (slot != NONE)
            {
                return slot;
            }
            waitingHead++;
        }
        compactWaitingOrder();
        return NONE;
    }

    /** Entries of the expiry order from the oldest, some of them no longer waiting. */
    int waitingOrderLength()
    {
        return waitingInOrder.size() - waitingHead;
    }

    /** The slot of entry {@code i} of the expiry order from the oldest when it still waits, else {@link #NONE}. */
    int waitingSlotAt(final int i)
    {
        final int slot = slotOf(waitingInOrder.get(waitingHead + i));
        return slot != NONE && isWaiting(slot) ? slot : NONE;
    }

    /** Drops the entries before the head once they are half the list, so it does not grow with history. */
    void compactWaitingOrder()
    {
        if (waitingHead > 0 && waitingHead * 2 >= waitingInOrder.size())
        {
            final int remaining = waitingInOrder.size() - waitingHead;
            for (int i = 0; i < remaining; i++)
            {
                waitingInOrder.set(i, waitingInOrder.get(waitingHead + i));
            }
            while (waitingInOrder.size() > remaining)
            {
                waitingInOrder.removeAtIndex(waitingInOrder.size() - 1);
            }
            waitingHead = 0;
        }
    }

    /**
     * Purges, in instructionId order, every ended instruction whose settlement date and end date are both
     * before {@code cutoffDate} (a MATCHED one only once its deal has left memory, {@code dealGone}): its
     * slot is freed and its clientRef joins its owner's retired clientRefs.
     *
     * @return the number purged
     */
    long purgeEndedBefore(final int cutoffDate, final java.util.function.LongPredicate dealGone)
    {
        if (liveCount == waitingCount)
        {
            return 0; // nothing has ended
        }
        long purged = 0;
        for (final int slot : slotsInIdOrder())
        {
            if (!isWaiting(slot) && settlementDate[slot] < cutoffDate && endedDate[slot] < cutoffDate
                && (status[slot] != InstructionStatus.MATCHED.value() || dealGone.test(dealId[slot])))
            {
                retiredOrNew(owner[slot]).add(clientRef[slot]);
                slotByClientRef[owner[slot]].remove(clientRef[slot]);
                slotById.remove(idOf[slot]);
                status[slot] = 0; // marks the slot free
                freeSlots.add(slot);
                liveCount--;
                purged++;
            }
        }
        if (purged > 0)
        {
            purgedCount += purged;
            for (int o = 0; o < slotByClientRef.length; o++)
            {
                if (slotByClientRef[o] != null)
                {
                    slotByClientRef[o].compact(); // a map keeps its table as it shrinks: rebuilt at the size now held
                }
                if (o < retiredByOwner.length && retiredByOwner[o] != null)
                {
                    retiredByOwner[o].compact();
                }
            }
        }
        return purged;
    }

    /** The slots in memory, in instructionId order. */
    int[] slotsInIdOrder()
    {
        final long[] packed = new long[liveCount];
        int n = 0;
        for (int slot = 0; slot < highWater; slot++)
        {
            if (isLive(slot))
            {
                packed[n++] = idOf[slot];
            }
        }
        Arrays.sort(packed);
        final int[] slots = new int[n];
        for (int i = 0; i < n; i++)
        {
            slots[i] = slotById.get(packed[i]);
        }
        return slots;
    }

    private boolean areCounterparts(final int a, final int b)
    {
        return buyer[a] == buyer[b] && seller[a] == seller[b] && security[a] == security[b] && currency[a] == currency[b]
            && quantity[a] == quantity[b] && settlementDate[a] == settlementDate[b] && dealType[a] == dealType[b]
            && side[a] + side[b] == 3; // one BUY (1), one SELL (2): two keys' hashes may collide, the sides never
    }

    /** The matching key of the instruction in {@code slot} as an instruction of side {@code sideCode}. */
    private long key(final int slot, final byte sideCode)
    {
        long h = Hashing.mix(sideCode);
        h = Hashing.combine(h, buyer[slot]);
        h = Hashing.combine(h, seller[slot]);
        h = Hashing.combine(h, security[slot]);
        h = Hashing.combine(h, currency[slot]);
        h = Hashing.combine(h, quantity[slot]);
        h = Hashing.combine(h, settlementDate[slot]);
        return Hashing.combine(h, dealType[slot]);
    }

    private LongIntHashMap clientRefMap(final int ownerIndex)
    {
        if (ownerIndex >= slotByClientRef.length)
        {
            slotByClientRef = Arrays.copyOf(slotByClientRef, Math.max(ownerIndex + 1, slotByClientRef.length * 2));
        }
        LongIntHashMap map = slotByClientRef[ownerIndex];
        if (map == null)
        {
            map = new LongIntHashMap();
            slotByClientRef[ownerIndex] = map;
        }
        return map;
    }

    private void grow(final int capacity)
    {
        clientRef = Arrays.copyOf(clientRef, capacity);
        owner = Arrays.copyOf(owner, capacity);
        side = Arrays.copyOf(side, capacity);
        buyer = Arrays.copyOf(buyer, capacity);
        seller = Arrays.copyOf(seller, capacity);
        security = Arrays.copyOf(security, capacity);
        currency = Arrays.copyOf(currency, capacity);
        quantity = Arrays.copyOf(quantity, capacity);
        cashAmount = Arrays.copyOf(cashAmount, capacity);
        settlementDate = Arrays.copyOf(settlementDate, capacity);
        dealType = Arrays.copyOf(dealType, capacity);
        linkId = Arrays.copyOf(linkId, capacity);
        partialAllowed = Arrays.copyOf(partialAllowed, capacity);
        minimumQuantity = Arrays.copyOf(minimumQuantity, capacity);
        status = Arrays.copyOf(status, capacity);
        submittedDate = Arrays.copyOf(submittedDate, capacity);
        dealId = Arrays.copyOf(dealId, capacity);
        endReason = Arrays.copyOf(endReason, capacity);
        endedDate = Arrays.copyOf(endedDate, capacity);
        idOf = Arrays.copyOf(idOf, capacity);
        nextSameKey = Arrays.copyOf(nextSameKey, capacity);
        previousSameKey = Arrays.copyOf(previousSameKey, capacity);
        lastSameKey = Arrays.copyOf(lastSameKey, capacity);
    }

    /** @return true when nothing of matching was ever set or registered: the state hashes and saves as before matching. */
    boolean isDefault()
    {
        if (issued > 0 || expiryBusinessDays != DEFAULT_EXPIRY_BUSINESS_DAYS)
        {
            return false;
        }
        for (final long tolerance : toleranceByCurrency)
        {
            if (tolerance != 0)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Digest of every instruction in memory (in id order), the tolerances set and the expiry period; once
     * any was purged, also each one's id, the ids issued and the retired clientRefs. A state that never
     * purged an instruction hashes as before purging existed, and the end date only where it is known.
     */
    long stateHash()
    {
        long h = Hashing.combine(0x1A57L, expiryBusinessDays);
        for (int i = 0; i < toleranceByCurrency.length; i++)
        {
            if (toleranceByCurrency[i] != 0)
            {
                h = Hashing.combine(Hashing.combine(h, i), toleranceByCurrency[i]);
            }
        }
        final boolean anyPurged = purgedCount > 0;
        if (anyPurged)
        {
            h = Hashing.combine(Hashing.combine(h, issued), purgedCount);
            for (int o = 0; o < retiredByOwner.length; o++)
            {
                if (retiredByOwner[o] != null && !retiredByOwner[o].isEmpty())
                {
                    h = Hashing.combine(Hashing.combine(h, o), retiredByOwner[o].stateHash());
                }
            }
        }
        for (final int slot : slotsInIdOrder())
        {
            h = anyPurged ? Hashing.combine(h, idOf[slot]) : h;
            h = Hashing.combine(h, clientRef[slot]);
            h = Hashing.combine(h, owner[slot]);
            h = Hashing.combine(h, side[slot]);
            h = Hashing.combine(h, buyer[slot]);
            h = Hashing.combine(h, seller[slot]);
            h = Hashing.combine(h, security[slot]);
            h = Hashing.combine(h, currency[slot]);
            h = Hashing.combine(h, quantity[slot]);
            h = Hashing.combine(h, cashAmount[slot]);
            h = Hashing.combine(h, settlementDate[slot]);
            h = Hashing.combine(h, dealType[slot]);
            h = Hashing.combine(h, linkId[slot]);
            h = Hashing.combine(h, partialAllowed[slot]);
            h = Hashing.combine(h, minimumQuantity[slot]);
            h = Hashing.combine(h, status[slot]);
            h = Hashing.combine(h, submittedDate[slot]);
            h = Hashing.combine(h, dealId[slot]);
            h = Hashing.combine(h, endReason[slot]);
            h = endedDate[slot] == 0 ? h : Hashing.combine(h, endedDate[slot]);
        }
        return h;
    }
}
