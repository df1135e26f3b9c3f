package io.settlement.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.DealStatus;
import io.settlement.protocol.wire.LimitKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Side;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.settlement.engine.EngineFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Hold / release of a pending deal per side (DESIGN.md 4b): who may, what a hold does to cycles, limits and cancels. */
class HoldReleaseTest
{
    private final EngineFixture f = new EngineFixture();
    private long dealId;

    /** A DvP of 10 ACME for 1,000 USD between BANK_A (buyer) and BANK_B (seller), both funded: it would settle now. */
    @BeforeEach
    void fundedDeal()
    {
        f.deposit(BANK_A, USD, 1_000);
        f.deposit(BANK_B, ACME, 10);
        dealId = f.accepted(1, BANK_A, BANK_B, 10, 1_000);
    }

    private Event hold(final long by, final Side side)
    {
        return f.one(f.command.holdDeal(by, 0, dealId, side));
    }

    private Event release(final long by, final Side side)
    {
        return f.one(f.command.releaseDeal(by, 0, dealId, side));
    }

    private Event report()
    {
        return f.one(f.command.queryDeal(AUDIT, 0, dealId));
    }

    @Test
    void shouldSkipADealHeldOnOneSideOnlyInEveryCycleWithoutAnEvent()
    {
        final Event held = hold(BANK_B, Side.SELL);
        assertEquals(EventType.DEAL_HELD, held.type);
        assertEquals(dealId, held.dealId);
        assertEquals(BANK_A, held.buyerId);
        assertEquals(BANK_B, held.sellerId);
        assertEquals(Side.SELL.value(), held.side);
        assertEquals(Event.SELL_HELD, held.heldSides);
        assertEquals(BANK_B, held.submitterId, "who held it");

        for (int day = 1; day <= 2; day++)
        {
            final List<Event> cycle = f.cycle();
            assertEquals(1, cycle.size(), () -> "only the summary: " + cycle);
            assertEquals(0, last(cycle).attempted);
            assertEquals(0, last(cycle).failed);
            f.ok(f.command.advanceBusinessDate(OPS, 0, Dates.plusDays(TODAY, day)));
        }
        assertEquals(0, f.balance(BANK_A, ACME));
        assertEquals(1_000, f.balance(BANK_A, USD));
        final Event report = report();
        assertEquals(DealStatus.PENDING.value(), report.dealStatus);
        assertEquals(Event.SELL_HELD, report.heldSides);
        assertEquals(Reason.OK, report.reason, "a skipped deal has not failed");
    }

    @Test
    void shouldSettleAtTheNextCycleOnceReleased()
    {
        hold(BANK_A, Side.BUY);
        assertEquals(0, last(f.cycle()).attempted);

        final Event released = release(BANK_A, Side.BUY);
        assertEquals(EventType.DEAL_RELEASED, released.type);
        assertEquals(Side.BUY.value(), released.side);
        assertEquals(0, released.heldSides);

        final List<Event> cycle = f.cycle();
        assertEquals(EventType.DEAL_SETTLED, cycle.get(0).type);
        assertEquals(1, last(cycle).settled);
        assertEquals(10, f.balance(BANK_A, ACME));
        assertEquals(1_000, f.balance(BANK_B, USD));
    }

    @Test
    void shouldStaySkippedWhileTheOtherSideIsStillHeld()
    {
        hold(BANK_A, Side.BUY);
        assertEquals(Event.BUY_HELD | Event.SELL_HELD, hold(BANK_B, Side.SELL).heldSides);

        assertEquals(Event.SELL_HELD, release(BANK_A, Side.BUY).heldSides);

        assertEquals(0, last(f.cycle()).attempted);
        assertEquals(Event.SELL_HELD, report().heldSides);
    }

    @Test
    void shouldLetAnOperatorHoldAndReleaseEitherSideWhoeverHeldIt()
    {
        assertEquals(Event.BUY_HELD, hold(OPS, Side.BUY).heldSides);
        assertEquals(Event.BUY_HELD | Event.SELL_HELD, hold(OPS, Side.SELL).heldSides);
        // the hold belongs to the side: the seller lifts the hold the operator put on its side
        assertEquals(Event.BUY_HELD, release(BANK_B, Side.SELL).heldSides);
        // and the operator lifts the buyer's
        final Event released = release(OPS, Side.BUY);
        assertEquals(EventType.DEAL_RELEASED, released.type);
        assertEquals(OPS, released.submitterId);
        assertEquals(1, last(f.cycle()).settled);
    }

