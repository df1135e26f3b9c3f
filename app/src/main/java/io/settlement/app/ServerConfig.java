package io.settlement.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.settlement.engine.BusinessCalendar;
import io.settlement.engine.Dates;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandType;
import io.settlement.engine.config.SettingException;
import io.settlement.gateway.Credentials;
import io.settlement.gateway.GatewayConfig;
import io.settlement.fix.FixConfig;
import io.settlement.http.HttpConfig;
import io.settlement.journal.Schedule;
import io.settlement.reports.ReportsSettings;
import io.settlement.protocol.wire.CycleMode;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.Role;

/**
 * The server's configuration file: the scenario syntax of {@code settlement script} for the
 * reference data, funding, limits and first business date (set-up lines only, applied once, as
 * journaled commands, on the first start of an empty data directory: see {@link ServerSetUp}), plus
 * <ul>
 *   <li>{@code hash=pbkdf2-sha256$...} on a participant line: that participant may log on;</li>
 *   <li>{@code retention days=N}: how long finished deals stay in memory; journaled (as a SetRetention
 *       command) on any start where it differs from the period in force;</li>
 *   <li>{@code calendar weekends=open|closed holidays=yyyymmdd,...}: the business calendar, on one or
 *       more lines (holidays add up); journaled (SetCalendar, SetHoliday) on any start where it differs
 *       from the calendar in force, for the days after the business date ({@link ServerSetUp#applyCalendar});</li>
 *   <li>{@code schedule cycle-at=HH:MM,... | cycle-every=DURATION roll-at=HH:MM | roll-every=DURATION
 *       zone=ZONE}: the node's {@link io.settlement.journal.Scheduler} (durations such as 200ms, 30s,
 *       15m, 2h; zone an IANA time zone, default UTC);</li>
 *   <li>a {@code gateway} line: any of the gateway's settings by the last part of its property name
 *       ({@code port} for {@code settlement.gateway.port}, {@code max-frame}, {@code idle-timeout-ms},
 *       {@code high-water-bytes}, the logon throttle's {@code logon-max-failures} ...; see
 *       {@link GatewayConfig}), overriding any system property; the gateway's context checks them
 *       ({@link GatewayConfig#conclude()}), and a setting it refuses is reported at the line that set it.</li>
 *   <li>an {@code http} line: the HTTP API and console are served only when the file has one; its
 *       keys are the last part of {@link HttpConfig}'s property names ({@code http port=7480
 *       tls-keystore=node.p12 tls-keystore-password=...}), checked the same way.</li>
 *   <li>{@code fix} lines: the FIX channel (docs/fix.md) runs only when the file has one; its keys are the
 *       last part of {@link FixConfig}'s property names ({@code fix port=9878 session=1:BANKA session=2:BANKB}),
 *       {@code session} given once per session, on one or more lines; checked the same way.</li>
 *   <li>{@code node} lines: the node's and its pipeline's settings by the last part of their property names
 *       ({@code node durability=synced|unsynced topology=single|staged wait-strategy=... ring-size=...};
 *       see {@link NodeSettings}), checked the same way.</li>
 *   <li>a {@code reports} line: where the node's projector keeps the reports read model
 *       ({@code reports database=jdbc:postgresql://... user=... password-env=VAR}, or {@code reports off});
 *       without one, the embedded H2 database in DATA/reports ({@link ReportsSettings}).</li>
 * </ul>
 */
final class ServerConfig
{
    final Path file;
    final List<Command> setUp = new ArrayList<>();
    /** For each set-up command: its line number in {@link #file} and its text (without hash=). */
    final List<Integer> setUpLines = new ArrayList<>();
    final List<String> setUpText = new ArrayList<>();
    final Credentials credentials = new Credentials();
    final GatewayConfig gateway = new GatewayConfig();
    /** For each gateway property the file sets: the line that set it. */
    private final Map<String, Integer> gatewayLines = new HashMap<>();
    /** The HTTP API's settings; null when the file has no {@code http} line (no HTTP API). */
    HttpConfig http;
    /** For each http property the file sets: the line that set it. */
    private final Map<String, Integer> httpLines = new HashMap<>();
    /** The FIX channel's settings; null when the file has no {@code fix} line (no FIX channel). */
    FixConfig fix;
    /** For each fix property the file sets: the (last) line that set it. */
    private final Map<String, Integer> fixLines = new HashMap<>();
    private int fixFirstLine;
    /** Days finished deals stay in memory, from a {@code retention days=N} line; -1 when the file has none. */
    int retentionDays = -1;
    /** The line of the retention setting (for messages). */
    int retentionLine;
    /** The business calendar of the {@code calendar} lines; null when the file has none. */
    BusinessCalendar calendar;
    /** Whether a {@code calendar} line set {@code weekends=} (else the rule in force stays). */
    boolean calendarSetsWeekends;
    /** The first {@code calendar} line (for messages). */
    int calendarLine;
    /** The {@code schedule} lines' schedule; null when the file has none. */
    Schedule schedule;
    private final Set<String> scheduleKeys = new HashSet<>();
    /** The {@code node} lines' settings (durability, topology, ...). */
    final NodeSettings node = new NodeSettings();
    /** The {@code reports} line's settings; the embedded read model when the file has none. */
    ReportsSettings reports = ReportsSettings.embedded();
    private int reportsLine;

