package io.settlement.http;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.settlement.reports.Projector;
import io.settlement.reports.ReadModelDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.settlement.http.ApiFixture.AUDIT;
import static io.settlement.http.ApiFixture.BANK_A;
import static io.settlement.http.ApiFixture.BANK_B;
import static io.settlement.http.ApiFixture.OPS;
import static io.settlement.http.ApiFixture.RISK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reports over HTTP (/api/reports/...), from the read model the node's projector fills: a day the
 * test scripts through the API, projected, then asked for by each role. Every figure is the test's
 * own arithmetic on what it set up.
 */
final class ReportApiTest
{
    private static final Charset WINDOWS_1251 = Charset.forName("windows-1251");

    private ApiFixture f;
    private String ops;
    private String bankA;
    private String bankB;
    private long settledDeal;
    private long otherDeal;

    @BeforeEach
    void start() throws Exception
    {
        f = new ApiFixture();
        ops = f.login(OPS);
        bankA = f.login(BANK_A);
        bankB = f.login(BANK_B);
        // 2026-01-05: A gets USD 1000.00, B 500 ACME, participant 7 (no logon) 50 ACME;
        // A buys 100 ACME from B for USD 200.00 (settles), 600 ACME from B for USD 10.00 (B holds 400: fails),
        // 5 ACME from 7 for USD 20.00 (settles)
        created(f.post("/api/instruments", ops, "{\"instrumentId\": 10, \"kind\": \"SECURITY\", \"code\": \"ACME\"}"));
        created(f.post("/api/instruments", ops, "{\"instrumentId\": 840, \"kind\": \"CURRENCY\", \"code\": \"USD\"}"));
        created(f.post("/api/participants", ops, "{\"participantId\": 7, \"role\": \"MEMBER\"}"));
        ok(f.post("/api/business-date", ops, "{\"businessDate\": \"2026-01-05\"}"));
        ok(f.post("/api/deposits", ops, "{\"participantId\": 1, \"instrumentId\": 840, \"amount\": 100000}"));
        ok(f.post("/api/deposits", ops, "{\"participantId\": 2, \"instrumentId\": 10, \"amount\": 500}"));
        ok(f.post("/api/deposits", ops, "{\"participantId\": 7, \"instrumentId\": 10, \"amount\": 50}"));
        settledDeal = deal(1, 2, 100, 20_000);
        deal(2, 2, 600, 1_000);
        otherDeal = deal(3, 7, 5, 2_000);
        final ApiFixture.Answer cycle = f.post("/api/cycles", ops, null);
        ok(cycle);
        assertEquals(2, cycle.body().get("settled").asLong(), cycle::toString);
        Projector.projectOnce(ReadModelDatabase.embedded(f.dir), f.dir);
    }

    @AfterEach
    void stop() throws Exception
    {
        f.close();
    }

    private long deal(final long clientDealId, final long sellerId, final long quantity, final long cashMinor)
    {
        final ApiFixture.Answer answer = f.post("/api/deals", bankA, "{\"clientDealId\": " + clientDealId + ", \"buyerId\": 1,"
            + " \"sellerId\": " + sellerId + ", \"securityId\": 10, \"currencyId\": 840, \"quantity\": " + quantity
            + ", \"cashAmount\": " + cashMinor + ", \"settlementDate\": \"2026-01-05\", \"dealType\": \"DVP\"}");
        created(answer);
        return answer.body().get("dealId").asLong();
    }

