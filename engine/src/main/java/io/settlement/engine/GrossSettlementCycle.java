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

/**
 * Gross, deal-by-deal settlement (DvP model 1): every PENDING deal due by the business date, in
 * (settlementDate, dealId) order, settles if the seller holds the quantity and, for DVP, the buyer
 * holds the cash; both legs move together or neither does. A deal that cannot settle records why
 * and stays PENDING for the next cycle. Earlier settlements in a cycle fund later ones.
 *
 * <p>The GROSS {@link SettlementCycle}; {@link NettedSettlementCycle} is its sibling and runs its own
 * gross pass through {@link #beginCycle}, {@link #attemptUnit}, {@link #countSettled} and
 * {@link #completeCycle}. Allocation-free in steady state.
 */
final class GrossSettlementCycle implements SettlementCycle
{
    private final DealStore deals;
    private final Ledger ledger;
    private final DealExposure exposure;
    private final ReferenceData ref;
    private final EventEmitter out;
    private final IntPredicate settleOrKeep = this::settleOrKeep;

    private long attempted;
    private long settled;
    private long failed;
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
        beginCycle();
        final DatedSlots pending = deals.pendingByDate();
        int i = 0;
        while (i < pending.dateCount() && pending.date(i) <= businessDate)
        {
            final IntArrayList slots = pending.slots(i);
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
        completeCycle(businessDate);
    }

    /** Starts a cycle's counts and settled values (a {@link NettedSettlementCycle} runs its gross pass through this cycle). */
    void beginCycle()
    {
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
    void completeCycle(final int businessDate)
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
        return !deals.isPending(slot) || attemptUnit(slot);
    }

    /**
     * One gross attempt of a pending unit (today a single deal) against the running balances: it settles
     * (DEAL_SETTLED) or records why not (DEAL_SETTLEMENT_FAILED), and is counted.
     *
     * @return true when it settled
     */
    boolean attemptUnit(final int slot)
    {
        attempted++;
        final Reason reason = attempt(slot);
        if (reason == Reason.OK)
        {
            settled++;
            return true;
        }
        failed++;
        deals.lastFailReason[slot] = (byte)reason.value();
        final Event e = out.notice(EventType.DEAL_SETTLEMENT_FAILED);
        e.dealId = deals.dealId[slot];
        e.clientDealId = deals.clientDealId[slot];
        e.buyerId = ref.participantId(deals.buyer[slot]);
        e.sellerId = ref.participantId(deals.seller[slot]);
        e.currencyId = StateEvents.currencyId(deals, slot, ref); // not encoded: for the pipeline's counters
        e.reason = reason;
        out.emit();
        return false;
    }

    private Reason attempt(final int slot)
    {
        final int buyer = deals.buyer[slot];
        final int seller = deals.seller[slot];
        final int security = deals.security[slot];
        final long quantity = deals.quantity[slot];
        final boolean dvp = deals.dealType[slot] == DealType.DVP.value();
        if (ledger.balance(seller, security) < quantity)
        {
            return Reason.INSUFFICIENT_SECURITIES;
        }
        final int currency = deals.currency[slot];
        final long cash = deals.cashAmount[slot];
        if (dvp && ledger.balance(buyer, currency) < cash)
        {
            return Reason.INSUFFICIENT_CASH;
        }

        ledger.transfer(seller, buyer, security, quantity);
        if (dvp)
        {
            ledger.transfer(buyer, seller, currency, cash);
            addSettledValue(currency, cash);
        }
        exposure.release(deals, slot);
        deals.finish(slot, DealStatus.SETTLED);

        final Event e = out.notice(EventType.DEAL_SETTLED);
        StateEvents.fillDeal(e, deals, slot, ref);
        out.emit();
        return Reason.OK;
    }

    /**
     * Counts a deal settled outside this cycle's attempts (the netted set of a {@link NettedSettlementCycle},
     * whose balances moved at once): attempted, settled, and its cash in the settled value.
     */
    void countSettled(final int slot)
    {
        attempted++;
        settled++;
        if (deals.dealType[slot] == DealType.DVP.value())
        {
            addSettledValue(deals.currency[slot], deals.cashAmount[slot]);
        }
    }

    /** 128-bit add: a cycle may settle more than Long.MAX_VALUE in one currency, and the figure must be exact. */
    private void addSettledValue(final int currency, final long cash)
    {
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
