package io.settlement.app;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.settlement.reports.BusinessDates;
import io.settlement.reports.ReadModelReader;
import io.settlement.reports.ReportException;
import io.settlement.reports.ReportFormat;
import io.settlement.reports.ReportWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code settlement report}: the reports from a read model (docs/reports.md): a participant's
 * end-of-day statement, the day's operations report, a deal's confirmation, the postings file, the
 * 1C bank statement, the deal register, or the whole day's set. Each names the file it wrote; a
 * refusal is one line and its own exit code ({@link #exitCode}).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Writes reports from the read model of a node (--data DIR) or a database (--db URL); docs/reports.md.",
        "Exit codes: 0 written, 1 another error, 2 bad usage,",
        "  8 unknown participant, 9 unknown business date, 10 unknown deal,",
        "  11 no read model there, 12 database unreachable, 13 the file cannot be written."},
    subcommands = {ReportCommand.StatementReport.class, ReportCommand.OperationsReport.class, ReportCommand.ConfirmationReport.class,
        ReportCommand.PostingsReport.class, ReportCommand.BankStatementReport.class, ReportCommand.DealsReport.class,
        ReportCommand.DayReport.class})
final class ReportCommand implements Runnable
{
    static final int UNKNOWN_PARTICIPANT = 8;
    static final int UNKNOWN_DATE = 9;
    static final int UNKNOWN_DEAL = 10;
    static final int NO_READ_MODEL = 11;
    static final int DATABASE_UNREACHABLE = 12;
    static final int CANNOT_WRITE = 13;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static int exitCode(final ReportException.Kind kind)
    {
        return switch (kind)
        {
            case UNKNOWN_PARTICIPANT -> UNKNOWN_PARTICIPANT;
            case UNKNOWN_DATE -> UNKNOWN_DATE;
            case UNKNOWN_DEAL -> UNKNOWN_DEAL;
            case NO_READ_MODEL -> NO_READ_MODEL;
            case DATABASE_UNREACHABLE -> DATABASE_UNREACHABLE;
            case OUTPUT -> CANNOT_WRITE;
        };
    }

    /** What every report shares: where to read, where to write, and the run that maps refusals to exit codes. */
    abstract static class Report implements Callable<Integer>
    {
        @CommandLine.Mixin
        ReadModelOptions readModel;

        @Option(names = {"--out", "-o"}, defaultValue = ".",
            description = "The file to write, or a directory to write it in under its default name (default: the current directory).")
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception
        {
            final PrintWriter out = spec.commandLine().getOut();
            final PrintWriter err = spec.commandLine().getErr();
            try (ReadModelReader reader = readModel.open(spec.commandLine()))
            {
                final List<Path> written = write(new ReportWriter(reader), reader);
                for (final Path file : written)
                {
                    out.println("written " + file);
                }
                out.flush();
                return 0;
            }
            catch (final ReportException ex)
            {
                err.println("settlement: " + ex.getMessage());
                err.flush();
                return exitCode(ex.kind());
            }
        }

        abstract List<Path> write(ReportWriter writer, ReadModelReader reader) throws Exception;

        /** The business date asked for, or the latest the read model knows. */
        static int businessDate(final String date, final ReadModelReader reader) throws java.sql.SQLException
        {
            return date == null ? reader.latestBusinessDate() : BusinessDates.parse(date);
        }

        ReportFormat format(final String format)
        {
            try
            {
                return ReportFormat.valueOf(format.trim().toUpperCase(Locale.ROOT));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new CommandLine.ParameterException(spec.commandLine(), "--format must be csv, html or pdf (got '" + format + "')");
            }
        }

        int date(final String date, final ReadModelReader reader) throws java.sql.SQLException
        {
            try
            {
                return businessDate(date, reader);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new CommandLine.ParameterException(spec.commandLine(), "--date: " + ex.getMessage());
            }
        }
    }

    @Command(name = "statement", mixinStandardHelpOptions = true,
        description = "A participant's end-of-day statement: per instrument the opening balance, each movement, the closing balance.")
    static final class StatementReport extends Report
    {
        @Option(names = "--participant", required = true, description = "Participant id or short code.")
        String participant;

        @Option(names = "--date", description = "Business date, yyyy-MM-dd (default: the latest in the read model).")
        String date;

        @Option(names = "--format", defaultValue = "pdf", description = "csv, html or pdf (default ${DEFAULT-VALUE}).")
        String format;

        @Override
        List<Path> write(final ReportWriter writer, final ReadModelReader reader) throws Exception
        {
            return List.of(writer.statement(participant, date(date, reader), format(format), out));
        }
    }

