package io.settlement.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.settlement.engine.api.Command;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.journal.SettlementNode;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import io.settlement.reports.Projector;
import io.settlement.reports.ReadModelDatabase;

/**
 * What the reports projector costs and how far it falls behind, on H2 (embedded) and PostgreSQL 15
 * (a throwaway cluster, fsync and synchronous commit on):
 *
 * <pre>
 *   load --&gt; node (ring, command journal, engine, event journal) --&gt; journals --&gt; Projector (following) --&gt; database
 * </pre>
 *
 * <ol>
 *   <li><b>pipeline alone</b>: the load below without a projector, after a warm-up run of it;</li>
 *   <li><b>live</b>: a node at full load (DvP deals pipelined in windows of 4,096 from one in-process
 *   client, a settlement cycle every 10,000 deals) with the projector following its journals on
 *   its own thread; lag sampled every 10 ms as commands answered by the node less commands the
 *   projector has committed; then the time it needs to catch up once the load stops;</li>
 *   <li><b>catch-up</b>: the same journals projected from the start into a new database, nothing else running;</li>
 *   <li><b>plain insert</b>: the very rows the projector wrote, read back and inserted into a new
 *   database by plain JDBC batches of the same size, one commit per batch: the floor for the
 *   same rows on the same database, without reading journals or deriving anything.</li>
 * </ol>
 *
 * <p>Usage: {@code ProjectorBenchmark [deals (200000)] [h2|postgresql|both (both)]}.
 */
public final class ProjectorBenchmark
{
    private static final int BATCH_ROWS = Projector.DEFAULT_BATCH_ROWS;
    private static final String[] TABLES = {"participant", "instrument", "account", "deal", "deal_event", "movement", "posting",
        "eod_position", "balance", "limit_history", "business_day", "settlement_cycle", "cycle_value"};

