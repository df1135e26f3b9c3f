package io.settlement.engine;

import java.util.Arrays;

import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.DealStatus;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.Reason;
import org.eclipse.collections.api.block.predicate.primitive.IntPredicate;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;
import org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap;

/**
 * Gross settlement (DvP model 1), unit by unit: a unit is a single unlinked deal or a whole linked
 * group ({@link LinkGroups}), in order of its earliest member's (settlementDate, dealId), each against
 * the running balances, so earlier settlements in a cycle fund later ones. A single deal settles in
 * full if the seller holds what remains of the quantity and, for DVP, the buyer what remains of the
 * cash; else, when it allows partial settlement, the largest part both sides cover
 * ({@link PartialSettlement}); else it fails. A unit is attempted only when all its members are due
 * and none has a side on hold ({@link #isDue}: a held deal, or a linked group with one held member,
 * is skipped: not attempted, no event, not counted, and waits for a later cycle); a group settles
 * whole or not at all. A deal that cannot settle (in full) records why and stays PENDING
 * for the next cycle.
 *
 * <p>The GROSS {@link SettlementCycle}; {@link NettedSettlementCycle} is its sibling and runs through
 * this cycle its selection of units ({@link #beginCycle}, {@link #isDue}, {@link #collectGroup}), the
 * settlement of its netted set ({@link #settledInNettedSet}), its gross pass ({@link #attemptUnit}) and
 * its summary ({@link #completeCycle}), so both modes count and report alike. Allocation-free in
 * steady state.
 */
final class GrossSettlementCycle implements SettlementCycle
{
    private final DealStore deals;
    private final Ledger ledger;
    private final DealExposure exposure;
    private final ReferenceData ref;
    private final EventEmitter out;
    private final IntPredicate settleOrKeep = this::settleOrKeep;

    /** {@link #attempt}'s answers: settled in full, a part settled (the rest pending), or failed ({@link #failure} says why). */
    private static final int SETTLED = 0;
    private static final int PART_SETTLED = 1;
    private static final int FAILED = 2;
    private static final byte PENDING = (byte)DealStatus.PENDING.value();
    private static final byte DVP = (byte)DealType.DVP.value();

    /** The deal being looked at, read out of the slab once ({@link DealSlab#read}). */
    private final DealView deal = new DealView();
    private final IntArrayList group = new IntArrayList();
    /** A group's net change per balance (Ledger key), 128 bits: low 64 bits (unsigned) and high 64 bits. */
    private final LongLongHashMap netChanges = new LongLongHashMap();
    private final LongLongHashMap netChangesHigh = new LongLongHashMap();
    private int businessDate;
    private int mark;
    private long attempted;
    private long settled;
    private long failed;
    /** Why the last attempt that failed did. */
    private Reason failure = Reason.OK;
    /** The value settled per currency, 128 bits wide: low 64 bits (unsigned) and high 64 bits. */
    private long[] settledValueByInstrument = new long[16];
    private long[] settledValueHighByInstrument = new long[16];
    private long[] settledCountByInstrument = new long[16];

    GrossSettlementCycle(final EngineState state, final DealExposure exposure, final EventEmitter out)
    {
        this.deals = state.deals();
        this.ledger = state.ledger();
        this.exposure = exposure;
        this.ref = state.referenceData();
        this.out = out;
    }

    /** Runs one cycle and emits one event per attempt, the settled value per currency, then the summary. */
    @Override
    public void run(final int businessDate)
    {
        beginCycle(businessDate);
        final DatedSlots pending = deals.pendingByDate();
        int i = 0;
        while (i < pending.dateCount() && pending.date(i) <= businessDate)
        {
            final SlotList slots = pending.slots(i);
            slots.removeIf(settleOrKeep);
            if (slots.isEmpty())
            {
                pending.remove(i);
            }
            else
            {
                i++;
            }
        }
        completeCycle();
    }

    /** Starts a cycle at {@code businessDate}: a new mark for the link groups collected, the counts and settled values at zero. */
    void beginCycle(final int businessDate)
    {
        this.businessDate = businessDate;
        mark++;
        attempted = 0;
        settled = 0;
        failed = 0;
        final int instruments = ref.instrumentCount();
        if (settledValueByInstrument.length < instruments)
        {
            settledValueByInstrument = new long[Math.max(instruments, settledValueByInstrument.length * 2)];
            settledValueHighByInstrument = new long[settledValueByInstrument.length];
            settledCountByInstrument = new long[settledValueByInstrument.length];
        }
        Arrays.fill(settledValueByInstrument, 0, instruments, 0);
        Arrays.fill(settledValueHighByInstrument, 0, instruments, 0);
        Arrays.fill(settledCountByInstrument, 0, instruments, 0);
    }

