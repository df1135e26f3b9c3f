package io.settlement.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

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
    private static final String LOCAL_ARCHIVE_CHANNEL = "aeron:ipc?term-length=64k";
    /**
     * How long a node started right after a kill waits for the killed process's mark files to go stale
     * (Aeron refuses to start over a mark file whose owner looks alive; it looks alive for the driver
     * timeout, 10 s by default, after a SIGKILL).
     */
    static final long STALE_MARK_FILE_WAIT_NS = TimeUnit.SECONDS.toNanos(30);
    /**
     * Tests only: changes a node's media driver settings before it starts (a node cut off from the others by the
     * driver's debug channel endpoints, PartitionedNodeMain in the tests). Nothing in this build sets it: no option,
     * file or property reaches it.
     */
    static volatile Consumer<MediaDriver.Context> testDriverSettings = context -> { };

    private final ClusterNodeConfig config;
    private final DataDirectoryLock lock;
    private final SettlementClusteredService service;
    private final ClusteredMediaDriver driver;
    private final ClusteredServiceContainer container;
    private final Thread snapshotTimer;
    private volatile boolean closed;
    private volatile Throwable startFailure;

    private ClusterNode(final ClusterNodeConfig config, final Runnable onTermination) throws IOException
    {
        this.config = config;
        Files.createDirectories(config.dataDirectory());
        this.lock = DataDirectoryLock.acquire(config.dataDirectory());
        final DataDirectory data = new DataDirectory(config.dataDirectory());
        this.service = new SettlementClusteredService(data, new EngineConfig(), new NodeStatus(config.statusFile(), config.memberId()),
            ex ->
            {
                startFailure = ex;
                onTermination.run();
            });
        final long deadlineNs = System.nanoTime() + STALE_MARK_FILE_WAIT_NS;
        ClusteredMediaDriver launchedDriver = null;
        ClusteredServiceContainer launchedContainer = null;
        try
        {
            while (true)
            {
                try
                {
                    launchedDriver = launchDriver(config, onTermination);
                    launchedContainer = launchContainer(config, service);
                    break;
                }
                catch (final IllegalStateException ex)
                {
                    CloseHelper.quietCloseAll(launchedContainer, launchedDriver);
                    launchedDriver = null;
                    launchedContainer = null;
                    // a node killed moments ago left its mark files looking active: wait for them to go stale
                    if (!String.valueOf(ex.getMessage()).contains("active mark file") || System.nanoTime() > deadlineNs)
                    {
                        throw ex;
                    }
                    System.out.println("node " + config.memberId() + ": waiting for the previous process's mark files to go stale ("
                        + ex.getMessage() + ")");
                    Thread.sleep(500);
                }
            }
        }
        catch (final RuntimeException | InterruptedException ex)
        {
            lock.close();
            if (ex instanceof InterruptedException)
            {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting node " + config.memberId(), ex);
            }
            throw (RuntimeException)ex;
        }
        this.driver = launchedDriver;
        this.container = launchedContainer;
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

    private static ClusteredMediaDriver launchDriver(final ClusterNodeConfig config, final Runnable onTermination)
    {
        final String aeronDir = config.aeronDirectory().toString();
        final String host = config.host();
        final ErrorHandler errors = errorHandler(config);
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
        testDriverSettings.accept(driverContext);
        final Archive.Context archiveContext = new Archive.Context()
            .aeronDirectoryName(aeronDir)
            .archiveDir(config.archiveDirectory().toFile())
            .archiveId(config.memberId())
            .controlChannel("aeron:udp?endpoint=" + host + ":" + config.port(config.memberId(), ClusterNodeConfig.ARCHIVE_CONTROL_PORT))
            .localControlChannel(LOCAL_ARCHIVE_CHANNEL)
            .replicationChannel("aeron:udp?endpoint=" + host + ":0")
            .archiveClientContext(new AeronArchive.Context().controlResponseChannel("aeron:udp?endpoint=" + host + ":0"))
            .recordingEventsEnabled(false)
            .threadingMode(ArchiveThreadingMode.SHARED)
            .idleStrategySupplier(ClusterNode::idle)
            .errorHandler(errors);
        final ConsensusModule.Context consensusContext = new ConsensusModule.Context()
            .clusterMemberId(config.memberId())
            .clusterMembers(config.clusterMembers())
            .clusterDir(config.clusterDirectory().toFile())
            .ingressChannel("aeron:udp?term-length=" + CLIENT_TERM_LENGTH)
            .logChannel("aeron:udp?term-length=" + TERM_LENGTH)
            .replicationChannel("aeron:udp?endpoint=" + host + ":0")
            .archiveContext(localArchive(aeronDir))
            .clusterClock(new NanosecondClusterClock())
            .leaderHeartbeatIntervalNs(config.heartbeatIntervalNs())
            .leaderHeartbeatTimeoutNs(config.heartbeatTimeoutNs())
            .electionTimeoutNs(config.electionTimeoutNs())
            .startupCanvassTimeoutNs(Math.max(config.heartbeatTimeoutNs() * 2, TimeUnit.SECONDS.toNanos(5)))
            .idleStrategySupplier(ClusterNode::idle)
            .appVersion(BuildVersion.currentAppVersion())
            .authenticatorSupplier(() -> new ClientVersionCheck(config.memberId(), BuildVersion.current()))
            .errorHandler(errors);
        return ClusteredMediaDriver.launch(driverContext, archiveContext, consensusContext);
    }

    private static ClusteredServiceContainer launchContainer(
        final ClusterNodeConfig config, final SettlementClusteredService service)
    {
        final String aeronDir = config.aeronDirectory().toString();
        return ClusteredServiceContainer.launch(new ClusteredServiceContainer.Context()
            .aeronDirectoryName(aeronDir)
            .archiveContext(localArchive(aeronDir))
            .clusterDir(config.clusterDirectory().toFile())
            .clusteredService(service)
            .appVersion(BuildVersion.currentAppVersion())
            .idleStrategySupplier(ClusterNode::idle)
            .errorHandler(errorHandler(config)));
    }

    /** The consensus module's and the service's client of the node's own archive. */
    private static AeronArchive.Context localArchive(final String aeronDir)
    {
        return new AeronArchive.Context()
            .lock(NoOpLock.INSTANCE)
            .controlRequestChannel(LOCAL_ARCHIVE_CHANNEL)
            .controlResponseChannel(LOCAL_ARCHIVE_CHANNEL)
            .aeronDirectoryName(aeronDir);
    }

    private static ErrorHandler errorHandler(final ClusterNodeConfig config)
    {
        return ex -> System.err.println("node " + config.memberId() + ": " + ex);
    }

    /**
     * Starts a node; {@code onTermination} runs when the cluster shuts the node down (e.g. ClusterTool shutdown)
     * or when the service cannot start ({@link #startFailure()} says why).
     */
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

    /** Why the service could not start (the node's termination hook has then run), or null. */
    public Throwable startFailure()
    {
        return startFailure;
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
