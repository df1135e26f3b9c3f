package io.settlement.engine;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.Codes;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstructionStatus;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import io.settlement.protocol.wire.Side;

import static io.settlement.engine.ModelState.reasons;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two-sided matching (DESIGN.md 4b, docs/rules.md) written plainly for the {@link ReferenceModel}: every
 * instruction in a sorted map, matching by looking at every waiting instruction in id order, expiry by
 * counting business days one by one. It shares no code with the engine's {@code InstructionStore} and
 * {@code InstructionHandler}.
 */
final class ModelMatching
{
    static final class Instruction
    {
        long id;
        long clientRef;
        long owner;
        byte side;
        long buyer;
        long seller;
        int security;
        int currency;
        long quantity;
        long cash;
        int date;
        byte type;
        long linkId;
        byte partial;
        long minimum;
        InstructionStatus status = InstructionStatus.UNMATCHED;
        int submitted;
        long dealId;
        Reason endReason = Reason.OK;
        /** The business date it ended. */
        int ended;

        long counterparty()
        {
            return owner == buyer ? seller : buyer;
        }
    }

    private record RefKey(long owner, long clientRef)
    {
    }

    private final ReferenceModel model;
    final TreeMap<Long, Instruction> instructions = new TreeMap<>();
    private final Map<RefKey, Instruction> byRef = new HashMap<>();
    /** clientRefs of purged instructions: taken for the life of the journal. */
    private final Set<RefKey> retiredRefs = new HashSet<>();
    private final Set<Long> purgedIds = new HashSet<>();
    private final Map<Integer, Long> tolerance = new HashMap<>();
    private int expiryDays = 20;
    private long lastInstructionId;
    /** How much of matching a stream covered. */
    long matched;
    long refusedMatches;
    long expired;
    long cancelled;
    long toleranceMatches;
    long purged;
    long retiredRepeats;
    long purgedLookups;

    ModelMatching(final ReferenceModel model)
    {
        this.model = model;
    }

