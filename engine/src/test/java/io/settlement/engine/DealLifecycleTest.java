package io.settlement.engine;

import java.util.List;

import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.DealStatus;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.Reason;
import org.junit.jupiter.api.Test;

import static io.settlement.engine.EngineFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** PENDING to SETTLED or CANCELLED: idempotency, recycling, cancellation, retention. */
class DealLifecycleTest
{
    private final EngineFixture f = new EngineFixture();

    @Test
    void shouldReturnTheOriginalAcceptanceForTheSameKeyAndContent()
    {
        final Event first = f.dvp(42, BANK_A, BANK_B, 10, 1_000);
        final long stateAfterFirst = f.engine.stateHash();

        final Event again = f.dvp(42, BANK_A, BANK_B, 10, 1_000);

        assertEquals(EventType.DEAL_ACCEPTED, again.type);
        assertEquals(first.dealId, again.dealId);
        assertEquals(0, first.count, "a new deal is not flagged as a repeat");
        assertEquals(1, again.count, "a repeat is flagged");
        assertEquals(stateAfterFirst, f.engine.stateHash());
        assertEquals(1, f.engine.pendingDealCount());
    }

    @Test
    void shouldKeyIdempotencyBySubmitter()
    {
        final long byBuyer = f.accepted(42, BANK_A, BANK_B, 10, 1_000);
        // the seller uses the same client id for its own booking of the same trade: another key
        final Event bySeller = f.one(f.command.submitDeal(
            BANK_B, 0, 42, BANK_A, BANK_B, ACME, USD, 10, 1_000, TODAY, DealType.DVP));
        assertEquals(EventType.DEAL_ACCEPTED, bySeller.type);
        assertNotEquals(byBuyer, bySeller.dealId);
        assertEquals(Reason.DUPLICATE_CLIENT_DEAL_ID, f.dvp(42, BANK_A, BANK_B, 10, 1_001).reason);
    }

    @Test
    void shouldRecycleAFailedDealEveryCycleUntilFundingArrives()
    {
        f.deposit(BANK_B, ACME, 10);
        final long dealId = f.accepted(1, BANK_A, BANK_B, 10, 1_000);

        for (int cycle = 0; cycle < 3; cycle++)
        {
            final List<Event> events = f.cycle();
            assertEquals(EventType.DEAL_SETTLEMENT_FAILED, events.get(0).type);
            assertEquals(Reason.INSUFFICIENT_CASH, events.get(0).reason);
            f.apply(f.command.advanceBusinessDate(OPS, 0, Dates.plusDays(TODAY, cycle + 1)));
        }
        f.deposit(BANK_A, USD, 600);
        assertEquals(Reason.INSUFFICIENT_CASH, f.cycle().get(0).reason);
        f.deposit(BANK_A, USD, 400);

        final List<Event> events = f.cycle();

        assertEquals(EventType.DEAL_SETTLED, events.get(0).type);
        assertEquals(dealId, events.get(0).dealId);
        assertEquals(1_000, f.balance(BANK_B, USD));
        assertEquals(10, f.balance(BANK_A, ACME));
        assertEquals(0, last(f.cycle()).attempted, "a settled deal is not attempted again");
    }

    @Test
    void shouldRefuseToCancelASettledDealAndToSettleACancelledOne()
    {
        f.deposit(BANK_A, USD, 1_000);
        f.deposit(BANK_B, ACME, 20);
        final long settled = f.accepted(1, BANK_A, BANK_B, 10, 500);
        final long cancelled = f.accepted(2, BANK_A, BANK_B, 10, 500);
        final Event cancel = f.one(f.command.cancelDeal(OPS, 0, cancelled));
        assertEquals(EventType.DEAL_CANCELLED, cancel.type);
        assertEquals(BANK_A, cancel.buyerId);
        assertEquals(BANK_B, cancel.sellerId);

        final List<Event> cycle = f.cycle();

        assertEquals(1, last(cycle).attempted, cycle::toString);
        assertEquals(settled, cycle.get(0).dealId);
        final long before = f.engine.stateHash();
        assertEquals(Reason.DEAL_NOT_PENDING, f.one(f.command.cancelDeal(BANK_A, 0, settled)).reason);
        assertEquals(before, f.engine.stateHash());
        assertEquals(DealStatus.CANCELLED.value(), f.one(f.command.queryDeal(BANK_A, 0, cancelled)).dealStatus);
        assertEquals(500, f.balance(BANK_A, USD));
    }

    @Test
    void shouldRefuseQuantitiesAndAmountsThatOverflow()
    {
        f.deposit(BANK_A, USD, Long.MAX_VALUE - 1);
        assertEquals(Reason.OVERFLOW, f.one(f.command.deposit(OPS, 0, BANK_B, USD, 2)).reason);
        f.deposit(BANK_B, USD, 1);
        assertEquals(Long.MAX_VALUE, f.engine.supply(USD));

        f.accepted(1, BANK_A, BANK_B, Long.MAX_VALUE - 5, Long.MAX_VALUE - 5);
        assertEquals(Reason.OVERFLOW, f.dvp(2, BANK_A, BANK_B, 1, 6).reason, "credit and counterparty sums");
        assertEquals(Reason.OVERFLOW, f.dvp(3, BANK_A, BANK_B, 6, 1).reason, "delivery sum");
        assertEquals(Reason.OK, f.dvp(4, BANK_A, BANK_B, 5, 5).reason, "exactly Long.MAX_VALUE fits");
        assertEquals(List.of(), f.engine.checkInvariants());
    }

