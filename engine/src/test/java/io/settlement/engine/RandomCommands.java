package io.settlement.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandType;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.CycleMode;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.LimitKind;
import io.settlement.protocol.wire.Role;

/**
 * A deterministic generator of random, mostly plausible command streams (a test helper, not a
 * test): the same seed gives the same commands, provided the same outcomes are fed back through
 * {@link #observe} (or none at all). Randomness is the test's; the engine never sees any.
 *
 * <p>A stream starts with setup (participants of every role, instruments, initial funding and a
 * few limits), submitted by {@link Command#SYSTEM_SUBMITTER} and an operator, then mixes deals
 * (DVP and FOP, mostly valid between {@link #MEMBERS}), idempotent resubmissions and clashing
 * clientDealIds, cancels, funding, limits of every kind, business date moves, frequent settlement
 * cycles and queries, with a sprinkling of bad values: zero, negative and near-{@code Long.MAX_VALUE}
 * amounts, unknown ids, wrong instrument kinds, impossible dates, commands from the wrong role.
 * Every command gets {@code sequence = index + 1}.
 *
 * <p>A third of the streams also have bursts of hundreds of deals with nothing else in between,
 * so that the deal store grows past its first slab (1024 live deals).
 *
 * <p>{@link #observe} is optional feedback: it lets cancels and queries aim at deals that exist.
 */
final class RandomCommands
{
    static final long OPERATOR = 900;
    static final long OPERATOR_2 = 901;
    static final long RISK = 800;
    static final long AUDITOR = 700;
    static final long[] MEMBERS = {101, 102, 103, 104, 105, 106, 107, 108};
    static final long UNKNOWN_PARTICIPANT = 4242;
    static final int[] SECURITIES = {10, 11, 12};
    static final int[] CURRENCIES = {840, 978};
    static final int UNKNOWN_INSTRUMENT = 555;
    /** The first business date of a stream (most streams set it during setup). */
    static final int START_DATE = 20260105;

    /** Marks "a member that is a party to the deal", chosen with the parties. */
    private static final long A_PARTY = Long.MIN_VALUE;

    private final Random rnd;
    /**
     * For a stream with reference details (journal schema version 4), the draws that give its
     * CreateParticipant and CreateInstrument commands their names, short codes, ISINs and minor units,
     * good or bad; null for a stream of version-1 creations only. Apart from {@link #rnd}, so the rest
     * of the stream is the same commands either way.
     */
    private final Random details;
    /**
     * For a stream with linked and partial settlement terms (journal schema version 5), the draws that
     * give its new SubmitDeal commands a linkId, the partial flag and a minimum, good or bad; null for a
     * stream of plain deals. Apart from {@link #rnd}, so the rest of the stream is drawn the same either way.
     */
    private final Random terms;
    /** Set by {@link #submitDeal}: the command being drawn is a new deal (not a resubmission). */
    private boolean freshDeal;
    private String lastShortCode = "M3000";
    /**
     * For a stream with cycle modes ({@link #withCycleModes}), the draws that give each RunSettlementCycle
     * its mode (NETTED, GROSS, none as an old record, or an unknown code); null for a stream of modeless
     * GROSS cycles. Apart from {@link #rnd}, so the rest of the stream is the same commands either way.
     */
    private Random modes;
    /** The calendar commands of a stream that has them, else null. */
    private final RandomCalendarCommands calendar;
    /** The hold / release commands of a stream that has them, else null. */
    private final RandomHoldCommands holds;
    /** The two-sided matching commands of a stream that has them ({@link #withMatching}), else null. */
    private RandomMatchingCommands matching;
    private final int retainDays;
    private final List<Command> setup = new ArrayList<>();
    private final LinkedHashSet<Long> participantIds = new LinkedHashSet<>();
    private final LinkedHashSet<Integer> instrumentIds = new LinkedHashSet<>();

    private int index;
    private int businessDate;
    private long nextClientDealId = 1;
    private long submitCount;
    private long nextNewParticipant = 3000;
    private long nextNewInstrument = 30;
    /** Some streams have bursts of deals with no cycle in between, to grow the deal store past its first slab. */
    private final boolean bursty;
    private int burstLeft;

    /** Recent SubmitDeal commands, for exact and altered resubmissions. */
    private final Command[] recentSubmits = new Command[32];
    private int recentSubmitCount;
    /** Deals seen accepted (via {@link #observe}); a ring of the most recent. */
    private final long[] recentDeals = new long[64];
    private int recentDealCount;
    /** Deals seen accepted and not yet seen settled or cancelled (via {@link #observe}). */
    private final LinkedHashSet<Long> pendingDeals = new LinkedHashSet<>();
    private long maxDealIdSeen;