    private ProjectorBenchmark()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int deals = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        final String which = args.length > 1 ? args[1] : "both";
        final Path dir = Files.createTempDirectory("projector-benchmark");
        try
        {
            final Path data = dir.resolve("node");
            if (!"postgresql".equals(which))
            {
                run("h2", deals, data, () -> ReadModelDatabase.embedded(dir.resolve("h2-" + System.nanoTime())));
            }
            if (!"h2".equals(which))
            {
                try (PostgresCluster cluster = PostgresCluster.start("postgres"))
                {
                    final AtomicLong next = new AtomicLong();
                    run("postgresql", deals, dir.resolve("node-pg"), () ->
                    {
                        final String name = "rm" + next.incrementAndGet();
                        try (Connection c = cluster.connect(); Statement s = c.createStatement())
                        {
                            s.execute("CREATE DATABASE " + name);
                        }
                        return new ReadModelDatabase(cluster.jdbcUrl().replace("/postgres?", "/" + name + "?"), null, null);
                    });
                }
            }
        }
        finally
        {
            try (Stream<Path> paths = Files.walk(dir))
            {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private interface Databases
    {
        ReadModelDatabase create() throws Exception;
    }

    private static void run(final String label, final int deals, final Path data, final Databases databases) throws Exception
    {
        // 0. the same load without a projector (after a warm-up run), for the pipeline's own rate on this machine now
        try (SettlementNode node = SettlementNode.start(new SettlementNode.Config(data.resolveSibling(data.getFileName() + "-warm-up"))
            .log(line -> { })))
        {
            load(node.client(0), deals, new AtomicLong());
        }
        final Path alone = data.resolveSibling(data.getFileName() + "-alone");
        final long aloneStartNs = System.nanoTime();
        final long aloneSequence;
        try (SettlementNode node = SettlementNode.start(new SettlementNode.Config(alone).log(line -> { })))
        {
            aloneSequence = load(node.client(0), deals, new AtomicLong());
        }
        final double pipelineAlonePerS = aloneSequence / ((System.nanoTime() - aloneStartNs) / 1e9);

        // 1. live: the projector follows a node at full load
        final ReadModelDatabase live = databases.create();
        final AtomicLong answered = new AtomicLong();
        final long pipelineNs;
        final long catchUpNs;
        final long maxLag;
        final long rows;
        final long lastSequence;
        final List<Long> lags = new ArrayList<>();
        try (SettlementNode node = SettlementNode.start(new SettlementNode.Config(data).log(line -> { }));
             Projector projector = Projector.open(live, data, BATCH_ROWS))
        {
            projector.start(line -> System.out.println(label + ": " + line));
            final Thread sampler = new Thread(() ->
            {
                while (!Thread.currentThread().isInterrupted())
                {
                    lags.add(Math.max(0, answered.get() - projector.appliedSequence()));
                    try
                    {
                        Thread.sleep(10);
                    }
                    catch (final InterruptedException ex)
                    {
                        return;
                    }
                }
            }, "lag-sampler");
            sampler.setDaemon(true);
            final long startNs = System.nanoTime();
            sampler.start();
            lastSequence = load(node.client(0), deals, answered);
            pipelineNs = System.nanoTime() - startNs;
            while (projector.appliedSequence() < lastSequence)
            {
                if (projector.failure() != null)
                {
                    throw new IllegalStateException("the projector stopped", projector.failure());
                }
                Thread.sleep(1);
            }
            catchUpNs = System.nanoTime() - startNs - pipelineNs;
            sampler.interrupt();
            sampler.join();
            rows = projector.rowsWritten();
            maxLag = lags.stream().mapToLong(Long::longValue).max().orElse(0);
        }
        final long[] sorted = lags.stream().mapToLong(Long::longValue).sorted().toArray();
        final long medianLag = sorted.length == 0 ? 0 : sorted[sorted.length / 2];
        final double pipelinePerS = lastSequence / (pipelineNs / 1e9);

        // 2. catch-up: the same journals from the start, alone
        final ReadModelDatabase fresh = databases.create();
        final long catchUpStartNs = System.nanoTime();
        final long catchUpRows;
        try (Projector projector = Projector.open(fresh, data, BATCH_ROWS))
        {
            projector.projectToEnd();
            catchUpRows = projector.rowsWritten();
        }
        final long aloneNs = System.nanoTime() - catchUpStartNs;

        // 3. plain batched insert of the same rows
        final ReadModelDatabase plain = databases.create();
        plain.migrate();
        final long[] plainResult = plainInsert(live, plain);

        final double liveRowsPerS = rows / ((pipelineNs + catchUpNs) / 1e9);
        final double aloneRowsPerS = catchUpRows / (aloneNs / 1e9);
        final double plainRowsPerS = plainResult[0] / (plainResult[1] / 1e9);
        System.out.printf(Locale.ROOT, "%s: %,d deals, %,d commands; pipeline %,.0f commands/s (%.2f s) with the projector following,"
            + " %,.0f commands/s without (%.2f)%n", label, deals, lastSequence, pipelinePerS, pipelineNs / 1e9, pipelineAlonePerS,
            pipelinePerS / pipelineAlonePerS);
        System.out.printf(Locale.ROOT, "%s: live: %,d rows, %,.0f rows/s while following; lag behind the pipeline: median %,d,"
            + " max %,d commands (%.2f s of pipeline at its rate); caught up %.2f s after the load stopped%n", label, rows, liveRowsPerS,
            medianLag, maxLag, maxLag / pipelinePerS, catchUpNs / 1e9);
        System.out.printf(Locale.ROOT, "%s: catch-up alone: %,d rows in %.2f s: %,.0f rows/s (%,.0f commands/s)%n", label, catchUpRows,
            aloneNs / 1e9, aloneRowsPerS, lastSequence / (aloneNs / 1e9));
        System.out.printf(Locale.ROOT, "%s: plain batched JDBC insert of the same rows: %,d rows in %.2f s: %,.0f rows/s%n", label,
            plainResult[0], plainResult[1] / 1e9, plainRowsPerS);
        System.out.printf(Locale.ROOT, "%s: ratio projector (alone) / plain insert: %.2f; projector commands/s / pipeline: %.2f%n", label,
            aloneRowsPerS / plainRowsPerS, (lastSequence / (aloneNs / 1e9)) / pipelinePerS);
    }

    /** Set-up, then {@code deals} DvP deals with a cycle every 10,000, in windows of 4,096; returns the last sequence. */
    static long load(final PipelineClient system, final int deals, final AtomicLong answered) throws Exception
    {
        final Command c = new Command();
        final List<CompletableFuture<PipelineClient.Outcome>> window = new ArrayList<>();
        window.add(system.send(c.setRetention(0, 0, 3650)));
        window.add(system.send(c.createInstrument(0, 0, 10, InstrumentKind.SECURITY, "ACME")));
        window.add(system.send(c.createInstrument(0, 0, 11, InstrumentKind.SECURITY, "BOND")));
        window.add(system.send(c.createInstrument(0, 0, 840, InstrumentKind.CURRENCY, "USD")));
        for (long m = 1; m <= 64; m++)
        {
            window.add(system.send(c.createParticipant(0, 0, m, Role.MEMBER)));
            window.add(system.send(c.deposit(0, 0, m, 840, 1L << 40)));
            window.add(system.send(c.deposit(0, 0, m, 10, 1L << 30)));
            window.add(system.send(c.deposit(0, 0, m, 11, 1L << 30)));
        }
        window.add(system.send(c.advanceBusinessDate(0, 0, Market.FIRST_DATE)));
        long last = await(window, answered);
        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 1; i <= deals; i++)
        {
            final long buyer = 1 + random.nextInt(64);
            final long seller = 1 + (buyer + random.nextInt(63)) % 64;
            window.add(system.send(c.submitDeal(0, 0, i, buyer, seller, random.nextBoolean() ? 10 : 11, 840, 1 + random.nextInt(1_000),
                1 + random.nextInt(1_000_000), Market.FIRST_DATE, DealType.DVP)));
            if (i % 10_000 == 0)
            {
                window.add(system.send(c.runSettlementCycle(0, 0)));
            }
            if (window.size() >= 4_096)
            {
                last = await(window, answered);
            }
        }
        window.add(system.send(c.runSettlementCycle(0, 0)));
        window.add(system.send(c.advanceBusinessDate(0, 0, Market.FIRST_DATE + 1)));
        return await(window, answered);
    }

    private static long await(final List<CompletableFuture<PipelineClient.Outcome>> window, final AtomicLong answered) throws Exception
    {
        long last = 0;
        for (final CompletableFuture<PipelineClient.Outcome> future : window)
        {
            final PipelineClient.Outcome outcome = future.get(60, TimeUnit.SECONDS);
            if (outcome.published() != Reason.OK)
            {
                throw new IllegalStateException("the ring refused a command: " + outcome);
            }
            last = Math.max(last, outcome.first().sequence);
            answered.set(last);
        }
        window.clear();
        return last;
    }

    /** Reads every row of {@code from} and inserts it into {@code to} in JDBC batches, one commit per batch: {rows, ns}. */
    private static long[] plainInsert(final ReadModelDatabase from, final ReadModelDatabase to) throws SQLException
    {
        final List<Object[]> rows = new ArrayList<>();
        final List<String> inserts = new ArrayList<>();
        final List<Integer> tableOfRow = new ArrayList<>();
        try (Connection c = from.connect(); Statement s = c.createStatement())
        {
            for (int t = 0; t < TABLES.length; t++)
            {
                try (ResultSet r = s.executeQuery("SELECT * FROM " + TABLES[t]))
                {
                    final int columns = r.getMetaData().getColumnCount();
                    inserts.add("INSERT INTO " + TABLES[t] + " VALUES (" + "?, ".repeat(columns - 1) + "?)");
                    while (r.next())
                    {
                        final Object[] row = new Object[columns];
                        for (int i = 0; i < columns; i++)
                        {
                            row[i] = r.getObject(i + 1);
                        }
                        rows.add(row);
                        tableOfRow.add(t);
                    }
                }
            }
        }
        final long startNs = System.nanoTime();
        try (Connection c = to.connect())
        {
            c.setAutoCommit(false);
            final PreparedStatement[] statements = new PreparedStatement[TABLES.length];
            for (int t = 0; t < TABLES.length; t++)
            {
                statements[t] = c.prepareStatement(inserts.get(t));
            }
            int inBatch = 0;
            for (int i = 0; i < rows.size(); i++)
            {
                final PreparedStatement s = statements[tableOfRow.get(i)];
                final Object[] row = rows.get(i);
                for (int col = 0; col < row.length; col++)
                {
                    s.setObject(col + 1, row[col]);
                }
                s.addBatch();
                if (++inBatch == BATCH_ROWS || i == rows.size() - 1)
                {
                    for (final PreparedStatement statement : statements)
                    {
                        statement.executeBatch();
                    }
                    c.commit();
                    inBatch = 0;
                }
            }
            for (final PreparedStatement statement : statements)
            {
                statement.close();
            }
        }
        return new long[] {rows.size(), System.nanoTime() - startNs};
    }
}
