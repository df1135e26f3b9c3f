package io.settlement.engine;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.DealStatus;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.LimitKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The first layer of the {@link ReferenceModel}: what the model knows (participants, instruments,
 * balances, supply, limits, utilisation and deals, in plain maps), the small rules every command
 * shares (authorisation, real calendar dates, which limit accounts a deal uses, finishing a deal),
 * and the checks of an outcome's shape. {@link ModelAccountRules} and {@link ReferenceModel} add
 * the rules of each command.
 */
abstract class ModelState
{
    record LimitKey(LimitKind kind, long owner, long key)
    {
    }

    record ClientKey(long submitter, long clientDealId)
    {
    }

    record BalanceKey(long participant, int instrument)
    {
    }

    static final class Deal
    {
        long id;
        long clientDealId;
        long submitter;
        long buyer;
        long seller;
        int security;
        int currency;
        long quantity;
        long cash;
        int date;
        byte type;
        DealStatus status = DealStatus.PENDING;
        Reason lastFail = Reason.OK;
        /** The sides on hold: 1 the buyer's, 2 the seller's (DESIGN.md 4b); none once the deal has finished. */
        byte held;
        /** Linked and partial terms (journal schema version 5; none for a version-1 record). */
        long linkId;
        byte partial;
        long minimum;
        /** Registered by two matched instructions: no clientDealId, a second link key (the other party, matchedLinkId). */
        boolean matched;
        long matchedLinkId;
        /** What has settled so far, and what has been paid. */
        long settledQuantity;
        long settledCash;

        /** @return true when the deal has a link key: its own linkId, or a matched deal's second one. */
        boolean linked()
        {
            return linkId != 0 || matchedLinkId != 0;
        }

        boolean dvp()
        {
            return type == DealType.DVP.value();
        }

        long remainingQuantity()
        {
            return quantity - settledQuantity;
        }

        long remainingCash()
        {
            return cash - settledCash;
        }

        boolean sameContent(final Command c)
        {
            final boolean terms = !c.legacyLayout;
            return buyer == c.buyerId && seller == c.sellerId && security == c.securityId && currency == c.currencyId
                && quantity == c.quantity && cash == c.cashAmount && date == c.settlementDate && type == c.dealType
                && linkId == (terms ? c.linkId : 0) && partial == (terms ? c.partialAllowed : 0)
                && minimum == (terms ? c.minimumQuantity : 0);
        }

        @Override
        public String toString()
        {
            return "deal " + id + " " + status + " date " + date;
        }
    }

    /** Calendar days a finished deal stays after its settlement date; the default until SET_RETENTION changes it. */
    int retainDays = 7;
    final Map<Long, Role> roles = new HashMap<>();
    final Map<Integer, InstrumentKind> kinds = new HashMap<>();
    /** The short codes of the participants created with one (journal schema version 4). */
    final java.util.Set<String> shortCodes = new java.util.HashSet<>();
    /** The ISINs of the securities created with one (journal schema version 4), as their 12 bytes. */
    final java.util.Set<String> isins = new java.util.HashSet<>();
    final Map<BalanceKey, Long> balances = new HashMap<>();
    /** Deposits minus withdrawals per instrument, from accepted Deposit and Withdraw results. */
    final Map<Integer, Long> supply = new HashMap<>();
    /** Live deals: pending, and finished ones within retention. */
    final Map<Long, Deal> deals = new HashMap<>();
    final Map<ClientKey, Deal> byClientKey = new HashMap<>();
    final Map<LimitKey, Long> limits = new HashMap<>();
    final Map<LimitKey, Long> utilisation = new HashMap<>();
    final List<Deal> purged = new ArrayList<>();
    /** Keys of purged deals: taken for the life of the journal. */
    final Set<ClientKey> retiredKeys = new HashSet<>();
    /** Ids of purged deals. */
    final Set<Long> purgedIds = new HashSet<>();
    int businessDate;
    /** The business calendar: set by SET_CALENDAR and SET_HOLIDAY; every real day open until then. */
    boolean weekendsClosed;
    final java.util.TreeSet<Integer> holidays = new java.util.TreeSet<>();
    long lastDealId;
    long purgedTotal;
    /** Parts of partial-allowed deals settled, linked groups of two or more settled, and failed: how much of those paths a stream covered. */
    long partsSettled;
    long groupsSettled;
    long groupsFailed;
    int pending;

    ModelState()
    {
        roles.put(Command.SYSTEM_SUBMITTER, Role.OPERATOR);
    }

    long balance(final long participant, final int instrument)
    {
        return balances.getOrDefault(new BalanceKey(participant, instrument), 0L);
    }

    long utilised(final LimitKey key)
    {
        return utilisation.getOrDefault(key, 0L);
    }

    int pendingCount()
    {
        return pending;
    }

    void addBalance(final long participant, final int instrument, final long delta)
    {
        final long now = Math.addExact(balance(participant, instrument), delta);
        assertTrue(now >= 0, "the model's balance went negative");
        balances.put(new BalanceKey(participant, instrument), now);
    }

