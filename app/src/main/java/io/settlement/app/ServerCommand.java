package io.settlement.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.settlement.engine.BusinessCalendar;
import io.settlement.engine.api.Command;
import io.settlement.engine.config.SettingException;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.engine.pipeline.SettlementPipeline;
import io.settlement.gateway.GatewayServer;
import io.settlement.fix.FixAcceptor;
import io.settlement.http.HttpApi;
import io.settlement.journal.DataDirectory;
import io.settlement.journal.Scheduler;
import io.settlement.journal.SettlementNode;
import io.settlement.metrics.NodeMetrics;
import io.settlement.reports.Projector;
import io.settlement.reports.ProjectorException;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SystemEpochClock;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code settlement server}: engine, journal and gateway, long running. Before it writes anything it
 * checks the configuration (each setting named by file and line), binds its port, and on a first
 * start dry-runs the set-up on a scratch engine. Recovers from the data directory on start; on the
 * first start of an empty one applies the configuration's set-up as journaled commands, on later
 * starts says which set-up lines differ from what was applied (they are not applied). The calendar
 * lines are journaled where they differ from the calendar in force, and the schedule line starts the
 * node's {@link Scheduler}. SIGTERM (or Ctrl-C) stops it gracefully: the scheduler stops, the gateway
 * closes, the ring drains, a final snapshot is written.
 */
@CommandLine.Command(name = "server", mixinStandardHelpOptions = true,
    description = "Runs the engine, journal and gateway until stopped (SIGTERM: graceful, final snapshot).")
final class ServerCommand implements Callable<Integer>
{
    @Option(names = "--config", required = true, description = "Configuration file (see README and docs/examples/server.conf).")
    Path configFile;

    @Option(names = "--data", defaultValue = "data", description = "Data directory (default ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--port", description = "TCP port (overrides the configuration's gateway port).")
    Integer port;

    @Option(names = "--http-port", description = "HTTP API and console port (overrides the configuration's http port;"
        + " turns the API on when the configuration has no http line).")
    Integer httpPort;

    @Option(names = "--fix-port", description = "FIX channel port (overrides the configuration's fix port; the channel runs"
        + " only when the configuration has a fix line).")
    Integer fixPort;

    @Option(names = "--durability", paramLabel = "synced|unsynced",
        description = "synced (the default): each batch of commands is msynced to disk before any of it is answered;"
            + " unsynced: answered once in the memory-mapped journal (survives kill -9, not a power cut)."
            + " Overrides the configuration's node durability.")
    String durability;

    @Option(names = "--topology", paramLabel = "single|staged",
        description = "single: one thread journals, applies and publishes each batch; staged: a thread per stage."
            + " Default: single below 4 processors, else staged. Overrides the configuration's node topology.")
    String topology;