    void submit(final Command c, final List<Event> outcomes)
    {
        final Event first = outcomes.get(0);
        final Role role = model.roles.get(c.submitterId);
        if (role == null || role != Role.MEMBER)
        {
            expectRejected(c, outcomes, reasons(role == null ? Reason.UNKNOWN_PARTICIPANT : Reason.NOT_AUTHORISED));
            return;
        }
        final Instruction existing = byRef.get(new RefKey(c.submitterId, c.clientRef));
        if (existing != null)
        {
            if (sameContent(existing, c))
            {
                assertEquals(1, outcomes.size(), "a repeat has one answer");
                assertEquals(EventType.INSTRUCTION_ACCEPTED, first.type, "a repeat is answered with the original");
                assertEquals(1, first.count);
                assertInstruction(existing, first);
                assertEquals(existing.endReason, first.reason, "a repeat says why its instruction ended");
            }
            else
            {
                expectRejected(c, outcomes, reasons(Reason.DUPLICATE_CLIENT_REF));
            }
            return;
        }
        if (retiredRefs.contains(new RefKey(c.submitterId, c.clientRef)))
        {
            // its instruction ended and was purged: the clientRef stays taken, whatever the content
            expectRejected(c, outcomes, reasons(Reason.CLIENT_REF_RETIRED));
            retiredRepeats++;
            return;
        }
        final Set<Reason> problems = staticProblems(c);
        if (!problems.isEmpty())
        {
            expectRejected(c, outcomes, problems);
            return;
        }
        final Instruction in = new Instruction();
        in.id = ++lastInstructionId;
        in.clientRef = c.clientRef;
        in.owner = c.submitterId;
        in.side = c.side;
        in.buyer = c.side == Side.BUY.value() ? c.submitterId : c.counterpartyId;
        in.seller = c.side == Side.BUY.value() ? c.counterpartyId : c.submitterId;
        in.security = c.securityId;
        in.currency = c.currencyId;
        in.quantity = c.quantity;
        in.cash = c.cashAmount;
        in.date = c.settlementDate;
        in.type = c.dealType;
        in.linkId = c.linkId;
        in.partial = c.partialAllowed;
        in.minimum = c.minimumQuantity;
        in.submitted = model.businessDate;
        instructions.put(in.id, in);
        byRef.put(new RefKey(in.owner, in.clientRef), in);
        assertEquals(EventType.INSTRUCTION_ACCEPTED, first.type, () -> "a valid instruction is accepted, got " + first);
        assertEquals(0, first.count);
        assertEquals(c.correlationId, first.correlationId);
        assertInstruction(in, first);

        final Instruction waiting = oldestMatch(in);
        if (waiting == null)
        {
            assertEquals(2, outcomes.size(), () -> "accepted and alleged: " + outcomes);
            final Event alleged = outcomes.get(1);
            assertEquals(EventType.INSTRUCTION_ALLEGED, alleged.type);
            assertEquals(0, alleged.correlationId, "an allegement is a notice");
            assertInstruction(in, alleged);
            return;
        }
        final Instruction sell = in.side == Side.SELL.value() ? in : waiting;
        final Command deal = new Command().submitDeal(in.owner, 0, 0, in.buyer, in.seller, in.security, in.currency, in.quantity,
            sell.cash, in.date, DealType.get(in.type));
        final Set<Reason> overLimit = model.limitProblems(deal);
        if (!overLimit.isEmpty())
        {
            assertEquals(3, outcomes.size(), () -> "accepted and both ended: " + outcomes);
            final Reason reason = outcomes.get(2).reason;
            assertTrue(overLimit.contains(reason), () -> "refused " + reason + ", expected one of " + overLimit);
            waiting.status = InstructionStatus.REFUSED;
            waiting.endReason = reason;
            waiting.ended = model.businessDate;
            in.status = InstructionStatus.REFUSED;
            in.endReason = reason;
            in.ended = model.businessDate;
            assertEnded(waiting, outcomes.get(1), 0);
            assertEnded(in, outcomes.get(2), c.correlationId);
            refusedMatches++;
            return;
        }
        assertEquals(2, outcomes.size(), () -> "accepted and matched: " + outcomes);
        final Event e = outcomes.get(1);
        assertEquals(EventType.INSTRUCTION_MATCHED, e.type, () -> "a match within limits registers the deal, got " + e);
        assertTrue(e.dealId > model.lastDealId, "a new dealId");
        model.lastDealId = e.dealId;
        final ModelState.Deal d = new ModelState.Deal();
        d.id = e.dealId;
        d.clientDealId = 0;
        d.submitter = in.owner;
        d.buyer = in.buyer;
        d.seller = in.seller;
        d.security = in.security;
        d.currency = in.currency;
        d.quantity = in.quantity;
        d.cash = sell.cash;
        d.date = in.date;
        d.type = in.type;
        d.matched = true;
        d.linkId = in.linkId;
        d.matchedLinkId = waiting.linkId;
        d.partial = (byte)(in.partial == 1 && waiting.partial == 1 ? 1 : 0);
        d.minimum = d.partial == 1 ? Math.max(in.minimum, waiting.minimum) : 0;
        model.deals.put(d.id, d);
        model.pending++;
        ModelState.forEachAccount(d, (key, amount) -> model.utilisation.merge(key, amount, Math::addExact));
        in.status = InstructionStatus.MATCHED;
        in.dealId = d.id;
        in.ended = model.businessDate;
        waiting.status = InstructionStatus.MATCHED;
        waiting.dealId = d.id;
        waiting.ended = model.businessDate;
        assertInstruction(in, e);
        assertEquals(waiting.id, e.matchedInstructionId, "the oldest waiting candidate");
        assertEquals(waiting.clientRef, e.matchedClientRef);
        assertEquals(waiting.cash, e.matchedCashAmount);
        assertEquals(waiting.linkId, e.matchedLinkId);
        assertEquals(d.cash, e.dealCashAmount, "the seller's amount");
        assertEquals(d.partial, e.dealPartialAllowed);
        assertEquals(d.minimum, e.dealMinimumQuantity);
        matched++;
        toleranceMatches += in.cash != waiting.cash ? 1 : 0;
    }

