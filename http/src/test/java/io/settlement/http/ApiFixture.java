package io.settlement.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.settlement.engine.EngineConfig;
import io.settlement.engine.api.Command;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.gateway.Credentials;
import io.settlement.gateway.GatewayConfig;
import io.settlement.gateway.GatewayServer;
import io.settlement.journal.DataDirectory;
import io.settlement.journal.SettlementNode;
import io.settlement.metrics.NodeMetrics;
import io.settlement.protocol.wire.Role;
import io.settlement.reports.ReadModelDatabase;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A node in a temporary directory with its gateway (for the authenticator it shares) and the HTTP API
 * on free ports, and an HTTP client. Participants: members {@link #BANK_A}, {@link #BANK_B}; {@link #RISK},
 * {@link #OPS} (operator), {@link #AUDIT}, each with secret {@code "secret-" + id}; created by the system
 * with nothing else, so a test builds its market through the API.
 */
final class ApiFixture implements AutoCloseable
{
    static final long BANK_A = 1;
    static final long BANK_B = 2;
    static final long RISK = 90;
    static final long OPS = 91;
    static final long AUDIT = 92;

    final Path dir;
    final SettlementNode node;
    final GatewayServer gateway;
    final NodeMetrics metrics = new NodeMetrics();
    HttpApi api;
    String base;
    private final String scheme;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    /** What the API answered. */
    record Answer(int status, JsonNode body, HttpResponse<String> raw)
    {
        String error()
        {
            return body.path("error").asText();
        }

        @Override
        public String toString()
        {
            return status + " " + raw.body();
        }
    }

    ApiFixture() throws Exception
    {
        this(new HttpConfig(), HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), "http");
    }

    ApiFixture(final HttpConfig config, final HttpClient http, final String scheme) throws Exception
    {
        dir = Files.createTempDirectory("http-api-test");
        final Credentials credentials = new Credentials();
        metrics.recovering();
        node = SettlementNode.start(new SettlementNode.Config(dir).ringSize(1024).log(line -> { }).engine(new EngineConfig()));
        metrics.attach(node);
        try (PipelineClient system = node.client(Command.SYSTEM_SUBMITTER))
        {
            for (final long id : new long[] {BANK_A, BANK_B})
            {
                setUp(system, new Command().createParticipant(0, 0, id, Role.MEMBER));
                credentials.addSecret(id, Role.MEMBER, secret(id));
            }
            setUp(system, new Command().createParticipant(0, 0, RISK, Role.RISK));
            setUp(system, new Command().createParticipant(0, 0, OPS, Role.OPERATOR));
            setUp(system, new Command().createParticipant(0, 0, AUDIT, Role.AUDITOR));
        }
        credentials.addSecret(RISK, Role.RISK, secret(RISK));
        credentials.addSecret(OPS, Role.OPERATOR, secret(OPS));
        credentials.addSecret(AUDIT, Role.AUDITOR, secret(AUDIT));
        gateway = GatewayServer.start(node.pipeline(), node.router(),
            // a lockout lasts the test however slow the machine (the default 1 s ran out between two requests under load)
            new GatewayConfig().port(0).host("127.0.0.1").credentials(credentials).logonBackoffMs(120_000));
        metrics.attach(gateway);
        metrics.markReady();
        api = HttpApi.start(config.port(0).host("127.0.0.1"), node.pipeline(), node.router(), gateway.authenticator(),
            new DataDirectory(dir), new EngineConfig(), metrics, ReadModelDatabase.embedded(dir));
        this.http = http;
        this.scheme = scheme;
        base = scheme + "://127.0.0.1:" + api.port();
    }

    /**
     * Stops the HTTP API and starts a new one on the same node and data directory (a restart of the
     * API: its logons are gone, what it keeps on disk is read back).
     */
    void restartApi(final HttpConfig config) throws Exception
    {
        restartApi(config, ReadModelDatabase.embedded(dir));
    }

    /** {@link #restartApi(HttpConfig)} serving the reports of {@code reports} (null: as a node with {@code reports off}). */
    void restartApi(final HttpConfig config, final ReadModelDatabase reports) throws Exception
    {
        if (api != null)
        {
            api.close();
            api = null;
        }
        api = HttpApi.start(config.port(0).host("127.0.0.1"), node.pipeline(), node.router(), gateway.authenticator(),
            new DataDirectory(dir), new EngineConfig(), metrics, reports);
        base = scheme + "://127.0.0.1:" + api.port();
    }

    private static void setUp(final PipelineClient system, final Command command) throws Exception
    {
        assertEquals(io.settlement.protocol.wire.Reason.OK, system.send(command).get(10, TimeUnit.SECONDS).first().reason);
    }

    static String secret(final long participantId)
    {
        return "secret-" + participantId;
    }

    /** Logs on and returns the token. */
    String login(final long participantId)
    {
        final Answer answer = call("POST", "/api/login", null, "{\"participantId\": " + participantId + ", \"secret\": \""
            + secret(participantId) + "\"}");
        assertEquals(200, answer.status(), answer::toString);
        return answer.body().get("token").asText();
    }

    Answer get(final String path, final String token)
    {
        return call("GET", path, token, null);
    }

    Answer post(final String path, final String token, final String body)
    {
        return call("POST", path, token, body);
    }

    Answer call(final String method, final String path, final String token, final String body)
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null)
        {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null)
        {
            request.header("Content-Type", "application/json");
        }
        try
        {
            final HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            final boolean isJson = response.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
            final JsonNode parsed = response.body().isEmpty() || !isJson ? json.createObjectNode() : json.readTree(response.body());
            return new Answer(response.statusCode(), parsed, response);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(method + " " + path + ": " + ex, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void close() throws Exception
    {
        if (api != null)
        {
            api.close();
        }
        gateway.close();
        node.close();
        metrics.close();
        try (Stream<Path> files = Files.walk(dir))
        {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }
}
