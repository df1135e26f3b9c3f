package io.settlement.engine;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.settlement.engine.ModelState.BalanceKey;
import io.settlement.engine.ModelState.Deal;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.DealStatus;
import io.settlement.protocol.wire.Reason;

import static io.settlement.engine.ModelState.assertDealFields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gross cycle of the {@link ReferenceModel}, written plainly from docs/rules.md with no code of the
 * engine's: units (a single unlinked deal, or a whole linked group: deals sharing a (submitter, linkId)
 * key, transitively) in order of their earliest member's (settlementDate, dealId), only when every
 * member is due and none has a side on hold; a group settles as one move when no balance ends
 * negative, else its earliest member that debits a short balance gives the reason and the others
 * LINKED_DEAL_FAILED; a single deal settles in full, else its largest part (BigInteger arithmetic:
 * floor(C * Q / N) cumulative), else fails.
 * Checks each outcome as it comes and follows it.
 */
final class ModelCycle
{
    private static final Comparator<Deal> ORDER = Comparator.<Deal>comparingInt(d -> d.date).thenComparingLong(d -> d.id);

    private final ModelState model;
    private final List<Event> outcomes;
    /** The index of the next outcome to check. */
    int next;
    int settled;
    int failed;
    final Map<Integer, BigInteger[]> settledValue = new HashMap<>();

    ModelCycle(final ModelState model, final List<Event> outcomes)
    {
        this.model = model;
        this.outcomes = outcomes;
    }

    private record LinkKey(long submitter, long linkId)
    {
    }

    /** A deal's link keys: (submitter, linkId), and for a matched deal (the other party, matchedLinkId); each when not 0. */
    private static List<LinkKey> keys(final Deal d)
    {
        final List<LinkKey> keys = new ArrayList<>(2);
        if (d.linkId != 0)
        {
            keys.add(new LinkKey(d.submitter, d.linkId));
        }
        if (d.matchedLinkId != 0)
        {
            keys.add(new LinkKey(d.submitter == d.buyer ? d.seller : d.buyer, d.matchedLinkId));
        }
        return keys;
    }

    /**
     * The due units, each in order-key order, the units in order of their first member; a unit that
     * is due but has a member with a side on hold goes to {@code held} instead.
     */
    static List<List<Deal>> dueUnits(final Collection<Deal> deals, final int businessDate, final List<List<Deal>> held)
    {
        final List<Deal> pending = new ArrayList<>();
        final Map<LinkKey, List<Deal>> byKey = new LinkedHashMap<>();
        for (final Deal d : deals)
        {
            if (d.status == DealStatus.PENDING)
            {
                pending.add(d);
                for (final LinkKey key : keys(d))
                {
                    byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(d);
                }
            }
        }
        pending.sort(ORDER);
        final Set<Deal> seen = new HashSet<>();
        final List<List<Deal>> units = new ArrayList<>();
        for (final Deal d : pending)
        {
            if (!seen.add(d))
            {
                continue;
            }
            final List<Deal> unit = new ArrayList<>();
            final ArrayDeque<Deal> queue = new ArrayDeque<>();
            queue.add(d);
            while (!queue.isEmpty())
            {
                final Deal member = queue.poll();
                unit.add(member);
                for (final LinkKey key : keys(member))
                {
                    for (final Deal other : byKey.get(key))
                    {
                        if (seen.add(other))
                        {
                            queue.add(other);
                        }
                    }
                }
            }
            unit.sort(ORDER);
            if (unit.stream().allMatch(m -> m.date <= businessDate))
            {
                // a unit with a side of any member on hold is skipped: not attempted, no event, not counted
                (unit.stream().anyMatch(m -> m.held != 0) ? held : units).add(unit);
            }
        }
        return units;
    }

    private Event nextOutcome(final Deal d)
    {
        assertTrue(next < outcomes.size(), () -> "no outcome for due " + d);
        final Event e = outcomes.get(next++);
        assertEquals(d.id, e.dealId, () -> "cycle order: expected " + d + " next, got " + e);
        return e;
    }

