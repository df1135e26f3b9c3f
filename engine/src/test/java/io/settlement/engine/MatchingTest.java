package io.settlement.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.DayStatus;
import io.settlement.protocol.wire.DealStatus;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstructionStatus;
import io.settlement.protocol.wire.LimitKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Side;
import org.junit.jupiter.api.Test;

import static io.settlement.engine.EngineFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two-sided matching (DESIGN.md 4b): matching fields and tolerance, oldest first, refusal at match, expiry, cancel, idempotency. */
class MatchingTest
{
    private EngineFixture f = new EngineFixture();

    /** An instruction of 10 ACME against USD due today, by {@code owner} on {@code side} against {@code counterparty}. */
    private List<Event> instruct(final long owner, final long ref, final Side side, final long counterparty, final long cash)
    {
        return instruct(owner, ref, side, counterparty, cash, TODAY);
    }

    private List<Event> instruct(final long owner, final long ref, final Side side, final long counterparty, final long cash, final int date)
    {
        return f.apply(f.command.submitInstruction(owner, 0, ref, side, counterparty, ACME, USD, 10, cash, date, DealType.DVP));
    }

    /** Submits an instruction that must wait; returns its instructionId. */
    private long waiting(final long owner, final long ref, final Side side, final long counterparty, final long cash)
    {
        final List<Event> events = instruct(owner, ref, side, counterparty, cash);
        assertEquals(2, events.size(), events::toString);
        assertEquals(EventType.INSTRUCTION_ACCEPTED, events.get(0).type, events::toString);
        assertEquals(EventType.INSTRUCTION_ALLEGED, events.get(1).type, events::toString);
        assertEquals(InstructionStatus.UNMATCHED.value(), events.get(0).instructionStatus);
        return events.get(0).instructionId;
    }

    private Event query(final long instructionId)
    {
        return f.one(f.command.queryInstruction(AUDIT, 0, instructionId));
    }

    private void noViolations()
    {
        assertEquals(List.of(), f.engine.checkInvariants());
    }

    @Test
    void shouldMatchWithinTheToleranceAtTheSellersAmountAndTellBothSides()
    {
        f.ok(f.command.setMatchingTolerance(OPS, 0, USD, 5));
        final List<Event> first = instruct(BANK_A, 100, Side.BUY, BANK_B, 1_000);
        final long buy = first.get(0).instructionId;
        final Event alleged = first.get(1);
        assertEquals(EventType.INSTRUCTION_ALLEGED, alleged.type);
        assertEquals(0, alleged.correlationId, "an allegement is a notice, not an answer");
        assertEquals(Side.BUY.value(), alleged.side);
        assertEquals(BANK_A, alleged.buyerId);
        assertEquals(BANK_B, alleged.sellerId);

        final List<Event> second = instruct(BANK_B, 200, Side.SELL, BANK_A, 1_005);
        assertEquals(2, second.size(), second::toString);
        assertEquals(EventType.INSTRUCTION_ACCEPTED, second.get(0).type);
        final Event matched = second.get(1);
        assertEquals(EventType.INSTRUCTION_MATCHED, matched.type);
        assertEquals(second.get(0).instructionId, matched.instructionId);
        assertEquals(200, matched.clientRef);
        assertEquals(buy, matched.matchedInstructionId);
        assertEquals(100, matched.matchedClientRef);
        assertEquals(1_000, matched.matchedCashAmount);
        assertEquals(1_005, matched.dealCashAmount, "within tolerance the seller's amount is used");
        assertEquals(InstructionStatus.MATCHED.value(), matched.instructionStatus);

        final Event deal = f.one(f.command.queryDeal(AUDIT, 0, matched.dealId));
        assertEquals(EventType.DEAL_REPORT, deal.type);
        assertEquals(BANK_A, deal.buyerId);
        assertEquals(BANK_B, deal.sellerId);
        assertEquals(1_005, deal.cashAmount);
        assertEquals(10, deal.quantity);
        assertEquals(DealStatus.PENDING.value(), deal.dealStatus);
        assertEquals(matched.dealId, query(buy).dealId);
        assertEquals(InstructionStatus.MATCHED.value(), query(buy).instructionStatus);

        f.deposit(BANK_A, USD, 1_005);
        f.deposit(BANK_B, ACME, 10);
        assertEquals(1, last(f.cycle()).settled);
        assertEquals(1_005, f.balance(BANK_B, USD));
        noViolations();
    }

