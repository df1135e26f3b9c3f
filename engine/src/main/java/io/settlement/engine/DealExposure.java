package io.settlement.engine;

import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.LimitKind;
import io.settlement.protocol.wire.Reason;

/**
 * What a pending deal uses of the limit book, in one place: checked when a deal is registered,
 * taken when it is accepted, released when it settles or is cancelled.
 * <ul>
 *   <li>CREDIT (buyer, currency): cash amount (DVP only);</li>
 *   <li>COUNTERPARTY (buyer, seller) and (seller, buyer): cash amount (DVP; each side's own limit, against
 *       the pair's one utilisation, {@link LimitBook#findPair}). An FOP deal uses none, but is refused while
 *       either of these limits is breached (utilisation above a limit lowered below it), like any deal that
 *       would leave a limit above it;</li>
 *   <li>DELIVERY (seller, security): quantity.</li>
 * </ul>
 * {@link #check} remembers the accounts it found, so {@link #take} right after it does no lookup.
 */
final class DealExposure
{
    private final LimitBook limits;
    private final ReferenceData ref;
    private int creditAccount;
    private int counterpartyPair;
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
        Reason r;
        if (dvp)
        {
            creditAccount = limits.find(LimitKind.CREDIT, buyer, currency);
            r = reason(limits.fits(creditAccount, cash), Reason.CREDIT_LIMIT_EXCEEDED);
            if (r != Reason.OK)
            {
                return r;
            }
        }
        // an FOP deal carries no cash (0 here) but is still refused while either side's limit is breached
        counterpartyPair = limits.findPair(buyer, seller);
        r = reason(limits.pairFits(counterpartyPair, buyer, seller, cash), Reason.COUNTERPARTY_LIMIT_EXCEEDED);
        if (r != Reason.OK)
        {
            return r;
        }
        r = reason(limits.pairFits(counterpartyPair, seller, buyer, cash), Reason.COUNTERPARTY_LIMIT_EXCEEDED);
        if (r != Reason.OK)
        {
            return r;
        }
        deliveryAccount = limits.find(LimitKind.DELIVERY, seller, security);
        return reason(limits.fits(deliveryAccount, quantity), Reason.DELIVERY_LIMIT_EXCEEDED);
    }

    private static Reason reason(final int fits, final Reason exceeded)
    {
        return fits == LimitBook.FITS ? Reason.OK : fits == LimitBook.EXCEEDED ? exceeded : Reason.OVERFLOW;
    }

    /**
     * Takes the exposure of a deal that {@link #check} just passed (its terms as registered in {@code slot}),
     * recording its accounts in the deal's slot.
     */
    void take(
        final DealStore deals, final int slot, final boolean dvp, final int buyer, final int seller, final int security,
        final int currency, final long quantity, final long cash)
    {
        int credit = LimitBook.NONE;
        int pair = LimitBook.NONE;
        if (dvp)
        {
            credit = limits.use(creditAccount, LimitKind.CREDIT, buyer, currency, ref.instrumentId(currency), cash);
            pair = limits.usePair(counterpartyPair, buyer, seller, ref.participantId(buyer), ref.participantId(seller), cash);
        }
        deals.creditAccount(slot, credit);
        deals.counterpartyPair(slot, pair);
        deals.deliveryAccount(slot, limits.use(
            deliveryAccount, LimitKind.DELIVERY, seller, security, ref.instrumentId(security), quantity));
    }

    /**
     * Releases the exposure of the deal in {@code slot}, which is leaving PENDING: what is still pending
     * of it (its whole amounts, or what earlier parts left); call before its settled amounts change.
     */
    void release(final DealStore deals, final int slot)
    {
        releasePart(deals, slot, deals.remainingQuantity(slot), deals.remainingCash(slot));
    }

    /** Releases the exposure of a part of the deal in {@code slot} that settles: its quantity and cash. */
    void releasePart(final DealStore deals, final int slot, final long quantity, final long cash)
    {
        limits.release(deals.creditAccount(slot), cash);
        limits.releasePair(deals.counterpartyPair(slot), deals.buyer(slot), cash);
        limits.release(deals.deliveryAccount(slot), quantity);
    }

    /** {@link #releasePart} of the deal read into {@code d}. */
    void releasePart(final DealView d, final long quantity, final long cash)
    {
        limits.release(d.creditAccount, cash);
        limits.releasePair(d.counterpartyPair, d.buyer, cash);
        limits.release(d.deliveryAccount, quantity);
    }

    /** Re-links a pending deal read from a snapshot to its (re-created) accounts. */
    void relink(final DealStore deals, final int slot)
    {
        final int buyer = deals.buyer(slot);
        final int seller = deals.seller(slot);
        final boolean dvp = deals.dealType(slot) == DealType.DVP.value();
        deals.creditAccount(slot, dvp ? limits.find(LimitKind.CREDIT, buyer, deals.currency(slot)) : LimitBook.NONE);
        deals.counterpartyPair(slot, dvp ? limits.findPair(buyer, seller) : LimitBook.NONE);
        deals.deliveryAccount(slot, limits.find(LimitKind.DELIVERY, seller, deals.security(slot)));
    }
}
