package io.settlement.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandType;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.LimitKind;
import io.settlement.protocol.wire.Reason;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One engine fed by one {@link RandomCommands} stream, every outcome checked against a
 * {@link ReferenceModel}; the harness of the property tests. After every command:
 * <ul>
 *   <li>the outcomes are the ones the model predicts (and the model follows them);</li>
 *   <li>a refused command, a query or an idempotent repeat leaves the state hash unchanged;</li>
 *   <li>every limit account an accepted deal uses is within its limit, and used as the model says.</li>
 * </ul>
 * Every {@code fullCheckEvery}-th command, and at the end, also the checks that cost O(state):
 * <ul>
 *   <li>the engine's own invariants;</li>
 *   <li>no balance is negative, every balance is the model's, and per instrument the balances sum
 *       to the deposits minus withdrawals the model saw accepted (and to the engine's supply);</li>
 *   <li>the pending and live deal counts and the business date are the model's.</li>
 * </ul>
 * A failure is an AssertionError whose message starts with the seed and the command index:
 * {@code seed 123, command 456 (the command): what went wrong; outcomes [the events]}.
 */
final class CheckedRun
{
    final long seed;
    final SettlementEngine engine;
    final RandomCommands generator;
    final ReferenceModel model;
    final EventRecorder events;
    private final Command command = new Command();
    private long stateHash;
    private int index;

    /**
     * A run whose stream starts by setting the retention of {@link RandomCommands#retentionFor}(seed), with
     * reference details on its later creations and linked and partial terms on many of its deals.
     *
     * @param checkEventCodec whether every event must also re-encode to the bytes the sink received.
     */
    CheckedRun(final long seed, final boolean checkEventCodec)
    {
        this(seed, RandomCommands.retentionFor(seed), checkEventCodec, false, true, true);
    }

    /** A run whose stream starts with SET_RETENTION of {@code retainDays} (a journaled command, like the rest). */
    CheckedRun(final long seed, final int retainDays, final boolean checkEventCodec)
    {
        this(seed, retainDays, checkEventCodec, false);
    }

    /** A run whose stream, with {@code withCalendar}, also sets the business calendar now and then. */
    CheckedRun(final long seed, final int retainDays, final boolean checkEventCodec, final boolean withCalendar)
    {
        this(seed, retainDays, checkEventCodec, withCalendar, false);
    }

    /** A run whose stream, with {@code withDetails}, creates participants and instruments with reference details too. */
    CheckedRun(final long seed, final int retainDays, final boolean checkEventCodec, final boolean withCalendar,
        final boolean withDetails)
    {
        this(seed, retainDays, checkEventCodec, withCalendar, withDetails, false);
    }

    /** A run whose stream, with {@code withTerms}, gives many deals linked and partial settlement terms too. */
    CheckedRun(final long seed, final int retainDays, final boolean checkEventCodec, final boolean withCalendar,
        final boolean withDetails, final boolean withTerms)
    {
        this(seed, retainDays, checkEventCodec, withCalendar, withDetails, withTerms, false);
    }

    /**
     * A run whose stream, with {@code withTerms}, gives many deals linked and partial settlement terms and,
     * with {@code withHolds}, also holds and releases sides of deals now and then.
     */
    CheckedRun(final long seed, final int retainDays, final boolean checkEventCodec, final boolean withCalendar,
        final boolean withDetails, final boolean withTerms, final boolean withHolds)
    {
        this.seed = seed;
        this.engine = new SettlementEngine();
        this.generator = new RandomCommands(seed, retainDays, withCalendar, withDetails, withTerms, withHolds);
        this.model = new ReferenceModel();
        this.events = new EventRecorder(checkEventCodec);
        this.stateHash = engine.stateHash();
    }

    /** Adds two-sided matching commands to the stream from now on ({@link RandomCommands#withMatching}). */
    CheckedRun withMatching()
    {
        generator.withMatching(seed);
        return this;
    }

    /** Generates and applies the next command, checks it, and returns it (valid until the next step). */
    Command step(final int fullCheckEvery)
    {
        generator.next(command);
        check(command, fullCheckEvery);
        return command;
    }

    /** Applies a command made by the test, with every check; returns its outcomes. */
    List<Event> apply(final Command c)
    {
        c.sequence = engine.lastSequence() + 1;
        check(c, 1);
        return new ArrayList<>(events.events);
    }

    /** The full checks once more, and the business date the generator expects; call at the end of a stream. */
    void finish()
    {
        checking("seed " + seed + ", at the end, after " + index + " commands", () ->
        {
            fullCheck();
            assertEquals(generator.businessDate(), engine.businessDate(), "the generator's idea of the business date");
        });
    }

    // ------------------------------------------------------------------ the checks of one command

    private void check(final Command c, final int fullCheckEvery)
    {
        final int at = index++;
        events.startCommand();
        checking("seed " + seed + ", command " + at + " (" + c + ")", () ->
        {
            engine.apply(c, events);
            for (final Event e : events.events)
            {
                generator.observe(e);
            }

            final long before = stateHash;
            stateHash = engine.stateHash();
            if (changesNothing(c, events.events))
            {
                assertEquals(before, stateHash, "refused or read-only, but changed the state");
            }

            model.apply(c, events.events);

            for (final Event e : events.events)
            {
                if (e.type == EventType.DEAL_ACCEPTED && e.count == 0 || e.type == EventType.INSTRUCTION_MATCHED)
                {
                    assertWithinLimits(e);
                }
            }
            if (at % fullCheckEvery == 0)
            {
                fullCheck();
            }
        });
    }

    /** Runs {@code checks}; any failure, or exception (the engine's included), becomes one that says where. */
    private void checking(final String where, final Runnable checks)
    {
        try
        {
            checks.run();
        }
        catch (final AssertionError e)
        {
            throw new AssertionError(where + ": " + e.getMessage() + "; outcomes " + events.events, e);
        }
        catch (final RuntimeException e)
        {
            throw new AssertionError(where + " threw " + e + "; outcomes " + events.events, e);
        }
    }

    /** Refusals, queries and idempotent repeats must leave the state as it was. */
    private static boolean changesNothing(final Command c, final List<Event> outcomes)
    {
        switch (c.type)
        {
            case QUERY_DEAL:
            case QUERY_LIMITS:
            case QUERY_POSITION:
            case QUERY_PARTICIPANTS:
            case QUERY_INSTRUMENTS:
            case QUERY_INSTRUCTION:
                return true;
            default:
                break;
        }
        if ((c.type == CommandType.HOLD_DEAL || c.type == CommandType.RELEASE_DEAL) && outcomes.get(0).type == EventType.COMMAND_RESULT)
        {
            return true; // refused, or a side already held / already free: a no-op
        }
        for (final Event e : outcomes)
        {
            if (e.type == EventType.DEAL_REJECTED || e.type == EventType.INSTRUCTION_REJECTED
                || (e.type == EventType.COMMAND_RESULT && e.reason != Reason.OK)
                || (e.type == EventType.DEAL_ACCEPTED && e.count != 0)
                || (e.type == EventType.INSTRUCTION_ACCEPTED && e.count != 0))
            {
                return true;
            }
        }
        return false;
    }

    /** Every limit account the new deal touched is within its limit, and used exactly as the model says. */
    private void assertWithinLimits(final Event e)
    {
        final ReferenceData ref = engine.state().referenceData();
        final int buyer = ref.participantIndex(e.buyerId);
        final int seller = ref.participantIndex(e.sellerId);
        final int security = ref.instrumentIndex(e.securityId);
        if (e.dealType == DealType.DVP.value())
        {
            final int currency = ref.instrumentIndex(e.currencyId);
            assertAccountWithinLimit(LimitKind.CREDIT, buyer, currency, e.buyerId, e.currencyId);
            assertAccountWithinLimit(LimitKind.COUNTERPARTY, buyer, seller, e.buyerId, e.sellerId);
            assertAccountWithinLimit(LimitKind.COUNTERPARTY, seller, buyer, e.sellerId, e.buyerId);
        }
        assertAccountWithinLimit(LimitKind.DELIVERY, seller, security, e.sellerId, e.securityId);
    }

    private void assertAccountWithinLimit(
        final LimitKind kind, final int owner, final int key, final long ownerId, final long keyId)
    {
        assertTrue(owner >= 0 && key >= 0, "accepted a deal with an unknown party or instrument");
        final int account = engine.state().limits().find(kind, owner, key);
        assertTrue(account != LimitBook.NONE, () -> kind + " account of the new deal missing");
        final long used = engine.state().limits().utilised(account);
        final long limit = engine.state().limits().limit(account);
        if (limit != LimitBook.NO_LIMIT)
        {
            assertTrue(used <= limit, () -> "accepted deal took " + kind + " (" + ownerId + ", " + keyId
                + ") to " + used + " over its limit " + limit);
        }
        final ReferenceModel.LimitKey k = new ReferenceModel.LimitKey(kind, ownerId, keyId);
        assertEquals(model.utilised(k), used, () -> "utilisation of " + k);
        assertEquals(model.limits.getOrDefault(k, LimitBook.NO_LIMIT), limit, () -> "limit of " + k);
    }

    /** The O(state) checks: the engine's own invariants, and every balance against the model's. */
    private void fullCheck()
    {
        assertEquals(List.of(), engine.checkInvariants(), "invariants");
        assertEquals(model.weekendsClosed, engine.weekendsClosed(), "weekends closed");
        assertEquals(List.copyOf(model.holidays), java.util.Arrays.stream(engine.holidays()).boxed().toList(), "holidays");

        final Set<Long> participants = new HashSet<>(model.roles.keySet());
        for (final long p : generator.participantIds())
        {
            participants.add(p);
        }
        final Set<Integer> instruments = new HashSet<>(model.kinds.keySet());
        for (final int i : generator.instrumentIds())
        {
            instruments.add(i);
        }
        for (final int instrument : instruments)
        {
            long sum = 0;
            for (final long participant : participants)
            {
                final long balance = engine.balance(participant, instrument);
                assertTrue(balance >= 0, () -> "negative balance " + balance + " of " + participant + " in " + instrument);
                assertEquals(model.balance(participant, instrument), balance,
                    () -> "balance of " + participant + " in " + instrument);
                sum = Math.addExact(sum, balance);
            }
            final long deposited = model.supply.getOrDefault(instrument, 0L);
            assertEquals(deposited, sum, () -> "balances of " + instrument + " do not sum to the deposits minus withdrawals");
            assertEquals(deposited, engine.supply(instrument), () -> "supply of " + instrument);
        }
        assertEquals(model.pendingCount(), engine.pendingDealCount(), "pending deals");
        assertEquals(model.deals.size(), engine.liveDealCount(), "live deals");
        assertEquals(model.businessDate, engine.businessDate(), "business date");
    }
}