    @Test
    void shouldNotMatchJustOutsideTheTolerance()
    {
        f.ok(f.command.setMatchingTolerance(OPS, 0, USD, 5));
        final long buy = waiting(BANK_A, 100, Side.BUY, BANK_B, 1_000);
        final long sell = waiting(BANK_B, 200, Side.SELL, BANK_A, 1_006);
        assertEquals(InstructionStatus.UNMATCHED.value(), query(buy).instructionStatus);
        assertEquals(InstructionStatus.UNMATCHED.value(), query(sell).instructionStatus);
        assertEquals(0, f.engine.pendingDealCount());
        // the default tolerance is 0: a cent apart in EUR does not match either
        f.apply(f.command.submitInstruction(BANK_A, 0, 101, Side.BUY, BANK_B, ACME, EUR, 10, 500, TODAY, DealType.DVP));
        final List<Event> eur = f.apply(f.command.submitInstruction(BANK_B, 0, 201, Side.SELL, BANK_A, ACME, EUR, 10, 501, TODAY, DealType.DVP));
        assertEquals(EventType.INSTRUCTION_ALLEGED, eur.get(1).type);
        noViolations();
    }

    @Test
    void shouldNotMatchWhenAMatchingFieldDiffers()
    {
        waiting(BANK_A, 100, Side.BUY, BANK_B, 1_000);
        assertEquals(EventType.INSTRUCTION_ALLEGED, f.apply(f.command.submitInstruction(
            BANK_B, 0, 200, Side.SELL, BANK_A, ACME, USD, 11, 1_000, TODAY, DealType.DVP)).get(1).type, "quantity");
        assertEquals(EventType.INSTRUCTION_ALLEGED, f.apply(f.command.submitInstruction(
            BANK_B, 0, 201, Side.SELL, BANK_A, BOND, USD, 10, 1_000, TODAY, DealType.DVP)).get(1).type, "security");
        assertEquals(EventType.INSTRUCTION_ALLEGED, f.apply(f.command.submitInstruction(
            BANK_B, 0, 202, Side.SELL, BANK_A, ACME, USD, 10, 1_000, TODAY + 1, DealType.DVP)).get(1).type, "date");
        assertEquals(EventType.INSTRUCTION_ALLEGED, f.apply(f.command.submitInstruction(
            BANK_B, 0, 203, Side.BUY, BANK_A, ACME, USD, 10, 1_000, TODAY, DealType.DVP)).get(1).type, "same direction");
        assertEquals(EventType.INSTRUCTION_ALLEGED, f.apply(f.command.submitInstruction(
            BROKER_C, 0, 204, Side.SELL, BANK_A, ACME, USD, 10, 1_000, TODAY, DealType.DVP)).get(1).type, "another seller");
        assertEquals(EventType.INSTRUCTION_MATCHED, f.apply(f.command.submitInstruction(
            BANK_B, 0, 205, Side.SELL, BANK_A, ACME, USD, 10, 1_000, TODAY, DealType.DVP)).get(1).type);
        noViolations();
    }

    @Test
    void shouldMatchTheOldestWaitingCandidateWithinTolerance()
    {
        f.ok(f.command.setMatchingTolerance(OPS, 0, USD, 5));
        waiting(BANK_A, 1, Side.BUY, BANK_B, 990); // outside tolerance of 1,000
        final long oldest = waiting(BANK_A, 2, Side.BUY, BANK_B, 1_004);
        final long younger = waiting(BANK_A, 3, Side.BUY, BANK_B, 1_000);
        final Event matched = instruct(BANK_B, 9, Side.SELL, BANK_A, 1_000).get(1);
        assertEquals(oldest, matched.matchedInstructionId);
        assertEquals(1_000, matched.dealCashAmount, "the seller's amount, not the buyer's 1,004");
        assertEquals(InstructionStatus.UNMATCHED.value(), query(younger).instructionStatus);
        assertEquals(younger, instruct(BANK_B, 10, Side.SELL, BANK_A, 1_000).get(1).matchedInstructionId);
        noViolations();
    }

