package io.settlement.engine;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Writes the whole state of an engine to a byte stream and reads it into a fresh engine, which
 * then has the same {@link SettlementEngine#stateHash()} and behaves identically. Everything is
 * written in a canonical order (creation order for reference data, sorted keys for maps, dealId
 * order for deals); indexes such as the per-date pending lists are rebuilt on reading.
 *
 * <pre>
 *   magic "SETLSNAP", format version, retainFinishedDays, businessDate, nextDealId,
 *   lastSequence, eventHash, eventCount, reference data, ledger, limit book,
 *   [formats 7 and 8: two-sided matching ({@link MatchingSnapshotSection})], deals,
 *   retired clientDealIds (per submitter index with any: index, then its keys), -1,
 *   [formats 3-6: the business calendar], [formats 4-6: reference details],
 *   [formats 5-8: the held sides of deals on hold], [formats 6-8: linked and partial terms of deals],
 *   stateHash, magic
 * </pre>
 * A snapshot is written in format 2 while the business calendar is the default one (weekends open,
 * no holiday: the state of every engine before there were calendars, byte for byte) and no
 * participant or instrument has details (names, short codes, ISINs, minor units: the state of every
 * engine before there were details), in format 3 once a calendar is set, in format 4 once anything
 * has details, in format 5 while any deal has a side on hold and in format 6 while a live deal has
 * linked or partial terms (format 6 is format 5 with the terms after the held sides, whose count may
 * then be 0), in format 7 once an instruction was registered or a matching rule set (format 6 with
 * the matching section after the limit book), in format 8 in that case since instructions can be
 * purged (format 7 with instructionIds, end dates and retired clientRefs in the matching section: format 7
 * is no longer written, and read only while it holds no instruction that ended on a business date, whose
 * end date it lacks: docs/rules.md); each snapshot is written in the lowest format that holds its state,
 * and formats 2 to 8 are read.
 * all of it in CRC32C-checked chunks ({@link ChecksummedChunks}). The sections of the state are
 * {@link SnapshotSections}: this class writes the frame and the scalars, and hands each aggregate
 * to its section; the state classes know nothing of the format.
 *
 * Reading refuses anything corrupt or truncated with an {@link IOException}: each chunk's CRC is
 * verified before its bytes are parsed; every count and index is checked against what has been read
 * so far, so garbage cannot make it allocate without bound; the recomputed state hash must equal the
 * recorded one.
 */
public final class EngineSnapshot
{
    private static final long MAGIC = 0x534554_4C534E4150L; // "SETLSNAP"
    /** The format of a state whose business calendar is the default one: written exactly as before calendars. */
    private static final int FORMAT_VERSION_2 = 2;
    /** Format 2 with the business calendar after the retired clientDealIds. */
    private static final int FORMAT_VERSION_3 = 3;
    /** Format 3 (its calendar possibly the default one) with the reference details after the calendar. */
    private static final int FORMAT_VERSION_4 = 4;
    /** Format 4 with the held sides of the deals on hold after the reference details. */
    private static final int FORMAT_VERSION_5 = 5;
    /** Format 5 (its count of deals on hold possibly 0) with the linked and partial terms of deals after the held sides. */
    private static final int FORMAT_VERSION_6 = 6;
    /** Format 6 with two-sided matching (instructions, matching rules, matched deals) after the limit book. */
    private static final int FORMAT_VERSION_7 = 7;
    /** Format 7 whose matching section carries instructionIds, end dates, the count purged and the retired clientRefs. */
    private static final int FORMAT_VERSION_8 = 8;

    private EngineSnapshot()
    {
    }

    /** Writes {@code engine}'s state; the caller owns (and closes) {@code stream}. */
    public static void write(final SettlementEngine engine, final OutputStream stream) throws IOException
    {
        final EngineState state = engine.state();
        final ChecksummedChunks.Out chunks = new ChecksummedChunks.Out(stream);
        final DataOutputStream out = new DataOutputStream(chunks);
        out.writeLong(MAGIC);
        final boolean withMatching = !state.instructions().isDefault();
        final boolean withTerms = withMatching || SnapshotSections.anyDealTerms(state.deals());
        final boolean withHolds = withTerms || SnapshotSections.anyHeld(state.deals());
        final boolean withDetails = withHolds || state.referenceData().anyDetails();
        final boolean withCalendar = withDetails || !state.calendar().isDefault();
        out.writeInt(withMatching ? FORMAT_VERSION_8 : withTerms ? FORMAT_VERSION_6 : withHolds ? FORMAT_VERSION_5 : withDetails ? FORMAT_VERSION_4
            : withCalendar ? FORMAT_VERSION_3 : FORMAT_VERSION_2);
        out.writeInt(state.retainFinishedDays());
        out.writeInt(state.businessDate());
        out.writeLong(state.nextDealId());
        out.writeLong(state.lastSequence());
        out.writeLong(engine.eventHash());
        out.writeLong(engine.eventCount());
        SnapshotSections.writeReferenceData(out, state.referenceData());
        SnapshotSections.writeLedger(out, state.ledger(), state.referenceData().instrumentCount());
        SnapshotSections.writeLimits(out, state.limits());
        if (withMatching)
        {
            MatchingSnapshotSection.write(out, state);
        }
        SnapshotSections.writeDeals(out, state.deals());
        SnapshotSections.writeRetiredKeys(out, state.deals());
        if (withCalendar)
        {
            SnapshotSections.writeCalendar(out, state.calendar());
        }
        if (withDetails)
        {
            SnapshotSections.writeReferenceDetails(out, state.referenceData());
        }
        if (withHolds)
        {
            SnapshotSections.writeHolds(out, state.deals());
        }
        if (withTerms)
        {
            SnapshotSections.writeDealTerms(out, state.deals());
        }
        out.writeLong(state.stateHash());
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
        try
        {
            return read(chunks, config);
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

    private static SettlementEngine read(final ChecksummedChunks.In in, final EngineConfig config) throws IOException
    {
        if (in.readLong() != MAGIC)
        {
            throw new IOException("not a settlement engine snapshot (bad magic)");
        }
        final int version = in.readInt();
        if (version < FORMAT_VERSION_2 || version > FORMAT_VERSION_8)
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
        SnapshotSections.readReferenceData(in, state.referenceData());
        final int participants = state.referenceData().participantCount();
        final int instruments = state.referenceData().instrumentCount();
        SnapshotSections.readLedger(in, state.ledger(), participants, instruments);
        SnapshotSections.readLimits(in, state.limits(), participants, instruments);
        if (version >= FORMAT_VERSION_7)
        {
            SnapshotSections.readDeals(in, state, MatchingSnapshotSection.read(in, state, version >= FORMAT_VERSION_8));
        }
        else
        {
            SnapshotSections.readDeals(in, state);
        }
        SnapshotSections.readRetiredKeys(in, state.deals(), participants);
        if (version >= FORMAT_VERSION_3)
        {
            SnapshotSections.readCalendar(in, state.calendar(), businessDate, version == FORMAT_VERSION_3);
        }
        if (version >= FORMAT_VERSION_4)
        {
            SnapshotSections.readReferenceDetails(in, state.referenceData());
        }
        if (version >= FORMAT_VERSION_5)
        {
            SnapshotSections.readHolds(in, state.deals(), version == FORMAT_VERSION_5);
        }
        if (version >= FORMAT_VERSION_6)
        {
            SnapshotSections.readDealTerms(in, state.deals());
        }
        SnapshotSections.joinLinks(state.deals());
        final long expectedHash = in.readLong();
        if (in.readLong() != MAGIC || !in.atCleanEnd())
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
