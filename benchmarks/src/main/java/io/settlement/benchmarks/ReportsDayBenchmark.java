package io.settlement.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.settlement.journal.SettlementNode;
import io.settlement.reports.Projector;
import io.settlement.reports.ReadModelDatabase;
import io.settlement.reports.ReadModelReader;
import io.settlement.reports.ReferenceData.Party;
import io.settlement.reports.ReportFormat;
import io.settlement.reports.ReportWriter;

/**
 * The time to produce a business day's reports as the day grows: for each size, a node takes that
 * many DvP deals in one business day (ProjectorBenchmark's load: 64 members, two securities, a
 * settlement cycle every 10,000 deals, the date rolled at the end), the projector brings the
 * embedded read model ({@code DATA/reports}) to the end of the journals, then the closed day's
 * whole set is written as {@code settlement report day} writes it ({@link ReportWriter#writeDay}),
 * then once more report kind by report kind through the single-report methods (what
 * {@code settlement report statement|operations|...} calls), and a sample of settlement
 * confirmations. Every file is written to a directory beside the data and its size counted.
 *
 * <p>Usage: {@code ReportsDayBenchmark DIR [deals...] (2000000 10000000)}; DIR keeps each size's
 * journals and read model ({@code DIR/N/node}); a size whose read model is already there is not
 * loaded nor projected again (only its reports are timed). {@code -Dreports.split=false} times only
 * the whole set.
 */
public final class ReportsDayBenchmark
{
    private static final int CONFIRMATION_SAMPLE = 1_000;

