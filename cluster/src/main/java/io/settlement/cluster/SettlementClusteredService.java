package io.settlement.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import io.settlement.engine.EngineConfig;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.CommandType;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventSink;
import io.settlement.engine.api.EventType;
import io.settlement.engine.api.RecordFrame;
import io.settlement.journal.DataDirectory;
import io.settlement.protocol.wire.Reason;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The settlement engine as an Aeron Cluster service (docs/cluster.md): each committed log entry is one
 * command ({@link ClusterProtocol}'s ingress), stamped with the next sequence and the entry's cluster
 * timestamp as its time (the same on every node: both come from the log), written to the node's
 * command journal, applied, its outcomes written to the node's event journal and sent to the client
 * session that sent it, and pushes to the client sessions that want one of the parties ({@link PushWants}: a
 * WANTS ingress message says which; a session that said nothing gets every push), a new business date to
 * every client session (every client tells it to its connections at logon).
 *
 * <p>Only the leader's egress leaves the node (a follower's offers are no-ops), and the service sees
 * only what a majority has committed: an answer is never sent for a command the cluster could lose.
 *
 * <p>Egress back-pressure: a message is retried, idling with the cluster's idle strategy as Aeron asks,
 * for at most {@link #EGRESS_WAIT_NS} (a settlement cycle's answers to the operator run to megabytes, more
 * than a client's term buffer holds, so a client that is reading must get the time to drain it); if the
 * client still cannot take it, its session is closed rather than left with a hole in its answers. The
 * wait is the leader's only (a follower's offers are no-ops) and touches no state. The command stays applied (the committed log is the truth); the client reconnects and
 * resubmits what it has no answer for (a deal by its clientDealId: the engine answers an idempotent
 * repeat with the original outcome).
 *
 * <p>Runs on the service container's thread only.
 */
public final class SettlementClusteredService implements ClusteredService
{
    /** How long one egress message may wait for its client to make room before the session is given up. */
    static final long EGRESS_WAIT_NS = 2_000_000_000L;
    private static final byte BUY_SIDE = 1;

    private final DataDirectory data;
    private final EngineConfig config;
    private final NodeStatus status;
    private final Consumer<Throwable> onStartFailure;
    private final int appVersion;
    private final UnsafeBuffer record = new UnsafeBuffer(new byte[CommandCodec.MAX_LENGTH]);
    private final UnsafeBuffer egress = new UnsafeBuffer(new byte[ClusterProtocol.PUSH_HEADER_LENGTH + 4096]);
    private final Sink sink = new Sink();
    private PushWants wants = new PushWants();

    private Cluster cluster;
    private SettlementEngine engine;
    private NodeJournals journals;
    private volatile Cluster.Role role = Cluster.Role.FOLLOWER;
    private long egressSessionsClosed;

    /**
     * @param data   where the node's command and event journals are
     * @param config the engine's settings (sizing)
     * @param status where the node reports its state for operators and tests ({@link NodeStatus#NONE}: nowhere)
     * @param onStartFailure told when the service cannot start (a snapshot it cannot load, journals that do not
     *                       reach it): the node then stops rather than run without its service
     */
    public SettlementClusteredService(
        final DataDirectory data, final EngineConfig config, final NodeStatus status, final Consumer<Throwable> onStartFailure)
    {
        this(data, config, status, onStartFailure, BuildVersion.currentAppVersion());
    }

    /**
     * @param appVersion this build's version ({@link BuildVersion}): a leadership term begun by a leader of another
     *                   refuses the node ({@link #onNewLeadershipTermEvent}), told through {@code onStartFailure}
     */
    public SettlementClusteredService(final DataDirectory data, final EngineConfig config, final NodeStatus status,
        final Consumer<Throwable> onStartFailure, final int appVersion)
    {
        this.appVersion = appVersion;
        this.data = data;
        this.config = config;
        this.status = status;
        this.onStartFailure = onStartFailure;
    }

