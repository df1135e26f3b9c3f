package io.settlement.http;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.settlement.http.ApiFixture.AUDIT;
import static io.settlement.http.ApiFixture.BANK_A;
import static io.settlement.http.ApiFixture.BANK_B;
import static io.settlement.http.ApiFixture.OPS;
import static io.settlement.http.ApiFixture.RISK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A settlement day run over HTTP against a real node: every write through the ring, every read from the read model. */
class HttpApiTest
{
    private ApiFixture f;
    private String ops;
    private String risk;
    private String bankA;
    private String bankB;
    private String audit;

    @BeforeEach
    void start() throws Exception
    {
        f = new ApiFixture();
        ops = f.login(OPS);
        risk = f.login(RISK);
        bankA = f.login(BANK_A);
        bankB = f.login(BANK_B);
        audit = f.login(AUDIT);
    }

    @AfterEach
    void stop() throws Exception
    {
        f.close();
    }

    /** Instruments, funding and the first business date, as an operator does it; answers the last command's sequence. */
    private long openMarket()
    {
        created(f.post("/api/instruments", ops, "{\"instrumentId\": 10, \"kind\": \"SECURITY\", \"code\": \"ACME\"}"));
        created(f.post("/api/instruments", ops, "{\"instrumentId\": 840, \"kind\": \"CURRENCY\", \"code\": \"USD\"}"));
        ok(f.post("/api/deposits", ops, "{\"participantId\": 1, \"instrumentId\": 840, \"amount\": 100000}"));
        ok(f.post("/api/deposits", ops, "{\"participantId\": 2, \"instrumentId\": 10, \"amount\": 500}"));
        final ApiFixture.Answer date = f.post("/api/business-date", ops, "{\"businessDate\": \"2026-01-05\"}");
        ok(date);
        return date.body().get("sequence").asLong();
    }

    private ApiFixture.Answer deal(final String token, final long clientDealId, final long quantity, final long cash)
    {
        return f.post("/api/deals", token, "{\"clientDealId\": " + clientDealId + ", \"buyerId\": 1, \"sellerId\": 2, \"securityId\": 10,"
            + " \"currencyId\": 840, \"quantity\": " + quantity + ", \"cashAmount\": " + cash + ", \"settlementDate\": \"2026-01-05\","
            + " \"dealType\": \"DVP\"}");
    }

    @Test
    void shouldRunANettedCycleThatSettlesWhatAGrossCycleFails()
    {
        openMarket();
        // 2 delivers 600 ACME of its 500 to 1; 1 delivers 100 ACME (it holds none) to 2 for 1.00 USD
        deal(bankA, 1, 600, 1_000);
        assertEquals(201, f.post("/api/deals", bankB, "{\"clientDealId\": 1, \"buyerId\": 2, \"sellerId\": 1, \"securityId\": 10,"
            + " \"currencyId\": 840, \"quantity\": 100, \"cashAmount\": 100, \"settlementDate\": \"2026-01-05\", \"dealType\": \"DVP\"}").status());

        final ApiFixture.Answer unknown = f.post("/api/cycles", ops, "{\"mode\": \"NETTING\"}");
        assertEquals(400, unknown.status(), unknown::toString);
        assertEquals("INVALID_REQUEST", unknown.error());
        final ApiFixture.Answer gross = f.post("/api/cycles", ops, "{\"mode\": \"GROSS\"}");
        assertEquals(2, gross.body().get("failed").asLong(), gross::toString);

        // netted: 2 delivers 600 and receives 100 (500 of its 500), 1 receives 600 and delivers 100; cash 10.00 - 1.00
        final ApiFixture.Answer netted = f.post("/api/cycles", ops, "{\"mode\": \"NETTED\"}");

        assertEquals(200, netted.status(), netted::toString);
        assertEquals(2, netted.body().get("attempted").asLong());
        assertEquals(2, netted.body().get("settled").asLong());
        assertEquals(0, netted.body().get("failed").asLong());
        assertEquals("1100", netted.body().get("settledValue").get(0).get("value").asText());
    }

