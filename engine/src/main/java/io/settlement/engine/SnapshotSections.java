package io.settlement.engine;

import java.io.DataInput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.IntFunction;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.ReferenceChecks;
import io.settlement.protocol.Codes;
import io.settlement.protocol.wire.DealStatus;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.LimitKind;
import io.settlement.protocol.wire.Role;
import org.roaringbitmap.RoaringBitmap;

import static io.settlement.engine.EngineSnapshot.check;

/**
 * The sections of a snapshot, one per aggregate, in the order {@link EngineSnapshot} writes them:
 * each is written by walking the aggregate through its accessors in a canonical order, and read
 * back by rebuilding it through its ordinary methods, every value checked against what has been
 * read so far before it is used. The aggregates know nothing of this format.
 */
final class SnapshotSections
{
    private SnapshotSections()
    {
    }

    // ---------------------------------------------------------------- reference data

    /** Participants after the system one (id, role), then instruments (id, kind, code), in creation order. */
    static void writeReferenceData(final DataOutputStream out, final ReferenceData ref) throws IOException
    {
        out.writeInt(ref.participantCount() - 1);
        for (int i = 1; i < ref.participantCount(); i++)
        {
            out.writeLong(ref.participantId(i));
            out.writeByte(ref.role(i));
        }
        out.writeInt(ref.instrumentCount());
        final byte[] code = new byte[Command.CODE_LENGTH];
        for (int i = 0; i < ref.instrumentCount(); i++)
        {
            out.writeInt(ref.instrumentId(i));
            out.writeByte(ref.instrumentKind(i));
            ref.copyCode(i, code);
            out.write(code);
        }
    }

    static void readReferenceData(final DataInput in, final ReferenceData ref) throws IOException
    {
        final int participants = in.readInt();
        check(participants >= 0, "participant count", participants);
        for (int i = 0; i < participants; i++)
        {
            final long id = in.readLong();
            final byte role = in.readByte();
            check(id > 0 && ref.participantIndex(id) == ReferenceData.NONE, "participant id", id);
            check(Codes.role(role) != null, "participant role", role);
            ref.addParticipant(id, role);
        }
        final int instruments = in.readInt();
        check(instruments >= 0, "instrument count", instruments);
        final byte[] code = new byte[Command.CODE_LENGTH];
        for (int i = 0; i < instruments; i++)
        {
            final int id = in.readInt();
            final byte kind = in.readByte();
            in.readFully(code);
            check(id > 0 && ref.instrumentIndex(id) == ReferenceData.NONE, "instrument id", id);
            check(Codes.instrumentKind(kind) != null && ReferenceData.isValidCode(code), "instrument kind or code of", id);
            ref.addInstrument(id, kind, code);
        }
    }

    /**
     * Format 4: the details of every participant (the system one excepted) and instrument created with
     * them, in creation order: the count of participants with details, each one's index, name and short
     * code; then the count of instruments with details, each one's index, ISIN, name and minor units.
     * Read after {@link #readReferenceData}, into the participants and instruments it created.
     */
    static void writeReferenceDetails(final DataOutputStream out, final ReferenceData ref) throws IOException
    {
        final byte[] name = new byte[Command.NAME_LENGTH];
        final byte[] code = new byte[Command.CODE_LENGTH];
        int participants = 0;
        for (int i = 1; i < ref.participantCount(); i++)
        {
            participants += ref.hasDetails(i) ? 1 : 0;
        }
        out.writeInt(participants);
        for (int i = 1; i < ref.participantCount(); i++)
        {
            if (ref.hasDetails(i))
            {
                out.writeInt(i);
                ref.copyParticipantName(i, name);
                out.write(name);
                ref.copyShortCode(i, code);
                out.write(code);
            }
        }
        int instruments = 0;
        for (int i = 0; i < ref.instrumentCount(); i++)
        {
            instruments += ref.instrumentHasDetails(i) ? 1 : 0;
        }
        out.writeInt(instruments);
        for (int i = 0; i < ref.instrumentCount(); i++)
        {
            if (ref.instrumentHasDetails(i))
            {
                out.writeInt(i);
                ref.copyIsin(i, code);
                out.write(code);
                ref.copyInstrumentName(i, name);
                out.write(name);
                out.writeByte(ref.minorUnits(i));
            }
        }
    }

