package io.settlement.reports;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.settlement.reports.ReferenceData.Party;

/**
 * Writes reports from a read model into files: each report on its own (what {@code settlement
 * report} calls), or a business day's whole set into a directory ({@link #writeDay}): every
 * participant's statement, the operations report, the postings file, every participant's 1C bank
 * statement and the deal register. Each method checks the date, participant or deal first and
 * throws a {@link ReportException} naming what is unknown.
 *
 * <p>Where a method takes an {@code output}, an existing directory receives the file under its
 * default name ({@code statement-NORTHBANK-20261127.pdf}); any other
 * path is the file itself.
 */
public final class ReportWriter
{
    private final ReadModelReader reader;
    private final Clock clock;

    /** @param clock gives the creation time written in the 1C files' header */
    public ReportWriter(final ReadModelReader reader, final Clock clock)
    {
        this.reader = reader;
        this.clock = clock;
    }

    public ReportWriter(final ReadModelReader reader)
    {
        this(reader, Clock.systemUTC());
    }

    public ReadModelReader reader()
    {
        return reader;
    }

    /**
     * Writes the whole set of a business day into a directory (created if missing): for every
     * participant that held or moved anything that day its statement in each of {@code formats} and
     * its 1C bank statement (when it has a cash account), the operations report in each of
     * {@code formats}, the postings file (UTF-8) and the deal register.
     *
     * @return the files written, in the order written
     */
    public List<Path> writeDay(final int businessDate, final Path directory, final Set<ReportFormat> formats)
        throws SQLException, IOException
    {
        reader.requireBusinessDate(businessDate);
        createDirectory(directory);
        final List<Path> written = new ArrayList<>(writeStatements(businessDate, directory, formats));
        final OperationsReport operations = new OperationsQuery(reader).report(businessDate);
        for (final ReportFormat format : formats)
        {
            written.add(operations(operations, format, directory));
        }
        written.add(postings(businessDate, StandardCharsets.UTF_8, directory));
        written.add(register(directory));
        return written;
    }

    /**
     * Writes the statement of every participant that held or moved anything that day in each of
     * {@code formats}, and its 1C bank statement when it has a cash account, into a directory (created
     * if missing): the same files as {@link #statement} and {@link #bankStatement} one by one, from one
     * pass over the day's movements ({@link DayStatements}) instead of one read of the read model per
     * participant. Work files of the size of the day's movements are kept in a hidden sub-directory
     * while it runs.
     *
     * @return the files written, in the order written: per participant its statements then its 1C file
     */
    public List<Path> writeStatements(final int businessDate, final Path directory, final Set<ReportFormat> formats)
        throws SQLException, IOException
    {
        reader.requireBusinessDate(businessDate);
        createDirectory(directory);
        final List<Path> written = new ArrayList<>();
        new DayStatements(reader, businessDate, directory.resolve(".statement-lines-" + businessDate)).forEachStatement((statement, lines) ->
        {
            for (final ReportFormat format : formats)
            {
                written.add(statement(lines, statement, format, directory));
            }
            if (statement.accounts().stream().anyMatch(account -> account.instrument().isCurrency()))
            {
                written.add(bankStatement(lines, statement, directory));
            }
        });
        return written;
    }

    /**
     * Writes the 1C bank statement of every member (participant of role MEMBER) into a directory
     * (created if missing), one with nothing that day included: the same files as
     * {@link #bankStatement} one by one, from one pass over the day's movements.
     *
     * @return the files written, in the members' id order
     */
    public List<Path> writeBankStatements(final int businessDate, final Path directory) throws SQLException, IOException
    {
        reader.requireBusinessDate(businessDate);
        createDirectory(directory);
        final List<Path> written = new ArrayList<>();
        new DayStatements(reader, businessDate, directory.resolve(".statement-lines-" + businessDate))
            .forEachStatement(party -> "MEMBER".equals(party.role()), true, (statement, lines) -> written.add(bankStatement(lines, statement, directory)));
        return written;
    }

