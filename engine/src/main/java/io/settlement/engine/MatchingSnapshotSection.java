package io.settlement.engine;

import java.io.DataInput;
import java.io.DataOutputStream;
import java.io.IOException;

import io.settlement.protocol.Codes;
import io.settlement.protocol.wire.InstructionStatus;
import io.settlement.protocol.wire.Side;
import org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap;

import static io.settlement.engine.EngineSnapshot.check;

/**
 * Two-sided matching, written after the limit book and before the deals (whose reading needs to know
 * which deals were matched). Format 7: the expiry period, the tolerances set (currency index and
 * tolerance, ascending), every instruction in instructionId order with its status, the count of matched
 * deals purged, then the live matched deals (dealId and second link id, in dealId order). Format 8 (once
 * instructions can be purged): after the tolerances the instructionIds issued and the count purged, then
 * the instructions in memory in instructionId order, each with its id first and its end date last; after
 * the matched deals, the retired clientRefs per owner (as the retired clientDealIds). A format-7 snapshot
 * knows no end dates: read from one, an ended instruction's retention counts from its settlement date.
 * The indexes (ids, clientRefs, waiting instructions by key and in order) are rebuilt on reading.
 */
final class MatchingSnapshotSection
{
    private MatchingSnapshotSection()
    {
    }

    static void write(final DataOutputStream out, final EngineState state) throws IOException
    {
        final InstructionStore s = state.instructions();
        out.writeInt(s.expiryBusinessDays());
        int tolerances = 0;
        for (int i = 0; i < s.toleranceBound(); i++)
        {
            tolerances += s.tolerance(i) != 0 ? 1 : 0;
        }
        out.writeInt(tolerances);
        for (int i = 0; i < s.toleranceBound(); i++)
        {
            if (s.tolerance(i) != 0)
            {
                out.writeInt(i);
                out.writeLong(s.tolerance(i));
            }
        }
        out.writeLong(s.issued());
        out.writeLong(s.purgedCount());
        final int[] inMemory = s.slotsInIdOrder();
        out.writeInt(inMemory.length);
        for (final int slot : inMemory)
        {
            out.writeLong(s.instructionId(slot));
            out.writeLong(s.clientRef[slot]);
            out.writeInt(s.owner[slot]);
            out.writeByte(s.side[slot]);
            out.writeInt(s.buyer[slot]);
            out.writeInt(s.seller[slot]);
            out.writeInt(s.security[slot]);
            out.writeInt(s.currency[slot]);
            out.writeLong(s.quantity[slot]);
            out.writeLong(s.cashAmount[slot]);
            out.writeInt(s.settlementDate[slot]);
            out.writeByte(s.dealType[slot]);
            out.writeLong(s.linkId[slot]);
            out.writeByte(s.partialAllowed[slot]);
            out.writeLong(s.minimumQuantity[slot]);
            out.writeByte(s.status[slot]);
            out.writeInt(s.submittedDate[slot]);
            out.writeLong(s.dealId[slot]);
            out.writeByte(s.endReason[slot]);
            out.writeInt(s.endedDate[slot]);
        }
        final DealStore deals = state.deals();
        out.writeLong(deals.purgedMatchedCount());
        final int[] slots = deals.slotsInDealIdOrder();
        int matched = 0;
        for (final int slot : slots)
        {
            matched += deals.isMatched(slot) ? 1 : 0;
        }
        out.writeInt(matched);
        for (final int slot : slots)
        {
            if (deals.isMatched(slot))
            {
                out.writeLong(deals.dealId(slot));
                out.writeLong(deals.matchedLinkId(slot));
            }
        }
        SnapshotSections.writeRetired(out, s.retiredOwnerBound(), s::retired);
    }


