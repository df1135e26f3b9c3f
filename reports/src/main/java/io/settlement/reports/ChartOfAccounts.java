package io.settlement.reports;

/**
 * The read model's chart of accounts (docs/read-model.md): account codes and posting narratives.
 *
 * <pre>
 *   P{participant}-I{instrument}   PARTICIPANT  a participant's securities (security) or cash (currency) account
 *   CLR-I{instrument}              CLEARING     settlement clearing: both legs of every deal pass through it
 *   EXT-I{instrument}              EXTERNAL     the world outside the system: deposits come from it, withdrawals go to it
 * </pre>
 *
 * A participant's account is kept the way a bank keeps a customer's: what the participant gains
 * is credited to it, what it gives is debited, so its credits less its debits are its balance.
 */
public final class ChartOfAccounts
{
    private ChartOfAccounts()
    {
    }

    /** A participant's account in one instrument. */
    public static String participant(final long participantId, final int instrumentId)
    {
        return "P" + participantId + "-I" + instrumentId;
    }

    /** The settlement clearing account of an instrument. */
    public static String clearing(final int instrumentId)
    {
        return "CLR-I" + instrumentId;
    }

    /** The external account of an instrument (deposits and withdrawals). */
    public static String external(final int instrumentId)
    {
        return "EXT-I" + instrumentId;
    }

    static String narrative(final String cause, final long participantId, final long dealId, final long counterpartyId)
    {
        return switch (cause)
        {
            case "DEPOSIT" -> "Deposit by participant " + participantId;
            case "WITHDRAWAL" -> "Withdrawal by participant " + participantId;
            case "DELIVERY" -> "Deal " + dealId + ": securities delivered by " + participantId + " to " + counterpartyId;
            case "RECEIPT" -> "Deal " + dealId + ": securities received by " + participantId + " from " + counterpartyId;
            case "PAYMENT" -> "Deal " + dealId + ": cash paid by " + participantId + " to " + counterpartyId;
            case "COLLECTION" -> "Deal " + dealId + ": cash collected by " + participantId + " from " + counterpartyId;
            default -> cause;
        };
    }
}
