package io.settlement.http;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.settlement.http.ApiFixture.AUDIT;
import static io.settlement.http.ApiFixture.BANK_A;
import static io.settlement.http.ApiFixture.OPS;
import static io.settlement.http.ApiFixture.RISK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fails follow-up over HTTP against a real node: assign, note, reassign, close, who may do what, bad
 * input, overdue against the business date, and a restart of the API keeping every item. The API's
 * clock is the test's, so the times every action records are known.
 */
class FollowUpApiTest
{
    private static final long NINE_AM = Instant.parse("2026-01-05T09:00:00Z").toEpochMilli();

    private final AtomicLong clockMs = new AtomicLong(NINE_AM);
    private ApiFixture f;
    private String ops;
    private String risk;
    private String audit;
    private String bankA;
    private long settledDeal;
    private long shortDeal;
    private long otherShortDeal;
    private long notYetDueDeal;

    @BeforeEach
    void start() throws Exception
    {
        f = new ApiFixture(new HttpConfig().clockMs(clockMs::get), java.net.http.HttpClient.newHttpClient(), "http");
        ops = f.login(OPS);
        risk = f.login(RISK);
        audit = f.login(AUDIT);
        bankA = f.login(BANK_A);
        status(201, f.post("/api/instruments", ops, "{\"instrumentId\": 10, \"kind\": \"SECURITY\", \"code\": \"ACME\"}"));
        status(201, f.post("/api/instruments", ops, "{\"instrumentId\": 840, \"kind\": \"CURRENCY\", \"code\": \"USD\"}"));
        status(200, f.post("/api/deposits", ops, "{\"participantId\": 1, \"instrumentId\": 840, \"amount\": 100000}"));
        status(200, f.post("/api/deposits", ops, "{\"participantId\": 2, \"instrumentId\": 10, \"amount\": 500}"));
        status(200, f.post("/api/business-date", ops, "{\"businessDate\": \"2026-01-05\"}"));
        settledDeal = deal(1, 100, "2026-01-05");
        shortDeal = deal(2, 600, "2026-01-05");
        otherShortDeal = deal(3, 700, "2026-01-05");
        notYetDueDeal = deal(4, 10, "2026-01-07");
        final ApiFixture.Answer cycle = status(200, f.post("/api/cycles", ops, null));
        assertEquals(2, cycle.body().get("failed").asLong(), cycle::toString);
        status(200, f.get("/api/deals?minSequence=" + cycle.body().get("sequence").asLong(), ops));
    }

    @AfterEach
    void stop() throws Exception
    {
        f.close();
    }

    private long deal(final long clientDealId, final long quantity, final String settlementDate)
    {
        return status(201, f.post("/api/deals", bankA, "{\"clientDealId\": " + clientDealId + ", \"buyerId\": 1, \"sellerId\": 2,"
            + " \"securityId\": 10, \"currencyId\": 840, \"quantity\": " + quantity + ", \"cashAmount\": 100, \"settlementDate\": \""
            + settlementDate + "\", \"dealType\": \"DVP\"}")).body().get("dealId").asLong();
    }

    private static ApiFixture.Answer status(final int expected, final ApiFixture.Answer answer)
    {
        assertEquals(expected, answer.status(), answer::toString);
        return answer;
    }

    private ApiFixture.Answer assign(final String token, final long dealId, final String owner, final String deadline, final String note)
    {
        return f.post("/api/followups", token, "{\"dealId\": " + dealId + ", \"owner\": \"" + owner + "\", \"deadline\": \"" + deadline
            + "\", \"note\": \"" + note + "\"}");
    }

    private static List<String> history(final JsonNode item)
    {
        final List<String> rows = new ArrayList<>();
        for (final JsonNode entry : item.get("history"))
        {
            rows.add(entry.get("action").asText() + " by " + entry.get("by").asLong() + " " + entry.get("byRole").asText() + " at "
                + entry.get("at").asText() + " owner " + entry.get("owner").asText(null) + " deadline " + entry.get("deadline").asText(null)
                + " note " + entry.get("note").asText());
        }
        return rows;
    }

