package io.settlement.cluster;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.cluster.codecs.EventCode;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.driver.exceptions.ActiveDriverException;
import io.aeron.exceptions.AeronException;
import io.aeron.logbuffer.Header;
import io.aeron.security.AuthenticationException;
import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.CommandType;
import io.settlement.engine.api.RecordFrame;
import io.settlement.protocol.Codes;
import io.settlement.protocol.wire.Reason;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A client of the cluster (docs/cluster.md, "Clients"): sends commands as ingress
 * ({@link ClusterProtocol}), hands the answers and pushes to a {@link ClusterClientListener}, and survives a change
 * of leader. What a channel (the gateway) uses to run against the cluster instead of a local pipeline.
 *
 * <p>Every command submitted gets a submission id of this client's ({@link #submit} returns it; the
 * listener hears it with every answer) and is pending until its REPLY_COMPLETE, a REJECTED or its
 * time-out. Answers are matched on the id of the sending they answer (carried in the ingress header
 * and echoed by the cluster), never on the command's correlation id, which is its submitter's and may
 * repeat: two pending commands with the same correlation id each get their own answer.
 *
 * <p>When the leader changes or the session is lost (the client then reconnects, to whichever member
 * leads), the pending commands are sent again, in order, under a new sending id, if a repeat is safe:
 * a SubmitDeal (by its clientDealId) or a SubmitInstruction (by its clientRef) gets the original answer
 * from the engine when it was applied before, and is applied now when it was not; a query is simply
 * asked again. Any other command that was sent may or may not have been committed: it is not repeated
 * (a Deposit applied twice would move money twice) and the listener hears
 * {@link ClusterClientListener#onOutcomeUnknown}: the caller finds out from the state (a query) and decides. A
 * command never sent (no leader at the time, or the ingress refused it) stays pending and is sent once
 * there is one.
 *
 * <p>Each command's outcomes reach the listener once. The outcomes of a command that may be sent again
 * (deal, instruction, query) are held until its REPLY_COMPLETE and then delivered together: the
 * outcomes a sending cut short by a leader change had delivered are dropped with it, and the repeat's
 * whole answer is delivered. Answers to an earlier sending, or to a command no longer pending, are
 * dropped. A command that has no answer {@link #DEFAULT_COMMAND_TIMEOUT_NS} (or the time given) after
 * its submission is reported {@link ClusterClientListener#onOutcomeUnknown} and forgotten (its answer, should it
 * come later, is dropped). Pushes are delivered as they come; those of commands committed while this
 * client was not connected are not sent again (a party that must know queries the deal).
 *
 * <p>Single-threaded: call everything from one thread, {@link #poll} in its duty cycle.
 */
public final class ClusterClient implements AutoCloseable
{
    /** A session that sent nothing for this long sends a keep-alive (the cluster closes silent sessions). */
    static final long KEEP_ALIVE_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);
    /** Egress polls (of ten fragments each, Aeron's limit) one {@link #poll} makes while there is more. */
    static final int MAX_EGRESS_POLLS = 100;
    /**
     * How long a command may wait for its answer before it is reported unknown: a failover takes 2-3 s with
     * the default election timing (docs/cluster.md), the client's reconnection and the repeat a few more.
     */
    public static final long DEFAULT_COMMAND_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    /** This client's build, which the cluster checks when it connects ({@link ClientVersionCheck}). */
    private final String buildVersion = BuildVersion.current();
    private final AeronCluster.Context context;
    private final ClusterClientListener listener;
    private final long commandTimeoutNs;
    /** PendingCommand commands by the id of their latest sending. */
    private final Long2ObjectHashMap<PendingCommand> bySending = new Long2ObjectHashMap<>();
    /** PendingCommand commands in submission order (so oldest first); answered ones leave lazily. */
    private final ArrayDeque<PendingCommand> inOrder = new ArrayDeque<>();
    private final ArrayDeque<PendingCommand> unsent = new ArrayDeque<>();
    /** PendingCommand commands done with, to be used again. */
    private final ArrayDeque<PendingCommand> pool = new ArrayDeque<>();
    private final Egress egress = new Egress();
    private AeronCluster cluster;
    private AeronCluster.AsyncConnect connecting;
    private long nextSendingId = 1;
    private int businessDate;
    private long lastSentNs = System.nanoTime();
    private long reconnects;
    private boolean closed;
    private boolean sessionLost;
    /** The WANTS message saying whose pushes this client wants, null until {@link #wantPushesOf} is called. */
    private UnsafeBuffer wants;
    private int wantsLength;
    /** The cluster has not had {@link #wants} on this session and leader yet. */
    private boolean wantsUnsent;
    /** The number of the last WANTS sent (each sending numbered anew, from 1). */
    private long wantsSent;
    /** The number of the first WANTS sent on this session and leader, 0 before it is sent. */
    private long firstWantsOfLeader;
    /** The number of the last WANTS the cluster answered WANTS_TAKEN. */
    private long wantsTaken;

    /**
     * @param ingressEndpoints the members' client ports: {@code 0=host:port,1=host:port,...}
     *                         ({@link ClusterNodeConfig#ingressEndpoints})
     * @param egressHost       this machine's address as the members reach it (they send answers there)
     * @param aeronDirectory   the directory of a media driver running on this machine ({@link #launchDriver})
     */
    public ClusterClient(
        final String ingressEndpoints, final String egressHost, final String aeronDirectory, final ClusterClientListener listener)
    {
        this(ingressEndpoints, egressHost, aeronDirectory, DEFAULT_COMMAND_TIMEOUT_NS, listener);
    }

    /**
     * @param commandTimeoutNs how long a command may wait for its answer before the listener hears
     *                         {@link ClusterClientListener#onOutcomeUnknown} and it is forgotten
     */
    public ClusterClient(
        final String ingressEndpoints, final String egressHost, final String aeronDirectory, final long commandTimeoutNs,
        final ClusterClientListener listener)
    {
        if (commandTimeoutNs <= 0)
        {
            throw new IllegalArgumentException("a command time-out of " + commandTimeoutNs + " ns: it must be positive");
        }
        this.listener = listener;
        this.commandTimeoutNs = commandTimeoutNs;
        this.context = BuildVersion.withCredentials(new AeronCluster.Context(), buildVersion)
            .ingressChannel("aeron:udp")
            .ingressEndpoints(ingressEndpoints)
            .egressChannel("aeron:udp?endpoint=" + egressHost + ":0")
            .aeronDirectoryName(aeronDirectory)
            .messageTimeoutNs(TimeUnit.SECONDS.toNanos(5))
            .egressListener(egress);
    }

    /**
     * A media driver for a client process: one thread, back-off idle, its directory deleted on close. A directory
     * left by a driver that has stopped is cleared on start; one whose driver is alive (another gateway's, or one
     * killed less than Aeron's driver time-out ago, 10 s) is refused rather than wiped under it.
     *
     * @throws IllegalStateException naming the directory when a live driver holds it
     */
    public static MediaDriver launchDriver(final String aeronDirectory)
    {
        try
        {
            return MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(aeronDirectory)
                .dirDeleteOnStart(false)
                .dirDeleteOnShutdown(true)
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(ClusterNode.idle())
                .termBufferSparseFile(true)
                .publicationTermBufferLength(1024 * 1024)
                .ipcTermBufferLength(1024 * 1024));
        }
        catch (final ActiveDriverException ex)
        {
            throw new IllegalStateException("the media driver directory " + aeronDirectory + " is in use by a running driver"
                + " (another gateway's, or one stopped less than 10 s ago): give this process a directory of its own", ex);
        }
    }

    /**
     * Queues a command for the cluster and sends it when it can (at once when connected and the
     * ingress is not back-pressured).
     *
     * @param record a framed command record (CommandCodec.fromWire or CommandCodec.encode), unstamped
     * @return the command's submission id, which the listener hears with its answer
     * @throws IllegalArgumentException when it is not a command record
     */
    public long submit(final long clientSessionId, final DirectBuffer record, final int offset, final int length)
    {
        return submit(clientSessionId, record, offset, length, System.nanoTime());
    }

    /**
     * As {@link #submit(long, DirectBuffer, int, int)}, its time-out counted from {@code sinceNs} ({@link System#nanoTime}):
     * when the command waited in a queue before reaching this client, the time it was first sent by whoever sent it.
     */
    public long submit(final long clientSessionId, final DirectBuffer record, final int offset, final int length, final long sinceNs)
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
        final long submissionId = nextSendingId++;
        final PendingCommand pooled = pool.pollFirst();
        final PendingCommand command = pooled != null ? pooled : new PendingCommand();
        command.reset(submissionId, clientSessionId, CommandCodec.correlationId(record, offset), sinceNs,
            type == CommandType.SUBMIT_DEAL || type == CommandType.SUBMIT_INSTRUCTION || type.isQuery());
        ClusterProtocol.ingressHeader(command.message, 0, clientSessionId, submissionId);
        command.message.putBytes(ClusterProtocol.INGRESS_HEADER_LENGTH, record, offset, length);
        command.messageLength = ClusterProtocol.INGRESS_HEADER_LENGTH + length;
        bySending.put(submissionId, command);
        command.queued = true;
        inOrder.addLast(command);
        command.waitingToSend = true;
        unsent.addLast(command);
        sendUnsent();
        return submissionId;
    }

    /**
     * Says which parties' pushes this client wants (the participants its connections are logged on as), replacing
     * what it said before; sent before any command submitted after this call, and again on each new session or
     * leader. Until the first call the cluster sends this client every push (a client that wants all says nothing).
     *
     * @param participantIds the participants, any order
     * @throws IllegalArgumentException past {@link ClusterProtocol#MAX_WANTS}
     */
    public void wantPushesOf(final long[] participantIds, final int count)
    {
        final UnsafeBuffer message = new UnsafeBuffer(new byte[ClusterProtocol.WANTS_PARTICIPANTS_OFFSET + count * Long.BYTES]);
        wantsLength = ClusterProtocol.wants(message, 0, participantIds, count);
        wants = message;
        wantsUnsent = true;
        sendUnsent();
    }

    /** The duty cycle: (re)connects, sends what waits, reads the answers, keeps the session alive, times out. @return work done. */
    public int poll()
    {
        if (closed)
        {
            return 0;
        }
        int work = expire(System.nanoTime());
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

    /**
     * Reports and forgets the commands pending since before {@code nowNs - commandTimeoutNs} whose answer has not begun
     * (one whose answer is arriving, a settlement cycle's thousands of outcomes say, is committed: it completes or a
     * leader change cuts it). Oldest first: a command behind one whose answer is arriving waits for it, as the cluster
     * answers in the order it commits.
     */
    int expire(final long nowNs)
    {
        int expired = 0;
        PendingCommand command;
        while ((command = inOrder.peekFirst()) != null)
        {
            if (command.done)
            {
                inOrder.pollFirst();
                command.queued = false;
                release(command);
                continue;
            }
            if (command.answering || nowNs - command.submittedNs < commandTimeoutNs)
            {
                break;
            }
            inOrder.pollFirst();
            command.queued = false;
            forget(command);
            expired++;
            listener.onOutcomeUnknown(command.submissionId, command.clientSessionId, command.correlationId, command.message,
                ClusterProtocol.INGRESS_HEADER_LENGTH, command.recordLength());
            release(command);
        }
        return expired;
    }

    private void forget(final PendingCommand command)
    {
        command.done = true;
        bySending.remove(command.sendingId);
    }

    /** Back to the pool once done and in neither queue (the listener has had its last call about it). */
    private void release(final PendingCommand command)
    {
        if (command.done && !command.queued && !command.waitingToSend)
        {
            pool.addLast(command);
        }
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
    void onNewSessionOrLeader()
    {
        PendingCommand waiting;
        while ((waiting = unsent.pollFirst()) != null)
        {
            waiting.waitingToSend = false;
            release(waiting);
        }
        wantsUnsent = wants != null; // a new session has none; a new leader may not have had the last
        firstWantsOfLeader = 0;
        for (final PendingCommand command : inOrder)
        {
            if (command.done)
            {
                continue;
            }
            if (command.sent && !command.repeatable)
            {
                forget(command);
                listener.onOutcomeUnknown(command.submissionId, command.clientSessionId, command.correlationId, command.message,
                    ClusterProtocol.INGRESS_HEADER_LENGTH, command.recordLength());
            }
            else
            {
                if (command.sent)
                {
                    // a new sending: what the last one had answered is dropped, and so is whatever of its answer comes yet
                    bySending.remove(command.sendingId);
                    command.sendingId = nextSendingId++;
                    ClusterProtocol.ingressHeader(command.message, 0, command.clientSessionId, command.sendingId);
                    bySending.put(command.sendingId, command);
                    command.heldLength = 0;
                    command.answering = false;
                    command.sent = false;
                }
                command.waitingToSend = true;
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
        if (wantsUnsent)
        {
            ClusterProtocol.wantsNumber(wants, 0, wantsSent + 1);
            if (cluster.offer(wants, 0, wantsLength) < 0)
            {
                return 0; // before any command: the next poll tries again
            }
            wantsSent++;
            if (firstWantsOfLeader == 0)
            {
                firstWantsOfLeader = wantsSent;
            }
            wantsUnsent = false;
            sent++;
            lastSentNs = System.nanoTime();
        }
        PendingCommand command;
        while ((command = unsent.peekFirst()) != null)
        {
            if (command.done)
            {
                unsent.pollFirst(); // answered or forgotten meanwhile
                command.waitingToSend = false;
                release(command);
                continue;
            }
            final long result = cluster.offer(command.message, 0, command.messageLength);
            if (result < 0)
            {
                break; // back-pressured, or no leader now: the next poll tries again
            }
            command.sent = true;
            unsent.pollFirst();
            command.waitingToSend = false;
            sent++;
            lastSentNs = System.nanoTime();
        }
        return sent;
    }

    /** One egress message (the cluster's answers): matched on the sending it answers, delivered to the listener. */
    void onEgress(final long clusterSessionId, final DirectBuffer buffer, final int offset, final int length)
    {
        final int kind = ClusterProtocol.kind(buffer, offset);
        switch (kind)
        {
            case ClusterProtocol.REPLY ->
            {
                final PendingCommand command = bySending.get(ClusterProtocol.submissionId(buffer, offset));
                if (command != null)
                {
                    command.sent = true; // answered: whatever the ingress said, the cluster has it
                    command.answering = true;
                    onReply(command, buffer, offset + ClusterProtocol.REPLY_HEADER_LENGTH, length - ClusterProtocol.REPLY_HEADER_LENGTH);
                }
            }
            case ClusterProtocol.REPLY_COMPLETE ->
            {
                final PendingCommand command = bySending.get(ClusterProtocol.submissionId(buffer, offset));
                businessDate = ClusterProtocol.businessDate(buffer, offset); // whoever's command: the cluster's date
                if (command != null)
                {
                    forget(command);
                    deliverHeld(command);
                    listener.onReplyComplete(command.submissionId, command.clientSessionId, command.correlationId,
                        ClusterProtocol.sequence(buffer, offset));
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
                final PendingCommand command = bySending.get(ClusterProtocol.submissionId(buffer, offset));
                if (command != null)
                {
                    // a REJECTED for nothing pending (a sending already answered, a message not this client's) is no answer
                    forget(command);
                    listener.onRejected(command.submissionId, command.clientSessionId, command.correlationId,
                        rejectedReason(buffer.getInt(offset + ClusterProtocol.REJECTED_REASON_OFFSET, ClusterProtocol.ORDER)),
                        buffer.getStringWithoutLengthAscii(offset + ClusterProtocol.REASON_OFFSET, length - ClusterProtocol.REASON_OFFSET),
                        command.message, ClusterProtocol.INGRESS_HEADER_LENGTH, command.recordLength());
                }
            }
            case ClusterProtocol.WANTS_TAKEN -> wantsTaken = Math.max(wantsTaken, ClusterProtocol.wantsNumber(buffer, offset, false));
            default ->
            {
                // a kind this build does not know (a newer cluster): nothing to deliver
            }
        }
    }

    /**
     * A REJECTED's reason code as a channel answers it: an engine reason (a session reason such as UNKNOWN_TEMPLATE
     * cannot stand in an outcome), INVALID_FIELD for any other code (one of a newer build, or 0 from a cluster that
     * gives none).
     */
    static Reason rejectedReason(final int code)
    {
        final Reason reason = code > 0 ? Codes.engineReason(code) : null;
        return reason != null ? reason : Reason.INVALID_FIELD;
    }

    private void onReply(final PendingCommand command, final DirectBuffer buffer, final int offset, final int length)
    {
        if (!command.repeatable)
        {
            listener.onReply(command.submissionId, command.clientSessionId, command.correlationId, buffer, offset, length);
            return;
        }
        command.held.putInt(command.heldLength, length);
        command.held.putBytes(command.heldLength + Integer.BYTES, buffer, offset, length);
        command.heldLength += Integer.BYTES + length;
    }

    private void deliverHeld(final PendingCommand command)
    {
        int position = 0;
        while (position < command.heldLength)
        {
            final int length = command.held.getInt(position);
            listener.onReply(command.submissionId, command.clientSessionId, command.correlationId, command.held,
                position + Integer.BYTES, length);
            position += Integer.BYTES + length;
        }
        command.heldLength = 0;
    }

    /** Commands waiting for their answer. */
    public int pendingCount()
    {
        return bySending.size();
    }

    /** The cluster's business date as of the last REPLY_COMPLETE heard (0 before one). */
    public int businessDate()
    {
        return businessDate;
    }

    /** The id of the latest sending of the pending command {@code submissionId}, -1 when it is not pending (tests). */
    long sendingIdOf(final long submissionId)
    {
        for (final PendingCommand command : inOrder)
        {
            if (command.submissionId == submissionId && !command.done)
            {
                return command.sendingId;
            }
        }
        return -1;
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

    /**
     * True when the cluster sends this client the pushes it wants: it has said nothing ({@link #wantPushesOf} never
     * called: every push), or the leader has answered a WANTS sent on this session since it began or the leader last
     * changed (WANTS_TAKEN: the wants are in the cluster's state and the leader's egress to this client is connected;
     * a push committed before can have been missed). False when not connected.
     */
    public boolean wantsInForce()
    {
        return isConnected() && (wants == null || firstWantsOfLeader != 0 && wantsTaken >= firstWantsOfLeader);
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
            onEgress(clusterSessionId, buffer, offset, length);
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
