package io.settlement.cluster;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import io.aeron.driver.MediaDriver;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.CommandType;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.EventType;
import io.settlement.engine.pipeline.CommandIntake;
import io.settlement.engine.pipeline.CommandPublisher;
import io.settlement.engine.pipeline.SessionRouter;
import io.settlement.protocol.wire.Reason;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * A channel's command intake when the engine runs on a replicated cluster (docs/cluster.md, "The gateway in
 * front of the cluster"): the gateway's sessions put their commands (the journal record
 * {@code CommandCodec.fromWire} makes, as for the local pipeline) on a many-to-one queue, never blocking
 * (BUSY when it is full, UNAVAILABLE while no leader is connected); one thread drains it into a
 * {@link ClusterClient}, each command with its session's id as the client session id, polls the egress
 * and drives the {@link SessionRouter} the gateway registers its sessions with:
 *
 * <ul>
 *   <li>a REPLY goes to the session that sent the command ({@link SessionRouter#onOutcome} naming no party: the
 *   cluster pushes the parties' copy itself), REPLY_COMPLETE completes it;</li>
 *   <li>the cluster is told whose pushes this gateway wants: the participants its sessions are logged on as (each
 *   time that set changes, {@link ClusterClient#wantPushesOf}, and again on each new session or leader), so it sends
 *   only those; until the leader has answered that it took them on this session (WANTS_TAKEN), the intake does not
 *   accept commands, since a push it committed before then could miss this gateway;</li>
 *   <li>a PUSH goes to the sessions here of the parties it names ({@link SessionRouter#onPush}), except that the
 *   session that sent a cancel, hold, release or match has it as a reply already;</li>
 *   <li>a command whose outcome is unknown (not safe to repeat and cut by a leader change, or unanswered past
 *   the command time-out) is answered UNAVAILABLE (a deal: DealRejected, anything else: CommandResult): its client
 *   queries to find out whether it was applied (a deal can simply be submitted again with the same clientDealId);
 *   one the cluster refused (REJECTED: not a command of its build, a malformed record) is answered with the
 *   cluster's reason, INVALID_FIELD, which says sending it again cannot help;</li>
 *   <li>after each poll that delivered something, every session written to is flushed ({@link SessionRouter#endOfBatch}).</li>
 * </ul>
 *
 * An answer is therefore only ever given for what a majority of the cluster has committed. The business date
 * the router tells sessions at logon is the cluster's: asked once connected (the answer to any command carries
 * it) and followed as the cluster pushes BUSINESS_DATE_ADVANCED to every client.
 */
public final class ClusterIntake implements CommandIntake, AutoCloseable
{
    /** The queue between the sessions and the cluster client's thread. */
    public static final int DEFAULT_QUEUE_BYTES = 4 * 1024 * 1024;
    /** Commands in the cluster client at once: past it the queue fills and sessions are answered BUSY. */
    static final int MAX_PENDING = 4096;
    private static final int COMMAND_MESSAGE = 1;
    /** A queued command: {@code sessionId int64 | publishedNs int64 | the record}. */
    private static final int SESSION_ID_OFFSET = 0;
    private static final int PUBLISHED_NS_OFFSET = Long.BYTES;
    private static final int HEADER_LENGTH = 2 * Long.BYTES;
    /** The submission id of a command answered before it reached the cluster client. */
    private static final long NOT_SUBMITTED = -1;

    private final SessionRouter router;
    private final ManyToOneRingBuffer queue;
    private final ClusterClient client;
    private final MediaDriver driver;
    private final AgentRunner runner;
    private final long commandTimeoutNs;
    private final Routing routing = new Routing();
    private final Event answer = new Event();
    private final Command decoded = new Command();
    private final UnsafeBuffer answerRecord = new UnsafeBuffer(new byte[EventCodec.MAX_LENGTH]);
    private volatile boolean accepting;
    private volatile boolean dateKnown;
    private long dateQuery;
    private boolean delivered;
    /** The router's participant changes last told the cluster (-1: nothing told yet). */
    private long wantsTold = -1;
    /** Pushes heard naming a party (tests: the cluster sends a gateway only its parties'). */
    private volatile long partyPushesHeard;
    /** Sessions the client has established with the cluster, and the leader it last heard of (tests). */
    private volatile long sessions;
    private volatile int leader = -1;
    private final Consumer<String> log;
    /** The cluster session of the last connection told to {@link #log} (0: none yet). */
    private long loggedSession;

    /**
     * Starts the intake's thread and its cluster client, which connects in the background.
     *
     * @param ingressEndpoints the members' client ports ({@link ClusterNodeConfig#ingressEndpoints})
     * @param egressHost       this machine's address as the members reach it
     * @param aeronDirectory   a media driver's directory: one this intake launches and owns when {@code launchDriver}
     * @param commandTimeoutNs how long a command may wait for its answer ({@link ClusterClient#DEFAULT_COMMAND_TIMEOUT_NS})
     * @param router           the router the gateway's sessions register with
     */
    public ClusterIntake(
        final String ingressEndpoints, final String egressHost, final String aeronDirectory, final boolean launchDriver,
        final long commandTimeoutNs, final SessionRouter router)
    {
        this(ingressEndpoints, egressHost, aeronDirectory, launchDriver, commandTimeoutNs, router, line -> { });
    }

    /**
     * As {@link #ClusterIntake(String, String, String, boolean, long, SessionRouter)}, telling {@code log} (from the
     * intake's thread) of each session it opens with the cluster and each leader change it hears of.
     */
    public ClusterIntake(
        final String ingressEndpoints, final String egressHost, final String aeronDirectory, final boolean launchDriver,
        final long commandTimeoutNs, final SessionRouter router, final Consumer<String> log)
    {
        this.log = log;
        this.router = router;
        this.commandTimeoutNs = commandTimeoutNs;
        this.queue = new ManyToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(DEFAULT_QUEUE_BYTES + RingBufferDescriptor.TRAILER_LENGTH)));
        this.driver = launchDriver ? ClusterClient.launchDriver(aeronDirectory) : null;
        this.client = new ClusterClient(ingressEndpoints, egressHost, aeronDirectory, commandTimeoutNs, routing);
        this.runner = new AgentRunner(ClusterNode.idle(), Throwable::printStackTrace, null, new Duty());
        AgentRunner.startOnThread(runner);
    }

    @Override
    public CommandPublisher publisher(final long sessionId)
    {
        return new Producer(sessionId);
    }

    /**
     * True while connected to the cluster's leader, the leader has taken this gateway's wants on this session (so it
     * gets its parties' pushes from now on) and the business date is known.
     */
    @Override
    public boolean isAccepting()
    {
        return accepting;
    }

    /** What the cluster client tells the intake (tests: answers fed as the client would, once the intake is closed). */
    ClusterClientListener routing()
    {
        return routing;
    }

    /** Pushes naming a party the cluster has sent this intake (any thread). */
    long partyPushesHeard()
    {
        return partyPushesHeard;
    }

    /** Sessions established with the cluster so far (any thread). */
    long sessions()
    {
        return sessions;
    }

    /** The member leading as the client last heard, -1 when not connected (any thread; read before {@link #isAccepting}). */
    int leader()
    {
        return leader;
    }

    @Override
    public void close()
    {
        accepting = false;
        CloseHelper.quietClose(runner); // closes the client on its thread
        CloseHelper.quietClose(driver);
    }

    /** The queue's producer for one gateway session. */
    private final class Producer implements CommandPublisher
    {
        private final long sessionId;
        private final UnsafeBuffer message = new UnsafeBuffer(new byte[HEADER_LENGTH + CommandCodec.MAX_LENGTH]);
        /** The record's part of {@link #message}. */
        private final UnsafeBuffer record = new UnsafeBuffer(message, HEADER_LENGTH, CommandCodec.MAX_LENGTH);

        Producer(final long sessionId)
        {
            this.sessionId = sessionId;
            message.putLong(SESSION_ID_OFFSET, sessionId, ClusterProtocol.ORDER);
        }

        @Override
        public long sessionId()
        {
            return sessionId;
        }

        @Override
        public synchronized Reason tryPublish(final Command command)
        {
            if (command.type == null)
            {
                throw new IllegalArgumentException("a command without a type");
            }
            if (!accepting)
            {
                return Reason.UNAVAILABLE;
            }
            final int length = CommandCodec.encode(command, message, HEADER_LENGTH);
            return enqueue(length);
        }

        @Override
        public synchronized Reason tryPublishWire(
            final int templateId, final long submitterId, final DirectBuffer buffer, final int block, final int blockLength)
        {
            CommandPublisher.wireCommandType(templateId, blockLength); // throws before anything is queued
            if (!accepting)
            {
                return Reason.UNAVAILABLE;
            }
            final int length = CommandCodec.fromWire(record, templateId, submitterId, buffer, block, blockLength);
            return enqueue(length);
        }

        /** Stamped with the time it was published: its time-out runs from now, however long it waits in the queue. */
        private Reason enqueue(final int recordLength)
        {
            message.putLong(PUBLISHED_NS_OFFSET, System.nanoTime(), ClusterProtocol.ORDER);
            return queue.write(COMMAND_MESSAGE, message, 0, HEADER_LENGTH + recordLength) ? Reason.OK : Reason.BUSY;
        }
    }

    /** The one thread that owns the cluster client. */
    private final class Duty implements Agent
    {
        private final UnsafeBuffer query = new UnsafeBuffer(new byte[CommandCodec.MAX_LENGTH]);
        private final MessageHandler submitter = (type, buffer, index, length) ->
        {
            final long sessionId = buffer.getLong(index + SESSION_ID_OFFSET, ClusterProtocol.ORDER);
            final long publishedNs = buffer.getLong(index + PUBLISHED_NS_OFFSET, ClusterProtocol.ORDER);
            if (System.nanoTime() - publishedNs >= commandTimeoutNs)
            {
                routing.unanswered(NOT_SUBMITTED, sessionId, buffer, index + HEADER_LENGTH); // waited its whole time-out in the queue
            }
            else
            {
                client.submit(sessionId, buffer, index + HEADER_LENGTH, length - HEADER_LENGTH, publishedNs);
            }
        };

        @Override
        public int doWork()
        {
            int work = 0;
            final long participantChanges = router.participantChanges();
            if (participantChanges != wantsTold)
            {
                // whose pushes this gateway wants: the participants its sessions are logged on as (before their commands)
                wantsTold = participantChanges;
                final long[] participants = router.participants();
                client.wantPushesOf(participants, participants.length);
                work++;
            }
            final int room = MAX_PENDING - client.pendingCount();
            if (room > 0)
            {
                work += queue.read(submitter, room);
            }
            work += client.poll();
            if (delivered)
            {
                delivered = false;
                router.endOfBatch();
            }
            if (client.isConnected() && !dateKnown && dateQuery == 0)
            {
                // the cluster's business date, for logons: any command's answer carries it
                final int length = CommandCodec.encode(new Command().queryDeal(Command.SYSTEM_SUBMITTER, 0, 0), query, 0);
                dateQuery = client.submit(0, query, 0, length);
            }
            // volatile stores only on a change: this loop spins
            final boolean nowAccepting = client.wantsInForce() && dateKnown;
            if (nowAccepting != accepting)
            {
                accepting = nowAccepting;
            }
            final long nowSessions = client.connections();
            if (nowSessions != sessions)
            {
                sessions = nowSessions;
            }
            final int nowLeader = client.leaderMemberId();
            if (nowLeader != leader)
            {
                leader = nowLeader;
            }
            return work;
        }

        @Override
        public void onClose()
        {
            client.close();
        }

        @Override
        public String roleName()
        {
            return "cluster-intake";
        }
    }

    /** The cluster's answers, routed to the gateway's sessions (the intake's thread). */
    private final class Routing implements ClusterClientListener
    {
        @Override
        public void onConnected(final long clusterSessionId, final int leaderMemberId)
        {
            if (clusterSessionId == loggedSession)
            {
                log.accept("the cluster's leader is now member " + leaderMemberId + " (cluster session " + clusterSessionId
                    + " kept; its wants are sent again)");
            }
            else
            {
                log.accept("connected to the cluster: session " + clusterSessionId + ", leader member " + leaderMemberId
                    + (loggedSession == 0 ? "" : " (a new session: the last one, " + loggedSession + ", was closed)"));
                loggedSession = clusterSessionId;
            }
        }

        @Override
        public void onReply(
            final long submissionId, final long clientSessionId, final long correlationId, final DirectBuffer record, final int offset,
            final int length)
        {
            router.onOutcome(clientSessionId, 0, 0, record, offset, length);
            delivered = true;
        }

        @Override
        public void onReplyComplete(final long submissionId, final long clientSessionId, final long correlationId, final long sequence)
        {
            router.onCommandComplete(clientSessionId, correlationId);
            delivered = true;
            if (client.businessDate() != 0)
            {
                router.businessDate(client.businessDate());
            }
            if (submissionId == dateQuery)
            {
                dateKnown = true;
            }
        }

        @Override
        public void onPush(
            final boolean fromThisClient, final long originClientSessionId, final long buyerId, final long sellerId,
            final DirectBuffer record, final int offset, final int length)
        {
            router.onPush(fromThisClient ? originClientSessionId : 0, buyerId, sellerId, record, offset, length);
            delivered = true;
            if (buyerId != 0 || sellerId != 0)
            {
                partyPushesHeard++;
            }
        }

        @Override
        public void onRejected(
            final long submissionId, final long clientSessionId, final long correlationId, final String reason, final DirectBuffer command,
            final int offset, final int length)
        {
            onRejected(submissionId, clientSessionId, correlationId, Reason.INVALID_FIELD, reason, command, offset, length);
        }

        /** Refused by the cluster for good (it would refuse it again): answered with the cluster's reason, never UNAVAILABLE. */
        @Override
        public void onRejected(
            final long submissionId, final long clientSessionId, final long correlationId, final Reason code, final String reason,
            final DirectBuffer command, final int offset, final int length)
        {
            System.err.println("the cluster refused a command of session " + clientSessionId + " (correlation id " + correlationId
                + "): " + code + ": " + reason);
            answerWith(submissionId, clientSessionId, command, offset, code);
        }

        @Override
        public void onOutcomeUnknown(
            final long submissionId, final long clientSessionId, final long correlationId, final DirectBuffer command, final int offset,
            final int length)
        {
            unanswered(submissionId, clientSessionId, command, offset);
        }

        /** The session hears UNAVAILABLE for the command, as it would had the intake not taken it. */
        private void unanswered(final long submissionId, final long clientSessionId, final DirectBuffer command, final int offset)
        {
            answerWith(submissionId, clientSessionId, command, offset, Reason.UNAVAILABLE);
        }

        /** The session hears {@code reason} for the command: DealRejected for a deal, CommandResult for anything else. */
        private void answerWith(
            final long submissionId, final long clientSessionId, final DirectBuffer command, final int offset, final Reason reason)
        {
            if (submissionId == dateQuery)
            {
                dateQuery = 0; // asked again
                return;
            }
            // the record as submitted: unstamped, so without its checksum yet (its frame was checked when it was submitted)
            final CommandType type = CommandCodec.typeOfRecord(command, offset);
            final long correlationId = CommandCodec.correlationId(command, offset);
            answer.clear();
            if (type == CommandType.SUBMIT_DEAL && CommandCodec.decodeChecked(command, offset, decoded))
            {
                answer.reset(EventType.DEAL_REJECTED, 0, correlationId, decoded.submitterId);
                answer.clientDealId = decoded.clientDealId;
            }
            else
            {
                answer.reset(EventType.COMMAND_RESULT, 0, correlationId, 0);
                answer.commandType = type != null ? type.code() : 0;
            }
            answer.reason = reason;
            final int answerLength = EventCodec.encode(answer, answerRecord, 0);
            router.onOutcome(clientSessionId, 0, 0, answerRecord, 0, answerLength);
            router.onCommandComplete(clientSessionId, correlationId);
            delivered = true;
        }
    }
}