    /** Ends a cycle: the settled value per currency, then CYCLE_COMPLETED with the counts. */
    void completeCycle()
    {
        emitSettledValues(ref.instrumentCount());
        final Event done = out.reply(EventType.CYCLE_COMPLETED);
        done.businessDate = businessDate;
        done.attempted = attempted;
        done.settled = settled;
        done.failed = failed;
        out.emit();
    }

    /** @return true when the slot leaves the pending list: settled now, or cancelled since it was listed. */
    private boolean settleOrKeep(final int slot)
    {
        final DealView d = deal;
        deals.read(slot, d);
        if (d.status != PENDING)
        {
            return true;
        }
        if (d.isLinked())
        {
            if (collectGroup(slot, group) && isDue(group))
            {
                settleGroup(group);
            }
            return !deals.isPending(slot);
        }
        // isDue of a one-deal unit, from the fields read
        if (d.settlementDate > businessDate || d.heldSides != 0)
        {
            return false;
        }
        return attemptSingle(d);
    }

    /**
     * Puts into {@code members} the whole link group of the pending linked deal in {@code slot}, in
     * order-key order, when this cycle has not collected it yet (the slot is its earliest member met).
     *
     * @return false when the group was collected before in this cycle ({@code members} untouched)
     */
    boolean collectGroup(final int slot, final IntArrayList members)
    {
        if (deals.cycleMark(slot) == mark)
        {
            return false;
        }
        deals.links().collect(deals, slot, mark, members);
        return true;
    }

    /**
     * One gross attempt of a due unit against the running balances: a linked group ({@code members} in
     * order-key order) settles whole or fails whole; a single unlinked deal settles in full, or a part
     * when it allows parts, or fails. Every member gets its event and is counted.
     */
    void attemptUnit(final IntArrayList members)
    {
        if (deals.isLinked(members.get(0)))
        {
            settleGroup(members);
        }
        else
        {
            deals.read(members.get(0), deal);
            attemptSingle(deal);
        }
    }

    /** @return true when the single deal ({@code d}, as read from the slab) settled in full. */
    private boolean attemptSingle(final DealView d)
    {
        attempted++;
        final int outcome = attempt(d);
        if (outcome == SETTLED)
        {
            settled++;
            return true;
        }
        if (outcome == PART_SETTLED)
        {
            return false; // attempted, neither settled nor failed: the rest stays pending
        }
        failed++;
        fail(d.slot, failure);
        return false;
    }

    /**
     * Whether a unit (a single deal, or a whole linked group) is looked at: every member due by the
     * business date and none with a side on hold. A unit that is not is skipped: no attempt, no event, not
     * counted; it stays listed for a later cycle. The gross pass asks the same of a single deal from the
     * fields it has read ({@link #settleOrKeep}).
     */
    boolean isDue(final IntArrayList members)
    {
        for (int i = 0; i < members.size(); i++)
        {
            final int slot = members.get(i);
            if (deals.settlementDate(slot) > businessDate || deals.isHeld(slot))
            {
                return false;
            }
        }
        return true;
    }

    private void fail(final int slot, final Reason reason)
    {
        deals.lastFailReason(slot, (byte)reason.value());
        final Event e = out.notice(EventType.DEAL_SETTLEMENT_FAILED);
        e.dealId = deals.dealId(slot);
        e.clientDealId = deals.clientDealId(slot);
        e.buyerId = ref.participantId(deals.buyer(slot));
        e.sellerId = ref.participantId(deals.seller(slot));
        e.currencyId = StateEvents.currencyId(deals, slot, ref); // not encoded: for the pipeline's counters
        e.reason = reason;
        out.emit();
    }

