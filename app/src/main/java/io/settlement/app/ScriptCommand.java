package io.settlement.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandType;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.engine.api.ReferenceChecks;
import io.settlement.protocol.wire.CycleMode;
import io.settlement.protocol.wire.DayStatus;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.LimitKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import io.settlement.protocol.wire.Side;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code settlement script FILE}: runs a scenario through the same engine, in process, printing
 * each outcome and the final positions as CSV. The format (one command per line, key=value, '#'
 * starts a comment) is documented in README.md; a line that cannot be read stops the run with its
 * line number and a non-zero exit. A line may state the outcome it expects ({@link ScriptExpectation});
 * each is printed as pass or FAIL, and the run exits {@link #EXPECTATION_FAILED} when any failed.
 */
@CommandLine.Command(name = "script", mixinStandardHelpOptions = true,
    description = {"Runs a scenario file through the engine in process; prints each outcome and the final positions (CSV).",
        "Lines: participant, instrument, deposit, withdraw, limit, date, calendar, holiday, deal (link=ID partial=yes min=N),",
        "cancel, hold, release, cycle, query-deal, instruct (side=BUY|SELL counterparty=ID, as a deal's fields),",
        "cancel-instruction, query-instruction, tolerance (currency= amount=), expiry (days=),",
        "query-position, query-limits; key=value fields ('cycle mode=netted': a netted cycle; gross without mode=);",
        "'as=ID' submits as that participant (default: the system);",
        "'expect=OUTCOME' states the outcome a line must get (OK, ACCEPTED, REJECTED:REASON, SETTLED, BALANCE:N, ...).",
        "Exit code: 0 done (every expectation held), 4 an expectation failed, 1 a line that cannot be read."})
final class ScriptCommand implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "FILE", description = "The scenario file.")
    Path file;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Exit code when the scenario ran but at least one {@code expect=} did not hold. */
    static final int EXPECTATION_FAILED = 4;

    @Override
    public Integer call() throws IOException
    {
        if (!Files.isRegularFile(file))
        {
            throw new IllegalArgumentException("no such scenario file: " + file);
        }
        final PrintWriter out = spec.commandLine().getOut();
        final List<String> lines = readLines(file);
        final SettlementEngine engine = new SettlementEngine();
        final Command command = new Command();
        final ScriptExpectation.Outcomes outcomes = new ScriptExpectation.Outcomes();
        final InstrumentBook instruments = new InstrumentBook();
        final boolean[] created = new boolean[1];
        final List<Integer> failedLines = new ArrayList<>();
        int passed = 0;
        long sequence = 0;
        for (int n = 1; n <= lines.size(); n++)
        {
            final String line = stripComment(lines.get(n - 1));
            if (line.isEmpty())
            {
                continue;
            }
            final ScriptExpectation expectation;
            try
            {
                expectation = parseExpecting(line, command);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(file + ":" + n + ": " + ex.getMessage());
            }
            command.sequence = ++sequence;
            command.correlationId = n;
            final int lineNumber = n;
            outcomes.clear();
            created[0] = false;
            engine.apply(command, (event, buffer, offset, length) ->
            {
                out.println("line " + lineNumber + ": " + event + readable(event, instruments));
                outcomes.record(event);
                created[0] = event.type == EventType.COMMAND_RESULT && event.reason == Reason.OK;
            });
            if (command.type == CommandType.CREATE_INSTRUMENT && created[0])
            {
                instruments.put(command.instrumentId, command.codeAsString(),
                    command.legacyLayout ? ReferenceChecks.defaultMinorUnits(command.instrumentKind, command.code) : command.minorUnits);
            }
            if (expectation != null)
            {
                final String got = expectation.check(outcomes);
                if (got == null)
                {
                    passed++;
                    out.println("line " + n + ": pass " + expectation);
                }
                else
                {
                    failedLines.add(n);
                    out.println("line " + n + ": FAIL " + expectation + ", got " + got);
                }
            }
        }
        if (passed + failedLines.size() > 0)
        {
            out.printf("expectations: %d passed, %d failed%s%n", passed, failedLines.size(), failedLines.isEmpty() ? ""
                : " (line" + (failedLines.size() == 1 ? " " : "s ")
                + String.join(", ", failedLines.stream().map(String::valueOf).toList()) + ")");
        }
        out.println("participantId,instrumentId,balance,amount");
        engine.forEachBalance((participant, instrument, balance) -> out.printf("%d,%d,%d,%s%n", participant, instrument, balance,
            instruments.amount(instrument, balance)));
        out.printf("state-hash: %016x%n", engine.stateHash());
        out.flush();
        return failedLines.isEmpty() ? 0 : EXPECTATION_FAILED;
    }

    /**
     * What an outcome's amounts are as people read them, after the outcome's own fields (which stay in
     * minor units): " = 100 ACME for 500.00 USD" for a deal, " = 1250.00 USD" for a position, a limit
     * and its utilisation in the limit's unit; empty for an outcome without amounts.
     */
    static String readable(final Event e, final InstrumentBook instruments)
    {
        return switch (e.type)
        {
            case DEAL_ACCEPTED, DEAL_SETTLED, DEAL_REPORT -> " = " + instruments.amount(e.securityId, e.quantity)
                + (e.cashAmount != 0 || e.currencyId != 0 ? " for " + instruments.amount(e.currencyId, e.cashAmount) : "")
                + (e.type == EventType.DEAL_SETTLED && e.partQuantity != e.quantity ? ", the final part "
                    + instruments.amount(e.securityId, e.partQuantity) + " for " + instruments.amount(e.currencyId, e.partCash) : "");
            case DEAL_PARTIALLY_SETTLED -> " = " + instruments.amount(e.securityId, e.partQuantity)
                + (e.currencyId != 0 ? " for " + instruments.amount(e.currencyId, e.partCash) : "") + " of "
                + instruments.amount(e.securityId, e.quantity) + ", " + instruments.amount(e.securityId, e.quantity - e.settledQuantity)
                + " to go";
            case POSITION_REPORT -> " = " + instruments.amount(e.instrumentId, e.amount);
            case CYCLE_SETTLED_VALUE -> " = " + instruments.amount(e.currencyId, e.wideAmount());
            case LIMIT_SET, LIMIT_LINE -> e.limitKind == LimitKind.COUNTERPARTY.value()
                ? " = limit " + e.amount + ", utilised " + e.utilised + " (minor units of the deals' currencies)"
                : " = limit " + instruments.amount((int)e.limitKey, e.amount) + ", utilised " + instruments.amount((int)e.limitKey, e.utilised);
            default -> "";
        };
    }

    /** The file's lines, read as UTF-8; a byte-order mark at its start is dropped. */
    static List<String> readLines(final Path file) throws IOException
    {
        final List<String> lines;
        try
        {
            lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        }
        catch (final CharacterCodingException ex)
        {
            throw new IllegalArgumentException(file + ": not UTF-8 text");
        }
        if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF"))
        {
            lines.set(0, lines.get(0).substring(1));
        }
        return lines;
    }

    /** Fills {@code c} from a scenario line that may carry {@code expect=}; returns the expectation, or null. */
    static ScriptExpectation parseExpecting(final String line, final Command c)
    {
        final StringBuilder rest = new StringBuilder();
        String expect = null;
        for (final String word : ScriptWords.split(line))
        {
            if (word.startsWith("expect="))
            {
                if (expect != null)
                {
                    throw new IllegalArgumentException("'expect' given twice");
                }
                expect = word.substring("expect=".length());
            }
            else
            {
                rest.append(word).append(' ');
            }
        }
        final String command = rest.toString().trim();
        final ScriptExpectation expectation = expect == null ? null : ScriptExpectation.parse(expect, command.split("\\s+")[0]);
        parse(command, c);
        return expectation;
    }

    private static String stripComment(final String line)
    {
        return ScriptWords.stripComment(line);
    }

    /** Fills {@code c} from one line; IllegalArgumentException with a readable message when it cannot. */
    static void parse(final String line, final Command c)
    {
        final String[] words = ScriptWords.split(line);
        final Map<String, String> fields = new HashMap<>();
        for (int i = 1; i < words.length; i++)
        {
            final int eq = words[i].indexOf('=');
            if (eq <= 0)
            {
                throw new IllegalArgumentException("expected key=value, found '" + words[i] + "'");
            }
            if (fields.put(words[i].substring(0, eq), ScriptWords.value(words[i].substring(eq + 1))) != null)
            {
                throw new IllegalArgumentException("'" + words[i].substring(0, eq) + "' given twice");
            }
        }
        final Fields f = new Fields(fields);
        final long as = f.optionalLong("as", Command.SYSTEM_SUBMITTER);
        switch (words[0])
        {
            case "participant" -> participant(f, as, c);
            case "instrument" -> instrument(f, as, c);
            case "deposit" -> c.deposit(as, 0, f.longValue("participant"), f.intValue("instrument"), f.longValue("amount"));
            case "withdraw" -> c.withdraw(as, 0, f.longValue("participant"), f.intValue("instrument"), f.longValue("amount"));
            case "limit" -> c.setLimit(as, 0, f.longValue("participant"), f.enumValue("kind", LimitKind.class),
                f.longValue("key"), f.longValue("amount"));
            case "date" -> c.advanceBusinessDate(as, 0, f.intValue("date"));
            case "deal" -> c.submitDeal(as, 0, f.longValue("client"), f.longValue("buyer"), f.longValue("seller"),
                f.intValue("security"), f.optionalInt("currency", 0), f.longValue("quantity"),
                f.optionalLong("cash", 0), f.intValue("date"), f.enumValue("type", DealType.class))
                .settlementTerms(f.optionalLong("link", 0), f.yesNo("partial") ? (byte)1 : (byte)0, f.optionalLong("min", 0));
            case "cancel" -> c.cancelDeal(as, 0, f.longValue("deal"));
            case "hold" -> c.holdDeal(as, 0, f.longValue("deal"), f.enumValue("side", Side.class));
            case "release" -> c.releaseDeal(as, 0, f.longValue("deal"), f.enumValue("side", Side.class));
            case "cycle" -> c.runSettlementCycle(as, 0, f.has("mode") ? f.enumValue("mode", CycleMode.class) : CycleMode.GROSS);
            case "retention" -> c.setRetention(as, 0, f.intValue("days"));
            case "calendar" -> c.setCalendar(as, 0, f.enumValue("weekends", DayStatus.class));
            case "holiday" -> c.setHoliday(as, 0, f.intValue("date"), f.enumValue("status", DayStatus.class));
            case "query-deal" -> c.queryDeal(as, 0, f.longValue("deal"));
            case "query-position" -> c.queryPosition(as, 0, f.longValue("participant"), f.intValue("instrument"));
            case "query-limits" -> c.queryLimits(as, 0, f.longValue("participant"));
            case "instruct" -> c.submitInstruction(as, 0, f.longValue("client"), (byte)f.enumValue("side", Side.class).value(),
                f.longValue("counterparty"), f.intValue("security"), f.optionalInt("currency", 0), f.longValue("quantity"),
                f.optionalLong("cash", 0), f.intValue("date"), f.enumValue("type", DealType.class))
                .settlementTerms(f.optionalLong("link", 0), f.yesNo("partial") ? (byte)1 : (byte)0, f.optionalLong("min", 0));
            case "cancel-instruction" -> c.cancelInstruction(as, 0, f.longValue("instruction"));
            case "query-instruction" -> c.queryInstruction(as, 0, f.longValue("instruction"));
            case "tolerance" -> c.setMatchingTolerance(as, 0, f.intValue("currency"), f.longValue("amount"));
            case "expiry" -> c.setInstructionExpiry(as, 0, f.intValue("days"));
            default -> throw new IllegalArgumentException("unknown command '" + words[0] + "'");
        }
        f.requireAllUsed(words[0]);
    }

    /**
     * {@code participant id=N role=R [name="..." short=CODE]}: with a name and short code (both or
     * neither), a creation the engine checks (journal schema version 4); without, as before.
     */
    private static void participant(final Fields f, final long as, final Command c)
    {
        final long id = f.longValue("id");
        final Role role = f.enumValue("role", Role.class);
        if (!f.has("name") && !f.has("short"))
        {
            c.createParticipant(as, 0, id, role);
            return;
        }
        if (!f.has("name") || !f.has("short"))
        {
            throw new IllegalArgumentException("name= and short= go together (a participant's name and its short code)");
        }
        c.createParticipant(as, 0, id, role, f.text("name", Command.NAME_LENGTH), f.code("short"));
    }

    /**
     * {@code instrument id=N kind=K code=C [name="..." isin=ISIN minor-units=N]}: with a name (an ISIN
     * for a security, the minor units for a currency; a security's are 0), a creation the engine
     * checks (journal schema version 4); without, as before (a currency then has the minor units ISO
     * 4217 gives its code: JPY 0, USD 2, BHD 3).
     */
    private static void instrument(final Fields f, final long as, final Command c)
    {
        final int id = f.intValue("id");
        final InstrumentKind kind = f.enumValue("kind", InstrumentKind.class);
        final String code = f.code("code");
        if (!f.has("name") && !f.has("isin") && !f.has("minor-units"))
        {
            c.createInstrument(as, 0, id, kind, code);
            return;
        }
        if (!f.has("name"))
        {
            throw new IllegalArgumentException("missing name= (an instrument with an ISIN or minor units has a name)");
        }
        if (kind == InstrumentKind.CURRENCY && !f.has("minor-units"))
        {
            throw new IllegalArgumentException("missing minor-units= (digits after the decimal point of the currency, 0-4)");
        }
        final String name = f.text("name", Command.NAME_LENGTH);
        final String isin = f.has("isin") ? f.code("isin") : "";
        final int minorUnits = f.has("minor-units") ? (int)Fields.number("minor-units", f.take("minor-units"), 0, 4, "digits after the decimal point") : 0;
        c.createInstrument(as, 0, id, kind, code, isin, name, minorUnits);
    }

    /** A line's key=value fields, each read at most once; unknown keys are an error. */
    private static final class Fields
    {
        private static final Set<String> AMOUNT_FIELDS = Set.of("amount", "cash");
        /** The schema's enums carry a null value for an absent field; no line may name it. */
        private static final String NULL_VALUE = "NULL_VAL";

        private final Map<String, String> values;

        Fields(final Map<String, String> values)
        {
            this.values = new HashMap<>(values);
        }

        boolean has(final String key)
        {
            return values.containsKey(key);
        }

        /** Text people read (a name), as the engine's field holds it: at most {@code maxBytes} bytes of UTF-8. */
        String text(final String key, final int maxBytes)
        {
            final String value = take(key);
            final int bytes = value.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > maxBytes)
            {
                throw new IllegalArgumentException(key + "=\"" + value + "\" is " + bytes + " bytes of UTF-8: at most " + maxBytes + " fit");
            }
            return value;
        }

        private String take(final String key)
        {
            final String value = values.remove(key);
            if (value == null)
            {
                throw new IllegalArgumentException("missing " + key + "=");
            }
            return value;
        }

        long longValue(final String key)
        {
            return number(key, take(key), Long.MIN_VALUE, Long.MAX_VALUE, "a 64-bit integer");
        }

        int intValue(final String key)
        {
            return (int)number(key, take(key), Integer.MIN_VALUE, Integer.MAX_VALUE, "a 32-bit integer");
        }

        /** {@code key=yes} or {@code key=no}; no when the key is absent. */
        boolean yesNo(final String key)
        {
            if (!values.containsKey(key))
            {
                return false;
            }
            final String value = take(key);
            return switch (value)
            {
                case "yes" -> true;
                case "no" -> false;
                default -> throw new IllegalArgumentException(key + "=" + value + ": yes or no");
            };
        }

        long optionalLong(final String key, final long otherwise)
        {
            return values.containsKey(key) ? longValue(key) : otherwise;
        }

        int optionalInt(final String key, final int otherwise)
        {
            return values.containsKey(key) ? intValue(key) : otherwise;
        }

        /**
         * A whole number within [min, max] (the range of the field's type in the engine), '_' separators
         * allowed; anything else is refused, never cut to fit.
         */
        private static long number(final String key, final String value, final long min, final long max, final String type)
        {
            final String digits = value.replace("_", "");
            if (digits.matches("[+-]?\\d+"))
            {
                final BigInteger n = new BigInteger(digits);
                if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0)
                {
                    throw new IllegalArgumentException(key + "=" + value + " is out of range (" + type + ": " + min + " to " + max + ")");
                }
                return n.longValue();
            }
            if (digits.matches("[+-]?\\d*\\.\\d*") && digits.matches(".*\\d.*"))
            {
                if (AMOUNT_FIELDS.contains(key))
                {
                    throw new IllegalArgumentException(key + "=" + value
                        + ": amounts are whole minor units (e.g. cents: 1250 for 12.50), not decimals");
                }
                if ("quantity".equals(key))
                {
                    throw new IllegalArgumentException(key + "=" + value + ": quantities are whole units, not decimals");
                }
                throw new IllegalArgumentException(key + "=" + value + " is not a whole number");
            }
            throw new IllegalArgumentException(key + "=" + value + " is not a number");
        }

        /**
         * An instrument code as the engine's 12-byte field holds it. A code that field cannot carry
         * (longer than 12 characters, or not ASCII) is refused here rather than cut or replaced; the
         * engine judges the rest (an empty code, or one with a control character: INVALID_FIELD).
         */
        String code(final String key)
        {
            final String value = take(key);
            final String rule = key + "=" + value + ": " + ("code".equals(key) ? "an instrument code" : "short".equals(key) ? "a short code"
                : "an ISIN") + " is " + ("isin".equals(key) ? "" : "1 to ") + Command.CODE_LENGTH + " printable ASCII characters";
            for (int i = 0; i < value.length(); i++)
            {
                if (value.charAt(i) > 0x7F)
                {
                    throw new IllegalArgumentException(rule + " ('" + new String(Character.toChars(value.codePointAt(i)))
                        + "' is not ASCII)");
                }
            }
            if (value.length() > Command.CODE_LENGTH)
            {
                throw new IllegalArgumentException(rule + " (" + value.length() + " given)");
            }
            return value;
        }

        <E extends Enum<E>> E enumValue(final String key, final Class<E> type)
        {
            final String value = take(key);
            final String name = value.toUpperCase(java.util.Locale.ROOT);
            for (final E constant : type.getEnumConstants())
            {
                if (constant.name().equals(name) && !NULL_VALUE.equals(name))
                {
                    return constant;
                }
            }
            throw new IllegalArgumentException(key + "=" + value + " is not one of " + java.util.Arrays.stream(type.getEnumConstants())
                .map(Enum::name).filter(n -> !NULL_VALUE.equals(n)).collect(java.util.stream.Collectors.joining(", ", "[", "]")));
        }

        void requireAllUsed(final String command)
        {
            if (!values.isEmpty())
            {
                throw new IllegalArgumentException("'" + command + "' does not take " + values.keySet());
            }
        }
    }
}