    @Test
    void shouldRefuseAMemberOnTheOtherPartysSideAndChangeNothing()
    {
        hold(BANK_B, Side.SELL);
        final long before = f.engine.stateHash();

        assertEquals(Reason.NOT_YOUR_SIDE, release(BANK_A, Side.SELL).reason);
        assertEquals(Reason.NOT_YOUR_SIDE, hold(BANK_B, Side.BUY).reason);
        assertEquals(Reason.NOT_A_PARTY, hold(BROKER_C, Side.BUY).reason);

        assertEquals(before, f.engine.stateHash());
        assertEquals(Event.SELL_HELD, report().heldSides);
    }

    @Test
    void shouldAnswerOkAndChangeNothingWhenHoldingAHeldSideOrReleasingAFreeOne()
    {
        final long free = f.engine.stateHash();
        final Event releaseFree = release(BANK_A, Side.BUY);
        assertEquals(EventType.COMMAND_RESULT, releaseFree.type);
        assertEquals(Reason.OK, releaseFree.reason);
        assertEquals(free, f.engine.stateHash());

        hold(BANK_A, Side.BUY);
        final long held = f.engine.stateHash();
        assertNotEquals(free, held, "a hold is state");
        // held by the buyer, held again by an operator: the side is held, nothing changes
        final Event again = hold(OPS, Side.BUY);
        assertEquals(EventType.COMMAND_RESULT, again.type);
        assertEquals(Reason.OK, again.reason);
        assertEquals(held, f.engine.stateHash());
    }

    @Test
    void shouldKeepTheLimitUtilisationOfAHeldDealAndReleaseItWhenTheDealIsCancelled()
    {
        f.setLimit(BANK_A, LimitKind.CREDIT, USD, 5_000);
        final long second = f.accepted(2, BANK_A, BANK_B, 1, 2_000);
        assertEquals(EventType.DEAL_HELD, f.one(f.command.holdDeal(BANK_A, 0, second, Side.BUY)).type);
        assertEquals(3_000, creditUtilised(), "the first deal's 1,000 and the held deal's 2,000");

        f.apply(f.command.advanceBusinessDate(OPS, 0, Dates.plusDays(TODAY, 1)));
        hold(BANK_A, Side.BUY);
        f.cycle();
        assertEquals(3_000, creditUtilised(), "both skipped by the cycle, still pending");

        final Event cancelled = f.one(f.command.cancelDeal(BANK_B, 0, second));
        assertEquals(EventType.DEAL_CANCELLED, cancelled.type);
        assertEquals(1_000, creditUtilised(), "what the other held deal still uses");
        final Event report = f.one(f.command.queryDeal(AUDIT, 0, second));
        assertEquals(DealStatus.CANCELLED.value(), report.dealStatus);
        assertEquals(0, report.heldSides, "holds end with the deal");
        assertEquals(List.of(), f.engine.checkInvariants());
    }

    @Test
    void shouldRefuseToHoldASettledDeal()
    {
        f.cycle();
        assertEquals(Reason.DEAL_NOT_PENDING, hold(BANK_A, Side.BUY).reason);
    }

    @Test
    void shouldKeepHoldsThroughASnapshot() throws IOException
    {
        hold(BANK_B, Side.SELL);
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EngineSnapshot.write(f.engine, bytes);

        final SettlementEngine restored = EngineSnapshot.read(new ByteArrayInputStream(bytes.toByteArray()), new EngineConfig());

        assertEquals(f.engine.stateHash(), restored.stateHash());
        final EngineFixture g = EngineFixture.over(restored);
        assertEquals(0, last(g.cycle()).attempted, "still held after the restore");
        assertEquals(Event.SELL_HELD, g.one(g.command.queryDeal(AUDIT, 0, dealId)).heldSides);
        g.ok(g.command.releaseDeal(OPS, 0, dealId, Side.SELL));
        assertEquals(1, last(g.cycle()).settled);
    }

    private long creditUtilised()
    {
        final List<Event> report = f.apply(f.command.queryLimits(RISK, 0, BANK_A));
        for (final Event line : report.subList(1, report.size()))
        {
            if (line.limitKind == LimitKind.CREDIT.value() && line.limitKey == USD)
            {
                return line.utilised;
            }
        }
        throw new AssertionError("no credit line in " + report);
    }
}