    @Test
    void shouldGiveAMemberItsOwnStatementAndRefuseAnothers()
    {
        final ApiFixture.Answer own = f.get("/api/reports/statement?participant=1&date=2026-01-05&format=csv", bankA);
        assertEquals(200, own.status(), own::toString);
        assertEquals("text/csv;charset=utf-8", contentType(own));
        assertEquals("attachment; filename=\"statement-P1-20260105.csv\"", own.raw().headers().firstValue("Content-Disposition").orElse(""));
        final List<Map<String, String>> rows = csv(own.raw().body());
        // USD: 0 opening, +1000.00 deposited, -200.00 and -20.00 paid, 780.00 closing; ACME: 0, +100, +5, 105
        assertEquals(List.of(new BigDecimal("0"), new BigDecimal("1000.00"), new BigDecimal("-200.00"), new BigDecimal("-20.00"),
            new BigDecimal("780.00")), figures(rows, "USD"));
        assertEquals(List.of(new BigDecimal("0"), new BigDecimal("100"), new BigDecimal("5"), new BigDecimal("105")), figures(rows, "ACME"));

        for (final String other : new String[] {"2", "7", "999"})
        {
            final ApiFixture.Answer refused = f.get("/api/reports/statement?participant=" + other + "&date=2026-01-05&format=csv", bankA);
            assertEquals(403, refused.status(), refused::toString);
            assertEquals("NOT_AUTHORISED", refused.error());
        }
        final ApiFixture.Answer bankStatement = f.get("/api/reports/bank-statement?participant=1&date=2026-01-05", bankB);
        assertEquals(403, bankStatement.status(), bankStatement::toString);
        final ApiFixture.Answer operations = f.get("/api/reports/operations?date=2026-01-05&format=csv", bankA);
        assertEquals(403, operations.status(), operations::toString);
        assertEquals("NOT_AUTHORISED", operations.error());
        final ApiFixture.Answer postings = f.get("/api/reports/postings?date=2026-01-05", bankA);
        assertEquals(403, postings.status(), postings::toString);

        // the operator, risk and audit see anyone's; by short code or id alike
        for (final long role : new long[] {OPS, RISK, AUDIT})
        {
            final ApiFixture.Answer seen = f.get("/api/reports/statement?participant=2&date=2026-01-05&format=csv", f.login(role));
            assertEquals(200, seen.status(), seen::toString);
            // B: ACME 500 - 100 delivered = 400; USD + 200.00
            assertEquals(List.of(new BigDecimal("500"), new BigDecimal("-100"), new BigDecimal("400")).toString(),
                figures(csv(seen.raw().body()), "ACME").subList(1, 4).toString());
        }
    }

    @Test
    void shouldGiveTheOperatorTheDaysOperationsReport()
    {
        final ApiFixture.Answer csv = f.get("/api/reports/operations?date=2026-01-05&format=csv", ops);
        assertEquals(200, csv.status(), csv::toString);
        assertEquals("attachment; filename=\"operations-20260105.csv\"", csv.raw().headers().firstValue("Content-Disposition").orElse(""));
        final Map<String, String> totals = new LinkedHashMap<>();
        for (final Map<String, String> row : csv(csv.raw().body()))
        {
            if ("TOTAL".equals(row.get("section")))
            {
                totals.put(row.get("metric"), row.get("value"));
            }
        }
        // three deals registered, two settled, one failed once, none cancelled or rejected
        assertEquals(Map.of("registered", "3", "settled", "2", "failed_attempts", "1", "failed_deals", "1", "cancelled", "0",
            "rejected", "0"), totals);

        final ApiFixture.Answer pdf = f.get("/api/reports/operations?date=2026-01-05&format=pdf", ops);
        assertEquals(200, pdf.status(), pdf::toString);
        assertEquals("application/pdf", contentType(pdf));
        assertTrue(pdf.raw().body().startsWith("%PDF-"), "a PDF");
        final ApiFixture.Answer html = f.get("/api/reports/operations?date=2026-01-05&format=html", ops);
        assertEquals("text/html;charset=utf-8", contentType(html));
        assertTrue(html.raw().body().contains("<html"), html::toString);

        final ApiFixture.Answer postings = f.get("/api/reports/postings?date=2026-01-05&encoding=windows-1251", ops);
        assertEquals(200, postings.status(), postings::toString);
        assertEquals("text/csv;charset=windows-1251", contentType(postings));
        assertEquals("attachment; filename=\"postings-20260105.csv\"", postings.raw().headers().firstValue("Content-Disposition").orElse(""));
        final ApiFixture.Answer badEncoding = f.get("/api/reports/postings?date=2026-01-05&encoding=latin-1", ops);
        assertEquals(400, badEncoding.status(), badEncoding::toString);
        assertEquals("INVALID_REQUEST", badEncoding.error());
    }