    @Override
    public void onStart(final Cluster cluster, final Image snapshotImage)
    {
        try
        {
            start(cluster, snapshotImage);
        }
        catch (final RuntimeException ex)
        {
            onStartFailure.accept(ex);
            throw ex;
        }
    }

    private void start(final Cluster cluster, final Image snapshotImage)
    {
        this.cluster = cluster;
        long snapshotSequence = 0;
        if (snapshotImage != null)
        {
            try
            {
                final SnapshotTransfer.Loaded loaded = SnapshotTransfer.read(snapshotImage, config, cluster.idleStrategy());
                engine = loaded.engine();
                wants = loaded.wants();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("loading the cluster's snapshot: " + ex.getMessage(), ex);
            }
            snapshotSequence = engine.lastSequence();
            status.snapshotLoaded(snapshotSequence);
        }
        else
        {
            engine = new SettlementEngine(config);
        }
        journals = new NodeJournals(data);
        journals.checkCovers(snapshotSequence);
        status.update(role, engine);
    }

    @Override
    public void onSessionOpen(final ClientSession session, final long timestamp)
    {
    }

    @Override
    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
    {
        wants.remove(session.id());
    }

    @Override
    public void onSessionMessage(
        final ClientSession session, final long timestamp, final DirectBuffer buffer, final int offset, final int length,
        final Header header)
    {
        final int recordLength = length - ClusterProtocol.INGRESS_HEADER_LENGTH;
        final long clientSessionId = length >= ClusterProtocol.INGRESS_HEADER_LENGTH
            ? buffer.getLong(offset + ClusterProtocol.INGRESS_CLIENT_SESSION_OFFSET, ClusterProtocol.ORDER) : 0;
        final long submissionId = length >= ClusterProtocol.INGRESS_HEADER_LENGTH
            ? buffer.getLong(offset + ClusterProtocol.INGRESS_SUBMISSION_OFFSET, ClusterProtocol.ORDER) : 0;
        if (submissionId == ClusterProtocol.WANTS_MARKER)
        {
            onWants(session, buffer, offset, length);
            return;
        }
        if (recordLength < RecordFrame.MIN_LENGTH || recordLength > CommandCodec.MAX_LENGTH)
        {
            reject(session, clientSessionId, 0, submissionId, Reason.INVALID_FIELD,
                "an ingress message of " + length + " bytes: expected an 8-byte client"
                + " session id, an 8-byte submission id and a command record of " + RecordFrame.MIN_LENGTH + " to "
                + CommandCodec.MAX_LENGTH + " bytes");
            return;
        }
        record.putBytes(0, buffer, offset + ClusterProtocol.INGRESS_HEADER_LENGTH, recordLength);
        final CommandType type = CommandCodec.checkedType(record, 0);
        if (type == null || RecordFrame.schemaId(record, 0) != RecordFrame.SCHEMA_ID)
        {
            reject(session, clientSessionId, 0, submissionId, Reason.INVALID_FIELD,
                "not a command of this build (template " + RecordFrame.templateId(record, 0)
                + ", schema " + RecordFrame.schemaId(record, 0) + ", version " + RecordFrame.version(record, 0) + ")");
            return;
        }
        final boolean query = type.isQuery();
        final long sequence = query ? engine.lastSequence() : engine.lastSequence() + 1;
        CommandCodec.stamp(record, 0, sequence, cluster.timeUnit().toNanos(timestamp));
        final int checked = RecordFrame.check(record, 0, recordLength);
        if (checked != recordLength)
        {
            reject(session, clientSessionId, CommandCodec.correlationId(record, 0), submissionId, Reason.INVALID_FIELD,
                "a malformed command record: "
                + (checked < 0 ? RecordFrame.describe(checked) : "its frame says " + checked + " bytes, " + recordLength + " came"));
            return;
        }
        sink.begin(session, clientSessionId, CommandCodec.correlationId(record, 0), submissionId, query, sequence);
        if (query)
        {
            engine.query(record, 0, sink);
        }
        else
        {
            journals.command(record, 0, recordLength);
            engine.apply(record, 0, sink);
        }
        egress.putInt(ClusterProtocol.KIND_OFFSET, ClusterProtocol.REPLY_COMPLETE, ClusterProtocol.ORDER);
        egress.putInt(ClusterProtocol.BUSINESS_DATE_OFFSET, engine.businessDate(), ClusterProtocol.ORDER);
        egress.putLong(ClusterProtocol.CLIENT_SESSION_OFFSET, clientSessionId, ClusterProtocol.ORDER);
        egress.putLong(ClusterProtocol.CORRELATION_ID_OFFSET, CommandCodec.correlationId(record, 0), ClusterProtocol.ORDER);
        egress.putLong(ClusterProtocol.SUBMISSION_OFFSET, submissionId, ClusterProtocol.ORDER);
        egress.putLong(ClusterProtocol.SEQUENCE_OFFSET, sequence, ClusterProtocol.ORDER);
        send(session, ClusterProtocol.REPLY_COMPLETE_LENGTH);
    }

