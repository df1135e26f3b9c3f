package io.settlement.engine;

import java.util.Arrays;

import io.settlement.protocol.wire.InstructionStatus;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;
import org.eclipse.collections.impl.map.mutable.primitive.LongIntHashMap;

/**
 * Settlement instructions (two-sided matching, DESIGN.md 4b): every instruction ever registered, in a
 * slab of parallel primitive arrays whose slot is its instructionId - 1 (ids are issued 1, 2, 3...), the
 * matching rules in force, and the indexes matching needs:
 * <ul>
 *   <li>per owner, clientRef to slot, for idempotency (the key of an instruction for the life of the journal);</li>
 *   <li>the waiting (UNMATCHED) instructions by matching key: a 64-bit hash of (side, buyer, seller,
 *       security, currency, quantity, settlement date, type) to the first (oldest) waiting instruction
 *       with that hash, the others chained after it in instructionId order through a slab array (no
 *       object per key: the hot path allocates nothing). A lookup finds the chain; it is read in order and
 *       each entry's fields compared (so colliding keys never match each other). No hash structure is
 *       iterated;</li>
 *   <li>the waiting instructions in instructionId order (which is the order of their submission
 *       dates), for expiry at the date roll; entries that stopped waiting are dropped lazily.</li>
 * </ul>
 * Finished instructions stay in memory (their clientRefs stay taken); purging them with a retention
 * period as deals are is left for later (docs/rules.md).
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
    private int count;
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
    /** Slots in instructionId order from {@link #waitingHead}; some no longer waiting (dropped when reached). */
    private final IntArrayList waitingInOrder = new IntArrayList();
    private int waitingHead;

    /** Cash tolerance of matching per currency index (minor units); 0 where none was set. */
    private long[] toleranceByCurrency = new long[16];
    private int expiryBusinessDays = DEFAULT_EXPIRY_BUSINESS_DAYS;

    /** Instructions registered so far: the next instructionId is this plus 1. */
    int count()
    {
        return count;
    }

    int waitingCount()
    {
        return waitingCount;
    }

    /** @return the slot of an instructionId, or {@link #NONE} when no instruction has it. */
    int slotOf(final long instructionId)
    {
        return instructionId >= 1 && instructionId <= count ? (int)(instructionId - 1) : NONE;
    }

    static long instructionId(final int slot)
    {
        return slot + 1L;
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
     * A new instruction's slot, status UNMATCHED, indexed by its clientRef but not yet waiting; the caller
     * fills the terms, then calls {@link #startWaiting} or ends it.
     */
    int add(final int ownerIndex, final long ref)
    {
        if (count == clientRef.length)
        {
            grow(count * 2);
        }
        final int slot = count++;
        clientRef[slot] = ref;
        owner[slot] = ownerIndex;
        status[slot] = (byte)InstructionStatus.UNMATCHED.value();
        dealId[slot] = 0;
        endReason[slot] = 0;
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
        waitingInOrder.add(slot);
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
        // at most count steps: a chain that loops is reported as listed more than once
        for (int s = firstByKey.getIfAbsent(key(slot, side[slot]), NONE); s != NONE && steps++ <= count; s = nextSameKey[s])
        {
            times += s == slot ? 1 : 0;
        }
        return steps > count ? count + 1 : times;
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
        while (nextSameKey[at] != NONE && steps++ <= count)
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
            final int slot = waitingInOrder.get(waitingHead);
            if (isWaiting(slot))
            {
                return slot;
            }
            waitingHead++;
        }
        compactWaitingOrder();
        return NONE;
    }

    /** Slot {@code i} of the expiry order from the oldest (0: {@link #oldestWaiting}); {@link #NONE} past its end. */
    int waitingInOrder(final int i)
    {
        final int at = waitingHead + i;
        return at < waitingInOrder.size() ? waitingInOrder.get(at) : NONE;
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
        nextSameKey = Arrays.copyOf(nextSameKey, capacity);
        previousSameKey = Arrays.copyOf(previousSameKey, capacity);
        lastSameKey = Arrays.copyOf(lastSameKey, capacity);
    }

    /** @return true when nothing of matching was ever set or registered: the state hashes and saves as before matching. */
    boolean isDefault()
    {
        if (count > 0 || expiryBusinessDays != DEFAULT_EXPIRY_BUSINESS_DAYS)
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

    /** Digest of every instruction (in id order), the tolerances set and the expiry period. */
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
        for (int slot = 0; slot < count; slot++)
        {
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
        }
        return h;
    }
}