    /** The oldest waiting instruction of the other side with the same matching fields and cash within tolerance. */
    private Instruction oldestMatch(final Instruction in)
    {
        final long within = tolerance.getOrDefault(in.currency, 0L);
        for (final Instruction w : instructions.values())
        {
            if (w != in && w.status == InstructionStatus.UNMATCHED && w.side != in.side && w.buyer == in.buyer
                && w.seller == in.seller && w.security == in.security && w.currency == in.currency
                && w.quantity == in.quantity && w.date == in.date && w.type == in.type && Math.abs(w.cash - in.cash) <= within)
            {
                return w;
            }
        }
        return null;
    }

    private Set<Reason> staticProblems(final Command c)
    {
        final Set<Reason> problems = EnumSet.noneOf(Reason.class);
        if (c.side != Side.BUY.value() && c.side != Side.SELL.value())
        {
            problems.add(Reason.INVALID_FIELD);
            return problems;
        }
        final DealType type = Codes.dealType(c.dealType);
        if (type == null)
        {
            problems.add(Reason.INVALID_FIELD);
        }
        final Role counterparty = model.roles.get(c.counterpartyId);
        if (counterparty == null)
        {
            problems.add(Reason.UNKNOWN_PARTICIPANT);
        }
        if (c.counterpartyId == c.submitterId)
        {
            problems.add(Reason.SAME_BUYER_AND_SELLER);
        }
        if (counterparty != null && counterparty != Role.MEMBER)
        {
            problems.add(Reason.NOT_AUTHORISED);
        }
        model.instrumentProblem(c.securityId, InstrumentKind.SECURITY, problems);
        if (type == DealType.DVP || c.currencyId != 0)
        {
            model.instrumentProblem(c.currencyId, InstrumentKind.CURRENCY, problems);
        }
        if (c.quantity <= 0)
        {
            problems.add(Reason.INVALID_QUANTITY);
        }
        if (type == DealType.DVP && c.cashAmount <= 0 || type == DealType.FOP && c.cashAmount != 0)
        {
            problems.add(Reason.INVALID_AMOUNT);
        }
        if (!ModelState.isRealDate(c.settlementDate))
        {
            problems.add(Reason.INVALID_DATE);
        }
        else if (!model.isBusinessDay(c.settlementDate))
        {
            problems.add(Reason.NOT_A_BUSINESS_DAY); // a date already past is allowed
        }
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
        return problems;
    }

    private static boolean sameContent(final Instruction in, final Command c)
    {
        return in.side == c.side && in.counterparty() == c.counterpartyId && in.security == c.securityId
            && in.currency == c.currencyId && in.quantity == c.quantity && in.cash == c.cashAmount && in.date == c.settlementDate
            && in.type == c.dealType && in.linkId == c.linkId && in.partial == c.partialAllowed && in.minimum == c.minimumQuantity;
    }

    void cancel(final Command c, final List<Event> outcomes)
    {
        final Role role = model.roles.get(c.submitterId);
        if (role == null || role != Role.MEMBER)
        {
            ModelState.expectResult(c, outcomes, reasons(role == null ? Reason.UNKNOWN_PARTICIPANT : Reason.NOT_AUTHORISED));
            return;
        }
        final Instruction in = instructions.get(c.instructionId);
        if (in == null)
        {
            // a purged instruction had ended: no longer unmatched
            ModelState.expectResult(c, outcomes, reasons(purgedIds.contains(c.instructionId) ? Reason.INSTRUCTION_NOT_PENDING
                : Reason.UNKNOWN_INSTRUCTION));
            purgedLookups += purgedIds.contains(c.instructionId) ? 1 : 0;
            return;
        }
        final Set<Reason> problems = EnumSet.noneOf(Reason.class);
        if (in.owner != c.submitterId)
        {
            problems.add(Reason.NOT_YOUR_INSTRUCTION);
        }
        if (in.status != InstructionStatus.UNMATCHED)
        {
            problems.add(Reason.INSTRUCTION_NOT_PENDING);
        }
        if (!problems.isEmpty())
        {
            ModelState.expectResult(c, outcomes, problems);
            return;
        }
        assertEquals(1, outcomes.size());
        in.status = InstructionStatus.CANCELLED;
        in.ended = model.businessDate;
        assertEnded(in, outcomes.get(0), c.correlationId);
        cancelled++;
    }