    @Test
    void shouldRecordWhoDidWhatAndWhenFromAssignmentToClosing()
    {
        final ApiFixture.Answer assigned = status(201, assign(ops, shortDeal, "Alice Martin", "2026-01-06", "seller short of ACME"));
        final JsonNode item = assigned.body();
        final long id = item.get("followUpId").asLong();
        assertEquals(1, id);
        assertEquals(shortDeal, item.get("dealId").asLong());
        assertEquals("Alice Martin", item.get("owner").asText());
        assertEquals("2026-01-06", item.get("deadline").asText());
        assertEquals("OPEN", item.get("status").asText());
        assertFalse(item.get("overdue").asBoolean());
        assertEquals(OPS, item.get("assignedBy").asLong());
        assertEquals("2026-01-05T09:00:00Z", item.get("assignedAt").asText());
        assertEquals("PENDING", item.get("deal").get("status").asText());
        assertEquals("INSUFFICIENT_SECURITIES", item.get("deal").get("lastFailReason").asText());
        assertTrue(item.get("deal").get("notice").isNull());

        clockMs.set(NINE_AM + 60_000);
        status(200, f.post("/api/followups/" + id + "/notes", ops, "{\"note\": \"called the seller's back office\"}"));
        clockMs.set(NINE_AM + 120_000);
        final ApiFixture.Answer reassigned = status(200, f.call("PUT", "/api/followups/" + id, ops,
            "{\"owner\": \"Bob Chen\", \"deadline\": \"2026-01-07\", \"note\": \"Bob covers the seller\"}"));
        assertEquals("Bob Chen", reassigned.body().get("owner").asText());
        assertEquals("2026-01-07", reassigned.body().get("deadline").asText());
        clockMs.set(NINE_AM + 180_000);
        final ApiFixture.Answer closed = status(200, f.post("/api/followups/" + id + "/close", ops, "{\"note\": \"seller delivers tomorrow\"}"));
        assertEquals("CLOSED", closed.body().get("status").asText());

        final ApiFixture.Answer again = status(409, f.post("/api/followups/" + id + "/close", ops, "{\"note\": \"twice\"}"));
        assertEquals("FOLLOW_UP_CLOSED", again.error());
        assertTrue(again.body().get("message").asText().contains("closed by participant 91 at 2026-01-05T09:03:00Z"), again::toString);
        assertEquals("FOLLOW_UP_CLOSED", status(409, f.post("/api/followups/" + id + "/notes", ops, "{\"note\": \"late\"}")).error());
        assertEquals("FOLLOW_UP_CLOSED", status(409, f.call("PUT", "/api/followups/" + id, ops, "{\"owner\": \"Carol\"}")).error());

        final ApiFixture.Answer read = status(200, f.get("/api/followups/" + id, audit));
        assertEquals(List.of(
            "ASSIGN by 91 OPERATOR at 2026-01-05T09:00:00Z owner Alice Martin deadline 2026-01-06 note seller short of ACME",
            "NOTE by 91 OPERATOR at 2026-01-05T09:01:00Z owner null deadline null note called the seller's back office",
            "REASSIGN by 91 OPERATOR at 2026-01-05T09:02:00Z owner Bob Chen deadline 2026-01-07 note Bob covers the seller",
            "CLOSE by 91 OPERATOR at 2026-01-05T09:03:00Z owner null deadline null note seller delivers tomorrow"),
            history(read.body()));
        assertEquals(OPS, read.body().get("lastActionBy").asLong());
        assertEquals("2026-01-05T09:03:00Z", read.body().get("lastActionAt").asText());

        // closed, the deal may be assigned again
        assertEquals(2, status(201, assign(ops, shortDeal, "Carol", "2026-01-08", "")).body().get("followUpId").asLong());

        final String metrics = f.get("/metrics", null).raw().body();
        assertTrue(metrics.contains("settlement_followups_actions_total{action=\"assign\",participant=\"91\"} 2.0"), metrics);
        assertTrue(metrics.contains("settlement_followups_actions_total{action=\"note\",participant=\"91\"} 1.0"), metrics);
        assertTrue(metrics.contains("settlement_followups_actions_total{action=\"reassign\",participant=\"91\"} 1.0"), metrics);
        assertTrue(metrics.contains("settlement_followups_actions_total{action=\"close\",participant=\"91\"} 1.0"), metrics);
        assertTrue(metrics.contains("settlement_followups_open 1.0"), metrics);
    }

