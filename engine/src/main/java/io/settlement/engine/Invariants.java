package io.settlement.engine;

import java.util.ArrayList;
import java.util.List;

import io.settlement.protocol.Codes;
import io.settlement.protocol.wire.DealStatus;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.LimitKind;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;
import org.eclipse.collections.impl.map.mutable.primitive.IntIntHashMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap;

/**
 * The invariants of DESIGN.md section 4, checked against the whole state from first principles
 * (nothing here trusts a running total the engine keeps for speed):
 * <ol>
 *   <li>per instrument, the balances sum to deposits minus withdrawals;</li>
 *   <li>no balance is negative;</li>
 *   <li>every limit account's utilisation equals the sum over the PENDING deals it covers, no
 *       utilisation is negative, and each pending deal is linked to exactly the accounts it uses;</li>
 *   <li>every live deal is in exactly one state, each PENDING deal is listed exactly once for the
 *       cycle under its own settlement date, and the pending count agrees; only a PENDING deal has a
 *       side on hold, and held sides are the buyer's and the seller's only;</li>
 *   <li>every dealId given is in memory or was purged, each purged deal retired its clientDealId,
 *       and no deal in memory has a retired clientDealId;</li>
 *   <li>the business date (once there is one) is a business day of the calendar in force, whose
 *       holidays are real days in strictly ascending order.</li>
 * </ol>
 * Whether an accepted deal ever took a utilisation over its limit is checked as events arrive, by
 * the tests, since a lowered limit may legitimately sit below utilisation.
 */
final class Invariants
{
    private Invariants()
    {
    }

