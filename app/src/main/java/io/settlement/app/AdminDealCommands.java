package io.settlement.app;

import static io.settlement.app.AdminCommand.orEmpty;
import static io.settlement.app.AdminCommand.query;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.settlement.app.AdminCommand.Action;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code settlement admin} subcommands about deals, instructions and their follow-up: list and read
 * deals, cancel, hold and release them, instruct and match, and the follow-up of failing deals. Each is
 * an {@link AdminCommand.Action} (log on, one request, print, log off); {@link AdminCommand} lists them.
 */
final class AdminDealCommands
{
    private AdminDealCommands()
    {
    }

    @Command(name = "deals", description = "A page of live deals in dealId order (a MEMBER sees its own).")
    static final class Deals extends Action
    {
        @Option(names = "--participant", description = "Either side.")
        String participant;

        @Option(names = "--status", description = "PENDING, SETTLED or CANCELLED.")
        String status;

        @Option(names = "--date", description = "Settlement date, YYYY-MM-DD.")
        String date;

        @Option(names = "--fail-reason", description = "The reason the deal last failed settlement, e.g. INSUFFICIENT_CASH.")
        String failReason;

        @Option(names = "--after", description = "The last dealId of the previous page (its nextAfter).")
        String after;

        @Option(names = "--limit", description = "Page size (default 100).")
        String limit;

        @Override
        JsonNode send(final AdminClient node)
        {
            return node.get("/api/deals" + query(Map.of("participantId", orEmpty(participant), "status", orEmpty(status),
                "settlementDate", orEmpty(date), "failReason", orEmpty(failReason), "after", orEmpty(after), "limit", orEmpty(limit))));
        }
    }

    @Command(name = "deal", description = "One deal (a MEMBER only its own).")
    static final class Deal extends Action
    {
        @Parameters(paramLabel = "DEAL_ID", description = "The dealId.")
        long dealId;

        @Override
        JsonNode send(final AdminClient node)
        {
            return node.get("/api/deals/" + dealId);
        }
    }

    @Command(name = "cancel", description = "Cancel a pending deal (a party, or OPERATOR).")
    static final class Cancel extends Action
    {
        @Parameters(paramLabel = "DEAL_ID", description = "The dealId.")
        long dealId;

        @Override
        JsonNode send(final AdminClient node)
        {
            return node.post("/api/deals/" + dealId + "/cancel", null);
        }
    }

    @Command(name = "instruct", description = "One side of a deal, matched with the counterparty's instruction (a MEMBER, its own side).")
    static final class Instruct extends Action
    {
        @Option(names = "--client-ref", required = true, description = "Your key for the instruction.")
        long clientRef;

        @Option(names = "--side", required = true, description = "BUY (you buy) or SELL (you sell).")
        String side;

        @Option(names = "--counterparty", required = true, description = "The other party's participant id.")
        long counterparty;

        @Option(names = "--security", required = true, description = "The security's instrument id.")
        int security;

        @Option(names = "--currency", description = "The currency's instrument id (omit for FOP).")
        Integer currency;

        @Option(names = "--quantity", required = true, description = "Quantity of the security.")
        long quantity;

        @Option(names = "--cash", description = "Cash in minor units (omit for FOP).")
        Long cash;

        @Option(names = "--date", required = true, description = "Settlement date (yyyy-MM-dd), a business day.")
        String date;

        @Option(names = "--type", required = true, description = "DVP or FOP.")
        String type;

        @Override
        JsonNode send(final AdminClient node)
        {
            final com.fasterxml.jackson.databind.node.ObjectNode body = node.object().put("clientRef", clientRef).put("side", side)
                .put("counterpartyId", counterparty).put("securityId", security).put("quantity", quantity).put("settlementDate", date)
                .put("dealType", type);
            if (currency != null)
            {
                body.put("currencyId", currency);
            }
            if (cash != null)
            {
                body.put("cashAmount", cash);
            }
            return node.post("/api/instructions", body);
        }
    }

    @Command(name = "instruction", description = "One instruction (its owner, its counterparty, RISK, OPERATOR, AUDITOR).")
    static final class Instruction extends Action
    {
        @Parameters(paramLabel = "INSTRUCTION_ID", description = "The instructionId.")
        long instructionId;

        @Override
        JsonNode send(final AdminClient node)
        {
            return node.get("/api/instructions/" + instructionId);
        }
    }

    @Command(name = "cancel-instruction", description = "Cancel your own unmatched instruction.")
    static final class CancelInstruction extends Action
    {
        @Parameters(paramLabel = "INSTRUCTION_ID", description = "The instructionId.")
        long instructionId;