    /** A stream whose setup starts with SET_RETENTION of {@link #retentionFor}(seed) days. */
    RandomCommands(final long seed)
    {
        this(seed, retentionFor(seed));
    }

    /** A stream whose setup starts with SET_RETENTION of {@code retainDays} (from the system submitter). */
    RandomCommands(final long seed, final int retainDays)
    {
        this(seed, retainDays, false);
    }

    /**
     * A stream whose setup starts with SET_RETENTION of {@code retainDays}; {@code withCalendar} adds
     * calendar commands ({@link RandomCalendarCommands}) between the others, which are then the same
     * commands as without (a calendar changes their outcomes, not their drawing).
     */
    RandomCommands(final long seed, final int retainDays, final boolean withCalendar)
    {
        this(seed, retainDays, withCalendar, false);
    }

    /**
     * As {@link #RandomCommands(long, int, boolean)}; {@code withDetails} gives most of the stream's
     * CreateParticipant and CreateInstrument commands (after the setup) reference details, good or bad.
     */
    RandomCommands(final long seed, final int retainDays, final boolean withCalendar, final boolean withDetails)
    {
        this(seed, retainDays, withCalendar, withDetails, false);
    }

    /**
     * As {@link #RandomCommands(long, int, boolean, boolean)}; {@code withTerms} gives many of the stream's
     * new deals linked and partial settlement terms (a few link ids per submitter, so that groups form,
     * span dates and get cancelled members; partial deals with minimums, now and then a bad one).
     */
    RandomCommands(final long seed, final int retainDays, final boolean withCalendar, final boolean withDetails,
        final boolean withTerms)
    {
        this(seed, retainDays, withCalendar, withDetails, withTerms, false);
    }

    /**
     * As {@link #RandomCommands(long, int, boolean, boolean, boolean)}; {@code withHolds} adds HoldDeal and
     * ReleaseDeal commands ({@link RandomHoldCommands}) between the others, which are then the same commands
     * as without (terms and holds each come from a Random of their own).
     */
    RandomCommands(final long seed, final int retainDays, final boolean withCalendar, final boolean withDetails,
        final boolean withTerms, final boolean withHolds)
    {
        this.holds = withHolds ? new RandomHoldCommands(seed) : null;
        this.terms = withTerms ? new Random(seed * 0x9E3779B97F4A7C15L + 13) : null;
        this.details = withDetails ? new Random(~seed) : null;
        this.retainDays = retainDays;
        this.calendar = withCalendar ? new RandomCalendarCommands(seed) : null;
        rnd = new Random(seed);
        bursty = rnd.nextInt(3) == 0;
        participantIds.add(Command.SYSTEM_SUBMITTER);
        for (int i = 0; i < recentSubmits.length; i++)
        {
            recentSubmits[i] = new Command();
        }
        buildSetup();
    }

    /**
     * Gives the stream's settlement cycles modes from now on: mostly NETTED or GROSS, now and then a
     * cycle recorded without a mode (journal schema version 1-4, so GROSS) or an unknown mode code.
     */
    RandomCommands withCycleModes(final long seed)
    {
        modes = new Random(seed ^ 0x4E4554L);
        return this;
    }

    /**
     * Gives the stream two-sided matching commands from now on ({@link RandomMatchingCommands}, a Random of
     * their own): the rest of the stream is the same commands as without.
     */
    RandomCommands withMatching(final long seed)
    {
        matching = new RandomMatchingCommands(seed);
        return this;
    }

    private void pickCycleMode(final Command c)
    {
        if (modes == null)
        {
            return;
        }
        final int r = modes.nextInt(20);
        if (r < 10)
        {
            c.cycleMode = (byte)CycleMode.NETTED.value();
        }
        else if (r < 17)
        {
            c.cycleMode = (byte)CycleMode.GROSS.value();
        }
        else if (r < 19)
        {
            c.legacyLayout = true;
        }
        else
        {
            c.cycleMode = (byte)(modes.nextBoolean() ? 0 : 3 + modes.nextInt(120));
        }
    }

    /** Retention of 0..2 days in most streams, so that purging happens; the default now and then. */
    static int retentionFor(final long seed)
    {
        final int[] choices = {0, 1, 2, 0, 1, 2, 3, SettlementEngine.DEFAULT_RETAIN_FINISHED_DAYS};
        return choices[(int)Math.floorMod(Hashing.mix(seed), (long)choices.length)];
    }

    // ------------------------------------------------------------------ public surface