    private ServerConfig(final Path file)
    {
        this.file = file;
    }

    static ServerConfig read(final Path file) throws IOException
    {
        if (!Files.isRegularFile(file))
        {
            throw new IllegalArgumentException("no such configuration file: " + file);
        }
        final ServerConfig config = new ServerConfig(file);
        final List<String> lines = ScriptCommand.readLines(file);
        for (int n = 1; n <= lines.size(); n++)
        {
            final String line = ScriptWords.stripComment(lines.get(n - 1));
            if (line.isEmpty())
            {
                continue;
            }
            try
            {
                config.apply(line, n);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(file + ":" + n + ": " + ex.getMessage());
            }
        }
        config.conclude();
        return config;
    }

    /**
     * Overrides the gateway's port (a command-line option): a port out of range is then the option's
     * fault, not the file's.
     */
    void port(final int tcpPort)
    {
        gateway.port(tcpPort);
        gatewayLines.remove(GatewayConfig.PORT_PROP_NAME);
    }

    /**
     * Checks the settings ({@link GatewayConfig#conclude()}); a setting refused that the file set is
     * reported at its line, as the file's key: {@code FILE:LINE: gateway port=99999 is out of range (0 to 65535)}.
     *
     * @throws SettingException for a setting the file did not set (a system property, an option).
     */
    void conclude()
    {
        try
        {
            gateway.conclude();
        }
        catch (final SettingException ex)
        {
            throw atLine(ex, "gateway", GatewayConfig.PROPERTY_PREFIX, gatewayLines);
        }
        if (http != null)
        {
            try
            {
                http.conclude();
            }
            catch (final SettingException ex)
            {
                throw atLine(ex, "http", HttpConfig.PROPERTY_PREFIX, httpLines);
            }
        }
        concludeFix();
        node.conclude(file);
    }

    /** Checks the FIX channel's settings, reported at the line that set them. */
    private void concludeFix()
    {
        if (fix != null)
        {
            if (fix.sessions().isEmpty())
            {
                throw new IllegalArgumentException(file + ":" + fixFirstLine + ": a fix line needs at least one session=PARTICIPANT:COMPID"
                    + " (the FIX channel accepts only the sessions configured)");
            }
            try
            {
                fix.conclude();
            }
            catch (final SettingException ex)
            {
                throw atLine(ex, "fix", FixConfig.PROPERTY_PREFIX, fixLines);
            }
        }
    }

    /** Overrides the FIX channel's port (a command-line option); the channel stays off without a {@code fix} line. */
    void fixPort(final int tcpPort)
    {
        if (fix != null)
        {
            fix.port(tcpPort);
            fixLines.remove(FixConfig.PORT_PROP_NAME);
        }
    }

    /** A setting refused, reported at the line of the file that set it (or as it is, if the file did not). */
    private RuntimeException atLine(final SettingException ex, final String section, final String prefix, final Map<String, Integer> lines)
    {
        Integer line = lines.get(ex.property());
        if (line == null && ex.relatedProperty() != null)
        {
            line = lines.get(ex.relatedProperty());
        }
        if (line == null)
        {
            return ex;
        }
        return new IllegalArgumentException(file + ":" + line + ": " + section + " "
            + ex.property().substring(prefix.length()) + "=" + ex.value() + " " + ex.problem(), ex);
    }