        @Override
        JsonNode send(final AdminClient node)
        {
            return node.post("/api/instructions/" + instructionId + "/cancel", null);
        }
    }

    @Command(name = "tolerance", description = "How far two instructions' cash may differ and still match, per currency (OPERATOR).")
    static final class Tolerance extends Action
    {
        @Option(names = "--currency", required = true, description = "The currency's instrument id.")
        int currency;

        @Option(names = "--minor", required = true, description = "The tolerance in minor units (0 or more).")
        long minor;

        @Override
        JsonNode send(final AdminClient node)
        {
            return node.put("/api/matching-tolerances/" + currency, node.object().put("toleranceMinor", minor));
        }
    }

    @Command(name = "expiry", description = "Business days an unmatched instruction waits before it expires (OPERATOR; 0-250).")
    static final class Expiry extends Action
    {
        @Option(names = "--days", required = true, description = "Business days.")
        int days;

        @Override
        JsonNode send(final AdminClient node)
        {
            return node.put("/api/instruction-expiry", node.object().put("businessDays", days));
        }
    }

    /** Hold or release: a deal and one of its sides. */
    abstract static class SideOfDeal extends Action
    {
        @Parameters(paramLabel = "DEAL_ID", description = "The dealId.")
        long dealId;

        @Option(names = "--side", required = true, description = "BUY (the buyer's side) or SELL (the seller's).")
        String side;

        JsonNode send(final AdminClient node, final String action)
        {
            return node.post("/api/deals/" + dealId + "/" + action, node.object().put("side", side));
        }
    }

    @Command(name = "hold", description = "Hold one side of a pending deal: no cycle settles it while held (the side's party, or OPERATOR).")
    static final class Hold extends SideOfDeal
    {
        @Override
        JsonNode send(final AdminClient node)
        {
            return send(node, "hold");
        }
    }

    @Command(name = "release", description = "Lift the hold of one side of a pending deal, whoever held it (the side's party, or OPERATOR).")
    static final class Release extends SideOfDeal
    {
        @Override
        JsonNode send(final AdminClient node)
        {
            return send(node, "release");
        }
    }

    @Command(name = "followups", description = "Follow-up items of failing deals, by owner (RISK, OPERATOR, AUDITOR).")
    static final class FollowUpList extends Action
    {
        @Option(names = "--owner", description = "Only this owner's (the name exactly as written).")
        String owner;

        @Option(names = "--status", description = "open or closed.")
        String status;

        @Option(names = "--overdue", description = "Only open items past their deadline.")
        boolean overdue;

        @Override
        JsonNode send(final AdminClient node)
        {
            return node.get("/api/followups" + query(Map.of("owner", orEmpty(owner), "status", orEmpty(status),
                "overdue", overdue ? "true" : "")));
        }
    }

    @Command(name = "assign", description = "Assign a failing deal to a person with a deadline (OPERATOR).")
    static final class Assign extends Action
    {
        @Parameters(paramLabel = "DEAL_ID", description = "The failing deal.")
        long dealId;

        @Option(names = "--owner", required = true, description = "Who follows it up (a name, 1-64 characters).")
        String owner;

        @Option(names = "--deadline", required = true, description = "By when, YYYY-MM-DD (not before the business date).")
        String deadline;

        @Option(names = "--note", description = "What to do.")
        String note;

        @Override
        JsonNode send(final AdminClient node)
        {
            final ObjectNode body = node.object().put("dealId", dealId).put("owner", owner)
                .put("deadline", deadline);
            if (note != null)
            {
                body.put("note", note);
            }
            return node.post("/api/followups", body);
        }
    }

    @Command(name = "followup-note", description = "Add a note to a follow-up item (OPERATOR).")
    static final class FollowUpNote extends Action
    {
        @Parameters(paramLabel = "FOLLOW_UP_ID", description = "The item.")
        long followUpId;

        @Option(names = "--note", required = true, description = "The note.")
        String note;

        @Override
        JsonNode send(final AdminClient node)
        {
            return node.post("/api/followups/" + followUpId + "/notes", node.object().put("note", note));
        }
    }

    @Command(name = "close-followup", description = "Close a follow-up item with a note (OPERATOR).")
    static final class CloseFollowUp extends Action
    {
        @Parameters(paramLabel = "FOLLOW_UP_ID", description = "The item.")
        long followUpId;

        @Option(names = "--note", required = true, description = "How it ended.")
        String note;

        @Override
        JsonNode send(final AdminClient node)
        {
            return node.post("/api/followups/" + followUpId + "/close", node.object().put("note", note));
        }
    }

    // ------------------------------------------------------------------ output
}
