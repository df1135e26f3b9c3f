package io.settlement.fix;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.settlement.engine.pipeline.CommandIntake;
import io.settlement.engine.pipeline.SessionRouter;
import io.settlement.gateway.ApiChannel;
import io.settlement.gateway.Authenticator;
import quickfix.ConfigError;
import quickfix.DefaultMessageFactory;
import quickfix.SLF4JLogFactory;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.ThreadedSocketAcceptor;

/**
 * The FIX channel (docs/fix.md): a FIX 4.4 acceptor on QuickFIX/J in front of the node, one more channel
 * of the kind of the binary gateway and the HTTP API. In front of a replicated cluster (docs/cluster.md) the same:
 * its reports go to the cluster's client ({@link CommandIntake}) instead of the node's ring, and its notices follow
 * the event journal of one of the nodes.
 *
 * <pre>
 *   FIX client --TCP/TLS--> ThreadedSocketAcceptor (a thread per session, FileStore per session)
 *                             -> FixApplication: Logon -> Authenticator (shared with every channel)
 *                                                TradeCaptureReport -> SubmitDeal on the ring (ApiChannel), as the session's participant
 *                             <- TradeCaptureReportAck (answer threads, each session's in report order)
 *   event journal -> SettlementNotices (own thread) -> TradeCaptureReport notices into the parties' sessions
 * </pre>
 * The channel has one session on the ring (an {@link ApiChannel}, as the HTTP API has): each report goes
 * with its FIX session's participant as the submitter, and the engine authorises it as on any other
 * channel. That ring session is never a party, so the engine pushes it nothing: the parties' notices are
 * made from the event journal.
 */
public final class FixAcceptor implements AutoCloseable
{
    /**
     * The threads sending acknowledgements: each session's in order (OrderedAnswers), sessions side by side, so one
     * session's burst of answers, each stored (and forced with sync-store) before it is written, does not hold back another's.
     */
    private static final int ANSWER_THREADS = 4;

    private final ThreadedSocketAcceptor acceptor;
    private final ApiChannel channel;
    private final TradeReportIds ids;
    private final ExecutorService submitter;
    private final ExecutorService answers;
    private final SettlementNotices notices;
    private final SlowConsumers sender = new SlowConsumers();

    private FixAcceptor(final FixConfig config, final CommandIntake intake, final SessionRouter router,
        final Authenticator authenticator, final Path eventJournal, final Consumer<String> log) throws IOException, ConfigError
    {
        Files.createDirectories(config.directory());
        final SessionSettings settings = config.settings();
        final Map<SessionID, Long> participants = config.participants();
        final Map<Long, List<SessionID>> sessionsByParticipant = new HashMap<>();
        for (final Map.Entry<SessionID, Long> entry : participants.entrySet())
        {
            sessionsByParticipant.computeIfAbsent(entry.getValue(), id -> new ArrayList<>()).add(entry.getKey());
        }
        channel = new ApiChannel(intake, router);
        ids = new TradeReportIds(config.directory().resolve("trade-report-ids"));
        final Instruments instruments = new Instruments(channel, config.answerTimeoutMs());
        submitter = singleThread("settlement-fix-submit");
        answers = threads("settlement-fix-answers", ANSWER_THREADS);
        final FixApplication application = new FixApplication(channel, participants, authenticator, ids, instruments,
            submitter, answers, config.answerTimeoutMs(), sender);
        acceptor = new ThreadedSocketAcceptor(application, new ResettingStore.Factory(settings, config.directory().resolve("sessions")),
            settings, sender.logs(new SLF4JLogFactory(settings)), new DefaultMessageFactory());
        notices = new SettlementNotices(eventJournal, config.directory().resolve("notices.position"), Map.copyOf(sessionsByParticipant),
            instruments, ids, sender, log);
    }

    private static ExecutorService singleThread(final String name)
    {
        return threads(name, 1);
    }

    private static ExecutorService threads(final String name, final int count)
    {
        final java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();
        return Executors.newFixedThreadPool(count, task ->
        {
            final Thread thread = new Thread(task, count == 1 ? name : name + "-" + made.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts the channel: the acceptor listening, the notices following the event journal.
     *
     * @param intake       where the reports go: the node's pipeline, or a client of a cluster
     * @param eventJournal the node's event journal directory ({@code DataDirectory.events()}; in front of a cluster, a
     *                     node's)
     * @param log          where the channel says it stopped following the journal, should it fail
     */
    public static FixAcceptor start(final FixConfig config, final CommandIntake intake, final SessionRouter router,
        final Authenticator authenticator, final Path eventJournal, final Consumer<String> log) throws IOException
    {
        final FixAcceptor channel;
        try
        {
            channel = new FixAcceptor(config, intake, router, authenticator, eventJournal, log);
        }
        catch (final ConfigError ex)
        {
            throw new IllegalArgumentException("the FIX channel's settings are refused by QuickFIX/J: " + ex.getMessage(), ex);
        }
        // the notices first: on the very first start they begin at the journal's end as it is now, before any report comes in
        channel.notices.start();
        try
        {
            channel.acceptor.start();
        }
        catch (final ConfigError | RuntimeException ex)
        {
            try
            {
                channel.close();
            }
            catch (final IOException | RuntimeException suppressed)
            {
                ex.addSuppressed(suppressed);
            }
            if (ex instanceof ConfigError)
            {
                throw new IllegalArgumentException("the FIX channel's settings are refused by QuickFIX/J: " + ex.getMessage(), ex);
            }
            throw (RuntimeException)ex;
        }
        return channel;
    }

    /** The port the acceptor listens on. */
    public int port()
    {
        return acceptor.getEndpoints().stream().map(endpoint -> ((InetSocketAddress)endpoint.getLocalAddress()).getPort())
            .findFirst().orElse(-1);
    }

    /** How many sessions are logged on now. */
    public long sessionsLoggedOn()
    {
        return acceptor.getManagedSessions().stream().filter(quickfix.Session::isLoggedOn).count();
    }

    /** Sessions disconnected as slow consumers (max-queued-messages waiting to be written) since start. */
    public long slowConsumerCuts()
    {
        return sender.cuts();
    }

    /** What sends the channel's messages into their sessions. */
    SlowConsumers sender()
    {
        return sender;
    }

    /** Settlement notices sent (one per party session) since start. */
    public long noticesSent()
    {
        return notices.noticesSent();
    }

    /** Stops the notices, logs the sessions out, closes the files; the FileStore stays for the next start. */
    @Override
    public void close() throws IOException
    {
        notices.close();
        acceptor.stop(true);
        submitter.shutdown();
        answers.shutdown();
        try
        {
            submitter.awaitTermination(10, TimeUnit.SECONDS);
            answers.awaitTermination(10, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        channel.close();
        ids.close();
    }
}