    /** Fills {@code slot} with the next command of the stream. */
    Command next(final Command slot)
    {
        if (index < setup.size())
        {
            slot.copyFrom(setup.get(index));
        }
        else if (calendar != null && calendar.nextIsCalendar())
        {
            calendar.next(slot, businessDate, OPERATOR, MEMBERS[0], AUDITOR);
        }
        else if (holds != null && holds.nextIsHold())
        {
            holds.next(slot, OPERATOR, MEMBERS, RISK, AUDITOR);
        }
        else if (matching != null && matching.nextIsMatching())
        {
            matching.next(slot, businessDate, OPERATOR, MEMBERS, RISK, AUDITOR);
        }
        else
        {
            freshDeal = false;
            randomCommand(slot);
            if (terms != null && freshDeal && slot.type == CommandType.SUBMIT_DEAL)
            {
                terms(slot);
            }
            if (details != null && (slot.type == CommandType.CREATE_PARTICIPANT || slot.type == CommandType.CREATE_INSTRUMENT))
            {
                detail(slot);
            }
        }
        index++;
        slot.sequence = index;
        slot.timestampNs = 1_000_000_000L * index + 17;
        trackDate(slot);
        if (slot.type == CommandType.SUBMIT_DEAL)
        {
            recentSubmits[(int)(submitCount % recentSubmits.length)].copyFrom(slot);
            submitCount++;
            recentSubmitCount = (int)Math.min(recentSubmits.length, submitCount);
        }
        return slot;
    }

    /** Gives a new deal linked or partial terms: a third linked, a third partial (some both), rarely bad values. */
    private void terms(final Command c)
    {
        final int r = terms.nextInt(30);
        final long linkId = r < 10 ? 1 + terms.nextInt(3) : r == 10 ? -1 - terms.nextInt(2) : 0;
        byte partial = 0;
        long minimum = 0;
        final int p = terms.nextInt(30);
        if (p < 10)
        {
            partial = 1;
            minimum = c.quantity <= 1 ? 1 : 1 + Math.floorMod(terms.nextLong(), Math.min(c.quantity, 1_000));
        }
        else if (p == 10)
        {
            partial = 1;
            minimum = terms.nextBoolean() ? 0 : c.quantity + 1; // INVALID_MINIMUM_QUANTITY
        }
        else if (p == 11)
        {
            minimum = 1 + terms.nextInt(5); // MINIMUM_WITHOUT_PARTIAL
        }
        else if (p == 12)
        {
            partial = (byte)(2 + terms.nextInt(100)); // INVALID_FIELD
        }
        c.settlementTerms(linkId, partial, minimum);
    }

    /** Gives a creation drawn by {@link #randomCommand} reference details, mostly good, a quarter of the time none. */
    private void detail(final Command c)
    {
        final int r = details.nextInt(12);
        if (r < 3)
        {
            return; // as version 1: no details
        }
        if (c.type == CommandType.CREATE_PARTICIPANT)
        {
            final String shortCode = r == 3 ? lastShortCode : r == 4 ? "BAD CODE" : r == 5 ? "" : "M" + c.participantId;
            final String name = r == 6 ? "" : r == 7 ? "Bank\n" + c.participantId : details.nextBoolean()
                ? "Банк № " + c.participantId : "Member " + c.participantId;
            final byte role = c.role;
            c.createParticipant(c.submitterId, c.correlationId, c.participantId, Role.MEMBER, name, shortCode);
            c.role = role;
            if (r > 5)
            {
                lastShortCode = shortCode;
            }
            return;
        }
        final boolean security = c.instrumentKind == InstrumentKind.SECURITY.value();
        final byte kind = c.instrumentKind;
        final String code = c.codeAsString();
        final byte[] codeBytes = c.code.clone();
        String isin = "";
        int minorUnits = 0;
        if (security)
        {
            final String body = String.format("XS%09d", Math.abs(c.instrumentId) % 1_000_000_000);
            final int digit = io.settlement.engine.api.ReferenceChecks.checkDigit(body);
            isin = body + (r == 3 ? (digit + 1) % 10 : digit);
            minorUnits = r == 4 ? 2 : 0;
        }
        else
        {
            minorUnits = r == 4 ? 5 : r == 5 ? -1 : details.nextInt(5);
            isin = r == 6 ? "US0378331005" : "";
        }
        final String name = r == 7 ? "" : r == 8 ? "a\u0007b" : "Instrument " + c.instrumentId;
        final boolean newCurrencyCode = !security && code.startsWith("NEW") && r != 9;
        c.createInstrument(c.submitterId, c.correlationId, c.instrumentId, InstrumentKind.SECURITY, "X", isin, name, minorUnits);
        c.instrumentKind = kind;
        System.arraycopy(codeBytes, 0, c.code, 0, Command.CODE_LENGTH);
        if (newCurrencyCode)
        {
            final int id = Math.abs(c.instrumentId);
            c.code("" + (char)('A' + id / 676 % 26) + (char)('A' + id / 26 % 26) + (char)('A' + id % 26));
        }
    }

