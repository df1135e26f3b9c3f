package io.settlement.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.settlement.cluster.ClusterIntake;
import io.settlement.engine.EngineConfig;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandType;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.engine.pipeline.SessionRouter;
import io.settlement.fix.FixAcceptor;
import io.settlement.gateway.ApiChannel;
import io.settlement.gateway.GatewayServer;
import io.settlement.http.HttpApi;
import io.settlement.journal.DataDirectory;
import io.settlement.metrics.NodeMetrics;
import io.settlement.protocol.wire.Reason;
import org.agrona.concurrent.ShutdownSignalBarrier;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code settlement gateway --cluster HOST:PORT,...}: the SBE gateway as a client of a replicated cluster
 * (docs/cluster.md, "The gateway in front of the cluster"): it answers only what a majority of the nodes
 * has committed and follows the leader. Its credentials and gateway settings come from a server
 * configuration file (as {@code server --config}); the file's set-up lines (participants, instruments,
 * deposits, limits, date) are applied, as the system, only to a cluster that holds no participant yet, and once
 * when several gateways start together (the first line, a participant or instrument creation, claims the set-up);
 * {@code --set-up-from LINE} completes a set-up that stopped part-way. Its calendar, retention and schedule lines
 * are not applied. With the file's {@code fix} and {@code http} lines it runs the FIX channel and the HTTP API too
 * (docs/cluster.md, "FIX and HTTP in front of the cluster"): their writes go to the cluster through the same client,
 * their reads (the API's read model, the FIX settlement notices) follow the journals of the node named by
 * {@code --read-from}, on this machine; their own files (FIX session stores and trade report ids, follow-ups) live in
 * {@code --dir}. Runs until SIGTERM or Ctrl-C.
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

    @Option(names = "--command-timeout-ms", defaultValue = "8000",
        description = "A command the cluster has not answered in this time is answered UNAVAILABLE: its client queries (default: ${DEFAULT-VALUE}; "
            + "below the FIX and HTTP channels' own answer-timeout-ms).")
    long commandTimeoutMs;

    @Option(names = "--set-up-from", paramLabel = "LINE",
        description = "Applies the configuration's set-up lines from this line of the file on, whatever the cluster holds: "
            + "completes a set-up that stopped part-way (docs/cluster.md).")
    Integer setUpFrom;

    @Option(names = "--read-from", paramLabel = "NODE_DIR",
        description = "A cluster node's directory on this machine (settlement cluster's DIR/nodeI, cluster-node's --dir): the HTTP "
            + "API reads, and the FIX channel's settlement notices follow, its journals. Needed with a fix or http line.")
    Path readFrom;

    @Option(names = "--dir", paramLabel = "DIR",
        description = "The channels' own directory: the FIX session stores and trade report ids (DIR/fix), the HTTP API's "
            + "follow-ups (DIR/followups). Needed with a fix or http line; keep it across restarts.")
    Path directory;

    @Option(names = "--http-port", description = "HTTP API port (overrides the configuration's http port; turns the API on "
        + "when the configuration has no http line).")
    Integer httpPort;

    @Option(names = "--fix-port", description = "FIX channel port (overrides the configuration's fix port; the channel runs "
        + "only when the configuration has a fix line).")
    Integer fixPort;

    /** Counted down once every channel listens (for tests). */
    final CountDownLatch started = new CountDownLatch(1);
    /** The HTTP API's port once it listens; 0 when the API is off. */
    volatile int boundHttpPort;
    /** The FIX channel's port once it listens; 0 when the channel is off. */
    volatile int boundFixPort;
    /** The SBE gateway's port once it listens. */
    volatile int boundPort;
    private volatile ShutdownSignalBarrier barrier;
    private final CountDownLatch stopRequested = new CountDownLatch(1);

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
        if (setUpFrom != null && setUpFrom <= 0)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--set-up-from " + setUpFrom + ": it must be a line number (1 up)");
        }
        final PrintWriter out = spec.commandLine().getOut();
        final ServerConfig config = ServerConfig.read(configFile);
        final String claimProblem = setUpClaimProblem(config);
        if (claimProblem != null)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--config " + claimProblem);
        }
        if (setUpFrom != null && !config.setUpLines.contains(setUpFrom))
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--set-up-from " + setUpFrom + ": line " + setUpFrom + " of "
                + config.file + " is not a set-up line (participant, instrument, deposit, withdraw, limit, date)");
        }
        final String portProblem = config.overridePorts(port, httpPort, fixPort);
        if (portProblem != null)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), portProblem);
        }
        final String timeoutProblem = answerTimeoutProblem(config);
        if (timeoutProblem != null)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--command-timeout-ms " + commandTimeoutMs + ": " + timeoutProblem);
        }
        final DataDirectory journals = config.http == null && config.fix == null ? null : channelDirectories(config);
        final String aeron = (aeronDirectory != null ? aeronDirectory
            : Path.of(System.getProperty("java.io.tmpdir"), "settlement-gateway-aeron-" + ProcessHandle.current().pid())).toString();
        final SessionRouter router = new SessionRouter();
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
            ClusterIntake intake = new ClusterIntake(endpoints, egressHost, aeron, true, TimeUnit.MILLISECONDS.toNanos(commandTimeoutMs), router,
                line ->
                {
                    out.println(line);
                    out.flush();
                }))
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
            setUp(intake, router, config, setUpFrom == null ? 0 : setUpFrom, out);
            serve(intake, router, config, endpoints, journals, barrier, out);
        }
        return 0;
    }

    /**
     * Null when each channel's own answer time-out is longer than {@link #commandTimeoutMs}; else what is wrong. A channel
     * that gives up first answers its own "no answer yet" while the cluster's UNAVAILABLE (or its real answer) is still
     * on the way, and the client is told less than the gateway knows.
     */
    private String answerTimeoutProblem(final ServerConfig config)
    {
        if (config.fix != null && config.fix.answerTimeoutMs() <= commandTimeoutMs)
        {
            return "the fix line's answer-timeout-ms (" + config.fix.answerTimeoutMs() + ") must be longer, or a trade report the cluster "
                + "has not answered gets NO_ANSWER_YET from the channel before the cluster's UNAVAILABLE";
        }
        if (config.http != null && config.http.answerTimeoutMs() <= commandTimeoutMs)
        {
            return "the http line's answer-timeout-ms (" + config.http.answerTimeoutMs() + ") must be longer, or a write the cluster "
                + "has not answered gets 504 NO_ANSWER_YET from the API before the cluster's 503 UNAVAILABLE";
        }
        return null;
    }

    /**
     * Runs the channels in front of the connected cluster until {@code barrier} is signalled: the SBE gateway, and the HTTP
     * API and the FIX channel when the configuration has them (their reads from {@code journals}); stops them in the
     * reverse order.
     */
    private void serve(final ClusterIntake intake, final SessionRouter router, final ServerConfig config, final String endpoints,
        final DataDirectory journals, final ShutdownSignalBarrier barrier, final PrintWriter out) throws Exception
    {
        try (NodeMetrics metrics = new NodeMetrics(config.currencyCodes()::get);
            GatewayServer server = GatewayServer.start(intake, router, config.gateway.credentials(config.credentials)))
        {
            boundPort = server.port();
            metrics.attach(server);
            HttpApi api = null;
            FixAcceptor fix = null;
            try
            {
                if (config.http != null)
                {
                    api = HttpApi.start(config.http, intake, router, server.authenticator(), journals, directory, new EngineConfig(),
                        metrics, null);
                    boundHttpPort = api.port();
                }
                if (config.fix != null)
                {
                    fix = FixAcceptor.start(config.fix.directory(directory.resolve("fix")), intake, router, server.authenticator(),
                        journals.events(), line ->
                        {
                            out.println(line);
                            out.flush();
                        });
                    boundFixPort = fix.port();
                }
                metrics.markReady();
                out.println("gateway on port " + server.port() + " in front of the cluster at " + endpoints + "; Ctrl-C stops it");
                if (api != null)
                {
                    out.printf("HTTP API on %s://localhost:%d/api, writes to the cluster, reads from the journals in %s (docs/cluster.md)%n",
                        config.http.tls() ? "https" : "http", boundHttpPort, journals.root());
                }
                if (fix != null)
                {
                    out.printf("FIX 4.4 channel on port %d%s, %d sessions, CompID %s, reports to the cluster, notices from the journals "
                        + "in %s (docs/cluster.md)%n", boundFixPort, config.fix.tls() ? " (TLS)" : "", config.fix.sessions().size(),
                        config.fix.compId(), journals.root());
                }
                out.flush();
                this.barrier = barrier;
                started.countDown();
                if (stopRequested.getCount() > 0)
                {
                    barrier.await();
                }
                metrics.markStopping();
            }
            finally
            {
                if (fix != null)
                {
                    fix.close();
                }
                if (api != null)
                {
                    api.close();
                }
            }
        }
    }

    /** Stops a running command as SIGTERM does (for tests). */
    void stop()
    {
        stopRequested.countDown();
        final ShutdownSignalBarrier running = barrier;
        if (running != null)
        {
            running.signal();
        }
    }

    /**
     * The journals {@code --read-from} names (a node's directory, or its {@code data} directory itself), with {@code --dir}
     * made: what the FIX channel and the HTTP API need.
     *
     * @throws CommandLine.ParameterException when either is not given, or no node's journals are there
     */
    private DataDirectory channelDirectories(final ServerConfig config) throws IOException
    {
        final String channels = config.http != null && config.fix != null ? "the FIX channel and the HTTP API"
            : config.http != null ? "the HTTP API" : "the FIX channel";
        if (readFrom == null)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--read-from is needed for " + channels + " of " + config.file
                + ": name a cluster node's directory on this machine (its journals are what they read)");
        }
        if (directory == null)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--dir is needed for " + channels + " of " + config.file
                + ": the directory of their own files (FIX session stores, trade report ids, follow-ups)");
        }
        final DataDirectory journals = nodeJournals(readFrom);
        if (journals == null)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--read-from " + readFrom + ": no node's journals there (neither "
                + readFrom.resolve("data").resolve("commands") + " nor " + readFrom.resolve("commands")
                + " is a directory): name a cluster node's directory on this machine, of a node that has started");
        }
        Files.createDirectories(directory);
        return journals;
    }

    /** The data directory of the node in {@code nodeDirectory} (or {@code nodeDirectory} as one), or null when it holds no journals. */
    static DataDirectory nodeJournals(final Path nodeDirectory)
    {
        for (final Path candidate : List.of(nodeDirectory.resolve("data"), nodeDirectory))
        {
            final DataDirectory data = new DataDirectory(candidate);
            if (Files.isDirectory(data.commands()) && Files.isDirectory(data.events()))
            {
                return data;
            }
        }
        return null;
    }

    /**
     * Why the configuration's set-up cannot be applied by a cluster gateway, or null when it can: its first set-up line must
     * create a participant or an instrument, the line that claims the set-up (of gateways starting together, the one whose
     * first line the cluster accepts applies the rest; the others hear ALREADY_EXISTS and apply nothing). A first line
     * that moves money or sets a limit or the date would be applied by each of them.
     */
    static String setUpClaimProblem(final ServerConfig config)
    {
        if (config.setUp.isEmpty())
        {
            return null;
        }
        final CommandType first = config.setUp.get(0).type;
        if (first == CommandType.CREATE_PARTICIPANT || first == CommandType.CREATE_INSTRUMENT)
        {
            return null;
        }
        return config.file + ":" + config.setUpLines.get(0) + ": '" + config.setUpText.get(0) + "': the first set-up line must create "
            + "a participant or an instrument for the gateway in front of a cluster (gateways starting together take the first line "
            + "the cluster accepts as the claim to apply the rest; a first line that moves money, sets a limit or the date would be "
            + "applied by each of them): move a participant or instrument line first";
    }

    /**
     * The configuration's set-up lines, as the system, when the cluster holds no participant yet (its first start);
     * otherwise they are not applied (the cluster's state is its own), and the command says so and names the
     * participant and instrument lines not in the cluster (a set-up that stopped part-way). The first line claims the
     * set-up: when the cluster refuses it ALREADY_EXISTS, another gateway is setting the cluster up, and this one applies
     * nothing. {@code fromLine} (the file's line number, 0 for none) applies the set-up lines from that line on whatever
     * the cluster holds: how an operator completes a set-up that stopped part-way.
     *
     * @throws IllegalStateException naming the line the cluster refused, or the configuration's first line when it
     *     cannot claim the set-up ({@link #setUpClaimProblem})
     */
    static void setUp(final ClusterIntake intake, final SessionRouter router, final ServerConfig config, final int fromLine,
        final PrintWriter out) throws Exception
    {
        final String problem = setUpClaimProblem(config);
        if (problem != null)
        {
            throw new IllegalStateException(problem);
        }
        try (ApiChannel system = new ApiChannel(intake, router))
        {
            if (fromLine > 0)
            {
                final int from = config.setUpLines.indexOf(fromLine);
                if (from < 0)
                {
                    throw new IllegalStateException("--set-up-from " + fromLine + ": line " + fromLine + " of " + config.file
                        + " is not a set-up line (participant, instrument, deposit, withdraw, limit, date)");
                }
                apply(system, config, from);
                out.println("applied the configuration's set-up lines " + fromLine + " to " + config.setUpLines.get(config.setUp.size() - 1)
                    + " (" + (config.setUp.size() - from) + " commands)");
                return;
            }
            final Event participants = query(system, new Command().queryParticipants(Command.SYSTEM_SUBMITTER, 0),
                EventType.PARTICIPANTS_REPORT).get(0);
            if (participants.count > 0)
            {
                if (!config.setUp.isEmpty())
                {
                    out.println("the cluster holds " + participants.count + " participants: the configuration's "
                        + config.setUp.size() + " set-up commands are not applied");
                    reportMissing(system, config, out);
                }
                return;
            }
            if (config.setUp.isEmpty())
            {
                return;
            }
            if (!send(system, config, 0, Reason.ALREADY_EXISTS))
            {
                out.println("the cluster held no participant, but it holds what the configuration's first set-up line ("
                    + config.file + ":" + config.setUpLines.get(0) + ") creates: another gateway is setting the cluster up, "
                    + "this one applies none of the " + config.setUp.size() + " set-up commands (if no gateway is, a set-up "
                    + "stopped part-way: see docs/cluster.md)");
                return;
            }
            apply(system, config, 1);
            out.println("the cluster held no participant: applied the configuration's " + config.setUp.size() + " set-up commands");
        }
    }

    static void setUp(final ClusterIntake intake, final SessionRouter router, final ServerConfig config, final PrintWriter out)
        throws Exception
    {
        setUp(intake, router, config, 0, out);
    }

    private static void apply(final ApiChannel system, final ServerConfig config, final int from) throws Exception
    {
        for (int i = from; i < config.setUp.size(); i++)
        {
            send(system, config, i, null);
        }
    }

    /**
     * Sends set-up command {@code i} as the system.
     *
     * @return true when the cluster applied it, false when it refused it {@code tolerated}
     * @throws IllegalStateException naming the line and the reason when the cluster refused it otherwise
     */
    private static boolean send(final ApiChannel system, final ServerConfig config, final int i, final Reason tolerated) throws Exception
    {
        final ApiChannel.Reply reply = system.send(Command.SYSTEM_SUBMITTER, config.setUp.get(i)).get(60, TimeUnit.SECONDS);
        final Event first = reply.events().isEmpty() ? null : reply.first();
        if (reply.published() == Reason.OK && first != null && first.type != EventType.DEAL_REJECTED
            && (first.type != EventType.COMMAND_RESULT || first.reason == Reason.OK))
        {
            return true;
        }
        if (tolerated != null && reply.published() == Reason.OK && first != null && first.reason == tolerated)
        {
            return false;
        }
        final int last = config.setUpLines.get(config.setUp.size() - 1);
        throw new IllegalStateException(config.file + ":" + config.setUpLines.get(i) + ": refused by the cluster: "
            + (reply.published() != Reason.OK ? reply.published() : first == null ? "no answer" : first.reason)
            + (i == 0 ? " (no set-up line is applied)" : " (the set-up lines before it are applied; this one and the lines after it, to line "
                + last + ", are not: once the cause is put right, --set-up-from " + config.setUpLines.get(i) + " applies them)"));
    }

    /** A query's answer: its report and the lines that follow it. */
    private static List<Event> query(final ApiChannel system, final Command query, final EventType report) throws Exception
    {
        final ApiChannel.Reply reply = system.send(Command.SYSTEM_SUBMITTER, query).get(60, TimeUnit.SECONDS);
        if (reply.published() != Reason.OK || reply.events().isEmpty() || reply.first().type != report)
        {
            throw new IllegalStateException("the cluster did not answer a query (" + report + "): " + reply.published() + " " + reply.events());
        }
        return reply.events();
    }

    /**
     * Names the configuration's participant and instrument lines whose participant or instrument the cluster does not
     * hold (its deposits, withdrawals, limits and date cannot be told applied or not from the cluster's state).
     */
    private static void reportMissing(final ApiChannel system, final ServerConfig config, final PrintWriter out) throws Exception
    {
        final Set<Long> participants = new HashSet<>();
        for (final Event line : query(system, new Command().queryParticipants(Command.SYSTEM_SUBMITTER, 0), EventType.PARTICIPANTS_REPORT))
        {
            if (line.type == EventType.PARTICIPANT_LINE)
            {
                participants.add(line.participantId);
            }
        }
        final Set<Integer> instruments = new HashSet<>();
        for (final Event line : query(system, new Command().queryInstruments(Command.SYSTEM_SUBMITTER, 0), EventType.INSTRUMENTS_REPORT))
        {
            if (line.type == EventType.INSTRUMENT_LINE)
            {
                instruments.add(line.instrumentId);
            }
        }
        final List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < config.setUp.size(); i++)
        {
            final Command command = config.setUp.get(i);
            if (command.type == CommandType.CREATE_PARTICIPANT && !participants.contains(command.participantId)
                || command.type == CommandType.CREATE_INSTRUMENT && !instruments.contains(command.instrumentId))
            {
                missing.add(config.setUpLines.get(i));
            }
        }
        if (missing.isEmpty())
        {
            out.println("(its participants and instruments are all in the cluster; whether its deposits, withdrawals, limits and "
                + "date were applied is not checked)");
            return;
        }
        out.println("WARNING: the cluster does not hold what the configuration's lines " + missing.stream().map(String::valueOf)
            .collect(Collectors.joining(", ")) + " create: another gateway setting the cluster up now, a set-up that stopped "
            + "part-way, or a configuration not the one the cluster was set up with. Not applied: those lines and, from the first of them (line " + missing.get(0)
            + "), the lines after it may not be. Query the cluster, then complete it with --set-up-from LINE (the first line not "
            + "applied; docs/cluster.md)");
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