    @Test
    void shouldEndBothInstructionsWhenALimitRefusesTheMatch()
    {
        f.setLimit(BANK_A, LimitKind.CREDIT, USD, 500);
        final long buy = waiting(BANK_A, 100, Side.BUY, BANK_B, 1_000);
        final List<Event> events = instruct(BANK_B, 200, Side.SELL, BANK_A, 1_000);
        assertEquals(3, events.size(), events::toString);
        assertEquals(EventType.INSTRUCTION_ACCEPTED, events.get(0).type);
        final Event other = events.get(1);
        assertEquals(EventType.INSTRUCTION_ENDED, other.type);
        assertEquals(buy, other.instructionId);
        assertEquals(0, other.correlationId, "the waiting instruction's end is a notice");
        assertEquals(InstructionStatus.REFUSED.value(), other.instructionStatus);
        assertEquals(Reason.CREDIT_LIMIT_EXCEEDED, other.reason);
        final Event own = events.get(2);
        assertEquals(EventType.INSTRUCTION_ENDED, own.type);
        assertEquals(events.get(0).instructionId, own.instructionId);
        assertEquals(Reason.CREDIT_LIMIT_EXCEEDED, own.reason);
        assertEquals(0, f.engine.pendingDealCount());
        assertEquals(Reason.CREDIT_LIMIT_EXCEEDED, query(buy).reason);
        assertEquals(InstructionStatus.REFUSED.value(), query(own.instructionId).instructionStatus);
        // neither waits any more: a new sell waits
        waiting(BANK_B, 201, Side.SELL, BANK_A, 1_000);
        // a repeat of a refused instruction is answered with the original, and says why it ended
        final Event repeat = f.one(f.command.submitInstruction(BANK_A, 0, 100, Side.BUY, BANK_B, ACME, USD, 10, 1_000, TODAY, DealType.DVP));
        assertEquals(EventType.INSTRUCTION_ACCEPTED, repeat.type);
        assertEquals(InstructionStatus.REFUSED.value(), repeat.instructionStatus);
        assertEquals(Reason.CREDIT_LIMIT_EXCEEDED, repeat.reason);
        noViolations();
    }

    @Test
    void shouldLetAPartyCancelItsOwnUnmatchedInstructionOnly()
    {
        final long buy = waiting(BANK_A, 100, Side.BUY, BANK_B, 1_000);
        final Event notYours = f.one(f.command.cancelInstruction(BANK_B, 0, buy));
        assertEquals(Reason.NOT_YOUR_INSTRUCTION, notYours.reason, "not even the counterparty's");
        assertEquals(Reason.NOT_AUTHORISED, f.one(f.command.cancelInstruction(OPS, 0, buy)).reason);
        assertEquals(Reason.UNKNOWN_INSTRUCTION, f.one(f.command.cancelInstruction(BANK_A, 0, buy + 1)).reason);

        final Event cancelled = f.one(f.command.cancelInstruction(BANK_A, 0, buy));
        assertEquals(EventType.INSTRUCTION_ENDED, cancelled.type);
        assertEquals(InstructionStatus.CANCELLED.value(), cancelled.instructionStatus);
        assertEquals(Reason.OK, cancelled.reason);
        assertEquals(Reason.INSTRUCTION_NOT_PENDING, f.one(f.command.cancelInstruction(BANK_A, 0, buy)).reason);
        // a cancelled instruction no longer matches
        assertEquals(EventType.INSTRUCTION_ALLEGED, instruct(BANK_B, 200, Side.SELL, BANK_A, 1_000).get(1).type);
        noViolations();
    }

