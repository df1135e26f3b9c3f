package io.settlement.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.settlement.engine.api.Command;
import io.settlement.gateway.Credentials;
import io.settlement.gateway.GatewayConfig;
import io.settlement.gateway.sbe.Role;

/**
 * The server's configuration file: the scenario syntax of {@code settlement script} for the
 * reference data, funding, limits and first business date (applied once, as journaled commands, on
 * the first start of an empty data directory), plus
 * <ul>
 *   <li>{@code hash=pbkdf2-sha256$...} on a participant line: that participant may log on;</li>
 *   <li>a {@code gateway} line: {@code port}, {@code max-frame}, {@code idle-timeout-ms},
 *       {@code high-water-bytes}, and the logon throttle's {@code logon-max-failures},
 *       {@code logon-backoff-ms}, {@code logon-max-backoff-ms}, {@code logon-threads},
 *       {@code logon-queue}.</li>
 * </ul>
 */
final class ServerConfig
{
    final List<Command> setUp = new ArrayList<>();
    final Credentials credentials = new Credentials();
    final GatewayConfig gateway = new GatewayConfig().port(7450);

    static ServerConfig read(final Path file) throws IOException
    {
        if (!Files.isRegularFile(file))
        {
            throw new IllegalArgumentException("no such configuration file: " + file);
        }
        final ServerConfig config = new ServerConfig();
        final List<String> lines = Files.readAllLines(file);
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
                config.apply(line);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(file + ":" + n + ": " + ex.getMessage());
            }
        }
        return config;
    }

    private void apply(final String line)
    {
        final String[] words = line.split("\\s+");
        if ("gateway".equals(words[0]))
        {
            for (int i = 1; i < words.length; i++)
            {
                final String[] kv = words[i].split("=", 2);
                final long value = Long.parseLong(kv.length == 2 ? kv[1].replace("_", "") : "x");
                switch (kv[0])
                {
                    case "port" -> gateway.port((int)value);
                    case "max-frame" -> gateway.maxFrameBytes((int)value);
                    case "idle-timeout-ms" -> gateway.idleTimeoutMs(value);
                    case "high-water-bytes" -> gateway.outboundHighWaterBytes((int)value);
                    case "logon-max-failures" -> gateway.logonMaxFailures((int)Math.min(value, Integer.MAX_VALUE));
                    case "logon-backoff-ms" -> gateway.logonBackoffMs(value);
                    case "logon-max-backoff-ms" -> gateway.logonMaxBackoffMs(value);
                    case "logon-threads" -> gateway.logonThreads((int)Math.min(value, Integer.MAX_VALUE));
                    case "logon-queue" -> gateway.logonQueue((int)Math.min(value, Integer.MAX_VALUE));
                    default -> throw new IllegalArgumentException("'gateway' does not take " + kv[0]);
                }
            }
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
        if (hash != null)
        {
            if (!"participant".equals(words[0]))
            {
                throw new IllegalArgumentException("only a participant line takes hash=");
            }
            credentials.add(command.participantId, Role.get(command.role), hash);
        }
        setUp.add(command);
    }
}
