package io.settlement.http;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import io.settlement.reports.BusinessDates;
import io.settlement.reports.Confirmation;
import io.settlement.reports.ConfirmationQuery;
import io.settlement.reports.ReadModelDatabase;
import io.settlement.reports.ReadModelReader;
import io.settlement.reports.ReportException;
import io.settlement.reports.ReportFormat;
import io.settlement.reports.ReportWriter;

/**
 * The reports of the node's read model (docs/reports.md), the ones {@code settlement report} writes,
 * as downloads: a participant's statement, the day's operations report, a deal's confirmation, the
 * postings file and a participant's 1C bank statement. Each answer is the file itself with its
 * Content-Type and a Content-Disposition naming it as the command line would.
 *
 * <p>Who sees what: OPERATOR, RISK and AUDITOR every report; a MEMBER only its own statement and
 * bank statement and the confirmations of deals it is a party to (NOT_AUTHORISED, 403, otherwise,
 * also for a participant that does not exist, so a member learns nothing of others). The role is the
 * engine's (the HTTP API's read model). A report the read model cannot give is refused as the API
 * refuses anything: an unknown participant, business date or deal 404 with the read model's own
 * sentence; no read model (reports off, or not yet written) 503.
 */
final class ReportRoutes
{
    private final ReadModelDatabase database;
    private final ReadModel reads;
    private final Logins logins;
    private final long readWaitMs;

    /** @param database the read model the node's projector fills; null when the node runs with {@code reports off} */
    ReportRoutes(final ReadModelDatabase database, final ReadModel reads, final Logins logins, final long readWaitMs)
    {
        this.database = database;
        this.reads = reads;
        this.logins = logins;
        this.readWaitMs = readWaitMs;
    }

    void register(final RoutesConfig routes)
    {
        routes.get("/api/reports/statement", this::statement);
        routes.get("/api/reports/operations", this::operations);
        routes.get("/api/reports/confirmation", this::confirmation);
        routes.get("/api/reports/postings", this::postings);
        routes.get("/api/reports/bank-statement", this::bankStatement);
    }

    private void statement(final Context ctx) throws Exception
    {
        final Asker asker = asker(ctx);
        final String participant = required(ctx, "participant");
        final String date = ctx.queryParam("date");
        final ReportFormat format = format(ctx);
        serve(ctx, (writer, reader, dir) ->
        {
            asker.requireOwn(reader, participant, "a member sees only its own statement");
            return writer.statement(participant, businessDate(date, reader), format, dir);
        });
    }

    private void operations(final Context ctx) throws Exception
    {
        final Asker asker = asker(ctx);
        asker.requireMarketWide("the operations report is for risk, operations and audit");
        final String date = ctx.queryParam("date");
        final ReportFormat format = format(ctx);
        serve(ctx, (writer, reader, dir) -> writer.operations(businessDate(date, reader), format, dir));
    }

    private void confirmation(final Context ctx) throws Exception
    {
        final Asker asker = asker(ctx);
        final String dealText = required(ctx, "deal");
        final long dealId;
        try
        {
            dealId = Long.parseLong(dealText);
        }
        catch (final NumberFormatException ex)
        {
            throw ApiError.invalid("'deal' must be a deal id (a whole number), found \"" + dealText + "\"");
        }
        final ReportFormat format = format(ctx);
        serve(ctx, (writer, reader, dir) ->
        {
            if (asker.role == Role.MEMBER)
            {
                final Confirmation deal = new ConfirmationQuery(reader).confirmation(dealId);
                if (deal.buyer().id() != asker.participantId && deal.seller().id() != asker.participantId)
                {
                    throw WriteRoutes.refusal(Reason.NOT_AUTHORISED, "a member sees only the confirmations of deals it is a party to");
                }
            }
            return writer.confirmation(dealId, format, dir);
        });
    }

    private void postings(final Context ctx) throws Exception
    {
        final Asker asker = asker(ctx);
        asker.requireMarketWide("the postings file is for risk, operations and audit");
        final String date = ctx.queryParam("date");
        final String encoding = ctx.queryParam("encoding") == null ? "utf-8" : ctx.queryParam("encoding").trim().toLowerCase(Locale.ROOT);
        final Charset charset = switch (encoding)
        {
            case "utf-8", "utf8" -> StandardCharsets.UTF_8;
            case "windows-1251", "cp1251" -> Charset.forName("windows-1251");
            default -> throw ApiError.invalid("'encoding' must be utf-8 or windows-1251, found \"" + ctx.queryParam("encoding") + "\"");
        };
        serve(ctx, (writer, reader, dir) -> writer.postings(businessDate(date, reader), charset, dir),
            "text/csv; charset=" + (charset == StandardCharsets.UTF_8 ? "utf-8" : "windows-1251"));
    }

    private void bankStatement(final Context ctx) throws Exception
    {
        final Asker asker = asker(ctx);
        final String participant = required(ctx, "participant");
        final String date = ctx.queryParam("date");
        serve(ctx, (writer, reader, dir) ->
        {
            asker.requireOwn(reader, participant, "a member sees only its own bank statement");
            return writer.bankStatement(participant, businessDate(date, reader), dir);
        }, "text/plain; charset=windows-1251");
    }

