package io.settlement.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.DealStatus;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.LimitKind;
import io.settlement.protocol.wire.Reason;
import org.junit.jupiter.api.Test;

import static io.settlement.engine.EngineFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Linked (all-or-none) deals and partial settlement in the gross cycle (docs/rules.md): a group
 * settles whole or not at all, once all its members are due, its earliest short member saying why and
 * the others LINKED_DEAL_FAILED; a partial-allowed deal settles the largest part both sides cover, down
 * to its minimum, cash cumulative floor(C * Q / N) so the parts add up to exactly the deal.
 */
class LinkedPartialSettlementTest
{
    private final EngineFixture f = new EngineFixture();
    private long nextClientId = 100;

    /** A DvP of ACME for USD, submitted by {@code submitter} (a party), due on {@code date}, with its terms. */
    private long deal(
        final long submitter, final long buyer, final long seller, final int security, final long quantity, final long cash,
        final int date, final long linkId, final int partial, final long minimum)
    {
        final Command c = f.command.submitDeal(submitter, 0, nextClientId++, buyer, seller, security, USD, quantity, cash, date, DealType.DVP)
            .settlementTerms(linkId, (byte)partial, minimum);
        final Event e = f.one(c);
        assertEquals(EventType.DEAL_ACCEPTED, e.type, e::toString);
        return e.dealId;
    }

    private long linked(final long submitter, final long buyer, final long seller, final int security,
        final long quantity, final long cash, final long linkId)
    {
        return deal(submitter, buyer, seller, security, quantity, cash, TODAY, linkId, 0, 0);
    }

    private long partial(final long buyer, final long seller, final long quantity, final long cash, final long minimum)
    {
        return deal(buyer, buyer, seller, ACME, quantity, cash, TODAY, 0, 1, minimum);
    }

    private Event report(final long dealId)
    {
        final Event e = f.one(f.command.queryDeal(AUDIT, 0, dealId));
        assertEquals(EventType.DEAL_REPORT, e.type, e::toString);
        return e;
    }

    /** The utilisation of a limit, as a risk officer's query reports it. */
    private long utilised(final long participant, final LimitKind kind, final long key)
    {
        for (final Event line : ofType(f.apply(f.command.queryLimits(RISK, 0, participant)), EventType.LIMIT_LINE))
        {
            if (line.limitKind == kind.value() && line.limitKey == key)
            {
                return line.utilised;
            }
        }
        throw new AssertionError("no " + kind + " limit " + key + " of " + participant);
    }

    private static Event only(final List<Event> events, final EventType type)
    {
        final List<Event> of = ofType(events, type);
        assertEquals(1, of.size(), events::toString);
        return of.get(0);
    }

    private static Event outcomeOf(final List<Event> events, final long dealId)
    {
        Event found = null;
        for (final Event e : events)
        {
            if (e.dealId == dealId && e.type != EventType.CYCLE_COMPLETED && e.type != EventType.CYCLE_SETTLED_VALUE)
            {
                assertEquals(null, found, () -> "two outcomes for deal " + dealId + ": " + events);
                found = e;
            }
        }
        assertTrue(found != null, () -> "no outcome for deal " + dealId + ": " + events);
        return found;
    }

    private void assertInvariants()
    {
        assertEquals(List.of(), f.engine.checkInvariants());
    }

    // ------------------------------------------------------------------ linked groups

    @Test
    void aLinkedGroupBlockedByOneMemberMovesNothingThenSettlesWhole()
    {
        f.deposit(BANK_A, USD, 100);
        f.deposit(BANK_B, ACME, 10);
        f.deposit(BROKER_C, USD, 50);
        // A buys 10 ACME from B and sells 5 BOND to C, all or none; A holds no BOND
        final long buy = linked(BANK_A, BANK_A, BANK_B, ACME, 10, 100, 7);
        final long sell = linked(BANK_A, BROKER_C, BANK_A, BOND, 5, 50, 7);

        List<Event> cycle = f.cycle();
        assertEquals(Reason.LINKED_DEAL_FAILED, outcomeOf(cycle, buy).reason, "the member that could settle alone");
        assertEquals(Reason.INSUFFICIENT_SECURITIES, outcomeOf(cycle, sell).reason, "the member short of BOND");
        assertEquals(2, last(cycle).attempted);
        assertEquals(2, last(cycle).failed);
        assertEquals(100, f.balance(BANK_A, USD));
        assertEquals(10, f.balance(BANK_B, ACME));
        assertEquals(0, f.balance(BANK_A, ACME));
        assertEquals(Reason.LINKED_DEAL_FAILED, report(buy).reason);
        assertEquals(7, report(buy).linkId);
        assertInvariants();

        f.deposit(BANK_A, BOND, 5);
        cycle = f.cycle();
        assertEquals(EventType.DEAL_SETTLED, outcomeOf(cycle, buy).type);
        assertEquals(EventType.DEAL_SETTLED, outcomeOf(cycle, sell).type);
        final Event value = only(cycle, EventType.CYCLE_SETTLED_VALUE);
        assertEquals(150, value.amount);
        assertEquals(2, value.count);
        assertEquals(10, f.balance(BANK_A, ACME));
        assertEquals(5, f.balance(BROKER_C, BOND));
        assertEquals(50, f.balance(BANK_A, USD));
        assertInvariants();
    }

