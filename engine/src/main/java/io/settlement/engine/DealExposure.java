package io.settlement.engine;

import io.settlement.engine.api.DealType;
import io.settlement.engine.api.LimitKind;
import io.settlement.engine.api.Reason;

/**
 * What a pending deal uses of the limit book, in one place: checked when a deal is registered,
 * taken when it is accepted, released when it settles or is cancelled.
 * <ul>
 *   <li>CREDIT (buyer, currency): cash amount (DVP only);</li>
 *   <li>COUNTERPARTY (buyer, seller) and (seller, buyer): cash amount (DVP only; each side's own limit);</li>
 *   <li>DELIVERY (seller, security): quantity.</li>
 * </ul>
 * {@link #check} remembers the accounts it found, so {@link #take} right after it does no lookup.
 */
final class DealExposure
{
    private final LimitBook limits;
    private final ReferenceData ref;
    private int creditAccount;
    private int buyerCounterpartyAccount;
    private int sellerCounterpartyAccount;
    private int deliveryAccount;

    DealExposure(final LimitBook limits, final ReferenceData ref)
    {
        this.limits = limits;
        this.ref = ref;
    }

    /** @return OK, or the first limit the deal would break (or OVERFLOW of a utilisation sum). */
    Reason check(
        final boolean dvp, final int buyer, final int seller, final int security, final int currency,
        final long quantity, final long cash)
    {
        if (dvp)
        {
            creditAccount = limits.find(LimitKind.CREDIT, buyer, currency);
            Reason r = fits(creditAccount, cash, Reason.CREDIT_LIMIT_EXCEEDED);
            if (r != Reason.OK)
            {
                return r;
            }
            buyerCounterpartyAccount = limits.find(LimitKind.COUNTERPARTY, buyer, seller);
            r = fits(buyerCounterpartyAccount, cash, Reason.COUNTERPARTY_LIMIT_EXCEEDED);
            if (r != Reason.OK)
            {
                return r;
            }
            sellerCounterpartyAccount = limits.find(LimitKind.COUNTERPARTY, seller, buyer);
            r = fits(sellerCounterpartyAccount, cash, Reason.COUNTERPARTY_LIMIT_EXCEEDED);
            if (r != Reason.OK)
            {
                return r;
            }
        }
        deliveryAccount = limits.find(LimitKind.DELIVERY, seller, security);
        return fits(deliveryAccount, quantity, Reason.DELIVERY_LIMIT_EXCEEDED);
    }

    private Reason fits(final int account, final long amount, final Reason exceeded)
    {
        if (amount > limits.headroom(account))
        {
            return exceeded;
        }
        return Arith.addOverflows(limits.utilised(account), amount) ? Reason.OVERFLOW : Reason.OK;
    }

    /** Takes the exposure of a deal that {@link #check} just passed. */
    void take(
        final boolean dvp, final int buyer, final int seller, final int security, final int currency,
        final long quantity, final long cash)
    {
        if (dvp)
        {
            limits.use(creditAccount, LimitKind.CREDIT, buyer, currency, ref.instrumentId(currency), cash);
            limits.use(buyerCounterpartyAccount, LimitKind.COUNTERPARTY, buyer, seller, ref.participantId(seller), cash);
            limits.use(sellerCounterpartyAccount, LimitKind.COUNTERPARTY, seller, buyer, ref.participantId(buyer), cash);
        }
        limits.use(deliveryAccount, LimitKind.DELIVERY, seller, security, ref.instrumentId(security), quantity);
    }

    /** Releases the exposure of the deal in {@code slot}, which is leaving PENDING. */
    void release(final DealStore deals, final int slot)
    {
        final int buyer = deals.buyer[slot];
        final int seller = deals.seller[slot];
        if (deals.dealType[slot] == DealType.DVP.code())
        {
            final long cash = deals.cashAmount[slot];
            limits.release(LimitKind.CREDIT, buyer, deals.currency[slot], cash);
            limits.release(LimitKind.COUNTERPARTY, buyer, seller, cash);
            limits.release(LimitKind.COUNTERPARTY, seller, buyer, cash);
        }
        limits.release(LimitKind.DELIVERY, seller, deals.security[slot], deals.quantity[slot]);
    }
}