    @Test
    void shouldAssignOnlyADealThatIsFailing()
    {
        final ApiFixture.Answer unknown = status(404, assign(ops, 9_999, "Alice", "2026-01-06", ""));
        assertEquals("UNKNOWN_DEAL", unknown.error());
        final ApiFixture.Answer settled = status(409, assign(ops, settledDeal, "Alice", "2026-01-06", ""));
        assertEquals("DEAL_NOT_FAILING", settled.error());
        assertTrue(settled.body().get("message").asText().contains("is SETTLED"), settled::toString);
        final ApiFixture.Answer notFailed = status(409, assign(ops, notYetDueDeal, "Alice", "2026-01-06", ""));
        assertEquals("DEAL_NOT_FAILING", notFailed.error());
        assertTrue(notFailed.body().get("message").asText().contains("has not failed a cycle"), notFailed::toString);

        status(201, assign(ops, shortDeal, "Alice", "2026-01-06", ""));
        final ApiFixture.Answer twice = status(409, assign(ops, shortDeal, "Bob", "2026-01-06", ""));
        assertEquals("ALREADY_ASSIGNED", twice.error());
        assertTrue(twice.body().get("message").asText().contains("open follow-up 1 (owner Alice)"), twice::toString);
        assertEquals(1, status(200, f.get("/api/followups", ops)).body().get("followUps").size(), "the refusals changed nothing");
    }

    @Test
    void shouldLetOnlyAnOperatorWriteAndRiskOperationsAndAuditRead()
    {
        for (final String token : new String[] {risk, audit, bankA})
        {
            final ApiFixture.Answer refused = status(403, assign(token, shortDeal, "Alice", "2026-01-06", ""));
            assertEquals("NOT_AUTHORISED", refused.error());
        }
        final long id = status(201, assign(ops, shortDeal, "Alice", "2026-01-06", "")).body().get("followUpId").asLong();
        for (final String token : new String[] {risk, audit, bankA})
        {
            assertEquals("NOT_AUTHORISED", status(403, f.post("/api/followups/" + id + "/notes", token, "{\"note\": \"x\"}")).error());
            assertEquals("NOT_AUTHORISED", status(403, f.post("/api/followups/" + id + "/close", token, "{\"note\": \"x\"}")).error());
            assertEquals("NOT_AUTHORISED", status(403, f.call("PUT", "/api/followups/" + id, token, "{\"owner\": \"Eve\"}")).error());
        }
        for (final String token : new String[] {risk, audit, ops})
        {
            assertEquals(1, status(200, f.get("/api/followups", token)).body().get("followUps").size());
            assertEquals("Alice", status(200, f.get("/api/followups/" + id, token)).body().get("owner").asText());
        }
        assertEquals("NOT_AUTHORISED", status(403, f.get("/api/followups", bankA)).error());
        assertEquals("NOT_AUTHORISED", status(403, f.get("/api/followups/" + id, bankA)).error());
        assertEquals("UNAUTHENTICATED", status(401, f.get("/api/followups", null)).error());
        assertEquals("UNAUTHENTICATED", status(401, assign(null, shortDeal, "Alice", "2026-01-06", "")).error());
        assertEquals(List.of("ASSIGN"), List.of(status(200, f.get("/api/followups/" + id, ops)).body().get("history").get(0)
            .get("action").asText()), "nothing refused was recorded");
        assertEquals(1, status(200, f.get("/api/followups/" + id, ops)).body().get("history").size());
    }

