package io.settlement.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.settlement.engine.BusinessCalendar;
import io.settlement.engine.EngineConfig;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.gateway.Credentials;
import io.settlement.gateway.GatewayConfig;
import io.settlement.gateway.GatewayServer;
import io.settlement.journal.Schedule;
import io.settlement.journal.Scheduler;
import io.settlement.journal.SettlementNode;
import io.settlement.protocol.wire.Role;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SystemEpochClock;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code settlement demo}: an embedded server (journal, pipeline, engine, gateway) with the demo
 * market, K front-office clients trading over loopback TCP, the node's scheduler running settlement
 * cycles and rolling the business date (the operations desk keeping the roll in step with the clients), a live progress line, a short
 * paced phase for an honest latency figure, and a summary, also on Ctrl-C or SIGTERM. A temporary
 * journal is deleted at the end unless {@code --keep}.
 */
@CommandLine.Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Runs an embedded server and K simulated front-office clients over loopback TCP.",
        "Ctrl-C or SIGTERM stops the clients and prints the summary of what was done (exit 130 or 143)."})
final class DemoCommand implements Callable<Integer>
{
    static final long MAX_DEALS = 20_000_000;
    /** Each client keeps {@link DemoTrader#WINDOW} deals in flight: 12 fill three quarters of the 16,384-slot ring. */
    static final int MAX_CLIENTS = 12;
    /** Journal bytes per deal, rounded up from the demo's own figure (677 MB for 2M deals), plus room for snapshots. */
    static final long JOURNAL_BYTES_PER_DEAL = 400;
    static final int PACED_PER_SECOND = 2_000;
    /**
     * A snapshot is written on the engine thread and stalls it for a few hundred ms: at 2^19 commands
     * it does not fall, for a round --deals (2,000,000), into the paced second that follows the
     * saturated phase, where it would be most of the paced p99.
     */
    static final long SNAPSHOT_INTERVAL_COMMANDS = 1 << 19;
    static final long PACED_DEALS = 2_000;

    @Option(names = "--deals", defaultValue = "2000000",
        description = "Deals to submit in all, 1 to 20,000,000 (default ${DEFAULT-VALUE}).")
    long deals;

    @Option(names = "--clients", defaultValue = "4",
        description = "Front-office clients, each its own TCP session, 1 to 12 (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--data", description = "Journal directory, kept (default: a new temporary directory, deleted at the end).")
    Path data;

    @Option(names = "--keep", description = "Keep the temporary journal (to replay it).")
    boolean keep;

    @Option(names = "--continue", description = "Trade on in a --data directory that already holds a demo journal (no set-up).")
    boolean resume;

    @Option(names = "--reports", description = "Write the closed day's reports there (default: a new directory "
        + "settlement-demo-reports-* in the temporary directory; kept in either case).")
    Path reports;

    @Option(names = "--no-reports", description = "Stop after the trading: no end of day, no read model, no reports.")
    boolean noReports;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The node's scheduler runs the desk's cycles and date rolls at these intervals. */
    static final long CYCLE_INTERVAL_MS = 200;
    static final long ROLL_INTERVAL_MS = 1_000;

