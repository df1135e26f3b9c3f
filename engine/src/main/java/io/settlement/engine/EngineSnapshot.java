package io.settlement.engine;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import io.settlement.engine.api.DealStatus;

/**
 * Writes the whole state of an engine to a byte stream and reads it into a fresh engine, which
 * then has the same {@link SettlementEngine#stateHash()} and behaves identically. Everything is
 * written in a canonical order (creation order for reference data, sorted keys for maps, dealId
 * order for deals); indexes such as the per-date pending lists are rebuilt on reading.
 *
 * <pre>
 *   magic "SETLSNAP", format version, retainFinishedDays, businessDate, nextDealId,
 *   lastSequence, eventHash, eventCount, reference data, ledger, limit book, deals,
 *   retired clientDealIds (per submitter index with any: index, then its keys), -1, stateHash, magic
 * </pre>
 * all of it in CRC32C-checked chunks ({@link ChecksummedChunks}).
 *
 * Reading refuses anything corrupt or truncated with an {@link IOException}: each chunk's CRC is
 * verified before its bytes are parsed; every count and index is checked against what has been read
 * so far, so garbage cannot make it allocate without bound; the recomputed state hash must equal the
 * recorded one.
 */
public final class EngineSnapshot
{
    private static final long MAGIC = 0x534554_4C534E4150L; // "SETLSNAP"
    private static final int FORMAT_VERSION = 2;

    private EngineSnapshot()
    {
    }

    /** Writes {@code engine}'s state; the caller owns (and closes) {@code stream}. */
    public static void write(final SettlementEngine engine, final OutputStream stream) throws IOException
    {
        final ChecksummedChunks.Out chunks = new ChecksummedChunks.Out(stream);
        final DataOutputStream out = new DataOutputStream(chunks);
        out.writeLong(MAGIC);
        out.writeInt(FORMAT_VERSION);
        final EngineState state = engine.state();
        out.writeInt(state.retainFinishedDays());
        out.writeInt(state.businessDate());
        out.writeLong(state.nextDealId());
        out.writeLong(state.lastSequence());
        out.writeLong(engine.eventHash());
        out.writeLong(engine.eventCount());
        state.referenceData().writeTo(out);
        state.ledger().writeTo(out, state.referenceData().instrumentCount());
        state.limits().writeTo(out);

        final DealStore deals = state.deals();
        final int[] slots = deals.slotsInDealIdOrder();
        out.writeInt(slots.length);
        for (final int slot : slots)
        {
            out.writeLong(deals.dealId[slot]);
            out.writeLong(deals.clientDealId[slot]);
            out.writeInt(deals.submitter[slot]);
            out.writeInt(deals.buyer[slot]);
            out.writeInt(deals.seller[slot]);
            out.writeInt(deals.security[slot]);
            out.writeInt(deals.currency[slot]);
            out.writeLong(deals.quantity[slot]);
            out.writeLong(deals.cashAmount[slot]);
            out.writeInt(deals.settlementDate[slot]);
            out.writeByte(deals.dealType[slot]);
            out.writeByte(deals.status[slot]);
            out.writeByte(deals.lastFailReason[slot]);
        }
        for (int submitter = 0; submitter < deals.retiredSubmitterBound(); submitter++)
        {
            final RetiredClientDealIds retired = deals.retired(submitter);
            if (retired != null && !retired.isEmpty())
            {
                out.writeInt(submitter);
                retired.writeTo(out);
            }
        }
        out.writeInt(-1);
        out.writeLong(engine.stateHash());
        out.writeLong(MAGIC);
        chunks.close();
    }

    /**
     * Reads a snapshot into a new engine with {@code config} (sizing only; the retention period is
     * state and comes from the snapshot).
     *
     * @throws IOException on a truncated or corrupt snapshot, including a state hash mismatch.
     */
    public static SettlementEngine read(final InputStream stream, final EngineConfig config) throws IOException
    {
        final ChecksummedChunks.In chunks = new ChecksummedChunks.In(stream);
        final DataInputStream in = new DataInputStream(chunks);
        try
        {
            return read(in, chunks, config);
        }
        catch (final IOException ex)
        {
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            throw new IOException("corrupt snapshot: " + ex, ex);
        }
    }

    private static SettlementEngine read(final DataInputStream in, final ChecksummedChunks.In chunks, final EngineConfig config)
        throws IOException
    {
        if (in.readLong() != MAGIC)
        {
            throw new IOException("not a settlement engine snapshot (bad magic)");
        }
        final int version = in.readInt();
        if (version != FORMAT_VERSION)
        {
            throw new IOException("unsupported snapshot format version " + version);
        }
        final int retainFinishedDays = in.readInt();
        check(retainFinishedDays >= 0 && retainFinishedDays <= SettlementEngine.MAX_RETAIN_FINISHED_DAYS,
            "retention days", retainFinishedDays);
        final SettlementEngine engine = new SettlementEngine(config);
        final EngineState state = engine.state();
        state.retainFinishedDays(retainFinishedDays);
        final int businessDate = in.readInt();
        check(businessDate == 0 || Dates.isValid(businessDate), "business date", businessDate);
        state.businessDate(businessDate);
        state.nextDealId(in.readLong());
        state.lastSequence(in.readLong());
        final long eventHash = in.readLong();
        final long eventCount = in.readLong();
        engine.restoreEventHash(eventHash, eventCount);
        final ReferenceData ref = state.referenceData();
        ref.readFrom(in);
        final int participants = ref.participantCount();
        final int instruments = ref.instrumentCount();
        state.ledger().readFrom(in, participants, instruments);
        state.limits().readFrom(in, participants, instruments);
        final DealExposure exposure = new DealExposure(state.limits(), ref);

        final DealStore deals = state.deals();
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
            check(DealStatus.fromCode(status) != null, "deal status", status);
            previousDealId = dealId;
            final int slot = deals.restore(dealId, clientDealId, submitter, date, status);
            deals.buyer[slot] = buyer;
            deals.seller[slot] = seller;
            deals.security[slot] = security;
            deals.currency[slot] = currency;
            deals.quantity[slot] = quantity;
            deals.cashAmount[slot] = cash;
            deals.dealType[slot] = type;
            deals.lastFailReason[slot] = lastFail;
            if (status == DealStatus.PENDING.code())
            {
                exposure.relink(deals, slot);
            }
        }
        int previousSubmitter = -1;
        for (int submitter = in.readInt(); submitter != -1; submitter = in.readInt())
        {
            check(submitter > previousSubmitter && submitter < participants, "retired keys' submitter index", submitter);
            previousSubmitter = submitter;
            deals.retiredOrNew(submitter).readFrom(in);
        }
        final long expectedHash = in.readLong();
        if (in.readLong() != MAGIC || !chunks.atCleanEnd())
        {
            throw new IOException("corrupt snapshot: bad trailer");
        }
        final long actualHash = engine.stateHash();
        if (actualHash != expectedHash)
        {
            throw new IOException("corrupt snapshot: state hash " + Long.toHexString(actualHash)
                + " but the snapshot recorded " + Long.toHexString(expectedHash));
        }
        return engine;
    }

    /** Refuses a value read from a snapshot that cannot be right, before it is used. */
    static void check(final boolean valid, final String what, final long value) throws IOException
    {
        if (!valid)
        {
            throw new IOException("corrupt snapshot: " + what + " " + value);
        }
    }

    /** Reads a snapshot with a default config. */
    public static SettlementEngine read(final InputStream stream) throws IOException
    {
        return read(stream, new EngineConfig());
    }
}
