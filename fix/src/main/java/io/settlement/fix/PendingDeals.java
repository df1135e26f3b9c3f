package io.settlement.fix;

import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * The terms of the deals still pending, as the event journal tells them (DEAL_ACCEPTED registers a deal,
 * its last settlement or its cancellation ends it): what a settlement notice repeats about its trade
 * when the notice's own event carries only the deal id and the parties (a failure, a cancellation).
 * Only the notices' thread reads and writes it.
 */
final class PendingDeals
{
    /** A deal's terms. */
    record Terms(long dealId, long clientDealId, long submitterId, long buyerId, long sellerId, int securityId, int currencyId,
        long quantity, long cashAmount, int settlementDate)
    {
    }

    private final Long2ObjectHashMap<Terms> byDealId = new Long2ObjectHashMap<>();

    /** Takes what an event tells about its deal. */
    void apply(final Event e)
    {
        if (e.type == EventType.DEAL_ACCEPTED && e.count == 0)
        {
            byDealId.put(e.dealId, new Terms(e.dealId, e.clientDealId, e.submitterId, e.buyerId, e.sellerId, e.securityId, e.currencyId,
                e.quantity, e.cashAmount, e.settlementDate));
        }
        else if (e.type == EventType.DEAL_SETTLED || e.type == EventType.DEAL_CANCELLED)
        {
            byDealId.remove(e.dealId);
        }
    }

    /** @return the terms of a pending deal; null when it was registered before the journal's start or by a path this does not follow. */
    Terms get(final long dealId)
    {
        return byDealId.get(dealId);
    }

    int size()
    {
        return byDealId.size();
    }
}
