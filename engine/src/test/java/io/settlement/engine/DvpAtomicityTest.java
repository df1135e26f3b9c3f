package io.settlement.engine;

import java.math.BigInteger;
import java.util.List;

import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.DealStatus;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.Reason;
import org.junit.jupiter.api.Test;

import static io.settlement.engine.EngineFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Delivery versus payment: both legs move together, or neither does. */
class DvpAtomicityTest
{
    private final EngineFixture f = new EngineFixture();

    private void assertBalances(final long aUsd, final long aAcme, final long bUsd, final long bAcme)
    {
        assertEquals(aUsd, f.balance(BANK_A, USD), "A USD");
        assertEquals(aAcme, f.balance(BANK_A, ACME), "A ACME");
        assertEquals(bUsd, f.balance(BANK_B, USD), "B USD");
        assertEquals(bAcme, f.balance(BANK_B, ACME), "B ACME");
        assertEquals(List.of(), f.engine.checkInvariants());
    }

    private Event onlyAttempt(final List<Event> cycle)
    {
        assertEquals(EventType.CYCLE_COMPLETED, last(cycle).type);
        assertEquals(1, last(cycle).attempted);
        return cycle.get(0);
    }

    @Test
    void shouldMoveNeitherLegWhenSellerIsShortOfSecurities()
    {
        f.deposit(BANK_A, USD, 1_000);
        f.deposit(BANK_B, ACME, 9);
        final long dealId = f.accepted(1, BANK_A, BANK_B, 10, 1_000);

        final Event failed = onlyAttempt(f.cycle());

        assertEquals(EventType.DEAL_SETTLEMENT_FAILED, failed.type);
        assertEquals(Reason.INSUFFICIENT_SECURITIES, failed.reason);
        assertEquals(dealId, failed.dealId);
        assertEquals(BANK_A, failed.buyerId);
        assertEquals(BANK_B, failed.sellerId);
        assertBalances(1_000, 0, 0, 9);
        final Event report = f.one(f.command.queryDeal(AUDIT, 0, dealId));
        assertEquals(DealStatus.PENDING.value(), report.dealStatus);
        assertEquals(Reason.INSUFFICIENT_SECURITIES, report.reason);
    }

    @Test
    void shouldMoveNeitherLegWhenBuyerIsShortOfCash()
    {
        f.deposit(BANK_A, USD, 999);
        f.deposit(BANK_B, ACME, 10);
        f.accepted(1, BANK_A, BANK_B, 10, 1_000);

        final Event failed = onlyAttempt(f.cycle());

        assertEquals(EventType.DEAL_SETTLEMENT_FAILED, failed.type);
        assertEquals(Reason.INSUFFICIENT_CASH, failed.reason);
        assertBalances(999, 0, 0, 10);
    }

    @Test
    void shouldMoveBothLegsWhenBothAreCovered()
    {
        f.deposit(BANK_A, USD, 1_500);
        f.deposit(BANK_B, ACME, 12);
        final long dealId = f.accepted(1, BANK_A, BANK_B, 10, 1_000);

        final List<Event> cycle = f.cycle();
        final Event settled = onlyAttempt(cycle);

        assertEquals(EventType.DEAL_SETTLED, settled.type);
        assertEquals(dealId, settled.dealId);
        assertEquals(10, settled.quantity);
        assertEquals(1_000, settled.cashAmount);
        assertBalances(500, 10, 1_000, 2);
        final List<Event> values = ofType(cycle, EventType.CYCLE_SETTLED_VALUE);
        assertEquals(1, values.size());
        assertEquals(USD, values.get(0).currencyId);
        assertEquals(1_000, values.get(0).amount);
        assertEquals(1, last(cycle).settled);
        assertEquals(0, last(cycle).failed);
        assertEquals(DealStatus.SETTLED.value(), f.one(f.command.queryDeal(BANK_B, 0, dealId)).dealStatus);
        assertEquals(0, f.engine.pendingDealCount());
    }

