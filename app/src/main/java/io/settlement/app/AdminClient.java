package io.settlement.app;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code settlement admin}'s connection to a node's HTTP API (docs/http-api.md): logs on with the
 * participant's id and secret, sends requests with the token, logs off when closed. A refusal is an
 * {@link AdminException} carrying the node's error code and message and the exit code it maps to.
 */
final class AdminClient implements AutoCloseable
{
    /** Exit code: the node refused the request (bad credentials, not authorised, an engine reason, bad input). */
    static final int REFUSED = 6;
    /** Exit code: the node could not be reached or could not take the request now (busy, stopping, no answer). */
    static final int UNAVAILABLE = 7;

    /** A request the node refused, or could not serve, as one line and an exit code. */
    static final class AdminException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;
        final int exitCode;

        AdminException(final int exitCode, final String message)
        {
            super(message, null, false, false);
            this.exitCode = exitCode;
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http;
    private final String base;
    private String token;

    AdminClient(final AdminLogin login)
    {
        this.base = login.url.endsWith("/") ? login.url.substring(0, login.url.length() - 1) : login.url;
        final URI url;
        try
        {
            url = URI.create(base);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("--url " + login.url + " is not a URL: " + ex.getMessage());
        }
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null)
        {
            throw new IllegalArgumentException("--url " + login.url + " must be http://HOST:PORT or https://HOST:PORT");
        }
        final HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (login.truststore != null)
        {
            builder.sslContext(trusting(login.truststore, login.truststorePassword));
        }
        this.http = builder.build();
    }

    /** Logs on; the answer's role, for commands that say what a role may do. */
    JsonNode logOn(final long participantId, final String secret)
    {
        final ObjectNode body = json.createObjectNode().put("participantId", participantId).put("secret", secret);
        final JsonNode answer = send("POST", "/api/login", body);
        token = answer.get("token").asText();
        return answer;
    }

    JsonNode get(final String path)
    {
        return send("GET", path, null);
    }

    JsonNode post(final String path, final JsonNode body)
    {
        return send("POST", path, body);
    }

    JsonNode put(final String path, final JsonNode body)
    {
        return send("PUT", path, body);
    }

    ObjectNode object()
    {
        return json.createObjectNode();
    }

    String print(final JsonNode node)
    {
        try
        {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private JsonNode send(final String method, final String path, final JsonNode body)
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null)
        {
            request.header("Content-Type", "application/json");
        }
        if (token != null)
        {
            request.header("Authorization", "Bearer " + token);
        }
        final HttpResponse<String> response;
        try
        {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (final ConnectException ex)
        {
            throw new AdminException(UNAVAILABLE, "cannot reach a node at " + base + " (is its http line on, and the port right?)");
        }
        catch (final IOException ex)
        {
            throw new AdminException(UNAVAILABLE, method + " " + base + path + ": " + ex.getMessage());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AdminException(UNAVAILABLE, "interrupted");
        }
        final JsonNode answer = parse(response);
        if (response.statusCode() >= 400)
        {
            final String code = answer.path("error").asText("HTTP " + response.statusCode());
            final String message = answer.path("message").asText(response.body());
            throw new AdminException(response.statusCode() >= 500 ? UNAVAILABLE : REFUSED, code + ": " + message);
        }
        return answer;
    }

    private JsonNode parse(final HttpResponse<String> response)
    {
        if (response.body().isEmpty())
        {
            return json.createObjectNode();
        }
        try
        {
            return json.readTree(response.body());
        }
        catch (final JsonProcessingException ex)
        {
            throw new AdminException(UNAVAILABLE, "the node at " + base + " answered " + response.statusCode()
                + " with something that is not JSON (is it the HTTP API's port?)");
        }
    }

    private static SSLContext trusting(final Path truststore, final String password)
    {
        try (InputStream in = Files.newInputStream(truststore))
        {
            final KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password == null ? new char[0] : password.toCharArray());
            final TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            final SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            return tls;
        }
        catch (final IOException | GeneralSecurityException ex)
        {
            throw new IllegalArgumentException("cannot read the truststore " + truststore + ": " + ex.getMessage());
        }
    }

    /** Logs off (the token ends now, not when it expires). */
    @Override
    public void close()
    {
        if (token != null)
        {
            try
            {
                send("POST", "/api/logout", null);
            }
            catch (final AdminException ignored)
            {
                // the node went away: the token dies with it
            }
            token = null;
        }
    }
}