    /** Optional feedback of the engine's outcomes; aims later cancels and queries at real deals. */
    void observe(final Event e)
    {
        if (holds != null)
        {
            holds.observe(e);
        }
        if (matching != null)
        {
            matching.observe(e);
        }
        if (e.type == EventType.DEAL_ACCEPTED && e.count == 0)
        {
            recentDeals[recentDealCount++ % recentDeals.length] = e.dealId;
            pendingDeals.add(e.dealId);
            maxDealIdSeen = Math.max(maxDealIdSeen, e.dealId);
        }
        else if (e.type == EventType.DEAL_SETTLED || e.type == EventType.DEAL_CANCELLED)
        {
            pendingDeals.remove(e.dealId);
        }
    }

    /** Commands generated so far. */
    int generated()
    {
        return index;
    }

    int setupLength()
    {
        return setup.size();
    }

    /** Every participant id this stream may have created (a superset of those that exist), 0 included. */
    long[] participantIds()
    {
        return participantIds.stream().mapToLong(Long::longValue).toArray();
    }

    /** Every instrument id this stream may have created (a superset of those that exist). */
    int[] instrumentIds()
    {
        return instrumentIds.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The business date the engine must have, given that the generator knows which moves are valid. */
    int businessDate()
    {
        return businessDate;
    }

    /** Generates {@code count} commands without feedback, as independent copies. */
    static List<Command> stream(final long seed, final int count)
    {
        final RandomCommands generator = new RandomCommands(seed);
        final List<Command> commands = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            commands.add(generator.next(new Command()));
        }
        return commands;
    }

    // ------------------------------------------------------------------ setup

    private Command add()
    {
        final Command c = new Command();
        setup.add(c);
        return c;
    }

    private void buildSetup()
    {
        add().setRetention(Command.SYSTEM_SUBMITTER, 0, retainDays);
        add().createParticipant(Command.SYSTEM_SUBMITTER, 1, OPERATOR, Role.OPERATOR);
        add().createParticipant(OPERATOR, 2, OPERATOR_2, Role.OPERATOR);
        participantIds.add(OPERATOR);
        participantIds.add(OPERATOR_2);
        for (final long member : MEMBERS)
        {
            add().createParticipant(rnd.nextBoolean() ? OPERATOR : Command.SYSTEM_SUBMITTER, 3, member, Role.MEMBER);
            participantIds.add(member);
        }
        add().createParticipant(OPERATOR, 4, RISK, Role.RISK);
        add().createParticipant(OPERATOR_2, 5, AUDITOR, Role.AUDITOR);
        participantIds.add(RISK);
        participantIds.add(AUDITOR);
        participantIds.add(UNKNOWN_PARTICIPANT);

        final String[] securityCodes = {"ACME", "UST10Y", "GILT-2035"};
        for (int i = 0; i < SECURITIES.length; i++)
        {
            add().createInstrument(OPERATOR, 6, SECURITIES[i], InstrumentKind.SECURITY, securityCodes[i]);
            instrumentIds.add(SECURITIES[i]);
        }
        add().createInstrument(Command.SYSTEM_SUBMITTER, 7, CURRENCIES[0], InstrumentKind.CURRENCY, "USD");
        add().createInstrument(OPERATOR, 7, CURRENCIES[1], InstrumentKind.CURRENCY, "EUR");
        instrumentIds.add(CURRENCIES[0]);
        instrumentIds.add(CURRENCIES[1]);
        instrumentIds.add(UNKNOWN_INSTRUMENT);

        // most streams open a business day; a few run with business date 0 for a while
        if (rnd.nextInt(10) != 0)
        {
            add().advanceBusinessDate(OPERATOR, 8, START_DATE);
        }
        for (final long member : MEMBERS)
        {
            for (final int security : SECURITIES)
            {
                if (rnd.nextInt(5) != 0)
                {
                    add().deposit(OPERATOR, 9, member, security, 1 + rnd.nextInt(20_000));
                }
            }
            for (final int currency : CURRENCIES)
            {
                add().deposit(rnd.nextBoolean() ? OPERATOR : Command.SYSTEM_SUBMITTER, 9, member, currency,
                    100_000 + (long)(rnd.nextDouble() * 50_000_000));
            }
        }
        final int limits = rnd.nextInt(6);
        for (int i = 0; i < limits; i++)
        {
            setLimitCommand(add(), RISK);
        }
    }

    /** Follows the business date (and calendar) the engine will have: valid moves by an operator only. */
    private void trackDate(final Command c)
    {
        final boolean byOperator = c.submitterId == OPERATOR || c.submitterId == OPERATOR_2 || c.submitterId == Command.SYSTEM_SUBMITTER;
        if (c.type == CommandType.ADVANCE_BUSINESS_DATE && byOperator && Dates.isValid(c.businessDate) && c.businessDate >= businessDate
            && (calendar == null || calendar.isBusinessDay(c.businessDate)))
        {
            businessDate = c.businessDate;
        }
        else if (calendar != null)
        {
            calendar.track(c, byOperator, businessDate);
        }
    }

