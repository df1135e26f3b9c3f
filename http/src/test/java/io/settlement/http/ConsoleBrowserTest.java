package io.settlement.http;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static io.settlement.http.ApiFixture.BANK_A;
import static io.settlement.http.ApiFixture.OPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console in a real headless browser: Debian's chromium driven through Debian's chromedriver
 * (.ci/run installs both; nothing is downloaded at run time). An operator logs on, sees the day, runs
 * a cycle and sees the figures change; a member logs on and is not offered the operator's actions; an
 * operator assigns failing deals to people and sees them by owner, the overdue one highlighted.
 * Screenshots go to target/console-screenshots (docs/ holds copies).
 */
class ConsoleBrowserTest
{
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private ApiFixture f;
    private WebDriver browser;
    private WebDriverWait wait;
    private String ops;
    private String bankA;

    @BeforeEach
    void start() throws Exception
    {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
            "the console test needs Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver (.ci/run does)");
        f = new ApiFixture();
        ops = f.login(OPS);
        bankA = f.login(BANK_A);
        assertEquals(201, f.post("/api/instruments", ops, "{\"instrumentId\": 10, \"kind\": \"SECURITY\", \"code\": \"ACME\"}").status());
        assertEquals(201, f.post("/api/instruments", ops, "{\"instrumentId\": 840, \"kind\": \"CURRENCY\", \"code\": \"USD\"}").status());
        assertEquals(200, f.post("/api/deposits", ops, "{\"participantId\": 1, \"instrumentId\": 840, \"amount\": 5000000}").status());
        assertEquals(200, f.post("/api/deposits", ops, "{\"participantId\": 2, \"instrumentId\": 10, \"amount\": 1000}").status());
        // a currency of 0 minor units and a participant with a name: the console reads both from the API
        assertEquals(201, f.post("/api/instruments", ops, "{\"instrumentId\": 392, \"kind\": \"CURRENCY\", \"code\": \"JPY\","
            + " \"name\": \"Japanese yen\", \"minorUnits\": 0}").status());
        assertEquals(200, f.post("/api/deposits", ops, "{\"participantId\": 1, \"instrumentId\": 392, \"amount\": 1500}").status());
        // 2^53 + 1 yen: a JavaScript number cannot hold it (JSON.parse makes it 2^53), the API's decimal string can
        assertEquals(200, f.post("/api/deposits", ops, "{\"participantId\": 2, \"instrumentId\": 392, \"amount\": 9007199254740993}").status());
        assertEquals(201, f.post("/api/participants", ops, "{\"participantId\": 5, \"role\": \"AUDITOR\", \"name\": \"Аудит и контроль\","
            + " \"shortCode\": \"AUDIT5\"}").status());
        assertEquals(200, f.post("/api/business-date", ops, "{\"businessDate\": \"2026-01-05\"}").status());
        for (int i = 1; i <= 3; i++)
        {
            assertEquals(201, f.post("/api/deals", bankA, "{\"clientDealId\": " + i + ", \"buyerId\": 1, \"sellerId\": 2, \"securityId\": 10,"
                + " \"currencyId\": 840, \"quantity\": " + (i == 3 ? 5000 : 100) + ", \"cashAmount\": 1234567, \"settlementDate\": \"2026-01-05\","
                + " \"dealType\": \"DVP\"}").status());
        }

        final ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,1100");
        final ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void stop() throws Exception
    {
        if (browser != null)
        {
            browser.quit();
        }
        if (f != null)
        {
            f.close();
        }
    }

