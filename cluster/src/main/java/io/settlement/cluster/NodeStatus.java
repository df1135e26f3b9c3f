package io.settlement.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

import io.aeron.cluster.service.Cluster;
import io.settlement.engine.SettlementEngine;

/**
 * A node's state for operators and tests: a small properties file (NODE_DIR/status) rewritten
 * atomically (write, then rename) at most every {@link #INTERVAL_NS}:
 * <pre>
 *   member=1  role=LEADER  lastSequence=1234  stateHash=0x...  eventCount=5678
 *   snapshotLoaded=1000 (the sequence of the snapshot the node started from, 0: none)
 *   snapshotTaken=1200 (the sequence of the last snapshot it took since it started, 0: none)  pid=4242
 * </pre>
 * (one key a line). The state hash is {@link SettlementEngine#stateHash()}: equal on every node
 * that has applied the same commands. It walks the whole state (a tenth of a second or more at half a
 * million live deals), on the service's thread, so it is computed only once the node is quiet: while
 * commands flow the file says {@code stateHash=pending}, and the first update that finds the sequence
 * where the last one left it writes the hash.
 */
public class NodeStatus
{
    /** Writes nothing. */
    public static final NodeStatus NONE = new NodeStatus(null, -1);

    static final long INTERVAL_NS = 100_000_000L;

    private final Path file;
    private final int memberId;
    private long lastWrittenNs = Long.MIN_VALUE / 2;
    private long writtenSequence = -1;
    private boolean hashWritten;
    private Cluster.Role writtenRole;
    private long snapshotLoaded;
    private long snapshotTaken;
    private boolean dirty;

    /** @param memberId the node's member id as configured (the cluster tells a follower its own only later) */
    public NodeStatus(final Path file, final int memberId)
    {
        this.file = file;
        this.memberId = memberId;
    }

    /** Rewrites the file when something changed and the interval has passed (or the role changed). */
    void update(final Cluster.Role role, final SettlementEngine engine)
    {
        if (file == null)
        {
            return;
        }
        final long nowNs = System.nanoTime();
        final boolean moved = engine.lastSequence() != writtenSequence;
        final boolean changed = moved || !hashWritten || role != writtenRole || dirty;
        if (!changed || role == writtenRole && nowNs - lastWrittenNs < INTERVAL_NS)
        {
            return;
        }
        dirty = false;
        // quiet since the last write: worth the walk over the whole state
        final boolean hash = !moved;
        final String text = "member=" + memberId + "\nrole=" + role + "\nlastSequence=" + engine.lastSequence()
            + "\nstateHash=" + (hash ? "0x" + Long.toHexString(engine.stateHash()) : "pending") + "\neventCount=" + engine.eventCount()
            + "\nsnapshotLoaded=" + snapshotLoaded + "\nsnapshotTaken=" + snapshotTaken + "\npid=" + ProcessHandle.current().pid() + "\n";
        try
        {
            final Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, text, StandardCharsets.US_ASCII);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("writing the node's status to " + file + ": " + ex.getMessage(), ex);
        }
        lastWrittenNs = nowNs;
        writtenSequence = engine.lastSequence();
        writtenRole = role;
        hashWritten = hash;
    }

    void snapshotLoaded(final long sequence)
    {
        snapshotLoaded = sequence;
        dirty = true;
    }

    void snapshotTaken(final long sequence)
    {
        snapshotTaken = sequence;
        dirty = true;
    }

    /** Reads a status file; empty properties when there is none yet. */
    public static Properties read(final Path file) throws IOException
    {
        final Properties properties = new Properties();
        if (Files.exists(file))
        {
            try (var reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII))
            {
                properties.load(reader);
            }
        }
        return properties;
    }
}