    @Option(names = "--truncate-damaged-tail",
        description = "Repair a journal file that holds bytes after its last whole record by cutting it back to that record"
            + " (logged); without it the server refuses to start on such a file.")
    boolean truncateDamagedTail;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Counted down once the server is up (tests wait on it); the server then runs until {@link #stop}. */
    final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    volatile int boundPort;
    /** The HTTP API's port once it listens; 0 when the API is off. */
    volatile int boundHttpPort;
    /** The FIX channel's port once it listens; 0 when the channel is off. */
    volatile int boundFixPort;
    /** The FIX channel while the server runs (null when off). */
    volatile FixAcceptor fix;
    /** The node's metrics, health and readiness (made first thing in {@link #call}, before recovery), served by the HTTP API. */
    volatile NodeMetrics metrics;

    void stop()
    {
        stop.countDown();
    }

    /** {@code --durability} and {@code --topology} over the file's node lines; a value refused is the option's fault. */
    private void nodeOptions(final ServerConfig config)
    {
        if (durability != null)
        {
            config.node.option(SettlementNode.Config.DURABILITY_PROP_NAME, durability);
        }
        if (topology != null)
        {
            config.node.option(SettlementPipeline.Context.TOPOLOGY_PROP_NAME, topology);
        }
        if (durability != null || topology != null)
        {
            try
            {
                config.node.conclude(config.file);
            }
            catch (final SettingException ex)
            {
                final String option = ex.property().equals(SettlementNode.Config.DURABILITY_PROP_NAME) ? "--durability " + durability
                    : ex.property().equals(SettlementPipeline.Context.TOPOLOGY_PROP_NAME) ? "--topology " + topology : ex.property();
                throw new CommandLine.ParameterException(spec.commandLine(), option + " " + ex.problem());
            }
        }
    }

    @Override
    public Integer call() throws Exception
    {
        final PrintWriter out = spec.commandLine().getOut();
        final ServerConfig config = ServerConfig.read(configFile);
        nodeOptions(config);
        final String portProblem = config.overridePorts(port, httpPort, fixPort);
        if (portProblem != null)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), portProblem);
        }
        // nothing is written before the configuration is known to apply and the port to be free
        final boolean firstStart = !ServerSetUp.hasJournal(data);
        if (firstStart)
        {
            ServerSetUp.dryRun(config);
        }
        final NodeMetrics nodeMetrics = new NodeMetrics(config.currencyCodes()::get);
        metrics = nodeMetrics;
        final SettlementNode node;
        final SettlementNode.Config nodeConfig = config.node.config(data).truncateDamagedTail(truncateDamagedTail)
            .log(line -> out.println(line));
        BusinessCalendar calendar;
        try (ServerSocketChannel probe = holdPort(config.gateway.port());
            ServerSocketChannel httpProbe = config.http == null ? null : holdPort(config.http.port());
            ServerSocketChannel fixProbe = config.fix == null ? null : holdPort(config.fix.port()))
        {
            Files.createDirectories(data);
            nodeMetrics.recovering();
            try
            {
                node = SettlementNode.start(nodeConfig);
            }
            catch (final Exception | Error ex)
            {
                nodeMetrics.close();
                throw ex;
            }
            nodeMetrics.attach(node);
            try
            {
                calendar = ServerSetUp.applyCalendar(node, config, out);
                if (node.recovery().lastSequence() == 0 || !config.setUp.isEmpty() && !ServerSetUp.setUpApplied(data))
                {
                    if (!firstStart)
                    {
                        ServerSetUp.dryRun(config);
                    }
                    ServerSetUp.apply(node, config, out);
                }
                else
                {
                    ServerSetUp.compareWithApplied(data, config, out);
                }
                ServerSetUp.applyRetention(node, config, out);
            }
            catch (final Exception ex)
            {
                node.stop();
                nodeMetrics.close();
                throw ex;
            }
        }
        final GatewayServer server = GatewayServer.start(node.pipeline(), node.router(), config.gateway.credentials(config.credentials));
        boundPort = server.port();
        HttpApi api = null;
        if (config.http != null)
        {
            try
            {
                api = HttpApi.start(config.http, node.pipeline(), node.router(), server.authenticator(), new DataDirectory(data),
                    nodeConfig.engine(), nodeMetrics, config.reports.enabled() ? config.reports.database(data) : null);
            }
            catch (final RuntimeException | IOException ex)
            {
                server.close();
                node.stop();
                nodeMetrics.close();
                throw ex;
            }
            boundHttpPort = api.port();
        }
        if (config.fix != null)
        {
            try
            {
                fix = FixAcceptor.start(config.fix.directory(data.resolve("fix")), node.pipeline(), node.router(), server.authenticator(),
                    new DataDirectory(data).events(), line -> log(out, line));
            }
            catch (final RuntimeException | IOException ex)
            {
                if (api != null)
                {
                    api.close();
                }
                server.close();
                node.stop();
                nodeMetrics.close();
                throw ex;
            }
            boundFixPort = fix.port();
        }
        final Projector projector = startProjector(config, data, out);
        // the scheduler's cycles and date rolls go through the ring as system commands, like an operator's
        final PipelineClient schedulerClient = config.schedule == null || config.schedule.isEmpty() ? null
            : node.client(Command.SYSTEM_SUBMITTER);
        final AgentRunner scheduler = schedulerClient == null ? null : Scheduler.start(
            new Scheduler(config.schedule, calendar, schedulerClient, node.router()::businessDate, SystemEpochClock.INSTANCE,
                new Scheduler.Listener() { }, line -> log(out, line)),
            ex -> log(out, "scheduler: " + ex));
        out.printf("schedule: %s%n", config.schedule == null || config.schedule.isEmpty() ? "none (no schedule line): cycles and date"
            + " rolls come from operators" : config.schedule);
        nodeMetrics.attach(server);
        nodeMetrics.markReady();
        // on SIGTERM the JVM ends once its hooks return: this one waits for the graceful stop to finish
        final Thread hook = new Thread(() ->
        {
            stop();
            try
            {
                stopped.await(60, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "settlement-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.printf("settlement server listening on port %d; data in %s%n", boundPort, data.toAbsolutePath());
        if (api != null)
        {
            out.printf("HTTP API on %s://localhost:%d/api (docs/http-api.md)%n", config.http.tls() ? "https" : "http", boundHttpPort);
        }
        if (fix != null)
        {
            out.printf("FIX 4.4 channel on port %d%s, %d sessions, CompID %s, %s (docs/fix.md)%n", boundFixPort, config.fix.tls() ? " (TLS)" : "",
                config.fix.sessions().size(), config.fix.compId(), config.fix.resetTime() == null ? "never reset"
                    : "reset daily at " + config.fix.resetTime() + " " + config.fix.resetZone());
        }
        out.flush();
        started.countDown();
        stop.await();
        out.println("stopping: closing sessions, draining the ring, writing a final snapshot");
        nodeMetrics.markStopping();
        if (scheduler != null)
        {
            scheduler.close();
            schedulerClient.close();
        }
        if (fix != null)
        {
            fix.close();
        }
        if (api != null)
        {
            api.close();
        }
        server.close();
        final long stateHash = node.stop().stateHash();
        if (projector != null)
        {
            // what it has not projected yet, it projects on the next start
            try
            {
                projector.close();
            }
            catch (final RuntimeException ex)
            {
                log(out, "reports: " + ex.getMessage());
            }
        }
        nodeMetrics.markStopped();
        nodeMetrics.close();
        out.printf("stopped; state-hash: %016x%n", stateHash);
        out.flush();
        stopped.countDown();
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException shuttingDown)
        {
            // stopped by the hook itself
        }
        return 0;
    }

    /**
     * Starts the reports projector (docs/read-model.md) on its own thread: it only reads the journals,
     * so neither its speed nor its failure can touch settlement. A read model that cannot be opened
     * is reported, and the node runs without it.
     */
    private static Projector startProjector(final ServerConfig config, final Path data, final PrintWriter out)
    {
        if (!config.reports.enabled())
        {
            log(out, "reports: off (reports off): no read model");
            return null;
        }
        try
        {
            final Projector projector = Projector.open(config.reports.database(data), data, config.reports.batchRows());
            projector.start(line -> log(out, line));
            log(out, "reports: the read model follows the journals into " + config.reports + " (docs/read-model.md)");
            return projector;
        }
        catch (final ProjectorException ex)
        {
            log(out, "reports: " + ex.getMessage() + "; the node runs without its read model");
            return null;
        }
    }

    private static void log(final PrintWriter out, final String line)
    {
        out.println(line);
        out.flush();
    }

    /**
     * Binds a port (the gateway's, the HTTP API's) for the duration of the set-up, so that a busy or
     * forbidden port stops the start before anything is journaled; the listener binds it again as soon
     * as this is closed.
     */
    private static ServerSocketChannel holdPort(final int tcpPort) throws IOException
    {
        final ServerSocketChannel channel = ServerSocketChannel.open();
        try
        {
            channel.bind(new InetSocketAddress(tcpPort));
            return channel;
        }
        catch (final IOException ex)
        {
            channel.close();
            throw new IllegalArgumentException("cannot listen on port " + tcpPort + ": " + ex.getMessage() + "; nothing was started");
        }
    }
}
