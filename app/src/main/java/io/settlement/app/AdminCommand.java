package io.settlement.app;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code settlement admin ...}: what an operator, a risk officer or an auditor does through the node's
 * HTTP API, from a shell or a script: each command logs on, sends one request, prints the answer (as
 * lines, or as JSON with {@code --json}) and logs off. One line on stderr says why when it cannot;
 * the exit code says whose fault: 6 the node refused it (credentials, authorisation, an engine
 * reason, bad input), 7 the node could not be reached or take it now, 2 bad usage.
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
    description = "Operations over a running node's HTTP API (docs/http-api.md): one request per command, for scripts.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done", "2:bad usage", "6:the node refused the request (the line says why)",
        "7:the node could not be reached or could not take the request now"},
    subcommands = {AdminCommand.Date.class, AdminCommand.AdvanceDate.class, AdminCommand.Cycle.class, AdminCommand.Day.class,
        AdminCommand.Calendar.class, AdminCommand.Holiday.class, AdminCommand.Participants.class, AdminCommand.AddParticipant.class,
        AdminCommand.Instruments.class, AdminCommand.AddInstrument.class, AdminCommand.Deposit.class, AdminCommand.Withdraw.class,
        AdminCommand.Limits.class, AdminCommand.SetLimit.class, AdminDealCommands.Deals.class, AdminDealCommands.Deal.class,
        AdminDealCommands.Cancel.class, AdminDealCommands.Hold.class, AdminDealCommands.Release.class, AdminDealCommands.Instruct.class,
        AdminDealCommands.Instruction.class, AdminDealCommands.CancelInstruction.class, AdminDealCommands.Tolerance.class, AdminDealCommands.Expiry.class, AdminCommand.Positions.class, AdminDealCommands.FollowUpList.class, AdminDealCommands.Assign.class,
        AdminDealCommands.FollowUpNote.class, AdminDealCommands.CloseFollowUp.class, CommandLine.HelpCommand.class})
