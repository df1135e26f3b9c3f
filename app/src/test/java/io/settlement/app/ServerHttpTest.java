package io.settlement.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code settlement server} with the example configuration serves the HTTP API beside the gateway. */
class ServerHttpTest
{
    private static final Path CONFIG = Path.of("..", "docs", "examples", "server.conf");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void shouldServeTheHttpApiWithTheConfiguredCredentialsAndRunACycleByHand() throws Exception
    {
        final Path data = Files.createTempDirectory("server-http").resolve("data");
        final RunningServer server = new RunningServer(CONFIG, data);
        try
        {
            final String base = "http://127.0.0.1:" + server.command.boundHttpPort;
            final HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"participantId\": 91, \"secret\": \"ops-secret-91\"}")).build());
            assertEquals(200, login.statusCode(), login.body());
            final String token = login.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");

            final HttpResponse<String> participants = send(HttpRequest.newBuilder(URI.create(base + "/api/participants"))
                .header("Authorization", "Bearer " + token).build());
            assertEquals(200, participants.statusCode(), participants.body());
            assertEquals(4, participants.body().split("participantId").length - 1, participants.body());

            final HttpResponse<String> cycle = send(HttpRequest.newBuilder(URI.create(base + "/api/cycles"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build());
            assertEquals(200, cycle.statusCode(), cycle.body());
            assertTrue(cycle.body().contains("\"attempted\":0"), cycle.body());
        }
        finally
        {
            final String out = server.stop();
            assertTrue(out.contains("HTTP API on http://localhost:" + server.command.boundHttpPort + "/api"), out);
        }
    }

    private HttpResponse<String> send(final HttpRequest request) throws Exception
    {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