    static List<String> check(final EngineState state)
    {
        final List<String> violations = new ArrayList<>();
        final ReferenceData ref = state.referenceData();
        final DealStore deals = state.deals();
        final Ledger ledger = state.ledger();
        final LimitBook limits = state.limits();

        final long[] sums = new long[ref.instrumentCount()];
        ledger.forEachBalance((participant, instrument, balance) ->
        {
            if (balance < 0)
            {
                violations.add("negative balance " + balance + " of participant " + ref.participantId(participant)
                    + " in instrument " + ref.instrumentId(instrument));
            }
            sums[instrument] += balance;
        });
        for (int i = 0; i < sums.length; i++)
        {
            if (sums[i] != ledger.supply(i))
            {
                violations.add("instrument " + ref.instrumentId(i) + ": balances sum to " + sums[i]
                    + " but supply is " + ledger.supply(i));
            }
        }

        final LongLongHashMap expected = new LongLongHashMap();
        final IntIntHashMap listed = new IntIntHashMap();
        final DatedSlots pending = deals.pendingByDate();
        for (int d = 0; d < pending.dateCount(); d++)
        {
            final SlotList slots = pending.slots(d);
            for (int i = 0; i < slots.size(); i++)
            {
                final int slot = slots.get(i);
                if (deals.settlementDate(slot) != pending.date(d))
                {
                    violations.add("deal " + deals.dealId(slot) + " listed under date " + pending.date(d));
                }
                listed.addToValue(slot, 1);
            }
        }
        int pendingCount = 0;
        for (final int slot : deals.slotsInDealIdOrder())
        {
            final DealStatus status = Codes.dealStatus(deals.status(slot));
            if (status == null)
            {
                violations.add("deal " + deals.dealId(slot) + " has no valid status: " + deals.status(slot));
                continue;
            }
            if (!deals.isMatched(slot) && deals.isRetired(deals.submitter(slot), deals.clientDealId(slot)))
            {
                violations.add("deal " + deals.dealId(slot) + " is in memory but its clientDealId is retired");
            }
            if ((deals.heldSides(slot) & ~3) != 0 || (status != DealStatus.PENDING && deals.heldSides(slot) != 0))
            {
                violations.add("deal " + deals.dealId(slot) + " (" + status + ") has held sides " + deals.heldSides(slot));
            }
            checkTerms(deals, slot, status, violations);
            if (status != DealStatus.PENDING)
            {
                continue;
            }
            pendingCount++;
            if (listed.get(slot) != 1)
            {
                violations.add("pending deal " + deals.dealId(slot) + " is listed " + listed.get(slot) + " times for cycles");
            }
            final int buyer = deals.buyer(slot);
            final int seller = deals.seller(slot);
            if (deals.dealType(slot) == DealType.DVP.value())
            {
                final long cash = deals.remainingCash(slot);
                expected.addToValue(LimitBook.key(LimitKind.CREDIT, buyer, deals.currency(slot)), cash);
                expected.addToValue(LimitBook.key(LimitKind.COUNTERPARTY, buyer, seller), cash);
                expected.addToValue(LimitBook.key(LimitKind.COUNTERPARTY, seller, buyer), cash);
            }
            expected.addToValue(LimitBook.key(LimitKind.DELIVERY, seller, deals.security(slot)), deals.remainingQuantity(slot));
            final boolean dvp = deals.dealType(slot) == DealType.DVP.value();
            if (deals.deliveryAccount(slot) != limits.find(LimitKind.DELIVERY, seller, deals.security(slot))
                || deals.creditAccount(slot) != (dvp ? limits.find(LimitKind.CREDIT, buyer, deals.currency(slot)) : -1)
                || deals.counterpartyPair(slot) != (dvp ? limits.findPair(buyer, seller) : -1))
            {
                violations.add("pending deal " + deals.dealId(slot) + " is linked to the wrong limit accounts");
            }
        }
        // every dealId given is either in memory or was purged, and each purged deal retired its own key
        final long purged = state.nextDealId() - 1 - deals.liveCount();
        if (deals.retiredCount() + deals.purgedMatchedCount() != purged)
        {
            violations.add(deals.retiredCount() + " retired clientDealIds and " + deals.purgedMatchedCount()
                + " matched deals purged but " + purged + " deals purged");
        }
        if (pendingCount != deals.pendingCount())
        {
            violations.add("pending count " + deals.pendingCount() + " but " + pendingCount + " deals are PENDING");
        }
        expected.forEachKeyValue((key, sum) ->
        {
            final LimitKind kind = Codes.limitKind((int)(key >>> 62));
            final int account = limits.find(kind, (int)((key >>> 31) & 0x7FFF_FFFFL), (int)(key & 0x7FFF_FFFFL));
            if (limits.utilised(account) != sum)
            {
                violations.add(kind + " account " + Long.toHexString(key) + " utilised " + limits.utilised(account)
                    + " but pending deals sum to " + sum);
            }
        });
        limits.forEachAccount((key, used) ->
        {
            if (used < 0 || used != expected.get(key))
            {
                violations.add("limit account " + Long.toHexString(key) + " utilised " + used
                    + " but pending deals sum to " + expected.get(key));
            }
        });
        final String pairs = limits.pairInconsistency();
        if (pairs != null)
        {
            violations.add(pairs);
        }
        final BusinessCalendar calendar = state.calendar();
        if (state.businessDate() != 0 && !calendar.isBusinessDay(state.businessDate()))
        {
            violations.add("business date " + state.businessDate() + " is not a business day (" + calendar + ")");
        }
        for (int i = 0; i < calendar.holidayCount(); i++)
        {
            if (!Dates.isValid(calendar.holiday(i)) || (i > 0 && calendar.holiday(i) <= calendar.holiday(i - 1)))
            {
                violations.add("holidays out of order or not real days: " + calendar);
                break;
            }
        }
        checkInstructions(state.instructions(), violations);
        return violations;
    }

