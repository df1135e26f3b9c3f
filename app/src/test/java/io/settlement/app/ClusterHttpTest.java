package io.settlement.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP API in front of three real nodes ({@code settlement gateway --cluster} with an {@code http} line): writes go to
 * the cluster, reads come from the journals of the node {@code --read-from} names. A deal written is read back; after the
 * leader is killed writes answer (503 UNAVAILABLE while there is no leader, then as before, a repeat its original deal)
 * and reads serve; once the node read from is gone too, reads still serve what it had, say how far they are, and /health
 * says they are stale.
 */
class ClusterHttpTest
{
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private String base;
    private String token;

    @Test
    @Timeout(300)
    void shouldWriteThroughTheClusterReadFromANodesJournalsAndKeepBothThroughALeaderKill() throws Exception
    {
        try (ClusterInFront cluster = new ClusterInFront(dir))
        {
            cluster.startGateway(ClusterInFront.EXAMPLE.toAbsolutePath());
            assertTrue(cluster.out.toString().contains("HTTP API on http://localhost:" + cluster.command.boundHttpPort + "/api, writes to the "
                + "cluster, reads from the journals in " + cluster.nodes.get(cluster.readFrom).config().dataDirectory()), cluster.out::toString);
            base = "http://127.0.0.1:" + cluster.command.boundHttpPort;
            final HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"participantId\": 1, \"secret\": \"northbank-secret\"}")).build());
            assertEquals(200, login.statusCode(), login.body());
            token = login.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");

            final HttpResponse<String> first = deal(1);
            assertEquals(201, first.statusCode(), first.body());
            final long dealId = field(first.body(), "dealId");
            final HttpResponse<String> read = get("/api/deals/" + dealId + "?minSequence=" + field(first.body(), "sequence"));
            assertEquals(200, read.statusCode(), read.body());
            assertEquals(1, field(read.body(), "clientDealId"), read.body());
            assertTrue(Long.parseLong(read.headers().firstValue("X-Read-Sequence").orElseThrow()) >= field(first.body(), "sequence"));

            cluster.killLeader();
            final HttpResponse<String> second = dealUntilAnswered(2, 90_000);
            assertEquals(201, second.statusCode(), second.body());
            final HttpResponse<String> repeat = dealUntilAnswered(1, 30_000);
            assertEquals(200, repeat.statusCode(), repeat.body());
            assertEquals(dealId, field(repeat.body(), "dealId"), "the original deal: " + repeat.body());
            final HttpResponse<String> readAfter = get("/api/deals/" + field(second.body(), "dealId") + "?minSequence="
                + field(second.body(), "sequence"));
            assertEquals(200, readAfter.statusCode(), readAfter.body());
            assertEquals(200, get("/api/positions").statusCode(), "reads still serve");
            final HttpResponse<String> health = send(HttpRequest.newBuilder(URI.create(base + "/health")).build());
            assertEquals(200, health.statusCode(), health.body());

            // the node read from gone as well (two of three live: the killed leader started again first): writes go on, reads
            // serve what that node had, stale, and say so
            final int restarted = cluster.nodes.indexOf(cluster.nodes.stream().filter(node -> !node.isAlive()).findFirst().orElseThrow());
            cluster.nodes.get(restarted).start();
            ClusterInFront.await(() -> cluster.nodes.get(restarted).hasStarted(), 90_000, cluster::describe);
            final long readBefore = Long.parseLong(get("/api/positions").headers().firstValue("X-Read-Sequence").orElseThrow());
            cluster.nodes.get(cluster.readFrom).kill();
            final HttpResponse<String> third = dealUntilAnswered(3, 120_000);
            assertEquals(201, third.statusCode(), third.body() + "\n" + cluster.describe());
            final long written = field(third.body(), "sequence");
            final HttpResponse<String> stale = get("/api/positions");
            assertEquals(200, stale.statusCode(), stale.body());
            final long readSequence = Long.parseLong(stale.headers().firstValue("X-Read-Sequence").orElseThrow());
            assertTrue(readSequence >= readBefore && readSequence < written, () -> "read at " + readSequence + ", written " + written);
            final HttpResponse<String> notYet = get("/api/deals/" + field(third.body(), "dealId") + "?minSequence=" + written);
            assertEquals(503, notYet.statusCode(), notYet.body());
            assertTrue(notYet.body().contains("NOT_YET_VISIBLE"), notYet.body());
            final String[] said = new String[1];
            ClusterInFront.await(() ->
            {
                final HttpResponse<String> now = unchecked(HttpRequest.newBuilder(URI.create(base + "/health")).build());
                said[0] = now.body();
                return now.statusCode() == 503;
            }, 30_000, () -> "health still " + said[0]);
            assertTrue(said[0].contains("the HTTP API's read model is at sequence " + readSequence + ", behind sequence " + written
                + " a write was answered with"), said[0]);
            assertTrue(said[0].contains("the journals it follows (" + cluster.nodes.get(cluster.readFrom).config().dataDirectory()
                + ") are not growing"), said[0]);
        }
    }

    /** NORTHBANK buys 10 ACME from EASTBANK for 250.00 USD, as {@code clientDealId}. */
    private HttpResponse<String> deal(final long clientDealId) throws Exception
    {
        return send(HttpRequest.newBuilder(URI.create(base + "/api/deals")).header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString("{\"clientDealId\": " + clientDealId + ", \"buyerId\": 1, \"sellerId\": 2, "
                + "\"securityId\": 10, \"currencyId\": 840, \"quantity\": 10, \"cashAmount\": 25000, \"settlementDate\": \"2026-01-05\", "
                + "\"dealType\": \"DVP\"}")).build());
    }

    /** The deal sent until answered other than 503 (no leader yet: UNAVAILABLE or BUSY, with Retry-After), or the last 503. */
    private HttpResponse<String> dealUntilAnswered(final long clientDealId, final long timeoutMs) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true)
        {
            final HttpResponse<String> answer = deal(clientDealId);
            if (answer.statusCode() != 503 || System.nanoTime() - deadline > 0)
            {
                return answer;
            }
            assertTrue(answer.body().contains("UNAVAILABLE") || answer.body().contains("BUSY"), answer.body());
            assertEquals("1", answer.headers().firstValue("Retry-After").orElse(""), answer.body());
            Thread.sleep(500);
        }
    }

    private HttpResponse<String> get(final String path) throws Exception
    {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).build());
    }

    private HttpResponse<String> send(final HttpRequest request) throws Exception
    {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> unchecked(final HttpRequest request)
    {
        try
        {
            return send(request);
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static long field(final String json, final String name)
    {
        final java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\"" + name + "\":(-?\\d+)").matcher(json);
        assertTrue(matcher.find(), () -> name + " in " + json);
        return Long.parseLong(matcher.group(1));
    }
}