    /**
     * Reads the section (after the reference data, before the deals) of a snapshot of format 7 or 8 ({@code withPurge}).
     *
     * @return the matched deals' second link ids by dealId, for {@link SnapshotSections#readDeals}
     */
    static LongLongHashMap read(final DataInput in, final EngineState state, final boolean withPurge) throws IOException
    {
        final InstructionStore s = state.instructions();
        final int participants = state.referenceData().participantCount();
        final int instruments = state.referenceData().instrumentCount();
        final int days = in.readInt();
        check(days >= 0 && days <= InstructionStore.MAX_EXPIRY_BUSINESS_DAYS, "instruction expiry days", days);
        s.expiryBusinessDays(days);
        final int tolerances = in.readInt();
        check(tolerances >= 0 && tolerances <= instruments, "count of tolerances", tolerances);
        int previous = -1;
        for (int i = 0; i < tolerances; i++)
        {
            final int currency = in.readInt();
            final long tolerance = in.readLong();
            check(currency > previous && currency < instruments, "tolerance currency index", currency);
            check(tolerance > 0, "tolerance", tolerance);
            s.tolerance(currency, tolerance);
            previous = currency;
        }
        final long issued = withPurge ? in.readLong() : 0;
        final long purged = withPurge ? in.readLong() : 0;
        check(issued >= 0 && purged >= 0 && purged <= issued, "instructions issued and purged", purged);
        final int count = in.readInt();
        check(count >= 0 && (!withPurge || count == issued - purged), "instruction count", count);
        long previousId = 0;
        for (int n = 0; n < count; n++)
        {
            final long id = withPurge ? in.readLong() : n + 1;
            check(id > previousId && (!withPurge || id <= issued), "instructionId", id);
            previousId = id;
            final long clientRef = in.readLong();
            final int owner = in.readInt();
            check(owner > 0 && owner < participants, "instruction owner index", owner);
            check(s.slotOfClientRef(owner, clientRef) == InstructionStore.NONE, "repeated clientRef", clientRef);
            final int slot = s.add(owner, clientRef, id);
            s.side[slot] = in.readByte();
            s.buyer[slot] = in.readInt();
            s.seller[slot] = in.readInt();
            s.security[slot] = in.readInt();
            s.currency[slot] = in.readInt();
            s.quantity[slot] = in.readLong();
            s.cashAmount[slot] = in.readLong();
            s.settlementDate[slot] = in.readInt();
            s.dealType[slot] = in.readByte();
            s.linkId[slot] = in.readLong();
            s.partialAllowed[slot] = in.readByte();
            s.minimumQuantity[slot] = in.readLong();
            final byte status = in.readByte();
            if (!withPurge && status != InstructionStatus.UNMATCHED.value() && state.businessDate() != 0)
            {
                // its end date is unknown, and retention counts from it: restored, it would be purged on
                // another date than a replay purges it, and the two would no longer agree
                throw new IOException("format 7 (written before instructions were purged) holds instruction " + id
                    + ", ended (" + Codes.instructionStatus(status) + "), without the date it ended: not usable,"
                    + " replay from an older snapshot or the journal");
            }
            s.submittedDate[slot] = in.readInt();
            s.dealId[slot] = in.readLong();
            s.endReason[slot] = in.readByte();
            s.endedDate[slot] = withPurge ? in.readInt() : 0;
            check(s.endedDate[slot] == 0 || Dates.isValid(s.endedDate[slot]) && status != InstructionStatus.UNMATCHED.value(),
                "instruction end date", s.endedDate[slot]);
            check(Codes.side(s.side[slot]) != null, "instruction side", s.side[slot]);
            check(s.buyer[slot] > 0 && s.buyer[slot] < participants && s.seller[slot] > 0 && s.seller[slot] < participants
                && (owner == (s.side[slot] == Side.BUY.value() ? s.buyer[slot] : s.seller[slot])), "instruction parties", n + 1);
            check(s.security[slot] >= 0 && s.security[slot] < instruments, "instruction security index", s.security[slot]);
            check(s.currency[slot] >= ReferenceData.NONE && s.currency[slot] < instruments, "instruction currency index", s.currency[slot]);
            check(Codes.instructionStatus(status) != null, "instruction status", status);
            check(Codes.reason(s.endReason[slot]) != null, "instruction end reason", s.endReason[slot]);
            if (status == InstructionStatus.UNMATCHED.value())
            {
                s.startWaiting(slot);
            }
            else
            {
                s.status[slot] = status;
            }
        }
        final long purgedMatched = in.readLong();
        check(purgedMatched >= 0, "matched deals purged", purgedMatched);
        state.deals().purgedMatchedCount(purgedMatched);
        final int matched = in.readInt();
        check(matched >= 0 && matched <= count, "matched deals", matched);
        final LongLongHashMap linkIds = new LongLongHashMap();
        long previousDealId = 0;
        for (int i = 0; i < matched; i++)
        {
            final long dealId = in.readLong();
            check(dealId > previousDealId && dealId < state.nextDealId(), "matched deal id", dealId);
            linkIds.put(dealId, in.readLong());
            previousDealId = dealId;
        }
        if (withPurge)
        {
            s.issued(issued);
            s.purgedCount(purged);
            SnapshotSections.readRetired(in, participants, s::retiredOrNew, "clientRef", "owner");
        }
        return linkIds;
    }
}