    @Test
    void shouldAnswerARepeatOfTheSameClientRefWithTheOriginal()
    {
        final long buy = waiting(BANK_A, 100, Side.BUY, BANK_B, 1_000);
        final Event repeat = f.one(f.command.submitInstruction(BANK_A, 0, 100, Side.BUY, BANK_B, ACME, USD, 10, 1_000, TODAY, DealType.DVP));
        assertEquals(EventType.INSTRUCTION_ACCEPTED, repeat.type);
        assertEquals(buy, repeat.instructionId);
        assertEquals(1, repeat.count);
        final Event different = f.one(f.command.submitInstruction(BANK_A, 0, 100, Side.BUY, BANK_B, ACME, USD, 10, 1_001, TODAY, DealType.DVP));
        assertEquals(EventType.INSTRUCTION_REJECTED, different.type);
        assertEquals(Reason.DUPLICATE_CLIENT_REF, different.reason);
        // clientRefs are a kind of their own: the same number as a clientDealId is no conflict
        assertEquals(EventType.DEAL_ACCEPTED, f.dvp(100, BANK_A, BANK_B, 1, 1).type);
        // after the match, the repeat still gets the original, now MATCHED
        instruct(BANK_B, 200, Side.SELL, BANK_A, 1_000);
        final Event later = f.one(f.command.submitInstruction(BANK_A, 0, 100, Side.BUY, BANK_B, ACME, USD, 10, 1_000, TODAY, DealType.DVP));
        assertEquals(buy, later.instructionId);
        assertEquals(InstructionStatus.MATCHED.value(), later.instructionStatus);
        assertTrue(later.dealId > 0, "and names its deal");
        assertEquals(later.dealId, query(buy).dealId);
        assertEquals(Reason.OK, later.reason);
        noViolations();
    }

    @Test
    void shouldRefuseInstructionsAsSubmitDealWouldExceptALateDate()
    {
        assertEquals(Reason.NOT_AUTHORISED, f.one(f.command.submitInstruction(
            OPS, 0, 1, Side.BUY, BANK_B, ACME, USD, 10, 1, TODAY, DealType.DVP)).reason, "members only");
        assertEquals(Reason.INVALID_FIELD, f.one(f.command.submitInstruction(
            BANK_A, 0, 1, (byte)7, BANK_B, ACME, USD, 10, 1, TODAY, DealType.DVP)).reason);
        assertEquals(Reason.SAME_BUYER_AND_SELLER, f.one(f.command.submitInstruction(
            BANK_A, 0, 1, Side.BUY, BANK_A, ACME, USD, 10, 1, TODAY, DealType.DVP)).reason);
        assertEquals(Reason.UNKNOWN_PARTICIPANT, f.one(f.command.submitInstruction(
            BANK_A, 0, 1, Side.BUY, 777, ACME, USD, 10, 1, TODAY, DealType.DVP)).reason);
        assertEquals(Reason.NOT_AUTHORISED, f.one(f.command.submitInstruction(
            BANK_A, 0, 1, Side.BUY, RISK, ACME, USD, 10, 1, TODAY, DealType.DVP)).reason, "the counterparty must be a member");
        assertEquals(Reason.INVALID_QUANTITY, f.one(f.command.submitInstruction(
            BANK_A, 0, 1, Side.BUY, BANK_B, ACME, USD, 0, 1, TODAY, DealType.DVP)).reason);
        assertEquals(Reason.INVALID_DATE, f.one(f.command.submitInstruction(
            BANK_A, 0, 1, Side.BUY, BANK_B, ACME, USD, 10, 1, 20260230, DealType.DVP)).reason);
        assertEquals(Reason.INVALID_MINIMUM_QUANTITY, f.one(f.command.submitInstruction(
            BANK_A, 0, 1, Side.BUY, BANK_B, ACME, USD, 10, 1, TODAY, DealType.DVP).settlementTerms(0, (byte)1, 11)).reason);
        f.ok(f.command.setCalendar(OPS, 0, DayStatus.CLOSED));
        assertEquals(Reason.NOT_A_BUSINESS_DAY, f.one(f.command.submitInstruction(
            BANK_A, 0, 1, Side.BUY, BANK_B, ACME, USD, 10, 1, 20260103, DealType.DVP)).reason, "a Saturday");
        assertEquals(0, f.engine.checkInvariants().size());
    }

