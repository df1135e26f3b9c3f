package io.settlement.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.gateway.Credentials;
import io.settlement.gateway.GatewayConfig;
import io.settlement.gateway.sbe.Role;

/**
 * The server's configuration file: the scenario syntax of {@code settlement script} for the
 * reference data, funding, limits and first business date (set-up lines only, applied once, as
 * journaled commands, on the first start of an empty data directory: see {@link ServerSetUp}), plus
 * <ul>
 *   <li>{@code hash=pbkdf2-sha256$...} on a participant line: that participant may log on;</li>
 *   <li>{@code retention days=N}: how long finished deals stay in memory; journaled (as a SetRetention
 *       command) on any start where it differs from the period in force;</li>
 *   <li>a {@code gateway} line: {@code port}, {@code max-frame}, {@code idle-timeout-ms},
 *       {@code high-water-bytes}, and the logon throttle's {@code logon-max-failures},
 *       {@code logon-backoff-ms}, {@code logon-max-backoff-ms}, {@code logon-threads},
 *       {@code logon-queue}, each range-checked.</li>
 * </ul>
 */
final class ServerConfig
{
    static final int DEFAULT_PORT = 7450;

    final Path file;
    final List<Command> setUp = new ArrayList<>();
    /** For each set-up command: its line number in {@link #file} and its text (without hash=). */
    final List<Integer> setUpLines = new ArrayList<>();
    final List<String> setUpText = new ArrayList<>();
    final Credentials credentials = new Credentials();
    final GatewayConfig gateway = new GatewayConfig().port(DEFAULT_PORT);
    /** Days finished deals stay in memory, from a {@code retention days=N} line; -1 when the file has none. */
    int retentionDays = -1;
    /** The line of the retention setting (for messages). */
    int retentionLine;
    /** The port the gateway will listen on (also set in {@link #gateway}). */
    int port = DEFAULT_PORT;

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
        return config;
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
                switch (kv[0])
                {
                    case "port" ->
                    {
                        port = (int)setting("gateway " + kv[0], kv[1], 0, 65_535);
                        gateway.port(port);
                    }
                    case "max-frame" -> gateway.maxFrameBytes((int)setting("gateway " + kv[0], kv[1], 128, 16 * 1024 * 1024));
                    case "idle-timeout-ms" -> gateway.idleTimeoutMs(setting("gateway " + kv[0], kv[1], 1, 24L * 3600 * 1000));
                    case "high-water-bytes" -> gateway.outboundHighWaterBytes((int)setting("gateway " + kv[0], kv[1], 4096, Integer.MAX_VALUE));
                    case "logon-max-failures" -> gateway.logonMaxFailures((int)setting("gateway " + kv[0], kv[1], 1, 1_000_000));
                    case "logon-backoff-ms" -> gateway.logonBackoffMs(setting("gateway " + kv[0], kv[1], 1, 24L * 3600 * 1000));
                    case "logon-max-backoff-ms" -> gateway.logonMaxBackoffMs(setting("gateway " + kv[0], kv[1], 1, 7L * 24 * 3600 * 1000));
                    case "logon-threads" -> gateway.logonThreads((int)setting("gateway " + kv[0], kv[1], 1, 64));
                    case "logon-queue" -> gateway.logonQueue((int)setting("gateway " + kv[0], kv[1], 1, 1_000_000));
                    default -> throw new IllegalArgumentException("'gateway' does not take " + kv[0]);
                }
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
}