    @Test
    void shouldRefuseBadInputNamingTheField()
    {
        final String deal = "{\"dealId\": " + shortDeal + ", ";
        badRequest(f.post("/api/followups", ops, deal + "\"deadline\": \"2026-01-06\"}"), "missing field 'owner'");
        badRequest(f.post("/api/followups", ops, deal + "\"owner\": \"\", \"deadline\": \"2026-01-06\"}"), "field 'owner' must be 1 to 64");
        badRequest(f.post("/api/followups", ops, deal + "\"owner\": \"" + "x".repeat(65) + "\", \"deadline\": \"2026-01-06\"}"),
            "field 'owner' must be 1 to 64 characters, found 65");
        badRequest(f.post("/api/followups", ops, deal + "\"owner\": \"Al\\u0007ice\", \"deadline\": \"2026-01-06\"}"), "field 'owner' must be printable");
        // an unpaired surrogate would be written to the log as '?' and replay differently
        badRequest(f.post("/api/followups", ops, deal + "\"owner\": \"Al\\ud800ice\", \"deadline\": \"2026-01-06\"}"),
            "field 'owner' must be printable");
        badRequest(f.post("/api/followups", ops, deal + "\"owner\": \"Alice\"}"), "missing field 'deadline'");
        badRequest(f.post("/api/followups", ops, deal + "\"owner\": \"Alice\", \"deadline\": \"tomorrow\"}"), "field 'deadline' must be a date");
        badRequest(f.post("/api/followups", ops, deal + "\"owner\": \"Alice\", \"deadline\": \"2026-02-30\"}"), "field 'deadline' is not a calendar day");
        badRequest(f.post("/api/followups", ops, deal + "\"owner\": \"Alice\", \"deadline\": \"2026-01-04\"}"),
            "field 'deadline' (2026-01-04) is before the business date (2026-01-05)");
        badRequest(f.post("/api/followups", ops, deal + "\"owner\": \"Alice\", \"deadline\": \"2026-01-06\", \"note\": \"" + "n".repeat(501) + "\"}"),
            "field 'note' must be at most 500 characters, found 501");
        badRequest(f.post("/api/followups", ops, deal + "\"owner\": \"Alice\", \"deadline\": \"2026-01-06\", \"due\": 1}"), "unknown field 'due'");
        badRequest(f.post("/api/followups", ops, "{\"dealId\": \"one\"}"), "field 'dealId' must be a whole number");
        badRequest(f.post("/api/followups", ops, "{not json"), "the body is not JSON");

        final long id = status(201, assign(ops, shortDeal, "Alice", "2026-01-06", "")).body().get("followUpId").asLong();
        badRequest(f.call("PUT", "/api/followups/" + id, ops, "{\"note\": \"only a note\"}"), "give 'owner', 'deadline' or both");
        badRequest(f.call("PUT", "/api/followups/" + id, ops, "{\"deadline\": \"2025-12-31\"}"), "field 'deadline' (2025-12-31) is before the business date");
        badRequest(f.post("/api/followups/" + id + "/notes", ops, "{\"note\": \"   \"}"), "field 'note' must not be blank");
        badRequest(f.post("/api/followups/" + id + "/close", ops, "{}"), "missing field 'note'");
        badRequest(f.get("/api/followups/abc", ops), "abc");
        badRequest(f.get("/api/followups?status=pending", ops), "'status' must be open or closed");
        badRequest(f.get("/api/followups?overdue=maybe", ops), "'overdue' must be true or false");
        assertEquals(1, status(200, f.get("/api/followups/" + id, ops)).body().get("history").size(), "bad input changed nothing");

        assertEquals("UNKNOWN_FOLLOW_UP", status(404, f.get("/api/followups/77", ops)).error());
        assertEquals("UNKNOWN_FOLLOW_UP", status(404, f.post("/api/followups/77/notes", ops, "{\"note\": \"x\"}")).error());
        assertEquals("UNKNOWN_FOLLOW_UP", status(404, f.post("/api/followups/77/close", ops, "{\"note\": \"x\"}")).error());
        assertEquals("UNKNOWN_FOLLOW_UP", status(404, f.call("PUT", "/api/followups/77", ops, "{\"owner\": \"Bob\"}")).error());
    }

    private static void badRequest(final ApiFixture.Answer answer, final String message)
    {
        assertEquals(400, answer.status(), answer::toString);
        assertEquals("INVALID_REQUEST", answer.error());
        assertTrue(answer.body().get("message").asText().contains(message), () -> "expected \"" + message + "\" in " + answer);
    }

