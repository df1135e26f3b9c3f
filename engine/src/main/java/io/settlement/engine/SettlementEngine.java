package io.settlement.engine;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.CommandType;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventSink;
import io.settlement.protocol.Codes;
import io.settlement.protocol.wire.Role;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The settlement state machine: a pure, deterministic, single-threaded function from a command
 * stream to an event stream. It reads each command where it lies, as its journal record, through the
 * flyweights generated from the journal schema: a ring slot, a journal excerpt, a replicated log. No clock, no randomness, no I/O, no threads; it reads only the
 * command (whose sequence and timestamp were fixed before journaling). Replaying the same commands
 * into a fresh engine gives the same events, byte for byte, and the same {@link #stateHash()}.
 *
 * <p>Every command is validated completely before any state changes: a refused command changes
 * nothing (its outcome still folds into the running event hash). An exception out of
 * {@link #apply} is a bug, and the caller must stop (fail-stop), never carry on.
 *
 * <p>Outcomes per command: SubmitDeal gives DEAL_ACCEPTED or DEAL_REJECTED; CancelDeal gives
 * DEAL_CANCELLED; HoldDeal / ReleaseDeal give DEAL_HELD / DEAL_RELEASED (COMMAND_RESULT OK when
 * nothing changes); SetLimit gives LIMIT_SET; AdvanceBusinessDate gives BUSINESS_DATE_ADVANCED;
 * RunSettlementCycle gives DEAL_SETTLED / DEAL_SETTLEMENT_FAILED per attempt, CYCLE_SETTLED_VALUE per
 * currency and CYCLE_COMPLETED; queries give their report; everything else, and every refusal
 * other than a deal's, gives COMMAND_RESULT.
 *
 * <p>This class only dispatches. The state is one explicit {@link EngineState}; each concern is a
 * handler that owns the writes to its part of it:
 * <pre>
 *   SUBMIT_DEAL, CANCEL_DEAL                 DealHandler            deals while pending, dealIds
 *   DEPOSIT, WITHDRAW                        FundingHandler         supply and funded balances
 *   CREATE_PARTICIPANT, CREATE_INSTRUMENT    ReferenceDataHandler   reference data
 *   SET_LIMIT                                LimitHandler           limits
 *   ADVANCE_BUSINESS_DATE, SET_RETENTION,    BusinessDateHandler    business date, retention, purges,
 *   SET_CALENDAR, SET_HOLIDAY                                       business calendar
 *   RUN_SETTLEMENT_CYCLE                     SettlementCycleHandler a SettlementCycle (gross or netted)
 *   HOLD_DEAL, RELEASE_DEAL                  HoldHandler            the held sides of pending deals
 *   SUBMIT_INSTRUCTION, CANCEL_INSTRUCTION,  InstructionHandler     instructions, matching rules, expiry
 *   SET_MATCHING_TOLERANCE,                                         (a match registers its deal through
 *   SET_INSTRUCTION_EXPIRY                                          DealHandler)
 *   QUERY_*                                  QueryHandler           nothing (reads)
 * </pre>
 * with the {@link EventEmitter}, the role checks ({@link Access}) and the limit exposure of deals
 * ({@link DealExposure}) as shared collaborators.
 */
public final class SettlementEngine
{
    /** Calendar days a finished deal stays in memory after its settlement date, until SET_RETENTION says otherwise. */
    public static final int DEFAULT_RETAIN_FINISHED_DAYS = 7;
    /** The longest retention period SET_RETENTION accepts (about ten years). */
    public static final int MAX_RETAIN_FINISHED_DAYS = 3650;

    private final EngineConfig config;
    private final EngineState state;
    private final EventEmitter out = new EventEmitter();
    private final CommandRecord command = new CommandRecord();
    /** Where a command given as an object is encoded as its record before it is applied. */
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[CommandCodec.MAX_LENGTH]);
    private final DealHandler deals;
    private final FundingHandler funding;
    private final ReferenceDataHandler referenceData;
    private final LimitHandler limits;
    private final BusinessDateHandler calendar;
    private final SettlementCycleHandler settlement;
    private final QueryHandler queries;
    private final HoldHandler holds;
    private final InstructionHandler instructions;

    public SettlementEngine()
    {
        this(new EngineConfig());
    }

    /** @throws io.settlement.engine.config.SettingException when a setting of {@code config} is out of range. */
    public SettlementEngine(final EngineConfig config)
    {
        this.config = config.conclude();
        this.state = new EngineState(config);
        final DealExposure exposure = new DealExposure(state.limits(), state.referenceData());
        this.deals = new DealHandler(state, exposure, out);
        this.funding = new FundingHandler(state, out);
        this.referenceData = new ReferenceDataHandler(state, out);
        this.limits = new LimitHandler(state, out);
        this.instructions = new InstructionHandler(state, deals, out);
        this.calendar = new BusinessDateHandler(state, out, instructions);
        final GrossSettlementCycle gross = new GrossSettlementCycle(state, exposure, out);
        this.settlement = new SettlementCycleHandler(
            state, gross, new NettedSettlementCycle(state, gross), out);
        this.queries = new QueryHandler(state, out);
        this.holds = new HoldHandler(state, out);
    }

    public EngineConfig config()
    {
        return config;
    }

    /**
     * Answers a read-only query (a command whose type {@link CommandType#isQuery() is a query}) without
     * changing anything: not the state, not {@link #lastSequence()}, not the running {@link #eventHash()}
     * nor {@link #eventCount()}. Its outcomes carry the command's sequence (the pipeline gives a query
     * the sequence of the last journaled command: the state it read). Queries are not journaled.
     *
     * <p>{@code record} is the query's framed journal record (docs/journal-format.md), read in place
     * through the journal schema's flyweights; it must stay unchanged until this returns.
     *
     * @throws IllegalArgumentException for a record that is not a query of this build (a bug in the caller).
     */
    public void query(final DirectBuffer record, final int offset, final EventSink sink)
    {
        final CommandRecord c = command.wrap(record, offset);
        if (!c.type().isQuery())
        {
            throw new IllegalArgumentException("not a query: " + c);
        }
        out.bindReadOnly(c, sink);
        queries.answer(c);
    }

    /**
     * Applies one journaled command, emitting its outcomes to {@code sink} before returning. A query
     * given here (journals written before queries stopped being journaled hold them) is answered and,
     * as then, counts in the last sequence, the event hash and the event count.
     *
     * <p>{@code record} is the command's framed journal record, whose frame has been checked (stage 1
     * sealed it, or a journal reader checked its length and checksum): the engine reads it in place
     * through the journal schema's flyweights, so the bytes the journal holds are exactly what was
     * applied. It must stay unchanged until this returns.
     *
     * @throws IllegalArgumentException for a record that is not a command of this build (a bug in the caller).
     */
    public void apply(final DirectBuffer record, final int offset, final EventSink sink)
    {
        final CommandRecord c = command.wrap(record, offset);
        out.bind(c, sink);
        state.lastSequence(c.sequence());
        switch (c.type())
        {
            case SUBMIT_DEAL: deals.submitDeal(c); break;
            case CANCEL_DEAL: deals.cancelDeal(c); break;
            case QUERY_DEAL:
            case QUERY_POSITION:
            case QUERY_LIMITS:
            case QUERY_PARTICIPANTS:
            case QUERY_INSTRUMENTS: queries.answer(c); break;
            case CREATE_PARTICIPANT: referenceData.createParticipant(c); break;
            case CREATE_INSTRUMENT: referenceData.createInstrument(c); break;
            case DEPOSIT: funding.deposit(c); break;
            case WITHDRAW: funding.withdraw(c); break;
            case SET_LIMIT: limits.setLimit(c); break;
            case ADVANCE_BUSINESS_DATE: calendar.advanceBusinessDate(c); break;
            case RUN_SETTLEMENT_CYCLE: settlement.runSettlementCycle(c); break;
            case SET_RETENTION: calendar.setRetention(c); break;
            case SET_CALENDAR: calendar.setCalendar(c); break;
            case SET_HOLIDAY: calendar.setHoliday(c); break;
            case HOLD_DEAL: holds.holdDeal(c); break;
            case RELEASE_DEAL: holds.releaseDeal(c); break;
            case SUBMIT_INSTRUCTION: instructions.submitInstruction(c); break;
            case CANCEL_INSTRUCTION: instructions.cancelInstruction(c); break;
            case QUERY_INSTRUCTION: queries.answer(c); break;
            case SET_MATCHING_TOLERANCE: instructions.setMatchingTolerance(c); break;
            case SET_INSTRUCTION_EXPIRY: instructions.setInstructionExpiry(c); break;
            default: throw new IllegalStateException("unhandled command type " + c.type());
        }
    }

    /**
     * {@link #query(DirectBuffer, int, EventSink)} for a command held as an object (tests, tools and
     * the operator's configuration loading): encodes it as its journal record first. Allocation-free.
     */
    public void query(final Command c, final EventSink sink)
    {
        CommandCodec.encode(c, scratch, 0);
        query(scratch, 0, sink);
    }

    /**
     * {@link #apply(DirectBuffer, int, EventSink)} for a command held as an object (tests, tools and
     * the operator's configuration loading): encodes it as its journal record first, exactly as the
     * journal would hold it. Allocation-free.
     */
    public void apply(final Command c, final EventSink sink)
    {
        CommandCodec.encode(c, scratch, 0);
        apply(scratch, 0, sink);
    }

    // ---------------------------------------------------------------- state

    /** The whole state, for the snapshot, the invariants and tests of this package. */
    EngineState state()
    {
        return state;
    }

    /** Sets the running event hash and count, as a snapshot recorded them. */
    void restoreEventHash(final long eventHash, final long eventCount)
    {
        out.restore(eventHash, eventCount);
    }

    public int businessDate()
    {
        return state.businessDate();
    }

    /** Sequence of the last command applied (0 before any). */
    public long lastSequence()
    {
        return state.lastSequence();
    }

    /** The retention period in force: calendar days a finished deal stays in memory after its settlement date. */
    public int retainFinishedDays()
    {
        return state.retainFinishedDays();
    }

    /** @return true when {@code yyyymmdd} is a business day of the calendar in force (every real day before any is set). */
    public boolean isBusinessDay(final int yyyymmdd)
    {
        return state.calendar().isBusinessDay(yyyymmdd);
    }

    /** @return true when Saturdays and Sundays are not business days. */
    public boolean weekendsClosed()
    {
        return state.calendar().weekendsClosed();
    }

    /** @return the holidays in force, in date order (a copy). */
    public int[] holidays()
    {
        return state.calendar().holidays();
    }

    public long pendingDealCount()
    {
        return state.deals().pendingCount();
    }

    /** Retired clientDealIds (of purged deals) held, over all submitters. */
    public long retiredClientDealIdCount()
    {
        return state.deals().retiredCount();
    }

    /** Bytes the sets of retired clientDealIds take (the bitmaps' own estimate): for footprint figures. */
    public long retiredClientDealIdBytes()
    {
        return state.deals().retiredBytes();
    }

    /** Instructions held in memory: waiting ones plus ended ones still within the retention period. */
    public long liveInstructionCount()
    {
        return state.instructions().liveCount();
    }

    /** Ended instructions purged after the retention period. */
    public long purgedInstructionCount()
    {
        return state.instructions().purgedCount();
    }

    /** Retired clientRefs (of purged instructions) held, over all owners. */
    public long retiredClientRefCount()
    {
        return state.instructions().retiredCount();
    }

    /** Bytes the sets of retired clientRefs take (the bitmaps' own estimate): for footprint figures. */
    public long retiredClientRefBytes()
    {
        return state.instructions().retiredBytes();
    }

    /** Deals held in memory: pending ones plus finished ones still within the retention period. */
    public long liveDealCount()
    {
        return state.deals().liveCount();
    }

    /** @return the balance, or 0 for an unknown participant or instrument. */
    public long balance(final long participantId, final int instrumentId)
    {
        final ReferenceData ref = state.referenceData();
        final int participant = ref.participantIndex(participantId);
        final int instrument = ref.instrumentIndex(instrumentId);
        return participant == ReferenceData.NONE || instrument == ReferenceData.NONE ? 0
            : state.ledger().balance(participant, instrument);
    }

    /** Deposits minus withdrawals of an instrument. */
    public long supply(final int instrumentId)
    {
        final int instrument = state.referenceData().instrumentIndex(instrumentId);
        return instrument == ReferenceData.NONE ? 0 : state.ledger().supply(instrument);
    }

    /** The ordered hash of every event emitted so far (of their encoded bytes). */
    public long eventHash()
    {
        return out.runningHash();
    }

    public long eventCount()
    {
        return out.eventCount();
    }

    /**
     * A 64-bit digest of the whole state: reference data, balances and supply, limits and their
     * utilisation, every live deal, the retired clientDealIds, the business date, the next deal id,
     * the retention period and the business calendar (when one was set). Independent of hash-map
     * iteration order and of internal slot numbers; excludes the event hash, so a refused command
     * leaves it unchanged.
     */
    public long stateHash()
    {
        return state.stateHash();
    }

    /**
     * Reports every live deal (pending, and finished ones within retention), in dealId order, as a
     * DEAL_REPORT event: for exports. Allocates; not for the hot path.
     */
    public void forEachDeal(final Consumer<Event> visitor)
    {
        queries.forEachDeal(visitor);
    }

    /**
     * Reports the live deals with a dealId above {@code afterDealId}, in dealId order, each as one
     * reused DEAL_REPORT event (copy what you keep), while {@code visitor} returns true: a page of a
     * deal list. Allocates one event; not for the hot path.
     */
    public void forEachDealAfter(final long afterDealId, final Predicate<Event> visitor)
    {
        queries.forEachDealAfter(afterDealId, visitor);
    }

    /** @return the role the engine holds for {@code participantId}, or null when it is not a participant. */
    public Role roleOf(final long participantId)
    {
        final ReferenceData ref = state.referenceData();
        final int index = ref.participantIndex(participantId);
        return index == ReferenceData.NONE ? null : Codes.role(ref.role(index));
    }

    /**
     * Tells {@code visitor} the currency instrument id of every pending deal (0: free of payment), in
     * no particular order: for counters (the pipeline's pending deals by currency, at start). Reads
     * the deal store once, without sorting.
     */
    public void forEachPendingDealCurrency(final java.util.function.IntConsumer visitor)
    {
        queries.forEachPendingDealCurrency(visitor);
    }

    /** A participant's balance of an instrument, for exports. */
    public interface BalanceVisitor
    {
        void visit(long participantId, int instrumentId, long balance);
    }

    /** Reports every non-zero balance, sorted by participant id then instrument id. Allocates. */
    public void forEachBalance(final BalanceVisitor visitor)
    {
        queries.forEachBalance(visitor);
    }

    /** An instrument as people read it: its code, ISIN and name (empty if created without them), minor units. */
    public interface InstrumentVisitor
    {
        void visit(int instrumentId, boolean security, String code, String isin, String name, int minorUnits);
    }

    /**
     * Reports every instrument in instrument-id order, with its minor units (its own, or for one created
     * without them the default of its kind and code: a currency's ISO 4217 minor units, 0 for a security). Allocates.
     */
    public void forEachInstrument(final InstrumentVisitor visitor)
    {
        final ReferenceData ref = state.referenceData();
        final byte[] code = new byte[Command.CODE_LENGTH];
        final byte[] isin = new byte[Command.CODE_LENGTH];
        final byte[] name = new byte[Command.NAME_LENGTH];
        for (int rank = 0; rank < ref.instrumentCount(); rank++)
        {
            final int index = ref.instrumentInIdOrder(rank);
            ref.copyCode(index, code);
            ref.copyIsin(index, isin);
            ref.copyInstrumentName(index, name);
            visitor.visit(ref.instrumentId(index), ref.isKind(index, io.settlement.protocol.wire.InstrumentKind.SECURITY),
                Command.text(code, java.nio.charset.StandardCharsets.US_ASCII), Command.text(isin, java.nio.charset.StandardCharsets.US_ASCII),
                Command.text(name, java.nio.charset.StandardCharsets.UTF_8), ref.minorUnits(index));
        }
    }

    /** @return how many instruments are registered. */
    public int instrumentCount()
    {
        return state.referenceData().instrumentCount();
    }

    /** Checks the invariants of DESIGN.md section 4 against the whole state; O(state). */
    public List<String> checkInvariants()
    {
        return Invariants.check(state);
    }
}