    static void readReferenceDetails(final DataInput in, final ReferenceData ref) throws IOException
    {
        final byte[] name = new byte[Command.NAME_LENGTH];
        final byte[] code = new byte[Command.CODE_LENGTH];
        final int participants = in.readInt();
        check(participants >= 0 && participants < ref.participantCount(), "participants with details", participants);
        int previous = 0;
        for (int n = 0; n < participants; n++)
        {
            final int index = in.readInt();
            check(index > previous && index < ref.participantCount(), "participant index", index);
            previous = index;
            in.readFully(name);
            in.readFully(code);
            check(ReferenceChecks.isValidName(name) && ReferenceData.isValidCode(code) && !ref.isShortCodeTaken(code),
                "participant details of index", index);
            ref.setParticipantDetails(index, name, code);
        }
        final int instruments = in.readInt();
        check(instruments >= 0 && instruments <= ref.instrumentCount(), "instruments with details", instruments);
        previous = -1;
        for (int n = 0; n < instruments; n++)
        {
            final int index = in.readInt();
            check(index > previous && index < ref.instrumentCount(), "instrument index", index);
            previous = index;
            in.readFully(code);
            in.readFully(name);
            final byte units = in.readByte();
            check(ReferenceChecks.isValidName(name) && units >= 0 && units <= ReferenceChecks.MAX_MINOR_UNITS
                && (ReferenceChecks.isEmpty(code) || !ref.isIsinTaken(code)),
                "instrument details of index", index);
            ref.setInstrumentDetails(index, code, name, units);
        }
    }

    // ---------------------------------------------------------------- ledger

    /** The supply of every instrument, then the balances (key, amount) sorted by key. */
    static void writeLedger(final DataOutputStream out, final Ledger ledger, final int instrumentCount) throws IOException
    {
        for (int i = 0; i < instrumentCount; i++)
        {
            out.writeLong(ledger.supply(i));
        }
        final long[] keys = new long[ledger.balanceCount()];
        final int[] count = {0};
        ledger.forEachBalance((participant, instrument, balance) -> keys[count[0]++] = Ledger.key(participant, instrument));
        Arrays.sort(keys);
        out.writeInt(keys.length);
        for (final long key : keys)
        {
            out.writeLong(key);
            out.writeLong(ledger.balance((int)(key >>> 32), (int)key));
        }
    }

    static void readLedger(final DataInput in, final Ledger ledger, final int participantCount, final int instrumentCount)
        throws IOException
    {
        for (int i = 0; i < instrumentCount; i++)
        {
            final long supply = in.readLong();
            check(supply >= 0, "supply", supply);
            ledger.restoreSupply(i, supply);
        }
        final int entries = in.readInt();
        check(entries >= 0, "balance count", entries);
        for (int i = 0; i < entries; i++)
        {
            final long key = in.readLong();
            final long balance = in.readLong();
            final int participant = (int)(key >>> 32);
            final int instrument = (int)key;
            check(participant >= 0 && participant < participantCount
                && instrument >= 0 && instrument < instrumentCount, "balance key", key);
            check(balance > 0, "balance", balance);
            ledger.restoreBalance(participant, instrument, balance);
        }
    }

    // ---------------------------------------------------------------- limit book

    /** Every live account (key, external key, limit, utilised), sorted by key. */
    static void writeLimits(final DataOutputStream out, final LimitBook limits) throws IOException
    {
        final long[] keys = new long[limits.accountCount()];
        final int[] count = {0};
        limits.forEachAccount((key, used) -> keys[count[0]++] = key);
        Arrays.sort(keys);
        out.writeInt(keys.length);
        for (final long key : keys)
        {
            final int account = limits.accountOf(key);
            out.writeLong(key);
            out.writeLong(limits.externalKey(account));
            out.writeLong(limits.limit(account));
            out.writeLong(limits.utilised(account));
        }
    }

    static void readLimits(final DataInput in, final LimitBook limits, final int participantCount, final int instrumentCount)
        throws IOException
    {
        final int count = in.readInt();
        check(count >= 0, "limit account count", count);
        for (int i = 0; i < count; i++)
        {
            final long key = in.readLong();
            final long externalKey = in.readLong();
            final long limit = in.readLong();
            final long used = in.readLong();
            final LimitKind kind = Codes.limitKind((int)(key >>> 62));
            final int owner = (int)((key >>> 31) & 0x7FFF_FFFFL);
            final int keyIndex = (int)(key & 0x7FFF_FFFFL);
            check(kind != null && owner < participantCount
                && keyIndex < (kind == LimitKind.COUNTERPARTY ? participantCount : instrumentCount), "limit account key", key);
            check(limit >= LimitBook.NO_LIMIT && used >= 0 && (limit != LimitBook.NO_LIMIT || used != 0),
                "limit account of key", key);
            final long shared = kind == LimitKind.COUNTERPARTY ? limits.pairUtilised(owner, keyIndex) : 0;
            check(shared == 0 || shared == used, "counterparty account utilised unlike the account the other way, key", key);
            limits.restoreAccount(kind, owner, keyIndex, externalKey, limit, used);
        }
        final String inconsistency = limits.pairInconsistency();
        check(inconsistency == null, inconsistency + ", accounts", count);
    }