    void query(final Command c, final List<Event> outcomes)
    {
        final Role role = model.roles.get(c.submitterId);
        if (role == null)
        {
            ModelState.expectResult(c, outcomes, reasons(Reason.UNKNOWN_PARTICIPANT));
            return;
        }
        final Instruction in = instructions.get(c.instructionId);
        if (in == null)
        {
            ModelState.expectResult(c, outcomes, reasons(purgedIds.contains(c.instructionId) ? Reason.INSTRUCTION_PURGED
                : Reason.UNKNOWN_INSTRUCTION));
            purgedLookups += purgedIds.contains(c.instructionId) ? 1 : 0;
            return;
        }
        if (role == Role.MEMBER && in.buyer != c.submitterId && in.seller != c.submitterId)
        {
            ModelState.expectResult(c, outcomes, reasons(Reason.NOT_AUTHORISED));
            return;
        }
        assertEquals(1, outcomes.size());
        final Event e = outcomes.get(0);
        assertEquals(EventType.INSTRUCTION_REPORT, e.type);
        assertEquals(c.correlationId, e.correlationId);
        assertInstruction(in, e);
        assertEquals(in.endReason, e.reason, "why it ended");
    }

    void setTolerance(final Command c, final List<Event> outcomes)
    {
        final Set<Reason> problems = EnumSet.noneOf(Reason.class);
        final Reason auth = model.authorise(c.submitterId, Role.OPERATOR, Role.OPERATOR);
        if (auth != Reason.OK)
        {
            problems.add(auth);
        }
        else
        {
            model.instrumentProblem(c.currencyId, InstrumentKind.CURRENCY, problems);
            if (c.toleranceMinor < 0)
            {
                problems.add(Reason.INVALID_AMOUNT);
            }
        }
        if (!problems.isEmpty())
        {
            ModelState.expectResult(c, outcomes, problems);
            return;
        }
        ModelState.expectResult(c, outcomes, reasons(Reason.OK));
        tolerance.put(c.currencyId, c.toleranceMinor);
    }

    void setExpiry(final Command c, final List<Event> outcomes)
    {
        final Reason auth = model.authorise(c.submitterId, Role.OPERATOR, Role.OPERATOR);
        if (auth != Reason.OK)
        {
            ModelState.expectResult(c, outcomes, reasons(auth));
            return;
        }
        if (c.expiryBusinessDays < 0 || c.expiryBusinessDays > 250)
        {
            ModelState.expectResult(c, outcomes, reasons(Reason.INVALID_EXPIRY));
            return;
        }
        ModelState.expectResult(c, outcomes, reasons(Reason.OK));
        expiryDays = c.expiryBusinessDays;
    }

