package io.settlement.cluster;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.cluster.codecs.EventCode;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.exceptions.AeronException;
import io.aeron.logbuffer.Header;
import io.aeron.security.AuthenticationException;
import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.CommandType;
import io.settlement.engine.api.RecordFrame;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A client of the cluster (docs/cluster.md, "Clients"): sends commands as ingress
 * ({@link ClusterProtocol}), hands the answers and pushes to a {@link Listener}, and survives a change
 * of leader. What a channel (the gateway) uses to run against the cluster instead of a local pipeline.
 *
 * <p>Every command submitted is pending until its REPLY_COMPLETE (or REJECTED) arrives, keyed by its
 * client session id and correlation id (which must be unique among the pending ones). When the leader
 * changes or the session is lost (the client then reconnects, to whichever member leads), the
 * pending commands are sent again, in order, if a repeat is safe: a SubmitDeal (by its clientDealId)
 * or a SubmitInstruction (by its clientRef) gets the original answer from the engine when it was
 * applied before, and is applied now when it was not; a query is simply asked again. Any other
 * command that was sent may or may not have been committed: it is not repeated (a Deposit applied
 * twice would move money twice) and the listener hears {@link Listener#onOutcomeUnknown}: the
 * caller finds out from the state (a query) and decides. A command never sent (no leader at the
 * time) is sent once there is one.
 *
 * <p>Answers that are not pending (an answer to a command the old leader committed and the repeat
 * also answered) are dropped: each pending command gets one answer. Pushes are delivered as they come;
 * those of commands committed while this client was not connected are not sent again (a party that
 * must know queries the deal).
 *
 * <p>Single-threaded: call everything from one thread, {@link #poll} in its duty cycle.
 */
public final class ClusterClient implements AutoCloseable
{
    /** A session that sent nothing for this long sends a keep-alive (the cluster closes silent sessions). */
    static final long KEEP_ALIVE_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);
    /** Egress polls (of ten fragments each, Aeron's limit) one {@link #poll} makes while there is more. */
    static final int MAX_EGRESS_POLLS = 100;

    /** What the cluster answers. All calls on the polling thread; buffers valid only during the call. */
    public interface Listener
    {
        /** One outcome (a framed event record) of the command {@code correlationId} sent by {@code clientSessionId}. */
        void onReply(long clientSessionId, long correlationId, DirectBuffer record, int offset, int length);

        /** After the last outcome of that command; {@code sequence} is the one the cluster gave it. */
        void onReplyComplete(long clientSessionId, long correlationId, long sequence);

        /**
         * An event for the parties {@code buyerId} and {@code sellerId} (0: not that side). When
         * {@code fromThisClient} the command came from {@code originClientSessionId} of this client,
         * which has had the event as a reply.
         */
        void onPush(boolean fromThisClient, long originClientSessionId, long buyerId, long sellerId, DirectBuffer record,
            int offset, int length);

        /** The cluster could not take the command (not a command of this build, a bad frame); nothing was applied. */
        void onRejected(long clientSessionId, long correlationId, String reason);

        /** A command that is not safe to repeat was sent and the leader changed before its answer: it may or may not be applied. */
        default void onOutcomeUnknown(final long clientSessionId, final long correlationId)
        {
        }

        /** Connected (again) to the cluster, whose leader is {@code leaderMemberId}. */
        default void onConnected(final long clusterSessionId, final int leaderMemberId)
        {
        }
    }

    private record Key(long clientSessionId, long correlationId)
    {
    }

    private static final class Pending
    {
        final Key key;
        final UnsafeBuffer message;
        final boolean repeatable;
        boolean sent;

        Pending(final Key key, final UnsafeBuffer message, final boolean repeatable)
        {
            this.key = key;
            this.message = message;
            this.repeatable = repeatable;
        }
    }

    /** This client's build, which the cluster checks when it connects ({@link ClientVersionCheck}). */
    private final String buildVersion = BuildVersion.current();
    private final AeronCluster.Context context;
    private final Listener listener;
    private final Map<Key, Pending> pending = new LinkedHashMap<>();
    private final ArrayDeque<Pending> unsent = new ArrayDeque<>();
    private final Egress egress = new Egress();
    private AeronCluster cluster;
    private AeronCluster.AsyncConnect connecting;
    private long lastSentNs = System.nanoTime();
    private long reconnects;
    private boolean closed;
    private boolean sessionLost;

    /**
     * @param ingressEndpoints the members' client ports: {@code 0=host:port,1=host:port,...}
     *                         ({@link ClusterNodeConfig#ingressEndpoints})
     * @param egressHost       this machine's address as the members reach it (they send answers there)
     * @param aeronDirectory   the directory of a media driver running on this machine ({@link #launchDriver})
     */
    public ClusterClient(
        final String ingressEndpoints, final String egressHost, final String aeronDirectory, final Listener listener)
    {
        this.listener = listener;
        this.context = BuildVersion.withCredentials(new AeronCluster.Context(), buildVersion)
            .ingressChannel("aeron:udp")
            .ingressEndpoints(ingressEndpoints)
            .egressChannel("aeron:udp?endpoint=" + egressHost + ":0")
            .aeronDirectoryName(aeronDirectory)
            .messageTimeoutNs(TimeUnit.SECONDS.toNanos(5))
            .egressListener(egress);
    }

    /** A media driver for a client process: one thread, back-off idle, its directory deleted on start and close. */
    public static MediaDriver launchDriver(final String aeronDirectory)
    {
        return MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(aeronDirectory)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(ClusterNode.idle())
            .termBufferSparseFile(true)
            .publicationTermBufferLength(1024 * 1024)
            .ipcTermBufferLength(1024 * 1024));
    }

    /**
     * Queues a command for the cluster and sends it when it can (at once when connected and the
     * ingress is not back-pressured).
     *
     * @param record a framed command record (CommandCodec.fromWire or CommandCodec.encode), unstamped
     * @throws IllegalArgumentException when it is not a command record, or one with the same client
     * session and correlation id is still pending.
     */
    public void submit(final long clientSessionId, final DirectBuffer record, final int offset, final int length)
    {
        if (length < RecordFrame.MIN_LENGTH || length > CommandCodec.MAX_LENGTH || record.getInt(offset, ClusterProtocol.ORDER) != length)
        {
            throw new IllegalArgumentException("not a command record: " + length + " bytes, its frame says "
                + (length >= 4 ? record.getInt(offset, ClusterProtocol.ORDER) : -1));
        }
        final CommandType type = CommandCodec.typeOfRecord(record, offset);
        if (type == null)
        {
            throw new IllegalArgumentException("not a command of this build: template " + RecordFrame.templateId(record, offset));
        }
        final Key key = new Key(clientSessionId, CommandCodec.correlationId(record, offset));
        if (pending.containsKey(key))
        {
            throw new IllegalArgumentException("correlation id " + key.correlationId() + " of client session " + clientSessionId
                + " is still waiting for its answer");
        }
        final UnsafeBuffer message = new UnsafeBuffer(new byte[ClusterProtocol.INGRESS_HEADER_LENGTH + length]);
        ClusterProtocol.ingressHeader(message, 0, clientSessionId);
        message.putBytes(ClusterProtocol.INGRESS_HEADER_LENGTH, record, offset, length);
        final Pending command = new Pending(key, message,
            type == CommandType.SUBMIT_DEAL || type == CommandType.SUBMIT_INSTRUCTION || type.isQuery());
        pending.put(key, command);
        unsent.addLast(command);
        sendUnsent();
    }

    /** The duty cycle: (re)connects, sends what waits, reads the answers, keeps the session alive. @return work done. */
    public int poll()
    {
        if (closed)
        {
            return 0;
        }
        int work = 0;
        if (cluster == null || cluster.isClosed())
        {
            work += connect();
            if (cluster == null)
            {
                return work;
            }
        }
        // a settlement cycle's answers come by the thousand and one poll takes ten fragments: drain what is there
        for (int rounds = 0; rounds < MAX_EGRESS_POLLS; rounds++)
        {
            final int polled = cluster.pollEgress();
            work += polled;
            if (polled == 0 || sessionLost)
            {
                break;
            }
        }
        if (sessionLost)
        {
            sessionLost = false;
            CloseHelper.quietClose(cluster);
            cluster = null;
            return work;
        }
        if (cluster.isClosed())
        {
            return work;
        }
        work += sendUnsent();
        if (System.nanoTime() - lastSentNs > KEEP_ALIVE_INTERVAL_NS && cluster.sendKeepAlive())
        {
            lastSentNs = System.nanoTime();
        }
        return work;
    }

    private int connect()
    {
        if (cluster != null)
        {
            CloseHelper.quietClose(cluster);
            cluster = null;
        }
        try
        {
            if (connecting == null)
            {
                connecting = AeronCluster.asyncConnect(context.clone());
            }
            final AeronCluster connected = connecting.poll();
            if (connected == null)
            {
                return 0;
            }
            connecting = null;
            cluster = connected;
            reconnects++;
            onNewSessionOrLeader();
            listener.onConnected(connected.clusterSessionId(), connected.leaderMemberId());
            return 1;
        }
        catch (final AuthenticationException ex)
        {
            // a node of another build refused this client (the node's log names both builds): retrying cannot help
            CloseHelper.quietClose(connecting);
            connecting = null;
            throw new IllegalStateException("the cluster refused this client of build " + buildVersion
                + " (" + ex.getMessage() + "): its nodes are of another build (their logs name it)", ex);
        }
        catch (final AeronException ex)
        {
            // no leader yet (an election under way) or no member reachable: try again on the next poll
            CloseHelper.quietClose(connecting);
            connecting = null;
            return 0;
        }
    }

    /** The leader changed or the session is new: what was sent may be lost; repeat what is safe to repeat. */
    private void onNewSessionOrLeader()
    {
        unsent.clear();
        final Iterator<Pending> commands = pending.values().iterator();
        while (commands.hasNext())
        {
            final Pending command = commands.next();
            if (command.sent && !command.repeatable)
            {
                commands.remove();
                listener.onOutcomeUnknown(command.key.clientSessionId(), command.key.correlationId());
            }
            else
            {
                command.sent = false;
                unsent.addLast(command);
            }
        }
    }

    private int sendUnsent()
    {
        if (cluster == null || cluster.isClosed())
        {
            return 0;
        }
        int sent = 0;
        Pending command;
        while ((command = unsent.peekFirst()) != null)
        {
            if (!pending.containsKey(command.key) || pending.get(command.key) != command)
            {
                unsent.pollFirst(); // answered meanwhile
                continue;
            }
            final long result = cluster.offer(command.message, 0, command.message.capacity());
            if (result < 0)
            {
                break; // back-pressured, or no leader now: the next poll tries again
            }
            command.sent = true;
            unsent.pollFirst();
            sent++;
            lastSentNs = System.nanoTime();
        }
        return sent;
    }

    /** Commands waiting for their answer. */
    public int pendingCount()
    {
        return pending.size();
    }

    /** How many times a session has been established (1 after the first connection). */
    public long connections()
    {
        return reconnects;
    }

    public boolean isConnected()
    {
        return cluster != null && !cluster.isClosed();
    }

    /** The member leading as this client last heard, -1 when not connected. */
    public int leaderMemberId()
    {
        return isConnected() ? cluster.leaderMemberId() : -1;
    }

    @Override
    public void close()
    {
        closed = true;
        CloseHelper.quietCloseAll(connecting, cluster);
        connecting = null;
        cluster = null;
    }

    private final class Egress implements EgressListener
    {
        @Override
        public void onMessage(
            final long clusterSessionId, final long timestamp, final DirectBuffer buffer, final int offset, final int length,
            final Header header)
        {
            final int kind = ClusterProtocol.kind(buffer, offset);
            switch (kind)
            {
                case ClusterProtocol.REPLY ->
                {
                    final long clientSessionId = ClusterProtocol.clientSessionId(buffer, offset);
                    final long correlationId = ClusterProtocol.correlationId(buffer, offset);
                    if (pending.containsKey(new Key(clientSessionId, correlationId)))
                    {
                        listener.onReply(clientSessionId, correlationId, buffer, offset + ClusterProtocol.REPLY_HEADER_LENGTH,
                            length - ClusterProtocol.REPLY_HEADER_LENGTH);
                    }
                }
                case ClusterProtocol.REPLY_COMPLETE ->
                {
                    final long clientSessionId = ClusterProtocol.clientSessionId(buffer, offset);
                    final long correlationId = ClusterProtocol.correlationId(buffer, offset);
                    if (pending.remove(new Key(clientSessionId, correlationId)) != null)
                    {
                        listener.onReplyComplete(clientSessionId, correlationId, ClusterProtocol.sequence(buffer, offset));
                    }
                }
                case ClusterProtocol.PUSH -> listener.onPush(
                    buffer.getLong(offset + ClusterProtocol.ORIGIN_CLUSTER_SESSION_OFFSET, ClusterProtocol.ORDER) == clusterSessionId,
                    buffer.getLong(offset + ClusterProtocol.ORIGIN_CLIENT_SESSION_OFFSET, ClusterProtocol.ORDER),
                    buffer.getLong(offset + ClusterProtocol.BUYER_OFFSET, ClusterProtocol.ORDER),
                    buffer.getLong(offset + ClusterProtocol.SELLER_OFFSET, ClusterProtocol.ORDER),
                    buffer, offset + ClusterProtocol.PUSH_HEADER_LENGTH, length - ClusterProtocol.PUSH_HEADER_LENGTH);
                case ClusterProtocol.REJECTED ->
                {
                    final long clientSessionId = ClusterProtocol.clientSessionId(buffer, offset);
                    final long correlationId = ClusterProtocol.correlationId(buffer, offset);
                    pending.remove(new Key(clientSessionId, correlationId));
                    listener.onRejected(clientSessionId, correlationId, buffer.getStringWithoutLengthAscii(
                        offset + ClusterProtocol.REASON_OFFSET, length - ClusterProtocol.REASON_OFFSET));
                }
                default ->
                {
                    // a kind this build does not know (a newer cluster): nothing to deliver
                }
            }
        }

        @Override
        public void onSessionEvent(
            final long correlationId, final long clusterSessionId, final long leadershipTermId, final int leaderMemberId,
            final EventCode code, final String detail)
        {
            if (code == EventCode.CLOSED)
            {
                // the cluster closed this session (it timed out, or could not take its answers): reconnect after this poll
                sessionLost = true;
            }
        }

        @Override
        public void onNewLeader(
            final long clusterSessionId, final long leadershipTermId, final int leaderMemberId, final String ingressEndpoints)
        {
            onNewSessionOrLeader();
            listener.onConnected(clusterSessionId, leaderMemberId);
        }
    }
}