    Reason authorise(final long submitter, final Role allowed, final Role alsoAllowed)
    {
        final Role role = roles.get(submitter);
        return role == null ? Reason.UNKNOWN_PARTICIPANT
            : role == allowed || role == alsoAllowed ? Reason.OK : Reason.NOT_AUTHORISED;
    }

    /** A real day (decided by java.time) that is neither a closed weekend day nor a holiday. */
    boolean isBusinessDay(final int yyyymmdd)
    {
        return isRealDate(yyyymmdd) && !(weekendsClosed && RandomCalendarCommands.isWeekend(yyyymmdd)) && !holidays.contains(yyyymmdd);
    }

    /** A real yyyymmdd calendar day, years 1..9999, decided by java.time. */
    static boolean isRealDate(final int yyyymmdd)
    {
        if (yyyymmdd <= 0)
        {
            return false;
        }
        final int year = yyyymmdd / 10_000;
        if (year < 1 || year > 9999)
        {
            return false;
        }
        try
        {
            LocalDate.of(year, (yyyymmdd / 100) % 100, yyyymmdd % 100);
            return true;
        }
        catch (final DateTimeException e)
        {
            return false;
        }
    }

    static int minusDays(final int yyyymmdd, final int days)
    {
        final LocalDate d = LocalDate.of(yyyymmdd / 10_000, (yyyymmdd / 100) % 100, yyyymmdd % 100).minusDays(days);
        return d.getYear() * 10_000 + d.getMonthValue() * 100 + d.getDayOfMonth();
    }

    // -------------------------------------------------------------- shared deal rules

    void instrumentProblem(final int instrument, final InstrumentKind expected, final Set<Reason> problems)
    {
        final InstrumentKind kind = kinds.get(instrument);
        if (kind == null)
        {
            problems.add(Reason.UNKNOWN_INSTRUMENT);
        }
        else if (kind != expected)
        {
            problems.add(Reason.WRONG_INSTRUMENT_KIND);
        }
    }

    interface AccountVisitor
    {
        void visit(LimitKey key, long amount);
    }

    /** The limit accounts a deal uses, with the amount it still uses of each (what has not settled yet). */
    static void forEachAccount(final Deal d, final AccountVisitor visitor)
    {
        if (d.dvp())
        {
            visitor.visit(new LimitKey(LimitKind.CREDIT, d.buyer, d.currency), d.remainingCash());
            visitor.visit(new LimitKey(LimitKind.COUNTERPARTY, d.buyer, d.seller), d.remainingCash());
            visitor.visit(new LimitKey(LimitKind.COUNTERPARTY, d.seller, d.buyer), d.remainingCash());
        }
        visitor.visit(new LimitKey(LimitKind.DELIVERY, d.seller, d.security), d.remainingQuantity());
    }

    void finish(final Deal d, final DealStatus status)
    {
        assertEquals(DealStatus.PENDING, d.status, () -> d + " finished twice");
        d.status = status;
        d.held = 0;
        pending--;
        release(d);
    }

    /** Releases what a pending deal still uses of its limit accounts (before its settled figures change). */
    void release(final Deal d)
    {
        forEachAccount(d, (key, amount) ->
        {
            final long left = utilised(key) - amount;
            if (left == 0)
            {
                utilisation.remove(key);
            }
            else
            {
                utilisation.put(key, left);
            }
        });
    }

    // -------------------------------------------------------------- the shape of an outcome

    /** Exactly one COMMAND_RESULT, with one of {@code reasons} (OK alone means success). */
    static void expectResult(final Command c, final List<Event> outcomes, final Set<Reason> reasons)
    {
        assertEquals(1, outcomes.size(), "one outcome");
        final Event e = outcomes.get(0);
        assertEquals(EventType.COMMAND_RESULT, e.type, () -> "expected a result in " + reasons);
        assertEquals(c.type.code(), e.commandType, "the result names its command type");
        assertTrue(reasons.contains(e.reason), () -> "result " + e.reason + ", expected one of " + reasons);
    }

    static Set<Reason> reasons(final Reason... r)
    {
        final Set<Reason> s = EnumSet.noneOf(Reason.class);
        s.addAll(Arrays.asList(r));
        return s;
    }

    static void assertDealFields(final Deal d, final Event e)
    {
        assertEquals(d.id, e.dealId, "dealId");
        assertEquals(d.clientDealId, e.clientDealId, "clientDealId");
        assertEquals(d.buyer, e.buyerId, "buyer");
        assertEquals(d.seller, e.sellerId, "seller");
        assertEquals(d.security, e.securityId, "security");
        assertEquals(d.currency, e.currencyId, "currency");
        assertEquals(d.quantity, e.quantity, "quantity");
        assertEquals(d.cash, e.cashAmount, "cash");
        assertEquals(d.date, e.settlementDate, "settlement date");
        assertEquals(d.type, e.dealType, "deal type");
    }

    static void expectRejected(final Command c, final Event e, final Set<Reason> reasons)
    {
        assertEquals(EventType.DEAL_REJECTED, e.type, () -> "expected a rejection with one of " + reasons);
        assertEquals(c.clientDealId, e.clientDealId, "the rejection names the clientDealId");
        assertTrue(reasons.contains(e.reason), () -> "rejected " + e.reason + ", expected one of " + reasons);
    }
}