    /**
     * Every UNMATCHED instruction is listed once under its matching key and no other instruction is, and
     * each key's chain links both ways with its last slot recorded; the waiting count agrees; a MATCHED
     * instruction names its deal, no other does; in instructionId order the waiting instructions' dates
     * counted from never go back (the date roll's expiry stops at the first that has not expired); an
     * instruction in memory has no end date while it waits, its id was issued, and its clientRef is not
     * retired; the ids found by a walk of the slots are those the id index finds.
     */
    private static void checkInstructions(final InstructionStore instructions, final List<String> violations)
    {
        int waiting = 0;
        int live = 0;
        int lastCountedFrom = Integer.MIN_VALUE;
        for (int slot = 0; slot < instructions.slotBound(); slot++)
        {
            live += instructions.isLive(slot) ? 1 : 0;
        }
        if (live != instructions.liveCount())
        {
            violations.add(live + " instruction slots in use but " + instructions.liveCount() + " instructions counted in memory");
        }
        for (final int slot : instructions.slotsInIdOrder())
        {
            final long id = instructions.instructionId(slot);
            if (instructions.slotOf(id) != slot || id > instructions.issued())
            {
                violations.add("instruction " + id + " in slot " + slot + " is indexed at slot " + instructions.slotOf(id)
                    + " (ids issued: " + instructions.issued() + ")");
            }
            if (instructions.isRetired(instructions.owner[slot], instructions.clientRef[slot]))
            {
                violations.add("instruction " + id + " is in memory but its clientRef is retired");
            }
            final boolean isWaiting = instructions.isWaiting(slot);
            waiting += isWaiting ? 1 : 0;
            if (isWaiting)
            {
                final String chain = instructions.chainProblem(slot);
                if (chain != null)
                {
                    violations.add("the matching chain from instruction " + id + ": " + chain);
                }
                if (instructions.submittedDate[slot] < lastCountedFrom)
                {
                    violations.add("instruction " + id + " counts its expiry from "
                        + instructions.submittedDate[slot] + ", before an older waiting one's " + lastCountedFrom);
                }
                lastCountedFrom = instructions.submittedDate[slot];
                if (instructions.endedDate[slot] != 0)
                {
                    violations.add("instruction " + id + " waits but has an end date " + instructions.endedDate[slot]);
                }
            }
            final int listed = instructions.timesListed(slot);
            if (listed != (isWaiting ? 1 : 0))
            {
                violations.add("instruction " + id + " (status " + instructions.status[slot] + ") is listed " + listed + " times for matching");
            }
            final boolean matched = instructions.status[slot] == io.settlement.protocol.wire.InstructionStatus.MATCHED.value();
            if (matched != (instructions.dealId[slot] != 0))
            {
                violations.add("instruction " + id + " (status " + instructions.status[slot] + ") names deal " + instructions.dealId[slot]);
            }
        }
        if (waiting != instructions.waitingCount())
        {
            violations.add("waiting count " + instructions.waitingCount() + " but " + waiting + " instructions are UNMATCHED");
        }
    }

    /**
     * Linked and partial terms: a deal that is not partial-allowed, or is linked, has settled all or
     * nothing; what a deal has settled is within its quantity and paid exactly floor(C * Q / N); a
     * settled deal has settled all of it; a pending linked deal is a member of its link key.
     */
    private static void checkTerms(final DealStore deals, final int slot, final DealStatus status, final List<String> violations)
    {
        final long settled = deals.settledQuantity(slot);
        final long quantity = deals.quantity(slot);
        final String deal = "deal " + deals.dealId(slot);
        if (settled < 0 || settled > quantity
            || deals.settledCash(slot) != Arith.mulDivFloor(deals.cashAmount(slot), settled, quantity))
        {
            violations.add(deal + " settled " + settled + " of " + quantity + " for " + deals.settledCash(slot));
        }
        if (status == DealStatus.SETTLED ? settled != quantity : settled == quantity)
        {
            violations.add(deal + " is " + status + " having settled " + settled + " of " + quantity);
        }
        if ((deals.partialAllowed(slot) == 0 || deals.isLinked(slot)) && settled != 0 && settled != quantity)
        {
            violations.add(deal + " settled in part though it may not");
        }
        for (int k = 0; k < LinkGroups.keyCount(deals, slot); k++)
        {
            final IntArrayList members = deals.links().members(
                LinkGroups.keySubmitter(deals, slot, k), LinkGroups.keyLinkId(deals, slot, k));
            final boolean member = members != null && members.contains(slot);
            if (member != (status == DealStatus.PENDING))
            {
                violations.add(deal + " is " + status + (member ? " but" : " but not") + " in its link group " + k);
            }
        }
    }
}
