package io.settlement.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.RecordingLog;
import io.aeron.driver.MediaDriver;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandCodec;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.Role;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Three (or five) cluster nodes on loopback (the election timing of docs/cluster.md unless the system properties
 * settlement.cluster.heartbeat-interval-ms, -heartbeat-timeout-ms, -election-timeout-ms say otherwise), each a process of its own (so a kill is a real SIGKILL), under a
 * temporary directory, on a random port range; and a {@link ClusterClient} in this JVM with its own
 * media driver.
 */
final class TestCluster implements AutoCloseable
{
    static final long OPS = 91;
    static final long BANK_A = 1;
    static final long BANK_B = 2;
    static final int ACME = 10;
    static final int USD = 840;
    static final int TODAY = 20260105;

    final Path root;
    final int basePort;
    final List<String> hosts;
    final NodeProcess[] nodes;
    private MediaDriver clientDriver;

    TestCluster(final Path root) throws IOException
    {
        this(root, 3);
    }

    /** {@code size} nodes (3 or 5). */
    TestCluster(final Path root, final int size) throws IOException
    {
        this(root, size, false);
    }

    /**
     * @param partitionable each node run by {@link PartitionedNodeMain}: {@link #cutOff} cuts it off from the others
     */
    TestCluster(final Path root, final int size, final boolean partitionable) throws IOException
    {
        this.root = root;
        this.hosts = java.util.Collections.nCopies(size, "localhost");
        // below the kernel's ephemeral range (32768 up), from which the nodes' own endpoints on port 0 are drawn
        this.basePort = 20_000 + 100 * ThreadLocalRandom.current().nextInt(127);
        final List<String> jvmFlags = jvmFlags();
        nodes = new NodeProcess[hosts.size()];
        for (int i = 0; i < nodes.length; i++)
        {
            final ClusterNodeConfig config = new ClusterNodeConfig(i, hosts, basePort, root.resolve("node" + i),
                Long.getLong("settlement.cluster.heartbeat-interval-ms", ClusterNodeConfig.DEFAULT_HEARTBEAT_INTERVAL_MS),
                Long.getLong("settlement.cluster.heartbeat-timeout-ms", ClusterNodeConfig.DEFAULT_HEARTBEAT_TIMEOUT_MS),
                Long.getLong("settlement.cluster.election-timeout-ms", ClusterNodeConfig.DEFAULT_ELECTION_TIMEOUT_MS), 0);
            nodes[i] = partitionable ? new NodeProcess(config, jvmFlags, "256m", PartitionedNodeMain.class.getName())
                : new NodeProcess(config, jvmFlags, "256m");
        }
    }

    /** The JVM flags of the build (system property settlement.jvm.flags, set by the module's pom) for a node process. */
    static List<String> jvmFlags()
    {
        final String flags = System.getProperty("settlement.jvm.flags", "");
        return Arrays.stream(flags.trim().split("\\s+")).filter(f -> !f.isEmpty()).toList();
    }

    void startAll() throws IOException
    {
        for (final NodeProcess node : nodes)
        {
            node.start();
        }
    }

    /** Cuts the member off from the others (its clients still reach it): a cluster made {@code partitionable} only. */
    void cutOff(final int member) throws IOException
    {
        Files.writeString(nodes[member].config().directory().resolve(PartitionedNodeMain.CUT_OFF_FILE), "");
    }

    /** Ends {@link #cutOff}. */
    void reconnect(final int member) throws IOException
    {
        Files.deleteIfExists(nodes[member].config().directory().resolve(PartitionedNodeMain.CUT_OFF_FILE));
    }

    Properties status(final int member)
    {
        try
        {
            return NodeStatus.read(nodes[member].config().statusFile());
        }
        catch (final IOException ex)
        {
            return new Properties(); // being replaced: read again
        }
    }

    long lastSequence(final int member)
    {
        return Long.parseLong(status(member).getProperty("lastSequence", "-1"));
    }

    String stateHash(final int member)
    {
        return status(member).getProperty("stateHash", "?");
    }