    // ---------------------------------------------------------------- deals

    /** The count of live deals, then each (59 bytes) in dealId order. */
    static void writeDeals(final DataOutputStream out, final DealStore deals) throws IOException
    {
        final int[] slots = deals.slotsInDealIdOrder();
        out.writeInt(slots.length);
        for (final int slot : slots)
        {
            out.writeLong(deals.dealId(slot));
            out.writeLong(deals.clientDealId(slot));
            out.writeInt(deals.submitter(slot));
            out.writeInt(deals.buyer(slot));
            out.writeInt(deals.seller(slot));
            out.writeInt(deals.security(slot));
            out.writeInt(deals.currency(slot));
            out.writeLong(deals.quantity(slot));
            out.writeLong(deals.cashAmount(slot));
            out.writeInt(deals.settlementDate(slot));
            out.writeByte(deals.dealType(slot));
            out.writeByte(deals.status(slot));
            out.writeByte(deals.lastFailReason(slot));
        }
    }

    /** Rebuilds the live deals, re-linking each pending one to the limit accounts it uses (read before). */
    static void readDeals(final DataInput in, final EngineState state) throws IOException
    {
        readDeals(in, state, new org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap());
    }

    /** As {@link #readDeals(DataInput, EngineState)}, with the matched deals' second link ids by dealId (format 7). */
    static void readDeals(
        final DataInput in, final EngineState state, final org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap matched)
        throws IOException
    {
        final DealStore deals = state.deals();
        final int participants = state.referenceData().participantCount();
        final int instruments = state.referenceData().instrumentCount();
        final DealExposure exposure = new DealExposure(state.limits(), state.referenceData());
        final int count = in.readInt();
        check(count >= 0, "deal count", count);
        // the count comes from a chunk whose CRC was verified; the cap only guards against absurd values
        deals.ensureCapacity(Math.min(count, 1 << 26));
        long previousDealId = 0;
        for (int i = 0; i < count; i++)
        {
            final long dealId = in.readLong();
            final long clientDealId = in.readLong();
            final int submitter = in.readInt();
            final int buyer = in.readInt();
            final int seller = in.readInt();
            final int security = in.readInt();
            final int currency = in.readInt();
            final long quantity = in.readLong();
            final long cash = in.readLong();
            final int date = in.readInt();
            final byte type = in.readByte();
            final byte status = in.readByte();
            final byte lastFail = in.readByte();
            check(dealId > previousDealId && dealId < state.nextDealId(), "deal id", dealId);
            check(submitter >= 0 && submitter < participants, "deal submitter index", submitter);
            check(buyer > 0 && buyer < participants && seller > 0 && seller < participants, "deal party index", buyer);
            check(security >= 0 && security < instruments, "deal security index", security);
            check(currency >= ReferenceData.NONE && currency < instruments, "deal currency index", currency);
            check(Codes.dealStatus(status) != null, "deal status", status);
            previousDealId = dealId;
            final boolean matchedDeal = matched.containsKey(dealId);
            final int slot = deals.restore(dealId, clientDealId, submitter, date, status, matchedDeal);
            deals.matchedLinkId(slot, matchedDeal ? matched.get(dealId) : 0);
            deals.buyer(slot, buyer);
            deals.seller(slot, seller);
            deals.security(slot, security);
            deals.currency(slot, currency);
            deals.quantity(slot, quantity);
            deals.cashAmount(slot, cash);
            deals.dealType(slot, type);
            deals.lastFailReason(slot, lastFail);
            if (status == DealStatus.SETTLED.value())
            {
                // a deal without terms settled in one go; one with terms gets its figures from its section
                deals.settledQuantity(slot, quantity);
                deals.settledCash(slot, cash);
            }
            if (status == DealStatus.PENDING.value())
            {
                exposure.relink(deals, slot);
            }
        }
    }

    // ---------------------------------------------------------------- holds