    @Test
    void shouldRunASettlementDayOverHttpAndReadItBackFromTheReadModel()
    {
        openMarket();
        final ApiFixture.Answer accepted = deal(bankA, 1, 100, 20_000);
        assertEquals(201, accepted.status(), accepted::toString);
        final long dealId = accepted.body().get("dealId").asLong();
        assertEquals("PENDING", accepted.body().get("status").asText());
        assertEquals("2026-01-05", accepted.body().get("settlementDate").asText());
        assertFalse(accepted.body().get("repeat").asBoolean());

        // the same clientDealId and content again: the original answer (idempotent); other content: a conflict
        final ApiFixture.Answer repeat = deal(bankA, 1, 100, 20_000);
        assertEquals(200, repeat.status(), repeat::toString);
        assertEquals(dealId, repeat.body().get("dealId").asLong());
        assertTrue(repeat.body().get("repeat").asBoolean());
        final ApiFixture.Answer conflict = deal(bankA, 1, 101, 20_000);
        assertEquals(409, conflict.status(), conflict::toString);
        assertEquals("DUPLICATE_CLIENT_DEAL_ID", conflict.error());

        // a deal the seller cannot deliver (600 > 500): accepted, fails at the cycle
        final long shortDeal = deal(bankA, 2, 600, 1_000).body().get("dealId").asLong();

        // a member may not run a cycle: the engine refuses it
        final ApiFixture.Answer refused = f.post("/api/cycles", bankA, null);
        assertEquals(403, refused.status(), refused::toString);
        assertEquals("NOT_AUTHORISED", refused.error());

        final ApiFixture.Answer cycle = f.post("/api/cycles", ops, null);
        assertEquals(200, cycle.status(), cycle::toString);
        assertEquals(2, cycle.body().get("attempted").asLong());
        assertEquals(1, cycle.body().get("settled").asLong());
        assertEquals(1, cycle.body().get("failed").asLong());
        assertEquals(840, cycle.body().get("settledValue").get(0).get("currencyId").asInt());
        assertEquals("20000", cycle.body().get("settledValue").get(0).get("value").asText());
        final long cycleSequence = cycle.body().get("sequence").asLong();

        // reads, from the read model once it has applied the cycle
        final ApiFixture.Answer settled = f.get("/api/deals/" + dealId + "?minSequence=" + cycleSequence, bankA);
        assertEquals(200, settled.status(), settled::toString);
        assertEquals("SETTLED", settled.body().get("status").asText());
        assertTrue(Long.parseLong(settled.raw().headers().firstValue("X-Read-Sequence").orElseThrow()) >= cycleSequence);
        final ApiFixture.Answer failed = f.get("/api/deals/" + shortDeal, bankB);
        assertEquals("PENDING", failed.body().get("status").asText());
        assertEquals("INSUFFICIENT_SECURITIES", failed.body().get("lastFailReason").asText());

        final ApiFixture.Answer positions = f.get("/api/positions", bankA);
        assertEquals(List.of("1/10/100", "1/840/80000"), rows(positions.body().get("positions"), "participantId", "instrumentId", "balance"));
        final ApiFixture.Answer all = f.get("/api/positions", audit);
        assertEquals(List.of("1/10/100", "1/840/80000", "2/10/400", "2/840/20000"),
            rows(all.body().get("positions"), "participantId", "instrumentId", "balance"));

        final ApiFixture.Answer failing = f.get("/api/deals?status=PENDING&failReason=INSUFFICIENT_SECURITIES", ops);
        assertEquals(1, failing.body().get("deals").size(), failing::toString);
        assertEquals(shortDeal, failing.body().get("deals").get(0).get("dealId").asLong());

        // the day at a glance: what settled, what fails and why, who is short of what
        final JsonNode day = f.get("/api/day", ops).body();
        final JsonNode usd = day.get("byCurrency").get(0);
        assertEquals(840, usd.get("currencyId").asInt(), day::toString);
        assertEquals(1, usd.get("settledDeals").asLong());
        assertEquals("20000", usd.get("settledValue").asText());
        assertEquals("200.00", usd.get("settledValueDecimal").asText(), "in USD's 2 minor units");
        assertEquals("USD", usd.get("currencyCode").asText());
        assertEquals(1, usd.get("pendingDeals").asLong());
        assertEquals(1, usd.get("failingDeals").asLong());
        assertEquals(1_000, usd.get("failingValue").asLong());
        assertEquals(0.5, usd.get("efficiency").asDouble());
        assertEquals("INSUFFICIENT_SECURITIES", day.get("failsByReason").get(0).get("reason").asText());
        assertEquals(List.of("2/10/600/400/200"), rows(day.get("shortfalls"), "participantId", "instrumentId", "needed", "balance", "short"));
        assertEquals(1, day.get("cycles").size());
        assertEquals(1, day.get("cycles").get(0).get("settled").asLong());
        assertEquals("20000", day.get("cycles").get(0).get("settledValue").get("840").asText());
        assertEquals(403, f.get("/api/day", bankA).status());

        // the node's metrics, scraped from the same port: the engine's counters and the API's own
        final String scrape = f.get("/metrics", null).raw().body();
        assertTrue(scrape.contains("settlement_http_requests_total{method=\"POST\",route=\"/api/cycles\",status=\"403\"} 1.0"), scrape);
        assertTrue(scrape.contains("settlement_http_requests_total{method=\"GET\",route=\"/api/deals/{dealId}\",status=\"200\"}"), scrape);

        // the failing deal is cancelled by its buyer; the seller's second cancel finds it no longer pending
        final ApiFixture.Answer cancelled = f.post("/api/deals/" + shortDeal + "/cancel", bankA, null);
        assertEquals(200, cancelled.status(), cancelled::toString);
        final ApiFixture.Answer again = f.post("/api/deals/" + shortDeal + "/cancel", bankB, null);
        assertEquals(409, again.status(), again::toString);
        assertEquals("DEAL_NOT_PENDING", again.error());

        final ApiFixture.Answer date = f.get("/api/business-date?minSequence=" + cancelled.body().get("sequence").asLong(), bankB);
        assertEquals("2026-01-05", date.body().get("businessDate").asText());
        assertEquals(0, date.body().get("pendingDeals").asLong());
    }

