package io.settlement.engine;

import java.util.List;

import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.LimitKind;
import io.settlement.protocol.wire.Reason;
import org.junit.jupiter.api.Test;

import static io.settlement.engine.EngineFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Credit, counterparty and delivery limits against pending deals, the new deal included. */
class LimitsTest
{
    private final EngineFixture f = new EngineFixture();

    private Event limitLine(final long participant, final LimitKind kind, final long key)
    {
        final List<Event> report = f.apply(f.command.queryLimits(RISK, 0, participant));
        assertEquals(EventType.LIMITS_REPORT, report.get(0).type);
        assertEquals(report.size() - 1, report.get(0).count);
        for (final Event line : report.subList(1, report.size()))
        {
            if (line.limitKind == kind.value() && line.limitKey == key)
            {
                return line;
            }
        }
        throw new AssertionError("no " + kind + " line for key " + key + " in " + report);
    }

    @Test
    void shouldAcceptExactlyAtTheCreditLimitAndRejectOneUnitOver()
    {
        f.setLimit(BANK_A, LimitKind.CREDIT, USD, 1_000);
        f.accepted(1, BANK_A, BANK_B, 1, 600);
        f.accepted(2, BANK_A, BANK_B, 1, 400);
        assertEquals(Reason.CREDIT_LIMIT_EXCEEDED, f.dvp(3, BANK_A, BANK_B, 1, 1).reason);
        assertEquals(1_000, limitLine(BANK_A, LimitKind.CREDIT, USD).utilised);
        // the seller's credit is not used by a sale
        assertEquals(Reason.OK, f.dvp(4, BANK_B, BANK_A, 1, 5_000).reason);
    }

    @Test
    void shouldCheckEachSidesOwnCounterpartyLimitInBothDirections()
    {
        f.setLimit(BANK_A, LimitKind.COUNTERPARTY, BANK_B, 1_000);
        f.accepted(1, BANK_A, BANK_B, 1, 700); // A buys from B
        f.accepted(2, BANK_B, BANK_A, 1, 300); // B buys from A: same pair, other direction
        assertEquals(Reason.COUNTERPARTY_LIMIT_EXCEEDED, f.dvp(3, BANK_A, BANK_B, 1, 1).reason);
        assertEquals(Reason.COUNTERPARTY_LIMIT_EXCEEDED, f.dvp(4, BANK_B, BANK_A, 1, 1).reason);
        // B's own view of A is unlimited; C is another counterparty
        assertEquals(Reason.OK, f.dvp(5, BROKER_C, BANK_A, 1, 10_000).reason);
        assertEquals(1_000, limitLine(BANK_A, LimitKind.COUNTERPARTY, BANK_B).utilised);
    }

    @Test
    void shouldRefuseAFopDealWhileEitherSidesCounterpartyLimitIsBreached()
    {
        f.setLimit(BANK_A, LimitKind.COUNTERPARTY, BANK_B, 1_000);
        f.accepted(1, BANK_A, BANK_B, 1, 800);
        // at or within its limit, an FOP deal (no cash) between them is accepted
        final Event within = f.one(f.command.submitDeal(BANK_A, 0, 2, BANK_A, BANK_B, ACME, 0, 5, 0, TODAY, DealType.FOP));
        assertEquals(EventType.DEAL_ACCEPTED, within.type, within::toString);

        // A's limit on B lowered below its utilisation: breached, so no new deal between them, in either direction
        f.setLimit(BANK_A, LimitKind.COUNTERPARTY, BANK_B, 500);
        final Event aBuys = f.one(f.command.submitDeal(BANK_A, 0, 3, BANK_A, BANK_B, ACME, 0, 5, 0, TODAY, DealType.FOP));
        assertEquals(Reason.COUNTERPARTY_LIMIT_EXCEEDED, aBuys.reason, aBuys::toString);
        final Event bBuys = f.one(f.command.submitDeal(BANK_B, 0, 4, BANK_B, BANK_A, ACME, 0, 5, 0, TODAY, DealType.FOP));
        assertEquals(Reason.COUNTERPARTY_LIMIT_EXCEEDED, bBuys.reason, bBuys::toString);
        // B's own limit on A breached the same way
        f.setLimit(BANK_A, LimitKind.COUNTERPARTY, BANK_B, 1_000);
        f.setLimit(BANK_B, LimitKind.COUNTERPARTY, BANK_A, 100);
        final Event bSide = f.one(f.command.submitDeal(BANK_A, 0, 5, BANK_A, BANK_B, ACME, 0, 5, 0, TODAY, DealType.FOP));
        assertEquals(Reason.COUNTERPARTY_LIMIT_EXCEEDED, bSide.reason, bSide::toString);
        // another counterparty is not affected, and an FOP deal takes no counterparty utilisation
        final Event other = f.one(f.command.submitDeal(BANK_A, 0, 6, BANK_A, BROKER_C, ACME, 0, 5, 0, TODAY, DealType.FOP));
        assertEquals(EventType.DEAL_ACCEPTED, other.type, other::toString);
        assertEquals(800, limitLine(BANK_A, LimitKind.COUNTERPARTY, BANK_B).utilised);
    }