    /**
     * The parties whose pushes the session wants from now on: cluster state, not journaled; answered WANTS_TAKEN
     * (REJECTED when malformed), which also tells the client its egress from the leader is connected.
     */
    private void onWants(final ClientSession session, final DirectBuffer buffer, final int offset, final int length)
    {
        final int count = length >= ClusterProtocol.WANTS_PARTICIPANTS_OFFSET
            ? buffer.getInt(offset + ClusterProtocol.WANTS_COUNT_OFFSET, ClusterProtocol.ORDER) : -1;
        if (count < 0 || count > ClusterProtocol.MAX_WANTS || length != ClusterProtocol.WANTS_PARTICIPANTS_OFFSET + count * Long.BYTES)
        {
            reject(session, 0, 0, ClusterProtocol.WANTS_MARKER, Reason.INVALID_FIELD, "a WANTS of " + length + " bytes saying " + count
                + " participants: expected 0 to " + ClusterProtocol.MAX_WANTS + ", 8 bytes each after a 20-byte header");
            return;
        }
        wants.replace(session.id(), buffer, offset + ClusterProtocol.WANTS_PARTICIPANTS_OFFSET, count);
        egress.putInt(ClusterProtocol.KIND_OFFSET, ClusterProtocol.WANTS_TAKEN, ClusterProtocol.ORDER);
        egress.putInt(4, 0, ClusterProtocol.ORDER);
        egress.putLong(ClusterProtocol.WANTS_NUMBER_OFFSET, ClusterProtocol.wantsNumber(buffer, offset, true), ClusterProtocol.ORDER);
        send(session, ClusterProtocol.WANTS_TAKEN_LENGTH);
    }

    private void reject(
        final ClientSession session, final long clientSessionId, final long correlationId, final long submissionId,
        final Reason code, final String reason)
    {
        final byte[] text = reason.getBytes(StandardCharsets.US_ASCII);
        final int textLength = Math.min(text.length, egress.capacity() - ClusterProtocol.REASON_OFFSET);
        egress.putInt(ClusterProtocol.KIND_OFFSET, ClusterProtocol.REJECTED, ClusterProtocol.ORDER);
        egress.putInt(ClusterProtocol.REJECTED_REASON_OFFSET, code.value(), ClusterProtocol.ORDER);
        egress.putLong(ClusterProtocol.CLIENT_SESSION_OFFSET, clientSessionId, ClusterProtocol.ORDER);
        egress.putLong(ClusterProtocol.CORRELATION_ID_OFFSET, correlationId, ClusterProtocol.ORDER);
        egress.putLong(ClusterProtocol.SUBMISSION_OFFSET, submissionId, ClusterProtocol.ORDER);
        egress.putBytes(ClusterProtocol.REASON_OFFSET, text, 0, textLength);
        send(session, ClusterProtocol.REASON_OFFSET + textLength);
    }