    @Command(name = "operations", mixinStandardHelpOptions = true,
        description = "The day's operations report: deals by outcome, participant, security and reason; efficiency; fails aging; throughput.")
    static final class OperationsReport extends Report
    {
        @Option(names = "--date", description = "Business date, yyyy-MM-dd (default: the latest in the read model).")
        String date;

        @Option(names = "--format", defaultValue = "pdf", description = "csv, html or pdf (default ${DEFAULT-VALUE}).")
        String format;

        @Override
        List<Path> write(final ReportWriter writer, final ReadModelReader reader) throws Exception
        {
            return List.of(writer.operations(date(date, reader), format(format), out));
        }
    }

    @Command(name = "confirmation", mixinStandardHelpOptions = true,
        description = "A deal's settlement confirmation: both parties, the terms, status, times and sequences.")
    static final class ConfirmationReport extends Report
    {
        @Option(names = "--deal", required = true, description = "The deal id.")
        long deal;

        @Option(names = "--format", defaultValue = "pdf", description = "csv, html or pdf (default ${DEFAULT-VALUE}).")
        String format;

        @Override
        List<Path> write(final ReportWriter writer, final ReadModelReader reader) throws Exception
        {
            return List.of(writer.confirmation(deal, format(format), out));
        }
    }

    @Command(name = "postings", mixinStandardHelpOptions = true,
        description = "The day's double-entry postings for the general ledger, as CSV.")
    static final class PostingsReport extends Report
    {
        @Option(names = "--date", description = "Business date, yyyy-MM-dd (default: the latest in the read model).")
        String date;

        @Option(names = "--encoding", defaultValue = "utf-8", description = "utf-8 or windows-1251 (default ${DEFAULT-VALUE}).")
        String encoding;

        @Override
        List<Path> write(final ReportWriter writer, final ReadModelReader reader) throws Exception
        {
            final String name = encoding.trim().toLowerCase(Locale.ROOT);
            final Charset charset = switch (name)
            {
                case "utf-8", "utf8" -> StandardCharsets.UTF_8;
                case "windows-1251", "cp1251" -> Charset.forName("windows-1251");
                default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--encoding must be utf-8 or windows-1251 (got '" + encoding + "')");
            };
            return List.of(writer.postings(date(date, reader), charset, out));
        }
    }

    @Command(name = "bank-statement", mixinStandardHelpOptions = true,
        description = {"A participant's cash movements as a 1CClientBankExchange 1.03 bank statement (Windows-1251).",
            "Without --participant: one file per participant with a cash account."})
    static final class BankStatementReport extends Report
    {
        @Option(names = "--participant", description = "Participant id or short code (default: every participant).")
        String participant;

        @Option(names = "--date", description = "Business date, yyyy-MM-dd (default: the latest in the read model).")
        String date;

        @Override
        List<Path> write(final ReportWriter writer, final ReadModelReader reader) throws Exception
        {
            final int businessDate = date(date, reader);
            if (participant != null)
            {
                return List.of(writer.bankStatement(participant, businessDate, out));
            }
            if (java.nio.file.Files.exists(out) && !java.nio.file.Files.isDirectory(out))
            {
                throw new ReportException(ReportException.Kind.OUTPUT, "cannot write one file per participant into " + out + ": not a directory");
            }
            return writer.writeBankStatements(businessDate, out);
        }
    }

    @Command(name = "deals", mixinStandardHelpOptions = true,
        description = "The auditor's register: every deal ever registered, rejected ones included, as CSV.")
    static final class DealsReport extends Report
    {
        @Override
        List<Path> write(final ReportWriter writer, final ReadModelReader reader) throws Exception
        {
            return List.of(writer.register(out));
        }
    }

    @Command(name = "day", mixinStandardHelpOptions = true,
        description = "The whole set of a business day into a directory: statements, 1C bank statements, operations report, postings, register.")
    static final class DayReport extends Report
    {
        @Option(names = "--date", description = "Business date, yyyy-MM-dd (default: the latest in the read model).")
        String date;

        @Option(names = "--format", split = ",", defaultValue = "csv,html,pdf",
            description = "The formats of the statements and the operations report (default ${DEFAULT-VALUE}).")
        List<String> formats;

        @Override
        List<Path> write(final ReportWriter writer, final ReadModelReader reader) throws Exception
        {
            final EnumSet<ReportFormat> chosen = EnumSet.noneOf(ReportFormat.class);
            formats.forEach(f -> chosen.add(format(f)));
            return writer.writeDay(date(date, reader), out, chosen);
        }
    }
}