    /** {@link #writeDay(int, Path, Set)} in every format. */
    public List<Path> writeDay(final int businessDate, final Path directory) throws SQLException, IOException
    {
        return writeDay(businessDate, directory, EnumSet.allOf(ReportFormat.class));
    }

    /** A participant's end-of-day statement (participant by id or short code). */
    public Path statement(final String participant, final int businessDate, final ReportFormat format, final Path output)
        throws SQLException, IOException
    {
        final Party party = reader.reference().resolveParty(participant);
        reader.requireBusinessDate(businessDate);
        final StatementQuery query = new StatementQuery(reader);
        return statement(query, query.statement(party, businessDate), format, output);
    }

    private Path statement(final StatementLines query, final Statement statement, final ReportFormat format, final Path output)
        throws IOException, SQLException
    {
        final Path file = target(output, "statement-" + fileCode(statement.participant()) + "-" + statement.businessDate() + "." + format.extension());
        switch (format)
        {
            case CSV -> writeText(file, StandardCharsets.UTF_8, writer -> sql(() -> CsvReports.statement(query, statement, writer)));
            case HTML ->
            {
                final PrintDocument document = PrintLayouts.statement(query, statement);
                writeText(file, StandardCharsets.UTF_8, writer -> HtmlRenderer.write(document, writer));
            }
            case PDF ->
            {
                final PrintDocument document = PrintLayouts.statement(query, statement);
                writeBinary(file, out -> PdfRenderer.write(document, out));
            }
            default -> throw new IllegalArgumentException(format.name());
        }
        return file;
    }

    /** The day's operations report. */
    public Path operations(final int businessDate, final ReportFormat format, final Path output) throws SQLException, IOException
    {
        reader.requireBusinessDate(businessDate);
        return operations(new OperationsQuery(reader).report(businessDate), format, output);
    }

    private Path operations(final OperationsReport report, final ReportFormat format, final Path output) throws IOException
    {
        final Path file = target(output, "operations-" + report.businessDate() + "." + format.extension());
        switch (format)
        {
            case CSV -> writeText(file, StandardCharsets.UTF_8, writer -> CsvReports.operations(report, writer));
            case HTML -> writeText(file, StandardCharsets.UTF_8, writer -> HtmlRenderer.write(PrintLayouts.operations(report), writer));
            case PDF -> writeBinary(file, out -> PdfRenderer.write(PrintLayouts.operations(report), out));
            default -> throw new IllegalArgumentException(format.name());
        }
        return file;
    }

    /** A deal's settlement confirmation. */
    public Path confirmation(final long dealId, final ReportFormat format, final Path output) throws SQLException, IOException
    {
        final Confirmation confirmation = new ConfirmationQuery(reader).confirmation(dealId);
        final Path file = target(output, "confirmation-" + dealId + "." + format.extension());
        switch (format)
        {
            case CSV -> writeText(file, StandardCharsets.UTF_8, writer -> CsvReports.confirmation(confirmation, writer));
            case HTML -> writeText(file, StandardCharsets.UTF_8, writer -> HtmlRenderer.write(PrintLayouts.confirmation(confirmation), writer));
            case PDF -> writeBinary(file, out -> PdfRenderer.write(PrintLayouts.confirmation(confirmation), out));
            default -> throw new IllegalArgumentException(format.name());
        }
        return file;
    }

    /** The day's postings file in an encoding (UTF-8 or windows-1251). */
    public Path postings(final int businessDate, final Charset encoding, final Path output) throws SQLException, IOException
    {
        reader.requireBusinessDate(businessDate);
        final Path file = target(output, "postings-" + businessDate + ".csv");
        writeText(file, encoding, writer -> sql(() -> PostingsFile.write(reader, businessDate, writer)));
        return file;
    }