    /**
     * A single deal: in full when both sides cover what remains of it; else, when it allows it, the
     * largest part both sides cover ({@link PartialSettlement}); else it fails.
     *
     * @return {@link #SETTLED}, {@link #PART_SETTLED} (the rest pending), or {@link #FAILED} with {@link #failure} set.
     */
    private int attempt(final DealView d)
    {
        final int slot = d.slot;
        final boolean dvp = d.dealType == DVP;
        final long quantity = d.remainingQuantity();
        final long cash = d.remainingCash();
        final long securitiesHeld = ledger.balance(d.seller, d.security);
        final long cashHeld = dvp ? ledger.balance(d.buyer, d.currency) : 0;
        final Reason whole;
        if (securitiesHeld < quantity)
        {
            whole = Reason.INSUFFICIENT_SECURITIES; // checked first: when both legs are short, this is the reason
        }
        else if (dvp && cashHeld < cash)
        {
            whole = Reason.INSUFFICIENT_CASH;
        }
        else
        {
            // the balances just read are the senders' (the two legs move different instruments)
            ledger.transfer(d.seller, securitiesHeld, d.buyer, d.security, quantity);
            if (dvp)
            {
                ledger.transfer(d.buyer, cashHeld, d.seller, d.currency, cash);
            }
            finishSettled(d);
            return SETTLED;
        }
        failure = whole;
        if (d.partialAllowed == 0)
        {
            return FAILED;
        }
        final long part = PartialSettlement.largestPart(
            d.quantity, d.cashAmount, d.settledQuantity, d.settledCash, d.minimumQuantity, dvp, securitiesHeld, cashHeld);
        if (part == 0)
        {
            return FAILED;
        }
        settlePart(slot, dvp, part, whole);
        return PART_SETTLED;
    }

    /**
     * Finishes a deal whose remainder has just moved (its balances already changed): the cash of the
     * remainder into the settled value, its limit utilisation released, SETTLED, and DEAL_SETTLED with the
     * final part (the remaining quantity, and the cash that brings the total paid to exactly the deal's).
     */
    private void finishSettled(final DealView d)
    {
        final long quantity = d.remainingQuantity();
        final long cash = d.remainingCash();
        if (d.dealType == DVP)
        {
            addSettledValue(d.currency, cash);
        }
        exposure.releasePart(d, quantity, cash);
        deals.settle(d);

        final Event e = out.notice(EventType.DEAL_SETTLED);
        StateEvents.fillDeal(e, d, ref); // as the slab now holds it (DealStore#settle)
        e.partQuantity = quantity;
        e.partCash = cash;
        out.emit();
    }

    /**
     * A deal of a NETTED cycle's netted set, whose balances the netted settlement has already moved: it
     * settles what remains of it as its final part, as a settlement here does, and counts as attempted
     * and settled.
     */
    void settledInNettedSet(final int slot)
    {
        attempted++;
        settled++;
        deals.read(slot, deal);
        finishSettled(deal);
    }

    /** Moves a part of a partial-allowed deal; the rest stays PENDING, with {@code why} as its last fail reason. */
    private void settlePart(final int slot, final boolean dvp, final long part, final Reason why)
    {
        final long settledAfter = deals.settledQuantity(slot) + part;
        final long cashAfter = Arith.mulDivFloor(deals.cashAmount(slot), settledAfter, deals.quantity(slot));
        final long cash = cashAfter - deals.settledCash(slot);
        ledger.transfer(deals.seller(slot), deals.buyer(slot), deals.security(slot), part);
        if (dvp)
        {
            ledger.transfer(deals.buyer(slot), deals.seller(slot), deals.currency(slot), cash);
            addSettledValue(deals.currency(slot), cash);
        }
        exposure.releasePart(deals, slot, part, cash);
        deals.settledQuantity(slot, settledAfter);
        deals.settledCash(slot, cashAfter);
        deals.lastFailReason(slot, (byte)why.value());

        final Event e = out.notice(EventType.DEAL_PARTIALLY_SETTLED);
        StateEvents.fillDeal(e, deals, slot, ref);
        e.partQuantity = part;
        e.partCash = cash;
        e.reason = why;
        out.emit();
    }