    /** A partial-allowed deal over HTTP: its terms go in with the deal, a part settles, the deal shows what settled and what is left. */
    @Test
    void shouldSubmitAPartialDealAndShowWhatHasSettled()
    {
        openMarket();
        final String partial = "{\"clientDealId\": 5, \"buyerId\": 1, \"sellerId\": 2, \"securityId\": 10, \"currencyId\": 840,"
            + " \"quantity\": 800, \"cashAmount\": 8000, \"settlementDate\": \"2026-01-05\", \"dealType\": \"DVP\","
            + " \"partialAllowed\": true, \"minimumQuantity\": ";
        final ApiFixture.Answer badMinimum = f.post("/api/deals", bankA, partial + "900}");
        assertEquals(422, badMinimum.status(), badMinimum::toString);
        assertEquals("INVALID_MINIMUM_QUANTITY", badMinimum.error());
        final ApiFixture.Answer notBoolean = f.post("/api/deals", bankA, partial.replace("true", "\"yes\"") + "100}");
        assertEquals(400, notBoolean.status(), notBoolean::toString);

        final ApiFixture.Answer accepted = f.post("/api/deals", bankA, partial + "100, \"linkId\": 0}");
        assertEquals(201, accepted.status(), accepted::toString);
        assertTrue(accepted.body().get("partialAllowed").asBoolean());
        assertEquals(100, accepted.body().get("minimumQuantity").asLong());
        final long dealId = accepted.body().get("dealId").asLong();
        final ApiFixture.Answer cycle = f.post("/api/cycles", ops, null);
        assertEquals(200, cycle.status());

        // the seller holds 500 of the 800: a part of 500 for 5000 (read once the read model has applied the cycle)
        final JsonNode deal = f.get("/api/deals/" + dealId + "?minSequence=" + cycle.body().get("sequence").asLong(), bankA).body();
        assertEquals("PENDING", deal.get("status").asText(), deal::toString);
        assertEquals(500, deal.get("settledQuantity").asLong());
        assertEquals(5_000, deal.get("settledCash").asLong());
        assertEquals(300, deal.get("remainingQuantity").asLong());
        assertEquals("INSUFFICIENT_SECURITIES", deal.get("lastFailReason").asText());
        assertEquals(0, deal.get("linkId").asLong());
    }

    private ApiFixture.Answer instruct(final String token, final long clientRef, final String side, final long counterparty,
        final long cash)
    {
        return f.post("/api/instructions", token, "{\"clientRef\": " + clientRef + ", \"side\": \"" + side + "\", \"counterpartyId\": "
            + counterparty + ", \"securityId\": 10, \"currencyId\": 840, \"quantity\": 100, \"cashAmount\": " + cash
            + ", \"settlementDate\": \"2026-01-05\", \"dealType\": \"DVP\"}");
    }

    @Test
    void shouldMatchTwoInstructionsWithinTheToleranceAndCancelOnlyOnesOwn()
    {
        openMarket();
        assertEquals(200, f.call("PUT", "/api/matching-tolerances/840", ops, "{\"toleranceMinor\": 10}").status());
        assertEquals(403, f.call("PUT", "/api/instruction-expiry", bankA, "{\"businessDays\": 5}").status());
        assertEquals(200, f.call("PUT", "/api/instruction-expiry", ops, "{\"businessDays\": 5}").status());

        final ApiFixture.Answer buy = instruct(bankA, 7, "BUY", 2, 20_000);
        assertEquals(201, buy.status(), buy::toString);
        assertEquals("UNMATCHED", buy.body().get("status").asText());
        final long buyId = buy.body().get("instructionId").asLong();
        assertEquals(200, instruct(bankA, 7, "BUY", 2, 20_000).status(), "an idempotent repeat");
        assertEquals(409, instruct(bankA, 7, "BUY", 2, 20_001).status(), "the clientRef with other content");

        final ApiFixture.Answer sell = instruct(bankB, 8, "SELL", 1, 20_010);
        assertEquals(201, sell.status(), sell::toString);
        assertEquals("MATCHED", sell.body().get("status").asText());
        final long dealId = sell.body().get("dealId").asLong();
        final ApiFixture.Answer deal = f.get("/api/deals/" + dealId + "?minSequence=" + sell.body().get("sequence").asLong(), bankA);
        assertEquals(20_010, deal.body().get("cashAmount").asLong(), "within tolerance, the seller's amount");
        final ApiFixture.Answer report = f.get("/api/instructions/" + buyId + "?minSequence=" + sell.body().get("sequence").asLong(), bankB);
        assertEquals(200, report.status(), report::toString);
        assertEquals("MATCHED", report.body().get("status").asText());
        assertEquals(dealId, report.body().get("dealId").asLong());
        // a repeat of the matched instruction: the original, MATCHED, with its deal
        final ApiFixture.Answer repeat = instruct(bankA, 7, "BUY", 2, 20_000);
        assertEquals(200, repeat.status(), repeat::toString);
        assertEquals("MATCHED", repeat.body().get("status").asText());
        assertEquals(dealId, repeat.body().get("dealId").asLong(), repeat::toString);

        final long waiting = instruct(bankA, 9, "BUY", 2, 5_000).body().get("instructionId").asLong();
        final ApiFixture.Answer notYours = f.post("/api/instructions/" + waiting + "/cancel", bankB, null);
        assertEquals(403, notYours.status(), notYours::toString);
        assertEquals("NOT_YOUR_INSTRUCTION", notYours.error());
        final ApiFixture.Answer cancelled = f.post("/api/instructions/" + waiting + "/cancel", bankA, null);
        assertEquals(200, cancelled.status(), cancelled::toString);
        assertEquals("CANCELLED", cancelled.body().get("status").asText());
        assertEquals(409, f.post("/api/instructions/" + waiting + "/cancel", bankA, null).status());
        assertEquals(404, f.post("/api/instructions/999/cancel", bankA, null).status());
    }