    @Test
    void theEarliestMemberThatDebitsAShortBalanceGivesTheReason()
    {
        // both members short: the earlier one (by settlement date, then dealId) names its reason
        f.deposit(BANK_B, ACME, 10);
        final long first = linked(BANK_A, BANK_A, BANK_B, ACME, 10, 100, 3); // A holds no USD
        final long second = linked(BANK_A, BROKER_C, BANK_A, BOND, 5, 50, 3); // A holds no BOND, C no USD
        final List<Event> cycle = f.cycle();
        assertEquals(Reason.INSUFFICIENT_CASH, outcomeOf(cycle, first).reason);
        assertEquals(Reason.LINKED_DEAL_FAILED, outcomeOf(cycle, second).reason);
        assertInvariants();
    }

    @Test
    void aGroupSettlesAsOneMoveSoItsMembersFundEachOther()
    {
        // A holds no cash: alone, its purchase would fail; its sale in the same group pays for it
        f.deposit(BANK_B, ACME, 10);
        f.deposit(BANK_A, BOND, 5);
        f.deposit(BROKER_C, USD, 100);
        final long buy = linked(BANK_A, BANK_A, BANK_B, ACME, 10, 100, 9);
        final long sell = linked(BANK_A, BROKER_C, BANK_A, BOND, 5, 100, 9);
        final List<Event> cycle = f.cycle();
        assertEquals(EventType.DEAL_SETTLED, outcomeOf(cycle, buy).type);
        assertEquals(EventType.DEAL_SETTLED, outcomeOf(cycle, sell).type);
        assertEquals(0, f.balance(BANK_A, USD));
        assertEquals(100, f.balance(BANK_B, USD));
        assertEquals(10, f.balance(BANK_A, ACME));
        assertInvariants();
    }

    @Test
    void aGroupWaitsUntilAllItsMembersAreDue()
    {
        f.deposit(BANK_A, USD, 200);
        f.deposit(BANK_B, ACME, 20);
        final long today = linked(BANK_A, BANK_A, BANK_B, ACME, 10, 100, 4);
        final long tomorrow = deal(BANK_A, BANK_A, BANK_B, ACME, 10, 100, Dates.plusDays(TODAY, 1), 4, 0, 0);
        List<Event> cycle = f.cycle();
        assertEquals(List.of(EventType.CYCLE_COMPLETED), cycle.stream().map(e -> e.type).toList(), "not attempted: no event");
        assertEquals(0, last(cycle).attempted);

        f.ok(f.command.advanceBusinessDate(OPS, 0, Dates.plusDays(TODAY, 1)));
        cycle = f.cycle();
        assertEquals(EventType.DEAL_SETTLED, outcomeOf(cycle, today).type);
        assertEquals(EventType.DEAL_SETTLED, outcomeOf(cycle, tomorrow).type);
        assertInvariants();
    }