    /** @return true when any live deal has a side on hold (the snapshot is then written in format 5). */
    static boolean anyHeld(final DealStore deals)
    {
        for (final int slot : deals.slotsInDealIdOrder())
        {
            if (deals.isHeld(slot))
            {
                return true;
            }
        }
        return false;
    }

    /** @return true when a live deal has linked or partial terms: the snapshot needs format 6. */
    static boolean anyDealTerms(final DealStore deals)
    {
        for (final int slot : deals.slotsInDealIdOrder())
        {
            if (deals.hasTerms(slot))
            {
                return true;
            }
        }
        return false;
    }

    /** Format 5: the count of deals with a side on hold, then each one's dealId and held sides, in dealId order. */
    static void writeHolds(final DataOutputStream out, final DealStore deals) throws IOException
    {
        final int[] slots = deals.slotsInDealIdOrder();
        int held = 0;
        for (final int slot : slots)
        {
            held += deals.isHeld(slot) ? 1 : 0;
        }
        out.writeInt(held);
        for (final int slot : slots)
        {
            if (deals.isHeld(slot))
            {
                out.writeLong(deals.dealId(slot));
                out.writeByte(deals.heldSides(slot));
            }
        }
    }

    /**
     * Format 6: the linked and partial terms of every live deal that has any, in dealId order: the
     * count, then each one's dealId, linkId, partialAllowed, minimumQuantity, settledQuantity and
     * settledCash. Read after {@link #readDeals}; the link groups are rebuilt from them ({@link #joinLinks}).
     */
    static void writeDealTerms(final DataOutputStream out, final DealStore deals) throws IOException
    {
        final int[] slots = deals.slotsInDealIdOrder();
        int count = 0;
        for (final int slot : slots)
        {
            count += deals.hasTerms(slot) ? 1 : 0;
        }
        out.writeInt(count);
        for (final int slot : slots)
        {
            if (deals.hasTerms(slot))
            {
                out.writeLong(deals.dealId(slot));
                out.writeLong(deals.linkId(slot));
                out.writeByte(deals.partialAllowed(slot));
                out.writeLong(deals.minimumQuantity(slot));
                out.writeLong(deals.settledQuantity(slot));
                out.writeLong(deals.settledCash(slot));
            }
        }
    }

    /**
     * Read after {@link #readDeals}: every deal named must be a pending one, named once, in dealId
     * order. Format 5 has at least one ({@code someHeld}); format 6 carries the section even when none is.
     */
    static void readHolds(final DataInput in, final DealStore deals, final boolean someHeld) throws IOException
    {
        final int count = in.readInt();
        check(count >= (someHeld ? 1 : 0) && count <= deals.pendingCount(), "count of deals on hold", count);
        long previous = 0;
        for (int i = 0; i < count; i++)
        {
            final long dealId = in.readLong();
            final byte sides = in.readByte();
            final int slot = deals.slotOf(dealId);
            check(dealId > previous && slot != DealStore.NONE && deals.isPending(slot), "deal on hold", dealId);
            check(sides >= 1 && sides <= 3, "held sides of deal", dealId);
            deals.heldSides(slot, sides);
            previous = dealId;
        }
    }

    static void readDealTerms(final DataInput in, final DealStore deals) throws IOException
    {
        final int count = in.readInt();
        check(count >= 0 && count <= deals.liveCount(), "deals with terms", count);
        long previous = 0;
        for (int n = 0; n < count; n++)
        {
            final long dealId = in.readLong();
            check(dealId > previous, "deal id with terms", dealId);
            previous = dealId;
            final int slot = deals.slotOf(dealId);
            check(slot != DealStore.NONE, "deal id with terms", dealId);
            final long linkId = in.readLong();
            final byte partial = in.readByte();
            final long minimum = in.readLong();
            final long settled = in.readLong();
            final long settledCash = in.readLong();
            final long quantity = deals.quantity(slot);
            check(partial == 0 || partial == 1, "partialAllowed", partial);
            check(linkId != 0 || partial == 1, "terms of deal", dealId);
            check(partial == 1 ? minimum >= 1 && minimum <= quantity : minimum == 0, "minimum quantity", minimum);
            check(settled >= 0 && settled <= quantity
                && (deals.isPending(slot) ? settled < quantity : deals.status(slot) != DealStatus.SETTLED.value() || settled == quantity),
                "settled quantity", settled);
            check(settledCash == Arith.mulDivFloor(deals.cashAmount(slot), settled, quantity), "settled cash", settledCash);
            deals.linkId(slot, linkId);
            deals.partialAllowed(slot, partial);
            deals.minimumQuantity(slot, minimum);
            deals.settledQuantity(slot, settled);
            deals.settledCash(slot, settledCash);
        }
    }