    // ------------------------------------------------------------------ the random part

    private void randomCommand(final Command c)
    {
        final long correlation = rnd.nextInt(4) == 0 ? 0 : 1 + (rnd.nextLong() >>> 1) % 1_000_000_000L;
        if (bursty && burstLeft == 0 && rnd.nextInt(1000) < 2)
        {
            burstLeft = 400 + rnd.nextInt(1_200);
        }
        if (burstLeft > 0)
        {
            burstLeft--;
            submitDeal(c, A_PARTY);
            return;
        }
        final int r = rnd.nextInt(1000);
        if (r < 380)
        {
            submitDeal(c, pickDealSubmitter());
        }
        else if (r < 410)
        {
            resubmitExactly(c);
        }
        else if (r < 425)
        {
            resubmitAltered(c);
        }
        else if (r < 495)
        {
            c.cancelDeal(pickCancelSubmitter(), correlation, pickDealId());
        }
        else if (r < 545)
        {
            c.deposit(pickFundingSubmitter(), correlation, pickFundedParticipant(), pickInstrument(),
                fundingAmount(true));
        }
        else if (r < 585)
        {
            c.withdraw(pickFundingSubmitter(), correlation, pickFundedParticipant(), pickInstrument(),
                fundingAmount(false));
        }
        else if (r < 635)
        {
            setLimitCommand(c, pickLimitSubmitter());
        }
        else if (r < 670)
        {
            c.advanceBusinessDate(pickOperatorMostly(), correlation, nextBusinessDate());
        }
        else if (r < 820)
        {
            c.runSettlementCycle(pickOperatorMostly(), correlation);
            pickCycleMode(c);
        }
        else if (r < 870)
        {
            c.queryDeal(pickQuerySubmitter(), correlation, pickDealId());
        }
        else if (r < 920)
        {
            final long submitter = pickQuerySubmitter();
            c.queryPosition(submitter, correlation, pickQueriedParticipant(submitter), pickInstrument());
        }
        else if (r < 960)
        {
            final long submitter = pickQuerySubmitter();
            c.queryLimits(submitter, correlation, pickQueriedParticipant(submitter));
        }
        else
        {
            noise(c);
        }
        if (c.correlationId == 0 && c.type != CommandType.SUBMIT_DEAL)
        {
            c.correlationId = correlation;
        }
    }

    private long member()
    {
        return MEMBERS[rnd.nextInt(MEMBERS.length)];
    }

    private long otherMember(final long notThis)
    {
        long m;
        do
        {
            m = member();
        }
        while (m == notThis);
        return m;
    }

    private int security()
    {
        return SECURITIES[rnd.nextInt(SECURITIES.length)];
    }

    private int currency()
    {
        return CURRENCIES[rnd.nextInt(CURRENCIES.length)];
    }

    private long pickDealSubmitter()
    {
        final int r = rnd.nextInt(100);
        if (r < 85)
        {
            return A_PARTY;
        }
        if (r < 95)
        {
            return OPERATOR;
        }
        return r < 98 ? OPERATOR_2 : Command.SYSTEM_SUBMITTER;
    }

    private long pickCancelSubmitter()
    {
        final int r = rnd.nextInt(100);
        return r < 70 ? member() : r < 92 ? OPERATOR : r < 95 ? Command.SYSTEM_SUBMITTER : r < 97 ? AUDITOR : RISK;
    }

    private long pickFundingSubmitter()
    {
        final int r = rnd.nextInt(100);
        return r < 80 ? OPERATOR : r < 90 ? Command.SYSTEM_SUBMITTER : r < 94 ? OPERATOR_2 : r < 97 ? member() : RISK;
    }

    private long pickLimitSubmitter()
    {
        final int r = rnd.nextInt(100);
        return r < 70 ? RISK : r < 85 ? OPERATOR : r < 93 ? member() : r < 97 ? AUDITOR : UNKNOWN_PARTICIPANT;
    }

    private long pickOperatorMostly()
    {
        final int r = rnd.nextInt(100);
        return r < 85 ? OPERATOR : r < 93 ? Command.SYSTEM_SUBMITTER : r < 96 ? OPERATOR_2 : r < 98 ? member() : RISK;
    }

    private long pickQuerySubmitter()
    {
        final int r = rnd.nextInt(100);
        return r < 55 ? member() : r < 70 ? RISK : r < 85 ? AUDITOR : r < 95 ? OPERATOR : UNKNOWN_PARTICIPANT;
    }

