package io.settlement.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scenario files: every command type through the engine; a bad line stops with its number. */
class ScriptCommandTest
{
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final Path file)
    {
        return SettlementCli.run(new PrintWriter(out, true), new PrintWriter(err, true), "script", file.toString());
    }

    @Test
    void shouldRunTheExampleScenarioUsingEveryCommandType()
    {
        assertEquals(0, run(Path.of("..", "docs", "examples", "scenario.txt")), err.toString());

        final List<String> lines = out.toString().lines().toList();
        // amounts stay in minor units in the outcome's fields, and are read out as decimals with their code after it
        assertTrue(lines.contains("line 16: LIMIT_SET{seq=11 corr=16 participant=1 kind=CREDIT key=840 limit=60000 utilised=0}"
            + " = limit 600.00 USD, utilised 0.00 USD"), out.toString());
        assertTrue(lines.contains("line 10: pass expect=REJECTED:DUPLICATE_SHORT_CODE"), out.toString());
        assertTrue(lines.contains("line 12: pass expect=REJECTED:INVALID_ISIN"), out.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("line 18: DEAL_ACCEPTED") && l.endsWith(" = 100 ACME for 500.00 USD")),
            out.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("line 19: DEAL_REJECTED") && l.contains("CREDIT_LIMIT_EXCEEDED")));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("line 22: DEAL_CANCELLED") && l.contains("deal=3")));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("line 23: DEAL_REPORT") && l.contains("status=CANCELLED")));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("line 25: CYCLE_COMPLETED") && l.contains("settled=2")));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("line 25: CYCLE_SETTLED_VALUE") && l.endsWith(" = 500.00 USD")),
            out.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("line 27: POSITION_REPORT") && l.contains("balance=150")
            && l.endsWith(" = 150 ACME")));
        assertTrue(lines.contains("line 19: pass expect=REJECTED:CREDIT_LIMIT_EXCEEDED"), out.toString());
        assertTrue(lines.contains("expectations: 37 passed, 0 failed"), out.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("line 46: CYCLE_COMPLETED") && l.contains("settled=0 failed=2")), out.toString());
        assertTrue(lines.contains("line 47: pass expect=SETTLED:2,FAILED:0"), out.toString());
        // final positions: A paid 500.00 USD and received 151 shares (the last one once its seller's hold was lifted), then
        // 5 more for 25.03 USD by matched instructions; B the reverse, less a 10.00 USD withdrawal (the circular pair
        // settled netted, changing neither)
        final int csv = lines.indexOf("participantId,instrumentId,balance,amount");
        assertEquals(List.of("1,10,156,156 ACME", "1,840,47497,474.97 USD", "2,10,344,344 ACME", "2,840,51503,515.03 USD"),
            lines.subList(csv + 1, csv + 5));
        assertTrue(lines.get(lines.size() - 1).matches("state-hash: [0-9a-f]{16}"));
    }

    /** Names in double quotes (spaces, a quote, a '#' inside), UTF-8 (Cyrillic), and the fields of version 4. */
    @Test
    void shouldReadNamesShortCodesIsinsAndMinorUnits()
    {
        final io.settlement.engine.api.Command c = new io.settlement.engine.api.Command();
        ScriptCommand.parse("participant id=7 role=MEMBER name=\"Банк \\\"Восток\\\" #1\" short=VOSTOK", c);
        assertEquals("Банк \"Восток\" #1", io.settlement.engine.api.Command.text(c.name, StandardCharsets.UTF_8));
        assertEquals("VOSTOK", io.settlement.engine.api.Command.text(c.shortCode, StandardCharsets.US_ASCII));
        assertFalse(c.legacyLayout);
        ScriptCommand.parse("instrument id=10 kind=SECURITY code=AAPL isin=US0378331005 name=\"Apple Inc.\"", c);
        assertEquals("US0378331005", io.settlement.engine.api.Command.text(c.isin, StandardCharsets.US_ASCII));
        assertEquals("Apple Inc.", io.settlement.engine.api.Command.text(c.name, StandardCharsets.UTF_8));
        assertEquals(0, c.minorUnits, "a security's");
        ScriptCommand.parse("instrument id=392 kind=CURRENCY code=JPY name=Yen minor-units=0", c);
        assertEquals(0, c.minorUnits);
        assertFalse(c.legacyLayout);
        ScriptCommand.parse("instrument id=840 kind=CURRENCY code=USD", c);
        assertTrue(c.legacyLayout, "without details: as before them");
    }

    @Test
    void shouldNameWhatIsWrongWithReferenceDetails() throws IOException
    {
        assertEquals("1: name= and short= go together (a participant's name and its short code)",
            errorFor("participant id=7 role=MEMBER name=\"Bank\""));
        assertEquals("1: missing minor-units= (digits after the decimal point of the currency, 0-4)",
            errorFor("instrument id=392 kind=CURRENCY code=JPY name=Yen"));
        assertEquals("1: minor-units=5 is out of range (digits after the decimal point: 0 to 4)",
            errorFor("instrument id=392 kind=CURRENCY code=JPY name=Yen minor-units=5"));
        assertEquals("1: a quote is not closed: participant id=7 role=MEMBER name=\"Bank short=B",
            errorFor("participant id=7 role=MEMBER name=\"Bank short=B"));
        assertEquals("1: name=\"" + "Я".repeat(33) + "\" is 66 bytes of UTF-8: at most 64 fit",
            errorFor("participant id=7 role=MEMBER name=" + "Я".repeat(33) + " short=B"));
    }

    /** A currency created without minor units (a line of an earlier build) is read in those of its ISO 4217 code. */
    @Test
    void shouldShowAmountsOfACurrencyWithoutDetailsInTheMinorUnitsOfItsCode() throws IOException
    {
        final Path file = dir.resolve("old-currencies.txt");
        Files.writeString(file, "participant id=1 role=MEMBER\n"
            + "instrument id=392 kind=CURRENCY code=JPY\n"
            + "instrument id=48 kind=CURRENCY code=BHD\n"
            + "deposit participant=1 instrument=392 amount=150000\n"
            + "deposit participant=1 instrument=48 amount=1234\n"
            + "query-position participant=1 instrument=392\n"
            + "query-position participant=1 instrument=48\n", StandardCharsets.UTF_8);
        assertEquals(0, run(file), out.toString() + err);
        final List<String> lines = out.toString().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("line 6: POSITION_REPORT") && l.endsWith("balance=150000} = 150000 JPY")),
            out.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("line 7: POSITION_REPORT") && l.endsWith("balance=1234} = 1.234 BHD")),
            out.toString());
    }

    /** Deals with link=, partial= and min=: a part settles, then the rest; a linked pair fails as one; bad terms are refused. */
    @Test
    void shouldRunLinkedAndPartialDeals() throws IOException
    {
        final Path file = dir.resolve("linked-partial.txt");
        Files.writeString(file, "participant id=1 role=MEMBER\n"
            + "participant id=2 role=MEMBER\n"
            + "instrument id=10 kind=SECURITY code=ACME\n"
            + "instrument id=840 kind=CURRENCY code=USD\n"
            + "date date=20260105\n"
            + "deposit participant=1 instrument=840 amount=1000\n"
            + "deposit participant=2 instrument=10 amount=4\n"
            + "deal client=1 buyer=1 seller=2 security=10 currency=840 quantity=10 cash=1000 date=20260105 type=DVP partial=yes min=3\n"
            + "deal client=2 buyer=1 seller=2 security=10 currency=840 quantity=10 cash=1000 date=20260105 type=DVP partial=yes min=0"
            + " expect=REJECTED:INVALID_MINIMUM_QUANTITY\n"
            + "deal client=3 buyer=1 seller=2 security=10 currency=840 quantity=10 cash=1000 date=20260105 type=DVP min=2"
            + " expect=REJECTED:MINIMUM_WITHOUT_PARTIAL\n"
            + "cycle\n"
            + "query-deal deal=1 expect=PENDING\n"
            + "deal client=4 buyer=2 seller=1 security=10 currency=840 quantity=1 cash=1 date=20260105 type=DVP link=7 as=1\n"
            + "deal client=5 buyer=2 seller=1 security=10 currency=840 quantity=100 cash=1 date=20260105 type=DVP link=7 as=1\n"
            + "deposit participant=2 instrument=10 amount=6\n"
            + "cycle expect=SETTLED:1\n"
            + "query-deal deal=1 expect=SETTLED\n", StandardCharsets.UTF_8);
        assertEquals(0, run(file), out.toString() + err);
        final String output = out.toString();
        assertTrue(output.contains("partQty=4 partCash=400 settledQty=4 settledCash=400"
            + " remaining=6 reason=INSUFFICIENT_SECURITIES} = 4 ACME for 4.00 USD of 10 ACME, 6 ACME to go"), output);
        assertTrue(output.contains("reason=LINKED_DEAL_FAILED"), output);
        assertTrue(output.contains("partQty=6 partCash=600} = 10 ACME for 10.00 USD, the final part 6 ACME for 6.00 USD"), output);

        final io.settlement.engine.api.Command c = new io.settlement.engine.api.Command();
        ScriptCommand.parse("deal client=1 buyer=1 seller=2 security=10 quantity=5 date=20260105 type=FOP link=-3 partial=yes min=2", c);
        assertEquals(-3, c.linkId);
        assertEquals(1, c.partialAllowed);
        assertEquals(2, c.minimumQuantity);
        final IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> ScriptCommand.parse("deal client=1 buyer=1 seller=2 security=10 quantity=5 date=20260105 type=FOP partial=maybe", c));
        assertEquals("partial=maybe: yes or no", bad.getMessage());
    }

    /** The engine checks what the line carries: a wrong ISIN check digit, a short code taken, 5 minor units. */
    @Test
    void shouldLetTheEngineRefuseBadReferenceDetails() throws IOException
    {
        final Path file = dir.resolve("details.txt");
        Files.writeString(file, "participant id=1 role=MEMBER name=\"Северный банк\" short=NORTH expect=OK\n"
            + "participant id=2 role=MEMBER name=\"Other\" short=NORTH expect=REJECTED:DUPLICATE_SHORT_CODE\n"
            + "instrument id=10 kind=SECURITY code=SAP isin=DE0007164601 name=\"SAP SE\" expect=REJECTED:INVALID_ISIN\n"
            + "instrument id=10 kind=SECURITY code=SAP isin=DE0007164600 name=\"SAP SE\" expect=OK\n"
            + "instrument id=392 kind=CURRENCY code=JPY name=\"Japanese yen\" minor-units=0 expect=OK\n"
            + "deposit participant=1 instrument=392 amount=1500\n"
            + "query-position participant=1 instrument=392 expect=BALANCE:1500\n", StandardCharsets.UTF_8);
        assertEquals(0, run(file), out.toString() + err);
        assertTrue(out.toString().contains("line 7: POSITION_REPORT{seq=7 corr=7 participant=1 instrument=392 balance=1500} = 1500 JPY"),
            out.toString());
        assertTrue(out.toString().contains("1,392,1500,1500 JPY"), out.toString());
    }

    @Test
    void shouldStopAtALineItCannotReadWithItsNumber() throws IOException
    {
        final Path file = dir.resolve("broken.txt");
        Files.writeString(file, "# a scenario\nparticipant id=1 role=MEMBER\ndael as=1 client=1\n");

        assertEquals(1, run(file));

        assertEquals("settlement: " + file + ":3: unknown command 'dael'", err.toString().trim());
    }

    @Test
    void shouldNameAMissingOrMalformedField() throws IOException
    {
        final Path file = dir.resolve("fields.txt");
        Files.writeString(file, "deposit participant=1 instrument=840\n");
        assertEquals(1, run(file));
        assertTrue(err.toString().contains(":1: missing amount="), err.toString());

        err.getBuffer().setLength(0);
        Files.writeString(file, "participant id=1 role=BANKER\n");
        assertEquals(1, run(file));
        assertTrue(err.toString().contains(":1: role=BANKER is not one of [MEMBER, RISK, OPERATOR, AUDITOR]"), err.toString());

        err.getBuffer().setLength(0);
        Files.writeString(file, "participant id=1 role=null_val\n");
        assertEquals(1, run(file), "the schema's null value is not a role");
        assertTrue(err.toString().contains(":1: role=null_val is not one of [MEMBER, RISK, OPERATOR, AUDITOR]"), err.toString());
    }

    /** The one-line error for a scenario holding {@code lines}, after checking the run stopped with exit 1 and printed no outcome. */
    @Test
    void shouldNameAModeThatIsNotACycleMode() throws IOException
    {
        assertEquals("1: mode=net is not one of [GROSS, NETTED]", errorFor("cycle mode=net"));
    }

    private String errorFor(final String... lines) throws IOException
    {
        final Path file = dir.resolve("bad.txt");
        Files.writeString(file, String.join("\n", lines) + "\n");
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        assertEquals(1, run(file), out.toString());
        final String text = err.toString().trim();
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.startsWith("settlement: " + file + ":"), text);
        return text.substring(("settlement: " + file + ":").length());
    }

    @Test
    void shouldRefuseANumberOutsideTheRangeOfItsField() throws IOException
    {
        // 4294968136 = 2^32 + 840: cut to an int it would be USD
        assertEquals("2: currency=4294968136 is out of range (a 32-bit integer: -2147483648 to 2147483647)", errorFor(
            "date date=20260105",
            "deal as=1 client=1 buyer=1 seller=2 security=10 currency=4294968136 quantity=1 cash=1 date=20260105 type=DVP"));
        assertEquals("1: instrument=2147483648 is out of range (a 32-bit integer: -2147483648 to 2147483647)",
            errorFor("deposit participant=1 instrument=2147483648 amount=1"));
        assertEquals("1: date=99999999999 is out of range (a 32-bit integer: -2147483648 to 2147483647)",
            errorFor("date date=99999999999"));
        assertEquals("1: amount=9_223_372_036_854_775_808 is out of range (a 64-bit integer: -9223372036854775808 to "
            + "9223372036854775807)", errorFor("deposit participant=1 instrument=840 amount=9_223_372_036_854_775_808"));
        assertEquals("1: as=18446744073709551617 is out of range (a 64-bit integer: -9223372036854775808 to "
            + "9223372036854775807)", errorFor("cycle as=18446744073709551617"));
    }

    @Test
    void shouldSayThatAmountsAreWholeMinorUnits() throws IOException
    {
        assertEquals("1: amount=12.50: amounts are whole minor units (e.g. cents: 1250 for 12.50), not decimals",
            errorFor("deposit participant=1 instrument=840 amount=12.50"));
        assertEquals("1: cash=1.5: amounts are whole minor units (e.g. cents: 1250 for 12.50), not decimals",
            errorFor("deal client=1 buyer=1 seller=2 security=10 currency=840 quantity=1 cash=1.5 date=20260105 type=DVP"));
        assertEquals("1: quantity=0.5: quantities are whole units, not decimals",
            errorFor("deal client=1 buyer=1 seller=2 security=10 quantity=0.5 date=20260105 type=FOP"));
        assertEquals("1: id=1.0 is not a whole number", errorFor("participant id=1.0 role=MEMBER"));
        assertEquals("1: amount=ten is not a number", errorFor("deposit participant=1 instrument=840 amount=ten"));
    }

    @Test
    void shouldRefuseAnInstrumentCodeTheEngineCannotCarryInsteadOfCuttingIt() throws IOException
    {
        assertEquals("1: code=ABCDEFGHIJKLM: an instrument code is 1 to 12 printable ASCII characters (13 given)",
            errorFor("instrument id=10 kind=SECURITY code=ABCDEFGHIJKLM"));
        assertEquals("1: code=\u00c4CME: an instrument code is 1 to 12 printable ASCII characters ('\u00c4' is not ASCII)",
            errorFor("instrument id=10 kind=SECURITY code=\u00c4CME"));
    }

    @Test
    void shouldLetTheEngineRefuseAnEmptyCodeAsAnInvalidField() throws IOException
    {
        final Path file = dir.resolve("codes.txt");
        Files.writeString(file, "instrument id=10 kind=SECURITY code=ABCDEFGHIJKL expect=OK\n"
            + "instrument id=11 kind=SECURITY code= expect=REJECTED:INVALID_FIELD\n");
        assertEquals(0, run(file), out.toString() + err);
        assertTrue(out.toString().contains("line 2: COMMAND_RESULT{seq=2 corr=2 command=CREATE_INSTRUMENT result=INVALID_FIELD}"),
            out.toString());
    }

    @Test
    void shouldAcceptAUtf8ByteOrderMarkAtTheStartOfTheFile() throws IOException
    {
        final Path file = dir.resolve("bom.txt");
        Files.write(file, ("\uFEFFparticipant id=1 role=MEMBER\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(0, run(file), err.toString());
        assertTrue(out.toString().startsWith("line 1: COMMAND_RESULT{seq=1 corr=1 command=CREATE_PARTICIPANT result=OK}"),
            out.toString());
    }

    @Test
    void shouldPrintEachExpectationAsPassOrFailAndExitFourWhenOneFails() throws IOException
    {
        final Path file = dir.resolve("expect.txt");
        Files.writeString(file, String.join("\n",
            "participant id=1 role=MEMBER expect=OK",
            "participant id=2 role=MEMBER",
            "instrument id=10 kind=SECURITY code=ACME",
            "instrument id=840 kind=CURRENCY code=USD",
            "deposit participant=1 instrument=840 amount=1_000",
            "deposit participant=2 instrument=10 amount=5",
            "date date=20260105 expect=OK",
            "deal as=1 client=1 buyer=1 seller=2 security=10 currency=840 quantity=5 cash=500 date=20260105 type=DVP expect=ACCEPTED",
            "deal as=1 client=2 buyer=1 seller=2 security=10 currency=840 quantity=5 cash=500 date=20260104 type=DVP "
                + "expect=REJECTED:INVALID_DATE",
            "deal as=1 client=3 buyer=1 seller=1 security=10 currency=840 quantity=5 cash=500 date=20260105 type=DVP expect=REJECTED",
            "withdraw participant=2 instrument=840 amount=1 expect=REJECTED:INSUFFICIENT_BALANCE",
            "cycle expect=SETTLED:1,FAILED:0",
            "query-deal deal=1 expect=SETTLED",
            "query-position participant=1 instrument=10 expect=BALANCE:5",
            "cancel deal=1 expect=CANCELLED",
            ""));

        assertEquals(4, run(file), out.toString() + err);

        final List<String> lines = out.toString().lines().toList();
        assertTrue(lines.contains("line 1: pass expect=OK"), out.toString());
        assertTrue(lines.contains("line 8: pass expect=ACCEPTED"), out.toString());
        assertTrue(lines.contains("line 12: pass expect=SETTLED:1,FAILED:0"), out.toString());
        assertTrue(lines.contains("line 13: pass expect=SETTLED"), out.toString());
        assertTrue(lines.contains("line 14: pass expect=BALANCE:5"), out.toString());
        assertTrue(lines.contains("line 15: FAIL expect=CANCELLED, got REJECTED:DEAL_NOT_PENDING"), out.toString());
        assertFalse(out.toString().contains("line 2: pass"), "a line without expect= is not checked");
        // line 9: a date in the past is SETTLEMENT_DATE_IN_PAST, not INVALID_DATE
        assertTrue(lines.contains("line 9: FAIL expect=REJECTED:INVALID_DATE, got REJECTED:SETTLEMENT_DATE_IN_PAST"), out.toString());
        assertTrue(lines.contains("line 10: pass expect=REJECTED"), out.toString());
        assertTrue(lines.contains("line 11: pass expect=REJECTED:INSUFFICIENT_BALANCE"), out.toString());
        assertTrue(lines.contains("expectations: 8 passed, 2 failed (lines 9, 15)"), out.toString());
        assertTrue(err.toString().isEmpty(), err.toString());
    }

    @Test
    void shouldExitZeroWhenEveryExpectationHolds() throws IOException
    {
        final Path file = dir.resolve("ok.txt");
        Files.writeString(file, "participant id=1 role=MEMBER expect=OK\nparticipant id=1 role=MEMBER expect=REJECTED:ALREADY_EXISTS\n");
        assertEquals(0, run(file), out.toString() + err);
        assertTrue(out.toString().contains("expectations: 2 passed, 0 failed"), out.toString());
    }

    @Test
    void shouldRefuseAnExpectationItCannotCheck() throws IOException
    {
        assertEquals("1: expect=REJECTED:NO_SUCH_REASON: not a reason the engine gives (docs/protocol.md lists them)",
            errorFor("participant id=1 role=MEMBER expect=REJECTED:NO_SUCH_REASON"));
        // the schema's enum also holds the gateway's session reasons and a null value: the engine never answers either
        assertEquals("1: expect=REJECTED:SLOW_CONSUMER: not a reason the engine gives (docs/protocol.md lists them)",
            errorFor("participant id=1 role=MEMBER expect=REJECTED:SLOW_CONSUMER"));
        assertEquals("1: expect=REJECTED:NULL_VAL: not a reason the engine gives (docs/protocol.md lists them)",
            errorFor("participant id=1 role=MEMBER expect=REJECTED:NULL_VAL"));
        assertEquals("1: expect=GREAT: not an outcome; one or more of OK, ACCEPTED, CANCELLED, PENDING, SETTLED, HELD, RELEASED, "
            + "UNMATCHED, MATCHED, REFUSED, EXPIRED, REJECTED, REJECTED:REASON, BALANCE:N, SETTLED:N, FAILED:N (comma separated)",
            errorFor("participant id=1 role=MEMBER expect=GREAT"));
        assertEquals("1: expect=REJECTED:OK: OK is not a refusal (expect=OK says the line is not refused)",
            errorFor("participant id=1 role=MEMBER expect=REJECTED:OK"));
        assertEquals("1: expect=BALANCE:5 applies to query-position lines only",
            errorFor("participant id=1 role=MEMBER expect=BALANCE:5"));
        assertEquals("1: expect=SETTLED applies to query-deal lines only (a deal settles in a later cycle: query it then)",
            errorFor("deal client=1 buyer=1 seller=2 security=10 quantity=1 date=20260105 type=FOP expect=SETTLED"));
    }

    @Test
    void shouldSetTheRetentionPeriodWithAJournaledCommand() throws IOException
    {
        final Path file = dir.resolve("retention.txt");
        Files.writeString(file, String.join("\n",
            "participant id=1 role=MEMBER",
            "participant id=2 role=MEMBER",
            "instrument id=10 kind=SECURITY code=ACME",
            "deposit participant=2 instrument=10 amount=5",
            "retention days=4000 expect=REJECTED:INVALID_FIELD",
            "retention days=0 expect=OK",
            "date date=20260105",
            "deal as=1 client=1 buyer=1 seller=2 security=10 quantity=5 date=20260105 type=FOP expect=ACCEPTED",
            "cycle expect=SETTLED:1",
            "date date=20260106",
            "query-deal deal=1 expect=REJECTED:DEAL_PURGED",
            "deal as=1 client=1 buyer=1 seller=2 security=10 quantity=5 date=20260106 type=FOP "
                + "expect=REJECTED:CLIENT_DEAL_ID_RETIRED",
            ""));
        assertEquals(0, run(file), out.toString() + err);
        assertTrue(out.toString().contains("expectations: 6 passed, 0 failed"), out.toString());
    }

    @Test
    void shouldHoldASideSkipTheDealInCyclesAndSettleItOnceReleased() throws IOException
    {
        final Path file = dir.resolve("hold.txt");
        Files.writeString(file, String.join("\n",
            "participant id=1 role=MEMBER",
            "participant id=2 role=MEMBER",
            "participant id=91 role=OPERATOR",
            "instrument id=10 kind=SECURITY code=ACME",
            "deposit participant=2 instrument=10 amount=5",
            "date date=20260105",
            "deal as=1 client=1 buyer=1 seller=2 security=10 quantity=5 date=20260105 type=FOP expect=ACCEPTED",
            "hold as=2 deal=1 side=SELL expect=HELD",
            "hold as=91 deal=1 side=SELL expect=OK",
            "release as=1 deal=1 side=SELL expect=REJECTED:NOT_YOUR_SIDE",
            "cycle expect=SETTLED:0,FAILED:0",
            "query-deal deal=1 expect=PENDING,HELD",
            "release as=91 deal=1 side=SELL expect=RELEASED",
            "cycle expect=SETTLED:1",
            "hold deal=1 side=BUY expect=REJECTED:DEAL_NOT_PENDING",
            ""));
        assertEquals(0, run(file), out.toString() + err);
        assertTrue(out.toString().contains("expectations: 9 passed, 0 failed"), out.toString());
        assertTrue(out.toString().contains("DEAL_HELD{"), out.toString());
    }

    @Test
    void shouldRefuseAHoldLineWithoutASide() throws IOException
    {
        assertEquals("1: missing side=", errorFor("hold deal=1"));
        assertTrue(errorFor("release deal=1 side=BUYER").startsWith("1: side=BUYER"), "names the bad value");
    }

    @Test
    void shouldMatchInstructionsWithinTheToleranceCancelAndExpire() throws IOException
    {
        final Path file = dir.resolve("matching.txt");
        Files.writeString(file, String.join("\n",
            "participant id=1 role=MEMBER",
            "participant id=2 role=MEMBER",
            "participant id=91 role=OPERATOR",
            "instrument id=10 kind=SECURITY code=ACME",
            "instrument id=840 kind=CURRENCY code=USD",
            "deposit participant=1 instrument=840 amount=1000",
            "deposit participant=2 instrument=10 amount=5",
            "date date=20260105",
            "tolerance as=91 currency=840 amount=3 expect=OK",
            "expiry as=91 days=1 expect=OK",
            "instruct as=1 client=7 side=BUY counterparty=2 security=10 currency=840 quantity=5 cash=500 date=20260105 type=DVP"
                + " expect=ACCEPTED,UNMATCHED",
            "instruct as=2 client=8 side=SELL counterparty=1 security=10 currency=840 quantity=5 cash=503 date=20260105 type=DVP"
                + " expect=ACCEPTED,MATCHED",
            "query-instruction instruction=1 expect=MATCHED",
            "instruct as=1 client=7 side=BUY counterparty=2 security=10 currency=840 quantity=5 cash=500 date=20260105 type=DVP"
                + " expect=ACCEPTED,MATCHED",
            "cycle expect=SETTLED:1",
            "query-position participant=2 instrument=840 expect=BALANCE:503",
            "instruct as=1 client=9 side=BUY counterparty=2 security=10 currency=840 quantity=1 cash=1 date=20260105 type=DVP"
                + " expect=UNMATCHED",
            "cancel-instruction as=2 instruction=3 expect=REJECTED:NOT_YOUR_INSTRUCTION",
            "cancel-instruction as=1 instruction=3 expect=CANCELLED",
            "instruct as=1 client=10 side=BUY counterparty=2 security=10 currency=840 quantity=1 cash=1 date=20260106 type=DVP"
                + " expect=UNMATCHED",
            "date date=20260106",
            "query-instruction instruction=4 expect=UNMATCHED",
            "date date=20260107",
            "query-instruction instruction=4 expect=EXPIRED",
            ""));
        assertEquals(0, run(file), out.toString() + err);
        assertTrue(out.toString().contains("expectations: 14 passed, 0 failed"), out.toString());
        assertTrue(out.toString().contains("INSTRUCTION_MATCHED{"), out.toString());
        // the repeat of the matched instruction is answered with the original, and names its deal
        assertTrue(out.toString().contains("line 14: INSTRUCTION_ACCEPTED{") && out.toString().lines()
            .anyMatch(l -> l.startsWith("line 14: INSTRUCTION_ACCEPTED{") && l.contains("status=MATCHED deal=1")), out.toString());
    }
}
