package io.settlement.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

import io.aeron.Aeron;
import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ClusterControl;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.NanosecondClusterClock;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.settlement.engine.EngineConfig;
import io.settlement.journal.DataDirectory;
import io.settlement.journal.DataDirectoryLock;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpLock;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * One cluster node in this process (docs/cluster.md): a media driver, an archive and a consensus
 * module ({@link ClusteredMediaDriver}) and the service container hosting
 * {@link SettlementClusteredService}.
 *
 * <p>Settings for a small machine (two cores shared by three nodes in the one-machine set-up): the
 * driver and the archive each run all their agents on one thread ({@link ThreadingMode#SHARED},
 * {@link ArchiveThreadingMode#SHARED}), and every agent waits with a back-off idle strategy that spins
 * briefly, yields, then parks up to {@link #MAX_PARK_NS}: busy under load, near zero CPU at rest.
 * Term buffers are sparse files of modest length; the archive does not fsync (durability is a majority
 * holding each entry; docs/cluster.md says what that survives).
 */
public final class ClusterNode implements AutoCloseable
{
    /** The longest an idle agent sleeps: the latency an idle node adds to the first message after a pause. */
    static final long MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int TERM_LENGTH = 4 * 1024 * 1024;
    private static final int CLIENT_TERM_LENGTH = 1024 * 1024;

    private final ClusterNodeConfig config;
    private final DataDirectoryLock lock;
    private final SettlementClusteredService service;
    private final ClusteredMediaDriver driver;
    private final ClusteredServiceContainer container;
    private final Thread snapshotTimer;
    private volatile boolean closed;

    private ClusterNode(final ClusterNodeConfig config, final Runnable onTermination) throws IOException
    {
        this.config = config;
        Files.createDirectories(config.dataDirectory());
        this.lock = DataDirectoryLock.acquire(config.dataDirectory());
        final DataDirectory data = new DataDirectory(config.dataDirectory());
        this.service = new SettlementClusteredService(data, new EngineConfig(), new NodeStatus(config.statusFile()));
        final String aeronDir = config.aeronDirectory().toString();
        final String host = config.host();
        final ErrorHandler errors = ex -> System.err.println("node " + config.memberId() + ": " + ex);

        final MediaDriver.Context driverContext = new MediaDriver.Context()
            .aeronDirectoryName(aeronDir)
            .dirDeleteOnStart(true)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(idle())
            .termBufferSparseFile(true)
            .publicationTermBufferLength(CLIENT_TERM_LENGTH)
            .ipcTermBufferLength(TERM_LENGTH)
            .terminationHook(onTermination)
            .errorHandler(errors);
        final Archive.Context archiveContext = new Archive.Context()
            .aeronDirectoryName(aeronDir)
            .archiveDir(config.archiveDirectory().toFile())
            .archiveId(config.memberId())
            .controlChannel("aeron:udp?endpoint=" + host + ":" + config.port(config.memberId(), ClusterNodeConfig.ARCHIVE_CONTROL_PORT))
            .localControlChannel("aeron:ipc?term-length=64k")
            .replicationChannel("aeron:udp?endpoint=" + host + ":0")
            .archiveClientContext(new AeronArchive.Context().controlResponseChannel("aeron:udp?endpoint=" + host + ":0"))
            .recordingEventsEnabled(false)
            .threadingMode(ArchiveThreadingMode.SHARED)
            .idleStrategySupplier(ClusterNode::idle)
            .errorHandler(errors);
        final AeronArchive.Context localArchive = new AeronArchive.Context()
            .lock(NoOpLock.INSTANCE)
            .controlRequestChannel(archiveContext.localControlChannel())
            .controlResponseChannel(archiveContext.localControlChannel())
            .aeronDirectoryName(aeronDir);
        final ConsensusModule.Context consensusContext = new ConsensusModule.Context()
            .clusterMemberId(config.memberId())
            .clusterMembers(config.clusterMembers())
            .clusterDir(config.clusterDirectory().toFile())
            .ingressChannel("aeron:udp?term-length=" + CLIENT_TERM_LENGTH)
            .logChannel("aeron:udp?term-length=" + TERM_LENGTH)
            .replicationChannel("aeron:udp?endpoint=" + host + ":0")
            .archiveContext(localArchive.clone())
            .clusterClock(new NanosecondClusterClock())
            .leaderHeartbeatIntervalNs(config.heartbeatIntervalNs())
            .leaderHeartbeatTimeoutNs(config.heartbeatTimeoutNs())
            .electionTimeoutNs(config.electionTimeoutNs())
            .startupCanvassTimeoutNs(Math.max(config.heartbeatTimeoutNs() * 2, TimeUnit.SECONDS.toNanos(5)))
            .idleStrategySupplier(ClusterNode::idle)
            .errorHandler(errors);
        final ClusteredServiceContainer.Context serviceContext = new ClusteredServiceContainer.Context()
            .aeronDirectoryName(aeronDir)
            .archiveContext(localArchive.clone())
            .clusterDir(config.clusterDirectory().toFile())
            .clusteredService(service)
            .idleStrategySupplier(ClusterNode::idle)
            .errorHandler(errors);
        ClusteredMediaDriver launchedDriver = null;
        try
        {
            launchedDriver = ClusteredMediaDriver.launch(driverContext, archiveContext, consensusContext);
            this.driver = launchedDriver;
            this.container = ClusteredServiceContainer.launch(serviceContext);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(launchedDriver);
            lock.close();
            throw ex;
        }
        if (config.snapshotIntervalS() > 0)
        {
            snapshotTimer = new Thread(this::takeSnapshotsPeriodically, "snapshot-timer-" + config.memberId());
            snapshotTimer.setDaemon(true);
            snapshotTimer.start();
        }
        else
        {
            snapshotTimer = null;
        }
    }

    /** Starts a node; {@code onTermination} runs when the cluster shuts the node down (e.g. ClusterTool shutdown). */
    public static ClusterNode launch(final ClusterNodeConfig config, final Runnable onTermination) throws IOException
    {
        return new ClusterNode(config, onTermination);
    }

    static IdleStrategy idle()
    {
        return new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1), MAX_PARK_NS);
    }

    public ClusterNodeConfig config()
    {
        return config;
    }

    /** This node's role as the service last heard it. */
    public Cluster.Role role()
    {
        return service.role();
    }

    /**
     * Asks the consensus module of this node for a snapshot (it is taken only when this node leads: the
     * leader's request makes every node take one at the same log position).
     *
     * @return true when the request was accepted (the toggle was free).
     */
    public boolean requestSnapshot()
    {
        return requestSnapshot(driver.mediaDriver().aeronDirectoryName());
    }

    /** {@link #requestSnapshot()} for a node in another process, through its media driver's directory. */
    public static boolean requestSnapshot(final String aeronDirectory)
    {
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDirectory)))
        {
            final AtomicCounter toggle = ClusterControl.findControlToggle(aeron.countersReader(), 0);
            return toggle != null && ClusterControl.ToggleState.SNAPSHOT.toggle(toggle);
        }
    }

    private void takeSnapshotsPeriodically()
    {
        final long intervalMs = TimeUnit.SECONDS.toMillis(config.snapshotIntervalS());
        while (!closed)
        {
            try
            {
                Thread.sleep(intervalMs);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            if (!closed && service.role() == Cluster.Role.LEADER)
            {
                requestSnapshot();
            }
        }
    }

    @Override
    public void close()
    {
        closed = true;
        if (snapshotTimer != null)
        {
            snapshotTimer.interrupt();
        }
        CloseHelper.closeAll(container, driver);
        try
        {
            lock.close();
        }
        catch (final IOException ex)
        {
            System.err.println("node " + config.memberId() + ": releasing the data directory's lock: " + ex);
        }
    }
}