    private long pickQueriedParticipant(final long submitter)
    {
        final int r = rnd.nextInt(100);
        if (r < 60 && submitter >= MEMBERS[0] && submitter <= MEMBERS[MEMBERS.length - 1])
        {
            return submitter;
        }
        return r < 90 ? member() : r < 95 ? UNKNOWN_PARTICIPANT : RISK;
    }

    private long pickFundedParticipant()
    {
        final int r = rnd.nextInt(100);
        return r < 92 ? member() : r < 95 ? UNKNOWN_PARTICIPANT : r < 97 ? Command.SYSTEM_SUBMITTER : RISK;
    }

    private int pickInstrument()
    {
        final int r = rnd.nextInt(100);
        return r < 55 ? security() : r < 96 ? currency() : r < 98 ? UNKNOWN_INSTRUMENT : 0;
    }

    private long pickDealId()
    {
        final int r = rnd.nextInt(100);
        if (r < 55 && !pendingDeals.isEmpty())
        {
            final int skip = rnd.nextInt(Math.min(pendingDeals.size(), 64));
            // the oldest pending ones first: they are the ones most likely stuck
            int i = 0;
            for (final long id : pendingDeals)
            {
                if (i++ == skip)
                {
                    return id;
                }
            }
        }
        if (r < 85 && recentDealCount > 0)
        {
            return recentDeals[rnd.nextInt(Math.min(recentDealCount, recentDeals.length))];
        }
        if (r < 95)
        {
            // a guess near the top, seen or not (with no feedback, this is the only source)
            final long top = Math.max(maxDealIdSeen, submitCount / 2);
            return Math.max(1, top - rnd.nextInt(40) + 3);
        }
        return r < 97 ? 0 : r < 99 ? -1 - rnd.nextInt(5) : Long.MAX_VALUE;
    }

    /** Mostly ordinary sizes up to {@code typical}; sometimes 0, negative, or near Long.MAX_VALUE. */
    private long amount(final long typical)
    {
        final int r = rnd.nextInt(1000);
        if (r < 20)
        {
            return 0;
        }
        if (r < 32)
        {
            return -1 - rnd.nextInt(1000);
        }
        if (r < 34)
        {
            return Long.MIN_VALUE;
        }
        if (r < 46)
        {
            return Long.MAX_VALUE - rnd.nextInt(1000);
        }
        if (r < 54)
        {
            return Long.MAX_VALUE / 2 + rnd.nextInt(1000);
        }
        if (r < 250)
        {
            return 1 + rnd.nextInt(100);
        }
        return 1 + (long)(rnd.nextDouble() * typical);
    }

    private int settlementDate()
    {
        final int base = businessDate == 0 ? START_DATE : businessDate;
        final int r = rnd.nextInt(100);
        if (r < 80)
        {
            return Dates.plusDays(base, rnd.nextInt(5));
        }
        if (r < 88)
        {
            return Dates.plusDays(base, 5 + rnd.nextInt(30));
        }
        if (r < 94)
        {
            return Dates.plusDays(base, -1 - rnd.nextInt(3));
        }
        return invalidDate(base);
    }

    private int invalidDate(final int around)
    {
        final int year = around / 10_000;
        switch (rnd.nextInt(7))
        {
            case 0: return year * 10_000 + 230;          // 30 February
            case 1: return year * 10_000 + 1301;         // month 13
            case 2: return year * 10_000 + 100;          // day 0
            case 3: return year * 10_000 + 432;          // 32 April
            case 4: return 0;
            case 5: return -around;
            default: return (year % 4 == 0 ? year + 1 : year) * 10_000 + 229; // 29 February, not a leap year
        }
    }

    private int nextBusinessDate()
    {
        final int base = businessDate == 0 ? START_DATE : businessDate;
        final int r = rnd.nextInt(100);
        if (r < 80)
        {
            return Dates.plusDays(base, rnd.nextInt(4));
        }
        if (r < 85)
        {
            return Dates.plusDays(base, 4 + rnd.nextInt(30));
        }
        if (r < 93)
        {
            return Dates.plusDays(base, -1 - rnd.nextInt(5));
        }
        return invalidDate(base);
    }

