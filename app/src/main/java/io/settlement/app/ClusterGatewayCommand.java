package io.settlement.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import io.settlement.cluster.ClusterIntake;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.engine.config.SettingException;
import io.settlement.engine.pipeline.SessionRouter;
import io.settlement.gateway.ApiChannel;
import io.settlement.gateway.GatewayServer;
import io.settlement.protocol.wire.Reason;
import org.agrona.concurrent.ShutdownSignalBarrier;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code settlement gateway --cluster HOST:PORT,...}: the SBE gateway as a client of a replicated cluster
 * (docs/cluster.md, "The gateway in front of the cluster"): it answers only what a majority of the nodes
 * has committed and follows the leader. Its credentials and gateway settings come from a server
 * configuration file (as {@code server --config}); the file's set-up lines (participants, instruments,
 * deposits, limits, date) are applied, as the system, only to a cluster that holds no participant yet;
 * its calendar, retention and schedule lines are not applied. Runs until SIGTERM or Ctrl-C.
 */
@CommandLine.Command(name = "gateway", mixinStandardHelpOptions = true,
    description = {"Runs the SBE gateway in front of a replicated cluster (a cluster client) until SIGTERM or Ctrl-C.",
        "Credentials and gateway settings from a server configuration file; its set-up lines are applied to a cluster",
        "that holds no participant yet. See docs/cluster.md."})
final class ClusterGatewayCommand implements Callable<Integer>
{
    /** How long the command waits for the cluster's leader before it gives up. */
    static final long CONNECT_TIMEOUT_MS = 120_000;

    @Option(names = "--config", required = true, description = "Server configuration file: its credentials and gateway lines.")
    Path configFile;

    @Option(names = "--cluster", required = true, paramLabel = "HOST:PORT,...",
        description = "The members' client (ingress) endpoints in member-id order, as `settlement cluster` prints them "
            + "(HOST:PORT,... or 0=HOST:PORT,1=HOST:PORT,...).")
    String cluster;

    @Option(names = "--port", description = "TCP port (overrides the configuration's gateway port).")
    Integer port;

    @Option(names = "--egress-host", defaultValue = "localhost",
        description = "This machine's address as the nodes reach it: they send the answers there (default: ${DEFAULT-VALUE}).")
    String egressHost;

    @Option(names = "--aeron-dir", description = "The gateway's media driver directory (default: a directory of its own under the temporary directory).")
    Path aeronDirectory;

