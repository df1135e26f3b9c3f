package io.settlement.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import io.settlement.reports.ReadModelReader;
import io.settlement.reports.ReferenceData.Party;
import io.settlement.reports.ReportFormat;
import io.settlement.reports.ReportWriter;

/**
 * A business day's per-participant statements (CSV, HTML, PDF) and 1C bank statements, on a read
 * model {@link ReportsDayBenchmark} built ({@code DIR/N/node}), written two ways in the same run:
 * after, from one pass over the day's movements ({@link ReportWriter#writeStatements}, what
 * {@code settlement report day} now does), then before, one participant at a time through the
 * single-report methods ({@link ReportWriter#statement}, {@link ReportWriter#bankStatement}: what
 * {@code report day} did, and what {@code settlement report statement} still does). The "after" set
 * is written first, on a cold read model, so the "before" set runs with the read model's pages the
 * first pass left in the caches. Every file of the before set is then compared with the after set's
 * file of the same name by SHA-256 (PDFs without their creation time, document id and font subset
 * tags, which the PDF library makes from the clock and at random).
 *
 * <p>Usage: {@code DayStatementsBenchmark DIR N...}. {@code -Dbefore.participants=K} writes the
 * before set for the first K participants only (the old way takes minutes per participant on a big
 * day); the after set always has every participant.
 */
public final class DayStatementsBenchmark
{
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-05T18:00:00Z"), ZoneOffset.UTC);

