package io.settlement.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.DealType;
import io.settlement.engine.api.InstrumentKind;
import io.settlement.engine.api.LimitKind;
import io.settlement.engine.api.Role;
import picocli.CommandLine;
import picocli.CommandLine.Parameters;

/**
 * {@code settlement script FILE}: runs a scenario through the same engine, in process, printing
 * each outcome and the final positions as CSV. The format (one command per line, key=value, '#'
 * starts a comment) is documented in README.md; a line that cannot be read stops the run with its
 * line number and a non-zero exit.
 */
@CommandLine.Command(name = "script", mixinStandardHelpOptions = true,
    description = {"Runs a scenario file through the engine in process; prints each outcome and the final positions (CSV).",
        "Lines: participant, instrument, deposit, withdraw, limit, date, deal, cancel, cycle, query-deal,",
        "query-position, query-limits; key=value fields; 'as=ID' submits as that participant (default: the system)."})
final class ScriptCommand implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "FILE", description = "The scenario file.")
    Path file;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException
    {
        if (!Files.isRegularFile(file))
        {
            throw new IllegalArgumentException("no such scenario file: " + file);
        }
        final PrintWriter out = spec.commandLine().getOut();
        final List<String> lines = Files.readAllLines(file);
        final SettlementEngine engine = new SettlementEngine();
        final Command command = new Command();
        long sequence = 0;
        for (int n = 1; n <= lines.size(); n++)
        {
            final String line = stripComment(lines.get(n - 1));
            if (line.isEmpty())
            {
                continue;
            }
            try
            {
                parse(line, command);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(file + ":" + n + ": " + ex.getMessage());
            }
            command.sequence = ++sequence;
            command.correlationId = n;
            final int lineNumber = n;
            engine.apply(command, (event, buffer, offset, length) -> out.println("line " + lineNumber + ": " + event));
        }
        out.println("participantId,instrumentId,balance");
        engine.forEachBalance((participant, instrument, balance) -> out.printf("%d,%d,%d%n", participant, instrument, balance));
        out.printf("state-hash: %016x%n", engine.stateHash());
        out.flush();
        return 0;
    }

    private static String stripComment(final String line)
    {
        final int hash = line.indexOf('#');
        return (hash >= 0 ? line.substring(0, hash) : line).trim();
    }

    /** Fills {@code c} from one line; IllegalArgumentException with a readable message when it cannot. */
    static void parse(final String line, final Command c)
    {
        final String[] words = line.split("\\s+");
        final Map<String, String> fields = new HashMap<>();
        for (int i = 1; i < words.length; i++)
        {
            final int eq = words[i].indexOf('=');
            if (eq <= 0)
            {
                throw new IllegalArgumentException("expected key=value, found '" + words[i] + "'");
            }
            if (fields.put(words[i].substring(0, eq), words[i].substring(eq + 1)) != null)
            {
                throw new IllegalArgumentException("'" + words[i].substring(0, eq) + "' given twice");
            }
        }
        final Fields f = new Fields(fields);
        final long as = f.optionalLong("as", Command.SYSTEM_SUBMITTER);
        switch (words[0])
        {
            case "participant" -> c.createParticipant(as, 0, f.longValue("id"), f.enumValue("role", Role.class));
            case "instrument" -> c.createInstrument(as, 0, f.intValue("id"), f.enumValue("kind", InstrumentKind.class), f.text("code"));
            case "deposit" -> c.deposit(as, 0, f.longValue("participant"), f.intValue("instrument"), f.longValue("amount"));
            case "withdraw" -> c.withdraw(as, 0, f.longValue("participant"), f.intValue("instrument"), f.longValue("amount"));
            case "limit" -> c.setLimit(as, 0, f.longValue("participant"), f.enumValue("kind", LimitKind.class),
                f.longValue("key"), f.longValue("amount"));
            case "date" -> c.advanceBusinessDate(as, 0, f.intValue("date"));
            case "deal" -> c.submitDeal(as, 0, f.longValue("client"), f.longValue("buyer"), f.longValue("seller"),
                f.intValue("security"), (int)f.optionalLong("currency", 0), f.longValue("quantity"),
                f.optionalLong("cash", 0), f.intValue("date"), f.enumValue("type", DealType.class));
            case "cancel" -> c.cancelDeal(as, 0, f.longValue("deal"));
            case "cycle" -> c.runSettlementCycle(as, 0);
            case "query-deal" -> c.queryDeal(as, 0, f.longValue("deal"));
            case "query-position" -> c.queryPosition(as, 0, f.longValue("participant"), f.intValue("instrument"));
            case "query-limits" -> c.queryLimits(as, 0, f.longValue("participant"));
            default -> throw new IllegalArgumentException("unknown command '" + words[0] + "'");
        }
        f.requireAllUsed(words[0]);
    }

    /** A line's key=value fields, each read at most once; unknown keys are an error. */
    private static final class Fields
    {
        private final Map<String, String> values;

        Fields(final Map<String, String> values)
        {
            this.values = new HashMap<>(values);
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
            final String value = take(key);
            try
            {
                return Long.parseLong(value.replace("_", ""));
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException(key + "=" + value + " is not a number");
            }
        }

        int intValue(final String key)
        {
            final long value = longValue(key);
            if (value != (int)value)
            {
                throw new IllegalArgumentException(key + "=" + value + " is out of range");
            }
            return (int)value;
        }

        long optionalLong(final String key, final long otherwise)
        {
            return values.containsKey(key) ? longValue(key) : otherwise;
        }

        String text(final String key)
        {
            return take(key);
        }

        <E extends Enum<E>> E enumValue(final String key, final Class<E> type)
        {
            final String value = take(key);
            try
            {
                return Enum.valueOf(type, value.toUpperCase(java.util.Locale.ROOT));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(key + "=" + value + " is not one of "
                    + java.util.Arrays.toString(type.getEnumConstants()));
            }
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