    @Test
    void shouldSettleALateMatchAtTheNextCycle()
    {
        final int yesterday = TODAY - 1; // Sunday 4 January, a business day while weekends are open
        f.apply(f.command.submitInstruction(BANK_A, 0, 1, Side.BUY, BANK_B, ACME, USD, 10, 1_000, yesterday, DealType.DVP));
        final Event matched = f.apply(f.command.submitInstruction(
            BANK_B, 0, 2, Side.SELL, BANK_A, ACME, USD, 10, 1_000, yesterday, DealType.DVP)).get(1);
        assertEquals(EventType.INSTRUCTION_MATCHED, matched.type);
        f.deposit(BANK_A, USD, 1_000);
        f.deposit(BANK_B, ACME, 10);
        final List<Event> cycle = f.cycle();
        assertEquals(EventType.DEAL_SETTLED, cycle.get(0).type);
        assertEquals(matched.dealId, cycle.get(0).dealId);
        assertEquals(yesterday, cycle.get(0).settlementDate);
        noViolations();
    }

    @Test
    void shouldMakeTheDealPartialOnlyWhenBothAllowItWithTheLargerMinimum()
    {
        f.apply(f.command.submitInstruction(BANK_A, 0, 1, Side.BUY, BANK_B, ACME, USD, 10, 1_000, TODAY, DealType.DVP)
            .settlementTerms(0, (byte)1, 2));
        final Event both = f.apply(f.command.submitInstruction(BANK_B, 0, 2, Side.SELL, BANK_A, ACME, USD, 10, 1_000, TODAY, DealType.DVP)
            .settlementTerms(0, (byte)1, 4)).get(1);
        assertEquals(1, both.dealPartialAllowed);
        assertEquals(4, both.dealMinimumQuantity);
        final Event report = f.one(f.command.queryDeal(AUDIT, 0, both.dealId));
        assertEquals(1, report.partialAllowed);
        assertEquals(4, report.minimumQuantity);

        f.apply(f.command.submitInstruction(BANK_A, 0, 3, Side.BUY, BANK_B, ACME, USD, 10, 1_000, TODAY, DealType.DVP)
            .settlementTerms(0, (byte)1, 2));
        final Event one = f.apply(f.command.submitInstruction(BANK_B, 0, 4, Side.SELL, BANK_A, ACME, USD, 10, 1_000, TODAY, DealType.DVP))
            .get(1);
        assertEquals(0, one.dealPartialAllowed);
        assertEquals(0, one.dealMinimumQuantity);
        noViolations();
    }

    @Test
    void shouldPutAMatchedDealInTheLinkGroupsOfBothInstructions()
    {
        // the seller's linked group 9 holds a pre-matched deal it cannot deliver: the matched deal waits with it
        f.deposit(BANK_A, USD, 2_000);
        f.deposit(BANK_B, ACME, 10);
        final Event blocker = f.one(f.command.submitDeal(BANK_B, 0, 50, BROKER_C, BANK_B, BOND, USD, 5, 100, TODAY, DealType.DVP)
            .settlementTerms(9, (byte)0, 0));
        assertEquals(EventType.DEAL_ACCEPTED, blocker.type, blocker::toString);
        f.apply(f.command.submitInstruction(BANK_A, 0, 1, Side.BUY, BANK_B, ACME, USD, 10, 1_000, TODAY, DealType.DVP)
            .settlementTerms(4, (byte)0, 0));
        final Event matched = f.apply(f.command.submitInstruction(BANK_B, 0, 2, Side.SELL, BANK_A, ACME, USD, 10, 1_000, TODAY, DealType.DVP)
            .settlementTerms(9, (byte)0, 0)).get(1);
        assertEquals(9, matched.linkId);
        assertEquals(4, matched.matchedLinkId);
        final List<Event> failed = ofType(f.cycle(), EventType.DEAL_SETTLEMENT_FAILED);
        assertEquals(2, failed.size(), failed::toString);
        assertEquals(0, f.balance(BANK_A, ACME), "the group settles whole or not at all");
        noViolations();

        f.deposit(BANK_B, BOND, 5);
        f.deposit(BROKER_C, USD, 100);
        final List<Event> cycle = f.cycle();
        assertEquals(2, last(cycle).settled, cycle::toString);
        assertEquals(10, f.balance(BANK_A, ACME));
        noViolations();
    }