    /**
     * Applies the ports given as command-line options ({@code --port}, {@code --http-port}, {@code --fix-port}; null:
     * as configured) and checks the settings again ({@link #conclude}), so that a port refused is the option's fault.
     *
     * @return null, or the problem named by its option: {@code --http-port 99999 is out of range (0 to 65535)}
     */
    String overridePorts(final Integer port, final Integer httpPort, final Integer fixPort)
    {
        if (port == null && httpPort == null && fixPort == null)
        {
            return null;
        }
        if (port != null)
        {
            port(port);
        }
        if (httpPort != null)
        {
            httpPort(httpPort);
        }
        if (fixPort != null)
        {
            fixPort(fixPort);
        }
        try
        {
            conclude();
            return null;
        }
        catch (final SettingException ex)
        {
            final String option = ex.property().startsWith(HttpConfig.PROPERTY_PREFIX) ? "--http-port " + httpPort
                : ex.property().startsWith(FixConfig.PROPERTY_PREFIX) ? "--fix-port " + fixPort : "--port " + port;
            return option + " " + ex.problem();
        }
    }

    /** Overrides the HTTP API's port (a command-line option), turning the API on if the file did not. */
    void httpPort(final int tcpPort)
    {
        if (http == null)
        {
            http = new HttpConfig();
        }
        http.port(tcpPort);
        httpLines.remove(HttpConfig.PORT_PROP_NAME);
    }

    private void apply(final String line, final int lineNumber)
    {
        final String[] words = ScriptWords.split(line);
        if ("gateway".equals(words[0]))
        {
            for (int i = 1; i < words.length; i++)
            {
                final String[] kv = words[i].split("=", 2);
                if (kv.length != 2)
                {
                    throw new IllegalArgumentException("gateway: expected key=value, found '" + words[i] + "'");
                }
                final String property = GatewayConfig.PROPERTY_PREFIX + kv[0];
                if (!GatewayConfig.PROPERTY_NAMES.contains(property))
                {
                    throw new IllegalArgumentException("'gateway' does not take " + kv[0]);
                }
                try
                {
                    gateway.set(property, kv[1]);
                }
                catch (final SettingException ex)
                {
                    throw new IllegalArgumentException("gateway " + kv[0] + "=" + ex.value() + " " + ex.problem(), ex);
                }
                gatewayLines.put(property, lineNumber);
            }
            return;
        }
        if ("http".equals(words[0]))
        {
            if (http == null)
            {
                http = new HttpConfig();
            }
            for (int i = 1; i < words.length; i++)
            {
                final String[] kv = words[i].split("=", 2);
                if (kv.length != 2)
                {
                    throw new IllegalArgumentException("http: expected key=value, found '" + words[i] + "'");
                }
                final String property = HttpConfig.PROPERTY_PREFIX + kv[0];
                if (!HttpConfig.PROPERTY_NAMES.contains(property))
                {
                    throw new IllegalArgumentException("'http' does not take " + kv[0] + " (it takes "
                        + String.join(", ", HttpConfig.PROPERTY_NAMES).replace(HttpConfig.PROPERTY_PREFIX, "") + ")");
                }
                try
                {
                    http.set(property, kv[1]);
                }
                catch (final SettingException ex)
                {
                    throw new IllegalArgumentException("http " + kv[0] + "=" + ex.value() + " " + ex.problem(), ex);
                }
                httpLines.put(property, lineNumber);
            }
            return;
        }
        if ("fix".equals(words[0]))
        {
            fixLine(words, lineNumber);
            return;
        }
        if ("node".equals(words[0]))
        {
            node.line(words, lineNumber);
            return;
        }
        if ("calendar".equals(words[0]))
        {
            calendarLine(words, lineNumber);
            return;
        }
        if ("reports".equals(words[0]))
        {
            if (reportsLine != 0)
            {
                throw new IllegalArgumentException("a second reports line (the first is line " + reportsLine + ")");
            }
            reports = ReportsSettings.parse(Arrays.copyOfRange(words, 1, words.length), System::getenv);
            reportsLine = lineNumber;
            return;
        }
        if ("schedule".equals(words[0]))
        {
            scheduleLine(words);
            return;
        }
        if ("retention".equals(words[0]))
        {
            if (words.length != 2 || !words[1].startsWith("days="))
            {
                throw new IllegalArgumentException("expected 'retention days=N', found '" + line + "'");
            }
            retentionDays = (int)setting("retention days", words[1].substring("days=".length()), 0,
                SettlementEngine.MAX_RETAIN_FINISHED_DAYS);
            retentionLine = lineNumber;
            return;
        }
        String hash = null;
        final StringBuilder rest = new StringBuilder();
        for (final String word : words)
        {
            if (word.startsWith("hash="))
            {
                hash = word.substring("hash=".length());
            }
            else
            {
                rest.append(word).append(' ');
            }
        }
        final Command command = new Command();
        ScriptCommand.parse(rest.toString().trim(), command);
        if (!ServerSetUp.isConfigurable(command.type))
        {
            throw new IllegalArgumentException("a configuration holds set-up lines only (participant, instrument, deposit, withdraw, "
                + "limit, date), settings (gateway, http, fix, reports, retention, calendar, schedule), not '" + words[0] + "'");
        }
        if (hash != null)
        {
            if (!"participant".equals(words[0]))
            {
                throw new IllegalArgumentException("only a participant line takes hash=");
            }
            credentials.add(command.participantId, Role.get(command.role), hash);
        }
        setUp.add(command);
        setUpLines.add(lineNumber);
        setUpText.add(rest.toString().trim());
    }