    @Test
    void cancellingAMemberTakesItOutAndAFinishedLinkIdStartsANewGroup()
    {
        f.deposit(BANK_A, USD, 300);
        f.deposit(BANK_B, ACME, 30);
        final long settles = linked(BANK_A, BANK_A, BANK_B, ACME, 10, 100, 5);
        final long blocked = linked(BANK_A, BROKER_C, BANK_A, BOND, 5, 50, 5);
        assertEquals(2, ofType(f.cycle(), EventType.DEAL_SETTLEMENT_FAILED).size());

        assertEquals(EventType.DEAL_CANCELLED, f.one(f.command.cancelDeal(BANK_A, 0, blocked)).type);
        List<Event> cycle = f.cycle();
        assertEquals(EventType.DEAL_SETTLED, outcomeOf(cycle, settles).type);
        assertEquals(1, last(cycle).attempted);
        assertInvariants();

        // linkId 5 has no pending member left: reused, it is a new group, not tied to the finished one
        final long again = linked(BANK_A, BANK_A, BANK_B, ACME, 10, 100, 5);
        final long otherSubmitter = linked(BANK_B, BANK_A, BANK_B, BOND, 1, 1, 5); // B's linkId 5: another group
        cycle = f.cycle();
        assertEquals(EventType.DEAL_SETTLED, outcomeOf(cycle, again).type);
        assertEquals(Reason.INSUFFICIENT_SECURITIES, outcomeOf(cycle, otherSubmitter).reason, "alone in its group");
        assertInvariants();
    }

    @Test
    void aLinkedDealNeverSettlesPartially()
    {
        f.deposit(BANK_A, USD, 1_000);
        f.deposit(BANK_B, ACME, 6);
        final long dealId = deal(BANK_A, BANK_A, BANK_B, ACME, 10, 100, TODAY, 8, 1, 1);
        final List<Event> cycle = f.cycle();
        assertEquals(Reason.INSUFFICIENT_SECURITIES, outcomeOf(cycle, dealId).reason);
        assertEquals(0, ofType(cycle, EventType.DEAL_PARTIALLY_SETTLED).size());
        assertEquals(6, f.balance(BANK_B, ACME));
        assertInvariants();
    }

    // ------------------------------------------------------------------ partial settlement

    @Test
    void aPartialDealSettlesDownToItsMinimumThenTheFinalRemainder()
    {
        f.deposit(BANK_A, USD, 1_000);
        f.deposit(BANK_B, ACME, 4);
        final long dealId = partial(BANK_A, BANK_B, 10, 1_000, 3);

        // 4 of 10: 400 of 1,000
        List<Event> cycle = f.cycle();
        Event part = outcomeOf(cycle, dealId);
        assertEquals(EventType.DEAL_PARTIALLY_SETTLED, part.type);
        assertEquals(4, part.partQuantity);
        assertEquals(400, part.partCash);
        assertEquals(4, part.settledQuantity);
        assertEquals(400, part.settledCash);
        assertEquals(Reason.INSUFFICIENT_SECURITIES, part.reason, "why the remainder did not settle");
        assertEquals(400, only(cycle, EventType.CYCLE_SETTLED_VALUE).amount);
        assertEquals(1, only(cycle, EventType.CYCLE_SETTLED_VALUE).count);
        assertEquals(DealStatus.PENDING.value(), report(dealId).dealStatus);
        assertEquals(4, report(dealId).settledQuantity);
        assertInvariants();

        // 2 held: below the minimum of 3, nothing moves
        f.deposit(BANK_B, ACME, 2);
        cycle = f.cycle();
        assertEquals(EventType.DEAL_SETTLEMENT_FAILED, outcomeOf(cycle, dealId).type);
        assertEquals(Reason.INSUFFICIENT_SECURITIES, outcomeOf(cycle, dealId).reason);
        assertEquals(2, f.balance(BANK_B, ACME));

        // 5 held: a part of 5 (cumulative 9: 900 paid in total)
        f.deposit(BANK_B, ACME, 3);
        part = outcomeOf(f.cycle(), dealId);
        assertEquals(EventType.DEAL_PARTIALLY_SETTLED, part.type);
        assertEquals(5, part.partQuantity);
        assertEquals(500, part.partCash);
        assertEquals(9, part.settledQuantity);
        assertInvariants();

        // the remainder, 1, is below the minimum: it settles as the whole remainder
        f.deposit(BANK_B, ACME, 1);
        final Event settled = outcomeOf(f.cycle(), dealId);
        assertEquals(EventType.DEAL_SETTLED, settled.type);
        assertEquals(1, settled.partQuantity, "the final part");
        assertEquals(100, settled.partCash);
        assertEquals(10, settled.quantity);
        assertEquals(1_000, settled.cashAmount);
        assertEquals(10, f.balance(BANK_A, ACME));
        assertEquals(1_000, f.balance(BANK_B, USD));
        assertEquals(DealStatus.SETTLED.value(), report(dealId).dealStatus);
        assertEquals(10, report(dealId).settledQuantity);
        assertEquals(1_000, report(dealId).settledCash);
        assertInvariants();
    }