    /** Offers {@code egress[0, length)} to {@code session}; closes the session when it cannot take it. */
    private void send(final ClientSession session, final int length)
    {
        if (session == null || session.isClosing())
        {
            return;
        }
        long deadlineNs = 0;
        final IdleStrategy idle = cluster.idleStrategy();
        idle.reset();
        while (true)
        {
            final long result = session.offer(egress, 0, length);
            if (result > 0 || result == ClientSession.MOCKED_OFFER)
            {
                return;
            }
            if (result == Publication.NOT_CONNECTED || result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
            {
                return; // the client has gone: it reconnects and resubmits
            }
            // BACK_PRESSURED or ADMIN_ACTION
            final long nowNs = System.nanoTime();
            if (deadlineNs == 0)
            {
                deadlineNs = nowNs + EGRESS_WAIT_NS;
            }
            else if (nowNs - deadlineNs > 0)
            {
                break;
            }
            idle.idle();
        }
        egressSessionsClosed++;
        cluster.closeClientSession(session.id());
    }

    @Override
    public void onTimerEvent(final long correlationId, final long timestamp)
    {
    }

    @Override
    public void onTakeSnapshot(final ExclusivePublication snapshotPublication)
    {
        journals.flush(); // every command applied is journaled now: the journals reach the snapshot's sequence
        try
        {
            SnapshotTransfer.write(engine, engine.lastSequence(), wants, snapshotPublication, cluster.idleStrategy());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("writing the cluster's snapshot after " + engine.lastSequence() + ": " + ex.getMessage(), ex);
        }
        status.snapshotTaken(engine.lastSequence());
    }

    /**
     * Every leadership term in the log begins with the leader's appVersion: a node of another build (another
     * {@code major.minor.patch}; Aeron itself refuses only another major) applies nothing of that term and stops,
     * naming both builds. A replayed term counts too: a node replays only a log its own build wrote (to upgrade,
     * snapshot with the old build, then start the new one from that snapshot: docs/cluster.md).
     */
    @Override
    public void onNewLeadershipTermEvent(final long leadershipTermId, final long logPosition, final long timestamp,
        final long termBaseLogPosition, final int leaderMemberId, final int logSessionId, final TimeUnit timeUnit,
        final int leaderAppVersion)
    {
        if (leaderAppVersion != appVersion)
        {
            final IllegalStateException refused = new IllegalStateException("this node's build is " + BuildVersion.describe(appVersion)
                + ", the log's leadership term " + leadershipTermId + " was begun by member " + leaderMemberId + " of build "
                + BuildVersion.describe(leaderAppVersion) + ": nodes of different builds must not run together");
            onStartFailure.accept(refused);
            throw new AgentTerminationException(refused.getMessage());
        }
    }

    @Override
    public void onRoleChange(final Cluster.Role newRole)
    {
        role = newRole;
        if (engine != null)
        {
            status.update(newRole, engine);
        }
    }

    @Override
    public int doBackgroundWork(final long nowNs)
    {
        if (journals == null)
        {
            return 0;
        }
        final int written = journals.flush();
        status.update(role, engine); // after the flush: what it reports is journaled
        return written;
    }

    @Override
    public void onTerminate(final Cluster cluster)
    {
        if (journals != null)
        {
            journals.flush();
            status.update(role, engine);
            journals.close();
            journals = null;
        }
    }

    /** This node's role as last told by the cluster (any thread). */
    public Cluster.Role role()
    {
        return role;
    }

    /** Sessions closed because they could not take their egress (the service's thread). */
    long egressSessionsClosed()
    {
        return egressSessionsClosed;
    }

    /** The engine's outcomes: journaled, answered to the sender, pushed to the parties' sessions. */
    private final class Sink implements EventSink
    {
        private ClientSession origin;
        private long originClientSessionId;
        /** The command's (an outcome may carry another's: a cycle's DEAL_SETTLED carries the deal's submission's). */
        private long correlationId;
        private long submissionId;
        private boolean query;

        void begin(
            final ClientSession session, final long clientSessionId, final long commandCorrelationId, final long commandSubmissionId,
            final boolean isQuery, final long sequence)
        {
            submissionId = commandSubmissionId;
            origin = session;
            originClientSessionId = clientSessionId;
            correlationId = commandCorrelationId;
            query = isQuery;
            if (!isQuery)
            {
                journals.beginCommand(sequence);
            }
        }

        @Override
        public void onEvent(final Event event, final DirectBuffer buffer, final int offset, final int length)
        {
            if (!query)
            {
                journals.event(buffer, offset, length);
            }
            egress.putInt(ClusterProtocol.KIND_OFFSET, ClusterProtocol.REPLY, ClusterProtocol.ORDER);
            egress.putInt(4, 0, ClusterProtocol.ORDER);
            egress.putLong(ClusterProtocol.CLIENT_SESSION_OFFSET, originClientSessionId, ClusterProtocol.ORDER);
            egress.putLong(ClusterProtocol.CORRELATION_ID_OFFSET, correlationId, ClusterProtocol.ORDER);
            egress.putLong(ClusterProtocol.SUBMISSION_OFFSET, submissionId, ClusterProtocol.ORDER);
            egress.putBytes(ClusterProtocol.REPLY_HEADER_LENGTH, buffer, offset, length);
            send(origin, ClusterProtocol.REPLY_HEADER_LENGTH + length);
            if (event.type == EventType.BUSINESS_DATE_ADVANCED)
            {
                // every client tells its connections the date at logon: each hears of a new one at once
                push(0, 0, buffer, offset, length);
            }
            else if (event.type.isPushedToParties())
            {
                // an allegement goes to the counterparty only: the side the instruction's owner is not
                final boolean toBuyer = !(event.type.pushesToCounterpartyOnly() && event.side == BUY_SIDE);
                final boolean toSeller = !(event.type.pushesToCounterpartyOnly() && event.side != BUY_SIDE);
                push(toBuyer ? event.buyerId : 0, toSeller ? event.sellerId : 0, buffer, offset, length);
            }
        }

        /** To every session that wants {@code buyerId} or {@code sellerId}; naming neither (a new date): to every session. */
        private void push(
            final long buyerId, final long sellerId, final DirectBuffer buffer, final int offset, final int length)
        {
            egress.putInt(ClusterProtocol.KIND_OFFSET, ClusterProtocol.PUSH, ClusterProtocol.ORDER);
            egress.putInt(4, 0, ClusterProtocol.ORDER);
            egress.putLong(ClusterProtocol.ORIGIN_CLUSTER_SESSION_OFFSET, origin != null ? origin.id() : 0, ClusterProtocol.ORDER);
            egress.putLong(ClusterProtocol.ORIGIN_CLIENT_SESSION_OFFSET, originClientSessionId, ClusterProtocol.ORDER);
            egress.putLong(ClusterProtocol.BUYER_OFFSET, buyerId, ClusterProtocol.ORDER);
            egress.putLong(ClusterProtocol.SELLER_OFFSET, sellerId, ClusterProtocol.ORDER);
            egress.putBytes(ClusterProtocol.PUSH_HEADER_LENGTH, buffer, offset, length);
            final boolean everySession = buyerId == 0 && sellerId == 0;
            for (final ClientSession session : cluster.clientSessions())
            {
                if (everySession || wants.wants(session.id(), buyerId, sellerId))
                {
                    send(session, ClusterProtocol.PUSH_HEADER_LENGTH + length);
                }
            }
        }
    }
}
