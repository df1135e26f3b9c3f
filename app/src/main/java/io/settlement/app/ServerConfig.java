package io.settlement.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandType;
import io.settlement.engine.config.SettingException;
import io.settlement.gateway.Credentials;
import io.settlement.gateway.GatewayConfig;
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
 *   <li>a {@code gateway} line: any of the gateway's settings by the last part of its property name
 *       ({@code port} for {@code settlement.gateway.port}, {@code max-frame}, {@code idle-timeout-ms},
 *       {@code high-water-bytes}, the logon throttle's {@code logon-max-failures} ...; see
 *       {@link GatewayConfig}), overriding any system property; the gateway's context checks them
 *       ({@link GatewayConfig#conclude()}), and a setting it refuses is reported at the line that set it.</li>
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
    /** Days finished deals stay in memory, from a {@code retention days=N} line; -1 when the file has none. */
    int retentionDays = -1;
    /** The line of the retention setting (for messages). */
    int retentionLine;
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
            String line = lines.get(n - 1);
            final int comment = line.indexOf('#');
            line = (comment >= 0 ? line.substring(0, comment) : line).trim();
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
            Integer line = gatewayLines.get(ex.property());
            if (line == null && ex.relatedProperty() != null)
            {
                line = gatewayLines.get(ex.relatedProperty());
            }
            if (line == null)
            {
                throw ex;
            }
            throw new IllegalArgumentException(file + ":" + line + ": gateway "
                + ex.property().substring(GatewayConfig.PROPERTY_PREFIX.length()) + "=" + ex.value() + " " + ex.problem(), ex);
        }
    }

    private void apply(final String line, final int lineNumber)
    {
        final String[] words = line.split("\\s+");
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
                + "limit, date), settings (gateway, retention), not '" + words[0] + "'");
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