    @Test
    void theCashOfPartsIsCumulativeSoTheyAddUpExactly()
    {
        // C = 10, N = 3: parts of one pay floor(10/3) = 3, then floor(20/3) - 3 = 3, then 10 - 6 = 4
        f.deposit(BANK_A, USD, 10);
        final long dealId = partial(BANK_A, BANK_B, 3, 10, 1);
        final long[] expected = {3, 3, 4};
        for (int i = 0; i < 3; i++)
        {
            f.deposit(BANK_B, ACME, 1);
            final Event e = outcomeOf(f.cycle(), dealId);
            assertEquals(i < 2 ? EventType.DEAL_PARTIALLY_SETTLED : EventType.DEAL_SETTLED, e.type, e::toString);
            assertEquals(1, e.partQuantity);
            assertEquals(expected[i], e.partCash);
            assertInvariants();
        }
        assertEquals(10, f.balance(BANK_B, USD));
        assertEquals(0, f.balance(BANK_A, USD));
    }

    @Test
    void theBuyersCashBoundsThePartAndAPartMovesAtLeastOneMinorUnit()
    {
        f.deposit(BANK_B, ACME, 10);
        // N = 10, C = 3: with no cash, a part of up to 3 would pay floor(3q/10) = 0: nothing moves
        final long dealId = partial(BANK_A, BANK_B, 10, 3, 1);
        List<Event> cycle = f.cycle();
        assertEquals(Reason.INSUFFICIENT_CASH, outcomeOf(cycle, dealId).reason);
        assertEquals(EventType.DEAL_SETTLEMENT_FAILED, outcomeOf(cycle, dealId).type);

        // 1 of cash: the largest q with floor(3q/10) <= 1 is 6
        f.deposit(BANK_A, USD, 1);
        final Event part = outcomeOf(f.cycle(), dealId);
        assertEquals(EventType.DEAL_PARTIALLY_SETTLED, part.type);
        assertEquals(6, part.partQuantity);
        assertEquals(1, part.partCash);
        assertEquals(Reason.INSUFFICIENT_CASH, part.reason);
        assertInvariants();
    }

    @Test
    void whenBothLegsAreShortTheReasonIsInsufficientSecurities()
    {
        final long dealId = partial(BANK_A, BANK_B, 10, 100, 1);
        assertEquals(Reason.INSUFFICIENT_SECURITIES, outcomeOf(f.cycle(), dealId).reason);
        f.deposit(BANK_A, USD, 10);
        f.deposit(BANK_B, ACME, 5);
        // a part of 1 (cash 10) settles; the rest lacks both: securities first
        final Event part = outcomeOf(f.cycle(), dealId);
        assertEquals(1, part.partQuantity);
        assertEquals(Reason.INSUFFICIENT_SECURITIES, part.reason);
        assertEquals(Reason.INSUFFICIENT_SECURITIES, report(dealId).reason);
    }

    @Test
    void partsOfOverflowSizeAmountsAreExact()
    {
        final long quantity = Long.MAX_VALUE - 2;
        final long cash = Long.MAX_VALUE;
        final long held = 3_000_000_000_000_000_001L;
        f.deposit(BANK_A, USD, cash);
        f.deposit(BANK_B, ACME, held);
        final long dealId = partial(BANK_A, BANK_B, quantity, cash, 1);
        final Event part = outcomeOf(f.cycle(), dealId);
        assertEquals(held, part.partQuantity);
        final long expectedCash = BigInteger.valueOf(cash).multiply(BigInteger.valueOf(held))
            .divide(BigInteger.valueOf(quantity)).longValueExact();
        assertEquals(expectedCash, part.partCash);
        assertInvariants();

        f.deposit(BANK_B, ACME, quantity - held);
        final Event settled = outcomeOf(f.cycle(), dealId);
        assertEquals(EventType.DEAL_SETTLED, settled.type);
        assertEquals(quantity - held, settled.partQuantity);
        assertEquals(cash - expectedCash, settled.partCash);
        assertEquals(cash, f.balance(BANK_B, USD));
        assertInvariants();
    }