    @Test
    void shouldGiveAConfirmationToTheDealsPartiesOnly()
    {
        final ApiFixture.Answer seller = f.get("/api/reports/confirmation?deal=" + settledDeal + "&format=csv", bankB);
        assertEquals(200, seller.status(), seller::toString);
        assertEquals("attachment; filename=\"confirmation-" + settledDeal + ".csv\"",
            seller.raw().headers().firstValue("Content-Disposition").orElse(""));
        final Map<String, String> terms = csv(seller.raw().body().split("\r\n\r\n")[0]).get(0);
        assertEquals(String.valueOf(settledDeal), terms.get("deal_id"));
        assertEquals("1", terms.get("buyer_id"));
        assertEquals("2", terms.get("seller_id"));
        assertEquals("100", terms.get("quantity"));
        assertEquals(0, new BigDecimal("200.00").compareTo(new BigDecimal(terms.get("cash_amount"))));
        assertEquals("SETTLED", terms.get("status"));

        // B is not a party to A's deal with 7
        final ApiFixture.Answer stranger = f.get("/api/reports/confirmation?deal=" + otherDeal + "&format=csv", bankB);
        assertEquals(403, stranger.status(), stranger::toString);
        assertEquals("NOT_AUTHORISED", stranger.error());
        final ApiFixture.Answer buyer = f.get("/api/reports/confirmation?deal=" + otherDeal + "&format=pdf", bankA);
        assertEquals(200, buyer.status(), buyer::toString);
        assertEquals("application/pdf", contentType(buyer));

        final ApiFixture.Answer unknown = f.get("/api/reports/confirmation?deal=424242&format=csv", ops);
        assertEquals(404, unknown.status(), unknown::toString);
        assertEquals("UNKNOWN_DEAL", unknown.error());
        final ApiFixture.Answer notANumber = f.get("/api/reports/confirmation?deal=abc", ops);
        assertEquals(400, notANumber.status(), notANumber::toString);
    }