    /**
     * A date roll from {@code previousDate} to the model's new business date: instructions submitted before
     * the first business date count from it; every waiting instruction whose Nth business day after its
     * submission is before the new date expires, in id order.
     */
    void expireAtRoll(final Command c, final int previousDate, final List<Event> outcomes)
    {
        int next = 0;
        for (final Instruction in : instructions.values())
        {
            if (in.status != InstructionStatus.UNMATCHED)
            {
                continue;
            }
            if (previousDate == 0 && in.submitted == 0)
            {
                in.submitted = model.businessDate;
            }
            if (model.businessDate > nthBusinessDayAfter(in.submitted, expiryDays))
            {
                assertTrue(next < outcomes.size(), () -> "instruction " + in.id + " must expire at the roll to " + model.businessDate);
                in.status = InstructionStatus.EXPIRED;
                in.endReason = Reason.UNMATCHED_EXPIRED;
                in.ended = model.businessDate;
                assertEnded(in, outcomes.get(next++), 0);
                expired++;
            }
        }
        assertEquals(next, outcomes.size(), () -> "only the instructions that expire: " + outcomes);
    }

    /**
     * After the roll's deal purge: every ended instruction whose settlement date and end date are both before
     * {@code cutoff} leaves memory, a MATCHED one only once its deal has; its clientRef is retired.
     */
    void purgeAtRoll(final int cutoff)
    {
        final List<Instruction> gone = new ArrayList<>();
        for (final Instruction in : instructions.values())
        {
            if (in.status != InstructionStatus.UNMATCHED && in.date < cutoff && in.ended < cutoff
                && (in.status != InstructionStatus.MATCHED || !model.deals.containsKey(in.dealId)))
            {
                gone.add(in);
            }
        }
        for (final Instruction in : gone)
        {
            instructions.remove(in.id);
            final RefKey key = new RefKey(in.owner, in.clientRef);
            byRef.remove(key);
            retiredRefs.add(key);
            purgedIds.add(in.id);
        }
        purged += gone.size();
    }

    private int nthBusinessDayAfter(final int date, final int n)
    {
        int d = date;
        for (int counted = 0; counted < n; )
        {
            if (d == 9999_12_31)
            {
                return Integer.MAX_VALUE; // no nth business day: never expires
            }
            d = ModelState.minusDays(d, -1);
            if (model.isBusinessDay(d))
            {
                counted++;
            }
        }
        return d;
    }

    private static void assertEnded(final Instruction in, final Event e, final long correlationId)
    {
        assertEquals(EventType.INSTRUCTION_ENDED, e.type, () -> "instruction " + in.id + " ends, got " + e);
        assertEquals(correlationId, e.correlationId, "an answer carries the request's correlationId, a notice 0");
        assertInstruction(in, e);
        assertEquals(in.endReason, e.reason);
    }

    private static void assertInstruction(final Instruction in, final Event e)
    {
        assertEquals(in.id, e.instructionId, "instructionId");
        assertEquals(in.clientRef, e.clientRef, "clientRef");
        assertEquals(in.side, e.side, "side");
        assertEquals(in.buyer, e.buyerId, "buyer");
        assertEquals(in.seller, e.sellerId, "seller");
        assertEquals(in.security, e.securityId, "security");
        assertEquals(in.currency, e.currencyId, "currency");
        assertEquals(in.quantity, e.quantity, "quantity");
        assertEquals(in.cash, e.cashAmount, "cash");
        assertEquals(in.date, e.settlementDate, "date");
        assertEquals(in.type, e.dealType, "type");
        assertEquals(in.linkId, e.linkId, "linkId");
        assertEquals(in.partial, e.partialAllowed, "partial");
        assertEquals(in.minimum, e.minimumQuantity, "minimum");
        assertEquals(in.status.value(), e.instructionStatus, "status");
        assertEquals(in.submitted, e.submittedDate, "submitted date");
        assertEquals(in.dealId, e.dealId, "dealId");
    }

    private static void expectRejected(final Command c, final List<Event> outcomes, final Set<Reason> reasons)
    {
        assertEquals(1, outcomes.size(), "one outcome of a refused instruction");
        final Event e = outcomes.get(0);
        assertEquals(EventType.INSTRUCTION_REJECTED, e.type, () -> "expected a rejection with one of " + reasons + ", got " + e);
        assertEquals(c.clientRef, e.clientRef);
        assertTrue(reasons.contains(e.reason), () -> "rejected " + e.reason + ", expected one of " + reasons);
    }
}
