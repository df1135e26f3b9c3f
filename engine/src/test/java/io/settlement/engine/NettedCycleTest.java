package io.settlement.engine;

import java.util.ArrayList;
import java.util.List;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.CycleMode;
import io.settlement.protocol.wire.DealStatus;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.Reason;
import org.junit.jupiter.api.Test;

import static io.settlement.engine.EngineFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The NETTED cycle (DESIGN.md 4b "Cycles", docs/rules.md): the circular chain, the order of
 * deselection, the gross pass over the removed deals, the mode's refusal and its default. Every
 * expected outcome is worked out by hand in the comments.
 */
class NettedCycleTest
{
    private final EngineFixture f = new EngineFixture();

    private long deal(final long clientDealId, final long buyer, final long seller, final int security,
        final long quantity, final long cash)
    {
        final Command c = f.command.submitDeal(buyer, 0, clientDealId, buyer, seller, security,
            cash == 0 ? 0 : USD, quantity, cash, TODAY, cash == 0 ? DealType.FOP : DealType.DVP);
        final Event e = f.one(c);
        assertEquals(EventType.DEAL_ACCEPTED, e.type, e::toString);
        return e.dealId;
    }

    private List<Event> cycle(final CycleMode mode)
    {
        return f.apply(f.command.runSettlementCycle(OPS, 0, mode));
    }