    private void fixLine(final String[] words, final int lineNumber)
    {
        if (fix == null)
        {
            fix = new FixConfig();
            fixFirstLine = lineNumber;
        }
        for (int i = 1; i < words.length; i++)
        {
            final String[] kv = words[i].split("=", 2);
            if (kv.length != 2)
            {
                throw new IllegalArgumentException("fix: expected key=value, found '" + words[i] + "'");
            }
            final String property = FixConfig.PROPERTY_PREFIX + kv[0];
            if (!FixConfig.PROPERTY_NAMES.contains(property))
            {
                throw new IllegalArgumentException("'fix' does not take " + kv[0] + " (it takes "
                    + String.join(", ", FixConfig.PROPERTY_NAMES).replace(FixConfig.PROPERTY_PREFIX, "") + ")");
            }
            try
            {
                fix.set(property, kv[1]);
            }
            catch (final SettingException ex)
            {
                throw new IllegalArgumentException("fix " + kv[0] + "=" + ex.value() + " " + ex.problem(), ex);
            }
            fixLines.put(property, lineNumber);
        }
    }

    private void calendarLine(final String[] words, final int lineNumber)
    {
        if (words.length == 1)
        {
            throw new IllegalArgumentException("expected 'calendar weekends=open|closed holidays=yyyymmdd,...'");
        }
        if (calendar == null)
        {
            calendar = new BusinessCalendar();
            calendarLine = lineNumber;
        }
        for (int i = 1; i < words.length; i++)
        {
            final String[] kv = words[i].split("=", 2);
            if (kv.length != 2)
            {
                throw new IllegalArgumentException("calendar: expected key=value, found '" + words[i] + "'");
            }
            switch (kv[0])
            {
                case "weekends" ->
                {
                    if (calendarSetsWeekends)
                    {
                        throw new IllegalArgumentException("calendar weekends= given twice");
                    }
                    final String value = kv[1].toLowerCase(Locale.ROOT);
                    if (!"open".equals(value) && !"closed".equals(value))
                    {
                        throw new IllegalArgumentException("calendar weekends=" + kv[1] + ": expected open or closed");
                    }
                    calendar.weekendsClosed("closed".equals(value));
                    calendarSetsWeekends = true;
                }
                case "holidays" ->
                {
                    for (final String date : kv[1].split(","))
                    {
                        final int day = parseDate(date);
                        if (calendar.isHoliday(day))
                        {
                            throw new IllegalArgumentException("calendar holidays: " + date + " given twice");
                        }
                        if (!calendar.addHoliday(day))
                        {
                            throw new IllegalArgumentException("calendar holidays: more than " + BusinessCalendar.MAX_HOLIDAYS);
                        }
                    }
                }
                default -> throw new IllegalArgumentException("'calendar' does not take " + kv[0] + " (weekends, holidays)");
            }
        }
    }

    private static int parseDate(final String text)
    {
        if (!text.matches("\\d{8}"))
        {
            throw new IllegalArgumentException("calendar holidays: " + text + " is not a date (yyyymmdd)");
        }
        final int day = Integer.parseInt(text);
        if (!Dates.isValid(day))
        {
            throw new IllegalArgumentException("calendar holidays: " + text + " is not a real calendar day (yyyymmdd)");
        }
        return day;
    }

