package io.settlement.app;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.settlement.reports.Projector;
import io.settlement.reports.ReadModelDatabase;
import io.settlement.reports.ReadModelReader;
import io.settlement.reports.ReportWriter;

/**
 * The demo's back-office close: projects the demo's journals into the embedded read model (H2 in
 * DATA/reports, as {@code settlement server} does by default) and writes the closed business
 * day's reports (statements, 1C bank statements, operations report, postings, deal register) into
 * a directory that is kept, whatever happens to the journal.
 */
final class DemoReports
{
    private static final long PROGRESS_INTERVAL_NS = TimeUnit.SECONDS.toNanos(2);

    private final Path dataDirectory;
    private final PrintWriter out;

    DemoReports(final Path dataDirectory, final PrintWriter out)
    {
        this.dataDirectory = dataDirectory;
        this.out = out;
    }

    /**
     * Brings the read model up to the end of the journals, showing progress.
     *
     * @param lastSequence the journal's last command sequence (for the progress line)
     */
    void project(final long lastSequence)
    {
        final ReadModelDatabase database = ReadModelDatabase.embedded(dataDirectory);
        final long startNs = System.nanoTime();
        final long[] shownNs = {startNs};
        final boolean terminal = System.console() != null;
        final long rows;
        try (Projector projector = Projector.open(database, dataDirectory, Projector.DEFAULT_BATCH_ROWS))
        {
            projector.onCommit(sequence ->
            {
                final long now = System.nanoTime();
                if (now - shownNs[0] >= (terminal ? PROGRESS_INTERVAL_NS / 8 : PROGRESS_INTERVAL_NS))
                {
                    shownNs[0] = now;
                    final String line = String.format("[%5.1f s] read model: %,d of %,d commands", (now - startNs) / 1e9, sequence, lastSequence);
                    out.print(terminal ? "\r" + line : line + System.lineSeparator());
                    out.flush();
                }
            });
            projector.projectToEnd();
            rows = projector.rowsWritten();
        }
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        if (terminal)
        {
            out.print("\r");
        }
        out.printf("read model: %,d commands projected in %.1f s (%,d rows, %,.0f rows/s) into %s%n", lastSequence, seconds, rows,
            rows / Math.max(seconds, 1e-3), dataDirectory.toAbsolutePath().resolve("reports"));
        out.flush();
    }

    /**
     * Writes the whole set of {@code businessDate} into {@code directory} (created if missing).
     *
     * @return the files written
     */
    List<Path> writeDay(final int businessDate, final Path directory) throws Exception
    {
        final long startNs = System.nanoTime();
        Files.createDirectories(directory);
        final List<Path> written;
        try (ReadModelReader reader = ReadModelReader.openEmbedded(dataDirectory))
        {
            written = new ReportWriter(reader).writeDay(businessDate, directory);
        }
        final long oneC = written.stream().filter(file -> file.getFileName().toString().startsWith("bank-statement-")).count();
        out.printf("reports of business day %d written in %.1f s to %s%n", businessDate, (System.nanoTime() - startNs) / 1e9,
            directory.toAbsolutePath());
        out.printf("    %d files: statements (CSV, HTML, PDF), %d 1C bank statements, the operations report, postings, the deal register%n",
            written.size(), oneC);
        out.flush();
        return written;
    }
}
