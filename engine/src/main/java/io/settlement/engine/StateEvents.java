package io.settlement.engine;

import io.settlement.engine.api.Event;
import io.settlement.protocol.Codes;
import io.settlement.protocol.wire.Reason;

/** Fills the events that describe a piece of state (a deal, a limit account) from it, for every handler that reports one. */
final class StateEvents
{
    private StateEvents()
    {
    }

    /** Every field of the deal in {@code slot}, by external ids. */
    static void fillDeal(final Event e, final DealStore deals, final int slot, final ReferenceData ref)
    {
        e.dealId = deals.dealId(slot);
        e.clientDealId = deals.clientDealId(slot);
        e.buyerId = ref.participantId(deals.buyer(slot));
        e.sellerId = ref.participantId(deals.seller(slot));
        e.securityId = ref.instrumentId(deals.security(slot));
        e.currencyId = currencyId(deals, slot, ref);
        e.quantity = deals.quantity(slot);
        e.cashAmount = deals.cashAmount(slot);
        e.settlementDate = deals.settlementDate(slot);
        e.dealType = deals.dealType(slot);
        e.dealStatus = deals.status(slot);
        e.reason = Codes.reason(deals.lastFailReason(slot));
        e.heldSides = deals.heldSides(slot); // encoded by DEAL_REPORT only
        e.linkId = deals.linkId(slot);
        e.partialAllowed = deals.partialAllowed(slot);
        e.minimumQuantity = deals.minimumQuantity(slot);
        e.settledQuantity = deals.settledQuantity(slot);
        e.settledCash = deals.settledCash(slot);
        e.partQuantity = deals.quantity(slot);
        e.partCash = deals.cashAmount(slot);
    }

    /** {@link #fillDeal(Event, DealStore, int, ReferenceData)} from a deal read out of the slab ({@link DealSlab#read}). */
    static void fillDeal(final Event e, final DealView d, final ReferenceData ref)
    {
        e.dealId = d.dealId;
        e.clientDealId = d.clientDealId;
        e.buyerId = ref.participantId(d.buyer);
        e.sellerId = ref.participantId(d.seller);
        e.securityId = ref.instrumentId(d.security);
        e.currencyId = d.currency == ReferenceData.NONE ? 0 : ref.instrumentId(d.currency);
        e.quantity = d.quantity;
        e.cashAmount = d.cashAmount;
        e.settlementDate = d.settlementDate;
        e.dealType = d.dealType;
        e.dealStatus = d.status;
        e.reason = Codes.reason(d.lastFailReason);
        e.heldSides = d.heldSides;
        e.linkId = d.linkId;
        e.partialAllowed = d.partialAllowed;
        e.minimumQuantity = d.minimumQuantity;
        e.settledQuantity = d.settledQuantity;
        e.settledCash = d.settledCash;
        e.partQuantity = d.quantity;
        e.partCash = d.cashAmount;
    }

    /** The external id of the currency of the deal in {@code slot}; 0 for a free-of-payment deal. */
    static int currencyId(final DealStore deals, final int slot, final ReferenceData ref)
    {
        final int currency = deals.currency(slot);
        return currency == ReferenceData.NONE ? 0 : ref.instrumentId(currency);
    }

    /** A limit account of {@code participantId}: its kind, key, limit and utilisation. */
    static void fillLimit(final Event e, final LimitBook limits, final long participantId, final int account)
    {
        e.participantId = participantId;
        e.limitKind = limits.kindCode(account);
        e.limitKey = limits.externalKey(account);
        e.amount = limits.limit(account);
        e.utilised = limits.utilised(account);
    }
}