    private ReportsDayBenchmark()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path base = Path.of(args[0]);
        final List<Integer> sizes = new ArrayList<>();
        for (int i = 1; i < args.length; i++)
        {
            sizes.add(Integer.parseInt(args[i]));
        }
        if (sizes.isEmpty())
        {
            sizes.addAll(List.of(2_000_000, 10_000_000));
        }
        for (final int deals : sizes)
        {
            run(deals, base.resolve(Integer.toString(deals)));
        }
    }

    private static void run(final int deals, final Path dir) throws Exception
    {
        final Path data = dir.resolve("node");
        if (!Files.isRegularFile(data.resolve("reports").resolve("read-model.mv.db")))
        {
            final long loadStartNs = System.nanoTime();
            final long lastSequence;
            try (SettlementNode node = SettlementNode.start(new SettlementNode.Config(data).log(line -> { })))
            {
                lastSequence = ProjectorBenchmark.load(node.client(0), deals, new AtomicLong());
            }
            System.out.printf(Locale.ROOT, "%,d deals: node load %,d commands in %.1f s%n", deals, lastSequence,
                (System.nanoTime() - loadStartNs) / 1e9);
            final long projectStartNs = System.nanoTime();
            final long rows;
            try (Projector projector = Projector.open(ReadModelDatabase.embedded(data), data, Projector.DEFAULT_BATCH_ROWS))
            {
                projector.projectToEnd();
                rows = projector.rowsWritten();
            }
            final double seconds = (System.nanoTime() - projectStartNs) / 1e9;
            System.out.printf(Locale.ROOT, "%,d deals: read model %,d rows in %.1f s (%,.0f rows/s), %s: %,d MB%n", deals, rows, seconds,
                rows / seconds, data.resolve("reports"), size(data.resolve("reports")) >> 20);
        }
        final int businessDate = Market.FIRST_DATE;
        try (ReadModelReader reader = ReadModelReader.openEmbedded(data))
        {
            System.out.printf(Locale.ROOT, "%,d deals: business day %d holds %s%n", deals, businessDate, counts(data, businessDate));
            final ReportWriter writer = new ReportWriter(reader);

            if (Boolean.parseBoolean(System.getProperty("reports.split", "true")))
            {
                split(deals, dir, reader, writer, businessDate);
            }
            // the whole set, as `settlement report day` writes it
            final Path day = fresh(dir.resolve("day"));
            final long startNs = System.nanoTime();
            final List<Path> written = writer.writeDay(businessDate, day);
            final double daySeconds = (System.nanoTime() - startNs) / 1e9;
            System.out.printf(Locale.ROOT, "%,d deals: report day: %d files, %,d MB in %.1f s: %.2f us per deal%n", deals, written.size(),
                size(day) >> 20, daySeconds, daySeconds * 1e6 / deals);
        }
    }

    /** Each kind of report on its own, through the single-report methods, with a sample of confirmations. */
    private static void split(final int deals, final Path dir, final ReadModelReader reader, final ReportWriter writer,
        final int businessDate) throws Exception
    {
        final Path split = fresh(dir.resolve("split"));
        long startNs;
        final List<Party> parties = new ArrayList<>(reader.reference().parties());
        for (final ReportFormat format : ReportFormat.values())
        {
            startNs = System.nanoTime();
            long bytes = 0;
            int files = 0;
            for (final Party party : parties)
            {
                if ("MEMBER".equals(party.role()))
                {
                    bytes += Files.size(writer.statement(Long.toString(party.id()), businessDate, format, split));
                    files++;
                }
            }
            kind(deals, "statements " + format.extension(), new double[] {(System.nanoTime() - startNs) / 1e9, files, bytes});
        }
        startNs = System.nanoTime();
        long bytes = 0;
        int files = 0;
        for (final Party party : parties)
        {
            if ("MEMBER".equals(party.role()))
            {
                bytes += Files.size(writer.bankStatement(Long.toString(party.id()), businessDate, split));
                files++;
            }
        }
        kind(deals, "1C bank statements", new double[] {(System.nanoTime() - startNs) / 1e9, files, bytes});
        for (final ReportFormat format : ReportFormat.values())
        {
            startNs = System.nanoTime();
            bytes = Files.size(writer.operations(businessDate, format, split));
            kind(deals, "operations " + format.extension(), new double[] {(System.nanoTime() - startNs) / 1e9, 1, bytes});
        }
        startNs = System.nanoTime();
        bytes = Files.size(writer.postings(businessDate, StandardCharsets.UTF_8, split));
        kind(deals, "postings", new double[] {(System.nanoTime() - startNs) / 1e9, 1, bytes});
        startNs = System.nanoTime();
        bytes = Files.size(writer.register(split));
        kind(deals, "deal register", new double[] {(System.nanoTime() - startNs) / 1e9, 1, bytes});
        for (final ReportFormat format : ReportFormat.values())
        {
            final Path confirmations = fresh(dir.resolve("confirmations-" + format.extension()));
            startNs = System.nanoTime();
            bytes = 0;
            for (int i = 0; i < CONFIRMATION_SAMPLE; i++)
            {
                final long dealId = 1 + (long)i * (deals / CONFIRMATION_SAMPLE);
                bytes += Files.size(writer.confirmation(dealId, format, confirmations));
            }
            kind(deals, "confirmations " + format.extension() + " (sample)", new double[] {(System.nanoTime() - startNs) / 1e9,
                CONFIRMATION_SAMPLE, bytes});
        }
    }

    private static void kind(final int deals, final String kind, final double[] v)
    {
        System.out.printf(Locale.ROOT, "%,d deals: %-30s %8.2f s  %5.0f files  %,10.1f MB  %8.3f us per deal%s%n", deals, kind,
            v[0], v[1], v[2] / 1048576.0, v[0] * 1e6 / deals, kind.startsWith("confirmations")
            ? String.format(Locale.ROOT, "  (%.2f ms per confirmation)", v[0] * 1e3 / v[1]) : "");
        System.out.flush();
    }

    /** The day's rows the reports read, counted by SQL on the read model. */
    private static String counts(final Path data, final int businessDate) throws SQLException
    {
        final String[][] queries = {
            {"deals registered", "SELECT COUNT(*) FROM deal WHERE registered_business_date = " + businessDate},
            {"deals settled", "SELECT COUNT(*) FROM deal WHERE finished_business_date = " + businessDate + " AND status = 'SETTLED'"},
            {"movements", "SELECT COUNT(*) FROM movement WHERE business_date = " + businessDate},
            {"postings", "SELECT COUNT(*) FROM posting WHERE business_date = " + businessDate},
            {"deal events", "SELECT COUNT(*) FROM deal_event WHERE business_date = " + businessDate},
        };
        final StringBuilder out = new StringBuilder();
        try (Connection c = ReadModelDatabase.embedded(data).connect(); Statement s = c.createStatement())
        {
            for (final String[] query : queries)
            {
                try (ResultSet r = s.executeQuery(query[1]))
                {
                    r.next();
                    out.append(out.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%,d %s", r.getLong(1), query[0]));
                }
            }
        }
        return out.toString();
    }

    private static Path fresh(final Path directory) throws IOException
    {
        if (Files.exists(directory))
        {
            try (Stream<Path> paths = Files.walk(directory))
            {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return Files.createDirectories(directory);
    }

    private static long size(final Path directory) throws IOException
    {
        try (Stream<Path> paths = Files.walk(directory))
        {
            return paths.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