    @Test
    void shouldHoldASideSoNoCycleSettlesTheDealAndReleaseIt()
    {
        openMarket();
        final long dealId = deal(bankA, 1, 100, 20_000).body().get("dealId").asLong();

        final ApiFixture.Answer held = f.post("/api/deals/" + dealId + "/hold", bankB, "{\"side\": \"SELL\"}");
        assertEquals(200, held.status(), held::toString);
        assertTrue(held.body().get("changed").asBoolean());
        assertEquals("[\"SELL\"]", held.body().get("heldSides").toString());
        final ApiFixture.Answer again = f.post("/api/deals/" + dealId + "/hold", ops, "{\"side\": \"SELL\"}");
        assertEquals(200, again.status(), again::toString);
        assertFalse(again.body().get("changed").asBoolean(), "held already: nothing changes, not refused");
        final ApiFixture.Answer notYours = f.post("/api/deals/" + dealId + "/release", bankA, "{\"side\": \"SELL\"}");
        assertEquals(403, notYours.status(), notYours::toString);
        assertEquals("NOT_YOUR_SIDE", notYours.error());
        assertEquals(400, f.post("/api/deals/" + dealId + "/hold", bankA, "{\"side\": \"BOTH\"}").status());
        assertEquals(404, f.post("/api/deals/999/hold", ops, "{\"side\": \"BUY\"}").status());

        final ApiFixture.Answer cycle = f.post("/api/cycles", ops, null);
        assertEquals(0, cycle.body().get("attempted").asLong(), cycle::toString);
        final ApiFixture.Answer report = f.get("/api/deals/" + dealId + "?minSequence=" + cycle.body().get("sequence").asLong(), bankA);
        assertEquals("PENDING", report.body().get("status").asText());
        assertEquals("[\"SELL\"]", report.body().get("heldSides").toString());

        final ApiFixture.Answer released = f.post("/api/deals/" + dealId + "/release", ops, "{\"side\": \"SELL\"}");
        assertEquals(200, released.status(), released::toString);
        assertEquals("[]", released.body().get("heldSides").toString());
        assertEquals(1, f.post("/api/cycles", ops, null).body().get("settled").asLong());
    }

    @Test
    void shouldLetTheEngineDecideWhoMayDoWhatAndShowMembersOnlyThemselves()
    {
        openMarket();
        deal(bankA, 1, 10, 100);
        // a member may not create reference data, fund, set limits or move the date
        for (final ApiFixture.Answer answer : List.of(
            f.post("/api/participants", bankA, "{\"participantId\": 7, \"role\": \"MEMBER\"}"),
            f.post("/api/instruments", bankA, "{\"instrumentId\": 11, \"kind\": \"SECURITY\", \"code\": \"BOND\"}"),
            f.post("/api/deposits", bankA, "{\"participantId\": 1, \"instrumentId\": 840, \"amount\": 1}"),
            f.call("PUT", "/api/limits", bankA, "{\"participantId\": 1, \"kind\": \"CREDIT\", \"key\": 840, \"amount\": 1}"),
            f.post("/api/business-date", bankA, "{\"businessDate\": \"2026-01-06\"}"),
            f.post("/api/business-date", risk, "{\"businessDate\": \"2026-01-06\"}"),
            f.post("/api/deposits", audit, "{\"participantId\": 1, \"instrumentId\": 840, \"amount\": 1}")))
        {
            assertEquals(403, answer.status(), answer::toString);
            assertEquals("NOT_AUTHORISED", answer.error());
        }
        // risk sets limits; a member sees only its own deals and positions
        assertEquals(200, f.call("PUT", "/api/limits", risk, "{\"participantId\": 1, \"kind\": \"CREDIT\", \"key\": 840, \"amount\": 5}").status());
        assertEquals(1, f.get("/api/deals", bankA).body().get("deals").size());
        assertEquals(403, f.get("/api/deals?participantId=2", bankA).status());
        assertEquals(403, f.get("/api/positions?participantId=2", bankA).status());
        assertEquals(1, f.get("/api/deals?participantId=2", risk).body().get("deals").size());
        // the participant list is for risk, operations and audit; instruments for everyone
        assertEquals(403, f.get("/api/participants", bankA).status());
        assertEquals(5, f.get("/api/participants", audit).body().size());
        assertEquals(2, f.get("/api/instruments", bankA).body().size());
    }

    @Test
    void shouldShowLimitsWithTheirUseAndFlagABreachAfterALimitIsLowered()
    {
        openMarket();
        assertEquals(200, f.call("PUT", "/api/limits", risk, "{\"participantId\": 1, \"kind\": \"CREDIT\", \"key\": 840, \"amount\": 5000}").status());
        assertEquals(201, deal(bankA, 1, 10, 3_000).status());
        final ApiFixture.Answer over = deal(bankA, 2, 10, 3_000);
        assertEquals(422, over.status(), over::toString);
        assertEquals("CREDIT_LIMIT_EXCEEDED", over.error());
        final ApiFixture.Answer lowered = f.call("PUT", "/api/limits", risk, "{\"participantId\": 1, \"kind\": \"CREDIT\", \"key\": 840, \"amount\": 1000}");
        assertEquals(200, lowered.status(), lowered::toString);

        final JsonNode mine = f.get("/api/limits?minSequence=" + lowered.body().get("sequence").asLong(), bankA).body().get("limits");
        assertEquals(1, mine.size(), mine::toString);
        assertEquals(1000, mine.get(0).get("limit").asLong());
        assertEquals(3000, mine.get(0).get("utilised").asLong());
        assertTrue(mine.get(0).get("breached").asBoolean());
        assertEquals(1, f.get("/api/limits?breachedOnly=true", risk).body().get("limits").size());
        assertEquals(403, f.get("/api/limits?participantId=2", bankA).status());
    }