    @Test
    void shouldGiveAMemberIts1CBankStatementInWindows1251() throws Exception
    {
        final HttpResponse<byte[]> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(f.base + "/api/reports/bank-statement?participant=1&date=2026-01-05")).timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + bankA).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, answer.statusCode(), () -> new String(answer.body(), WINDOWS_1251));
        assertEquals("text/plain;charset=windows-1251", answer.headers().firstValue("Content-Type").orElse("").replace(" ", ""));
        assertEquals("attachment; filename=\"bank-statement-P1-20260105.txt\"", answer.headers().firstValue("Content-Disposition").orElse(""));
        final String text = new String(answer.body(), WINDOWS_1251);
        assertTrue(text.startsWith("1CClientBankExchange\r\n"), text);
        final List<String> lines = Arrays.asList(text.split("\r\n"));
        // USD: 0 opening, 1000.00 in, 220.00 out, 780.00 closing; documents of 1000.00, 200.00 and 20.00
        assertTrue(lines.contains("НачальныйОстаток=0.00"), text);
        assertTrue(lines.contains("ВсегоПоступило=1000.00"), text);
        assertTrue(lines.contains("ВсегоСписано=220.00"), text);
        assertTrue(lines.contains("КонечныйОстаток=780.00"), text);
        assertEquals(List.of("Сумма=1000.00", "Сумма=200.00", "Сумма=20.00"),
            lines.stream().filter(line -> line.startsWith("Сумма=")).toList());
        assertEquals("КонецФайла", lines.get(lines.size() - 1));
    }

    @Test
    void shouldRefuseAnUnknownDateOrParticipantWithTheReadModelsOwnSentence()
    {
        final ApiFixture.Answer date = f.get("/api/reports/statement?participant=1&date=2027-03-01&format=csv", ops);
        assertEquals(404, date.status(), date::toString);
        assertEquals("UNKNOWN_DATE", date.error());
        assertTrue(date.body().get("message").asText().startsWith("unknown business date 2027-03-01"), date::toString);
        final ApiFixture.Answer participant = f.get("/api/reports/statement?participant=NOBODY&date=2026-01-05&format=csv", ops);
        assertEquals(404, participant.status(), participant::toString);
        assertEquals("UNKNOWN_PARTICIPANT", participant.error());
        final ApiFixture.Answer format = f.get("/api/reports/operations?date=2026-01-05&format=xls", ops);
        assertEquals(400, format.status(), format::toString);
        final ApiFixture.Answer badDate = f.get("/api/reports/operations?date=5%20Jan", ops);
        assertEquals(400, badDate.status(), badDate::toString);
        assertEquals(401, f.get("/api/reports/operations?date=2026-01-05", null).status());
    }

    @Test
    void shouldAnswer503WhenTheNodeKeepsNoReadModel() throws Exception
    {
        f.restartApi(new HttpConfig(), null);
        final ApiFixture.Answer off = f.get("/api/reports/operations?date=2026-01-05&format=csv", f.login(OPS));
        assertEquals(503, off.status(), off::toString);
        assertEquals("REPORTS_OFF", off.error());
        assertTrue(off.body().get("message").asText().contains("reports off"), off::toString);

        // a database with no read model in it
        f.restartApi(new HttpConfig(), ReadModelDatabase.embedded(f.dir.resolve("elsewhere")));
        final ApiFixture.Answer none = f.get("/api/reports/operations?date=2026-01-05&format=csv", f.login(OPS));
        assertEquals(503, none.status(), none::toString);
        assertEquals("NO_READ_MODEL", none.error());
    }

    /** The balance column of an instrument's OPENING line, its MOVEMENT lines' amounts and its CLOSING line's balance. */
    private static List<BigDecimal> figures(final List<Map<String, String>> rows, final String instrument)
    {
        final List<BigDecimal> figures = new ArrayList<>();
        for (final Map<String, String> row : rows)
        {
            if (instrument.equals(row.get("instrument")))
            {
                final BigDecimal value = new BigDecimal("MOVEMENT".equals(row.get("line")) ? row.get("amount") : row.get("balance"));
                figures.add(value.signum() == 0 ? BigDecimal.ZERO : value);
            }
        }
        return figures;
    }

    private static String contentType(final ApiFixture.Answer answer)
    {
        return answer.raw().headers().firstValue("Content-Type").orElse("").replace(" ", "").toLowerCase(java.util.Locale.ROOT);
    }

    /** A CSV text as rows keyed by the header's names (quoted fields with commas, doubled quotes). */
    private static List<Map<String, String>> csv(final String text)
    {
        final List<List<String>> records = new ArrayList<>();
        for (final String line : text.split("\r?\n"))
        {
            if (line.isEmpty())
            {
                continue;
            }
            final List<String> fields = new ArrayList<>();
            final StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++)
            {
                final char c = line.charAt(i);
                if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"')
                {
                    field.append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = !quoted;
                }
                else if (c == ',' && !quoted)
                {
                    fields.add(field.toString());
                    field.setLength(0);
                }
                else
                {
                    field.append(c);
                }
            }
            fields.add(field.toString());
            records.add(fields);
        }
        final List<Map<String, String>> rows = new ArrayList<>();
        for (final List<String> record : records.subList(1, records.size()))
        {
            final Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < records.get(0).size(); i++)
            {
                row.put(records.get(0).get(i), i < record.size() ? record.get(i) : "");
            }
            rows.add(row);
        }
        return rows;
    }

    private static void ok(final ApiFixture.Answer answer)
    {
        assertEquals(200, answer.status(), answer::toString);
    }

    private static void created(final ApiFixture.Answer answer)
    {
        assertEquals(201, answer.status(), answer::toString);
    }
}