    /** A participant's cash movements of the day as a 1CClientBankExchange file (Windows-1251). */
    public Path bankStatement(final String participant, final int businessDate, final Path output) throws SQLException, IOException
    {
        final Party party = reader.reference().resolveParty(participant);
        reader.requireBusinessDate(businessDate);
        final StatementQuery query = new StatementQuery(reader);
        return bankStatement(query, query.statement(party, businessDate), output);
    }

    private Path bankStatement(final StatementLines query, final Statement statement, final Path output) throws IOException
    {
        final Path file = target(output, "bank-statement-" + fileCode(statement.participant()) + "-" + statement.businessDate() + ".txt");
        final LocalDateTime now = LocalDateTime.now(clock);
        writeBinary(file, out -> sql(() -> BankStatementFile.write(reader, query, statement, now, out)));
        return file;
    }

    /** The register of every deal ever registered, rejected ones included. */
    public Path register(final Path output) throws SQLException, IOException
    {
        final Path file = target(output, "deals-register.csv");
        writeText(file, StandardCharsets.UTF_8, writer -> sql(() -> DealRegister.write(reader, writer)));
        return file;
    }

    /**
     * A participant's code as file names carry it: letters, digits, '-' and '_' only; followed by
     * its id when another participant's code would give the same name (ignoring case, as some file
     * systems do: "A.B" and "A/B", "nb" and "NB", a short code "P7" and participant 7 that has none),
     * so that one's files never overwrite another's.
     */
    String fileCode(final Party party)
    {
        final String code = sanitised(party);
        for (final Party other : reader.reference().parties())
        {
            if (other.id() != party.id() && sanitised(other).equalsIgnoreCase(code))
            {
                return code + "-" + party.id();
            }
        }
        return code;
    }

    private static String sanitised(final Party party)
    {
        return party.code().replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static Path target(final Path output, final String defaultName)
    {
        if (Files.isDirectory(output))
        {
            return output.resolve(defaultName);
        }
        final Path parent = output.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent))
        {
            throw new ReportException(ReportException.Kind.OUTPUT, "cannot write " + output + ": no directory " + parent);
        }
        return output;
    }

    private static void createDirectory(final Path directory)
    {
        try
        {
            Files.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new ReportException(ReportException.Kind.OUTPUT, "cannot create the directory " + directory + ": " + ex, ex);
        }
    }

    private interface SqlBody
    {
        void run() throws SQLException, IOException;
    }

    /** Runs a body that reads the database while writing a file; a database failure travels as the cause of an IOException. */
    private static void sql(final SqlBody body) throws IOException
    {
        try
        {
            body.run();
        }
        catch (final SQLException ex)
        {
            throw new IOException(ex);
        }
    }

    private interface TextBody
    {
        void write(Writer writer) throws IOException;
    }

    private interface BinaryBody
    {
        void write(OutputStream out) throws IOException;
    }

    private static void writeText(final Path file, final Charset encoding, final TextBody body) throws IOException
    {
        writeBinary(file, out ->
        {
            final Writer writer = new BufferedWriter(new OutputStreamWriter(out, encoding));
            body.write(writer);
            writer.flush();
        });
    }

    /** Writes beside the file, then moves it into place: a reader never sees half a report. */
    private static void writeBinary(final Path file, final BinaryBody body) throws IOException
    {
        final Path partial = file.resolveSibling(file.getFileName() + ".part");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial)))
        {
            body.write(out);
        }
        catch (final IOException | RuntimeException ex)
        {
            Files.deleteIfExists(partial);
            if (ex.getCause() instanceof SQLException sql)
            {
                throw new ReportException(ReportException.Kind.DATABASE_UNREACHABLE, "reading the read model: " + ReadModelReader.firstLine(sql), sql);
            }
            if (ex instanceof java.nio.file.AccessDeniedException)
            {
                throw new ReportException(ReportException.Kind.OUTPUT, "cannot write " + file + ": permission denied", ex);
            }
            throw ex;
        }
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
