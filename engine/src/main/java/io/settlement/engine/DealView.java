package io.settlement.engine;

/**
 * One deal's fields as {@link DealSlab#read} copied them out of the slab: the row found once and
 * each field read once, where the accessors find the row at every field. The settlement cycle
 * reads a deal through one of these (a dozen fields, most of them several times over per deal).
 * A copy, not a live view: a write to the slab after {@link DealSlab#read} is not seen here.
 */
final class DealView
{
    int slot;
    long dealId;
    long clientDealId;
    int buyer;
    int seller;
    int security;
    int currency;
    long quantity;
    long cashAmount;
    int settlementDate;
    byte dealType;
    byte status;
    byte lastFailReason;
    byte heldSides;
    long linkId;
    long matchedLinkId;
    byte partialAllowed;
    long minimumQuantity;
    long settledQuantity;
    long settledCash;
    int creditAccount;
    int counterpartyPair;
    int deliveryAccount;

    /** The quantity still to settle. */
    long remainingQuantity()
    {
        return quantity - settledQuantity;
    }

    /** The cash still to pay. */
    long remainingCash()
    {
        return cashAmount - settledCash;
    }

    /** At least one link key: its own linkId, or a matched deal's second one ({@link DealStore#isLinked}). */
    boolean isLinked()
    {
        return linkId != 0 || matchedLinkId != 0;
    }
}
