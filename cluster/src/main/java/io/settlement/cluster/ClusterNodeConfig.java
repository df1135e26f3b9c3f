package io.settlement.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One node of a cluster (docs/cluster.md): its member id, the hosts of all members in member-id order,
 * the port base, its directory and the timeouts of the Raft election.
 *
 * <p>Ports of member {@code i}: {@code basePort + 10 * i + offset}, offset 0 the archive's control, 1
 * the client ingress, 2 consensus, 3 the log, 4 catch-up. Directories under {@code directory}:
 * {@code data/} (the Chronicle command and event journals: the single node's layout), {@code cluster/}
 * (the consensus module's and the service's state, the snapshots' recording log), {@code archive/}
 * (the replicated log and snapshots, recorded by Aeron Archive), {@code aeron/} (the media driver's
 * files, deleted on each start), {@code status} ({@link NodeStatus}).
 *
 * @param memberId               this node's id: 0 to {@code hosts.size() - 1}
 * @param hosts                  each member's host name or address, in member-id order
 * @param basePort               the first port of member 0
 * @param directory              this node's directory
 * @param heartbeatIntervalMs    how often the leader tells the followers it lives
 * @param heartbeatTimeoutMs     a follower that hears nothing from the leader for this long calls an election
 * @param electionTimeoutMs      how long an election round waits for votes
 * @param snapshotIntervalS      the leader asks for a snapshot this often (0: only when asked)
 */
public record ClusterNodeConfig(
    int memberId, List<String> hosts, int basePort, Path directory, long heartbeatIntervalMs, long heartbeatTimeoutMs,
    long electionTimeoutMs, long snapshotIntervalS)
{
    public static final int PORTS_PER_MEMBER = 10;
    public static final int ARCHIVE_CONTROL_PORT = 0;
    public static final int INGRESS_PORT = 1;
    public static final int CONSENSUS_PORT = 2;
    public static final int LOG_PORT = 3;
    public static final int CATCHUP_PORT = 4;

    public static final int DEFAULT_BASE_PORT = 9000;
    public static final long DEFAULT_HEARTBEAT_INTERVAL_MS = 100;
    public static final long DEFAULT_HEARTBEAT_TIMEOUT_MS = 1_500;
    public static final long DEFAULT_ELECTION_TIMEOUT_MS = 500;
    public static final long DEFAULT_SNAPSHOT_INTERVAL_S = 600;

    public ClusterNodeConfig
    {
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty())
        {
            throw new IllegalArgumentException("a cluster needs at least one member host");
        }
        if (memberId < 0 || memberId >= hosts.size())
        {
            throw new IllegalArgumentException("member id " + memberId + " is not one of the " + hosts.size()
                + " members (0 to " + (hosts.size() - 1) + ")");
        }
        if (basePort < 1 || basePort + PORTS_PER_MEMBER * hosts.size() > 65_535)
        {
            throw new IllegalArgumentException("base port " + basePort + " leaves no room for " + hosts.size()
                + " members of " + PORTS_PER_MEMBER + " ports each below 65536");
        }
        if (heartbeatIntervalMs <= 0 || heartbeatTimeoutMs <= heartbeatIntervalMs || electionTimeoutMs <= 0)
        {
            throw new IllegalArgumentException("timeouts must be positive and the heartbeat timeout (" + heartbeatTimeoutMs
                + " ms) longer than the heartbeat interval (" + heartbeatIntervalMs + " ms)");
        }
        if (snapshotIntervalS < 0)
        {
            throw new IllegalArgumentException("a snapshot interval of " + snapshotIntervalS + " s: 0 (none) or more");
        }
    }

    /** The defaults for everything but who and where. */
    public static ClusterNodeConfig of(final int memberId, final List<String> hosts, final int basePort, final Path directory)
    {
        return new ClusterNodeConfig(memberId, hosts, basePort, directory, DEFAULT_HEARTBEAT_INTERVAL_MS,
            DEFAULT_HEARTBEAT_TIMEOUT_MS, DEFAULT_ELECTION_TIMEOUT_MS, DEFAULT_SNAPSHOT_INTERVAL_S);
    }

    public static int port(final int basePort, final int memberId, final int offset)
    {
        return basePort + PORTS_PER_MEMBER * memberId + offset;
    }

    public int port(final int member, final int offset)
    {
        return port(basePort, member, offset);
    }

    public String host()
    {
        return hosts.get(memberId);
    }

    /** Aeron Cluster's member list: {@code id,ingress,consensus,log,catchup,archive|...}. */
    public String clusterMembers()
    {
        final StringBuilder members = new StringBuilder();
        for (int i = 0; i < hosts.size(); i++)
        {
            final String host = hosts.get(i);
            members.append(i)
                .append(',').append(host).append(':').append(port(i, INGRESS_PORT))
                .append(',').append(host).append(':').append(port(i, CONSENSUS_PORT))
                .append(',').append(host).append(':').append(port(i, LOG_PORT))
                .append(',').append(host).append(':').append(port(i, CATCHUP_PORT))
                .append(',').append(host).append(':').append(port(i, ARCHIVE_CONTROL_PORT));
            if (i < hosts.size() - 1)
            {
                members.append('|');
            }
        }
        return members.toString();
    }

    /** The client's view: {@code 0=host:port,1=host:port,...} (AeronCluster's ingress endpoints). */
    public static String ingressEndpoints(final List<String> hosts, final int basePort)
    {
        final StringBuilder endpoints = new StringBuilder();
        for (int i = 0; i < hosts.size(); i++)
        {
            if (i > 0)
            {
                endpoints.append(',');
            }
            endpoints.append(i).append('=').append(hosts.get(i)).append(':').append(port(basePort, i, INGRESS_PORT));
        }
        return endpoints.toString();
    }

    public Path dataDirectory()
    {
        return directory.resolve("data");
    }

    public Path clusterDirectory()
    {
        return directory.resolve("cluster");
    }

    public Path archiveDirectory()
    {
        return directory.resolve("archive");
    }

    public Path aeronDirectory()
    {
        return directory.resolve("aeron");
    }

    public Path statusFile()
    {
        return directory.resolve("status");
    }

    long heartbeatIntervalNs()
    {
        return TimeUnit.MILLISECONDS.toNanos(heartbeatIntervalMs);
    }

    long heartbeatTimeoutNs()
    {
        return TimeUnit.MILLISECONDS.toNanos(heartbeatTimeoutMs);
    }

    long electionTimeoutNs()
    {
        return TimeUnit.MILLISECONDS.toNanos(electionTimeoutMs);
    }
}