    /** Who asks: the logged-on participant and its role in the engine. */
    private Asker asker(final Context ctx)
    {
        final long submitter = logins.require(ctx.header("Authorization")).participantId();
        final Role role = reads.read(0, readWaitMs, engine -> engine.roleOf(submitter));
        if (role == null)
        {
            throw WriteRoutes.refusal(Reason.UNKNOWN_PARTICIPANT, "participant " + submitter + " is not known to the engine");
        }
        return new Asker(submitter, role);
    }

    private record Asker(long participantId, Role role)
    {
        void requireMarketWide(final String why)
        {
            if (role == Role.MEMBER)
            {
                throw WriteRoutes.refusal(Reason.NOT_AUTHORISED, why);
            }
        }

        /** A MEMBER asking for anyone but itself (an unknown participant included) is refused. */
        void requireOwn(final ReadModelReader reader, final String participant, final String why)
        {
            if (role != Role.MEMBER)
            {
                return;
            }
            final boolean own;
            try
            {
                own = reader.reference().resolveParty(participant).id() == participantId;
            }
            catch (final ReportException unknown)
            {
                throw WriteRoutes.refusal(Reason.NOT_AUTHORISED, why);
            }
            if (!own)
            {
                throw WriteRoutes.refusal(Reason.NOT_AUTHORISED, why);
            }
        }
    }

    @FunctionalInterface
    private interface Report
    {
        Path write(ReportWriter writer, ReadModelReader reader, Path directory) throws SQLException, IOException;
    }

    private void serve(final Context ctx, final Report report) throws IOException
    {
        serve(ctx, report, null);
    }

    /**
     * Opens the read model, writes the report into a directory of its own, answers with the file and
     * removes it. {@code contentType} null: the one of the file's extension.
     */
    private void serve(final Context ctx, final Report report, final String contentType) throws IOException
    {
        if (database == null)
        {
            throw new ApiError(503, "REPORTS_OFF", "this node runs with 'reports off': it keeps no read model to report from");
        }
        final Path directory = Files.createTempDirectory("settlement-http-report-");
        try
        {
            final Path file;
            try (ReadModelReader reader = ReadModelReader.open(database))
            {
                file = report.write(new ReportWriter(reader), reader, directory);
            }
            catch (final ReportException ex)
            {
                throw refusal(ex);
            }
            catch (final SQLException ex)
            {
                throw new ApiError(503, "READ_MODEL_UNAVAILABLE", "reading the read model failed: " + ex.getMessage());
            }
            final String name = file.getFileName().toString();
            ctx.status(200);
            final String type = contentType != null ? contentType : contentTypeOf(name);
            if (!type.contains("charset="))
            {
                ctx.res().setCharacterEncoding(null); // a PDF has none (the API's default would be UTF-8)
            }
            ctx.contentType(type);
            ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
            ctx.result(Files.readAllBytes(file));
        }
        finally
        {
            try (Stream<Path> files = Files.walk(directory))
            {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static String contentTypeOf(final String name)
    {
        if (name.endsWith(".pdf"))
        {
            return "application/pdf";
        }
        if (name.endsWith(".html"))
        {
            return "text/html; charset=utf-8";
        }
        return "text/csv; charset=utf-8";
    }

    private static ApiError refusal(final ReportException ex)
    {
        return switch (ex.kind())
        {
            case UNKNOWN_PARTICIPANT, UNKNOWN_DATE, UNKNOWN_DEAL -> new ApiError(404, ex.kind().name(), ex.getMessage());
            case NO_READ_MODEL -> new ApiError(503, "NO_READ_MODEL", ex.getMessage());
            case DATABASE_UNREACHABLE -> new ApiError(503, "READ_MODEL_UNAVAILABLE", ex.getMessage());
            case OUTPUT -> new ApiError(500, "INTERNAL_ERROR", ex.getMessage());
        };
    }

    /** The business date asked for, or the latest the read model knows. */
    private static int businessDate(final String date, final ReadModelReader reader) throws SQLException
    {
        if (date == null)
        {
            return reader.latestBusinessDate();
        }
        try
        {
            return BusinessDates.parse(date);
        }
        catch (final IllegalArgumentException ex)
        {
            throw ApiError.invalid("'date': " + ex.getMessage());
        }
    }

    private static ReportFormat format(final Context ctx)
    {
        final String text = ctx.queryParam("format");
        if (text == null)
        {
            return ReportFormat.PDF;
        }
        try
        {
            return ReportFormat.valueOf(text.trim().toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw ApiError.invalid("'format' must be csv, html or pdf, found \"" + text + "\"");
        }
    }

    private static String required(final Context ctx, final String name)
    {
        final String text = ctx.queryParam(name);
        if (text == null || text.isBlank())
        {
            throw ApiError.invalid("'" + name + "' is required");
        }
        return text;
    }
}
