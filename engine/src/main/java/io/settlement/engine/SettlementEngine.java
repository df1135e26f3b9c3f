package io.settlement.engine;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandType;
import io.settlement.engine.api.DealStatus;
import io.settlement.engine.api.DealType;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventSink;
import io.settlement.engine.api.EventType;
import io.settlement.engine.api.InstrumentKind;
import io.settlement.engine.api.LimitKind;
import io.settlement.engine.api.Reason;
import io.settlement.engine.api.Role;

/**
 * The settlement state machine: a pure, deterministic, single-threaded function from a command
 * stream to an event stream. No clock, no randomness, no I/O, no threads; it reads only the
 * command (whose sequence and timestamp were fixed before journaling). Replaying the same commands
 * into a fresh engine gives the same events, byte for byte, and the same {@link #stateHash()}.
 *
 * <p>Every command is validated completely before any state changes: a refused command changes
 * nothing (its outcome still folds into the running event hash). An exception out of
 * {@link #apply} is a bug, and the caller must stop (fail-stop), never carry on.
 *
 * <p>Outcomes per command: SubmitDeal gives DEAL_ACCEPTED or DEAL_REJECTED; CancelDeal gives
 * DEAL_CANCELLED; SetLimit gives LIMIT_SET; AdvanceBusinessDate gives BUSINESS_DATE_ADVANCED;
 * RunSettlementCycle gives DEAL_SETTLED / DEAL_SETTLEMENT_FAILED per attempt, CYCLE_SETTLED_VALUE per
 * currency and CYCLE_COMPLETED; queries give their report; everything else, and every refusal
 * other than a deal's, gives COMMAND_RESULT.
 */
public final class SettlementEngine
{
    /** Calendar days a finished deal stays in memory after its settlement date, until SET_RETENTION says otherwise. */
    public static final int DEFAULT_RETAIN_FINISHED_DAYS = 7;
    /** The longest retention period SET_RETENTION accepts (about ten years). */
    public static final int MAX_RETAIN_FINISHED_DAYS = 3650;

    private final EngineConfig config;
    final ReferenceData ref = new ReferenceData();
    final Ledger ledger = new Ledger();
    final LimitBook limits = new LimitBook();
    final DealStore deals = new DealStore();
    final EventEmitter out = new EventEmitter();
    final DealExposure exposure = new DealExposure(limits, ref);
    private final GrossSettlementCycle cycle = new GrossSettlementCycle(deals, ledger, exposure, ref, out);
    private final OperatorCommands operator = new OperatorCommands(this);
    private final Queries queries = new Queries(this);

    int businessDate;
    long nextDealId = 1;
    long lastSequence;
    /** Set by the journaled SET_RETENTION command; read at each date roll. */
    int retainFinishedDays = DEFAULT_RETAIN_FINISHED_DAYS;

    // indices resolved by validateDeal for the deal being registered
    private int dealBuyer;
    private int dealSeller;
    private int dealSecurity;
    private int dealCurrency;

    public SettlementEngine()
    {
        this(new EngineConfig());
    }

