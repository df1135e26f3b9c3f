package io.settlement.engine;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandType;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.Codes;
import io.settlement.protocol.wire.CycleMode;
import io.settlement.protocol.wire.DayStatus;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.LimitKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import io.settlement.protocol.wire.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static io.settlement.engine.EngineFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every refusal the engine can give: the command is refused with its specific reason and the
 * state hash does not move. (BUSY and UNAVAILABLE are the pipeline's; INSUFFICIENT_SECURITIES and
 * INSUFFICIENT_CASH are settlement failures, covered by {@link DvpAtomicityTest}, LINKED_DEAL_FAILED by
 * {@link LinkedPartialSettlementTest}, UNMATCHED_EXPIRED, an instruction's end, by {@link MatchingTest}.)
 */
class ReasonCodeTest
{
    record Case(String name, Reason reason, Consumer<EngineFixture> setup, Function<EngineFixture, Command> command)
    {
        @Override
        public String toString()
        {
            return reason + ": " + name;
        }
    }

    private static Command deal(
        final EngineFixture f, final long submitter, final long buyer, final long seller, final int security,
        final int currency, final long quantity, final long cash, final int date, final DealType type)
    {
        return f.command.submitDeal(submitter, 0, 77, buyer, seller, security, currency, quantity, cash, date, type);
    }

    private static Command dvp(final EngineFixture f, final long quantity, final long cash)
    {
        return deal(f, BANK_A, BANK_A, BANK_B, ACME, USD, quantity, cash, TODAY, DealType.DVP);
    }

    private static final Consumer<EngineFixture> NOTHING = f -> {};
    /** TODAY (Monday 5 January 2026) plus one day, and the Saturday of that week. */
    private static final int TOMORROW = 20260106;
    private static final int SATURDAY = 20260110;

    /** Deal 1 (client key 77) cancelled, then purged with retention 0 by the next date roll. */
    private static void purgeDeal77(final EngineFixture f)
    {
        f.ok(f.command.setRetention(OPS, 0, 0));
        f.accepted(77, BANK_A, BANK_B, 1, 1);
        assertEquals(EventType.DEAL_CANCELLED, f.one(f.command.cancelDeal(BANK_A, 0, 1)).type);
        assertEquals(1, f.one(f.command.advanceBusinessDate(OPS, 0, Dates.plusDays(TODAY, 1))).count);
    }

    /** Instruction 1 (clientRef 5 of BANK_A) cancelled, then purged at the next roll with retention 0. */
    private static void purgeInstruction1(final EngineFixture f)
    {
        f.ok(f.command.setRetention(OPS, 0, 0));
        f.apply(instruction(f, BANK_A, 5, Side.BUY, BANK_B));
        assertEquals(EventType.INSTRUCTION_ENDED, f.one(f.command.cancelInstruction(BANK_A, 0, 1)).type);
        f.apply(f.command.advanceBusinessDate(OPS, 0, Dates.plusDays(TODAY, 1)));
    }

    static Stream<Case> cases()
    {
        return Stream.of(
            new Case("unknown buyer", Reason.UNKNOWN_PARTICIPANT, NOTHING,
                f -> deal(f, BANK_B, 777, BANK_B, ACME, USD, 1, 1, TODAY, DealType.DVP)),
            new Case("unknown submitter", Reason.UNKNOWN_PARTICIPANT, NOTHING,
                f -> deal(f, 555, BANK_A, BANK_B, ACME, USD, 1, 1, TODAY, DealType.DVP)),
            new Case("deposit to unknown participant", Reason.UNKNOWN_PARTICIPANT, NOTHING,
                f -> f.command.deposit(OPS, 0, 777, USD, 5)),
            new Case("counterparty limit on unknown participant", Reason.UNKNOWN_PARTICIPANT, NOTHING,
                f -> f.command.setLimit(RISK, 0, BANK_A, LimitKind.COUNTERPARTY, 777, 5)),
            new Case("unknown security", Reason.UNKNOWN_INSTRUMENT, NOTHING,
                f -> deal(f, BANK_A, BANK_A, BANK_B, 999, USD, 1, 1, TODAY, DealType.DVP)),
            new Case("unknown currency", Reason.UNKNOWN_INSTRUMENT, NOTHING,
                f -> deal(f, BANK_A, BANK_A, BANK_B, ACME, 999, 1, 1, TODAY, DealType.DVP)),
            new Case("position query of unknown instrument", Reason.UNKNOWN_INSTRUMENT, NOTHING,
                f -> f.command.queryPosition(BANK_A, 0, BANK_A, 999)),
            new Case("currency as security", Reason.WRONG_INSTRUMENT_KIND, NOTHING,
                f -> deal(f, BANK_A, BANK_A, BANK_B, USD, USD, 1, 1, TODAY, DealType.DVP)),
            new Case("security as currency", Reason.WRONG_INSTRUMENT_KIND, NOTHING,
                f -> deal(f, BANK_A, BANK_A, BANK_B, ACME, BOND, 1, 1, TODAY, DealType.DVP)),
            new Case("credit limit keyed by a security", Reason.WRONG_INSTRUMENT_KIND, NOTHING,
                f -> f.command.setLimit(RISK, 0, BANK_A, LimitKind.CREDIT, ACME, 5)),
            new Case("zero quantity", Reason.INVALID_QUANTITY, NOTHING, f -> dvp(f, 0, 100)),
            new Case("negative quantity", Reason.INVALID_QUANTITY, NOTHING, f -> dvp(f, -5, 100)),
            new Case("DVP without cash", Reason.INVALID_AMOUNT, NOTHING, f -> dvp(f, 5, 0)),
            new Case("FOP with cash", Reason.INVALID_AMOUNT, NOTHING,
                f -> deal(f, BANK_A, BANK_A, BANK_B, ACME, 0, 5, 10, TODAY, DealType.FOP)),
            new Case("zero deposit", Reason.INVALID_AMOUNT, NOTHING, f -> f.command.deposit(OPS, 0, BANK_A, USD, 0)),
            new Case("negative limit", Reason.INVALID_AMOUNT, NOTHING,
                f -> f.command.setLimit(RISK, 0, BANK_A, LimitKind.CREDIT, USD, -1)),
            new Case("buyer is seller", Reason.SAME_BUYER_AND_SELLER, NOTHING,
                f -> deal(f, BANK_A, BANK_A, BANK_A, ACME, USD, 1, 1, TODAY, DealType.DVP)),
            new Case("yesterday", Reason.SETTLEMENT_DATE_IN_PAST, NOTHING,
                f -> deal(f, BANK_A, BANK_A, BANK_B, ACME, USD, 1, 1, Dates.plusDays(TODAY, -1), DealType.DVP)),
            new Case("member submits a deal between others", Reason.NOT_A_PARTY, NOTHING,
                f -> deal(f, BROKER_C, BANK_A, BANK_B, ACME, USD, 1, 1, TODAY, DealType.DVP)),
            new Case("member cancels a deal between others", Reason.NOT_A_PARTY,
                f -> f.accepted(1, BANK_A, BANK_B, 1, 1), f -> f.command.cancelDeal(BROKER_C, 0, 1)),
            new Case("risk officer submits a deal", Reason.NOT_AUTHORISED, NOTHING,
                f -> deal(f, RISK, BANK_A, BANK_B, ACME, USD, 1, 1, TODAY, DealType.DVP)),
            new Case("risk officer as a party", Reason.NOT_AUTHORISED, NOTHING,
                f -> deal(f, OPS, RISK, BANK_B, ACME, USD, 1, 1, TODAY, DealType.DVP)),
            new Case("member deposits", Reason.NOT_AUTHORISED, NOTHING, f -> f.command.deposit(BANK_A, 0, BANK_A, USD, 5)),
            new Case("member sets a limit", Reason.NOT_AUTHORISED, NOTHING,
                f -> f.command.setLimit(BANK_A, 0, BANK_A, LimitKind.CREDIT, USD, 5)),
            new Case("auditor sets a limit", Reason.NOT_AUTHORISED, NOTHING,
                f -> f.command.setLimit(AUDIT, 0, BANK_A, LimitKind.CREDIT, USD, 5)),
            new Case("member queries another's position", Reason.NOT_AUTHORISED, NOTHING,
                f -> f.command.queryPosition(BANK_A, 0, BANK_B, USD)),
            new Case("member queries another's deal", Reason.NOT_AUTHORISED,
                f -> f.accepted(1, BANK_A, BANK_B, 1, 1), f -> f.command.queryDeal(BROKER_C, 0, 1)),
            new Case("risk officer runs a cycle", Reason.NOT_AUTHORISED, NOTHING, f -> f.command.runSettlementCycle(RISK, 0)),
            new Case("cycle of an unknown mode", Reason.INVALID_MODE,
                f -> f.accepted(1, BANK_A, BANK_B, 10, 1_000),
                f ->
                {
                    final Command c = f.command.runSettlementCycle(OPS, 0, CycleMode.NETTED);
                    c.cycleMode = 3;
                    return c;
                }),
            new Case("auditor advances the date", Reason.NOT_AUTHORISED, NOTHING,
                f -> f.command.advanceBusinessDate(AUDIT, 0, Dates.plusDays(TODAY, 1))),
            new Case("credit one over", Reason.CREDIT_LIMIT_EXCEEDED,
                f -> f.setLimit(BANK_A, LimitKind.CREDIT, USD, 100), f -> dvp(f, 1, 101)),
            new Case("seller's counterparty limit one over", Reason.COUNTERPARTY_LIMIT_EXCEEDED,
                f -> f.setLimit(BANK_B, LimitKind.COUNTERPARTY, BANK_A, 50), f -> dvp(f, 1, 51)),
            new Case("delivery one over", Reason.DELIVERY_LIMIT_EXCEEDED,
                f -> f.setLimit(BANK_B, LimitKind.DELIVERY, ACME, 10), f -> dvp(f, 11, 1)),
            new Case("cancel of an unknown deal", Reason.UNKNOWN_DEAL, NOTHING, f -> f.command.cancelDeal(OPS, 0, 12345)),
            new Case("query of an unknown deal", Reason.UNKNOWN_DEAL, NOTHING, f -> f.command.queryDeal(AUDIT, 0, 12345)),
            new Case("cancel twice", Reason.DEAL_NOT_PENDING,
                f ->
                {
                    f.accepted(1, BANK_A, BANK_B, 1, 1);
                    assertEquals(EventType.DEAL_CANCELLED, f.one(f.command.cancelDeal(BANK_A, 0, 1)).type);
                },
                f -> f.command.cancelDeal(BANK_B, 0, 1)),
            new Case("withdraw more than held", Reason.INSUFFICIENT_BALANCE,
                f -> f.deposit(BANK_A, USD, 100), f -> f.command.withdraw(OPS, 0, BANK_A, USD, 101)),
            new Case("not a calendar day", Reason.INVALID_DATE, NOTHING, f -> f.command.advanceBusinessDate(OPS, 0, 20260230)),
            new Case("backwards", Reason.INVALID_DATE, NOTHING,
                f -> f.command.advanceBusinessDate(OPS, 0, Dates.plusDays(TODAY, -1))),
            new Case("deal dated in month 13", Reason.INVALID_DATE, NOTHING,
                f -> deal(f, BANK_A, BANK_A, BANK_B, ACME, USD, 1, 1, 20261301, DealType.DVP)),
            new Case("participant twice", Reason.ALREADY_EXISTS, NOTHING,
                f -> f.command.createParticipant(OPS, 0, BANK_A, Role.MEMBER)),
            new Case("instrument twice", Reason.ALREADY_EXISTS, NOTHING,
                f -> f.command.createInstrument(OPS, 0, ACME, InstrumentKind.SECURITY, "ACME2")),
            new Case("supply over Long.MAX_VALUE", Reason.OVERFLOW,
                f -> f.deposit(BANK_A, USD, Long.MAX_VALUE), f -> f.command.deposit(OPS, 0, BANK_B, USD, 1)),
            new Case("credit utilisation over Long.MAX_VALUE", Reason.OVERFLOW,
                f -> f.accepted(1, BANK_A, BANK_B, 1, Long.MAX_VALUE - 10), f -> dvp(f, 1, 11)),
            new Case("delivery utilisation over Long.MAX_VALUE", Reason.OVERFLOW,
                f -> f.accepted(1, BANK_A, BANK_B, Long.MAX_VALUE, 1), f -> dvp(f, 1, 1)),
            new Case("same client deal id, other content", Reason.DUPLICATE_CLIENT_DEAL_ID,
                f -> f.accepted(77, BANK_A, BANK_B, 5, 500), f -> dvp(f, 6, 500)),
            new Case("unknown deal type", Reason.INVALID_FIELD, NOTHING,
                f ->
                {
                    final Command c = dvp(f, 1, 1);
                    c.dealType = 9;
                    return c;
                }),
            new Case("unknown role", Reason.INVALID_FIELD, NOTHING,
                f ->
                {
                    final Command c = f.command.createParticipant(OPS, 0, 50, Role.MEMBER);
                    c.role = 0;
                    return c;
                }),
            new Case("participant id 0 is the system's", Reason.INVALID_FIELD, NOTHING,
                f -> f.command.createParticipant(OPS, 0, 0, Role.MEMBER)),
            new Case("ISIN with a wrong check digit", Reason.INVALID_ISIN, NOTHING,
                f -> f.command.createInstrument(OPS, 0, 50, InstrumentKind.SECURITY, "AAPL", "US0378331006", "Apple Inc.", 0)),
            new Case("security without an ISIN", Reason.INVALID_ISIN, NOTHING,
                f -> f.command.createInstrument(OPS, 0, 50, InstrumentKind.SECURITY, "AAPL", "", "Apple Inc.", 0)),
            new Case("currency code not ISO 4217-shaped", Reason.INVALID_CURRENCY, NOTHING,
                f -> f.command.createInstrument(OPS, 0, 50, InstrumentKind.CURRENCY, "usd", "", "US dollar", 2)),
            new Case("currency with an ISIN", Reason.INVALID_CURRENCY, NOTHING,
                f -> f.command.createInstrument(OPS, 0, 50, InstrumentKind.CURRENCY, "CHF", "US0378331005", "Swiss franc", 2)),
            new Case("currency with 5 minor units", Reason.INVALID_MINOR_UNITS, NOTHING,
                f -> f.command.createInstrument(OPS, 0, 50, InstrumentKind.CURRENCY, "CHF", "", "Swiss franc", 5)),
            new Case("security with minor units", Reason.INVALID_MINOR_UNITS, NOTHING,
                f -> f.command.createInstrument(OPS, 0, 50, InstrumentKind.SECURITY, "AAPL", "US0378331005", "Apple Inc.", 2)),
            new Case("instrument without a name", Reason.INVALID_NAME, NOTHING,
                f -> f.command.createInstrument(OPS, 0, 50, InstrumentKind.CURRENCY, "CHF", "", "", 2)),
            new Case("participant name with a control character", Reason.INVALID_NAME, NOTHING,
                f -> f.command.createParticipant(OPS, 0, 50, Role.MEMBER, "Bank\tD", "BANKD")),
            new Case("participant name of spaces only", Reason.INVALID_NAME, NOTHING,
                f -> f.command.createParticipant(OPS, 0, 50, Role.MEMBER, " \u00A0\u3000 ", "BANKD")),
            new Case("instrument name with a right-to-left override", Reason.INVALID_NAME, NOTHING,
                f -> f.command.createInstrument(OPS, 0, 50, InstrumentKind.CURRENCY, "CHF", "", "Swiss \u202Efranc", 2)),
            new Case("participant name not UTF-8", Reason.INVALID_NAME, NOTHING,
                f ->
                {
                    final Command c = f.command.createParticipant(OPS, 0, 50, Role.MEMBER, "Bank D", "BANKD");
                    c.name[1] = (byte)0xC3; // a lead byte followed by an ASCII byte
                    return c;
                }),
            new Case("short code with a space", Reason.INVALID_SHORT_CODE, NOTHING,
                f -> f.command.createParticipant(OPS, 0, 50, Role.MEMBER, "Bank D", "BANK D")),
            new Case("empty short code", Reason.INVALID_SHORT_CODE, NOTHING,
                f -> f.command.createParticipant(OPS, 0, 50, Role.MEMBER, "Bank D", "")),
            new Case("short code another participant has", Reason.DUPLICATE_SHORT_CODE,
                f -> f.ok(f.command.createParticipant(OPS, 0, 50, Role.MEMBER, "Bank D", "BANKD")),
                f -> f.command.createParticipant(OPS, 0, 51, Role.MEMBER, "Bank D bis", "BANKD")),
            new Case("partial with a minimum of 0", Reason.INVALID_MINIMUM_QUANTITY, NOTHING,
                f -> dvp(f, 10, 100).settlementTerms(0, (byte)1, 0)),
            new Case("partial with a minimum above the quantity", Reason.INVALID_MINIMUM_QUANTITY, NOTHING,
                f -> dvp(f, 10, 100).settlementTerms(5, (byte)1, 11)),
            new Case("a minimum without partial settlement", Reason.MINIMUM_WITHOUT_PARTIAL, NOTHING,
                f -> dvp(f, 10, 100).settlementTerms(0, (byte)0, 3)),
            new Case("partialAllowed neither 0 nor 1", Reason.INVALID_FIELD, NOTHING,
                f -> dvp(f, 10, 100).settlementTerms(0, (byte)2, 3)),
            new Case("a repeat with another linkId", Reason.DUPLICATE_CLIENT_DEAL_ID,
                f -> assertEquals(EventType.DEAL_ACCEPTED, f.one(dvp(f, 10, 100).settlementTerms(4, (byte)0, 0)).type),
                f -> dvp(f, 10, 100).settlementTerms(5, (byte)0, 0)),
            new Case("a repeat allowing partial settlement", Reason.DUPLICATE_CLIENT_DEAL_ID,
                f -> assertEquals(EventType.DEAL_ACCEPTED, f.one(dvp(f, 10, 100)).type),
                f -> dvp(f, 10, 100).settlementTerms(0, (byte)1, 1)),
            new Case("ISIN another security has", Reason.DUPLICATE_ISIN,
                f -> f.ok(f.command.createInstrument(OPS, 0, 50, InstrumentKind.SECURITY, "AAPL", "US0378331005", "Apple Inc.", 0)),
                f -> f.command.createInstrument(OPS, 0, 51, InstrumentKind.SECURITY, "AAPL2", "US0378331005", "Apple again", 0)),
            new Case("empty instrument code", Reason.INVALID_FIELD, NOTHING,
                f -> f.command.createInstrument(OPS, 0, 50, InstrumentKind.SECURITY, "")),
            new Case("retention over ten years", Reason.INVALID_FIELD, NOTHING,
                f -> f.command.setRetention(OPS, 0, SettlementEngine.MAX_RETAIN_FINISHED_DAYS + 1)),
            new Case("negative retention", Reason.INVALID_FIELD, NOTHING, f -> f.command.setRetention(Command.SYSTEM_SUBMITTER, 0, -1)),
            new Case("risk officer sets the retention", Reason.NOT_AUTHORISED, NOTHING, f -> f.command.setRetention(RISK, 0, 1)),
            new Case("member sets the retention", Reason.NOT_AUTHORISED, NOTHING, f -> f.command.setRetention(BANK_A, 0, 1)),
            new Case("key of a purged deal", Reason.CLIENT_DEAL_ID_RETIRED, ReasonCodeTest::purgeDeal77,
                f -> deal(f, BANK_A, BANK_A, BANK_B, ACME, USD, 1, 1, f.engine.businessDate(), DealType.DVP)),
            new Case("query of a purged deal", Reason.DEAL_PURGED, ReasonCodeTest::purgeDeal77,
                f -> f.command.queryDeal(AUDIT, 0, 1)),
            new Case("cancel of a purged deal", Reason.DEAL_NOT_PENDING, ReasonCodeTest::purgeDeal77,
                f -> f.command.cancelDeal(BANK_A, 0, 1)),
            new Case("deal dated on a Saturday, weekends closed", Reason.NOT_A_BUSINESS_DAY,
                f -> f.ok(f.command.setCalendar(OPS, 0, DayStatus.CLOSED)),
                f -> deal(f, BANK_A, BANK_A, BANK_B, ACME, USD, 1, 1, SATURDAY, DealType.DVP)),
            new Case("deal dated on a holiday", Reason.NOT_A_BUSINESS_DAY,
                f -> f.ok(f.command.setHoliday(OPS, 0, TOMORROW, DayStatus.CLOSED)),
                f -> deal(f, BANK_A, BANK_A, BANK_B, ACME, USD, 1, 1, TOMORROW, DealType.DVP)),
            new Case("date roll to a Saturday, weekends closed", Reason.NOT_A_BUSINESS_DAY,
                f -> f.ok(f.command.setCalendar(OPS, 0, DayStatus.CLOSED)), f -> f.command.advanceBusinessDate(OPS, 0, SATURDAY)),
            new Case("date roll to a holiday", Reason.NOT_A_BUSINESS_DAY,
                f -> f.ok(f.command.setHoliday(OPS, 0, TOMORROW, DayStatus.CLOSED)),
                f -> f.command.advanceBusinessDate(OPS, 0, TOMORROW)),
            new Case("weekends closed while the business date is a Saturday", Reason.NOT_A_BUSINESS_DAY,
                f -> f.apply(f.command.advanceBusinessDate(OPS, 0, SATURDAY)), f -> f.command.setCalendar(OPS, 0, DayStatus.CLOSED)),
            new Case("holiday on the business date", Reason.INVALID_DATE, NOTHING,
                f -> f.command.setHoliday(OPS, 0, TODAY, DayStatus.CLOSED)),
            new Case("holiday on a day that is not a calendar day", Reason.INVALID_DATE, NOTHING,
                f -> f.command.setHoliday(OPS, 0, 20260230, DayStatus.CLOSED)),
            new Case("unknown day status of a holiday", Reason.INVALID_FIELD, NOTHING,
                f ->
                {
                    final Command c = f.command.setHoliday(OPS, 0, TOMORROW, DayStatus.CLOSED);
                    c.dayStatus = 3;
                    return c;
                }),
            new Case("unknown day status of the weekends", Reason.INVALID_FIELD, NOTHING,
                f ->
                {
                    final Command c = f.command.setCalendar(OPS, 0, DayStatus.CLOSED);
                    c.weekends = 0;
                    return c;
                }),
            new Case("risk officer sets a holiday", Reason.NOT_AUTHORISED, NOTHING,
                f -> f.command.setHoliday(RISK, 0, TOMORROW, DayStatus.CLOSED)),
            new Case("member sets the calendar", Reason.NOT_AUTHORISED, NOTHING,
                f -> f.command.setCalendar(BANK_A, 0, DayStatus.CLOSED)),
            new Case("holidays beyond the most a calendar holds", Reason.OVERFLOW,
                f ->
                {
                    for (int i = 1; i <= BusinessCalendar.MAX_HOLIDAYS; i++)
                    {
                        f.ok(f.command.setHoliday(OPS, 0, Dates.plusDays(TODAY, i), DayStatus.CLOSED));
                    }
                },
                f -> f.command.setHoliday(OPS, 0, Dates.plusDays(TODAY, BusinessCalendar.MAX_HOLIDAYS + 1), DayStatus.CLOSED)),
            new Case("unknown limit kind", Reason.INVALID_FIELD, NOTHING,
                f ->
                {
                    final Command c = f.command.setLimit(RISK, 0, BANK_A, LimitKind.CREDIT, USD, 5);
                    c.limitKind = 7;
                    return c;
                }),
            new Case("buyer holds the seller's side", Reason.NOT_YOUR_SIDE,
                f -> f.accepted(1, BANK_A, BANK_B, 1, 1), f -> f.command.holdDeal(BANK_A, 0, 1, Side.SELL)),
            new Case("seller releases the buyer's side", Reason.NOT_YOUR_SIDE,
                f ->
                {
                    f.accepted(1, BANK_A, BANK_B, 1, 1);
                    assertEquals(EventType.DEAL_HELD, f.one(f.command.holdDeal(BANK_A, 0, 1, Side.BUY)).type);
                },
                f -> f.command.releaseDeal(BANK_B, 0, 1, Side.BUY)),
            new Case("member holds a deal between others", Reason.NOT_A_PARTY,
                f -> f.accepted(1, BANK_A, BANK_B, 1, 1), f -> f.command.holdDeal(BROKER_C, 0, 1, Side.BUY)),
            new Case("risk officer holds a deal", Reason.NOT_AUTHORISED,
                f -> f.accepted(1, BANK_A, BANK_B, 1, 1), f -> f.command.holdDeal(RISK, 0, 1, Side.BUY)),
            new Case("auditor releases a deal", Reason.NOT_AUTHORISED,
                f -> f.accepted(1, BANK_A, BANK_B, 1, 1), f -> f.command.releaseDeal(AUDIT, 0, 1, Side.SELL)),
            new Case("unknown submitter holds", Reason.UNKNOWN_PARTICIPANT,
                f -> f.accepted(1, BANK_A, BANK_B, 1, 1), f -> f.command.holdDeal(555, 0, 1, Side.BUY)),
            new Case("hold of an unknown side", Reason.INVALID_FIELD,
                f -> f.accepted(1, BANK_A, BANK_B, 1, 1), f -> f.command.holdDeal(OPS, 0, 1, (byte)3)),
            new Case("hold of an unknown deal", Reason.UNKNOWN_DEAL, NOTHING, f -> f.command.holdDeal(OPS, 0, 12345, Side.BUY)),
            new Case("release of an unknown deal", Reason.UNKNOWN_DEAL, NOTHING, f -> f.command.releaseDeal(BANK_A, 0, 12345, Side.BUY)),
            new Case("hold of a cancelled deal", Reason.DEAL_NOT_PENDING,
                f ->
                {
                    f.accepted(1, BANK_A, BANK_B, 1, 1);
                    assertEquals(EventType.DEAL_CANCELLED, f.one(f.command.cancelDeal(BANK_A, 0, 1)).type);
                },
                f -> f.command.holdDeal(BANK_B, 0, 1, Side.SELL)),
            new Case("release of a purged deal", Reason.DEAL_NOT_PENDING, ReasonCodeTest::purgeDeal77,
                f -> f.command.releaseDeal(OPS, 0, 1, Side.BUY)),
            new Case("cancel of an unknown instruction", Reason.UNKNOWN_INSTRUCTION, NOTHING,
                f -> f.command.cancelInstruction(BANK_A, 0, 1)),
            new Case("query of an unknown instruction", Reason.UNKNOWN_INSTRUCTION, NOTHING,
                f -> f.command.queryInstruction(AUDIT, 0, 9)),
            new Case("cancel of a matched instruction", Reason.INSTRUCTION_NOT_PENDING,
                f ->
                {
                    f.apply(instruction(f, BANK_A, 5, Side.BUY, BANK_B));
                    assertEquals(EventType.INSTRUCTION_MATCHED, f.apply(instruction(f, BANK_B, 6, Side.SELL, BANK_A)).get(1).type);
                },
                f -> f.command.cancelInstruction(BANK_A, 0, 1)),
            new Case("cancel of a purged instruction", Reason.INSTRUCTION_NOT_PENDING, ReasonCodeTest::purgeInstruction1,
                f -> f.command.cancelInstruction(BANK_A, 0, 1)),
            new Case("query of a purged instruction", Reason.INSTRUCTION_PURGED, ReasonCodeTest::purgeInstruction1,
                f -> f.command.queryInstruction(AUDIT, 0, 1)),
            new Case("instruction repeating the clientRef of a purged one", Reason.CLIENT_REF_RETIRED, ReasonCodeTest::purgeInstruction1,
                f -> instruction(f, BANK_A, 5, Side.BUY, BANK_B)),
            new Case("instruction repeating a clientRef with other content", Reason.DUPLICATE_CLIENT_REF,
                f -> f.apply(instruction(f, BANK_A, 5, Side.BUY, BANK_B)),
                f -> instruction(f, BANK_A, 5, Side.BUY, BROKER_C)),
            new Case("counterparty cancels an instruction alleged to it", Reason.NOT_YOUR_INSTRUCTION,
                f -> f.apply(instruction(f, BANK_A, 5, Side.BUY, BANK_B)), f -> f.command.cancelInstruction(BANK_B, 0, 1)),
            new Case("instruction expiry beyond 250 business days", Reason.INVALID_EXPIRY, NOTHING,
                f -> f.command.setInstructionExpiry(OPS, 0, 251)),
            new Case("negative instruction expiry", Reason.INVALID_EXPIRY, NOTHING,
                f -> f.command.setInstructionExpiry(OPS, 0, -1)),
            new Case("instruction by an operator", Reason.NOT_AUTHORISED, NOTHING,
                f -> instruction(f, OPS, 5, Side.BUY, BANK_B)),
            new Case("instruction of an unknown side", Reason.INVALID_FIELD, NOTHING,
                f -> f.command.submitInstruction(BANK_A, 0, 5, (byte)0, BANK_B, ACME, USD, 1, 1, TODAY, DealType.DVP)),
            new Case("instruction against oneself", Reason.SAME_BUYER_AND_SELLER, NOTHING,
                f -> instruction(f, BANK_A, 5, Side.SELL, BANK_A)),
            new Case("matching tolerance below zero", Reason.INVALID_AMOUNT, NOTHING,
                f -> f.command.setMatchingTolerance(OPS, 0, USD, -1)),
            new Case("matching tolerance of a security", Reason.WRONG_INSTRUMENT_KIND, NOTHING,
                f -> f.command.setMatchingTolerance(OPS, 0, ACME, 1)),
            new Case("member queries an instruction between others", Reason.NOT_AUTHORISED,
                f -> f.apply(instruction(f, BANK_A, 5, Side.BUY, BANK_B)), f -> f.command.queryInstruction(BROKER_C, 0, 1)));
    }

    /** An instruction of 1 ACME for 1 USD due today. */
    private static Command instruction(final EngineFixture f, final long owner, final long ref, final Side side, final long counterparty)
    {
        return f.command.submitInstruction(owner, 0, ref, side, counterparty, ACME, USD, 1, 1, TODAY, DealType.DVP);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldRefuseWithReasonAndChangeNothing(final Case testCase)
    {
        final EngineFixture f = new EngineFixture();
        testCase.setup.accept(f);
        final long stateBefore = f.engine.stateHash();
        final long pendingBefore = f.engine.pendingDealCount();

        final Command command = testCase.command.apply(f);
        final List<Event> outcomes = f.apply(command);

        assertEquals(1, outcomes.size(), outcomes::toString);
        final Event outcome = outcomes.get(0);
        final EventType expectedType = command.type == CommandType.SUBMIT_DEAL ? EventType.DEAL_REJECTED
            : command.type == CommandType.SUBMIT_INSTRUCTION ? EventType.INSTRUCTION_REJECTED : EventType.COMMAND_RESULT;
        assertEquals(expectedType, outcome.type, outcome::toString);
        assertEquals(testCase.reason, outcome.reason, outcome::toString);
        assertEquals(command.correlationId, outcome.correlationId);
        assertEquals(stateBefore, f.engine.stateHash(), "a refused command must change nothing");
        assertEquals(pendingBefore, f.engine.pendingDealCount());
        assertEquals(List.of(), f.engine.checkInvariants());
    }

    @Test
    void shouldCoverEveryReasonTheEngineGivesForARefusal()
    {
        final Set<Reason> covered = cases().map(Case::reason).collect(Collectors.toCollection(() -> EnumSet.noneOf(Reason.class)));
        final Set<Reason> expected = EnumSet.allOf(Reason.class);
        expected.removeIf(reason -> Codes.engineReason(reason.value()) == null); // the gateway's session reasons, the null value
        expected.removeAll(EnumSet.of(
            Reason.OK, Reason.BUSY, Reason.UNAVAILABLE, Reason.INSUFFICIENT_SECURITIES, Reason.INSUFFICIENT_CASH,
            Reason.LINKED_DEAL_FAILED, Reason.UNMATCHED_EXPIRED)); // an expiry is an outcome (MatchingTest), not a refusal
        assertEquals(expected, covered);
    }
}