    private void submitDeal(final Command c, final long submitterChoice)
    {
        freshDeal = true;
        long buyer = member();
        long seller = otherMember(buyer);
        final long submitter;
        if (submitterChoice != A_PARTY)
        {
            submitter = submitterChoice;
        }
        else
        {
            // a member that is a party, now and then one that is not (NOT_A_PARTY)
            submitter = rnd.nextInt(100) < 97 ? (rnd.nextBoolean() ? buyer : seller) : thirdMember(buyer, seller);
        }
        final int p = rnd.nextInt(1000);
        if (p < 15)
        {
            buyer = UNKNOWN_PARTICIPANT;
        }
        else if (p < 25)
        {
            seller = UNKNOWN_PARTICIPANT;
        }
        else if (p < 35)
        {
            seller = buyer;
        }
        else if (p < 45)
        {
            seller = RISK;
        }
        final boolean dvp = rnd.nextInt(4) != 0;
        int security = security();
        int currency = dvp ? currency() : (rnd.nextInt(10) == 0 ? currency() : 0);
        final int q = rnd.nextInt(1000);
        if (q < 15)
        {
            security = UNKNOWN_INSTRUMENT;
        }
        else if (q < 25)
        {
            security = currency();
        }
        else if (q < 35)
        {
            currency = UNKNOWN_INSTRUMENT;
        }
        else if (q < 45)
        {
            currency = security();
        }
        else if (q < 50 && dvp)
        {
            currency = 0;
        }
        final long quantity = amount(3_000);
        long cash = dvp ? amount(2_000_000) : 0;
        if (!dvp && rnd.nextInt(50) == 0)
        {
            cash = amount(1_000);
        }
        final long clientDealId = rnd.nextInt(100) < 85 ? nextClientDealId++ : 1 + rnd.nextInt(200);
        c.submitDeal(submitter, 0, clientDealId, buyer, seller, security, currency, quantity, cash, settlementDate(),
            dvp ? DealType.DVP : DealType.FOP);
        c.correlationId = rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(1_000_000);
        if (rnd.nextInt(200) == 0)
        {
            c.dealType = (byte)(rnd.nextBoolean() ? 0 : 3 + rnd.nextInt(100));
        }
    }

    private long thirdMember(final long a, final long b)
    {
        long m;
        do
        {
            m = member();
        }
        while (m == a || m == b);
        return m;
    }

    private void resubmitExactly(final Command c)
    {
        if (recentSubmitCount == 0)
        {
            submitDeal(c, pickDealSubmitter());
            return;
        }
        c.copyFrom(recentSubmits[rnd.nextInt(recentSubmitCount)]);
        c.correlationId = 1 + rnd.nextInt(1_000_000); // a retry may carry a new correlation id
    }

    private void resubmitAltered(final Command c)
    {
        resubmitExactly(c);
        switch (rnd.nextInt(4))
        {
            case 0: c.quantity += 1; break;
            case 1: c.cashAmount = c.cashAmount == 0 ? 0 : c.cashAmount - 1; break;
            case 2: c.settlementDate = Dates.isValid(c.settlementDate) ? Dates.plusDays(c.settlementDate, 1) : c.settlementDate; break;
            default: c.currencyId = c.currencyId == CURRENCIES[0] ? CURRENCIES[1] : CURRENCIES[0]; break;
        }
    }

    private long fundingAmount(final boolean deposit)
    {
        final int r = rnd.nextInt(100);
        if (r < 3)
        {
            return rnd.nextBoolean() ? 0 : -1 - rnd.nextInt(10_000);
        }
        if (r < 5)
        {
            return Long.MAX_VALUE - rnd.nextInt(3);
        }
        if (r < 7)
        {
            return Long.MAX_VALUE / 4 + rnd.nextInt(1000);
        }
        if (r < (deposit ? 10 : 25))
        {
            return 1_000_000_000_000L + rnd.nextInt(1000); // a withdrawal of more than is there
        }
        if (r < 55)
        {
            return 1 + rnd.nextInt(500);
        }
        return 1 + (long)(rnd.nextDouble() * 5_000_000);
    }

    private void setLimitCommand(final Command c, final long submitter)
    {
        final long participant = rnd.nextInt(100) < 95 ? member() : rnd.nextBoolean() ? UNKNOWN_PARTICIPANT : RISK;
        final int k = rnd.nextInt(3);
        final LimitKind kind = LimitKind.values()[k];
        long key;
        final int r = rnd.nextInt(100);
        if (kind == LimitKind.CREDIT)
        {
            key = r < 90 ? currency() : r < 94 ? security() : r < 97 ? UNKNOWN_INSTRUMENT : (1L << 40) | CURRENCIES[0];
        }
        else if (kind == LimitKind.DELIVERY)
        {
            key = r < 90 ? security() : r < 94 ? currency() : r < 97 ? UNKNOWN_INSTRUMENT : (1L << 33) | SECURITIES[0];
        }
        else
        {
            key = r < 90 ? otherMember(participant) : r < 94 ? participant : r < 97 ? UNKNOWN_PARTICIPANT : RISK;
        }
        final long typical = kind == LimitKind.DELIVERY ? 20_000 : 20_000_000;
        final int a = rnd.nextInt(100);
        final long amount;
        if (a < 10)
        {
            amount = 0;
        }
        else if (a < 14)
        {
            amount = -1 - rnd.nextInt(3);
        }
        else if (a < 50)
        {
            amount = (long)(rnd.nextDouble() * typical / 4);
        }
        else if (a < 92)
        {
            amount = typical + (long)(rnd.nextDouble() * typical * 50);
        }
        else
        {
            amount = Long.MAX_VALUE - rnd.nextInt(2);
        }
        c.setLimit(submitter, 0, participant, kind, key, amount);
        if (rnd.nextInt(100) == 0)
        {
            c.limitKind = (byte)(rnd.nextBoolean() ? 0 : 4 + rnd.nextInt(50));
        }
    }