    /**
     * After every section: each pending linked deal joins its link keys, in dealId order (the order they
     * joined). {@link #readDeals} restored the deals into a fresh store in dealId order, each into the next
     * new slot, so slot order is dealId order here: no sort of every live deal's id.
     */
    static void joinLinks(final DealStore deals)
    {
        deals.forEachPending(slot ->
        {
            if (deals.isLinked(slot))
            {
                deals.links().join(deals, slot);
            }
        });
    }

    // ---------------------------------------------------------------- retired clientDealIds

    /**
     * Per submitter index with any retired keys, ascending: the index, the count of high halves, then
     * each high half and its bitmap (Roaring's portable format) in unsigned order; -1 ends the section.
     */
    static void writeRetiredKeys(final DataOutputStream out, final DealStore deals) throws IOException
    {
        writeRetired(out, deals.retiredSubmitterBound(), deals::retired);
    }

    static void readRetiredKeys(final DataInput in, final DealStore deals, final int participantCount) throws IOException
    {
        readRetired(in, participantCount, deals::retiredOrNew, "key", "submitter");
    }

    /** Retired keys per owner index (a submitter's clientDealIds, an owner's clientRefs), in the layout above. */
    static void writeRetired(final DataOutputStream out, final int ownerBound, final IntFunction<RetiredClientDealIds> retiredOf)
        throws IOException
    {
        for (int owner = 0; owner < ownerBound; owner++)
        {
            final RetiredClientDealIds retired = retiredOf.apply(owner);
            if (retired != null && !retired.isEmpty())
            {
                out.writeInt(owner);
                retired.compact();
                final long[] highs = retired.sortedHighBits();
                out.writeInt(highs.length);
                for (final long high : highs)
                {
                    out.writeLong(high);
                    retired.block(high).serialize(out);
                }
            }
        }
        out.writeInt(-1);
    }

    /** Reads what {@link #writeRetired} wrote; {@code key} and {@code owner} name them in a refusal. */
    static void readRetired(
        final DataInput in,
        final int owners,
        final IntFunction<RetiredClientDealIds> retiredOrNew,
        final String key,
        final String owner)
        throws IOException
    {
        int previousOwner = -1;
        for (int index = in.readInt(); index != -1; index = in.readInt())
        {
            check(index > previousOwner && index < owners, "retired " + key + "s' " + owner + " index", index);
            previousOwner = index;
            final RetiredClientDealIds retired = retiredOrNew.apply(index);
            final int count = in.readInt();
            check(count >= 0 && count <= 1 << 20, "retired " + key + " blocks", count);
            long previous = -1;
            for (int i = 0; i < count; i++)
            {
                final long high = in.readLong();
                check(high >= 0 && high < 1L << 32 && (previous < 0 || high > previous), "retired " + key + " block", high);
                previous = high;
                final RoaringBitmap lows = new RoaringBitmap();
                lows.deserialize(in);
                check(!lows.isEmpty(), "empty retired " + key + " block", high);
                retired.addBlock(high, lows);
            }
        }
    }

    // ---------------------------------------------------------------- business calendar

    /** Weekends closed (1) or open (0), the holiday count, then the holidays in date order. */
    static void writeCalendar(final DataOutputStream out, final BusinessCalendar calendar) throws IOException
    {
        out.writeByte(calendar.weekendsClosed() ? 1 : 0);
        out.writeInt(calendar.holidayCount());
        for (int i = 0; i < calendar.holidayCount(); i++)
        {
            out.writeInt(calendar.holiday(i));
        }
    }

    static void readCalendar(final DataInput in, final BusinessCalendar calendar, final int businessDate, final boolean notDefault)
        throws IOException
    {
        final byte weekends = in.readByte();
        check(weekends == 0 || weekends == 1, "weekends flag", weekends);
        calendar.weekendsClosed(weekends == 1);
        final int count = in.readInt();
        check(count >= 0 && count <= BusinessCalendar.MAX_HOLIDAYS, "holiday count", count);
        int previous = 0;
        for (int i = 0; i < count; i++)
        {
            final int date = in.readInt();
            check(Dates.isValid(date) && date > previous, "holiday", date);
            previous = date;
            calendar.addHoliday(date);
        }
        check(!notDefault || !calendar.isDefault(), "calendar in format 3 that is the default one", count);
        check(businessDate == 0 || calendar.isBusinessDay(businessDate), "business date on a closed day", businessDate);
    }
}
