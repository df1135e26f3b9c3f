package io.settlement.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.engine.api.ReferenceChecks;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.settlement.engine.EngineFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reference data for people (DESIGN.md section 4b): what a CreateParticipant or CreateInstrument of
 * journal schema version 4 carries is checked, stored, hashed, snapshotted and listed; a record of
 * version 1 is accepted as before with the documented defaults. (Each refusal's reason, with the state
 * unchanged, is in {@link ReasonCodeTest}.)
 */
class ReferenceDataDetailsTest
{
    private static final int AAPL = 20;
    private static final int SAP = 21;
    private static final int CHF = 756;
    private static final int JPY = 392;
    private static final int RUB = 643;

    private static String text(final byte[] field)
    {
        return Command.text(field, StandardCharsets.UTF_8);
    }

    /** Real ISINs, as their issuers publish them. */
    @ParameterizedTest
    @ValueSource(strings = {"US0378331005", "DE0007164600", "GB0002634946", "RU0009029540", "US5949181045", "NL0000235190"})
    void realIsinsPassTheCheckDigit(final String isin)
    {
        assertTrue(ReferenceChecks.isValidIsin(isin.getBytes(StandardCharsets.US_ASCII)), isin);
        assertEquals(isin.charAt(11) - '0', ReferenceChecks.checkDigit(isin.substring(0, 11)), isin);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "US0378331006", // Apple's with the last digit changed
        "US0378331050", // two digits swapped
        "DE0007164601", "US037833100", "US03783310055", "1S0378331005", "U10378331005", "US037833100A", "us0378331005",
        "US-378331005", ""})
    void anythingElseDoesNot(final String isin)
    {
        final byte[] field = new byte[12];
        final byte[] bytes = isin.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, field, 0, Math.min(12, bytes.length));
        final boolean fits = bytes.length <= 12;
        assertFalse(fits && ReferenceChecks.isValidIsin(field), isin);
    }

    @Test
    void namesAreUtf8WithoutControlCharacters()
    {
        assertTrue(ReferenceChecks.isValidName(field("Сбербанк России")));
        assertTrue(ReferenceChecks.isValidName(field("Crédit Agricole CIB")));
        assertTrue(ReferenceChecks.isValidName(field("銀行 😀")));
        assertFalse(ReferenceChecks.isValidName(field("")), "empty");
        assertFalse(ReferenceChecks.isValidName(field("a\nb")), "a line feed");
        assertFalse(ReferenceChecks.isValidName(field("a\u0085b")), "a C1 control character");
        final byte[] overlong = field("ab");
        overlong[0] = (byte)0xC0; // an overlong encoding of '/' follows
        overlong[1] = (byte)0xAF;
        assertFalse(ReferenceChecks.isValidName(overlong));
        final byte[] cut = field("Я");
        cut[1] = 0; // the second byte of a two-byte character missing
        assertFalse(ReferenceChecks.isValidName(cut));
        final byte[] gap = field("ab");
        gap[3] = 'c'; // something after the zero padding
        assertFalse(ReferenceChecks.isValidName(gap));
    }

    /** A name people can see: not only white space, no bidi control, invisible format character or noncharacter. */
    @ParameterizedTest
    @ValueSource(strings = {
        " ", "   ", "\u00A0", " \u3000 ", "\u2003\u2009", "\u1680", "\u202F", "\u205F",
        "Bank\u200B", "Bank\u200C", "Bank\u200D", "Bank\u200E", "Bank\u200F",
        "Bank\u2028", "Bank\u2029", "Bank\u202A", "Bank\u202B", "Bank\u202C", "Bank\u202D", "\u202EBank",
        "Bank\u2060", "Bank\u2064", "Bank\u2066", "Bank\u2069", "Bank\u206F", "\uFEFFBank",
        "Bank\uFDD0", "Bank\uFDEF", "Bank\uFFFE", "Bank\uFFFF", "Bank\uD83F\uDFFE", "Bank\uDBFF\uDFFF"})
    void namesPeopleCannotSeeAreRefused(final String name)
    {
        assertFalse(ReferenceChecks.isValidName(field(name)), name.codePoints().mapToObj(Integer::toHexString).toList().toString());
    }

    /** Around the refused ranges: the characters next to them, and white space inside a name. */
    @ParameterizedTest
    @ValueSource(strings = {"Bank A", " Bank ", "Bank\u200A", "Bank\u2027", "Bank\u2030", "Bank\u205F", "Bank\u2070",
        "Bank\uFDCF", "Bank\uFDF0", "Bank\uFEFE", "Bank\uFFFD", "Bank\uD83F\uDFFD"})
    void namesNextToTheRefusedRangesAreAccepted(final String name)
    {
        assertTrue(ReferenceChecks.isValidName(field(name)), name.codePoints().mapToObj(Integer::toHexString).toList().toString());
    }

    private static byte[] field(final String text)
    {
        final byte[] field = new byte[Command.NAME_LENGTH];
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, field, 0, bytes.length);
        return field;
    }

    @Test
    void detailedReferenceDataIsListedAsCreated()
    {
        final EngineFixture f = new EngineFixture();
        f.ok(f.command.createInstrument(OPS, 0, AAPL, InstrumentKind.SECURITY, "AAPL", "US0378331005", "Apple Inc.", 0));
        f.ok(f.command.createInstrument(OPS, 0, JPY, InstrumentKind.CURRENCY, "JPY", "", "Japanese yen", 0));
        f.ok(f.command.createInstrument(OPS, 0, RUB, InstrumentKind.CURRENCY, "RUB", "", "Российский рубль", 2));
        f.ok(f.command.createInstrument(OPS, 0, CHF, InstrumentKind.CURRENCY, "BHD", "", "Bahraini dinar", 3));
        f.ok(f.command.createParticipant(OPS, 0, 60, Role.MEMBER, "Сбербанк", "SBER"));

        final List<Event> instruments = f.apply(f.command.queryInstruments(BANK_A, 0));
        assertEquals(EventType.INSTRUMENTS_REPORT, instruments.get(0).type);
        final Event aapl = line(instruments, AAPL);
        assertEquals("US0378331005", text(aapl.isin));
        assertEquals("Apple Inc.", text(aapl.name));
        assertEquals(0, aapl.minorUnits);
        assertEquals("Japanese yen", text(line(instruments, JPY).name));
        assertEquals(0, line(instruments, JPY).minorUnits);
        assertEquals("Российский рубль", text(line(instruments, RUB).name));
        assertEquals(3, line(instruments, CHF).minorUnits);
        assertEquals("", text(line(instruments, RUB).isin), "a currency has no ISIN");

        final Event sber = f.apply(f.command.queryParticipants(OPS, 0)).stream()
            .filter(e -> e.type == EventType.PARTICIPANT_LINE && e.participantId == 60).findFirst().orElseThrow();
        assertEquals("Сбербанк", text(sber.name));
        assertEquals("SBER", text(sber.shortCode));
    }

    private static Event line(final List<Event> events, final int instrumentId)
    {
        return events.stream().filter(e -> e.type == EventType.INSTRUMENT_LINE && e.instrumentId == instrumentId)
            .findFirst().orElseThrow(() -> new AssertionError("no line for " + instrumentId + " in " + events));
    }

    /**
     * A currency created without minor units (a record of version 1) gets its ISO 4217 minor units:
     * 0 for JPY and KRW, 3 for BHD and KWD, 4 for CLF, 2 for USD and for a code the list does not have.
     */
    @Test
    void version1CurrenciesGetTheMinorUnitsOfTheirIso4217Code()
    {
        final EngineFixture f = new EngineFixture();
        f.ok(f.command.createInstrument(OPS, 0, JPY, InstrumentKind.CURRENCY, "JPY"));
        f.ok(f.command.createInstrument(OPS, 0, 410, InstrumentKind.CURRENCY, "KRW"));
        f.ok(f.command.createInstrument(OPS, 0, 48, InstrumentKind.CURRENCY, "BHD"));
        f.ok(f.command.createInstrument(OPS, 0, 414, InstrumentKind.CURRENCY, "KWD"));
        f.ok(f.command.createInstrument(OPS, 0, 990, InstrumentKind.CURRENCY, "CLF"));
        f.ok(f.command.createInstrument(OPS, 0, 50, InstrumentKind.CURRENCY, "gold-oz"));
        f.ok(f.command.createInstrument(OPS, 0, 51, InstrumentKind.SECURITY, "JPY"));
        final List<Event> instruments = f.apply(f.command.queryInstruments(BANK_A, 0));
        assertEquals(0, line(instruments, JPY).minorUnits, "JPY");
        assertEquals(0, line(instruments, 410).minorUnits, "KRW");
        assertEquals(3, line(instruments, 48).minorUnits, "BHD");
        assertEquals(3, line(instruments, 414).minorUnits, "KWD");
        assertEquals(4, line(instruments, 990).minorUnits, "CLF");
        assertEquals(2, line(instruments, 50).minorUnits, "a code ISO 4217 does not list");
        assertEquals(0, line(instruments, 51).minorUnits, "a security is counted in whole units whatever its code");
        assertEquals(2, line(instruments, USD).minorUnits, "USD");
    }

    /** The fixture's market is created with records of version 1: accepted, no details, the default minor units. */
    @Test
    void version1RecordsAreAcceptedWithTheDocumentedDefaults()
    {
        final EngineFixture f = new EngineFixture();
        final List<Event> instruments = f.apply(f.command.queryInstruments(BANK_A, 0));
        assertEquals(2, line(instruments, USD).minorUnits, "a currency without minor units has 2");
        assertEquals(2, line(instruments, EUR).minorUnits);
        assertEquals(0, line(instruments, ACME).minorUnits, "a security whole units");
        assertEquals("", text(line(instruments, ACME).isin));
        assertEquals("", text(line(instruments, ACME).name));
        // not checked against the version-4 rules: a code no ISO 4217 list has, a security without ISIN
        f.ok(f.command.createInstrument(OPS, 0, 50, InstrumentKind.CURRENCY, "gold-oz"));
        f.ok(f.command.createParticipant(OPS, 0, 61, Role.MEMBER));
        f.ok(f.command.createParticipant(OPS, 0, 62, Role.MEMBER));
        final Event p61 = f.apply(f.command.queryParticipants(OPS, 0)).stream()
            .filter(e -> e.type == EventType.PARTICIPANT_LINE && e.participantId == 61).findFirst().orElseThrow();
        assertEquals("", text(p61.name));
        assertEquals("", text(p61.shortCode));
        // a participant without a short code does not take the empty one from the next with one
        f.ok(f.command.createParticipant(OPS, 0, 63, Role.MEMBER, "Bank 63", "B63"));
    }

    @Test
    void refusalsOfVersion4ChangeNothingAndTheFirstFailingCheckNamesIt()
    {
        final EngineFixture f = new EngineFixture();
        final long before = f.engine.stateHash();
        assertEquals(Reason.INVALID_ISIN, f.one(f.command.createInstrument(OPS, 0, SAP, InstrumentKind.SECURITY, "SAP", "DE0007164601",
            "SAP SE", 0)).reason);
        assertEquals(Reason.INVALID_MINOR_UNITS, f.one(f.command.createInstrument(OPS, 0, CHF, InstrumentKind.CURRENCY, "CHF", "",
            "Swiss franc", -1)).reason);
        assertEquals(Reason.ALREADY_EXISTS, f.one(f.command.createInstrument(OPS, 0, USD, InstrumentKind.CURRENCY, "USD", "",
            "US dollar", 2)).reason);
        assertEquals(Reason.NOT_AUTHORISED, f.one(f.command.createInstrument(BANK_A, 0, SAP, InstrumentKind.SECURITY, "SAP",
            "DE0007164600", "SAP SE", 0)).reason, "authorisation first");
        assertEquals(before, f.engine.stateHash());
        f.ok(f.command.createInstrument(OPS, 0, SAP, InstrumentKind.SECURITY, "SAP", "DE0007164600", "SAP SE", 0));
        f.ok(f.command.createInstrument(OPS, 0, CHF, InstrumentKind.CURRENCY, "CHF", "", "Swiss franc", 4));
    }

    @Test
    void theDetailsAreInTheStateHash()
    {
        final EngineFixture a = new EngineFixture();
        final EngineFixture b = new EngineFixture();
        a.ok(a.command.createParticipant(OPS, 0, 60, Role.MEMBER, "Bank D", "BANKD"));
        b.ok(b.command.createParticipant(OPS, 0, 60, Role.MEMBER, "Bank E", "BANKD"));
        assertNotEquals(a.engine.stateHash(), b.engine.stateHash(), "names differ");
        final EngineFixture c = new EngineFixture();
        c.ok(c.command.createParticipant(OPS, 0, 60, Role.MEMBER));
        assertNotEquals(a.engine.stateHash(), c.engine.stateHash(), "with and without details");
    }

    @Test
    void snapshotRoundTripKeepsTheDetails() throws IOException
    {
        final EngineFixture f = new EngineFixture();
        f.ok(f.command.createInstrument(OPS, 0, AAPL, InstrumentKind.SECURITY, "AAPL", "US0378331005", "Apple Inc.", 0));
        f.ok(f.command.createInstrument(OPS, 0, JPY, InstrumentKind.CURRENCY, "JPY", "", "Japanese yen", 0));
        f.ok(f.command.createParticipant(OPS, 0, 60, Role.MEMBER, "Сбербанк", "SBER"));
        final byte[] bytes = SnapshotPropertiesTest.snapshot(f.engine);
        final SettlementEngine read = EngineSnapshot.read(new ByteArrayInputStream(bytes));
        assertEquals(f.engine.stateHash(), read.stateHash());
        assertEquals(java.util.Arrays.toString(bytes), java.util.Arrays.toString(SnapshotPropertiesTest.snapshot(read)),
            "it writes the same bytes back");
        final EngineFixture g = EngineFixture.over(read);
        final List<Event> instruments = g.apply(g.command.queryInstruments(BANK_A, 0));
        assertEquals("Apple Inc.", text(line(instruments, AAPL).name));
        assertEquals(0, line(instruments, JPY).minorUnits);
        assertEquals(2, line(instruments, USD).minorUnits, "the version-1 currency keeps its default");
        // the short code is still taken after reading
        assertEquals(Reason.DUPLICATE_SHORT_CODE, g.one(g.command.createParticipant(OPS, 0, 61, Role.MEMBER, "Other", "SBER")).reason);
        assertTrue(read.checkInvariants().isEmpty(), read.checkInvariants()::toString);
    }
}