final class AdminCommand implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** One request: log on, send, print, log off. */
    abstract static class Action implements Callable<Integer>
    {
        @Mixin
        AdminLogin login;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        abstract JsonNode send(AdminClient node);

        @Override
        public Integer call()
        {
            final PrintWriter out = spec.commandLine().getOut();
            try (AdminClient node = new AdminClient(login))
            {
                node.logOn(login.as, login.secret);
                final JsonNode answer = send(node);
                if (login.json)
                {
                    out.println(node.print(answer));
                }
                else
                {
                    print(answer, out);
                }
                out.flush();
                return 0;
            }
            catch (final AdminClient.AdminException ex)
            {
                spec.commandLine().getErr().println("settlement admin: " + ex.getMessage());
                return ex.exitCode;
            }
            catch (final IllegalArgumentException ex)
            {
                // an option the command cannot use (a malformed --url, an unreadable --truststore)
                spec.commandLine().getErr().println("settlement admin: " + ex.getMessage());
                return CommandLine.ExitCode.USAGE;
            }
        }
    }

    @Command(name = "date", description = "The business date, the calendar and the deal counts (any role).")
    static final class Date extends Action
    {
        @Override
        JsonNode send(final AdminClient node)
        {
            return node.get("/api/business-date");
        }
    }

    @Command(name = "advance-date", description = "Advance the business date (OPERATOR).")
    static final class AdvanceDate extends Action
    {
        @Parameters(paramLabel = "YYYY-MM-DD", description = "The new business date.")
        String date;

        @Override
        JsonNode send(final AdminClient node)
        {
            return node.post("/api/business-date", node.object().put("businessDate", date));
        }
    }

    @Command(name = "cycle", description = "Run a settlement cycle at the business date (OPERATOR): gross, or netted with --mode NETTED.")
    static final class Cycle extends Action
    {
        @Option(names = "--mode", paramLabel = "GROSS|NETTED", description = "The cycle's mode (default GROSS).")
        String mode;

        @Override
        JsonNode send(final AdminClient node)
        {
            return node.post("/api/cycles", mode == null ? null : node.object().put("mode", mode.toUpperCase(java.util.Locale.ROOT)));
        }
    }

    @Command(name = "day", description = "The day at a glance: settled, pending and failing by currency, fails, shortfalls (RISK, OPERATOR, AUDITOR).")
    static final class Day extends Action
    {
        @Override
        JsonNode send(final AdminClient node)
        {
            return node.get("/api/day");
        }
    }

    @Command(name = "calendar", description = "Whether weekends are business days (OPERATOR).")
    static final class Calendar extends Action
    {
        @Option(names = "--weekends", required = true, description = "OPEN or CLOSED.")
        String weekends;

        @Override
        JsonNode send(final AdminClient node)
        {
            return node.put("/api/calendar", node.object().put("weekends", weekends));
        }
    }

    @Command(name = "holiday", description = "Close a day after the business date, or open it again (OPERATOR).")
    static final class Holiday extends Action
    {
        @Parameters(paramLabel = "YYYY-MM-DD", description = "The day.")
        String date;

        @Option(names = "--status", defaultValue = "CLOSED", description = "CLOSED (a holiday, the default) or OPEN.")
        String status;

        @Override
        JsonNode send(final AdminClient node)
        {
            return node.put("/api/holidays/" + encode(date), node.object().put("status", status));
        }
    }

    @Command(name = "participants", description = "Every participant with its role (RISK, OPERATOR, AUDITOR).")
    static final class Participants extends Action
    {
        @Override
        JsonNode send(final AdminClient node)
        {
            return node.get("/api/participants");
        }
    }

    @Command(name = "add-participant", description = "Create a participant, with its name and short code (OPERATOR).")
    static final class AddParticipant extends Action
    {
        @Option(names = "--id", required = true, description = "The participant id.")
        long id;

        @Option(names = "--role", required = true, description = "MEMBER, RISK, OPERATOR or AUDITOR.")
        String role;

        @Option(names = "--name", description = "Its name as people read it (1-64 bytes of UTF-8); goes with --short-code.")
        String name;

        @Option(names = "--short-code", description = "Its short code (1-12 printable ASCII characters, unique); goes with --name.")
        String shortCode;

        @Override
        JsonNode send(final AdminClient node)
        {
            final ObjectNode body = node.object().put("participantId", id).put("role", role);
            // without them, as before names (the node says what is wrong when only one is given)
            if (name != null)
            {
                body.put("name", name);
            }
            if (shortCode != null)
            {
                body.put("shortCode", shortCode);
            }
            return node.post("/api/participants", body);
        }
    }

    @Command(name = "instruments", description = "Every instrument with its kind and code (any role).")
    static final class Instruments extends Action
    {
        @Override
        JsonNode send(final AdminClient node)
        {
            return node.get("/api/instruments");
        }
    }

    @Command(name = "add-instrument", description = "Create an instrument, with its name and a security's ISIN or a currency's minor units (OPERATOR).")
    static final class AddInstrument extends Action
    {
        @Option(names = "--id", required = true, description = "The instrument id (a currency's ISO 4217 number, say).")
        int id;

        @Option(names = "--kind", required = true, description = "SECURITY or CURRENCY.")
        String kind;

        @Option(names = "--code", required = true, description = "Its short code, 1-12 characters (a currency's ISO 4217 code).")
        String code;

        @Option(names = "--name", description = "Its name as people read it (1-64 bytes of UTF-8); required with --isin or --minor-units.")
        String name;

        @Option(names = "--isin", description = "A security's ISIN (12 characters, check digit verified).")
        String isin;

        @Option(names = "--minor-units", description = "A currency's digits after the decimal point, 0-4 (required with --name"
            + " for a currency). Without --name: those ISO 4217 gives the code (JPY 0, USD 2, BHD 3).")
        Integer minorUnits;

        @Override
        JsonNode send(final AdminClient node)
        {
            final ObjectNode body = node.object().put("instrumentId", id).put("kind", kind)
                .put("code", code);
            // without them, as before names (the node says what is missing when only some are given)
            if (name != null)
            {
                body.put("name", name);
            }
            if (isin != null)
            {
                body.put("isin", isin);
            }
            if (minorUnits != null)
            {
                body.put("minorUnits", minorUnits);
            }
            return node.post("/api/instruments", body);
        }
    }

    /** Deposit and withdraw: the same fields. */
    abstract static class Funding extends Action
    {
        @Option(names = "--participant", required = true, description = "Whose account.")
        long participant;

        @Option(names = "--instrument", required = true, description = "Which instrument.")
        int instrument;

        @Option(names = "--amount", required = true, description = "In the instrument's smallest unit (cents for USD).")
        long amount;

        JsonNode body(final AdminClient node)
        {
            return node.object().put("participantId", participant).put("instrumentId", instrument).put("amount", amount);
        }
    }

    @Command(name = "deposit", description = "Deposit into a participant's account (OPERATOR).")
    static final class Deposit extends Funding
    {
        @Override
        JsonNode send(final AdminClient node)
        {
            return node.post("/api/deposits", body(node));
        }
    }

    @Command(name = "withdraw", description = "Withdraw from a participant's account, never below zero (OPERATOR).")
    static final class Withdraw extends Funding
    {
        @Override
        JsonNode send(final AdminClient node)
        {
            return node.post("/api/withdrawals", body(node));
        }
    }

    @Command(name = "limits", description = "Limits with their use (a MEMBER its own; RISK, OPERATOR, AUDITOR anyone's or all).")
    static final class Limits extends Action
    {
        @Option(names = "--participant", description = "Only this participant's.")
        Long participant;

        @Option(names = "--breached", description = "Only limits in breach.")
        boolean breached;

        @Override
        JsonNode send(final AdminClient node)
        {
            return node.get("/api/limits" + query(Map.of("participantId", participant == null ? "" : participant.toString(),
                "breachedOnly", breached ? "true" : "")));
        }
    }

    @Command(name = "set-limit", description = "Set a limit (RISK, OPERATOR).")
    static final class SetLimit extends Action
    {
        @Option(names = "--participant", required = true, description = "Whose limit.")
        long participant;

        @Option(names = "--kind", required = true, description = "CREDIT (key: currency), COUNTERPARTY (key: participant), DELIVERY (key: security).")
        String kind;

        @Option(names = "--key", required = true, description = "See --kind.")
        long key;

        @Option(names = "--amount", required = true, description = "The limit, in the key's smallest unit (cash) or units (securities).")
        long amount;

        @Override
        JsonNode send(final AdminClient node)
        {
            return node.put("/api/limits", node.object().put("participantId", participant).put("kind", kind).put("key", key)
                .put("amount", amount));
        }
    }

    @Command(name = "positions", description = "Non-zero balances (a MEMBER its own).")
    static final class Positions extends Action
    {
        @Option(names = "--participant", description = "Only this participant's.")
        Long participant;

        @Override
        JsonNode send(final AdminClient node)
        {
            return node.get("/api/positions" + query(Map.of("participantId", participant == null ? "" : participant.toString())));
        }
    }

    /**
     * An answer as lines: an array (or an object's array fields) as a table with a header, tab
     * separated; every other field as {@code name: value}.
     */
    static void print(final JsonNode answer, final PrintWriter out)
    {
        if (answer.isArray())
        {
            table(answer, out);
            return;
        }
        for (final Iterator<Map.Entry<String, JsonNode>> fields = answer.fields(); fields.hasNext(); )
        {
            final Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isArray() && (field.getValue().isEmpty() || field.getValue().get(0).isObject()))
            {
                out.println(field.getKey() + ":");
                table(field.getValue(), out);
            }
            else
            {
                out.println(field.getKey() + ": " + text(field.getValue()));
            }
        }
    }

    private static void table(final JsonNode rows, final PrintWriter out)
    {
        if (rows.isEmpty())
        {
            out.println("(none)");
            return;
        }
        final List<String> columns = new ArrayList<>();
        rows.get(0).fieldNames().forEachRemaining(columns::add);
        out.println(String.join("\t", columns));
        for (final JsonNode row : rows)
        {
            final List<String> cells = new ArrayList<>();
            for (final String column : columns)
            {
                cells.add(text(row.path(column)));
            }
            out.println(String.join("\t", cells));
        }
    }

    private static String text(final JsonNode value)
    {
        return value.isMissingNode() || value.isNull() ? "" : value.isValueNode() ? value.asText() : value.toString();
    }

    static String query(final Map<String, String> parameters)
    {
        final StringBuilder query = new StringBuilder();
        parameters.entrySet().stream().filter(p -> !p.getValue().isEmpty()).sorted(Map.Entry.comparingByKey()).forEach(p ->
            query.append(query.length() == 0 ? '?' : '&').append(p.getKey()).append('=').append(encode(p.getValue())));
        return query.toString();
    }

    private static String encode(final String value)
    {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String orEmpty(final String value)
    {
        return value == null ? "" : value;
    }
}
