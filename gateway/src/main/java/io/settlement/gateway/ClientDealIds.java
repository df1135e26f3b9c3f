package io.settlement.gateway;

/**
 * The split of a participant's keys between its channels: the FIX channel numbers the deals and the
 * instructions it submits from {@link #FIX_FROM} up (one TradeReportID, one clientDealId or clientRef), so
 * the binary gateway and the HTTP API refuse a SubmitDeal or SubmitInstruction whose key lies there
 * ({@code INVALID_FIELD}) rather than let it take, or be answered as, a trade reported over FIX.
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
