package io.settlement.gateway;

/**
 * The split of a participant's clientDealIds between its channels: the FIX channel numbers the deals it
 * submits from {@link #FIX_FROM} up (one TradeReportID, one clientDealId), so the binary gateway and the
 * HTTP API refuse a SubmitDeal whose clientDealId lies there ({@code INVALID_FIELD}) rather than let it
 * take, or be answered as, a deal reported over FIX.
 */
public final class ClientDealIds
{
    /** The first clientDealId of the FIX channel's range (2^62). */
    public static final long FIX_FROM = 1L << 62;

    private ClientDealIds()
    {
    }

    /** @return true when {@code clientDealId} is the FIX channel's to give. */
    public static boolean isFixChannels(final long clientDealId)
    {
        return clientDealId >= FIX_FROM;
    }
}
