package io.settlement.fix;

import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.Side;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * The terms of the deals still pending, as the event journal tells them (DEAL_ACCEPTED registers a reported
 * deal, INSTRUCTION_MATCHED a matched one; its last settlement or its cancellation ends it): what a settlement notice repeats about its trade
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

    private static final long NO_FAILURE = -1;

    private final Long2ObjectHashMap<Terms> byDealId = new Long2ObjectHashMap<>();
    /** The reason code of each pending deal's last failed attempt, forgotten when a part of it settles. */
    private final Long2LongHashMap lastFailure = new Long2LongHashMap(NO_FAILURE);

    /** Takes what an event tells about its deal. */
    void apply(final Event e)
    {
        if (e.type == EventType.DEAL_ACCEPTED && e.count == 0)
        {
            byDealId.put(e.dealId, new Terms(e.dealId, e.clientDealId, e.submitterId, e.buyerId, e.sellerId, e.securityId, e.currencyId,
                e.quantity, e.cashAmount, e.settlementDate));
        }
        else if (e.type == EventType.INSTRUCTION_MATCHED)
        {
            // the deal a match registers: no clientDealId, the arriving instruction's owner submits it, the seller's cash
            final long submitterId = e.side == Side.BUY.value() ? e.buyerId : e.sellerId;
            byDealId.put(e.dealId, new Terms(e.dealId, 0, submitterId, e.buyerId, e.sellerId, e.securityId, e.currencyId,
                e.quantity, e.dealCashAmount, e.settlementDate));
        }
        else if (e.type == EventType.DEAL_SETTLEMENT_FAILED)
        {
            lastFailure.put(e.dealId, e.reason.value());
        }
        else if (e.type == EventType.DEAL_PARTIALLY_SETTLED)
        {
            lastFailure.remove(e.dealId);
        }
        else if (e.type == EventType.DEAL_SETTLED || e.type == EventType.DEAL_CANCELLED)
        {
            byDealId.remove(e.dealId);
            lastFailure.remove(e.dealId);
        }
    }

    /**
     * @return whether a DEAL_SETTLEMENT_FAILED (not yet applied) is news to the parties: the deal's first failed
     * attempt, one for another reason than the last, or the first since a part of it settled. A deal failing
     * cycle after cycle for the same reason is told once, not at every cycle.
     */
    boolean isNewFailure(final Event failed)
    {
        return lastFailure.get(failed.dealId) != failed.reason.value();
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
