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

            // the reports of the read model the server's projector fills (its default, embedded), over HTTP:
            // NORTHBANK's statement closes the day with the USD 10,000,000.00 the set-up deposited
            final HttpRequest statement = HttpRequest.newBuilder(URI.create(base
                + "/api/reports/statement?participant=NORTHBANK&date=2026-01-05&format=csv")).header("Authorization", "Bearer " + token).build();
            HttpResponse<String> report = send(statement);
            final long giveUpAt = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (report.statusCode() != 200 && System.nanoTime() < giveUpAt)
            {
                Thread.sleep(100); // the projector writes the read model a moment after the node starts
                report = send(statement);
            }
            assertEquals(200, report.statusCode(), report.body());
            assertEquals("attachment; filename=\"statement-NORTHBANK-20260105.csv\"",
                report.headers().firstValue("Content-Disposition").orElse(""));
            final String body = report.body();
            final String closing = body.lines().filter(line -> line.contains(",USD,") && line.contains(",CLOSING,"))
                .findFirst().orElseThrow(() -> new AssertionError("no USD closing line in\n" + body));
            assertEquals(0, new java.math.BigDecimal("10000000.00").compareTo(new java.math.BigDecimal(closing.substring(closing.lastIndexOf(',') + 1))),
                closing);
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
