package io.settlement.engine;

import java.util.ArrayList;
import java.util.List;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.CycleMode;
import io.settlement.protocol.wire.DealStatus;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.LimitKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Side;
import org.junit.jupiter.api.Test;

import static io.settlement.engine.EngineFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The NETTED cycle over units (DESIGN.md 4b "Cycles", "Linked deals", "Partial settlement", "Hold /
 * release"): a linked group nets, settles and is removed whole; a held member keeps its whole group out;
 * a partly settled deal nets and settles its remainder, paying exactly the rest of its cash; a removed
 * partial-allowed deal may settle a part in the gross pass. Every expected outcome is worked out by hand
 * in the comments.
 */
class NettedUnitsTest
{
    private final EngineFixture f = new EngineFixture();
    private long nextClientId = 100;

    /** A deal due today submitted by {@code submitter}: DvP in USD when {@code cash} is not 0, else FOP; with its terms. */
    private long deal(final long submitter, final long buyer, final long seller, final int security, final long quantity,
        final long cash, final long linkId, final int partial, final long minimum)
    {
        final Command c = f.command.submitDeal(submitter, 0, nextClientId++, buyer, seller, security,
            cash == 0 ? 0 : USD, quantity, cash, TODAY, cash == 0 ? DealType.FOP : DealType.DVP)
            .settlementTerms(linkId, (byte)partial, minimum);
        final Event e = f.one(c);
        assertEquals(EventType.DEAL_ACCEPTED, e.type, e::toString);
        return e.dealId;
    }

    private long plain(final long buyer, final long seller, final int security, final long quantity, final long cash)
    {
        return deal(buyer, buyer, seller, security, quantity, cash, 0, 0, 0);
    }

    private List<Event> netted()
    {
        return f.apply(f.command.runSettlementCycle(OPS, 0, CycleMode.NETTED));
    }

    /** What each deal got, in event order: "dealId SETTLED", "dealId PART" or "dealId reason". */
    private static List<String> outcomes(final List<Event> events)
    {
        final List<String> result = new ArrayList<>();
        for (final Event e : events)
        {
            if (e.type == EventType.DEAL_SETTLED)
            {
                result.add(e.dealId + " SETTLED");
            }
            else if (e.type == EventType.DEAL_PARTIALLY_SETTLED)
            {
                result.add(e.dealId + " PART");
            }
            else if (e.type == EventType.DEAL_SETTLEMENT_FAILED)
            {
                result.add(e.dealId + " " + e.reason);
            }
        }
        return result;
    }

    private static Event outcomeOf(final List<Event> events, final long dealId)
    {
        for (final Event e : events)
        {
            if (e.dealId == dealId && e.type != EventType.CYCLE_COMPLETED && e.type != EventType.CYCLE_SETTLED_VALUE)
            {
                return e;
            }
        }
        throw new AssertionError("no outcome for deal " + dealId + ": " + events);
    }

    private void assertSummary(final List<Event> events, final long attempted, final long settled, final long failed)
    {
        final Event done = last(events);
        assertEquals(EventType.CYCLE_COMPLETED, done.type);
        assertEquals(attempted, done.attempted, "attempted");
        assertEquals(settled, done.settled, "settled");
        assertEquals(failed, done.failed, "failed");
        assertEquals(List.of(), f.engine.checkInvariants());
    }

    /** The settled value of the cycle in USD as "amount in count", or "none". */
    private static String usdValue(final List<Event> events)
    {
        for (final Event v : ofType(events, EventType.CYCLE_SETTLED_VALUE))
        {
            if (v.currencyId == USD)
            {
                return v.amount + " in " + v.count;
            }
        }
        return "none";
    }

    private long status(final long dealId)
    {
        return f.one(f.command.queryDeal(AUDIT, 0, dealId)).dealStatus;
    }

    /** A's group {g1, g2} (link 7) delivers 20 ACME A does not hold; a later plain deal d3 brings A those 20. */
    private long[] groupFundedByALaterDeal()
    {
        f.deposit(BANK_B, USD, 300);
        f.deposit(BROKER_C, ACME, 20);
        return new long[] {
            deal(BANK_A, BANK_B, BANK_A, ACME, 10, 100, 7, 0, 0),
            deal(BANK_A, BANK_B, BANK_A, ACME, 10, 100, 7, 0, 0),
            plain(BANK_A, BROKER_C, ACME, 20, 0),
        };
    }

    @Test
    void aLinkedGroupSettlesWholeInTheNettedSet()
    {
        final long[] ids = groupFundedByALaterDeal();

        final List<Event> events = netted();

        // A/ACME: -10 - 10 + 20 = 0; B/USD: 300 - 200 = 100; C/ACME: 20 - 20 = 0. Nothing is short: the
        // group (order key g1) and d3 settle together, in order-key order. (GROSS would fail the group first.)
        assertEquals(List.of(ids[0] + " SETTLED", ids[1] + " SETTLED", ids[2] + " SETTLED"), outcomes(events));
        assertEquals(10, outcomeOf(events, ids[0]).partQuantity, "each member settles whole");
        assertEquals(100, outcomeOf(events, ids[0]).partCash);
        assertEquals("200 in 2", usdValue(events));
        assertSummary(events, 3, 3, 0);
        assertEquals(0, f.balance(BANK_A, ACME));
        assertEquals(200, f.balance(BANK_A, USD));
        assertEquals(20, f.balance(BANK_B, ACME));
        assertEquals(100, f.balance(BANK_B, USD));
        assertEquals(0, f.balance(BROKER_C, ACME));
    }

    @Test
    void aLinkedGroupIsRemovedWholeAndFailsWholeInTheGrossPass()
    {
        f.deposit(BANK_A, ACME, 10);
        f.deposit(BANK_B, USD, 100);
        f.deposit(BANK_B, ACME, 5);
        f.deposit(BROKER_C, BOND, 5);
        // A's group (link 8): g1 A sells 10 ACME to B for 100 USD, g2 A buys 5 BOND from C for 150 USD
        final long g1 = deal(BANK_A, BANK_B, BANK_A, ACME, 10, 100, 8, 0, 0);
        final long g2 = deal(BANK_A, BANK_A, BROKER_C, BOND, 5, 150, 8, 0, 0);
        final long d3 = plain(BROKER_C, BANK_B, ACME, 5, 0); // B delivers its 5 ACME to C

        final List<Event> events = netted();

        // A/USD: 0 + 100 - 150 = -50 is the only short balance; its one debtor is the group (own change -50):
        // removed whole, g1 with it although g1 alone would be covered. d3 settles netted. The gross pass:
        // the group as one move, A/USD still -50: g2 debits it (INSUFFICIENT_CASH), g1 LINKED_DEAL_FAILED.
        assertEquals(List.of(d3 + " SETTLED", g1 + " LINKED_DEAL_FAILED", g2 + " INSUFFICIENT_CASH"), outcomes(events));
        assertSummary(events, 3, 1, 2);
        assertEquals(10, f.balance(BANK_A, ACME), "no member moved");
        assertEquals(100, f.balance(BANK_B, USD));
        assertEquals(5, f.balance(BROKER_C, BOND));
        assertEquals(5, f.balance(BROKER_C, ACME));
        assertEquals(DealStatus.PENDING.value(), status(g1));
        assertEquals(DealStatus.PENDING.value(), status(g2));
    }

    @Test
    void aHeldMemberKeepsItsWholeGroupOutOfTheNettedSet()
    {
        final long[] ids = groupFundedByALaterDeal();
        assertEquals(EventType.DEAL_HELD, f.one(f.command.holdDeal(BANK_A, 0, ids[1], Side.SELL)).type);

        final List<Event> events = netted();

        // the group has a held member: not attempted, no event, not counted; d3 alone settles (A gets 20 ACME)
        assertEquals(List.of(ids[2] + " SETTLED"), outcomes(events));
        assertSummary(events, 1, 1, 0);
        assertEquals(20, f.balance(BANK_A, ACME));
        assertEquals(DealStatus.PENDING.value(), status(ids[0]), "the free member waits with its group");

        assertEquals(EventType.DEAL_RELEASED, f.one(f.command.releaseDeal(OPS, 0, ids[1], Side.SELL)).type);
        final List<Event> after = netted();

        // released: the group is due and A holds its 20 ACME
        assertEquals(List.of(ids[0] + " SETTLED", ids[1] + " SETTLED"), outcomes(after));
        assertSummary(after, 2, 2, 0);
        assertEquals(0, f.balance(BANK_A, ACME));
    }

    @Test
    void aPartlySettledDealSettlesItsRemainderNettedWithTheExactCash()
    {
        f.setLimit(BANK_B, LimitKind.CREDIT, USD, 1_000);
        f.setLimit(BANK_A, LimitKind.DELIVERY, ACME, 10);
        f.deposit(BANK_A, ACME, 1);
        f.deposit(BANK_B, USD, 100);
        // B buys 3 ACME from A for 100 USD, partial allowed; A holds 1
        final long p = deal(BANK_B, BANK_B, BANK_A, ACME, 3, 100, 0, 1, 1);
        final List<Event> first = f.apply(f.command.runSettlementCycle(OPS, 0, CycleMode.GROSS));
        // a part of 1: floor(100 * 1 / 3) = 33 paid
        assertEquals(List.of(p + " PART"), outcomes(first));
        assertEquals(33, outcomeOf(first, p).partCash);
        final long d2 = plain(BANK_A, BROKER_C, ACME, 2, 0);
        f.deposit(BROKER_C, ACME, 2);

        final List<Event> events = netted();

        // p nets its remainder: A/ACME 0 - 2 + 2 (d2) = 0; B/USD 67 - 67 = 0; C/ACME 2 - 2 = 0: both settle.
        // p's final part is 2 ACME and 100 - 33 = 67 USD, so A has been paid exactly 100.
        assertEquals(List.of(p + " SETTLED", d2 + " SETTLED"), outcomes(events));
        final Event settled = outcomeOf(events, p);
        assertEquals(2, settled.partQuantity);
        assertEquals(67, settled.partCash);
        assertEquals(3, settled.quantity);
        assertEquals(100, settled.cashAmount);
        assertEquals("67 in 1", usdValue(events));
        assertSummary(events, 2, 2, 0);
        assertEquals(100, f.balance(BANK_A, USD));
        assertEquals(0, f.balance(BANK_B, USD));
        assertEquals(3, f.balance(BANK_B, ACME));
        final Event report = f.one(f.command.queryDeal(AUDIT, 0, p));
        assertEquals(DealStatus.SETTLED.value(), report.dealStatus);
        assertEquals(3, report.settledQuantity);
        assertEquals(100, report.settledCash);
        assertEquals(0, utilised(BANK_B, LimitKind.CREDIT, USD), "the remainder's utilisation released");
        assertEquals(0, utilised(BANK_A, LimitKind.DELIVERY, ACME));
    }

    @Test
    void aRemovedPartialDealSettlesAPartInTheGrossPass()
    {
        f.deposit(BANK_A, ACME, 10);
        f.deposit(BANK_B, USD, 60);
        f.deposit(BROKER_C, USD, 100);
        final long d1 = plain(BANK_B, BANK_A, ACME, 6, 60); // A delivers 6 to B for 60
        final long d2 = deal(BROKER_C, BROKER_C, BANK_A, ACME, 6, 60, 0, 1, 1); // A delivers 6 to C for 60, partial allowed

        final List<Event> events = netted();

        // A/ACME: 10 - 6 - 6 = -2, short; of its debtors d1 and d2, d2 (the later) goes; d1 settles netted, A
        // keeps 4. The gross pass: d2 cannot settle 6, A covers 4: a part of 4 for floor(60 * 4 / 6) = 40.
        assertEquals(List.of(d1 + " SETTLED", d2 + " PART"), outcomes(events));
        final Event part = outcomeOf(events, d2);
        assertEquals(4, part.partQuantity);
        assertEquals(40, part.partCash);
        assertEquals(Reason.INSUFFICIENT_SECURITIES, part.reason);
        // the part moved cash, so it counts in the settled value; it is attempted, neither settled nor failed
        assertEquals("100 in 2", usdValue(events));
        assertSummary(events, 2, 1, 0);
        assertEquals(0, f.balance(BANK_A, ACME));
        assertEquals(100, f.balance(BANK_A, USD));
        assertEquals(4, f.balance(BROKER_C, ACME));
        assertEquals(60, f.balance(BROKER_C, USD));
        assertEquals(DealStatus.PENDING.value(), status(d2));
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
}