    private final DemoTally tally = new DemoTally();
    private final AtomicReference<Throwable> deskFailure = new AtomicReference<>();
    private volatile boolean trading = true;
    /** The business date the demo closed at its end (0: none, interrupted or --no-reports): its reports are written. */
    private int closedDay;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception
    {
        if (deals < 1 || deals > MAX_DEALS)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), String.format("--deals must be 1 to %,d", MAX_DEALS));
        }
        if (clients < 1 || clients > MAX_CLIENTS)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--clients must be 1 to " + MAX_CLIENTS
                + " (each keeps " + DemoTrader.WINDOW + " deals in flight)");
        }
        if (resume && data == null)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--continue needs --data DIR (a directory holding a demo journal)");
        }
        final PrintWriter out = spec.commandLine().getOut();
        final boolean temporary = data == null;
        if (!temporary)
        {
            final boolean hasJournal = ServerSetUp.hasJournal(data);
            if (hasJournal && !resume)
            {
                throw new IllegalArgumentException(data + " already holds a journal: give --continue to trade on in it without the "
                    + "set-up, or an empty directory");
            }
            if (!hasJournal && resume)
            {
                throw new IllegalArgumentException("nothing to continue: " + data + " holds no journal");
            }
        }
        final Path dir = temporary ? Files.createTempDirectory("settlement-demo-") : Files.createDirectories(data);
        checkSpace(dir, temporary);
        out.printf("settlement demo: %,d deals from %d front-office clients over loopback TCP; %s %s%s%n", deals, clients,
            resume ? "continuing the journal in" : "journal in", dir.toAbsolutePath(),
            temporary && !keep ? " (temporary: deleted at the end; --keep keeps it)" : "");
        out.flush();

        // Ctrl-C / SIGTERM: the hook asks the run to stop and waits for its summary and clean-up
        final Thread hook = new Thread(() ->
        {
            stopRequested.countDown();
            try
            {
                finished.await(30, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        SettlementNode node = null;
        try
        {
            node = SettlementNode.start(new SettlementNode.Config(dir)
                .engine(new EngineConfig().initialDealCapacity((int)Math.min(deals + 1024, 4_000_000)))
                .snapshotIntervalCommands(SNAPSHOT_INTERVAL_COMMANDS).log(line -> { }));
            final SettlementEngine engine = trade(node, out);
            node = null;
            if (closedDay != 0)
            {
                final DemoReports backOffice = new DemoReports(dir, out);
                backOffice.project(engine.lastSequence());
                backOffice.writeDay(closedDay, reports != null ? reports : Files.createTempDirectory("settlement-demo-reports-"));
            }
            final String journal = finishJournal(dir, temporary, engine.lastSequence());
            out.println(journal);
            out.printf("state-hash: %016x%n", engine.stateHash());
            out.flush();
            return 0;
        }
        finally
        {
            if (node != null)
            {
                node.stop();
                out.println(finishJournal(dir, temporary, -1));
                out.flush();
            }
            finished.countDown();
            try
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (final IllegalStateException shuttingDown)
            {
                // the hook is running: it waits for this run's summary
            }
        }
    }

    /** Set-up (or the check of a continued journal), the trading, the paced phase, the summary; stops the node. */
    private SettlementEngine trade(final SettlementNode node, final PrintWriter out) throws Exception
    {
        final PipelineClient desk = node.client(Command.SYSTEM_SUBMITTER);
        if (resume)
        {
            final PipelineClient.Outcome check = desk.send(new Command().queryLimits(0, 0, DemoMarket.OPERATIONS)).get(30, TimeUnit.SECONDS);
            if (check.events().isEmpty() || check.first().reason == io.settlement.protocol.wire.Reason.UNKNOWN_PARTICIPANT)
            {
                throw new IllegalArgumentException(data + " does not hold the demo's market (no participant " + DemoMarket.OPERATIONS
                    + "): --continue continues a demo journal");
            }
        }
        else
        {
            for (final Command c : DemoMarket.setUp())
            {
                final PipelineClient.Outcome outcome = desk.send(c).get(30, TimeUnit.SECONDS);
                if (outcome.events().isEmpty() || outcome.first().reason != io.settlement.protocol.wire.Reason.OK)
                {
                    throw new IllegalStateException("demo set-up refused: " + outcome.events());
                }
            }
        }
        final int firstDay = node.router().businessDate();
        // a continued journal's keys are all below its last sequence: this run numbers above it
        final long keyOffset = node.recovery().lastSequence();
        final BusinessCalendar businessDays = new BusinessCalendar().weekendsClosed(!resume || node.recovery().weekendsClosed());
        for (final int holiday : node.recovery().holidays())
        {
            businessDays.addHoliday(holiday);
        }
        final DemoCalendar calendar = new DemoCalendar(firstDay, businessDays);
        final Credentials credentials = new Credentials();
        for (int m = 0; m < DemoMarket.members(); m++)
        {
            credentials.addSecret(DemoMarket.memberId(m), Role.MEMBER, DemoMarket.secret(DemoMarket.memberId(m)));
        }
        final GatewayServer server = GatewayServer.start(node.pipeline(), node.router(),
            new GatewayConfig().host("127.0.0.1").port(0).credentials(credentials).securityLog(line -> {}));

        final long paced = Math.min(PACED_DEALS, deals / 10);
        final long saturated = deals - paced;
        final long startNs = System.nanoTime();
        final List<DemoTrader> traders = new ArrayList<>();
        for (int k = 0; k < clients; k++)
        {
            traders.add(new DemoTrader(k, server.port(), saturated / clients + (k < saturated % clients ? 1 : 0),
                keyOf(k, keyOffset), 0, tally, calendar));
        }
        final AgentRunner operations = Scheduler.start(new Scheduler(
            schedule(), businessDays, desk,
            node.router()::businessDate, SystemEpochClock.INSTANCE, operationsDesk(desk, calendar), line -> { }),
            ex -> deskFailure.compareAndSet(null, ex));
        boolean interrupted = runToEnd(traders, out, startNs);
        final long tradingNs = System.nanoTime() - startNs;
        DemoTrader pacer = null;
        if (!interrupted && paced > 0)
        {
            // one more client, its own key space, at a modest fixed rate
            pacer = new DemoTrader(clients, server.port(), paced, keyOf(clients, keyOffset), PACED_PER_SECOND, tally, calendar);
            interrupted = runToEnd(List.of(pacer), out, startNs);
        }
        trading = false;
        operations.close();
        if (deskFailure.get() != null && !interrupted)
        {
            throw new IllegalStateException("operations desk failed", deskFailure.get());
        }
        runCycle(desk); // settle what is due and funded
        if (!interrupted && !noReports)
        {
            closedDay = closeTheDay(desk, node.router().businessDate(), businessDays);
        }
        tally.progress(out, startNs, true);
        server.close();
        final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        for (final DemoTrader trader : traders)
        {
            trader.closeClient();
            if (trader.failure != null && !interrupted)
            {
                throw new IllegalStateException("client " + trader.index + " failed: " + trader.failure.getMessage());
            }
            latency.add(trader.latency);
        }
        if (pacer != null)
        {
            pacer.closeClient();
        }
        desk.close();
        final SettlementEngine engine = node.stop();
        out.println();
        if (interrupted)
        {
            out.printf("interrupted after %.1f s: the summary of what was done until then%n", (System.nanoTime() - startNs) / 1e9);
        }
        tally.outcomes(out, engine.pendingDealCount());
        out.printf("throughput            %,.0f deals/s over TCP (%,d deals in %.1f s, %d clients, %d settlement cycles)%n",
            (tally.answered.get() - (pacer != null ? pacer.latency.getTotalCount() : 0)) * 1e9 / tradingNs,
            tally.answered.get() - (pacer != null ? pacer.latency.getTotalCount() : 0), tradingNs / 1e9, clients, tally.cycles.get());
        out.printf("latency under saturation       %s%n    (submit to answer with %,d deals in flight per client: mostly queueing, "
            + "not the time a deal takes)%n", DemoTally.latency(latency), DemoTrader.WINDOW);
        if (pacer != null && pacer.latency.getTotalCount() > 0)
        {
            out.printf("latency paced at %,d deals/s  %s%n    (%,d deals from one client, each measured from its intended send time)%n",
                PACED_PER_SECOND, DemoTally.latency(pacer.latency), pacer.latency.getTotalCount());
        }
        else
        {
            out.println("latency paced                 not measured (" + (interrupted ? "interrupted" : "fewer than 10 deals") + ")");
        }
        return engine;
    }

    /** Client k numbers its deals from (k + 1) * 2^40 (above {@code offset}): no two clients share a key. */
    private static long keyOf(final int client, final long offset)
    {
        return ((long)(client + 1) << 40) + offset + 1;
    }

    /** Waits for the traders, printing progress; on a stop request stops them. @return true when interrupted. */
    private boolean runToEnd(final List<DemoTrader> traders, final PrintWriter out, final long startNs) throws InterruptedException
    {
        traders.forEach(Thread::start);
        while (traders.stream().anyMatch(Thread::isAlive))
        {
            if (stopRequested.await(500, TimeUnit.MILLISECONDS))
            {
                traders.forEach(DemoTrader::requestStop);
                for (final DemoTrader trader : traders)
                {
                    trader.join(10_000);
                }
                return true;
            }
            tally.progress(out, startNs, false);
        }
        return false;
    }

    /**
     * The operations desk, told by the node's scheduler (a cycle every 200 ms, the next business day
     * every second): tallies each cycle; before a roll announces the next day to the clients and
     * waits until every deal dated from the old one is answered; after it tops up the short members.
     */
    private Scheduler.Listener operationsDesk(final PipelineClient desk, final DemoCalendar calendar)
    {
        final Command c = new Command();
        return new Scheduler.Listener()
        {
            @Override
            public void onCycle(final List<Event> outcomes)
            {
                tally.cycle(outcomes);
            }

            @Override
            public boolean beforeRoll(final int nextDate)
            {
                return calendar.rollWhenDrained(nextDate, () -> trading);
            }

            @Override
            public void onRoll(final int businessDate)
            {
                try
                {
                    desk.send(c.deposit(0, 0, DemoMarket.SHORT_OF_CASH, DemoMarket.USD, 5_000_000_00L)).get(30, TimeUnit.SECONDS);
                    desk.send(c.deposit(0, 0, DemoMarket.SHORT_OF_CASH, DemoMarket.EUR, 5_000_000_00L)).get(30, TimeUnit.SECONDS);
                    for (final int security : DemoMarket.SECURITIES)
                    {
                        desk.send(c.deposit(0, 0, DemoMarket.SHORT_OF_SECURITIES, security, 20_000)).get(30, TimeUnit.SECONDS);
                    }
                }
                catch (final Exception ex)
                {
                    throw new IllegalStateException("operations desk failed", ex);
                }
            }
        };
    }

    /**
     * The end of the day: the business date rolls to the next business day, so the day's closing
     * positions are final and its reports can be written.
     *
     * @return the business date closed
     */
    private static int closeTheDay(final PipelineClient desk, final int businessDate, final BusinessCalendar businessDays)
    {
        final List<Event> outcomes;
        try
        {
            outcomes = desk.send(new Command().advanceBusinessDate(0, 0, businessDays.nextBusinessDay(businessDate)))
                .get(60, TimeUnit.SECONDS).events();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("end of day failed", ex);
        }
        if (outcomes.isEmpty() || outcomes.get(outcomes.size() - 1).reason != io.settlement.protocol.wire.Reason.OK)
        {
            throw new IllegalStateException("end of day refused: " + outcomes);
        }
        return businessDate;
    }

    /**
     * The desk's schedule: a cycle every 200 ms and the next business date every second, on any day
     * of the clock (the demo's business dates are simulated: a run on a Saturday trades too).
     */
    static Schedule schedule()
    {
        return new Schedule().cycleEvery(CYCLE_INTERVAL_MS).rollEvery(ROLL_INTERVAL_MS).everyClockDay();
    }

    private void runCycle(final PipelineClient desk)
    {
        final List<Event> outcomes;
        try
        {
            outcomes = desk.send(new Command().runSettlementCycle(0, 0)).get(60, TimeUnit.SECONDS).events();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("settlement cycle failed", ex);
        }
        tally.cycle(outcomes);
    }

    /** Refuses a run whose journal would not fit on the disk (a huge --deals once filled the temporary directory). */
    private void checkSpace(final Path dir, final boolean temporary) throws IOException
    {
        final long needed = deals * JOURNAL_BYTES_PER_DEAL + 64L * 1024 * 1024;
        final long free = Files.getFileStore(dir).getUsableSpace();
        if (free < needed)
        {
            if (temporary)
            {
                deleteTree(dir);
            }
            throw new IllegalArgumentException(String.format("--deals %,d needs about %,d MB for its journal; %s has %,d MB free",
                deals, needed >> 20, dir.getParent() != null && temporary ? dir.getParent() : dir, free >> 20));
        }
    }

    /** Deletes a temporary journal unless --keep, and says which. @param commands -1 when unknown (a failed run). */
    private String finishJournal(final Path dir, final boolean temporary, final long commands) throws IOException
    {
        final String count = commands >= 0 ? String.format(" (%,d commands)", commands) : "";
        if (temporary && !keep)
        {
            deleteTree(dir);
            return "temporary journal deleted" + count + "; --keep or --data DIR keeps it";
        }
        return "journal kept in " + dir.toAbsolutePath() + count;
    }

    /** Deletes a directory and everything in it. */
    static void deleteTree(final Path root) throws IOException
    {
        if (!Files.exists(root))
        {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>()
        {
            @Override
            public FileVisitResult visitFile(final Path file, final BasicFileAttributes attributes) throws IOException
            {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(final Path directory, final IOException ex) throws IOException
            {
                if (ex != null)
                {
                    throw ex;
                }
                Files.delete(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