    /** A single unlinked deal: in full, else its largest part when it allows parts, else it fails. */
    void single(final Deal d)
    {
        final Event e = nextOutcome(d);
        final long quantity = d.remainingQuantity();
        final long cash = d.remainingCash();
        final long securitiesHeld = model.balance(d.seller, d.security);
        final long cashHeld = d.dvp() ? model.balance(d.buyer, d.currency) : 0;
        if (securitiesHeld >= quantity && (!d.dvp() || cashHeld >= cash))
        {
            expectSettled(d, e, quantity, cash);
            move(d, quantity, cash);
            settle(d);
            return;
        }
        final Reason reason = securitiesHeld < quantity ? Reason.INSUFFICIENT_SECURITIES : Reason.INSUFFICIENT_CASH;
        if (d.partial == 1)
        {
            final long part = largestPart(d, securitiesHeld, cashHeld);
            final long partCash = cumulative(d, d.settledQuantity + part) - d.settledCash;
            if (part >= 1 && part >= d.minimum && (!d.dvp() || partCash >= 1))
            {
                assertEquals(EventType.DEAL_PARTIALLY_SETTLED, e.type, () -> d + " must settle a part of " + part);
                assertDealFields(d, e);
                assertEquals(part, e.partQuantity, "the part");
                assertEquals(partCash, e.partCash, "the part's cash");
                assertEquals(d.settledQuantity + part, e.settledQuantity, "settled so far");
                assertEquals(d.settledCash + partCash, e.settledCash, "paid so far");
                assertEquals(reason, e.reason, "why the rest did not settle");
                model.release(d);
                move(d, part, partCash);
                d.settledQuantity += part;
                d.settledCash += partCash;
                ModelState.forEachAccount(d, (key, amount) -> model.utilisation.merge(key, amount, Math::addExact));
                model.utilisation.values().removeIf(v -> v == 0);
                d.lastFail = reason;
                model.partsSettled++;
                return;
            }
        }
        expectFailed(d, e, reason);
        failed++;
    }

    /** floor(C * Q / N), in BigInteger. */
    private static long cumulative(final Deal d, final long settledQuantity)
    {
        return BigInteger.valueOf(d.cash).multiply(BigInteger.valueOf(settledQuantity))
            .divide(BigInteger.valueOf(d.quantity)).longValueExact();
    }

    /**
     * The largest q short of the remainder that the seller holds and whose cash the buyer covers: the
     * total Q after it must satisfy floor(C * Q / N) <= paid + held, that is Q <= ((paid + held + 1) * N - 1) / C.
     */
    private static long largestPart(final Deal d, final long securitiesHeld, final long cashHeld)
    {
        long part = Math.min(d.remainingQuantity() - 1, securitiesHeld);
        if (d.dvp())
        {
            final BigInteger covered = BigInteger.valueOf(d.settledCash).add(BigInteger.valueOf(cashHeld)).add(BigInteger.ONE)
                .multiply(BigInteger.valueOf(d.quantity)).subtract(BigInteger.ONE).divide(BigInteger.valueOf(d.cash))
                .subtract(BigInteger.valueOf(d.settledQuantity));
            part = BigInteger.valueOf(part).min(covered).longValueExact();
        }
        return Math.max(part, 0);
    }