    /** The live member whose service says it leads, or -1. */
    int leader()
    {
        for (int i = 0; i < nodes.length; i++)
        {
            if (nodes[i].isAlive() && "LEADER".equals(status(i).getProperty("role")))
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * Waits until every live node reports the same last sequence, at least {@code atLeast}, and the same state hash
     * (a node writes its hash once it is quiet: "pending" before).
     */
    void awaitConverged(final long atLeast, final long timeoutMs)
    {
        await(() ->
        {
            long sequence = -1;
            String hash = null;
            for (int i = 0; i < nodes.length; i++)
            {
                if (!nodes[i].isAlive())
                {
                    continue;
                }
                final Properties status = status(i);
                final long s = Long.parseLong(status.getProperty("lastSequence", "-1"));
                final String h = status.getProperty("stateHash", "?");
                if (s < atLeast || "pending".equals(h) || sequence != -1 && (s != sequence || !h.equals(hash)))
                {
                    return false;
                }
                sequence = s;
                hash = h;
            }
            return sequence >= atLeast;
        }, timeoutMs, () -> "nodes did not converge at or past " + atLeast + ": " + describe() + logTails());
    }

    String describe()
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < nodes.length; i++)
        {
            final Properties status = status(i);
            text.append("\n  node ").append(i).append(nodes[i].isAlive() ? " alive" : " dead")
                .append(" role=").append(status.getProperty("role"))
                .append(" lastSequence=").append(status.getProperty("lastSequence"))
                .append(" stateHash=").append(status.getProperty("stateHash"))
                .append(" snapshotLoaded=").append(status.getProperty("snapshotLoaded"))
                .append(" snapshotTaken=").append(status.getProperty("snapshotTaken"));
        }
        return text.toString();
    }

    /** True once the member's recording log holds a snapshot of the consensus module and of the service. */
    boolean hasSnapshot(final int member)
    {
        try (RecordingLog log = new RecordingLog(nodes[member].config().clusterDirectory().toFile(), false))
        {
            return log.getLatestSnapshot(ConsensusModule.Configuration.SERVICE_ID) != null && log.getLatestSnapshot(0) != null;
        }
    }

    /** The end of every node's log, for a failure's message. */
    String logTails()
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < nodes.length; i++)
        {
            final String log = log(i);
            text.append("\n--- node ").append(i).append(" log (end) ---\n").append(log, Math.max(0, log.length() - 3000), log.length());
        }
        return text.toString();
    }

    String log(final int member)
    {
        try
        {
            final Path log = nodes[member].config().directory().resolve("node.log");
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        }
        catch (final IOException ex)
        {
            return "(unreadable log: " + ex + ")";
        }
    }

    /**
     * A client whose commands wait up to 2 minutes for their answer (the tests submit before the nodes have
     * elected a leader, which takes longer than the default time-out on a loaded machine).
     */
    ClusterClient client(final ClusterClientListener listener)
    {
        return new ClusterClient(ingressEndpoints(), "localhost", clientAeronDirectory(), TimeUnit.MINUTES.toNanos(2), listener);
    }

    String ingressEndpoints()
    {
        return ClusterNodeConfig.ingressEndpoints(hosts, basePort);
    }

    /** The directory of this JVM's media driver for clients (started on first use). */
    String clientAeronDirectory()
    {
        if (clientDriver == null)
        {
            clientDriver = ClusterClient.launchDriver(root.resolve("client-aeron").toString());
        }
        return clientDriver.aeronDirectoryName();
    }

    /** The market every test starts from, as commands in order. */
    static List<Command> market()
    {
        final List<Command> commands = new ArrayList<>();
        commands.add(new Command().createParticipant(Command.SYSTEM_SUBMITTER, 0, OPS, Role.OPERATOR));
        commands.add(new Command().createParticipant(OPS, 0, BANK_A, Role.MEMBER));
        commands.add(new Command().createParticipant(OPS, 0, BANK_B, Role.MEMBER));
        commands.add(new Command().createInstrument(OPS, 0, ACME, InstrumentKind.SECURITY, "ACME"));
        commands.add(new Command().createInstrument(OPS, 0, USD, InstrumentKind.CURRENCY, "USD"));
        commands.add(new Command().advanceBusinessDate(OPS, 0, TODAY));
        return commands;
    }

    static Command deal(final long clientDealId)
    {
        return new Command().submitDeal(BANK_A, clientDealId, clientDealId, BANK_A, BANK_B, ACME, USD, 1, 100, TODAY, DealType.DVP);
    }

    /** Encodes {@code command} with {@code correlationId} and submits it from client session {@code clientSessionId}: its submission id. */
    static long submit(final ClusterClient client, final long clientSessionId, final long correlationId, final Command command)
    {
        final UnsafeBuffer record = new UnsafeBuffer(new byte[CommandCodec.MAX_LENGTH]);
        command.correlationId = correlationId;
        final int length = CommandCodec.encode(command, record, 0);
        return client.submit(clientSessionId, record, 0, length);
    }

    static void await(final BooleanSupplier condition, final long timeoutMs, final java.util.function.Supplier<String> failure)
    {
        final long deadline = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean())
        {
            if (System.currentTimeMillis() > deadline)
            {
                throw new AssertionError(failure.get());
            }
            sleep(20);
        }
    }

    static void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    void stopAll() throws InterruptedException
    {
        for (final NodeProcess node : nodes)
        {
            node.terminate();
        }
        for (final NodeProcess node : nodes)
        {
            node.awaitExit(15_000);
        }
    }

    @Override
    public void close() throws Exception
    {
        for (final NodeProcess node : nodes)
        {
            node.kill();
        }
        CloseHelper.quietClose(clientDriver);
    }
}
