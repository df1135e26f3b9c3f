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
 *   stateHash (checked on reading), magic again
 * </pre>
 */
public final class EngineSnapshot
{
    private static final long MAGIC = 0x534554_4C534E4150L; // "SETLSNAP"
    private static final int FORMAT_VERSION = 1;

    private EngineSnapshot()
    {
    }

    /** Writes {@code engine}'s state; the caller owns (and closes) {@code stream}. */
    public static void write(final SettlementEngine engine, final OutputStream stream) throws IOException
    {
        final DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(stream, 1 << 16));
        out.writeLong(MAGIC);
        out.writeInt(FORMAT_VERSION);
        out.writeInt(engine.config().retainFinishedDays());
        out.writeInt(engine.businessDate);
        out.writeLong(engine.nextDealId);
        out.writeLong(engine.lastSequence);
        out.writeLong(engine.out.runningHash());
        out.writeLong(engine.out.eventCount());
        engine.ref.writeTo(out);
        engine.ledger.writeTo(out, engine.ref.instrumentCount());
        engine.limits.writeTo(out);

        final DealStore deals = engine.deals;
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
        out.writeLong(engine.stateHash());
        out.writeLong(MAGIC);
        out.flush();
    }

    /**
     * Reads a snapshot into a new engine whose config is {@code config} with the snapshot's
     * retention period (the value that shaped the state).
     *
     * @throws IOException on a truncated or corrupt snapshot, including a state hash mismatch.
     */
    public static SettlementEngine read(final InputStream stream, final EngineConfig config) throws IOException
    {
        final DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(stream, 1 << 16));
        if (in.readLong() != MAGIC)
        {
            throw new IOException("not a settlement engine snapshot (bad magic)");
        }
        final int version = in.readInt();
        if (version != FORMAT_VERSION)
        {
            throw new IOException("unsupported snapshot format version " + version);
        }
        config.retainFinishedDays(in.readInt());
        final SettlementEngine engine = new SettlementEngine(config);
        engine.businessDate = in.readInt();
        engine.nextDealId = in.readLong();
        engine.lastSequence = in.readLong();
        final long eventHash = in.readLong();
        final long eventCount = in.readLong();
        engine.out.restore(eventHash, eventCount);
        engine.ref.readFrom(in);
        engine.ledger.readFrom(in, engine.ref.instrumentCount());
        engine.limits.readFrom(in);

        final DealStore deals = engine.deals;
        final int count = in.readInt();
        deals.ensureCapacity(count);
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
            if (DealStatus.fromCode(status) == null)
            {
                throw new IOException("corrupt snapshot: deal " + dealId + " has status " + status);
            }
            final int slot = deals.restore(dealId, clientDealId, submitter, date, status);
            deals.buyer[slot] = buyer;
            deals.seller[slot] = seller;
            deals.security[slot] = security;
            deals.currency[slot] = currency;
            deals.quantity[slot] = quantity;
            deals.cashAmount[slot] = cash;
            deals.dealType[slot] = type;
            deals.lastFailReason[slot] = lastFail;
        }
        final long expectedHash = in.readLong();
        if (in.readLong() != MAGIC)
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

    /** Reads a snapshot with a default config (plus the snapshot's retention period). */
    public static SettlementEngine read(final InputStream stream) throws IOException
    {
        return read(stream, new EngineConfig());
    }
}