    @Test
    void shouldAssignIncreasingDealIdsAndEchoCorrelationIds()
    {
        final Event a = f.one(f.command.submitDeal(BANK_A, 900, 1, BANK_A, BANK_B, ACME, USD, 1, 1, TODAY, DealType.DVP));
        final Event b = f.one(f.command.submitDeal(BANK_A, 901, 2, BANK_A, BANK_B, ACME, USD, 1, 1, TODAY, DealType.DVP));
        assertEquals(1, a.dealId);
        assertEquals(2, b.dealId);
        assertEquals(900, a.correlationId);
        assertEquals(901, b.correlationId);
        assertEquals(BANK_A, a.submitterId);
    }

    @Test
    void shouldAnswerPositionAndDealQueries()
    {
        f.deposit(BANK_A, USD, 123);
        final Event position = f.one(f.command.queryPosition(BANK_A, 0, BANK_A, USD));
        assertEquals(EventType.POSITION_REPORT, position.type);
        assertEquals(123, position.amount);
        assertEquals(0, f.one(f.command.queryPosition(RISK, 0, BANK_B, EUR)).amount);

        final long dealId = f.accepted(7, BANK_A, BANK_B, 3, 45);
        final Event report = f.one(f.command.queryDeal(BANK_B, 0, dealId));
        assertEquals(EventType.DEAL_REPORT, report.type);
        assertEquals(7, report.clientDealId);
        assertEquals(BANK_A, report.buyerId);
        assertEquals(ACME, report.securityId);
        assertEquals(USD, report.currencyId);
        assertEquals(3, report.quantity);
        assertEquals(45, report.cashAmount);
        assertEquals(TODAY, report.settlementDate);
        assertEquals(DealType.DVP.value(), report.dealType);
        assertEquals(DealStatus.PENDING.value(), report.dealStatus);
        assertEquals(Reason.OK, report.reason);
    }

    @Test
    void shouldWithdrawDownToZeroAndNeverBelow()
    {
        f.deposit(BANK_A, USD, 100);
        f.ok(f.command.withdraw(OPS, 0, BANK_A, USD, 60));
        assertEquals(Reason.INSUFFICIENT_BALANCE, f.one(f.command.withdraw(OPS, 0, BANK_A, USD, 41)).reason);
        f.ok(f.command.withdraw(OPS, 0, BANK_A, USD, 40));
        assertEquals(0, f.balance(BANK_A, USD));
        assertEquals(0, f.engine.supply(USD));
    }

    @Test
    void shouldKeepTheBusinessDateWhenAdvancedToTheSameDay()
    {
        final Event e = f.one(f.command.advanceBusinessDate(OPS, 0, TODAY));
        assertEquals(EventType.BUSINESS_DATE_ADVANCED, e.type);
        assertEquals(TODAY, f.engine.businessDate());
    }

    @Test
    void shouldPurgeFinishedDealsAfterTheRetentionPeriodButKeepPendingOnes()
    {
        final EngineFixture g = new EngineFixture();
        g.ok(g.command.setRetention(OPS, 0, 2));
        g.deposit(BANK_A, USD, 100);
        g.deposit(BANK_B, ACME, 100);
        final long settled = g.accepted(1, BANK_A, BANK_B, 1, 1);
        final long cancelled = g.accepted(2, BANK_A, BANK_B, 1, 1);
        g.one(g.command.cancelDeal(BANK_A, 0, cancelled));
        final long recycled = g.accepted(3, BANK_A, BANK_B, 1, 1_000); // A cannot pay: stays pending
        assertEquals(1, last(g.cycle()).settled);
        assertEquals(3, g.engine.liveDealCount());

        final Event day2 = g.one(g.command.advanceBusinessDate(OPS, 0, Dates.plusDays(TODAY, 2)));
        assertEquals(0, day2.count, "two days after, still retained");
        final Event day3 = g.one(g.command.advanceBusinessDate(OPS, 0, Dates.plusDays(TODAY, 3)));
        assertEquals(2, day3.count);

        assertEquals(1, g.engine.liveDealCount());
        assertEquals(Reason.DEAL_PURGED, g.one(g.command.queryDeal(AUDIT, 0, settled)).reason);
        assertEquals(Reason.DEAL_PURGED, g.one(g.command.queryDeal(AUDIT, 0, cancelled)).reason);
        assertEquals(DealStatus.PENDING.value(), g.one(g.command.queryDeal(AUDIT, 0, recycled)).dealStatus);
        // a purged deal's key stays taken
        assertEquals(Reason.CLIENT_DEAL_ID_RETIRED, g.dvp(1, BANK_A, BANK_B, 1, 1).reason);
        assertEquals(List.of(), g.engine.checkInvariants());

        g.deposit(BANK_A, USD, 1_000);
        final List<Event> cycle = g.cycle();
        assertEquals(recycled, cycle.get(0).dealId);
        assertEquals(EventType.DEAL_SETTLED, cycle.get(0).type);
        assertEquals(List.of(), g.engine.checkInvariants());
    }
}
