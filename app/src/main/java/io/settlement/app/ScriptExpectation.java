package io.settlement.app;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.Codes;
import io.settlement.protocol.wire.DealStatus;
import io.settlement.protocol.wire.Reason;

/**
 * The outcome a scenario line states it expects ({@code expect=...}), and the check of it against
 * what the engine answered. The grammar, a comma-separated list of items that must all hold:
 * <pre>
 *   OK                 the engine did not refuse the line (any command)
 *   REJECTED           the engine refused it, for any reason
 *   REJECTED:REASON    the engine refused it with that reason code
 *   ACCEPTED           deal, instruct: registered (new, or the original answer to an identical retry)
 *   CANCELLED          cancel, cancel-instruction: done; query-deal, query-instruction: the status
 *   UNMATCHED, MATCHED instruct: the instruction waits, or matched at once; query-instruction: its status
 *   REFUSED            instruct: its match was refused (a limit) and both instructions ended; query-instruction
 *   EXPIRED            query-instruction: it expired unmatched
 *   PENDING, SETTLED   query-deal: the deal's status
 *   BALANCE:N          query-position: the balance is N
 *   SETTLED:N          cycle: N deals settled in this cycle
 *   FAILED:N           cycle: N settlement attempts failed in this cycle
 * </pre>
 */
final class ScriptExpectation
{
    static final String GRAMMAR = "OK, ACCEPTED, CANCELLED, PENDING, SETTLED, HELD, RELEASED, UNMATCHED, MATCHED, REFUSED, EXPIRED, "
        + "REJECTED, REJECTED:REASON, BALANCE:N, SETTLED:N, FAILED:N (comma separated)";

    private final String text;
    private final List<String> items;

    private ScriptExpectation(final String text, final List<String> items)
    {
        this.text = text;
        this.items = items;
    }

    /**
     * Reads {@code expect=TEXT} of a line whose command is {@code command}.
     *
     * @throws IllegalArgumentException naming what cannot be checked.
     */
    static ScriptExpectation parse(final String text, final String command)
    {
        final List<String> items = new ArrayList<>();
        for (final String raw : text.split(",", -1))
        {
            final String item = raw.trim().toUpperCase(java.util.Locale.ROOT);
            final int colon = item.indexOf(':');
            final String word = colon < 0 ? item : item.substring(0, colon);
            final String argument = colon < 0 ? null : item.substring(colon + 1);
            final Set<String> appliesTo = switch (word)
            {
                case "OK", "REJECTED" -> Set.of();
                case "ACCEPTED" -> Set.of("deal", "instruct");
                case "UNMATCHED", "MATCHED", "REFUSED" -> Set.of("instruct", "query-instruction");
                case "EXPIRED" -> Set.of("query-instruction");
                case "PENDING" -> Set.of("query-deal");
                case "SETTLED" -> Set.of(argument != null ? "cycle" : "query-deal");
                case "CANCELLED" -> Set.of("cancel", "query-deal", "cancel-instruction", "query-instruction");
                case "BALANCE" -> Set.of("query-position");
                case "FAILED" -> Set.of("cycle");
                case "HELD" -> Set.of("hold", "query-deal");
                case "RELEASED" -> Set.of("release");
                default -> throw new IllegalArgumentException("expect=" + text + ": not an outcome; one or more of " + GRAMMAR);
            };
            checkArgument(text, word, argument);
            if (!appliesTo.isEmpty() && !appliesTo.contains(command))
            {
                throw new IllegalArgumentException("expect=" + text + " applies to " + String.join(" and ", new java.util.TreeSet<>(appliesTo))
                    + " lines only" + ("SETTLED".equals(item) || "PENDING".equals(item)
                    ? " (a deal settles in a later cycle: query it then)" : ""));
            }
            items.add(item);
        }
        return new ScriptExpectation(text, items);
    }