    @Test
    void shouldSetTheBusinessCalendarAsAnOperatorAndRefuseDealsOnAHoliday()
    {
        openMarket();
        assertEquals(403, f.call("PUT", "/api/calendar", bankA, "{\"weekends\": \"CLOSED\"}").status());
        assertEquals(200, f.call("PUT", "/api/calendar", ops, "{\"weekends\": \"CLOSED\"}").status());
        final ApiFixture.Answer holiday = f.call("PUT", "/api/holidays/2026-01-07", ops, "{\"status\": \"CLOSED\"}");
        assertEquals(200, holiday.status(), holiday::toString);
        final JsonNode day = f.get("/api/business-date?minSequence=" + holiday.body().get("sequence").asLong(), bankA).body();
        assertTrue(day.get("weekendsClosed").asBoolean());
        assertEquals("2026-01-07", day.get("holidays").get(0).asText());

        final ApiFixture.Answer onHoliday = f.post("/api/deals", bankA, "{\"clientDealId\": 9, \"buyerId\": 1, \"sellerId\": 2,"
            + " \"securityId\": 10, \"currencyId\": 840, \"quantity\": 1, \"cashAmount\": 1, \"settlementDate\": \"2026-01-07\","
            + " \"dealType\": \"DVP\"}");
        assertEquals(422, onHoliday.status(), onHoliday::toString);
        assertEquals("NOT_A_BUSINESS_DAY", onHoliday.error());
        assertEquals(422, f.post("/api/business-date", ops, "{\"businessDate\": \"2026-01-10\"}").status(), "a Saturday");
        assertEquals(400, f.call("PUT", "/api/holidays/7-1-2026", ops, "{\"status\": \"CLOSED\"}").status());
        assertEquals(400, f.call("PUT", "/api/calendar", ops, "{\"weekends\": \"SOMETIMES\"}").status());
    }