    /** What each deal got, in event order: "dealId SETTLED" or "dealId reason". */
    private static List<String> outcomes(final List<Event> events)
    {
        final List<String> result = new ArrayList<>();
        for (final Event e : events)
        {
            if (e.type == EventType.DEAL_SETTLED)
            {
                result.add(e.dealId + " SETTLED");
            }
            else if (e.type == EventType.DEAL_SETTLEMENT_FAILED)
            {
                result.add(e.dealId + " " + e.reason);
            }
        }
        return result;
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

    /** A delivers to B, B to C, C to A, each for 1,000 USD; nobody holds the security or any cash. */
    private long[] circularChain()
    {
        return new long[] {
            deal(1, BANK_B, BANK_A, ACME, 10, 1_000),
            deal(2, BROKER_C, BANK_B, ACME, 10, 1_000),
            deal(3, BANK_A, BROKER_C, ACME, 10, 1_000),
        };
    }

    @Test
    void shouldFailTheCircularChainGross()
    {
        final long[] ids = circularChain();

        final List<Event> events = cycle(CycleMode.GROSS);

        // each seller holds no ACME when its deal's turn comes
        assertEquals(List.of(ids[0] + " INSUFFICIENT_SECURITIES", ids[1] + " INSUFFICIENT_SECURITIES",
            ids[2] + " INSUFFICIENT_SECURITIES"), outcomes(events));
        assertSummary(events, 3, 0, 3);
    }

    @Test
    void shouldSettleTheCircularChainNetted()
    {
        final long[] ids = circularChain();

        final List<Event> events = cycle(CycleMode.NETTED);

        // every participant delivers 10 and receives 10 ACME, pays 1,000 and receives 1,000 USD: net zero
        assertEquals(List.of(ids[0] + " SETTLED", ids[1] + " SETTLED", ids[2] + " SETTLED"), outcomes(events));
        final Event value = ofType(events, EventType.CYCLE_SETTLED_VALUE).get(0);
        assertEquals(USD, value.currencyId);
        assertEquals(3_000, value.amount);
        assertEquals(3, value.count);
        assertSummary(events, 3, 3, 0);
        for (final long participant : new long[] {BANK_A, BANK_B, BROKER_C})
        {
            assertEquals(0, f.balance(participant, ACME));
            assertEquals(0, f.balance(participant, USD));
        }
        for (final long id : ids)
        {
            assertEquals(DealStatus.SETTLED.value(), f.one(f.command.queryDeal(AUDIT, 0, id)).dealStatus);
        }
    }

    @Test
    void shouldRemoveTheLatestDebtorOfTheShortBalance()
    {
        f.deposit(BANK_A, ACME, 10);
        final long d1 = deal(1, BANK_B, BANK_A, ACME, 6, 0);
        final long d2 = deal(2, BROKER_C, BANK_A, ACME, 6, 0);
        final long d3 = deal(3, BROKER_C, BANK_B, ACME, 3, 0);

        final List<Event> events = cycle(CycleMode.NETTED);

        // A/ACME: 10 - 6 - 6 = -2, short; its debtors are d1 and d2: d2 (the later) goes. A: 10 - 6 = 4,
        // B: +6 - 3 = 3, C: +3; all covered, so d1 and d3 settle together. The gross pass: d2 needs 6 of A's 4.
        assertEquals(List.of(d1 + " SETTLED", d3 + " SETTLED", d2 + " INSUFFICIENT_SECURITIES"), outcomes(events));
        assertSummary(events, 3, 2, 1);
        assertEquals(4, f.balance(BANK_A, ACME));
        assertEquals(3, f.balance(BANK_B, ACME));
        assertEquals(3, f.balance(BROKER_C, ACME));
    }

    @Test
    void shouldTakeTheFirstShortBalanceInParticipantThenInstrumentOrderAndGiveTheRemovedAGrossPass()
    {
        f.deposit(BANK_A, ACME, 10);
        f.deposit(BROKER_C, BOND, 1);
        final long d1 = deal(1, BANK_B, BANK_A, ACME, 10, 100); // A delivers 10 ACME, B pays 100 USD it lacks
        final long d2 = deal(2, BROKER_C, BANK_A, ACME, 10, 0); // A delivers 10 ACME, free of payment
        final long d3 = deal(3, BANK_B, BROKER_C, BOND, 1, 0); // C delivers its 1 BOND

        final List<Event> events = cycle(CycleMode.NETTED);

        // Short: A/ACME (10 - 20) and B/USD (0 - 100). A (id 1) comes before B (id 2): of A/ACME's debtors
        // d1 and d2, d2 goes; A/ACME is then 0, covered. B/USD is still short: its only debtor d1 goes.
        // d3 settles alone. The gross pass, in order: d1 fails (A has its 10 ACME, B has no USD), then
        // d2 settles (A still holds 10 ACME), though the deselection had removed it.
        assertEquals(List.of(d3 + " SETTLED", d1 + " INSUFFICIENT_CASH", d2 + " SETTLED"), outcomes(events));
        assertSummary(events, 3, 2, 1);
        assertEquals(0, f.balance(BANK_A, ACME));
        assertEquals(10, f.balance(BROKER_C, ACME));
        assertEquals(1, f.balance(BANK_B, BOND));
        assertEquals(0, f.balance(BROKER_C, BOND));
        assertEquals(0, ofType(events, EventType.CYCLE_SETTLED_VALUE).size(), "no cash moved");
    }

    @Test
    void shouldRemoveAgainWhenARemovalLeavesAnEarlierBalanceShort()
    {
        f.deposit(BROKER_C, ACME, 5);
        final long d1 = deal(1, BANK_B, BANK_A, ACME, 5, 0); // A delivers 5
        final long d2 = deal(2, BANK_A, BROKER_C, ACME, 10, 0); // C delivers 10 to A
        final long d3 = deal(3, BANK_B, BANK_A, ACME, 6, 0); // A delivers 6

        final List<Event> events = cycle(CycleMode.NETTED);

        // A/ACME: 0 - 5 + 10 - 6 = -1 and C/ACME: 5 - 10 = -5 are short. A first: d3 (its later debtor)
        // goes, A is +5. Then C: its only debtor d2 goes, which was A's receipt: A is -5, short again, and
        // its one debtor left, d1, goes. Nothing settles netted; the gross pass: d1 (A has 0), d2 (C has 5
        // of 10) and d3 (A has 0) fail.
        assertEquals(List.of(d1 + " INSUFFICIENT_SECURITIES", d2 + " INSUFFICIENT_SECURITIES",
            d3 + " INSUFFICIENT_SECURITIES"), outcomes(events));
        assertSummary(events, 3, 0, 3);
        assertEquals(5, f.balance(BROKER_C, ACME));
    }

    @Test
    void shouldSettleOnlyWhatLeavesNoBalanceNegative()
    {
        f.deposit(BANK_A, USD, 150);
        f.deposit(BANK_B, ACME, 4);
        final long d1 = deal(1, BANK_A, BANK_B, ACME, 4, 100);
        final long d2 = deal(2, BANK_A, BANK_B, ACME, 4, 100);
        final long d3 = deal(3, BROKER_C, BANK_A, ACME, 4, 60);

        final List<Event> events = cycle(CycleMode.NETTED);

        // A/USD: 150 - 100 - 100 + 60 = 10, covered; B/ACME: 4 - 8 = -4 and C/USD: 0 - 60 are short. B first:
        // of d1 and d2, d2 goes (B/ACME 0). C/USD: its one debtor d3 goes. Netted set {d1}: A pays 100 of 150
        // and gets 4 ACME. Gross: d2 (B has no ACME left) fails; d3: A now holds the 4 ACME, C has no USD.
        assertEquals(List.of(d1 + " SETTLED", d2 + " INSUFFICIENT_SECURITIES", d3 + " INSUFFICIENT_CASH"),
            outcomes(events));
        assertSummary(events, 3, 1, 2);
        assertEquals(50, f.balance(BANK_A, USD));
        assertEquals(4, f.balance(BANK_A, ACME));
        assertEquals(100, f.balance(BANK_B, USD));
        assertEquals(0, f.balance(BANK_B, ACME));
    }

    @Test
    void shouldRefuseAnUnknownModeAndChangeNothing()
    {
        circularChain();
        final long before = f.engine.stateHash();
        final Command c = f.command.runSettlementCycle(OPS, 0, CycleMode.NETTED);
        c.cycleMode = 9;

        final Event e = f.one(c);

        assertEquals(EventType.COMMAND_RESULT, e.type);
        assertEquals(Reason.INVALID_MODE, e.reason);
        assertEquals(before, f.engine.stateHash());
    }

    @Test
    void shouldRunGrossForACycleRecordedWithoutAMode()
    {
        final long[] ids = circularChain();
        final Command c = f.command.runSettlementCycle(OPS, 0, CycleMode.NETTED);
        c.legacyLayout = true; // a record of journal schema version 1-4: no mode field

        final List<Event> events = f.apply(c);

        assertEquals(List.of(ids[0] + " INSUFFICIENT_SECURITIES", ids[1] + " INSUFFICIENT_SECURITIES",
            ids[2] + " INSUFFICIENT_SECURITIES"), outcomes(events));
    }

    @Test
    void shouldRefuseANettedCycleFromAMember()
    {
        circularChain();

        final Event e = f.one(f.command.runSettlementCycle(BANK_A, 0, CycleMode.NETTED));

        assertEquals(Reason.NOT_AUTHORISED, e.reason);
    }
}