    @Test
    void shouldLetAnOperatorSeeTheDayAndRunACycleAndOfferAMemberNoOperatorAction() throws Exception
    {
        logOn(OPS, ApiFixture.secret(OPS));
        wait.until(ExpectedConditions.textToBe(By.id("business-date"), "2026-01-05"));
        assertTrue(browser.findElement(By.id("tab-actions")).isDisplayed());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#day-table tbody"), "USD"));
        assertEquals(List.of("USD", "0", "0.00 USD", "3", "37,037.01 USD"), usdRow().subList(0, 5));

        click("tab-actions");
        click("run-cycle");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-result"), "Cycle run: 2 settled, 1 failed of 3 due."));
        click("tab-day");
        wait.until(driver -> "2".equals(usdRow().get(1)));
        final List<String> usd = usdRow();
        assertEquals("24,691.34 USD", usd.get(2), usd::toString);
        assertEquals("1", usd.get(5), "failing deals: " + usd);
        assertEquals("66.7 %", usd.get(7));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("fails-by-reason"), "INSUFFICIENT_SECURITIES"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("shortfalls"), "ACME"));
        // the value chart draws USD's cumulative settled value as a blue line (below its blue label)
        final Object bluePixels = ((JavascriptExecutor)browser).executeScript(
            "const c = document.getElementById('value-chart'); const d = c.getContext('2d').getImageData(0, 40, c.width, c.height - 40).data;"
                + "let n = 0; for (let i = 0; i < d.length; i += 4) { if (d[i] < 60 && d[i + 2] > 200 && d[i + 3] > 200) n++; } return n;");
        assertTrue(((Number)bluePixels).longValue() > 100, "blue pixels in the value chart: " + bluePixels);
        screenshot("console-day.png");

        click("tab-limits");
        click("tab-deals");
        click("tab-positions");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("participants-table"), "OPERATOR"));
        assertTrue(browser.findElement(By.id("participants-table")).getText().contains("AUDIT5 Аудит и контроль AUDITOR"),
            browser.findElement(By.id("participants-table")).getText());
        // JPY has no minor units: 1500 is 1,500 JPY (not 15.00), whatever ISO 4217 table the browser might know
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("positions-table"), "1,500 JPY"));
        assertTrue(browser.findElement(By.id("positions-table")).getText().contains("JPY (Japanese yen)"),
            browser.findElement(By.id("positions-table")).getText());
        assertTrue(browser.findElement(By.id("positions-table")).getText().contains("2 JPY (Japanese yen) 9,007,199,254,740,993 JPY"),
            "the amount as the API's decimal, not a rounded number: " + browser.findElement(By.id("positions-table")).getText());

        click("logout");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
        logOn(BANK_A, ApiFixture.secret(BANK_A));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "MEMBER"));
        assertFalse(browser.findElement(By.id("tab-actions")).isDisplayed(), "a member is not offered operator actions");
        assertFalse(browser.findElement(By.id("tab-day")).isDisplayed(), "nor the market-wide day");
        assertFalse(browser.findElement(By.id("actions")).isDisplayed());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#deals-table tbody"), "SETTLED"));
        assertEquals(3, browser.findElements(By.cssSelector("#deals-table tbody tr")).size());
        screenshot("console-member-deals.png");
    }

    @Test
    void shouldLetAnOperatorAssignFailingDealsAndSeeThemByOwnerWithTheOverdueOneHighlighted() throws Exception
    {
        assertEquals(201, f.post("/api/deals", bankA, "{\"clientDealId\": 4, \"buyerId\": 1, \"sellerId\": 2, \"securityId\": 10,"
            + " \"currencyId\": 840, \"quantity\": 4000, \"cashAmount\": 7654321, \"settlementDate\": \"2026-01-05\", \"dealType\": \"DVP\"}").status());
        assertEquals(2, f.post("/api/cycles", ops, null).body().get("failed").asLong());
        final ApiFixture.Answer failing = f.get("/api/deals?status=PENDING&failReason=INSUFFICIENT_SECURITIES", ops);
        final long first = failing.body().get("deals").get(0).get("dealId").asLong();
        final long second = failing.body().get("deals").get(1).get("dealId").asLong();

        logOn(OPS, ApiFixture.secret(OPS));
        wait.until(ExpectedConditions.textToBe(By.id("business-date"), "2026-01-05"));
        // from the Day tab's oldest fails: the deal comes filled in
        click(By.cssSelector("#oldest-fails button[data-deal='" + first + "']"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("followup-assign")));
        assertEquals(Long.toString(first), browser.findElement(By.id("fu-deal")).getAttribute("value"));
        assign(null, "Alice Martin", "2026-01-05", "seller short of ACME");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("followup-result"), "Deal " + first + " assigned to Alice Martin"));
        // by deal id
        assign(second, "Bob Chen", "2026-01-09", "chase the seller");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("followup-result"), "Deal " + second + " assigned to Bob Chen"));
        wait.until(ExpectedConditions.textToBe(By.id("followups-counts"), "2 open, 0 overdue (business date 2026-01-05)"));

        // the next business day Alice's deadline has passed
        assertEquals(200, f.post("/api/business-date", ops, "{\"businessDate\": \"2026-01-06\"}").status());
        wait.until(ExpectedConditions.textToBe(By.id("business-date"), "2026-01-06"));
        click(By.id("tab-followups"));
        wait.until(ExpectedConditions.textToBe(By.id("followups-counts"), "2 open, 1 overdue (business date 2026-01-06)"));
        assertEquals(List.of("Alice Martin: 1 open, 1 overdue", "Bob Chen: 1 open"), texts("#followups-table tr.group"));
        final WebElement alice = browser.findElement(By.cssSelector("#followups-table tr[data-owner='Alice Martin']"));
        final WebElement bob = browser.findElement(By.cssSelector("#followups-table tr[data-owner='Bob Chen']"));
        assertEquals("overdue", alice.getAttribute("class"));
        assertEquals("", bob.getAttribute("class"));
        assertTrue(alice.getText().contains("2026-01-05 overdue"), alice::getText);

        alice.findElement(By.tagName("button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("followup-note")));
        browser.findElement(By.id("fu-detail-note")).sendKeys("seller expects the securities tomorrow");
        click(By.id("fu-add-note"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("followup-history"), "seller expects the securities tomorrow"));
        assertTrue(browser.findElement(By.id("followup-history")).getText().contains("participant 91 (OPERATOR)"));
        screenshot("console-followups.png");

        browser.findElement(By.id("fu-detail-note")).sendKeys("handed to the desk");
        click(By.id("fu-close"));
        wait.until(ExpectedConditions.textToBe(By.id("followups-counts"), "1 open, 0 overdue (business date 2026-01-06)"));
        assertEquals(List.of("Bob Chen: 1 open"), texts("#followups-table tr.group"));
    }

    private void assign(final Long dealId, final String owner, final String deadline, final String note)
    {
        if (dealId != null)
        {
            browser.findElement(By.id("fu-deal")).clear();
            browser.findElement(By.id("fu-deal")).sendKeys(Long.toString(dealId));
        }
        browser.findElement(By.id("fu-owner")).sendKeys(owner);
        ((JavascriptExecutor)browser).executeScript("arguments[0].value = arguments[1]", browser.findElement(By.id("fu-deadline")), deadline);
        browser.findElement(By.id("fu-note")).sendKeys(note);
        click(By.id("fu-assign"));
    }

    private List<String> texts(final String css)
    {
        return browser.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    @Test
    void shouldSayWhyALogonFailed()
    {
        logOn(OPS, "not-the-secret");
        wait.until(ExpectedConditions.textToBe(By.id("login-error"), "Unknown participant or wrong secret."));
        assertFalse(browser.findElement(By.id("app")).isDisplayed());
    }

    private void logOn(final long participantId, final String secret)
    {
        if (!browser.getCurrentUrl().startsWith(f.base))
        {
            browser.get(f.base + "/");
        }
        final WebElement id = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-participant")));
        id.clear();
        id.sendKeys(Long.toString(participantId));
        browser.findElement(By.id("login-secret")).clear();
        browser.findElement(By.id("login-secret")).sendKeys(secret);
        browser.findElement(By.id("login-submit")).click();
    }

    private void click(final String id)
    {
        click(By.id(id));
    }

    /** Clicks what {@code by} finds, finding it again if a live update redrew it between the find and the click. */
    private void click(final By by)
    {
        wait.ignoring(StaleElementReferenceException.class).until(driver ->
        {
            final WebElement element = driver.findElement(by);
            if (!element.isDisplayed() || !element.isEnabled())
            {
                return false;
            }
            element.click();
            return true;
        });
    }

    /** The USD row of the day's table, read in one script (live updates may redraw the table between two finds). */
    @SuppressWarnings("unchecked")
    private List<String> usdRow()
    {
        final Object cells = ((JavascriptExecutor)browser).executeScript(
            "const row = Array.from(document.querySelectorAll('#day-table tbody tr'))"
                + ".find(r => r.cells.length > 1 && r.cells[0].textContent === 'USD');"
                + "return row ? Array.from(row.cells).map(c => c.textContent) : [];");
        return (List<String>)cells;
    }

    private void screenshot(final String name) throws Exception
    {
        Files.write(SCREENSHOTS.resolve(name), ((TakesScreenshot)browser).getScreenshotAs(OutputType.BYTES));
    }
}