    @Option(names = "--command-timeout-ms", defaultValue = "10000",
        description = "A command the cluster has not answered in this time is answered UNAVAILABLE: its client queries (default: ${DEFAULT-VALUE}).")
    long commandTimeoutMs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception
    {
        final String endpoints;
        try
        {
            endpoints = ingressEndpoints(cluster);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--cluster " + cluster + ": " + ex.getMessage());
        }
        if (commandTimeoutMs <= 0)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--command-timeout-ms " + commandTimeoutMs + ": it must be positive");
        }
        final PrintWriter out = spec.commandLine().getOut();
        final ServerConfig config = ServerConfig.read(configFile);
        if (port != null)
        {
            config.port(port);
            try
            {
                config.conclude();
            }
            catch (final SettingException ex)
            {
                throw new CommandLine.ParameterException(spec.commandLine(), "--port " + port + " " + ex.problem());
            }
        }
        final String aeron = (aeronDirectory != null ? aeronDirectory
            : Path.of(System.getProperty("java.io.tmpdir"), "settlement-gateway-aeron-" + ProcessHandle.current().pid())).toString();
        final SessionRouter router = new SessionRouter();
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
            ClusterIntake intake = new ClusterIntake(endpoints, egressHost, aeron, true, TimeUnit.MILLISECONDS.toNanos(commandTimeoutMs), router))
        {
            out.println("waiting for the cluster's leader at " + endpoints);
            out.flush();
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONNECT_TIMEOUT_MS);
            while (!intake.isAccepting())
            {
                if (System.nanoTime() - deadlineNs > 0)
                {
                    throw new IllegalStateException("no leader of the cluster at " + endpoints + " answered within "
                        + CONNECT_TIMEOUT_MS / 1000 + " s (are the nodes up, and is --egress-host " + egressHost + " reachable from them?)");
                }
                Thread.sleep(10);
            }
            setUp(intake, router, config, out);
            try (GatewayServer server = GatewayServer.start(intake, router, config.gateway.credentials(config.credentials)))
            {
                out.println("gateway on port " + server.port() + " in front of the cluster at " + endpoints + "; Ctrl-C stops it");
                out.flush();
                barrier.await();
            }
        }
        return 0;
    }

    /**
     * The configuration's set-up lines, as the system, when the cluster holds no participant yet (its first start);
     * otherwise they are not applied (the cluster's state is its own), and the command says so.
     */
    private static void setUp(final ClusterIntake intake, final SessionRouter router, final ServerConfig config, final PrintWriter out)
        throws Exception
    {
        try (ApiChannel system = new ApiChannel(intake, router))
        {
            final ApiChannel.Reply participants = system.send(Command.SYSTEM_SUBMITTER,
                new Command().queryParticipants(Command.SYSTEM_SUBMITTER, 0)).get(60, TimeUnit.SECONDS);
            if (participants.published() != Reason.OK || participants.first().type != EventType.PARTICIPANTS_REPORT)
            {
                throw new IllegalStateException("the cluster did not answer a query of its participants: " + participants.published()
                    + " " + participants.events());
            }
            if (participants.first().count > 0)
            {
                if (!config.setUp.isEmpty())
                {
                    out.println("the cluster holds " + participants.first().count + " participants: the configuration's "
                        + config.setUp.size() + " set-up commands are not applied");
                }
                return;
            }
            for (int i = 0; i < config.setUp.size(); i++)
            {
                final ApiChannel.Reply reply = system.send(Command.SYSTEM_SUBMITTER, config.setUp.get(i)).get(60, TimeUnit.SECONDS);
                final Event first = reply.events().isEmpty() ? null : reply.first();
                if (reply.published() != Reason.OK || first == null || first.type == EventType.DEAL_REJECTED
                    || first.type == EventType.COMMAND_RESULT && first.reason != Reason.OK)
                {
                    throw new IllegalStateException(config.file + ":" + config.setUpLines.get(i) + ": refused by the cluster: "
                        + (reply.published() != Reason.OK ? reply.published() : first == null ? "no answer" : first.reason)
                        + " (the set-up lines before it are applied)");
                }
            }
            out.println("the cluster held no participant: applied the configuration's " + config.setUp.size() + " set-up commands");
        }
    }

    /**
     * Aeron's form of the members' ingress endpoints, {@code 0=host:port,1=host:port,...}, from {@code host:port,...}
     * (member ids by position) or that form itself.
     *
     * @throws IllegalArgumentException naming the entry that is not {@code host:port}
     */
    static String ingressEndpoints(final String members)
    {
        final List<String> endpoints = new ArrayList<>();
        final String[] entries = members.split(",", -1);
        for (int i = 0; i < entries.length; i++)
        {
            final String entry = entries[i].trim();
            final int equals = entry.indexOf('=');
            final String endpoint = equals >= 0 ? entry.substring(equals + 1) : entry;
            if (equals >= 0 && !entry.substring(0, equals).equals(Integer.toString(i)))
            {
                throw new IllegalArgumentException("entry " + (i + 1) + " '" + entry + "' is not member " + i + " (members in id order)");
            }
            final int colon = endpoint.lastIndexOf(':');
            final String portText = colon > 0 ? endpoint.substring(colon + 1) : "";
            final boolean validPort = !portText.isEmpty() && portText.length() <= 5 && portText.chars().allMatch(Character::isDigit)
                && Integer.parseInt(portText) >= 1 && Integer.parseInt(portText) <= 65535;
            if (!validPort)
            {
                throw new IllegalArgumentException("entry " + (i + 1) + " '" + entry + "' is not HOST:PORT (a port of 1 to 65535)");
            }
            endpoints.add(i + "=" + endpoint);
        }
        return String.join(",", endpoints);
    }
}