    public SettlementEngine(final EngineConfig config)
    {
        this.config = config;
        deals.ensureCapacity(config.initialDealCapacity());
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
     * @throws IllegalArgumentException for a command that is not a query (a bug in the caller).
     */
    public void query(final Command c, final EventSink sink)
    {
        if (!c.type.isQuery())
        {
            throw new IllegalArgumentException("not a query: " + c);
        }
        out.bindReadOnly(c, sink);
        switch (c.type)
        {
            case QUERY_DEAL: queries.queryDeal(c); break;
            case QUERY_POSITION: queries.queryPosition(c); break;
            case QUERY_LIMITS: queries.queryLimits(c); break;
            case QUERY_PARTICIPANTS: queries.queryParticipants(); break;
            default: throw new IllegalStateException("unhandled query type " + c.type);
        }
    }

    /**
     * Applies one journaled command, emitting its outcomes to {@code sink} before returning. A query
     * given here (journals written before queries stopped being journaled hold them) is answered and,
     * as then, counts in the last sequence, the event hash and the event count.
     */
    public void apply(final Command c, final EventSink sink)
    {
        out.bind(c, sink);
        lastSequence = c.sequence;
        switch (c.type)
        {
            case SUBMIT_DEAL: submitDeal(c); break;
            case CANCEL_DEAL: cancelDeal(c); break;
            case QUERY_DEAL: queries.queryDeal(c); break;
            case QUERY_POSITION: queries.queryPosition(c); break;
            case QUERY_LIMITS: queries.queryLimits(c); break;
            case QUERY_PARTICIPANTS: queries.queryParticipants(); break;
            case CREATE_PARTICIPANT: operator.createParticipant(c); break;
            case CREATE_INSTRUMENT: operator.createInstrument(c); break;
            case DEPOSIT: operator.deposit(c); break;
            case WITHDRAW: operator.withdraw(c); break;
            case SET_LIMIT: operator.setLimit(c); break;
            case ADVANCE_BUSINESS_DATE: operator.advanceBusinessDate(c); break;
            case RUN_SETTLEMENT_CYCLE: runSettlementCycle(c); break;
            case SET_RETENTION: operator.setRetention(c); break;
            default: throw new IllegalStateException("unhandled command type " + c.type);
        }
    }

    // ---------------------------------------------------------------- deals

    private void submitDeal(final Command c)
    {
        final int submitter = ref.participantIndex(c.submitterId);
        if (submitter == ReferenceData.NONE)
        {
            rejectDeal(Reason.UNKNOWN_PARTICIPANT);
            return;
        }
        final byte role = ref.role(submitter);
        if (role != Role.MEMBER.code() && role != Role.OPERATOR.code())
        {
            rejectDeal(Reason.NOT_AUTHORISED);
            return;
        }
        final int existing = deals.slotOfClientDeal(submitter, c.clientDealId);
        if (existing != DealStore.NONE)
        {
            if (sameContent(existing, c))
            {
                emitDeal(EventType.DEAL_ACCEPTED, existing).count = 1;
                out.emit();
            }
            else
            {
                rejectDeal(Reason.DUPLICATE_CLIENT_DEAL_ID);
            }
            return;
        }
        if (deals.isRetired(submitter, c.clientDealId))
        {
            // its deal finished and was purged: the key stays taken, but the deal's content is gone
            rejectDeal(Reason.CLIENT_DEAL_ID_RETIRED);
            return;
        }

        final Reason invalid = validateDeal(c, submitter, role);
        if (invalid != Reason.OK)
        {
            rejectDeal(invalid);
            return;
        }
        final boolean dvp = c.dealType == DealType.DVP.code();
        final int buyer = dealBuyer;
        final int seller = dealSeller;
        final int security = dealSecurity;
        final int currency = dealCurrency;
        final Reason overLimit = exposure.check(dvp, buyer, seller, security, currency, c.quantity, c.cashAmount);
        if (overLimit != Reason.OK)
        {
            rejectDeal(overLimit);
            return;
        }

        final int slot = deals.add(nextDealId++, c.clientDealId, submitter, c.settlementDate);
        deals.buyer[slot] = buyer;
        deals.seller[slot] = seller;
        deals.security[slot] = security;
        deals.currency[slot] = currency;
        deals.quantity[slot] = c.quantity;
        deals.cashAmount[slot] = c.cashAmount;
        deals.dealType[slot] = c.dealType;
        exposure.take(deals, slot, dvp);
        emitDeal(EventType.DEAL_ACCEPTED, slot);
        out.emit();
    }

    /** Static checks of a new deal, in the order their reasons are documented; resolves its indices. */
    private Reason validateDeal(final Command c, final int submitter, final byte submitterRole)
    {
        final DealType type = DealType.fromCode(c.dealType);
        if (type == null)
        {
            return Reason.INVALID_FIELD;
        }
        // the submitter is usually one of the parties: its index is already known
        final int buyer = c.buyerId == c.submitterId ? submitter : ref.participantIndex(c.buyerId);
        final int seller = c.sellerId == c.submitterId ? submitter : ref.participantIndex(c.sellerId);
        if (buyer == ReferenceData.NONE || seller == ReferenceData.NONE)
        {
            return Reason.UNKNOWN_PARTICIPANT;
        }
        if (buyer == seller)
        {
            return Reason.SAME_BUYER_AND_SELLER;
        }
        if (ref.role(buyer) != Role.MEMBER.code() || ref.role(seller) != Role.MEMBER.code())
        {
            return Reason.NOT_AUTHORISED;
        }
        if (submitterRole == Role.MEMBER.code() && submitter != buyer && submitter != seller)
        {
            return Reason.NOT_A_PARTY;
        }
        final int security = ref.instrumentIndex(c.securityId);
        final Reason securityCheck = checkInstrument(security, InstrumentKind.SECURITY);
        if (securityCheck != Reason.OK)
        {
            return securityCheck;
        }
        int currency = ReferenceData.NONE;
        if (type == DealType.DVP || c.currencyId != 0)
        {
            currency = ref.instrumentIndex(c.currencyId);
            final Reason currencyCheck = checkInstrument(currency, InstrumentKind.CURRENCY);
            if (currencyCheck != Reason.OK)
            {
                return currencyCheck;
            }
        }
        if (c.quantity <= 0)
        {
            return Reason.INVALID_QUANTITY;
        }
        if (type == DealType.DVP ? c.cashAmount <= 0 : c.cashAmount != 0)
        {
            return Reason.INVALID_AMOUNT;
        }
        if (!Dates.isValid(c.settlementDate))
        {
            return Reason.INVALID_DATE;
        }
        if (c.settlementDate < businessDate)
        {
            return Reason.SETTLEMENT_DATE_IN_PAST;
        }
        dealBuyer = buyer;
        dealSeller = seller;
        dealSecurity = security;
        dealCurrency = currency;
        return Reason.OK;
    }

    /** @param index an instrument index as {@link ReferenceData#instrumentIndex} gave it (NONE: unknown). */
    Reason checkInstrument(final int index, final InstrumentKind kind)
    {
        if (index == ReferenceData.NONE)
        {
            return Reason.UNKNOWN_INSTRUMENT;
        }
        return ref.isKind(index, kind) ? Reason.OK : Reason.WRONG_INSTRUMENT_KIND;
    }

    private boolean sameContent(final int slot, final Command c)
    {
        final int currency = deals.currency[slot];
        return ref.participantId(deals.buyer[slot]) == c.buyerId
            && ref.participantId(deals.seller[slot]) == c.sellerId
            && ref.instrumentId(deals.security[slot]) == c.securityId
            && (currency == ReferenceData.NONE ? 0 : ref.instrumentId(currency)) == c.currencyId
            && deals.quantity[slot] == c.quantity
            && deals.cashAmount[slot] == c.cashAmount
            && deals.settlementDate[slot] == c.settlementDate
            && deals.dealType[slot] == c.dealType;
    }

    private void rejectDeal(final Reason reason)
    {
        final Event e = out.reply(EventType.DEAL_REJECTED);
        e.clientDealId = out.command().clientDealId;
        e.reason = reason;
        out.emit();
    }

    private void cancelDeal(final Command c)
    {
        final int submitter = ref.participantIndex(c.submitterId);
        if (submitter == ReferenceData.NONE)
        {
            result(Reason.UNKNOWN_PARTICIPANT);
            return;
        }
        final byte role = ref.role(submitter);
        if (role != Role.MEMBER.code() && role != Role.OPERATOR.code())
        {
            result(Reason.NOT_AUTHORISED);
            return;
        }
        final int slot = deals.slotOf(c.dealId);
        if (slot == DealStore.NONE)
        {
            // a purged deal had finished (its parties are no longer known)
            result(wasPurged(c.dealId) ? Reason.DEAL_NOT_PENDING : Reason.UNKNOWN_DEAL);
            return;
        }
        if (role == Role.MEMBER.code() && deals.buyer[slot] != submitter && deals.seller[slot] != submitter)
        {
            result(Reason.NOT_A_PARTY);
            return;
        }
        if (!deals.isPending(slot))
        {
            result(Reason.DEAL_NOT_PENDING);
            return;
        }
        exposure.release(deals, slot);
        deals.finish(slot, DealStatus.CANCELLED);
        final Event e = out.reply(EventType.DEAL_CANCELLED);
        e.dealId = deals.dealId[slot];
        e.clientDealId = deals.clientDealId[slot];
        e.buyerId = ref.participantId(deals.buyer[slot]);
        e.sellerId = ref.participantId(deals.seller[slot]);
        out.emit();
    }

    /** Every dealId below nextDealId was given to an accepted deal; one no longer in memory was purged. */
    boolean wasPurged(final long dealId)
    {
        return dealId > 0 && dealId < nextDealId;
    }

    Event emitDeal(final EventType type, final int slot)
    {
        final Event e = out.reply(type);
        fillDeal(e, deals, slot, ref);
        return e;
    }

    static void fillDeal(final Event e, final DealStore deals, final int slot, final ReferenceData ref)
    {
        final int currency = deals.currency[slot];
        e.dealId = deals.dealId[slot];
        e.clientDealId = deals.clientDealId[slot];
        e.buyerId = ref.participantId(deals.buyer[slot]);
        e.sellerId = ref.participantId(deals.seller[slot]);
        e.securityId = ref.instrumentId(deals.security[slot]);
        e.currencyId = currency == ReferenceData.NONE ? 0 : ref.instrumentId(currency);
        e.quantity = deals.quantity[slot];
        e.cashAmount = deals.cashAmount[slot];
        e.settlementDate = deals.settlementDate[slot];
        e.dealType = deals.dealType[slot];
        e.dealStatus = deals.status[slot];
        e.reason = Reason.fromCode(deals.lastFailReason[slot]);
    }

    void emitLimit(final EventType type, final long participantId, final int account)
    {
        final Event e = out.reply(type);
        e.participantId = participantId;
        e.limitKind = limits.kindCode(account);
        e.limitKey = limits.externalKey(account);
        e.amount = limits.limit(account);
        e.utilised = limits.utilised(account);
        out.emit();
    }

    private void runSettlementCycle(final Command c)
    {
        final Reason r = operator.authorise(Role.OPERATOR, Role.OPERATOR);
        if (r != Reason.OK)
        {
            result(r);
            return;
        }
        cycle.run(businessDate);
    }

    void result(final Reason reason)
    {
        final Event e = out.reply(EventType.COMMAND_RESULT);
        e.commandType = out.command().type.code();
        e.reason = reason;
        out.emit();
    }

    // ---------------------------------------------------------------- state

    public int businessDate()
    {
        return businessDate;
    }

    /** Sequence of the last command applied (0 before any). */
    public long lastSequence()
    {
        return lastSequence;
    }

    /** The retention period in force: calendar days a finished deal stays in memory after its settlement date. */
    public int retainFinishedDays()
    {
        return retainFinishedDays;
    }

    public long pendingDealCount()
    {
        return deals.pendingCount();
    }

    /** Retired clientDealIds (of purged deals) held, over all submitters. */
    public long retiredClientDealIdCount()
    {
        long n = 0;
        for (int submitter = 0; submitter < deals.retiredSubmitterBound(); submitter++)
        {
            final RetiredClientDealIds retired = deals.retired(submitter);
            n += retired == null ? 0 : retired.cardinality();
        }
        return n;
    }

    /** Bytes the sets of retired clientDealIds take (the bitmaps' own estimate): for footprint figures. */
    public long retiredClientDealIdBytes()
    {
        long bytes = 0;
        for (int submitter = 0; submitter < deals.retiredSubmitterBound(); submitter++)
        {
            final RetiredClientDealIds retired = deals.retired(submitter);
            bytes += retired == null ? 0 : retired.sizeInBytes();
        }
        return bytes;
    }

    /** Deals held in memory: pending ones plus finished ones still within the retention period. */
    public long liveDealCount()
    {
        return deals.liveCount();
    }

    /** @return the balance, or 0 for an unknown participant or instrument. */
    public long balance(final long participantId, final int instrumentId)
    {
        final int participant = ref.participantIndex(participantId);
        final int instrument = ref.instrumentIndex(instrumentId);
        return participant == ReferenceData.NONE || instrument == ReferenceData.NONE ? 0 : ledger.balance(participant, instrument);
    }

    /** Deposits minus withdrawals of an instrument. */
    public long supply(final int instrumentId)
    {
        final int instrument = ref.instrumentIndex(instrumentId);
        return instrument == ReferenceData.NONE ? 0 : ledger.supply(instrument);
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
     * utilisation, every live deal, the retired clientDealIds, the business date, the next deal id
     * and the retention period. Independent of hash-map
     * iteration order and of internal slot numbers; excludes the event hash, so a refused command
     * leaves it unchanged.
     */
    public long stateHash()
    {
        long h = Hashing.combine(0x5E771EL, businessDate);
        h = Hashing.combine(h, nextDealId);
        h = Hashing.combine(h, retainFinishedDays);
        h = Hashing.combine(h, ref.stateHash());
        h = Hashing.combine(h, ledger.stateHash(ref.instrumentCount()));
        h = Hashing.combine(h, limits.stateHash());
        final long[] dealsSum = {0};
        deals.forEachLiveSlot(slot -> dealsSum[0] += dealHash(slot));
        h = Hashing.combine(h, dealsSum[0]);
        for (int submitter = 0; submitter < deals.retiredSubmitterBound(); submitter++)
        {
            final RetiredClientDealIds retired = deals.retired(submitter);
            if (retired != null && !retired.isEmpty())
            {
                h = Hashing.combine(Hashing.combine(h, submitter), retired.stateHash());
            }
        }
        return h;
    }

    private long dealHash(final int slot)
    {
        long h = Hashing.mix(deals.dealId[slot]);
        h = Hashing.combine(h, deals.clientDealId[slot]);
        h = Hashing.combine(h, deals.submitter[slot]);
        h = Hashing.combine(h, deals.buyer[slot]);
        h = Hashing.combine(h, deals.seller[slot]);
        h = Hashing.combine(h, deals.security[slot]);
        h = Hashing.combine(h, deals.currency[slot]);
        h = Hashing.combine(h, deals.quantity[slot]);
        h = Hashing.combine(h, deals.cashAmount[slot]);
        h = Hashing.combine(h, deals.settlementDate[slot]);
        h = Hashing.combine(h, deals.dealType[slot]);
        h = Hashing.combine(h, deals.status[slot]);
        return Hashing.combine(h, deals.lastFailReason[slot]);
    }

    /**
     * Reports every live deal (pending, and finished ones within retention), in dealId order, as a
     * DEAL_REPORT event: for exports. Allocates; not for the hot path.
     */
    public void forEachDeal(final java.util.function.Consumer<Event> visitor)
    {
        final Event e = new Event();
        for (final int slot : deals.slotsInDealIdOrder())
        {
            e.clear().reset(EventType.DEAL_REPORT, lastSequence, 0, 0);
            fillDeal(e, deals, slot, ref);
            visitor.accept(e);
        }
    }

    /** A participant's balance of an instrument, for exports. */
    public interface BalanceVisitor
    {
        void visit(long participantId, int instrumentId, long balance);
    }

    /** Reports every non-zero balance, sorted by participant id then instrument id. Allocates. */
    public void forEachBalance(final BalanceVisitor visitor)
    {
        final java.util.List<long[]> rows = new java.util.ArrayList<>();
        ledger.forEachBalance((participant, instrument, balance) ->
            rows.add(new long[] {ref.participantId(participant), ref.instrumentId(instrument), balance}));
        rows.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        for (final long[] row : rows)
        {
            visitor.visit(row[0], (int)row[1], row[2]);
        }
    }

    /** Checks the invariants of DESIGN.md section 4 against the whole state; O(state). */
    public java.util.List<String> checkInvariants()
    {
        return Invariants.check(this);
    }
}