    @Test
    void shouldListOpenItemsByOwnerAndCountThoseOverdueAgainstTheBusinessDate()
    {
        final long alice = status(201, assign(ops, shortDeal, "Alice", "2026-01-05", "")).body().get("followUpId").asLong();
        final long bob = status(201, assign(ops, otherShortDeal, "Bob", "2026-01-07", "")).body().get("followUpId").asLong();
        JsonNode list = status(200, f.get("/api/followups?status=open", risk)).body();
        assertEquals("2026-01-05", list.get("businessDate").asText());
        assertEquals(2, list.get("open").asLong());
        assertEquals(0, list.get("overdue").asLong(), "a deadline on the business date is not yet overdue");

        final ApiFixture.Answer advanced = status(200, f.post("/api/business-date", ops, "{\"businessDate\": \"2026-01-06\"}"));
        list = status(200, f.get("/api/followups?minSequence=" + advanced.body().get("sequence").asLong(), risk)).body();
        assertEquals(1, list.get("overdue").asLong(), list::toString);
        assertEquals("Alice/1/1 Bob/1/0", owners(list));
        assertEquals(List.of(alice, bob), ids(list));
        assertTrue(list.get("followUps").get(0).get("overdue").asBoolean());
        assertFalse(list.get("followUps").get(1).get("overdue").asBoolean());
        assertEquals(List.of(alice), ids(status(200, f.get("/api/followups?overdue=true", audit)).body()));
        assertEquals(List.of(bob), ids(status(200, f.get("/api/followups?overdue=false", audit)).body()));
        assertEquals(List.of(bob), ids(status(200, f.get("/api/followups?owner=Bob", audit)).body()));
        assertEquals(List.of(), ids(status(200, f.get("/api/followups?status=closed", audit)).body()));
        assertTrue(f.get("/metrics", null).raw().body().contains("settlement_followups_overdue 1.0"));

        // the seller gets its securities and Alice's deal settles: the item stays open and says so
        status(200, f.post("/api/deposits", ops, "{\"participantId\": 2, \"instrumentId\": 10, \"amount\": 600}"));
        final ApiFixture.Answer cycle = status(200, f.post("/api/cycles", ops, null));
        final JsonNode item = status(200, f.get("/api/followups?owner=Alice&minSequence=" + cycle.body().get("sequence").asLong(), ops))
            .body().get("followUps").get(0);
        assertEquals("OPEN", item.get("status").asText());
        assertEquals("SETTLED", item.get("deal").get("status").asText());
        assertEquals("deal " + shortDeal + " has settled since it was assigned: close this follow-up", item.get("deal").get("notice").asText());

        status(200, f.post("/api/followups/" + alice + "/close", ops, "{\"note\": \"settled\"}"));
        list = status(200, f.get("/api/followups", risk)).body();
        assertEquals("Bob/1/0", owners(list));
        assertEquals(0, list.get("overdue").asLong());
        assertEquals(List.of(alice), ids(status(200, f.get("/api/followups?status=closed", audit)).body()));
    }

    private static String owners(final JsonNode list)
    {
        final List<String> rows = new ArrayList<>();
        list.get("owners").forEach(o -> rows.add(o.get("owner").asText() + "/" + o.get("open").asLong() + "/" + o.get("overdue").asLong()));
        return String.join(" ", rows);
    }

    private static List<Long> ids(final JsonNode list)
    {
        final List<Long> ids = new ArrayList<>();
        list.get("followUps").forEach(item -> ids.add(item.get("followUpId").asLong()));
        return ids;
    }

    @Test
    void shouldKeepEveryItemAndItsHistoryWhenTheApiRestartsOnTheSameData() throws Exception
    {
        final long id = status(201, assign(ops, shortDeal, "Alice", "2026-01-06", "first")).body().get("followUpId").asLong();
        clockMs.set(NINE_AM + 3_600_000);
        status(200, f.post("/api/followups/" + id + "/notes", ops, "{\"note\": \"second\"}"));
        final List<String> before = history(status(200, f.get("/api/followups/" + id, ops)).body());

        // a write the node did not finish (no newline: it was never answered) is cut off at start
        final Path log = f.dir.resolve("followups").resolve(FollowUps.FILE_NAME);
        Files.write(log, "{\"followUpId\": 1, \"action\": \"CLO".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        f.restartApi(new HttpConfig().clockMs(clockMs::get));
        ops = f.login(OPS);

        final JsonNode item = status(200, f.get("/api/followups/" + id, ops)).body();
        assertEquals(before, history(item));
        assertEquals("OPEN", item.get("status").asText());
        assertTrue(f.get("/metrics", null).raw().body().contains("settlement_followups_actions_total{action=\"note\",participant=\"91\"} 1.0"));
        assertEquals(2, status(201, assign(ops, otherShortDeal, "Bob", "2026-01-06", "")).body().get("followUpId").asLong());
        final List<String> lines = Files.readAllLines(log);
        assertEquals(3, lines.size(), lines::toString);
        assertTrue(lines.get(2).startsWith("{\"followUpId\":2,\"action\":\"ASSIGN\""), lines::toString);

        // a damaged line in the middle stops the start rather than losing an audit record
        f.api.close();
        f.api = null;
        Files.write(log, List.of(lines.get(0), "not json", lines.get(2)), StandardCharsets.UTF_8);
        final Exception refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
            () -> f.restartApi(new HttpConfig().clockMs(clockMs::get)));
        assertTrue(refused.getMessage().contains("followups.jsonl line 2 cannot be read"), refused::toString);
    }
}