    @Test
    void shouldPageTheDealListWithinTheLimitAndRefuseABadPage()
    {
        openMarket();
        for (int i = 1; i <= 7; i++)
        {
            assertEquals(201, deal(bankA, i, 1, 10).status());
        }
        final List<Long> seen = new ArrayList<>();
        String after = "";
        while (true)
        {
            final JsonNode page = f.get("/api/deals?limit=3" + after, ops).body();
            page.get("deals").forEach(deal -> seen.add(deal.get("dealId").asLong()));
            if (page.get("nextAfter").isNull())
            {
                break;
            }
            after = "&after=" + page.get("nextAfter").asLong();
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), seen);
        // after the largest id there is nothing, at once (it once overflowed into a scan of 2^63 ids holding the read model)
        final ApiFixture.Answer beyond = f.get("/api/deals?after=" + Long.MAX_VALUE, bankA);
        assertEquals(200, beyond.status(), beyond::toString);
        assertEquals(0, beyond.body().get("deals").size());
        assertEquals(200, f.get("/api/business-date", bankA).status(), "the read model still answers");
        for (final String bad : List.of("limit=0", "limit=1001", "limit=x", "after=1.5", "after=-1", "status=LOST", "settlementDate=20260105"))
        {
            final ApiFixture.Answer answer = f.get("/api/deals?" + bad, ops);
            assertEquals(400, answer.status(), () -> bad + ": " + answer);
            assertEquals("INVALID_REQUEST", answer.error());
        }
    }

    @Test
    void shouldRefuseMalformedRequestsWithTheirCauseAndChangeNothing()
    {
        final long opened = openMarket();
        // the read model applies commands after they are answered: wait until it has the market's last one
        final long before = f.get("/api/business-date?minSequence=" + opened, ops).raw().headers()
            .firstValue("X-Read-Sequence").map(Long::parseLong).orElseThrow();
        assertEquals(opened, before);
        final List<String[]> cases = List.of(
            new String[] {"{not json", "not JSON"},
            new String[] {"[1, 2]", "JSON object"},
            new String[] {"{\"participantId\": 3}", "missing field 'role'"},
            new String[] {"{\"participantId\": \"3\", \"role\": \"MEMBER\"}", "field 'participantId' must be a whole number"},
            new String[] {"{\"participantId\": 3, \"role\": \"KING\"}", "field 'role' must be one of"},
            new String[] {"{\"participantId\": 3, \"role\": \"MEMBER\", \"colour\": \"x\"}", "unknown field 'colour'"},
            new String[] {"{\"participantId\": 3, \"role\": \"MEMBER\", \"name\": \"x\"}", "fields 'name' and 'shortCode' go together"},
            new String[] {"{\"participantId\": 18446744073709551616, \"role\": \"MEMBER\"}", "fits in 64 bits"});
        for (final String[] c : cases)
        {
            final ApiFixture.Answer answer = f.post("/api/participants", ops, c[0]);
            assertEquals(400, answer.status(), () -> c[0] + ": " + answer);
            assertEquals("INVALID_REQUEST", answer.error());
            assertTrue(answer.body().get("message").asText().contains(c[1]), () -> c[0] + ": " + answer);
        }
        final ApiFixture.Answer badDate = f.post("/api/business-date", ops, "{\"businessDate\": \"5 Jan 2026\"}");
        assertEquals(400, badDate.status());
        final ApiFixture.Answer notADay = f.post("/api/business-date", ops, "{\"businessDate\": \"2026-02-30\"}");
        assertEquals(422, notADay.status(), notADay::toString);
        assertEquals("INVALID_DATE", notADay.error());
        final ApiFixture.Answer longCode = f.post("/api/instruments", ops, "{\"instrumentId\": 12, \"kind\": \"SECURITY\", \"code\": \"ABCDEFGHIJKLM\"}");
        assertEquals(400, longCode.status(), longCode::toString);

        final ApiFixture.Answer huge = f.post("/api/participants", ops, "{\"participantId\": 3, \"role\": \"MEMBER\", \"pad\": \""
            + "x".repeat(70_000) + "\"}");
        assertEquals(413, huge.status(), huge::toString);
        assertEquals("BODY_TOO_LARGE", huge.error());

        assertEquals(404, f.get("/api/deals/999", ops).status());
        assertEquals("UNKNOWN_DEAL", f.get("/api/deals/999", ops).error());
        assertEquals(400, f.get("/api/deals/abc", ops).status());
        assertEquals(404, f.get("/api/nothing-here", ops).status());
        assertEquals("NOT_FOUND", f.get("/api/nothing-here", ops).error());
        final ApiFixture.Answer wrongMethod = f.call("DELETE", "/api/deals", ops, null);
        assertTrue(wrongMethod.status() == 404 || wrongMethod.status() == 405, wrongMethod::toString);
        assertTrue(List.of("NOT_FOUND", "METHOD_NOT_ALLOWED").contains(wrongMethod.error()), wrongMethod::toString);
        // only the refused date reached the engine (and changed nothing); the read model saw it
        assertEquals(before + 1, f.get("/api/business-date?minSequence=" + (before + 1), ops).raw().headers()
            .firstValue("X-Read-Sequence").map(Long::parseLong).orElseThrow());
        assertEquals("2026-01-05", f.get("/api/business-date", ops).body().get("businessDate").asText());
    }

    @Test
    void shouldRefuseAClientDealIdOfTheFixChannelsRange()
    {
        openMarket();
        final ApiFixture.Answer refused = deal(bankA, 1L << 62, 10, 1_000);
        assertEquals(400, refused.status(), refused::toString);
        assertEquals("INVALID_REQUEST", refused.error());
        assertTrue(refused.body().get("message").asText().contains("the FIX channel's"), refused::toString);
        final ApiFixture.Answer below = deal(bankA, (1L << 62) - 1, 10, 1_000);
        assertEquals(201, below.status(), below::toString);
        assertEquals(1, below.body().get("dealId").asLong(), "the refused one never reached the engine");
        final ApiFixture.Answer instruction = instruct(bankA, 1L << 62, "BUY", 2, 1_000);
        assertEquals(400, instruction.status(), instruction::toString);
        assertTrue(instruction.body().get("message").asText().contains("field 'clientRef' must be below 2^62"), instruction::toString);
    }

    @Test
    void shouldRequireALogonAndThrottleFailedOnesWithTheGatewaysThrottle()
    {
        assertEquals(401, f.get("/api/deals", null).status());
        assertEquals("UNAUTHENTICATED", f.get("/api/deals", null).error());
        assertEquals(401, f.get("/api/deals", "not-a-token").status());
        final ApiFixture.Answer me = f.get("/api/me", bankA);
        assertEquals(BANK_A, me.body().get("participantId").asLong());
        assertEquals("MEMBER", me.body().get("role").asText());

        final ApiFixture.Answer wrong = f.post("/api/login", null, "{\"participantId\": 2, \"secret\": \"guess\"}");
        assertEquals(401, wrong.status());
        assertEquals("BAD_CREDENTIALS", wrong.error());
        final ApiFixture.Answer stranger = f.post("/api/login", null, "{\"participantId\": 4242, \"secret\": \"guess\"}");
        assertEquals(401, stranger.status());
        // five failures lock the address (the gateway's default): even the right secret is refused then
        for (int i = 0; i < 3; i++)
        {
            f.post("/api/login", null, "{\"participantId\": 2, \"secret\": \"guess\"}");
        }
        final ApiFixture.Answer locked = f.post("/api/login", null, "{\"participantId\": 2, \"secret\": \"" + ApiFixture.secret(BANK_B) + "\"}");
        assertEquals(429, locked.status(), locked::toString);
        assertEquals("LOGON_THROTTLED", locked.error());

        assertEquals(204, f.post("/api/logout", bankA, null).status());
        assertEquals(401, f.get("/api/me", bankA).status());
        final ApiFixture.Answer health = f.get("/health", null);
        assertEquals(200, health.status(), health::toString);
        assertEquals("UP", health.body().get("status").asText());
        assertEquals(200, f.get("/ready", null).status());
    }

    @Test
    void shouldStreamTheDayToConsolesAndTheirOwnPositionsToMembers() throws Exception
    {
        openMarket();
        assertTrue(firstEvent(ops).startsWith("event: day\ndata: {\"businessDate\":\"2026-01-05\""), () -> "operator");
        final String member = firstEvent(bankA);
        assertTrue(member.startsWith("event: day\ndata: {\"businessDate\":\"2026-01-05\""), member);
        assertTrue(member.contains("\"positions\":[{\"participantId\":1,\"instrumentId\":840,\"balance\":100000,\"amount\":\"1000.00\","
            + "\"code\":\"USD\"}]"), member);
        assertTrue(firstEvent("not-a-token").startsWith("event: refused\n"));
    }

    @Test
    void shouldReportAReadModelThatIsStuckAsUnhealthy() throws Exception
    {
        final ReadModel reads = f.api.readModel();
        reads.stallLimitMs(300);
        assertEquals(200, f.get("/health", null).status());
        final java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        final Thread longRead = new Thread(() -> reads.read(0, 0, engine ->
        {
            holding.countDown();
            try
            {
                release.await(10, java.util.concurrent.TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        longRead.start();
        assertTrue(holding.await(10, java.util.concurrent.TimeUnit.SECONDS));
        Thread.sleep(600); // the follower waits for the lock the read holds: past the stall limit
        final ApiFixture.Answer stuck = f.get("/health", null);
        assertEquals(503, stuck.status(), stuck::toString);
        assertTrue(stuck.body().get("reasons").toString().contains("(stuck)"), stuck::toString);
        release.countDown();
        longRead.join(10_000);
        int status = 0;
        for (int i = 0; i < 100 && status != 200; i++)
        {
            Thread.sleep(50);
            status = f.get("/health", null).status();
        }
        assertEquals(200, status, "the follower comes round again");
    }

    @Test
    void shouldEndALiveStreamWhenItsLoginEnds() throws Exception
    {
        final java.net.http.HttpResponse<java.io.InputStream> response = java.net.http.HttpClient.newHttpClient().send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(f.base + "/api/stream?token=" + bankA))
                .header("Accept", "text/event-stream").timeout(java.time.Duration.ofSeconds(10)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        try (java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(response.body(),
            java.nio.charset.StandardCharsets.UTF_8)))
        {
            assertEquals("event: day", lines.readLine());
            assertEquals(204, f.post("/api/logout", bankA, null).status());
            String line = lines.readLine();
            while (line != null && !line.startsWith("event: refused"))
            {
                line = lines.readLine();
            }
            assertEquals("event: refused", line, "the stream ends with its login");
        }
    }

    /** The first event of the live stream, as an EventSource gets it. */
    private String firstEvent(final String token) throws Exception
    {
        final java.net.http.HttpResponse<java.io.InputStream> response = java.net.http.HttpClient.newHttpClient().send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(f.base + "/api/stream?token=" + token))
                .header("Accept", "text/event-stream").timeout(java.time.Duration.ofSeconds(10)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        try (java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(response.body(),
            java.nio.charset.StandardCharsets.UTF_8)))
        {
            final StringBuilder event = new StringBuilder();
            for (String line = lines.readLine(); line != null && !(line.isEmpty() && event.length() > 0); line = lines.readLine())
            {
                if (!line.isEmpty() && !line.startsWith(":"))
                {
                    event.append(line).append('\n');
                }
            }
            return event.toString();
        }
    }

    /**
     * Reference data for people over HTTP: names, short codes, ISINs and minor units are created, checked
     * and listed; every amount comes with the decimal in its instrument's own minor units and its code.
     */
    @Test
    void shouldShowAmountsAsDecimalsInTheInstrumentsOwnMinorUnits()
    {
        created(f.post("/api/instruments", ops, "{\"instrumentId\": 20, \"kind\": \"SECURITY\", \"code\": \"AAPL\","
            + " \"isin\": \"US0378331005\", \"name\": \"Apple Inc.\"}"));
        created(f.post("/api/instruments", ops, "{\"instrumentId\": 392, \"kind\": \"CURRENCY\", \"code\": \"JPY\","
            + " \"name\": \"Японская иена\", \"minorUnits\": 0}"));
        created(f.post("/api/instruments", ops, "{\"instrumentId\": 48, \"kind\": \"CURRENCY\", \"code\": \"BHD\","
            + " \"name\": \"Bahraini dinar\", \"minorUnits\": 3}"));
        created(f.post("/api/instruments", ops, "{\"instrumentId\": 840, \"kind\": \"CURRENCY\", \"code\": \"USD\"}"));
        final ApiFixture.Answer badIsin = f.post("/api/instruments", ops, "{\"instrumentId\": 21, \"kind\": \"SECURITY\","
            + " \"code\": \"X\", \"isin\": \"US0378331006\", \"name\": \"X\"}");
        assertEquals(422, badIsin.status(), badIsin::toString);
        assertEquals("INVALID_ISIN", badIsin.error());
        final ApiFixture.Answer tooMany = f.post("/api/instruments", ops, "{\"instrumentId\": 22, \"kind\": \"CURRENCY\","
            + " \"code\": \"CLF\", \"name\": \"Unidad de fomento\", \"minorUnits\": 5}");
        assertEquals("INVALID_MINOR_UNITS", tooMany.error(), tooMany::toString);
        created(f.post("/api/participants", ops, "{\"participantId\": 7, \"role\": \"MEMBER\", \"name\": \"Сбербанк\","
            + " \"shortCode\": \"SBER\"}"));
        final ApiFixture.Answer twice = f.post("/api/participants", ops, "{\"participantId\": 8, \"role\": \"MEMBER\","
            + " \"name\": \"Other\", \"shortCode\": \"SBER\"}");
        assertEquals(409, twice.status(), twice::toString);
        assertEquals("DUPLICATE_SHORT_CODE", twice.error());
        ok(f.post("/api/deposits", ops, "{\"participantId\": 1, \"instrumentId\": 392, \"amount\": 1500}"));
        ok(f.post("/api/deposits", ops, "{\"participantId\": 1, \"instrumentId\": 48, \"amount\": 1234}"));
        ok(f.post("/api/deposits", ops, "{\"participantId\": 1, \"instrumentId\": 840, \"amount\": -5}"), 422);
        ok(f.post("/api/deposits", ops, "{\"participantId\": 1, \"instrumentId\": 840, \"amount\": 5}"));
        final long last = f.post("/api/deposits", ops, "{\"participantId\": 2, \"instrumentId\": 20, \"amount\": 70}")
            .body().get("sequence").asLong();

        final JsonNode positions = f.get("/api/positions?participantId=1&minSequence=" + last, ops).body().get("positions");
        assertEquals(List.of("48/1234/1.234/BHD", "392/1500/1500/JPY", "840/5/0.05/USD"),
            rows(positions, "instrumentId", "balance", "amount", "code"));
        assertEquals(List.of("20/70/70/AAPL"), rows(f.get("/api/positions?participantId=2", ops).body().get("positions"),
            "instrumentId", "balance", "amount", "code"));
        assertEquals(List.of("20/AAPL/US0378331005/Apple Inc./0", "48/BHD//Bahraini dinar/3", "392/JPY//Японская иена/0",
            "840/USD///2"), rows(f.get("/api/instruments", bankA).body(), "instrumentId", "code", "isin", "name", "minorUnits"));
        assertTrue(rows(f.get("/api/participants", audit).body(), "participantId", "name", "shortCode").contains("7/Сбербанк/SBER"));

        ok(f.post("/api/business-date", ops, "{\"businessDate\": \"2026-01-05\"}"));
        final ApiFixture.Answer deal = f.post("/api/deals", bankA, "{\"clientDealId\": 1, \"buyerId\": 1, \"sellerId\": 2,"
            + " \"securityId\": 20, \"currencyId\": 48, \"quantity\": 10, \"cashAmount\": 1000, \"settlementDate\": \"2026-01-05\","
            + " \"dealType\": \"DVP\"}");
        assertEquals(201, deal.status(), deal::toString);
        assertEquals("1.000", deal.body().get("cash").asText());
        assertEquals("BHD", deal.body().get("currencyCode").asText());
        assertEquals("AAPL", deal.body().get("securityCode").asText());
        final ApiFixture.Answer limit = f.call("PUT", "/api/limits", risk, "{\"participantId\": 1, \"kind\": \"CREDIT\", \"key\": 48,"
            + " \"amount\": 2500}");
        assertEquals("2.500", limit.body().get("limitDecimal").asText(), limit::toString);
        assertEquals("1.000", limit.body().get("utilisedDecimal").asText());
        assertEquals("1.500", limit.body().get("availableDecimal").asText());
        assertEquals("BHD", limit.body().get("code").asText());
    }

    /** A currency created without details (as before names) has the minor units of its ISO 4217 code: JPY 0, BHD 3. */
    @Test
    void shouldShowACurrencyCreatedWithoutDetailsInTheMinorUnitsOfItsCode()
    {
        created(f.post("/api/instruments", ops, "{\"instrumentId\": 392, \"kind\": \"CURRENCY\", \"code\": \"JPY\"}"));
        created(f.post("/api/instruments", ops, "{\"instrumentId\": 48, \"kind\": \"CURRENCY\", \"code\": \"BHD\"}"));
        ok(f.post("/api/deposits", ops, "{\"participantId\": 1, \"instrumentId\": 392, \"amount\": 150000}"));
        final long last = f.post("/api/deposits", ops, "{\"participantId\": 1, \"instrumentId\": 48, \"amount\": 1234}")
            .body().get("sequence").asLong();
        assertEquals(List.of("48/1234/1.234/BHD", "392/150000/150000/JPY"),
            rows(f.get("/api/positions?participantId=1&minSequence=" + last, ops).body().get("positions"),
                "instrumentId", "balance", "amount", "code"));
        assertTrue(rows(f.get("/api/instruments", bankA).body(), "instrumentId", "code", "minorUnits").containsAll(List.of("48/BHD/3", "392/JPY/0")));
    }

    private static void ok(final ApiFixture.Answer answer, final int status)
    {
        assertEquals(status, answer.status(), answer::toString);
    }

    /** docs/http-api.yaml describes exactly the routes the node serves (methods and paths both ways). */
    @Test
    void shouldDescribeEveryRouteInTheOpenApiFileAndNothingElse() throws Exception
    {
        final List<String> documented = new ArrayList<>();
        String path = null;
        for (final String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("..", "docs", "http-api.yaml")))
        {
            if (line.matches("  /\\S*:"))
            {
                path = line.trim().substring(0, line.trim().length() - 1);
            }
            else if (path != null && line.matches("    (get|post|put|delete):"))
            {
                documented.add(line.trim().replace(":", "").toUpperCase(java.util.Locale.ROOT) + " " + path);
            }
            else if (!line.startsWith("  ") && !line.isEmpty())
            {
                path = null;
            }
        }
        documented.sort(null);
        final List<String> served = new ArrayList<>(f.api.routes());
        served.remove("GET /api/stream"); // server-sent events, described in docs/http-api.md
        assertEquals(served, documented);
    }

    private static void ok(final ApiFixture.Answer answer)
    {
        assertEquals(200, answer.status(), answer::toString);
    }

    private static void created(final ApiFixture.Answer answer)
    {
        assertEquals(201, answer.status(), answer::toString);
    }

    private static List<String> rows(final JsonNode array, final String... fields)
    {
        final List<String> rows = new ArrayList<>();
        for (final JsonNode row : array)
        {
            final List<String> values = new ArrayList<>();
            for (final String field : fields)
            {
                values.add(row.get(field).asText());
            }
            rows.add(String.join("/", values));
        }
        return rows;
    }
}
