package io.settlement.app;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.Reason;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.gateway.GatewayServer;
import io.settlement.journal.SettlementNode;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code settlement server}: engine, journal and gateway, long running. Recovers from the data
 * directory on start; on the first start of an empty one applies the configuration's set-up as
 * journaled commands. SIGTERM (or Ctrl-C) stops it gracefully: the gateway closes, the ring drains,
 * a final snapshot is written.
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

    void stop()
    {
        stop.countDown();
    }

    @Override
    public Integer call() throws Exception
    {
        final PrintWriter out = spec.commandLine().getOut();
        final ServerConfig config = ServerConfig.read(configFile);
        if (port != null)
        {
            config.gateway.port(port);
        }
        Files.createDirectories(data);
        final SettlementNode node = SettlementNode.start(new SettlementNode.Config(data).truncateDamagedTail(truncateDamagedTail)
            .log(line -> out.println(line)));
        if (node.recovery().lastSequence() == 0)
        {
            applySetUp(node, config, out);
        }
        final GatewayServer server = GatewayServer.start(node.pipeline(), node.router(), config.gateway.credentials(config.credentials));
        boundPort = server.port();
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
        out.flush();
        started.countDown();
        stop.await();
        out.println("stopping: closing sessions, draining the ring, writing a final snapshot");
        server.close();
        final long stateHash = node.stop().stateHash();
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

    private static void applySetUp(final SettlementNode node, final ServerConfig config, final PrintWriter out) throws Exception
    {
        final PipelineClient system = node.client(Command.SYSTEM_SUBMITTER);
        for (final Command c : config.setUp)
        {
            final PipelineClient.Outcome outcome = system.send(c).get(30, TimeUnit.SECONDS);
            if (outcome.published() != Reason.OK || outcome.events().isEmpty())
            {
                throw new IllegalStateException("could not apply the configuration: " + outcome.published());
            }
            if (outcome.first().reason != Reason.OK)
            {
                out.println("configuration: " + c.type + " refused: " + outcome.first());
            }
        }
        system.close();
        out.printf("first start: applied %d configuration commands (journaled)%n", config.setUp.size());
    }
}
