package io.settlement.engine;

import java.util.Arrays;

import io.settlement.protocol.wire.DealType;
import org.agrona.collections.Long2LongHashMap;
import org.eclipse.collections.api.block.predicate.primitive.IntPredicate;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * The NETTED, optimising cycle (DESIGN.md 4b "Cycles", docs/rules.md "Netted cycle"): all due units
 * are netted per (participant, instrument); while some balance would go negative, the first short
 * balance in (participant id, instrument id) order drops, of the units whose own net change on it is
 * negative, the one with the latest order key; the units left settle at once (one balance change per
 * participant and instrument, a DEAL_SETTLED per deal); then the dropped units get one GROSS pass, in
 * order-key order, through the {@link GrossSettlementCycle}'s own unit attempt (a group whole or not
 * at all, a partial-allowed deal in full, in part or not). Every due deal gets exactly one outcome.
 *
 * <p>A <em>unit</em> is what settles all or nothing here: a single unlinked deal or a whole linked
 * group ({@link LinkGroups}), with an order key, its earliest member's (settlementDate, dealId) (its
 * rank here: units are collected in order-key order). A unit is due when every member is due and none
 * has a side on hold ({@link #collectDueUnits}, the one place units are selected, through the gross
 * cycle's own {@link GrossSettlementCycle#isDue}). Each deal takes part with what remains of it: a
 * partly settled deal nets its remaining quantity and the cash still to pay, and settling it in the
 * netted set is its final part (DEAL_SETTLED, the rest of its limit utilisation released).
 *
 * <p>Cost, for D due deals, L = 4D legs and P touched balances: O(L) to net (one lookup per leg: a
 * direct table up to a million (participant, instrument) pairs, a hash map beyond), O(L) to index the debtors of each balance, O(R log P + L) to deselect R units (each balance
 * keeps a cursor that only moves back over its debtors, and the short balances wait in a binary heap
 * ordered by (participant id, instrument id)), O(P + D) to settle. Sums are exact: net changes are
 * 128 bits wide. Deterministic (balances are numbered in first-touch order; the hash map is never
 * iterated) and allocation-free once its arrays have grown to the largest cycle.
 */
final class NettedSettlementCycle implements SettlementCycle
{
    private static final int NONE = -1;

    private final DealStore deals;
    private final Ledger ledger;
    private final ReferenceData ref;
    private final GrossSettlementCycle gross;
    private final IntPredicate isFinished = this::isFinished;
    /** Scratch: a unit's members, for the gross cycle's checks and attempts. */
    private final IntArrayList members = new IntArrayList();

    // units, in order-key order: members memberSlot[unitMemberStart[u] .. unitMemberStart[u + 1])
    private int unitCount;
    private int memberCount;
    private int[] unitMemberStart = new int[1025];
    private int[] memberSlot = new int[1024];
    private boolean[] removed = new boolean[1024];

    // each unit's own net change per balance: legs unitLegStart[u] .. unitLegStart[u + 1], 128 bits
    private int legCount;
    private int[] unitLegStart = new int[1025];
    private int[] legPosition = new int[4096];
    private long[] legLow = new long[4096];
    private long[] legHigh = new long[4096];

    /**
     * Up to this many (participant, instrument) pairs, positions are found in a direct table, else in a hash
     * map. Not final only so that a test can take the hash map's path with a small market; read at each cycle.
     */
    static int directPairsLimit = 1 << 20;

    // the balances the due units touch ("positions"), numbered in first-touch order
    private final Long2LongHashMap positionByKey = new Long2LongHashMap(64, 0.65f, NONE);
    /** The position of participant * instrumentCount + instrument, valid where its stamp is this cycle's. */
    private int[] directPosition = new int[0];
    private int[] directStamp = new int[0];
    private int stamp;
    private int instrumentCount;
    private boolean direct;
    private int positionCount;
    private int[] posParticipant = new int[64];
    private int[] posInstrument = new int[64];
    private long[] posParticipantId = new long[64];
    private int[] posInstrumentId = new int[64];
    private long[] posBalance = new long[64];
    private long[] netLow = new long[64];
    private long[] netHigh = new long[64];

    // per position, the units whose own net change on it is negative, in order-key order; the
    // cursor is one past the latest not yet removed (it only moves back)
    private int[] debtorStart = new int[65];
    private int[] debtorCursor = new int[64];
    private int[] debtorUnit = new int[2048];

    // the short positions, a binary min-heap by (participant id, instrument id)
    private int[] heap = new int[64];
    private boolean[] inHeap = new boolean[64];
    private int heapSize;

    NettedSettlementCycle(final EngineState state, final GrossSettlementCycle gross)
    {
        this.deals = state.deals();
        this.ledger = state.ledger();
        this.ref = state.referenceData();
        this.gross = gross;
    }

    @Override
    public void run(final int businessDate)
    {
        gross.beginCycle(businessDate);
        collectDueUnits(businessDate);
        net();
        deselect();
        settleRemaining();
        for (int u = 0; u < unitCount; u++)
        {
            if (removed[u])
            {
                members.clear();
                for (int m = unitMemberStart[u]; m < unitMemberStart[u + 1]; m++)
                {
                    members.add(memberSlot[m]);
                }
                gross.attemptUnit(members);
            }
        }
        compactPending(businessDate);
        gross.completeCycle();
    }

    /**
     * The due units, in order-key order: a single unlinked PENDING deal, or the whole link group of a
     * linked one (collected at its earliest member, in order-key order), taken only when every member
     * has its settlementDate on or before {@code businessDate} and none has a side on hold. The pending
     * lists are walked in (settlementDate, dealId) order, so each unit is met at its order key. The one
     * place units are selected: a held deal, or a linked group not wholly due and free, is left out here
     * (not attempted, no event, not counted).
     */
    private void collectDueUnits(final int businessDate)
    {
        unitCount = 0;
        memberCount = 0;
        final DatedSlots pending = deals.pendingByDate();
        for (int i = 0; i < pending.dateCount() && pending.date(i) <= businessDate; i++)
        {
            final SlotList slots = pending.slots(i);
            for (int j = 0; j < slots.size(); j++)
            {
                final int slot = slots.get(j);
                if (!deals.isPending(slot))
                {
                    continue;
                }
                if (deals.isLinked(slot))
                {
                    if (!gross.collectGroup(slot, members))
                    {
                        continue; // its group was met at an earlier member
                    }
                }
                else
                {
                    members.clear();
                    members.add(slot);
                }
                if (gross.isDue(members))
                {
                    addUnit(members);
                }
            }
        }
        unitMemberStart[unitCount] = memberCount;
    }

    private void addUnit(final IntArrayList slots)
    {
        if (unitCount + 1 == unitMemberStart.length)
        {
            unitMemberStart = Arrays.copyOf(unitMemberStart, unitMemberStart.length * 2);
            unitLegStart = Arrays.copyOf(unitLegStart, unitMemberStart.length);
            removed = Arrays.copyOf(removed, unitMemberStart.length);
        }
        if (memberCount + slots.size() > memberSlot.length)
        {
            memberSlot = Arrays.copyOf(memberSlot, Math.max(memberCount + slots.size(), memberSlot.length * 2));
        }
        unitMemberStart[unitCount++] = memberCount;
        for (int i = 0; i < slots.size(); i++)
        {
            memberSlot[memberCount++] = slots.get(i);
        }
    }

    /** Each unit's legs (merged per balance), every balance's net change, and the short balances. */
    private void net()
    {
        instrumentCount = ref.instrumentCount();
        final long pairs = (long)ref.participantCount() * instrumentCount;
        direct = pairs <= directPairsLimit;
        if (direct)
        {
            if (directPosition.length < pairs)
            {
                directPosition = new int[(int)pairs];
                directStamp = new int[(int)pairs];
            }
            if (++stamp == 0)
            {
                Arrays.fill(directStamp, 0);
                stamp = 1;
            }
        }
        else
        {
            positionByKey.clear();
        }
        positionCount = 0;
        legCount = 0;
        for (int u = 0; u < unitCount; u++)
        {
            removed[u] = false;
            unitLegStart[u] = legCount;
            for (int m = unitMemberStart[u]; m < unitMemberStart[u + 1]; m++)
            {
                final int slot = memberSlot[m];
                final int security = deals.security(slot);
                final long quantity = deals.remainingQuantity(slot);
                addLeg(u, deals.seller(slot), security, -quantity);
                addLeg(u, deals.buyer(slot), security, quantity);
                if (deals.dealType(slot) == DealType.DVP.value())
                {
                    final int currency = deals.currency(slot);
                    final long cash = deals.remainingCash(slot);
                    addLeg(u, deals.buyer(slot), currency, -cash);
                    addLeg(u, deals.seller(slot), currency, cash);
                }
            }
        }
        unitLegStart[unitCount] = legCount;

        // net changes, and per position how many units owe on it
        Arrays.fill(debtorStart, 0, positionCount + 1, 0);
        for (int l = 0; l < legCount; l++)
        {
            final int p = legPosition[l];
            final long low = netLow[p] + legLow[l];
            netHigh[p] += legHigh[l] + (Long.compareUnsigned(low, netLow[p]) < 0 ? 1 : 0);
            netLow[p] = low;
            if (legHigh[l] < 0)
            {
                debtorStart[p + 1]++;
            }
        }
        for (int p = 0; p < positionCount; p++)
        {
            debtorStart[p + 1] += debtorStart[p];
            debtorCursor[p] = debtorStart[p];
        }
        if (debtorUnit.length < debtorStart[positionCount])
        {
            debtorUnit = new int[Math.max(debtorStart[positionCount], debtorUnit.length * 2)];
        }
        for (int u = 0; u < unitCount; u++)
        {
            for (int l = unitLegStart[u]; l < unitLegStart[u + 1]; l++)
            {
                if (legHigh[l] < 0)
                {
                    debtorUnit[debtorCursor[legPosition[l]]++] = u;
                }
            }
        }

        heapSize = 0;
        for (int p = 0; p < positionCount; p++)
        {
            inHeap[p] = false;
            if (isShort(p))
            {
                push(p);
            }
        }
    }

    /** Adds {@code amount} to unit {@code u}'s own net change on (participant, instrument). */
    private void addLeg(final int u, final int participant, final int instrument, final long amount)
    {
        if (amount == 0)
        {
            return;
        }
        final int p = position(participant, instrument);
        for (int l = unitLegStart[u]; l < legCount; l++)
        {
            if (legPosition[l] == p)
            {
                // a unit of several deals on the same balance: one merged leg, exact
                final long low = legLow[l] + amount;
                legHigh[l] += (amount >> 63) + (Long.compareUnsigned(low, legLow[l]) < 0 ? 1 : 0);
                legLow[l] = low;
                return;
            }
        }
        if (legCount == legPosition.length)
        {
            legPosition = Arrays.copyOf(legPosition, legCount * 2);
            legLow = Arrays.copyOf(legLow, legCount * 2);
            legHigh = Arrays.copyOf(legHigh, legCount * 2);
        }
        legPosition[legCount] = p;
        legLow[legCount] = amount;
        legHigh[legCount] = amount >> 63;
        legCount++;
    }

    private int position(final int participant, final int instrument)
    {
        if (direct)
        {
            final int at = participant * instrumentCount + instrument;
            if (directStamp[at] == stamp)
            {
                return directPosition[at];
            }
            directStamp[at] = stamp;
            directPosition[at] = positionCount;
        }
        else
        {
            final long key = Ledger.key(participant, instrument);
            final int known = (int)positionByKey.get(key);
            if (known != NONE)
            {
                return known;
            }
            positionByKey.put(key, positionCount);
        }
        final int p = positionCount++;
        if (p == posParticipant.length)
        {
            growPositions(p * 2);
        }
        posParticipant[p] = participant;
        posInstrument[p] = instrument;
        posParticipantId[p] = ref.participantId(participant);
        posInstrumentId[p] = ref.instrumentId(instrument);
        posBalance[p] = ledger.balance(participant, instrument);
        netLow[p] = 0;
        netHigh[p] = 0;
        return p;
    }

    private void growPositions(final int capacity)
    {
        posParticipant = Arrays.copyOf(posParticipant, capacity);
        posInstrument = Arrays.copyOf(posInstrument, capacity);
        posParticipantId = Arrays.copyOf(posParticipantId, capacity);
        posInstrumentId = Arrays.copyOf(posInstrumentId, capacity);
        posBalance = Arrays.copyOf(posBalance, capacity);
        netLow = Arrays.copyOf(netLow, capacity);
        netHigh = Arrays.copyOf(netHigh, capacity);
        debtorStart = Arrays.copyOf(debtorStart, capacity + 1);
        debtorCursor = Arrays.copyOf(debtorCursor, capacity);
        heap = Arrays.copyOf(heap, capacity);
        inHeap = Arrays.copyOf(inHeap, capacity);
    }

    /** @return true when the balance plus its net change is below zero (128-bit exact). */
    private boolean isShort(final int p)
    {
        final long low = netLow[p] + posBalance[p];
        return netHigh[p] + (Long.compareUnsigned(low, netLow[p]) < 0 ? 1 : 0) < 0;
    }

    /** Removes units until no balance would go negative. */
    private void deselect()
    {
        while (heapSize > 0)
        {
            final int p = heap[0];
            if (!isShort(p))
            {
                pop();
                continue;
            }
            // a short balance has a remaining unit with a negative own change on it: the latest such
            int cursor = debtorCursor[p];
            while (removed[debtorUnit[cursor - 1]])
            {
                cursor--;
            }
            debtorCursor[p] = cursor - 1;
            remove(debtorUnit[cursor - 1]);
        }
    }

    private void remove(final int u)
    {
        removed[u] = true;
        for (int l = unitLegStart[u]; l < unitLegStart[u + 1]; l++)
        {
            final int p = legPosition[l];
            final long low = netLow[p] - legLow[l];
            netHigh[p] -= legHigh[l] + (Long.compareUnsigned(netLow[p], legLow[l]) < 0 ? 1 : 0);
            netLow[p] = low;
            if ((legHigh[l] > 0 || legHigh[l] == 0 && legLow[l] != 0) && !inHeap[p] && isShort(p))
            {
                push(p); // the unit was delivering to this balance, which may now fall short
            }
        }
    }

    /**
     * Moves every balance by its net change at once, then settles each deal of the units left: what
     * remains of it is its final part (the gross cycle's {@link GrossSettlementCycle#settledInNettedSet}).
     */
    private void settleRemaining()
    {
        for (int p = 0; p < positionCount; p++)
        {
            // not short: balance + net is in [0, supply], so the net change fits in 64 bits
            ledger.adjust(posParticipant[p], posInstrument[p], netLow[p]);
        }
        for (int u = 0; u < unitCount; u++)
        {
            if (!removed[u])
            {
                for (int m = unitMemberStart[u]; m < unitMemberStart[u + 1]; m++)
                {
                    gross.settledInNettedSet(memberSlot[m]);
                }
            }
        }
    }

    /** Drops the settled and cancelled slots from the due dates' pending lists, as the gross cycle does. */
    private void compactPending(final int businessDate)
    {
        final DatedSlots pending = deals.pendingByDate();
        int i = 0;
        while (i < pending.dateCount() && pending.date(i) <= businessDate)
        {
            final SlotList slots = pending.slots(i);
            slots.removeIf(isFinished);
            if (slots.isEmpty())
            {
                pending.remove(i);
            }
            else
            {
                i++;
            }
        }
    }

    private boolean isFinished(final int slot)
    {
        return !deals.isPending(slot);
    }

    // ---------------------------------------------------------------- the heap of short positions

    private boolean before(final int a, final int b)
    {
        return posParticipantId[a] != posParticipantId[b]
            ? posParticipantId[a] < posParticipantId[b]
            : posInstrumentId[a] < posInstrumentId[b];
    }

    private void push(final int p)
    {
        inHeap[p] = true;
        int i = heapSize++;
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            if (!before(p, heap[parent]))
            {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = p;
    }

    private void pop()
    {
        inHeap[heap[0]] = false;
        final int last = heap[--heapSize];
        int i = 0;
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= heapSize)
            {
                break;
            }
            if (child + 1 < heapSize && before(heap[child + 1], heap[child]))
            {
                child++;
            }
            if (!before(heap[child], last))
            {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = last;
    }
}
