package io.settlement.fix;

import io.settlement.protocol.wire.Reason;
import quickfix.field.TradeReportRejectReason;

/**
 * The engine's reason codes as a FIX client reads them (docs/fix.md, "Reason codes"): the
 * TradeReportRejectReason(751) a refusal maps to, and the words of its Text(58), which always starts
 * with the reason's name and code so that a program can read it too.
 */
final class RejectReasons
{
    private RejectReasons()
    {
    }

    /** @return TradeReportRejectReason(751) for an engine reason. */
    static int tradeReportRejectReason(final Reason reason)
    {
        return switch (reason)
        {
            case OK -> TradeReportRejectReason.SUCCESSFUL;
            case UNKNOWN_PARTICIPANT, SAME_BUYER_AND_SELLER -> TradeReportRejectReason.INVALID_PARTY_ONFORMATION;
            case UNKNOWN_INSTRUMENT, WRONG_INSTRUMENT_KIND -> TradeReportRejectReason.UNKNOWN_INSTRUMENT;
            case NOT_A_PARTY, NOT_AUTHORISED, NOT_YOUR_INSTRUCTION -> TradeReportRejectReason.UNAUTHORIZED_TO_REPORT_TRADES;
            default -> TradeReportRejectReason.OTHER;
        };
    }

    /** @return "NAME (code): what it means" for an engine reason. */
    static String text(final Reason reason)
    {
        return reason.name() + " (" + reason.value() + "): " + meaning(reason);
    }

    private static String meaning(final Reason reason)
    {
        return switch (reason)
        {
            case OK -> "accepted";
            case UNKNOWN_PARTICIPANT -> "a party is not a registered participant";
            case UNKNOWN_INSTRUMENT -> "the security or the currency is not registered";
            case WRONG_INSTRUMENT_KIND -> "a currency where a security is needed, or the reverse";
            case INVALID_QUANTITY -> "the quantity is not above zero";
            case INVALID_AMOUNT -> "a delivery versus payment needs cash above zero; a free of payment transfer none";
            case SAME_BUYER_AND_SELLER -> "the buyer and the seller are the same participant";
            case SETTLEMENT_DATE_IN_PAST -> "the settlement date is before the business date";
            case NOT_A_PARTY -> "a member may report only trades it is a party to";
            case NOT_AUTHORISED -> "this participant's role may not report trades, or a party is not a member";
            case CREDIT_LIMIT_EXCEEDED -> "the buyer's pending buys in the currency would exceed its credit limit";
            case COUNTERPARTY_LIMIT_EXCEEDED -> "pending cash between the two parties would exceed a counterparty limit";
            case DELIVERY_LIMIT_EXCEEDED -> "the seller's pending sells of the security would exceed its delivery limit";
            case INVALID_DATE -> "the settlement date is not a real day";
            case NOT_A_BUSINESS_DAY -> "the settlement date is a weekend day or a holiday of the business calendar";
            case OVERFLOW -> "a sum would overflow";
            case BUSY -> "the node is busy and did nothing: send the report again (the same TradeReportID)";
            case UNAVAILABLE -> "the node is stopping, or the cluster has no leader now or did not answer in time: send the report again later "
                + "(the same TradeReportID: a trade already registered is answered with its deal, never registered twice)";
            case DUPLICATE_CLIENT_DEAL_ID -> "this TradeReportID was reported before with other terms";
            case CLIENT_DEAL_ID_RETIRED -> "this TradeReportID's trade has finished and left memory; it is not registered again";
            case INVALID_FIELD -> "a field is out of range";
            case INSUFFICIENT_SECURITIES -> "the seller lacks the quantity; the trade stays pending and is tried again at the next cycle";
            case INSUFFICIENT_CASH -> "the buyer lacks the cash; the trade stays pending and is tried again at the next cycle";
            case LINKED_DEAL_FAILED -> "another trade of its linked group could not settle; it stays pending";
            case UNKNOWN_INSTRUCTION -> "no instruction has that instruction id";
            case INSTRUCTION_NOT_PENDING -> "the instruction is no longer unmatched (matched, cancelled, expired or refused)";
            case UNMATCHED_EXPIRED -> "the instruction found no match within the expiry period and has ended";
            case DUPLICATE_CLIENT_REF -> "this TradeReportID was reported before as an instruction with other terms";
            case NOT_YOUR_INSTRUCTION -> "the instruction is another participant's";
            case INVALID_EXPIRY -> "the expiry is outside 0-250 business days";
            case CLIENT_REF_RETIRED -> "this TradeReportID's instruction has ended and left memory after the retention period; it is not registered again";
            case INSTRUCTION_PURGED -> "the instruction has ended and left memory after the retention period; its details are gone";
            default -> "see docs/protocol.md, reason codes";
        };
    }
}