    @Test
    void limitUtilisationFallsToWhatIsStillPendingAndCancelCancelsTheRemainder()
    {
        f.setLimit(BANK_A, LimitKind.CREDIT, USD, 1_000);
        f.setLimit(BANK_B, LimitKind.DELIVERY, ACME, 10);
        f.deposit(BANK_A, USD, 1_000);
        f.deposit(BANK_B, ACME, 4);
        final long dealId = partial(BANK_A, BANK_B, 10, 1_000, 2);
        f.cycle();
        assertEquals(600, utilised(BANK_A, LimitKind.CREDIT, USD));
        assertEquals(6, utilised(BANK_B, LimitKind.DELIVERY, ACME));
        assertInvariants();

        assertEquals(EventType.DEAL_CANCELLED, f.one(f.command.cancelDeal(BANK_B, 0, dealId)).type);
        assertEquals(0, utilised(BANK_A, LimitKind.CREDIT, USD));
        final Event report = report(dealId);
        assertEquals(DealStatus.CANCELLED.value(), report.dealStatus);
        assertEquals(4, report.settledQuantity, "the parts settled stay settled");
        assertEquals(400, report.settledCash);
        assertEquals(4, f.balance(BANK_A, ACME));
        assertInvariants();
    }

    @Test
    void aGroupAndAPartialDealInOneCycleFundEachOtherInOrder()
    {
        f.deposit(BANK_A, ACME, 10);
        f.deposit(BANK_B, USD, 100);
        f.deposit(BROKER_C, BOND, 5);
        f.deposit(BROKER_C, USD, 120);
        // the group (dealIds 1, 2) comes first: A sells 10 ACME to B, and buys 5 BOND from C with the proceeds
        final long sell = linked(BANK_A, BANK_B, BANK_A, ACME, 10, 100, 1);
        final long buy = linked(BANK_A, BANK_A, BROKER_C, BOND, 5, 50, 1);
        // then B sells C 15 ACME in parts of at least 5: B holds 10 once the group has settled
        final long partialSale = deal(BANK_B, BROKER_C, BANK_B, ACME, 15, 150, TODAY, 0, 1, 5);

        final List<Event> cycle = f.cycle();
        assertEquals(EventType.DEAL_SETTLED, outcomeOf(cycle, sell).type);
        assertEquals(EventType.DEAL_SETTLED, outcomeOf(cycle, buy).type);
        final Event part = outcomeOf(cycle, partialSale);
        assertEquals(EventType.DEAL_PARTIALLY_SETTLED, part.type);
        assertEquals(10, part.partQuantity);
        assertEquals(100, part.partCash);
        final Event value = only(cycle, EventType.CYCLE_SETTLED_VALUE);
        assertEquals(250, value.amount, "100 + 50 + the part's 100");
        assertEquals(3, value.count, "two deals and a part moved cash");
        assertEquals(10, f.balance(BROKER_C, ACME));
        assertEquals(70, f.balance(BROKER_C, USD));
        assertInvariants();
    }

    @Test
    void aSnapshotCarriesTheTermsAndTheGroups() throws IOException
    {
        f.deposit(BANK_A, USD, 1_001);
        f.deposit(BANK_B, ACME, 4);
        final long partialDeal = partial(BANK_A, BANK_B, 10, 1_000, 2);
        final long member = linked(BANK_A, BANK_A, BANK_B, BOND, 1, 1, 6);
        final long blocker = linked(BANK_A, BROKER_C, BANK_A, BOND, 1, 1, 6);
        f.cycle();
        final SettlementEngine restored = EngineSnapshot.read(new ByteArrayInputStream(SnapshotPropertiesTest.snapshot(f.engine)));
        assertEquals(f.engine.stateHash(), restored.stateHash());
        final EngineFixture again = EngineFixture.over(restored);
        assertEquals(List.of(), restored.checkInvariants());

        // the same commands give the same events on both
        f.deposit(BANK_B, ACME, 6);
        f.deposit(BANK_B, BOND, 1);
        again.deposit(BANK_B, ACME, 6);
        again.deposit(BANK_B, BOND, 1);
        assertEquals(EventType.DEAL_CANCELLED, f.one(f.command.cancelDeal(BANK_A, 0, blocker)).type);
        assertEquals(EventType.DEAL_CANCELLED, again.one(again.command.cancelDeal(BANK_A, 0, blocker)).type);
        final List<Event> original = f.apply(f.command.runSettlementCycle(OPS, 999));
        final List<Event> replayed = again.apply(again.command.runSettlementCycle(OPS, 999));
        assertEquals(original.toString(), replayed.toString());
        assertEquals(EventType.DEAL_SETTLED, outcomeOf(original, partialDeal).type);
        assertEquals(EventType.DEAL_SETTLED, outcomeOf(original, member).type);
        assertEquals(f.engine.stateHash(), restored.stateHash());
    }
}
