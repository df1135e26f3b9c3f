package io.settlement.http;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.micrometer.core.instrument.Counter;
import io.settlement.engine.EngineConfig;
import io.settlement.engine.pipeline.CommandIntake;
import io.settlement.engine.pipeline.SessionRouter;
import io.settlement.gateway.ApiChannel;
import io.settlement.gateway.Authenticator;
import io.settlement.journal.DataDirectory;
import io.settlement.metrics.NodeMetrics;
import io.settlement.metrics.Status;
import io.settlement.protocol.wire.Reason;
import io.settlement.reports.ReadModelDatabase;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP/JSON API (docs/http-api.yaml), on Javalin (Jetty 12). What an operator, a risk
 * officer, an auditor or a member does without writing a client:
 * <ul>
 *   <li>log on with the same credentials as the gateway, through the same {@link Authenticator}
 *       (throttled, PBKDF2 in constant time, the same security log), for a bearer token;</li>
 *   <li>writes ({@link WriteRoutes}: deals, cancels, reference data, funding, limits, the business
 *       date, cycles) go through the same ring as the gateway's, journaled and replayable, with the
 *       logged-on participant as submitter: the engine authorises them;</li>
 *   <li>reads ({@link ReadRoutes}: lists, pages, single deals, positions, limits with their use) come
 *       from the {@link ReadModel}, a follower engine tailing the command journal, never from the
 *       primary's ring.</li>
 *   <li>reports ({@link ReportRoutes}: statements, the operations report, confirmations, the postings
 *       file, 1C bank statements) from the reports read model the node's projector fills;</li>
 *   <li>fails follow-up ({@link FollowUpRoutes}): failing deals assigned to named people with
 *       deadlines, kept outside the engine in the node's own audited log ({@link FollowUps}).</li>
 * </ul>
 * Every refusal is {@code {"error": CODE, "message": ...}} with a status that says whose fault it is
 * ({@link #statusOf(Reason)}). TLS when the configuration names a keystore (HTTPS only then).
 */
public final class HttpApi implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final Set<String> LOGIN_FIELDS = Set.of("participantId", "secret");
    /**
     * How long the read model may apply nothing while behind a write this API answered before /health says the reads are
     * stale (docs/http-api.md, "Reads").
     */
    public static final long READ_BEHIND_LIMIT_MS = 5_000;

    private final Javalin app;
    private final CommandIntake intake;
    private final ApiChannel channel;
    private final ReadModel reads;
    /** The data directory the read model follows, as said in /health. */
    private final String readFrom;
    private final Logins logins;
    private final LiveUpdates live;
    private final ObjectMapper json = new ObjectMapper();
    private final Authenticator authenticator;
    private final NodeMetrics metrics;
    private final FollowUps followUps;
    private final FollowUpMetrics followUpMetrics;

    private HttpApi(
        final HttpConfig config, final CommandIntake intake, final SessionRouter router, final Authenticator authenticator,
        final ReadModel reads, final String readFrom, final NodeMetrics metrics, final FollowUps followUps,
        final FollowUpMetrics followUpMetrics, final ReadModelDatabase reports)
    {
        this.readFrom = readFrom;
        this.followUpMetrics = followUpMetrics;
        this.reads = reads;
        this.followUps = followUps;
        this.metrics = metrics;
        this.authenticator = authenticator;
        this.intake = intake;
        this.channel = new ApiChannel(intake, router);
        this.logins = new Logins(config.tokenTtlMs, config.maxLogins, config.clockMs);
        final WriteRoutes writes = new WriteRoutes(channel, logins, json, config.answerTimeoutMs, reads::units);
        final ReadRoutes queries = new ReadRoutes(reads, logins, config.pageMax, config.readWaitMs);
        this.live = new LiveUpdates(reads, logins, json, 100, config.clockMs);
        final FollowUpRoutes followUpRoutes = new FollowUpRoutes(followUps, reads, logins, json, config.readWaitMs);
        final ReportRoutes reportRoutes = new ReportRoutes(reports, reads, logins, config.readWaitMs);
        followUpMetrics.gauges(followUps, this::overdueFollowUps);
        this.app = Javalin.create(javalin ->
        {
            javalin.startup.showJavalinBanner = false;
            javalin.http.maxRequestSize = config.maxBodyBytes;
            javalin.http.defaultContentType = "application/json";
            javalin.jetty.host = config.host;
            javalin.jetty.port = config.port;
            if (config.tls())
            {
                javalin.jetty.addConnector((server, http) ->
                {
                    final SslContextFactory.Server tls = new SslContextFactory.Server();
                    tls.setKeyStorePath(config.tlsKeystore);
                    tls.setKeyStorePassword(config.tlsKeystorePassword);
                    tls.setKeyStoreType("PKCS12");
                    http.addCustomizer(new SecureRequestCustomizer(false));
                    final ServerConnector connector = new ServerConnector(server,
                        new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(http));
                    connector.setHost(config.host);
                    connector.setPort(config.port);
                    return connector;
                });
            }
            javalin.staticFiles.add(files ->
            {
                files.hostedPath = "/";
                files.directory = "/console";
                files.location = Location.CLASSPATH;
            });
            javalin.routes.post("/api/login", this::login);
            javalin.routes.sse("/api/stream", live::subscribe);
            javalin.routes.post("/api/logout", ctx -> ctx.status(logins.remove(ctx.header("Authorization")) ? 204 : 401));
            javalin.routes.get("/api/me", this::me);
            javalin.routes.get("/metrics", ctx -> ctx.contentType(NodeMetrics.CONTENT_TYPE).result(metrics.scrape()));
            javalin.routes.get("/health", ctx -> status(ctx, health()));
            javalin.routes.get("/ready", ctx -> status(ctx, readiness()));
            javalin.routes.after(ctx -> Counter.builder("settlement.http.requests")
                .description("HTTP API requests answered, by method, route and status")
                .tag("method", ctx.method().name()).tag("route", route(ctx))
                .tag("status", Integer.toString(ctx.statusCode())).register(metrics.registry()).increment());
            writes.register(javalin.routes);
            queries.register(javalin.routes);
            followUpRoutes.register(javalin.routes);
            reportRoutes.register(javalin.routes);
            javalin.routes.exception(ApiError.class, (error, ctx) -> refuse(ctx, error.status(), error.code(), error.getMessage()));
            javalin.routes.exception(HttpResponseException.class, (error, ctx) ->
            {
                switch (error.getStatus())
                {
                    case 413 -> refuse(ctx, 413, "BODY_TOO_LARGE", "the body is larger than " + config.maxBodyBytes + " bytes");
                    case 404 -> refuse(ctx, 404, "NOT_FOUND", "no such resource: " + ctx.method() + " " + ctx.path());
                    case 405 -> refuse(ctx, 405, "METHOD_NOT_ALLOWED", ctx.method() + " is not allowed on " + ctx.path());
                    default -> refuse(ctx, error.getStatus(), "INVALID_REQUEST", error.getMessage());
                }
            });
            javalin.routes.exception(Exception.class, (error, ctx) ->
            {
                LOG.error("HTTP API: {} {} failed", ctx.method(), ctx.path(), error);
                refuse(ctx, 500, "INTERNAL_ERROR", "the node failed to answer this request (its log says why)");
            });
            javalin.routes.error(404, ctx ->
            {
                if (ctx.result() == null || ctx.result().isEmpty())
                {
                    refuse(ctx, 404, "NOT_FOUND", "no such resource: " + ctx.method() + " " + ctx.path());
                }
            });
            javalin.routes.error(405, ctx -> refuse(ctx, 405, "METHOD_NOT_ALLOWED", ctx.method() + " is not allowed on " + ctx.path()));
        });
    }

    /**
     * Starts the API of a node that keeps no reports read model ({@code reports off}): its report
     * routes answer 503.
     *
     * @see #start(HttpConfig, CommandIntake, SessionRouter, Authenticator, DataDirectory, EngineConfig, NodeMetrics, ReadModelDatabase)
     */
    public static HttpApi start(
        final HttpConfig config, final CommandIntake intake, final SessionRouter router, final Authenticator authenticator,
        final DataDirectory data, final EngineConfig engine, final NodeMetrics metrics) throws IOException
    {
        return start(config, intake, router, authenticator, data, engine, metrics, null);
    }

    /**
     * Starts the API of a running node: its read model first (from the node's newest snapshot), then
     * the listener. Its follow-ups are kept in {@code DATA/followups}.
     *
     * @param intake  where writes go: the node's pipeline
     * @param data    the node's data directory, whose command journal the read model follows
     * @param engine  the node's engine configuration (the read model's engine must be the same)
     * @param metrics the node's metrics, health and readiness, served on /metrics, /health and /ready
     * @param reports the reports read model the node's projector fills (its {@code reports} line), served
     *                under /api/reports; null when the node runs with {@code reports off}
     */
    public static HttpApi start(
        final HttpConfig config, final CommandIntake intake, final SessionRouter router, final Authenticator authenticator,
        final DataDirectory data, final EngineConfig engine, final NodeMetrics metrics, final ReadModelDatabase reports)
        throws IOException
    {
        return start(config, intake, router, authenticator, data, data.root(), engine, metrics, reports);
    }

    /**
     * Starts the API with writes going to {@code intake} and reads from the journals in {@code readFrom}: a node's own
     * (as above), or, in front of a replicated cluster (docs/cluster.md), one node's journals on this machine, with
     * writes going to the cluster as a client. The read model starts from the newest snapshot in {@code readFrom}, if
     * any, then the listener.
     *
     * @param readFrom  the data directory whose command journal the read model follows (read only)
     * @param directory the API's own directory: its follow-ups are kept in {@code directory/followups}
     */
    public static HttpApi start(
        final HttpConfig config, final CommandIntake intake, final SessionRouter router, final Authenticator authenticator,
        final DataDirectory readFrom, final java.nio.file.Path directory, final EngineConfig engine, final NodeMetrics metrics,
        final ReadModelDatabase reports) throws IOException
    {
        config.conclude();
        final ReadModel reads = ReadModel.start(readFrom, engine);
        final FollowUpMetrics followUpMetrics = new FollowUpMetrics(metrics.registry());
        final FollowUps followUps;
        try
        {
            followUps = FollowUps.open(directory.resolve("followups"), config.clockMs, followUpMetrics);
        }
        catch (final IOException | RuntimeException ex)
        {
            followUpMetrics.close();
            reads.close();
            throw ex;
        }
        final HttpApi api;
        try
        {
            api = new HttpApi(config, intake, router, authenticator, reads, readFrom.root().toString(), metrics, followUps, followUpMetrics,
                reports);
        }
        catch (final RuntimeException ex)
        {
            followUpMetrics.close();
            followUps.close();
            reads.close();
            throw ex;
        }
        try
        {
            api.app.start();
        }
        catch (final RuntimeException ex)
        {
            api.close();
            throw new IllegalArgumentException("cannot listen for HTTP on " + config.host + ":" + config.port + ": "
                + (ex.getCause() != null ? ex.getCause().getMessage() : ex.getMessage()), ex);
        }
        return api;
    }

    /** The port listened on (the one given, or the one chosen for port 0). */
    public int port()
    {
        return app.port();
    }

    /** Every route served, as {@code "METHOD /path"} in Javalin's path syntax (for the API's description and its test). */
    public java.util.List<String> routes()
    {
        return app.unsafe.internalRouter.allHttpHandlers().stream().map(parsed -> parsed.endpoint)
            .filter(endpoint -> endpoint.method.isHttpMethod()).map(endpoint -> endpoint.method.name() + " " + endpoint.path)
            .sorted().distinct().toList();
    }

    /** The listeners Jetty runs, as {@code scheme:port} (with TLS, only the HTTPS one: for tests). */
    java.util.List<String> listeners()
    {
        return java.util.Arrays.stream(app.jettyServer().server().getConnectors())
            .map(connector -> String.join("+", connector.getProtocols()) + ":" + ((org.eclipse.jetty.server.ServerConnector)connector).getLocalPort())
            .toList();
    }

    /** The read model, for this package's tests. */
    ReadModel readModel()
    {
        return reads;
    }

    /** The sequence of the last command the read model has applied. */
    public long readSequence()
    {
        return reads.sequence();
    }

    private void login(final Context ctx) throws Exception
    {
        final Body body = Body.parse(json, ctx.body(), LOGIN_FIELDS);
        final long participantId = body.requiredLong("participantId");
        final String secret = body.requiredText("secret");
        final Authenticator.Result result = authenticator.logOn(participantId, secret, ctx.ip()).get();
        if (!result.ok())
        {
            final int status = result.reason() == Reason.BAD_CREDENTIALS ? 401 : result.reason() == Reason.LOGON_THROTTLED ? 429 : 503;
            throw new ApiError(status, result.reason().name(), switch (result.reason())
            {
                case BAD_CREDENTIALS -> "unknown participant or wrong secret";
                case LOGON_THROTTLED -> "too many failed logons for this participant or from this address: wait and try again";
                default -> "the node is busy checking other logons: try again";
            });
        }
        final String token = logins.add(participantId, result.entry().role());
        authenticator.loggedOn(participantId, ctx.ip(), " (" + result.entry().role() + ", HTTP API)");
        final Logins.Login login = logins.get(token);
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("token", token);
        answer.put("participantId", participantId);
        answer.put("role", result.entry().role().name());
        answer.put("expiresAtMs", login.expiresAtMs());
        ctx.json(answer);
    }

    private void me(final Context ctx)
    {
        final Logins.Login login = logins.require(ctx.header("Authorization"));
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("participantId", login.participantId());
        answer.put("role", login.role().name());
        answer.put("expiresAtMs", login.expiresAtMs());
        ctx.json(answer);
    }

    /** The route a request matched (its path pattern, so ids do not make series), or "none". */
    private static String route(final Context ctx)
    {
        try
        {
            final io.javalin.router.Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
            return matched == null ? "none" : matched.path;
        }
        catch (final RuntimeException unmatched)
        {
            return "none";
        }
    }

    /** The node's health, and the read model's: whether it still follows the journal, and keeps up with the writes. */
    private Status health()
    {
        final Status node = metrics.health();
        final java.util.List<String> reasons = new java.util.ArrayList<>(node.reasons());
        if (!reads.isHealthy())
        {
            reasons.add(reads.isStuck() ? "the HTTP API's read model has not come round its loop for " + reads.sinceLastTurnMs() + " ms (stuck)"
                : "the HTTP API's read model has stopped following the journal");
        }
        final String behind = readsBehind();
        if (behind != null)
        {
            reasons.add(behind);
        }
        return reasons.size() == node.reasons().size() ? node : new Status(false, node.state(), java.util.List.copyOf(reasons));
    }

    /**
     * Why the reads are stale, or null: the read model is behind a sequence this API answered a write with and has applied
     * nothing for {@link #READ_BEHIND_LIMIT_MS}. In front of a cluster, the journals it follows are one node's: that
     * node is down or cut off from the majority, while the writes go on through the others.
     */
    private String readsBehind()
    {
        final long written = channel.lastSequence();
        final long read = reads.sequence();
        final long stillMs = reads.sinceLastAdvanceMs();
        if (written <= read || stillMs < READ_BEHIND_LIMIT_MS)
        {
            return null;
        }
        return "the HTTP API's read model is at sequence " + read + ", behind sequence " + written + " a write was answered with, and "
            + "has applied nothing for " + stillMs + " ms: the journals it follows (" + readFrom + ") are not growing";
    }

    private Status readiness()
    {
        final Status node = metrics.readiness();
        final Status ours = health();
        final java.util.List<String> reasons = new java.util.ArrayList<>(node.reasons());
        reasons.addAll(ours.reasons().stream().filter(reason -> !reasons.contains(reason)).toList());
        if (reasons.isEmpty() && !intake.isAccepting())
        {
            reasons.add("writes are not taken now (a cluster with no leader, or a pipeline that has stopped)");
        }
        return reasons.isEmpty() ? node : new Status(false, node.state(), java.util.List.copyOf(reasons));
    }

    /** Open follow-up items past their deadline, against the read model's business date (NaN when it cannot answer). */
    private Double overdueFollowUps()
    {
        try
        {
            final int date = reads.read(0, 0, io.settlement.engine.SettlementEngine::businessDate);
            return (double)followUps.overdueCount(date == 0 ? null : java.time.LocalDate.of(date / 10_000, date / 100 % 100, date % 100));
        }
        catch (final ApiError unavailable)
        {
            return Double.NaN;
        }
    }

    /** Open to anyone (load balancers, orchestrators): 200 or 503 with the state and the reasons. */
    private void status(final Context ctx, final Status status)
    {
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", status.ok() ? "UP" : "DOWN");
        answer.put("state", status.state());
        answer.put("reasons", status.reasons());
        answer.put("readSequence", reads.sequence());
        ctx.status(status.httpStatus()).json(answer);
    }

    /**
     * The status of an engine refusal: 403 not allowed, 404 no such deal, 409 a conflict with the
     * state (exists already, no longer pending, a clientDealId or short code taken), 503 the ring (full, stopped),
     * 422 anything else about the request's content.
     */
    static int statusOf(final Reason reason)
    {
        return switch (reason)
        {
            case NOT_AUTHORISED, NOT_A_PARTY, NOT_YOUR_SIDE, NOT_YOUR_INSTRUCTION -> 403;
            case UNKNOWN_DEAL, DEAL_PURGED, UNKNOWN_INSTRUCTION, INSTRUCTION_PURGED -> 404;
            case ALREADY_EXISTS, DUPLICATE_CLIENT_DEAL_ID, CLIENT_DEAL_ID_RETIRED, DEAL_NOT_PENDING, DUPLICATE_SHORT_CODE, DUPLICATE_ISIN,
                DUPLICATE_CLIENT_REF, CLIENT_REF_RETIRED, INSTRUCTION_NOT_PENDING -> 409;
            case BUSY, UNAVAILABLE -> 503;
            default -> 422;
        };
    }

    static void refuse(final Context ctx, final int status, final String code, final String message)
    {
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("error", code);
        answer.put("message", message);
        if (status == 503)
        {
            ctx.header("Retry-After", "1");
        }
        ctx.status(status).json(answer);
    }

    @Override
    public void close()
    {
        live.close();
        app.stop();
        channel.close();
        followUpMetrics.close();
        followUps.close();
        reads.close();
    }
}