    /**
     * A due linked group ({@code linked}, in order-key order), as one atomic move: it settles when no
     * balance is negative after all its members' legs together; else every member fails, the earliest
     * that debits a short balance with that balance's reason, the others LINKED_DEAL_FAILED. Linked
     * deals settle in full only.
     */
    private void settleGroup(final IntArrayList linked)
    {
        final int members = linked.size();
        attempted += members;
        netChanges.clear();
        netChangesHigh.clear();
        for (int i = 0; i < members; i++)
        {
            final int slot = linked.get(i);
            addLeg(deals.seller(slot), deals.buyer(slot), deals.security(slot), deals.remainingQuantity(slot));
            if (deals.dealType(slot) == DealType.DVP.value())
            {
                addLeg(deals.buyer(slot), deals.seller(slot), deals.currency(slot), deals.remainingCash(slot));
            }
        }
        int culprit = -1;
        Reason culpritReason = Reason.OK;
        for (int i = 0; i < members && culprit < 0; i++)
        {
            final int slot = linked.get(i);
            if (isShort(deals.seller(slot), deals.security(slot)))
            {
                culprit = i;
                culpritReason = Reason.INSUFFICIENT_SECURITIES;
            }
            else if (deals.dealType(slot) == DealType.DVP.value() && isShort(deals.buyer(slot), deals.currency(slot)))
            {
                culprit = i;
                culpritReason = Reason.INSUFFICIENT_CASH;
            }
        }
        if (culprit >= 0)
        {
            failed += members;
            for (int i = 0; i < members; i++)
            {
                fail(linked.get(i), i == culprit ? culpritReason : Reason.LINKED_DEAL_FAILED);
            }
            return;
        }
        // feasible: every touched balance takes its net change once, so no intermediate sum can overflow
        for (int i = 0; i < members; i++)
        {
            final int slot = linked.get(i);
            applyNet(deals.seller(slot), deals.security(slot));
            applyNet(deals.buyer(slot), deals.security(slot));
            if (deals.dealType(slot) == DealType.DVP.value())
            {
                applyNet(deals.buyer(slot), deals.currency(slot));
                applyNet(deals.seller(slot), deals.currency(slot));
            }
        }
        settled += members;
        for (int i = 0; i < members; i++)
        {
            deals.read(linked.get(i), deal);
            finishSettled(deal);
        }
    }

    /** Adds a leg of {@code amount} from {@code from} to {@code to} to the group's 128-bit net changes. */
    private void addLeg(final int from, final int to, final int instrument, final long amount)
    {
        addNet(Ledger.key(from, instrument), -amount);
        addNet(Ledger.key(to, instrument), amount);
    }

    private void addNet(final long key, final long amount)
    {
        final long low = netChanges.get(key);
        final long sum = low + amount;
        long high = netChangesHigh.get(key) + (amount < 0 ? -1 : 0);
        if (Long.compareUnsigned(sum, low) < 0)
        {
            high++;
        }
        netChanges.put(key, sum);
        netChangesHigh.put(key, high);
    }

    /** @return true when the balance would be negative after the group's net change to it. */
    private boolean isShort(final int participant, final int instrument)
    {
        final long key = Ledger.key(participant, instrument);
        final long balance = ledger.balance(participant, instrument);
        final long low = netChanges.get(key) + balance;
        long high = netChangesHigh.get(key);
        if (Long.compareUnsigned(low, balance) < 0)
        {
            high++;
        }
        return high < 0;
    }

    private void applyNet(final int participant, final int instrument)
    {
        final long key = Ledger.key(participant, instrument);
        if (netChanges.containsKey(key))
        {
            // balance + change is within [0, supply], so the change fits in 64 bits: its low 64 bits are the change
            ledger.adjust(participant, instrument, netChanges.get(key));
            netChanges.remove(key);
        }
    }

    /** Counts a cash movement in a currency into the cycle's settled value (128-bit: exact beyond Long.MAX_VALUE). */
    private void addSettledValue(final int currency, final long cash)
    {
        if (cash == 0)
        {
            return;
        }
        final long low = settledValueByInstrument[currency];
        final long sum = low + cash;
        if (Long.compareUnsigned(sum, low) < 0)
        {
            settledValueHighByInstrument[currency]++;
        }
        settledValueByInstrument[currency] = sum;
        settledCountByInstrument[currency]++;
    }

    private void emitSettledValues(final int instruments)
    {
        for (int i = 0; i < instruments; i++)
        {
            if (settledCountByInstrument[i] > 0 && ref.isKind(i, InstrumentKind.CURRENCY))
            {
                final Event e = out.reply(EventType.CYCLE_SETTLED_VALUE);
                e.currencyId = ref.instrumentId(i);
                e.amount = settledValueByInstrument[i];
                e.amountHigh = settledValueHighByInstrument[i];
                e.count = settledCountByInstrument[i];
                out.emit();
            }
        }
    }
}
