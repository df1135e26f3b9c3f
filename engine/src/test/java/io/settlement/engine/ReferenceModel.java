package io.settlement.engine;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.Codes;
import io.settlement.protocol.wire.CycleMode;
import io.settlement.protocol.wire.DealStatus;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.LimitKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import io.settlement.protocol.wire.Side;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * DESIGN.md section 4 (and the authorisation rules of section 5) written plainly, from the
 * commands and outcomes alone: it predicts every outcome (for refusals, the set of reasons that
 * apply, not their order) and keeps its own balances, limits, utilisation and deals. It shares no
 * code with the engine.
 *
 * <p>{@link #apply} checks the outcomes of one command and then follows them. The model is
 * written in three layers, one file each: {@link ModelState} (what it knows, and the rules every
 * command shares), {@link ModelAccountRules} (reference data, funding, limits, position and limits
 * queries) and this class (deals, cancels, deal queries, the business date with retention, and the
 * settlement cycle).
 */
final class ReferenceModel extends ModelAccountRules
{
    /** Holds and releases that changed a deal, and held deals skipped by cycles: for tests that must see some. */
    long holdsChanged;
    long heldSkips;
    /** Due linked groups skipped because some, not all, of their members had a side on hold. */
    long groupsWaitingForHeldMember;
    /**
     * Netted cycles: units the deselection removed, linked groups of two or more and partly settled deals
     * settled in a netted set, and removed deals that settled a part in the gross pass.
     */
    long nettedUnitsRemoved;
    long nettedGroupsSettled;
    long nettedRemaindersSettled;
    long nettedRemovedPartsSettled;
    /** Due units a netted cycle left out because a member had a side on hold. */
    long nettedHeldSkips;

    /** Two-sided matching: instructions, tolerances, expiry. */
    final ModelMatching matching = new ModelMatching(this);

    ReferenceModel()
    {
    }

    void apply(final Command c, final List<Event> outcomes)
    {
        assertTrue(!outcomes.isEmpty(), "every command has an outcome");
        for (final Event e : outcomes)
        {
            assertEquals(c.sequence, e.sequence, () -> "sequence of " + e);
            if (e.type == EventType.INSTRUCTION_ALLEGED || e.type == EventType.INSTRUCTION_ENDED)
            {
                continue; // an answer or a notice, as the matching model checks
            }
            final boolean notice = e.type == EventType.DEAL_SETTLED || e.type == EventType.DEAL_SETTLEMENT_FAILED
                || e.type == EventType.DEAL_PARTIALLY_SETTLED;
            assertEquals(notice ? 0 : c.correlationId, e.correlationId, () -> "correlation id of " + e);
            assertEquals(notice ? 0 : c.submitterId, e.submitterId, () -> "submitter of " + e);
        }
        switch (c.type)
        {
            case SUBMIT_DEAL: submitDeal(c, outcomes); break;
            case CANCEL_DEAL: cancelDeal(c, outcomes); break;
            case QUERY_DEAL: queryDeal(c, outcomes); break;
            case QUERY_POSITION: queryPosition(c, outcomes); break;
            case QUERY_LIMITS: queryLimits(c, outcomes); break;
            case CREATE_PARTICIPANT: createParticipant(c, outcomes); break;
            case CREATE_INSTRUMENT: createInstrument(c, outcomes); break;
            case DEPOSIT: deposit(c, outcomes); break;
            case WITHDRAW: withdraw(c, outcomes); break;
            case SET_LIMIT: setLimit(c, outcomes); break;
            case ADVANCE_BUSINESS_DATE: advanceBusinessDate(c, outcomes); break;
            case RUN_SETTLEMENT_CYCLE: runSettlementCycle(c, outcomes); break;
            case SET_RETENTION: setRetention(c, outcomes); break;
            case SET_CALENDAR: setCalendar(c, outcomes); break;
            case SET_HOLIDAY: setHoliday(c, outcomes); break;
            case HOLD_DEAL: holdOrRelease(c, outcomes, true); break;
            case RELEASE_DEAL: holdOrRelease(c, outcomes, false); break;
            case SUBMIT_INSTRUCTION: matching.submit(c, outcomes); break;
            case CANCEL_INSTRUCTION: matching.cancel(c, outcomes); break;
            case QUERY_INSTRUCTION: matching.query(c, outcomes); break;
            case SET_MATCHING_TOLERANCE: matching.setTolerance(c, outcomes); break;
            case SET_INSTRUCTION_EXPIRY: matching.setExpiry(c, outcomes); break;
            default: fail("unexpected command type " + c.type);
        }
    }

    // -------------------------------------------------------------- deals

    private void submitDeal(final Command c, final List<Event> outcomes)
    {
        assertEquals(1, outcomes.size(), "one outcome of a deal");
        final Event e = outcomes.get(0);
        final Reason auth = authorise(c.submitterId, Role.MEMBER, Role.OPERATOR);
        if (auth != Reason.OK)
        {
            expectRejected(c, e, reasons(auth));
            return;
        }
        final Deal existing = byClientKey.get(new ClientKey(c.submitterId, c.clientDealId));
        if (existing != null)
        {
            if (existing.sameContent(c))
            {
                assertEquals(EventType.DEAL_ACCEPTED, e.type, "a repeat of a deal is answered with its acceptance");
                assertEquals(1, e.count, "marked as a repeat");
                assertEquals(existing.id, e.dealId, "the original dealId");
                assertDealFields(existing, e);
            }
            else
            {
                expectRejected(c, e, reasons(Reason.DUPLICATE_CLIENT_DEAL_ID));
            }
            return;
        }
        if (retiredKeys.contains(new ClientKey(c.submitterId, c.clientDealId)))
        {
            // the key's deal has finished and been purged: the key stays taken, whatever the content
            expectRejected(c, e, reasons(Reason.CLIENT_DEAL_ID_RETIRED));
            return;
        }
        final Set<Reason> invalid = staticProblems(c);
        if (!invalid.isEmpty())
        {
            expectRejected(c, e, invalid);
            return;
        }
        final Set<Reason> overLimit = limitProblems(c);
        if (!overLimit.isEmpty())
        {
            expectRejected(c, e, overLimit);
            return;
        }

        assertEquals(EventType.DEAL_ACCEPTED, e.type, () -> "a valid deal within limits must be accepted, got " + e);
        assertEquals(0, e.count, "a new deal");
        assertTrue(e.dealId > lastDealId, () -> "dealIds grow: " + e.dealId + " after " + lastDealId);
        lastDealId = e.dealId;
        final Deal d = new Deal();
        d.id = e.dealId;
        d.clientDealId = c.clientDealId;
        d.submitter = c.submitterId;
        d.buyer = c.buyerId;
        d.seller = c.sellerId;
        d.security = c.securityId;
        d.currency = c.currencyId;
        d.quantity = c.quantity;
        d.cash = c.cashAmount;
        d.date = c.settlementDate;
        d.type = c.dealType;
        if (!c.legacyLayout)
        {
            d.linkId = c.linkId;
            d.partial = c.partialAllowed;
            d.minimum = c.minimumQuantity;
        }
        assertDealFields(d, e);
        deals.put(d.id, d);
        byClientKey.put(new ClientKey(d.submitter, d.clientDealId), d);
        pending++;
        forEachAccount(d, (key, amount) -> utilisation.merge(key, amount, Math::addExact));
    }

    private Set<Reason> staticProblems(final Command c)
    {
        final Set<Reason> problems = EnumSet.noneOf(Reason.class);
        final DealType type = Codes.dealType(c.dealType);
        if (type == null)
        {
            problems.add(Reason.INVALID_FIELD);
        }
        final Role buyer = roles.get(c.buyerId);
        final Role seller = roles.get(c.sellerId);
        if (buyer == null || seller == null)
        {
            problems.add(Reason.UNKNOWN_PARTICIPANT);
        }
        if (c.buyerId == c.sellerId)
        {
            problems.add(Reason.SAME_BUYER_AND_SELLER);
        }
        if ((buyer != null && buyer != Role.MEMBER) || (seller != null && seller != Role.MEMBER))
        {
            problems.add(Reason.NOT_AUTHORISED);
        }
        if (roles.get(c.submitterId) == Role.MEMBER && c.submitterId != c.buyerId && c.submitterId != c.sellerId)
        {
            problems.add(Reason.NOT_A_PARTY);
        }
        instrumentProblem(c.securityId, InstrumentKind.SECURITY, problems);
        if (type == DealType.DVP || c.currencyId != 0)
        {
            instrumentProblem(c.currencyId, InstrumentKind.CURRENCY, problems);
        }
        if (c.quantity <= 0)
        {
            problems.add(Reason.INVALID_QUANTITY);
        }
        if (type == DealType.DVP && c.cashAmount <= 0 || type == DealType.FOP && c.cashAmount != 0)
        {
            problems.add(Reason.INVALID_AMOUNT);
        }
        if (!isRealDate(c.settlementDate))
        {
            problems.add(Reason.INVALID_DATE);
        }
        else if (c.settlementDate < businessDate)
        {
            problems.add(Reason.SETTLEMENT_DATE_IN_PAST);
        }
        else if (!isBusinessDay(c.settlementDate))
        {
            problems.add(Reason.NOT_A_BUSINESS_DAY);
        }
        if (!c.legacyLayout)
        {
            // linked and partial terms: partial 0 or 1; with partial a minimum of 1..quantity, without none
            if (c.partialAllowed != 0 && c.partialAllowed != 1)
            {
                problems.add(Reason.INVALID_FIELD);
            }
            else if (c.partialAllowed == 1 && (c.minimumQuantity < 1 || c.minimumQuantity > c.quantity))
            {
                problems.add(Reason.INVALID_MINIMUM_QUANTITY);
            }
            else if (c.partialAllowed == 0 && c.minimumQuantity != 0)
            {
                problems.add(Reason.MINIMUM_WITHOUT_PARTIAL);
            }
        }
        return problems;
    }

    Set<Reason> limitProblems(final Command c)
    {
        final Deal d = new Deal();
        d.buyer = c.buyerId;
        d.seller = c.sellerId;
        d.security = c.securityId;
        d.currency = c.currencyId;
        d.quantity = c.quantity;
        d.cash = c.cashAmount;
        d.type = c.dealType;
        final Set<Reason> problems = EnumSet.noneOf(Reason.class);
        forEachAccount(d, (key, amount) ->
        {
            final long used = utilised(key);
            final Long limit = limits.get(key);
            if (limit != null && amount > limit - used)
            {
                problems.add(key.kind() == LimitKind.CREDIT ? Reason.CREDIT_LIMIT_EXCEEDED
                    : key.kind() == LimitKind.COUNTERPARTY ? Reason.COUNTERPARTY_LIMIT_EXCEEDED
                    : Reason.DELIVERY_LIMIT_EXCEEDED);
            }
            else if (Arith.addOverflows(used, amount))
            {
                problems.add(Reason.OVERFLOW);
            }
        });
        if (!d.dvp())
        {
            // an FOP deal uses no counterparty limit, but none may be breached between its parties
            for (final LimitKey key : List.of(
                new LimitKey(LimitKind.COUNTERPARTY, d.buyer, d.seller), new LimitKey(LimitKind.COUNTERPARTY, d.seller, d.buyer)))
            {
                final Long limit = limits.get(key);
                if (limit != null && utilised(key) > limit)
                {
                    problems.add(Reason.COUNTERPARTY_LIMIT_EXCEEDED);
                }
            }
        }
        return problems;
    }

    private void cancelDeal(final Command c, final List<Event> outcomes)
    {
        final Reason auth = authorise(c.submitterId, Role.MEMBER, Role.OPERATOR);
        if (auth != Reason.OK)
        {
            expectResult(c, outcomes, reasons(auth));
            return;
        }
        final Deal d = deals.get(c.dealId);
        if (d == null)
        {
            // a purged deal had finished: not pending (its parties are no longer known)
            expectResult(c, outcomes, reasons(purgedIds.contains(c.dealId) ? Reason.DEAL_NOT_PENDING : Reason.UNKNOWN_DEAL));
            return;
        }
        final Set<Reason> problems = EnumSet.noneOf(Reason.class);
        if (roles.get(c.submitterId) == Role.MEMBER && c.submitterId != d.buyer && c.submitterId != d.seller)
        {
            problems.add(Reason.NOT_A_PARTY);
        }
        if (d.status != DealStatus.PENDING)
        {
            problems.add(Reason.DEAL_NOT_PENDING);
        }
        if (!problems.isEmpty())
        {
            expectResult(c, outcomes, problems);
            return;
        }
        assertEquals(1, outcomes.size());
        final Event e = outcomes.get(0);
        assertEquals(EventType.DEAL_CANCELLED, e.type, "a pending deal is cancelled by a party or an operator");
        assertEquals(d.id, e.dealId);
        assertEquals(d.clientDealId, e.clientDealId);
        assertEquals(d.buyer, e.buyerId);
        assertEquals(d.seller, e.sellerId);
        finish(d, DealStatus.CANCELLED);
    }

    private void queryDeal(final Command c, final List<Event> outcomes)
    {
        if (roles.get(c.submitterId) == null)
        {
            expectResult(c, outcomes, reasons(Reason.UNKNOWN_PARTICIPANT));
            return;
        }
        final Deal d = deals.get(c.dealId);
        final boolean member = roles.get(c.submitterId) == Role.MEMBER;
        if (d == null)
        {
            final Reason gone = purgedIds.contains(c.dealId) ? Reason.DEAL_PURGED : Reason.UNKNOWN_DEAL;
            expectResult(c, outcomes, member ? reasons(gone, Reason.NOT_AUTHORISED) : reasons(gone));
            return;
        }
        if (member && c.submitterId != d.buyer && c.submitterId != d.seller)
        {
            expectResult(c, outcomes, reasons(Reason.NOT_AUTHORISED));
            return;
        }
        assertEquals(1, outcomes.size());
        final Event e = outcomes.get(0);
        assertEquals(EventType.DEAL_REPORT, e.type);
        assertDealFields(d, e);
        assertEquals((byte)d.status.value(), e.dealStatus, "status");
        assertEquals(d.lastFail, e.reason, "last settlement failure");
        assertEquals(d.held, e.heldSides, "held sides");
        assertEquals(d.linkId, e.linkId, "linkId");
        assertEquals(d.partial, e.partialAllowed, "partialAllowed");
        assertEquals(d.minimum, e.minimumQuantity, "minimum");
        assertEquals(d.settledQuantity, e.settledQuantity, "settled so far");
        assertEquals(d.settledCash, e.settledCash, "paid so far");
    }

    /**
     * DESIGN.md 4b "Hold / release": the side's party or an OPERATOR, whoever set the hold; a MEMBER on the
     * other side NOT_YOUR_SIDE, not a party NOT_A_PARTY; no change answered OK; a change pushed as
     * DEAL_HELD / DEAL_RELEASED with the sides held after it.
     */
    private void holdOrRelease(final Command c, final List<Event> outcomes, final boolean hold)
    {
        final Reason auth = authorise(c.submitterId, Role.MEMBER, Role.OPERATOR);
        if (auth != Reason.OK)
        {
            expectResult(c, outcomes, reasons(auth));
            return;
        }
        final Side side = Codes.side(c.side);
        final Set<Reason> problems = EnumSet.noneOf(Reason.class);
        if (side == null)
        {
            problems.add(Reason.INVALID_FIELD);
        }
        final Deal d = deals.get(c.dealId);
        if (d == null)
        {
            problems.add(purgedIds.contains(c.dealId) ? Reason.DEAL_NOT_PENDING : Reason.UNKNOWN_DEAL);
            expectResult(c, outcomes, problems);
            return;
        }
        if (roles.get(c.submitterId) == Role.MEMBER)
        {
            final boolean party = c.submitterId == d.buyer || c.submitterId == d.seller;
            if (!party)
            {
                problems.add(Reason.NOT_A_PARTY);
            }
            else if (side != null && c.submitterId != (side == Side.BUY ? d.buyer : d.seller))
            {
                problems.add(Reason.NOT_YOUR_SIDE);
            }
        }
        if (d.status != DealStatus.PENDING)
        {
            problems.add(Reason.DEAL_NOT_PENDING);
        }
        if (!problems.isEmpty())
        {
            expectResult(c, outcomes, problems);
            return;
        }
        final int bit = side == Side.BUY ? 1 : 2;
        final byte after = (byte)(hold ? d.held | bit : d.held & ~bit);
        if (after == d.held)
        {
            expectResult(c, outcomes, reasons(Reason.OK));
            return;
        }
        assertEquals(1, outcomes.size(), "one outcome");
        final Event e = outcomes.get(0);
        assertEquals(hold ? EventType.DEAL_HELD : EventType.DEAL_RELEASED, e.type);
        assertEquals(d.id, e.dealId);
        assertEquals(d.clientDealId, e.clientDealId);
        assertEquals(d.buyer, e.buyerId);
        assertEquals(d.seller, e.sellerId);
        assertEquals(c.side, e.side);
        assertEquals(after, e.heldSides);
        d.held = after;
        holdsChanged++;
    }

    // -------------------------------------------------------------- dates and cycles

    private void advanceBusinessDate(final Command c, final List<Event> outcomes)
    {
        final Reason auth = authorise(c.submitterId, Role.OPERATOR, Role.OPERATOR);
        if (auth != Reason.OK)
        {
            expectResult(c, outcomes, reasons(auth));
            return;
        }
        if (!isRealDate(c.businessDate) || c.businessDate < businessDate)
        {
            expectResult(c, outcomes, reasons(Reason.INVALID_DATE));
            return;
        }
        if (!isBusinessDay(c.businessDate))
        {
            expectResult(c, outcomes, reasons(Reason.NOT_A_BUSINESS_DAY));
            return;
        }
        final Event e = outcomes.get(0);
        assertEquals(EventType.BUSINESS_DATE_ADVANCED, e.type);
        assertEquals(c.businessDate, e.businessDate);
        final int previousDate = businessDate;
        businessDate = c.businessDate;
        // then the unmatched instructions the roll expires
        matching.expireAtRoll(c, previousDate, outcomes.subList(1, outcomes.size()));

        // a finished deal stays retainDays calendar days after its settlement date
        final int cutoff = minusDays(businessDate, retainDays);
        final List<Deal> gone = new ArrayList<>();
        for (final Deal d : deals.values())
        {
            if (d.status != DealStatus.PENDING && d.date < cutoff)
            {
                gone.add(d);
            }
        }
        gone.sort(Comparator.comparingLong(d -> d.id));
        for (final Deal d : gone)
        {
            deals.remove(d.id);
            if (!d.matched)
            {
                // a matched deal's keys are its instructions' clientRefs: it retires no clientDealId
                final ClientKey key = new ClientKey(d.submitter, d.clientDealId);
                byClientKey.remove(key);
                retiredKeys.add(key);
            }
            purgedIds.add(d.id);
            purged.add(d);
        }
        purgedTotal += gone.size();
        assertEquals(gone.size(), e.count, () -> "purged with retention " + retainDays + " at " + c.businessDate);
        // then the ended instructions past the same retention
        matching.purgeAtRoll(cutoff);
    }

    private void runSettlementCycle(final Command c, final List<Event> outcomes)
    {
        final Reason auth = authorise(c.submitterId, Role.OPERATOR, Role.OPERATOR);
        // a record without a mode (journal schema version 1-4) is a GROSS cycle
        final boolean netted = !c.legacyLayout && c.cycleMode == CycleMode.NETTED.value();
        final boolean knownMode = c.legacyLayout || netted || c.cycleMode == CycleMode.GROSS.value();
        if (auth != Reason.OK)
        {
            expectResult(c, outcomes, knownMode ? reasons(auth) : reasons(auth, Reason.INVALID_MODE));
            return;
        }
        if (!knownMode)
        {
            expectResult(c, outcomes, reasons(Reason.INVALID_MODE));
            return;
        }
        final List<List<Deal>> held = new ArrayList<>();
        final List<List<Deal>> units = ModelCycle.dueUnits(deals.values(), businessDate, held);
        for (final List<Deal> unit : held)
        {
            heldSkips += unit.stream().filter(d -> d.held != 0).count();
            if (unit.stream().anyMatch(d -> d.held == 0))
            {
                groupsWaitingForHeldMember++; // a linked group waits while any member has a side on hold
            }
        }
        final ModelCycle cycle = new ModelCycle(this, outcomes);
        final List<List<Deal>> grossPass;
        if (netted)
        {
            // the units left after the deselection settle at once; the removed then get one gross pass
            final Set<List<Deal>> removed = ModelNetting.deselect(units, this::balance);
            final List<List<Deal>> kept = new ArrayList<>(units);
            kept.removeAll(removed);
            ModelNetting.net(kept).forEach((key, amount) -> addBalance(key.participant(), key.instrument(), amount.longValueExact()));
            for (final List<Deal> unit : kept)
            {
                nettedGroupsSettled += unit.size() > 1 ? 1 : 0;
                nettedRemaindersSettled += unit.stream().filter(d -> d.settledQuantity > 0).count();
                cycle.settledInNettedSet(unit);
            }
            grossPass = new ArrayList<>(units);
            grossPass.retainAll(removed); // in order-key order
            nettedUnitsRemoved += removed.size();
            nettedHeldSkips += held.size();
        }
        else
        {
            grossPass = units;
        }
        final long partsBefore = partsSettled;
        for (final List<Deal> unit : grossPass)
        {
            if (unit.size() == 1 && !unit.get(0).linked())
            {
                cycle.single(unit.get(0));
            }
            else
            {
                cycle.group(unit);
            }
        }
        if (netted)
        {
            nettedRemovedPartsSettled += partsSettled - partsBefore;
        }
        int i = cycle.next;
        final Map<Integer, BigInteger[]> settledValue = cycle.settledValue;
        final int settled = cycle.settled;
        final int failed = cycle.failed;
        int attempted = 0;
        for (final List<Deal> unit : units)
        {
            attempted += unit.size();
        }
        final Map<Integer, String> values = new HashMap<>();
        while (i < outcomes.size() && outcomes.get(i).type == EventType.CYCLE_SETTLED_VALUE)
        {
            final Event v = outcomes.get(i++);
            assertTrue(values.put(v.currencyId, v.wideAmount() + " in " + v.count) == null, "one value per currency");
        }
        final Map<Integer, String> expectedValues = new HashMap<>();
        settledValue.forEach((currency, v) -> expectedValues.put(currency, v[0] + " in " + v[1]));
        assertEquals(expectedValues, values, "settled value per currency");
        assertEquals(i + 1, outcomes.size(), "the cycle ends with its summary, after the attempts and values");
        final Event done = outcomes.get(i);
        assertEquals(EventType.CYCLE_COMPLETED, done.type);
        assertEquals(businessDate, done.businessDate);
        assertEquals(attempted, done.attempted, "attempted");
        assertEquals(settled, done.settled, "settled");
        assertEquals(failed, done.failed, "failed");
    }

    private static void addSettledValue(final Map<Integer, BigInteger[]> settledValue, final Deal d)
    {
        final BigInteger[] value = settledValue.computeIfAbsent(d.currency, k -> new BigInteger[] {BigInteger.ZERO, BigInteger.ZERO});
        value[0] = value[0].add(BigInteger.valueOf(d.cash));
        value[1] = value[1].add(BigInteger.ONE);
    }
}
