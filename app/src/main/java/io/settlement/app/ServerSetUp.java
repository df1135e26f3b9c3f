package io.settlement.app;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.settlement.engine.BusinessCalendar;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.CommandType;
import io.settlement.engine.api.EventType;
import io.settlement.engine.api.ReferenceChecks;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.journal.DataDirectory;
import io.settlement.journal.JournalReader;
import io.settlement.journal.Recovery;
import io.settlement.journal.SettlementNode;
import io.settlement.protocol.Codes;
import io.settlement.protocol.wire.DayStatus;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.LimitKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;

/**
 * The server configuration's set-up (reference data, funding, limits, first date; the calendar
 * before it): checked on a scratch engine before anything is journaled, applied once on the first start of an empty data
 * directory, and on every later start compared line by line with what that first start journaled.
 */
final class ServerSetUp
{
    private ServerSetUp()
    {
    }

    /** @return true when {@code data} holds a command journal with at least one record file. */
    static boolean hasJournal(final Path data) throws java.io.IOException
    {
        final Path commands = new DataDirectory(data).commands();
        if (!Files.isDirectory(commands))
        {
            return false;
        }
        try (Stream<Path> files = Files.list(commands))
        {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".cq4"));
        }
    }

    /**
     * Applies the set-up to a scratch engine, as the first start would (as the system).
     *
     * @throws IllegalArgumentException naming the first line the engine refuses, and why.
     */
    static void dryRun(final ServerConfig config)
    {
        final SettlementEngine scratch = new SettlementEngine();
        final Command command = new Command();
        long sequence = 0;
        for (final Command calendarCommand : calendarCommands(config, new BusinessCalendar(), 0))
        {
            command.copyFrom(calendarCommand);
            command.sequence = ++sequence;
            final Reason[] result = new Reason[1];
            scratch.apply(command, (event, buffer, offset, length) -> result[0] = event.reason);
            if (result[0] != Reason.OK)
            {
                throw new IllegalArgumentException(config.file + ":" + config.calendarLine + ": the engine refuses this calendar: "
                    + result[0] + "; nothing was applied");
            }
        }
        for (int i = 0; i < config.setUp.size(); i++)
        {
            command.copyFrom(config.setUp.get(i));
            command.submitterId = Command.SYSTEM_SUBMITTER;
            command.sequence = ++sequence;
            final Reason[] refused = new Reason[1];
            scratch.apply(command, (event, buffer, offset, length) ->
            {
                final boolean first = refused[0] == null;
                if (first && (event.type == EventType.DEAL_REJECTED || event.type == EventType.COMMAND_RESULT))
                {
                    refused[0] = event.reason;
                }
                else if (first)
                {
                    refused[0] = Reason.OK;
                }
            });
            if (refused[0] != null && refused[0] != Reason.OK)
            {
                throw new IllegalArgumentException(config.file + ":" + config.setUpLines.get(i) + ": the engine refuses this line: "
                    + refused[0] + "; nothing was applied");
            }
        }
    }

    /** Journals the set-up through the pipeline, as the system; a refusal here (after the dry run) is a bug: fail-stop. */
    static void apply(final SettlementNode node, final ServerConfig config, final PrintWriter out) throws Exception
    {
        try (PipelineClient system = node.client(Command.SYSTEM_SUBMITTER))
        {
            for (int i = 0; i < config.setUp.size(); i++)
            {
                final PipelineClient.Outcome outcome = system.send(config.setUp.get(i)).get(30, TimeUnit.SECONDS);
                if (outcome.published() != Reason.OK || outcome.events().isEmpty())
                {
                    throw new IllegalStateException("could not apply the configuration: " + outcome.published());
                }
                final var first = outcome.first();
                if (first.type == EventType.DEAL_REJECTED || (first.type == EventType.COMMAND_RESULT && first.reason != Reason.OK))
                {
                    throw new IllegalStateException(config.file + ":" + config.setUpLines.get(i) + ": refused on the first start: "
                        + first.reason);
                }
            }
        }
        out.printf("first start: applied %d configuration commands (journaled)%n", config.setUp.size());
    }

    /**
     * The configuration's {@code retention days=N}, on every start: journaled as a SetRetention command
     * (as the system) when it differs from the period in force in the recovered state, so that a replay
     * reads it from the journal; without such a line the period in force stays.
     */
    static void applyRetention(final SettlementNode node, final ServerConfig config, final PrintWriter out) throws Exception
    {
        final int inForce = node.recovery().retainFinishedDays();
        if (config.retentionDays < 0 || config.retentionDays == inForce)
        {
            out.printf("retention: finished deals stay in memory %d days after their settlement date%n", inForce);
            return;
        }
        try (PipelineClient system = node.client(Command.SYSTEM_SUBMITTER))
        {
            final PipelineClient.Outcome outcome =
                system.send(new Command().setRetention(Command.SYSTEM_SUBMITTER, 0, config.retentionDays)).get(30, TimeUnit.SECONDS);
            if (outcome.published() != Reason.OK || outcome.events().isEmpty() || outcome.first().reason != Reason.OK)
            {
                throw new IllegalStateException(config.file + ":" + config.retentionLine + ": retention refused: "
                    + (outcome.published() != Reason.OK || outcome.events().isEmpty() ? outcome.published() : outcome.first().reason));
            }
            out.printf("retention: finished deals stay in memory %d days after their settlement date (was %d; %s:%d, journaled "
                + "at sequence %d)%n", config.retentionDays, inForce, config.file, config.retentionLine, outcome.first().sequence);
        }
    }

    /**
     * The commands (as the system) that make the calendar in force ({@code inForce}, with the business
     * date {@code businessDate}) the configuration's: SetCalendar when its weekend rule differs, then
     * SetHoliday for each day after the business date that is a holiday in one and not in the other,
     * in date order. Days at or before the business date have begun: they keep their calendar.
     */
    static List<Command> calendarCommands(final ServerConfig config, final BusinessCalendar inForce, final int businessDate)
    {
        final List<Command> commands = new ArrayList<>();
        if (config.calendar == null)
        {
            return commands;
        }
        if (config.calendarSetsWeekends && config.calendar.weekendsClosed() != inForce.weekendsClosed())
        {
            commands.add(new Command().setCalendar(Command.SYSTEM_SUBMITTER, 0,
                config.calendar.weekendsClosed() ? DayStatus.CLOSED : DayStatus.OPEN));
        }
        final java.util.TreeSet<Integer> days = new java.util.TreeSet<>();
        for (final int day : config.calendar.holidays())
        {
            days.add(day);
        }
        for (final int day : inForce.holidays())
        {
            days.add(day);
        }
        for (final int day : days)
        {
            if (day > businessDate && config.calendar.isHoliday(day) != inForce.isHoliday(day))
            {
                commands.add(new Command().setHoliday(Command.SYSTEM_SUBMITTER, 0, day,
                    config.calendar.isHoliday(day) ? DayStatus.CLOSED : DayStatus.OPEN));
            }
        }
        return commands;
    }

    /**
     * The configuration's {@code calendar} lines, on every start: journaled (as the system) where they
     * differ from the calendar in force in the recovered state, for the days after the business date;
     * without such a line the calendar in force stays.
     *
     * @return the calendar in force afterwards (the scheduler finds the next business day in it).
     */
    static BusinessCalendar applyCalendar(final SettlementNode node, final ServerConfig config, final PrintWriter out) throws Exception
    {
        final Recovery.Report recovered = node.recovery();
        final BusinessCalendar inForce = new BusinessCalendar().weekendsClosed(recovered.weekendsClosed());
        for (final int day : recovered.holidays())
        {
            inForce.addHoliday(day);
        }
        final List<Command> commands = calendarCommands(config, inForce, recovered.businessDate());
        long firstSequence = 0;
        try (PipelineClient system = node.client(Command.SYSTEM_SUBMITTER))
        {
            for (final Command c : commands)
            {
                final PipelineClient.Outcome outcome = system.send(c).get(30, TimeUnit.SECONDS);
                final Reason result = outcome.published() != Reason.OK || outcome.events().isEmpty()
                    ? outcome.published() : outcome.first().reason;
                if (result != Reason.OK)
                {
                    throw new IllegalStateException(config.file + ":" + config.calendarLine + ": calendar refused: " + result
                        + (result == Reason.NOT_A_BUSINESS_DAY ? " (the business date " + recovered.businessDate()
                        + " is a Saturday or a Sunday: roll it first)" : ""));
                }
                firstSequence = firstSequence == 0 ? outcome.first().sequence : firstSequence;
                if (c.type == CommandType.SET_CALENDAR)
                {
                    inForce.weekendsClosed(c.weekends == DayStatus.CLOSED.value());
                }
                else if (c.dayStatus == DayStatus.CLOSED.value())
                {
                    inForce.addHoliday(c.holidayDate);
                }
                else
                {
                    inForce.removeHoliday(c.holidayDate);
                }
            }
        }
        int upcoming = 0;
        for (final int day : inForce.holidays())
        {
            upcoming += day > recovered.businessDate() ? 1 : 0;
        }
        out.printf("calendar: weekends %s, %d holidays after the business date%s%n", inForce.weekendsClosed() ? "closed" : "open",
            upcoming, commands.isEmpty() ? "" : " (" + config.file + ":" + config.calendarLine + ", " + commands.size()
                + " commands journaled from sequence " + firstSequence + ")");
        return inForce;
    }

    /**
     * Compares the configuration's set-up with the commands the first start journaled (the leading
     * commands from the system that a configuration can hold) and says which lines differ.
     */
    static void compareWithApplied(final Path data, final ServerConfig config, final PrintWriter out)
    {
        final List<String> applied = new ArrayList<>();
        final List<Long> appliedSequences = new ArrayList<>();
        final Command c = new Command();
        try (JournalReader reader = JournalReader.openReadOnly(new DataDirectory(data).commands(), JournalReader.Kind.COMMANDS))
        {
            for (int length = reader.next(); length > 0; length = reader.next())
            {
                if (!CommandCodec.decode(reader.buffer(), reader.offset(), length, c))
                {
                    break;
                }
                if (c.submitterId != Command.SYSTEM_SUBMITTER)
                {
                    break; // the set-up ends where commands from participants begin
                }
                if (!isConfigurable(c.type))
                {
                    if (!applied.isEmpty())
                    {
                        break;
                    }
                    continue; // a system command the node journals itself, before the set-up
                }
                applied.add(describe(c));
                appliedSequences.add(c.sequence);
            }
        }
        final boolean[] matched = new boolean[applied.size()];
        final List<String> report = new ArrayList<>();
        for (int i = 0; i < config.setUp.size(); i++)
        {
            final String wanted = describe(config.setUp.get(i));
            int found = -1;
            for (int j = 0; j < applied.size() && found < 0; j++)
            {
                if (!matched[j] && applied.get(j).equals(wanted))
                {
                    found = j;
                }
            }
            if (found >= 0)
            {
                matched[found] = true;
            }
            else
            {
                report.add("  " + config.file + ":" + config.setUpLines.get(i) + ": " + config.setUpText.get(i) + "  (not in what was applied)");
            }
        }
        for (int j = 0; j < applied.size(); j++)
        {
            if (!matched[j])
            {
                report.add("  applied at sequence " + appliedSequences.get(j) + ", no longer in the file: " + applied.get(j));
            }
        }
        if (report.isEmpty())
        {
            out.printf("configuration: the set-up in %s is what the first start applied (%d commands)%n", config.file, applied.size());
            return;
        }
        out.printf("configuration: %s differs from the set-up the first start applied; the set-up is applied only on the first "
            + "start of an empty data directory, so these lines are NOT applied:%n", config.file);
        report.forEach(out::println);
        out.println("  to change them, send the commands through the gateway as an operator or risk user (docs/protocol.md), or "
            + "start on an empty data directory; hash= and the gateway line are read on every start");
    }

    /**
     * Whether the journal in {@code data} holds any set-up command from the system: a start that
     * journaled only the calendar (and retention) before it stopped has not applied its set-up yet, so
     * the next start applies it (a first start is decided by this, not by an empty journal).
     */
    static boolean setUpApplied(final Path data)
    {
        final Command c = new Command();
        try (JournalReader reader = JournalReader.openReadOnly(new DataDirectory(data).commands(), JournalReader.Kind.COMMANDS))
        {
            for (int length = reader.next(); length > 0; length = reader.next())
            {
                if (CommandCodec.decode(reader.buffer(), reader.offset(), length, c) && isConfigurable(c.type))
                {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean isConfigurable(final CommandType type)
    {
        return switch (type)
        {
            case CREATE_PARTICIPANT, CREATE_INSTRUMENT, DEPOSIT, WITHDRAW, SET_LIMIT, ADVANCE_BUSINESS_DATE -> true;
            default -> false;
        };
    }

    /** A value in double quotes, a quote or backslash in it escaped (as {@link ScriptWords} reads it). */
    static String quoted(final String value)
    {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** A set-up command in the configuration's syntax (amounts without separators, no as=). */
    static String describe(final Command c)
    {
        return switch (c.type)
        {
            case CREATE_PARTICIPANT -> "participant id=" + c.participantId + " role=" + Codes.role(c.role)
                + (c.legacyLayout ? "" : " name=" + quoted(Command.text(c.name, StandardCharsets.UTF_8))
                + " short=" + Command.text(c.shortCode, StandardCharsets.US_ASCII));
            case CREATE_INSTRUMENT -> "instrument id=" + c.instrumentId + " kind=" + Codes.instrumentKind(c.instrumentKind)
                + " code=" + c.codeAsString()
                + (c.legacyLayout ? "" : (ReferenceChecks.isEmpty(c.isin) ? "" : " isin=" + Command.text(c.isin, StandardCharsets.US_ASCII))
                + " name=" + quoted(Command.text(c.name, StandardCharsets.UTF_8)) + " minor-units=" + c.minorUnits);
            case DEPOSIT, WITHDRAW -> c.type.name().toLowerCase(java.util.Locale.ROOT) + " participant=" + c.participantId
                + " instrument=" + c.instrumentId + " amount=" + c.amount;
            case SET_LIMIT -> "limit participant=" + c.participantId + " kind=" + Codes.limitKind(c.limitKind) + " key=" + c.limitKey
                + " amount=" + c.amount;
            case ADVANCE_BUSINESS_DATE -> "date date=" + c.businessDate;
            default -> c.type + " " + c;
        };
    }
}