    private void scheduleLine(final String[] words)
    {
        if (words.length == 1)
        {
            throw new IllegalArgumentException("expected 'schedule cycle-at=HH:MM,...|cycle-every=DURATION roll-at=HH:MM|roll-every=DURATION"
                + " zone=ZONE'");
        }
        if (schedule == null)
        {
            schedule = new Schedule();
        }
        for (int i = 1; i < words.length; i++)
        {
            final String[] kv = words[i].split("=", 2);
            if (kv.length != 2)
            {
                throw new IllegalArgumentException("schedule: expected key=value, found '" + words[i] + "'");
            }
            if (!scheduleKeys.add(kv[0]))
            {
                throw new IllegalArgumentException("schedule " + kv[0] + "= given twice");
            }
            switch (kv[0])
            {
                case "cycle-at" ->
                {
                    for (final String time : kv[1].split(","))
                    {
                        schedule.cycleAt(timeOfDay("cycle-at", time));
                    }
                }
                case "roll-at" ->
                {
                    for (final String time : kv[1].split(","))
                    {
                        schedule.rollAt(timeOfDay("roll-at", time));
                    }
                }
                case "cycle-every" -> schedule.cycleEvery(durationMs("cycle-every", kv[1]));
                case "cycle-mode" -> schedule.cycleMode(switch (kv[1])
                {
                    case "gross" -> CycleMode.GROSS;
                    case "netted" -> CycleMode.NETTED;
                    default -> throw new IllegalArgumentException("schedule cycle-mode=" + kv[1] + " is not a cycle mode (gross, netted)");
                });
                case "roll-every" -> schedule.rollEvery(durationMs("roll-every", kv[1]));
                case "zone" ->
                {
                    try
                    {
                        schedule.zone(ZoneId.of(kv[1]));
                    }
                    catch (final DateTimeException ex)
                    {
                        throw new IllegalArgumentException("schedule zone=" + kv[1] + " is not a time zone (e.g. UTC, Europe/London)");
                    }
                }
                default -> throw new IllegalArgumentException("'schedule' does not take " + kv[0]
                    + " (cycle-at, cycle-every, cycle-mode, roll-at, roll-every, zone)");
            }
        }
    }

    private static LocalTime timeOfDay(final String key, final String text)
    {
        if (!text.matches("\\d{2}:\\d{2}"))
        {
            throw new IllegalArgumentException("schedule " + key + ": " + text + " is not a time of day (HH:MM, 00:00 to 23:59)");
        }
        try
        {
            return LocalTime.parse(text);
        }
        catch (final DateTimeException ex)
        {
            throw new IllegalArgumentException("schedule " + key + ": " + text + " is not a time of day (HH:MM, 00:00 to 23:59)");
        }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    /** A duration: a whole number and a unit, ms, s, m or h ({@code 200ms}, {@code 15m}). */
    static long durationMs(final String key, final String text)
    {
        final Matcher m = DURATION.matcher(text);
        if (!m.matches())
        {
            throw new IllegalArgumentException("schedule " + key + "=" + text + " is not a duration (a whole number and ms, s, m or h: "
                + "200ms, 30s, 15m, 2h)");
        }
        final long n = Long.parseLong(m.group(1));
        final long ms = switch (m.group(2))
        {
            case "ms" -> n;
            case "s" -> n * 1_000;
            case "m" -> n * 60_000;
            default -> n * 3_600_000;
        };
        if (ms < Schedule.MIN_INTERVAL_MS || ms > Schedule.MAX_INTERVAL_MS)
        {
            throw new IllegalArgumentException("schedule " + key + "=" + text + " is out of range (10ms to 168h)");
        }
        return ms;
    }

    /** A setting: a whole number in [min, max] ('_' separators allowed), else an error naming it. */
    private static long setting(final String key, final String value, final long min, final long max)
    {
        final long number;
        try
        {
            number = Long.parseLong(value.replace("_", ""));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(key + "=" + value + " is not a whole number");
        }
        if (number < min || number > max)
        {
            throw new IllegalArgumentException(key + "=" + value + " is out of range (" + min + " to " + max + ")");
        }
        return number;
    }

    /** The codes of the currencies the set-up creates, by instrument id (the metrics' currency labels). */
    Map<Integer, String> currencyCodes()
    {
        final Map<Integer, String> codes = new HashMap<>();
        for (final Command command : setUp)
        {
            if (command.type == CommandType.CREATE_INSTRUMENT && command.instrumentKind == InstrumentKind.CURRENCY.value())
            {
                codes.put(command.instrumentId, command.codeAsString());
            }
        }
        return codes;
    }
}
