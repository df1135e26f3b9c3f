package io.settlement.engine;

/**
 * Everything the engine knows, in one explicit object that the handlers receive: the four
 * aggregates (reference data, ledger, limit book, deal store with its retired clientDealIds) and the
 * engine-wide scalars. It holds no behaviour beyond reading itself (the state hash); who changes
 * what is the handlers' business, and each scalar names its one writer:
 * <ul>
 *   <li>business date, retention period and business calendar: {@link BusinessDateHandler};</li>
 *   <li>next deal id: {@link DealHandler} (it issues dealIds);</li>
 *   <li>last sequence: {@link SettlementEngine#apply}, before dispatching.</li>
 * </ul>
 * {@link EngineSnapshot} writes all of it and rebuilds it through these accessors.
 */
final class EngineState
{
    private final ReferenceData referenceData = new ReferenceData();
    private final Ledger ledger = new Ledger();
    private final LimitBook limits = new LimitBook();
    private final DealStore deals = new DealStore();
    private final BusinessCalendar calendar = new BusinessCalendar();
    private final InstructionStore instructions = new InstructionStore();

    private int businessDate;
    private long nextDealId = 1;
    private long lastSequence;
    /** Set by the journaled SET_RETENTION command; read at each date roll. */
    private int retainFinishedDays = SettlementEngine.DEFAULT_RETAIN_FINISHED_DAYS;

    EngineState(final EngineConfig config)
    {
        deals.ensureCapacity(config.initialDealCapacity());
    }

    ReferenceData referenceData()
    {
        return referenceData;
    }

    Ledger ledger()
    {
        return ledger;
    }

    LimitBook limits()
    {
        return limits;
    }

    DealStore deals()
    {
        return deals;
    }

    /** Settlement instructions and the matching rules: {@link InstructionHandler}'s. */
    InstructionStore instructions()
    {
        return instructions;
    }

    /** The business calendar: set by SET_CALENDAR and SET_HOLIDAY, read by the date roll and deal registration. */
    BusinessCalendar calendar()
    {
        return calendar;
    }

    int businessDate()
    {
        return businessDate;
    }

    void businessDate(final int date)
    {
        businessDate = date;
    }

    /** The dealId the next accepted deal gets. */
    long nextDealId()
    {
        return nextDealId;
    }

    void nextDealId(final long dealId)
    {
        nextDealId = dealId;
    }

    /** @return the dealId for a deal being accepted; the next one follows it. */
    long issueDealId()
    {
        return nextDealId++;
    }

    /** Every dealId below {@link #nextDealId()} was given to an accepted deal; one no longer in memory was purged. */
    boolean wasIssued(final long dealId)
    {
        return dealId > 0 && dealId < nextDealId;
    }

    /** Sequence of the last command applied (0 before any). */
    long lastSequence()
    {
        return lastSequence;
    }

    void lastSequence(final long sequence)
    {
        lastSequence = sequence;
    }

    /** Calendar days a finished deal stays in memory after its settlement date. */
    int retainFinishedDays()
    {
        return retainFinishedDays;
    }

    void retainFinishedDays(final int days)
    {
        retainFinishedDays = days;
    }

    /**
     * A 64-bit digest of the whole state: reference data, balances and supply, limits and their
     * utilisation, every live deal, the retired clientDealIds, the business date, the next deal id
     * and the retention period, and the business calendar when it is not the default one (so that
     * the state of an engine never given a calendar hashes as before there were calendars).
     * Independent of hash-map iteration order and of internal slot numbers; the last sequence is
     * not part of it.
     */
    long stateHash()
    {
        long h = Hashing.combine(0x5E771EL, businessDate);
        h = Hashing.combine(h, nextDealId);
        h = Hashing.combine(h, retainFinishedDays);
        h = Hashing.combine(h, referenceData.stateHash());
        h = Hashing.combine(h, ledger.stateHash(referenceData.instrumentCount()));
        h = Hashing.combine(h, limits.stateHash());
        h = Hashing.combine(h, deals.liveDealsHash());
        h = deals.foldRetiredHash(h);
        h = calendar.isDefault() ? h : Hashing.combine(h, calendar.stateHash());
        // instructions and matching rules only once there are any: a state without them hashes as before matching
        h = instructions.isDefault() ? h : Hashing.combine(h, instructions.stateHash());
        return deals.purgedMatchedCount() == 0 ? h : Hashing.combine(h, deals.purgedMatchedCount());
    }
}