    private static void checkArgument(final String text, final String word, final String argument)
    {
        final boolean takesNumber = "BALANCE".equals(word) || "FAILED".equals(word) || "SETTLED".equals(word);
        final boolean needsArgument = "BALANCE".equals(word) || "FAILED".equals(word);
        if (argument == null)
        {
            if (needsArgument)
            {
                throw new IllegalArgumentException("expect=" + text + ": " + word + " needs a number (" + word + ":N)");
            }
            return;
        }
        if ("REJECTED".equals(word))
        {
            final Reason reason = engineReason(argument);
            if (reason == null)
            {
                throw new IllegalArgumentException("expect=" + text + ": not a reason the engine gives (docs/protocol.md lists them)");
            }
            if (reason == Reason.OK)
            {
                throw new IllegalArgumentException("expect=" + text + ": OK is not a refusal (expect=OK says the line is not refused)");
            }
            return;
        }
        if (!takesNumber || !argument.matches("-?\\d{1,18}"))
        {
            throw new IllegalArgumentException("expect=" + text + ": not an outcome; one or more of " + GRAMMAR);
        }
    }

    /** What a line's events say about it, in the words of the grammar; fed one event at a time (events are reused). */
    static final class Outcomes
    {
        private final Set<String> facts = new LinkedHashSet<>();
        private boolean refused;

        void clear()
        {
            facts.clear();
            refused = false;
        }

        void record(final Event e)
        {
            if (refused)
            {
                return;
            }
            if (facts.isEmpty()
                && (e.type == EventType.DEAL_REJECTED || e.type == EventType.INSTRUCTION_REJECTED || (e.type == EventType.COMMAND_RESULT && e.reason != Reason.OK)))
            {
                facts.add("REJECTED:" + e.reason);
                refused = true;
                return;
            }
            facts.add("OK");
            switch (e.type)
            {
                case DEAL_ACCEPTED -> facts.add("ACCEPTED");
                case DEAL_CANCELLED -> facts.add("CANCELLED");
                case DEAL_REPORT ->
                {
                    facts.add(String.valueOf(Codes.dealStatus(e.dealStatus)));
                    if (e.heldSides != 0)
                    {
                        facts.add("HELD");
                    }
                }
                case DEAL_HELD -> facts.add("HELD");
                case DEAL_RELEASED -> facts.add("RELEASED");
                case INSTRUCTION_ACCEPTED ->
                {
                    facts.add("ACCEPTED");
                    facts.add(String.valueOf(Codes.instructionStatus(e.instructionStatus)));
                }
                case INSTRUCTION_MATCHED, INSTRUCTION_ENDED, INSTRUCTION_REPORT ->
                {
                    // the outcome of the line's own instruction: what it is now
                    facts.remove("UNMATCHED");
                    facts.add(String.valueOf(Codes.instructionStatus(e.instructionStatus)));
                }
                case POSITION_REPORT -> facts.add("BALANCE:" + e.amount);
                case CYCLE_COMPLETED ->
                {
                    facts.add("SETTLED:" + e.settled);
                    facts.add("FAILED:" + e.failed);
                }
                default ->
                {
                }
            }
        }
    }

    /** @return null when every item holds, else what the engine answered instead. */
    String check(final Outcomes answered)
    {
        final Set<String> outcomes = answered.facts;
        for (final String item : items)
        {
            final boolean holds = "REJECTED".equals(item)
                ? outcomes.stream().anyMatch(o -> o.startsWith("REJECTED:"))
                : outcomes.contains(item);
            if (!holds)
            {
                final List<String> got = new ArrayList<>(outcomes);
                if (got.size() > 1)
                {
                    got.remove("OK");
                }
                return got.isEmpty() ? "no answer" : String.join(",", got);
            }
        }
        return null;
    }

    @Override
    public String toString()
    {
        return "expect=" + text;
    }

    private static Reason engineReason(final String name)
    {
        for (final Reason reason : Reason.values())
        {
            if (reason.name().equals(name))
            {
                return Codes.engineReason(reason.value());
            }
        }
        return null;
    }
}