    private DayStatementsBenchmark()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path base = Path.of(args[0]);
        final int beforeParticipants = Integer.getInteger("before.participants", Integer.MAX_VALUE);
        for (int i = 1; i < args.length; i++)
        {
            final int deals = Integer.parseInt(args[i]);
            run(deals, base.resolve(Integer.toString(deals)), beforeParticipants);
        }
    }

    private static void run(final int deals, final Path dir, final int beforeParticipants) throws Exception
    {
        final Path data = dir.resolve("node");
        if (!Files.isRegularFile(data.resolve("reports").resolve("read-model.mv.db")))
        {
            throw new IllegalArgumentException("no read model in " + data + ": build it with ReportsDayBenchmark first");
        }
        final int businessDate = Market.FIRST_DATE;
        try (ReadModelReader reader = ReadModelReader.openEmbedded(data))
        {
            final ReportWriter writer = new ReportWriter(reader, CLOCK);

            final Path after = fresh(dir.resolve("statements-after"));
            final long afterStartMs = System.currentTimeMillis();
            final long afterStartNs = System.nanoTime();
            final List<Path> afterFiles = writer.writeStatements(businessDate, after, EnumSet.allOf(ReportFormat.class));
            final double afterSeconds = (System.nanoTime() - afterStartNs) / 1e9;
            final int afterParticipants = (int)afterFiles.stream().filter(p -> p.getFileName().toString().endsWith(".csv")).count();
            System.out.printf(Locale.ROOT, "%,d deals: AFTER  one pass: %d participants, %d files, %,d MB in %.1f s (%.2f s per participant)%n",
                deals, afterParticipants, afterFiles.size(), size(after) >> 20, afterSeconds, afterSeconds / afterParticipants);
            // per kind, from the files' times: each file's time runs from the previous file's (the first one's includes the pass)
            final Map<String, double[]> afterKinds = new LinkedHashMap<>();
            long previousMs = afterStartMs;
            for (int i = 0; i < afterFiles.size(); i++)
            {
                final long mtime = Files.getLastModifiedTime(afterFiles.get(i)).toMillis();
                final String kind = i == 0 ? "the pass + the first CSV" : kind(afterFiles.get(i));
                final double[] v = afterKinds.computeIfAbsent(kind, k -> new double[3]);
                v[0] += (mtime - previousMs) / 1e3;
                v[1]++;
                v[2] += Files.size(afterFiles.get(i));
                previousMs = mtime;
            }
            afterKinds.forEach((kind, v) -> print(deals, "AFTER ", kind, v));

            final Path before = fresh(dir.resolve("statements-before"));
            final Map<String, double[]> beforeKinds = new LinkedHashMap<>();
            final List<Path> beforeFiles = new ArrayList<>();
            int participants = 0;
            final long beforeStartNs = System.nanoTime();
            for (final Party party : reader.reference().parties())
            {
                if (participants == beforeParticipants || !"MEMBER".equals(party.role()))
                {
                    continue;
                }
                participants++;
                for (final ReportFormat format : ReportFormat.values())
                {
                    final long startNs = System.nanoTime();
                    final Path file = writer.statement(Long.toString(party.id()), businessDate, format, before);
                    add(beforeKinds, kind(file), startNs, file);
                    beforeFiles.add(file);
                }
                final long startNs = System.nanoTime();
                final Path file = writer.bankStatement(Long.toString(party.id()), businessDate, before);
                add(beforeKinds, kind(file), startNs, file);
                beforeFiles.add(file);
                System.out.printf(Locale.ROOT, "%,d deals: BEFORE participant %d done at %.1f s%n", deals, party.id(),
                    (System.nanoTime() - beforeStartNs) / 1e9);
            }
            final double beforeSeconds = (System.nanoTime() - beforeStartNs) / 1e9;
            System.out.printf(Locale.ROOT, "%,d deals: BEFORE one participant at a time: %d participants, %d files in %.1f s (%.2f s per participant)%n",
                deals, participants, beforeFiles.size(), beforeSeconds, beforeSeconds / participants);
            beforeKinds.forEach((kind, v) -> print(deals, "BEFORE", kind, v));
            System.out.printf(Locale.ROOT, "%,d deals: RATIO per participant, before / after: %.1f%n", deals,
                (beforeSeconds / participants) / (afterSeconds / afterParticipants));

            int same = 0;
            final List<String> different = new ArrayList<>();
            for (final Path file : beforeFiles)
            {
                final Path other = after.resolve(file.getFileName());
                if (Files.isRegularFile(other) && sha256(file).equals(sha256(other)))
                {
                    same++;
                }
                else
                {
                    different.add(file.getFileName().toString());
                }
            }
            System.out.printf(Locale.ROOT, "%,d deals: CHECKSUMS %d of %d files of the before set identical in the after set%s%n", deals, same,
                beforeFiles.size(), different.isEmpty() ? "" : "; DIFFERENT: " + different);
            final MessageDigest all = MessageDigest.getInstance("SHA-256");
            for (final Path file : afterFiles)
            {
                all.update(sha256(file).getBytes(StandardCharsets.US_ASCII));
            }
            System.out.printf(Locale.ROOT, "%,d deals: the after set's %d files: SHA-256 of their SHA-256s %s%n", deals, afterFiles.size(),
                HexFormat.of().formatHex(all.digest()));
        }
    }

    private static void add(final Map<String, double[]> kinds, final String kind, final long startNs, final Path file) throws IOException
    {
        final double[] v = kinds.computeIfAbsent(kind, k -> new double[3]);
        v[0] += (System.nanoTime() - startNs) / 1e9;
        v[1]++;
        v[2] += Files.size(file);
    }

    private static String kind(final Path file)
    {
        final String name = file.getFileName().toString();
        return name.startsWith("bank-statement-") ? "1C bank statements" : "statements " + name.substring(name.lastIndexOf('.') + 1);
    }

    private static void print(final int deals, final String way, final String kind, final double[] v)
    {
        System.out.printf(Locale.ROOT, "%,d deals: %s %-26s %8.2f s  %4.0f files  %,9.1f MB  %7.3f s per file%n", deals, way, kind, v[0], v[1],
            v[2] / 1048576.0, v[0] / v[1]);
        System.out.flush();
    }

    /** The file's SHA-256; a PDF's without its creation time, document id and font subset tags. */
    static String sha256(final Path file) throws Exception
    {
        byte[] bytes = Files.readAllBytes(file);
        if (file.getFileName().toString().endsWith(".pdf"))
        {
            bytes = new String(bytes, StandardCharsets.ISO_8859_1)
                .replaceAll("/CreationDate\\(D:[0-9]{14}Z\\)", "/CreationDate(D:00000000000000Z)")
                .replaceAll("/ID \\[<[0-9a-f]{32}><[0-9a-f]{32}>\\]", "/ID [<><>]")
                .replaceAll("/[A-Z]{6}\\+", "/AAAAAA+")
                .getBytes(StandardCharsets.ISO_8859_1);
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
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