    @Test
    void shouldExpireOnExactlyTheRightBusinessDayAcrossAHoliday()
    {
        f.ok(f.command.setCalendar(OPS, 0, DayStatus.CLOSED));
        f.ok(f.command.setHoliday(OPS, 0, 20260106, DayStatus.CLOSED)); // Tuesday
        f.ok(f.command.setInstructionExpiry(OPS, 0, 2));
        // submitted Monday 5 January: the 2nd business day after is Thursday 8 (Tuesday is a holiday)
        final long buy = waiting(BANK_A, 1, Side.BUY, BANK_B, 1_000);
        assertEquals(1, f.apply(f.command.advanceBusinessDate(OPS, 0, 20260107)).size());
        assertEquals(1, f.apply(f.command.advanceBusinessDate(OPS, 0, 20260108)).size(), "not past the 2nd business day yet");
        assertEquals(InstructionStatus.UNMATCHED.value(), query(buy).instructionStatus);

        final List<Event> roll = f.apply(f.command.advanceBusinessDate(OPS, 0, 20260109));
        assertEquals(2, roll.size(), roll::toString);
        assertEquals(EventType.BUSINESS_DATE_ADVANCED, roll.get(0).type);
        final Event expired = roll.get(1);
        assertEquals(EventType.INSTRUCTION_ENDED, expired.type);
        assertEquals(buy, expired.instructionId);
        assertEquals(InstructionStatus.EXPIRED.value(), expired.instructionStatus);
        assertEquals(Reason.UNMATCHED_EXPIRED, expired.reason);
        assertEquals(BANK_A, expired.buyerId);
        assertEquals(BANK_B, expired.sellerId);
        assertEquals(Reason.UNMATCHED_EXPIRED, query(buy).reason);
        noViolations();
    }

    @Test
    void shouldNeverExpireAnInstructionWhoseNthBusinessDayIsPastTheLastDate()
    {
        // counting past 9999-12-31 once ran on through the years until the date wrapped round (20 s on the engine
        // thread) and then expired every instruction waiting
        assertEquals(BusinessCalendar.NO_SUCH_DAY, new BusinessCalendar().businessDaysAfter(9999_12_30, 2));
        assertEquals(9999_12_31, new BusinessCalendar().businessDaysAfter(9999_12_30, 1));
        f.ok(f.command.setInstructionExpiry(OPS, 0, 2));
        f.apply(f.command.advanceBusinessDate(OPS, 0, 9999_12_30));
        final long buy = waiting(BANK_A, 1, Side.BUY, BANK_B, 1_000);
        final List<Event> roll = f.apply(f.command.advanceBusinessDate(OPS, 0, 9999_12_31));
        assertEquals(1, roll.size(), roll::toString);
        assertEquals(InstructionStatus.UNMATCHED.value(), query(buy).instructionStatus);
        noViolations();
    }