    /** Commands from the wrong role, unknown submitters, bad reference data and the odd new participant. */
    private void noise(final Command c)
    {
        final long wrong = rnd.nextBoolean() ? (rnd.nextBoolean() ? AUDITOR : RISK) : UNKNOWN_PARTICIPANT;
        switch (rnd.nextInt(13))
        {
            case 0:
                submitDeal(c, wrong);
                break;
            case 1:
                c.cancelDeal(rnd.nextBoolean() ? wrong : member(), 0, pickDealId());
                break;
            case 2:
                c.deposit(rnd.nextBoolean() ? member() : wrong, 0, member(), pickInstrument(), 1 + rnd.nextInt(1000));
                break;
            case 3:
                c.withdraw(rnd.nextBoolean() ? member() : wrong, 0, member(), pickInstrument(), 1 + rnd.nextInt(10));
                break;
            case 4:
                setLimitCommand(c, rnd.nextBoolean() ? member() : AUDITOR);
                break;
            case 5:
                c.advanceBusinessDate(rnd.nextBoolean() ? member() : wrong, 0, nextBusinessDate());
                break;
            case 6:
                c.runSettlementCycle(rnd.nextBoolean() ? member() : wrong, 0);
                pickCycleMode(c);
                break;
            case 7:
            {
                // a bad or clashing participant, occasionally a good new one
                final int r = rnd.nextInt(6);
                final long submitter = r == 0 ? member() : OPERATOR;
                final long id = r == 1 ? member() : r == 2 ? 0 : r == 3 ? -5 : nextNewParticipant;
                c.createParticipant(submitter, 0, id, Role.MEMBER);
                if (r == 4)
                {
                    c.role = (byte)(rnd.nextBoolean() ? 0 : 5 + rnd.nextInt(50));
                }
                if (r >= 4)
                {
                    participantIds.add(nextNewParticipant++);
                }
                break;
            }
            case 8:
            {
                // a bad or clashing instrument, occasionally a good new one (never traded)
                final int r = rnd.nextInt(7);
                final long submitter = r == 0 ? member() : OPERATOR;
                final int id = r == 1 ? security() : r == 2 ? -1 : (int)nextNewInstrument;
                c.createInstrument(submitter, 0, id, rnd.nextBoolean() ? InstrumentKind.SECURITY : InstrumentKind.CURRENCY,
                    "NEW" + id);
                if (r == 3)
                {
                    c.instrumentKind = (byte)(rnd.nextBoolean() ? 0 : 3);
                }
                else if (r == 4)
                {
                    Arrays.fill(c.code, (byte)0);
                    if (rnd.nextBoolean())
                    {
                        c.code(rnd.nextBoolean() ? "BAD CODE" : "X");
                        c.code[rnd.nextBoolean() ? 0 : 2] = (byte)(rnd.nextBoolean() ? 0x80 : 0x20);
                    }
                }
                if (r >= 3)
                {
                    instrumentIds.add((int)nextNewInstrument++);
                }
                break;
            }
            case 9:
            {
                // a query from someone unknown or of a deal that was never there
                c.queryDeal(rnd.nextBoolean() ? UNKNOWN_PARTICIPANT : AUDITOR, 0, Long.MAX_VALUE - rnd.nextInt(5));
                break;
            }
            case 10:
                c.queryPosition(member(), 0, otherMemberOrUnknown(), pickInstrument());
                break;
            case 11:
            {
                // retention changes mid-stream: mostly short, sometimes out of range or from the wrong role
                final int r = rnd.nextInt(8);
                final long submitter = r == 0 ? member() : r == 1 ? wrong : rnd.nextBoolean() ? OPERATOR : Command.SYSTEM_SUBMITTER;
                final int days = r == 2 ? -1 : r == 3 ? SettlementEngine.MAX_RETAIN_FINISHED_DAYS + 1 : r == 4 ? Integer.MIN_VALUE
                    : rnd.nextInt(3);
                c.setRetention(submitter, 0, days);
                break;
            }
            default:
                c.queryLimits(rnd.nextBoolean() ? UNKNOWN_PARTICIPANT : member(), 0, member());
                break;
        }
    }

    private long otherMemberOrUnknown()
    {
        return rnd.nextInt(10) == 0 ? UNKNOWN_PARTICIPANT : member();
    }
}