    /** A linked group: all members settle as one move, or all fail. */
    void group(final List<Deal> members)
    {
        final Map<BalanceKey, BigInteger> net = new HashMap<>();
        for (final Deal d : members)
        {
            net.merge(new BalanceKey(d.seller, d.security), BigInteger.valueOf(-d.remainingQuantity()), BigInteger::add);
            net.merge(new BalanceKey(d.buyer, d.security), BigInteger.valueOf(d.remainingQuantity()), BigInteger::add);
            if (d.dvp())
            {
                net.merge(new BalanceKey(d.buyer, d.currency), BigInteger.valueOf(-d.remainingCash()), BigInteger::add);
                net.merge(new BalanceKey(d.seller, d.currency), BigInteger.valueOf(d.remainingCash()), BigInteger::add);
            }
        }
        Deal culprit = null;
        Reason culpritReason = Reason.OK;
        for (final Deal d : members)
        {
            if (isShort(net, d.seller, d.security))
            {
                culprit = d;
                culpritReason = Reason.INSUFFICIENT_SECURITIES;
                break;
            }
            if (d.dvp() && isShort(net, d.buyer, d.currency))
            {
                culprit = d;
                culpritReason = Reason.INSUFFICIENT_CASH;
                break;
            }
        }
        if (culprit != null)
        {
            for (final Deal d : members)
            {
                expectFailed(d, nextOutcome(d), d == culprit ? culpritReason : Reason.LINKED_DEAL_FAILED);
                failed++;
            }
            model.groupsFailed += members.size() > 1 ? 1 : 0;
            return;
        }
        net.forEach((key, change) -> model.addBalance(key.participant(), key.instrument(), change.longValueExact()));
        for (final Deal d : members)
        {
            final Event e = nextOutcome(d);
            expectSettled(d, e, d.remainingQuantity(), d.remainingCash());
            countValue(d, d.remainingCash());
            settle(d);
        }
        assertTrue(members.stream().allMatch(d -> d.status == DealStatus.SETTLED), "a linked group is never half settled");
        model.groupsSettled += members.size() > 1 ? 1 : 0;
    }

    /**
     * A unit of a NETTED cycle's netted set, whose balances the model has already moved: each member
     * settles what remains of it (its final part: the cash that brings the total to exactly the deal's).
     */
    void settledInNettedSet(final List<Deal> members)
    {
        for (final Deal d : members)
        {
            final Event e = nextOutcome(d);
            expectSettled(d, e, d.remainingQuantity(), d.remainingCash());
            countValue(d, d.remainingCash());
            settle(d);
        }
    }

    private boolean isShort(final Map<BalanceKey, BigInteger> net, final long participant, final int instrument)
    {
        return BigInteger.valueOf(model.balance(participant, instrument))
            .add(net.getOrDefault(new BalanceKey(participant, instrument), BigInteger.ZERO)).signum() < 0;
    }

    private static void expectSettled(final Deal d, final Event e, final long partQuantity, final long partCash)
    {
        assertEquals(EventType.DEAL_SETTLED, e.type, () -> d + " has what it needs and must settle, got " + e);
        assertDealFields(d, e);
        assertEquals(partQuantity, e.partQuantity, "the final part");
        assertEquals(partCash, e.partCash, "the final part's cash");
        assertEquals(d.quantity, d.settledQuantity + partQuantity, "parts sum to the deal");
        assertEquals(d.cash, d.settledCash + partCash, "the parts' cash sums to the deal's");
    }

    private static void expectFailed(final Deal d, final Event e, final Reason reason)
    {
        assertEquals(EventType.DEAL_SETTLEMENT_FAILED, e.type, () -> d + " must fail with " + reason + ", got " + e);
        assertEquals(reason, e.reason);
        assertEquals(d.clientDealId, e.clientDealId);
        assertEquals(d.buyer, e.buyerId);
        assertEquals(d.seller, e.sellerId);
        d.lastFail = reason;
    }

    private void move(final Deal d, final long quantity, final long cash)
    {
        model.addBalance(d.seller, d.security, -quantity);
        model.addBalance(d.buyer, d.security, quantity);
        if (d.dvp())
        {
            model.addBalance(d.buyer, d.currency, -cash);
            model.addBalance(d.seller, d.currency, cash);
            countValue(d, cash);
        }
    }

    private void countValue(final Deal d, final long cash)
    {
        if (d.dvp() && cash > 0)
        {
            final BigInteger[] value = settledValue.computeIfAbsent(d.currency, k -> new BigInteger[] {BigInteger.ZERO, BigInteger.ZERO});
            value[0] = value[0].add(BigInteger.valueOf(cash));
            value[1] = value[1].add(BigInteger.ONE);
        }
    }

    private void settle(final Deal d)
    {
        model.finish(d, DealStatus.SETTLED);
        d.settledQuantity = d.quantity;
        d.settledCash = d.cash;
        settled++;
    }
}