    @Test
    void shouldReadTheExpiryPeriodAtEachRoll()
    {
        final long buy = waiting(BANK_A, 1, Side.BUY, BANK_B, 1_000);
        f.apply(f.command.advanceBusinessDate(OPS, 0, TODAY + 2)); // default 20 days: nothing expires
        assertEquals(InstructionStatus.UNMATCHED.value(), query(buy).instructionStatus);
        f.ok(f.command.setInstructionExpiry(OPS, 0, 1));
        final List<Event> roll = f.apply(f.command.advanceBusinessDate(OPS, 0, TODAY + 3));
        assertEquals(EventType.INSTRUCTION_ENDED, roll.get(1).type, roll::toString);
        assertEquals(Reason.INVALID_EXPIRY, f.one(f.command.setInstructionExpiry(OPS, 0, 251)).reason);
        assertEquals(Reason.NOT_AUTHORISED, f.one(f.command.setInstructionExpiry(BANK_A, 0, 5)).reason);
        assertEquals(Reason.NOT_AUTHORISED, f.one(f.command.setMatchingTolerance(RISK, 0, USD, 5)).reason);
        assertEquals(Reason.WRONG_INSTRUMENT_KIND, f.one(f.command.setMatchingTolerance(OPS, 0, ACME, 5)).reason);
        assertEquals(Reason.INVALID_AMOUNT, f.one(f.command.setMatchingTolerance(OPS, 0, USD, -1)).reason);
    }

    @Test
    void shouldCountFromTheFirstBusinessDateWhenSubmittedBeforeIt()
    {
        f = new EngineFixture(new EngineConfig(), false);
        f.ok(f.command.setInstructionExpiry(OPS, 0, 1));
        final long buy = waiting(BANK_A, 1, Side.BUY, BANK_B, 1_000);
        assertEquals(0, query(buy).submittedDate);
        assertEquals(1, f.apply(f.command.advanceBusinessDate(OPS, 0, TODAY)).size(), "the first business date starts the count");
        assertEquals(TODAY, query(buy).submittedDate);
        assertEquals(1, f.apply(f.command.advanceBusinessDate(OPS, 0, TODAY + 1)).size());
        final List<Event> roll = f.apply(f.command.advanceBusinessDate(OPS, 0, TODAY + 2));
        assertEquals(EventType.INSTRUCTION_ENDED, roll.get(1).type, roll::toString);
        noViolations();
    }

    @Test
    void shouldRestoreInstructionsAndMatchedDealsFromASnapshot() throws IOException
    {
        f.ok(f.command.setMatchingTolerance(OPS, 0, USD, 3));
        final long waitingBuy = waiting(BANK_A, 1, Side.BUY, BANK_B, 1_000);
        f.apply(f.command.submitInstruction(BANK_A, 0, 2, Side.BUY, BANK_B, BOND, USD, 10, 500, TODAY, DealType.DVP)
            .settlementTerms(3, (byte)0, 0));
        final Event matched = f.apply(f.command.submitInstruction(BANK_B, 0, 3, Side.SELL, BANK_A, BOND, USD, 10, 502, TODAY, DealType.DVP)
            .settlementTerms(8, (byte)0, 0)).get(1);
        assertEquals(EventType.INSTRUCTION_MATCHED, matched.type);

        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EngineSnapshot.write(f.engine, bytes);
        final SettlementEngine restored = EngineSnapshot.read(new ByteArrayInputStream(bytes.toByteArray()));
        assertEquals(f.engine.stateHash(), restored.stateHash());
        assertEquals(List.of(), restored.checkInvariants());

        // the restored engine matches as the original would: the waiting buy, within the tolerance
        final EngineFixture g = EngineFixture.over(restored);
        final Event again = g.apply(g.command.submitInstruction(BANK_B, 0, 4, Side.SELL, BANK_A, ACME, USD, 10, 1_003, TODAY, DealType.DVP))
            .get(1);
        assertEquals(waitingBuy, again.matchedInstructionId);
        final Event repeat = g.one(g.command.submitInstruction(BANK_A, 0, 2, Side.BUY, BANK_B, BOND, USD, 10, 500, TODAY, DealType.DVP)
            .settlementTerms(3, (byte)0, 0));
        assertEquals(matched.matchedInstructionId, repeat.instructionId, "clientRefs survive the snapshot");
        assertTrue(g.engine.checkInvariants().isEmpty(), () -> g.engine.checkInvariants().toString());
    }
}