    @Test
    void shouldCountSellsAgainstTheDeliveryLimitFopIncluded()
    {
        f.setLimit(BANK_B, LimitKind.DELIVERY, ACME, 100);
        f.accepted(1, BANK_A, BANK_B, 60, 1);
        final Event fop = f.one(f.command.submitDeal(BANK_B, 0, 9, BROKER_C, BANK_B, ACME, 0, 40, 0, TODAY, DealType.FOP));
        assertEquals(EventType.DEAL_ACCEPTED, fop.type, fop::toString);
        assertEquals(Reason.DELIVERY_LIMIT_EXCEEDED, f.dvp(2, BANK_A, BANK_B, 1, 1).reason);
        // another security is not limited
        assertEquals(EventType.DEAL_ACCEPTED,
            f.one(f.command.submitDeal(BANK_A, 0, 3, BANK_A, BANK_B, BOND, USD, 1_000, 1, TODAY, DealType.DVP)).type);
        assertEquals(100, limitLine(BANK_B, LimitKind.DELIVERY, ACME).utilised);
    }

    @Test
    void shouldReleaseUtilisationWhenADealSettles()
    {
        f.setLimit(BANK_A, LimitKind.CREDIT, USD, 1_000);
        f.deposit(BANK_A, USD, 1_000);
        f.deposit(BANK_B, ACME, 1);
        f.accepted(1, BANK_A, BANK_B, 1, 1_000);
        assertEquals(Reason.CREDIT_LIMIT_EXCEEDED, f.dvp(2, BANK_A, BANK_B, 1, 1).reason);

        assertEquals(1, last(f.cycle()).settled);

        assertEquals(0, limitLine(BANK_A, LimitKind.CREDIT, USD).utilised);
        assertEquals(Reason.OK, f.dvp(3, BANK_A, BANK_B, 1, 1_000).reason);
    }

    @Test
    void shouldReleaseUtilisationWhenADealIsCancelled()
    {
        f.setLimit(BANK_B, LimitKind.DELIVERY, ACME, 10);
        final long dealId = f.accepted(1, BANK_A, BANK_B, 10, 1);
        assertEquals(Reason.DELIVERY_LIMIT_EXCEEDED, f.dvp(2, BANK_A, BANK_B, 1, 1).reason);

        assertEquals(EventType.DEAL_CANCELLED, f.one(f.command.cancelDeal(BANK_B, 0, dealId)).type);

        assertEquals(0, limitLine(BANK_B, LimitKind.DELIVERY, ACME).utilised);
        assertEquals(Reason.OK, f.dvp(3, BANK_A, BANK_B, 10, 1).reason);
    }

    @Test
    void shouldAllowALimitBelowUtilisationAndRejectUntilItFalls()
    {
        f.accepted(1, BANK_A, BANK_B, 1, 800);
        final long second = f.accepted(2, BANK_A, BANK_B, 1, 200);

        final Event set = f.one(f.command.setLimit(RISK, 0, BANK_A, LimitKind.CREDIT, USD, 500));
        assertEquals(EventType.LIMIT_SET, set.type);
        assertEquals(500, set.amount);
        assertEquals(1_000, set.utilised, "a limit set later sees the deals already pending");

        assertEquals(Reason.CREDIT_LIMIT_EXCEEDED, f.dvp(3, BANK_A, BANK_B, 1, 1).reason);
        f.one(f.command.cancelDeal(BANK_A, 0, second));
        assertEquals(Reason.CREDIT_LIMIT_EXCEEDED, f.dvp(4, BANK_A, BANK_B, 1, 1).reason, "800 is still over 500");
        f.one(f.command.cancelDeal(BANK_A, 0, 1));
        assertEquals(Reason.OK, f.dvp(5, BANK_A, BANK_B, 1, 500).reason);
        assertEquals(Reason.CREDIT_LIMIT_EXCEEDED, f.dvp(6, BANK_A, BANK_B, 1, 1).reason);
    }

    @Test
    void shouldReportLimitsSortedByKindThenKeyToRiskAndToTheMemberItself()
    {
        f.setLimit(BANK_A, LimitKind.DELIVERY, BOND, 5);
        f.setLimit(BANK_A, LimitKind.COUNTERPARTY, BROKER_C, 7);
        f.setLimit(BANK_A, LimitKind.CREDIT, USD, 9);
        f.setLimit(BANK_A, LimitKind.COUNTERPARTY, BANK_B, 8);
        f.setLimit(BANK_A, LimitKind.CREDIT, USD, 10); // replaces, does not add a line

        final List<Event> report = f.apply(f.command.queryLimits(BANK_A, 0, BANK_A));

        assertEquals(5, report.size(), report::toString);
        assertEquals(4, report.get(0).count);
        assertEquals(LimitKind.CREDIT.value(), report.get(1).limitKind);
        assertEquals(10, report.get(1).amount);
        assertEquals(BANK_B, report.get(2).limitKey);
        assertEquals(BROKER_C, report.get(3).limitKey);
        assertEquals(LimitKind.DELIVERY.value(), report.get(4).limitKind);
        for (final Event line : report)
        {
            assertEquals(report.get(0).correlationId, line.correlationId);
        }
        assertEquals(Reason.NOT_AUTHORISED, f.one(f.command.queryLimits(BANK_B, 0, BANK_A)).reason);
        assertEquals(EventType.LIMITS_REPORT, f.apply(f.command.queryLimits(AUDIT, 0, BANK_A)).get(0).type);
    }
}