    @Test
    void shouldReportTheExactSettledValueWhenACycleSettlesMoreThanLongMaxValue()
    {
        // three deals of 4e18 round a circle, each funded by the one before it: 1.2e19 settled in USD,
        // while no balance, supply or limit utilisation goes past Long.MAX_VALUE
        final long cash = 4_000_000_000_000_000_000L;
        f.deposit(BANK_A, USD, cash);
        f.deposit(BANK_B, ACME, 1);
        f.deposit(BROKER_C, ACME, 1);
        f.accepted(1, BANK_A, BANK_B, 1, cash);
        f.accepted(2, BANK_B, BROKER_C, 1, cash);
        f.accepted(3, BROKER_C, BANK_A, 1, cash);

        final List<Event> cycle = f.cycle();
        assertEquals(3, last(cycle).settled);
        final List<Event> values = ofType(cycle, EventType.CYCLE_SETTLED_VALUE);
        assertEquals(1, values.size());
        assertEquals(3, values.get(0).count);
        assertEquals(new BigInteger("12000000000000000000"), values.get(0).wideAmount(), "exact, not saturated");
        assertBalances(cash, 0, 0, 1);
        assertEquals(1, f.balance(BROKER_C, ACME));
        assertEquals(0, f.balance(BROKER_C, USD));
    }

    @Test
    void shouldDeliverFreeOfPaymentWithoutTouchingCash()
    {
        f.deposit(BANK_B, ACME, 10);
        final Event accepted = f.one(f.command.submitDeal(BANK_B, 0, 5, BANK_A, BANK_B, ACME, 0, 10, 0, TODAY, DealType.FOP));
        assertEquals(EventType.DEAL_ACCEPTED, accepted.type, accepted::toString);

        final Event settled = onlyAttempt(f.cycle());

        assertEquals(EventType.DEAL_SETTLED, settled.type);
        assertBalances(0, 10, 0, 0);
    }

    @Test
    void shouldSettleInDateThenDealIdOrderSoThatEarlierDeliveriesFundLaterOnes()
    {
        // B holds the securities; A buys them today and sells them on to C, also today.
        f.deposit(BANK_A, USD, 1_000);
        f.deposit(BROKER_C, USD, 1_200);
        f.deposit(BANK_B, ACME, 10);
        final long first = f.accepted(1, BANK_A, BANK_B, 10, 1_000);
        final long second = f.one(f.command.submitDeal(
            BROKER_C, 0, 1, BROKER_C, BANK_A, ACME, USD, 10, 1_200, TODAY, DealType.DVP)).dealId;
        // a later-dated deal registered before the business date reaches it stays out of today's cycle
        f.one(f.command.submitDeal(BANK_A, 0, 2, BANK_A, BANK_B, ACME, USD, 1, 1, Dates.plusDays(TODAY, 1), DealType.DVP));

        final List<Event> cycle = f.cycle();

        final List<Event> settled = ofType(cycle, EventType.DEAL_SETTLED);
        assertEquals(2, settled.size(), cycle::toString);
        assertEquals(first, settled.get(0).dealId);
        assertEquals(second, settled.get(1).dealId);
        assertEquals(2, last(cycle).attempted);
        assertEquals(1_200, f.balance(BANK_A, USD));
        assertEquals(10, f.balance(BROKER_C, ACME));
        assertEquals(1, f.engine.pendingDealCount());
    }

    @Test
    void shouldSettleNothingBeforeTheFirstBusinessDateIsSet()
    {
        final EngineFixture closed = new EngineFixture(new EngineConfig(), false);
        assertEquals(0, closed.engine.businessDate());
        closed.deposit(BANK_A, USD, 100);
        closed.deposit(BANK_B, ACME, 100);
        // no date is in the past yet, and none is due
        final long dealId = closed.one(closed.command.submitDeal(
            BANK_A, 0, 1, BANK_A, BANK_B, ACME, USD, 1, 1, 19990101, DealType.DVP)).dealId;

        final List<Event> cycle = closed.cycle();

        assertEquals(1, cycle.size(), cycle::toString);
        assertEquals(0, last(cycle).attempted);
        assertEquals(DealStatus.PENDING.value(), closed.one(closed.command.queryDeal(AUDIT, 0, dealId)).dealStatus);
    }
}
