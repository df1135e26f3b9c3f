package io.settlement.engine;

import java.util.ArrayList;
import java.util.List;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.LimitKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An engine with a small market set up through ordinary commands, plus helpers that apply one
 * command and return its outcomes. Participants: members {@link #BANK_A}, {@link #BANK_B},
 * {@link #BROKER_C}; {@link #RISK}, {@link #OPS} (operator), {@link #AUDIT}. Instruments: securities
 * {@link #ACME}, {@link #BOND}; currencies {@link #USD}, {@link #EUR}. Business date {@link #TODAY}.
 */
class EngineFixture
{
    static final long BANK_A = 1;
    static final long BANK_B = 2;
    static final long BROKER_C = 3;
    static final long RISK = 90;
    static final long OPS = 91;
    static final long AUDIT = 92;
    static final int ACME = 10;
    static final int BOND = 11;
    static final int USD = 840;
    static final int EUR = 978;
    static final int TODAY = 20260105;

    final SettlementEngine engine;
    final Command command = new Command();
    private long nextSequence = 1;
    private long nextCorrelation = 1;

    EngineFixture()
    {
        this(new EngineConfig());
    }

    EngineFixture(final EngineConfig config)
    {
        this(config, true);
    }

    /** @param openToday whether to advance the business date to {@link #TODAY} (else it stays 0). */
    EngineFixture(final EngineConfig config, final boolean openToday)
    {
        engine = new SettlementEngine(config);
        ok(command.createParticipant(Command.SYSTEM_SUBMITTER, 0, OPS, Role.OPERATOR));
        ok(command.createParticipant(OPS, 0, BANK_A, Role.MEMBER));
        ok(command.createParticipant(OPS, 0, BANK_B, Role.MEMBER));
        ok(command.createParticipant(OPS, 0, BROKER_C, Role.MEMBER));
        ok(command.createParticipant(OPS, 0, RISK, Role.RISK));
        ok(command.createParticipant(OPS, 0, AUDIT, Role.AUDITOR));
        ok(command.createInstrument(OPS, 0, ACME, InstrumentKind.SECURITY, "ACME"));
        ok(command.createInstrument(OPS, 0, BOND, InstrumentKind.SECURITY, "UST10Y"));
        ok(command.createInstrument(OPS, 0, USD, InstrumentKind.CURRENCY, "USD"));
        ok(command.createInstrument(OPS, 0, EUR, InstrumentKind.CURRENCY, "EUR"));
        if (openToday)
        {
            apply(command.advanceBusinessDate(OPS, 0, TODAY));
        }
    }

    /** A fixture over an engine made elsewhere (read from a snapshot, say), continuing its sequence. */
    private EngineFixture(final SettlementEngine engine)
    {
        this.engine = engine;
        this.nextSequence = engine.lastSequence() + 1;
    }

    static EngineFixture over(final SettlementEngine engine)
    {
        return new EngineFixture(engine);
    }

    /** Applies {@code c} (stamping sequence and correlation id) and returns copies of its outcomes. */
    List<Event> apply(final Command c)
    {
        c.sequence = nextSequence++;
        if (c.correlationId == 0)
        {
            c.correlationId = nextCorrelation++;
        }
        final List<Event> events = new ArrayList<>();
        engine.apply(c, (event, buffer, offset, length) -> events.add(new Event().copyFrom(event)));
        return events;
    }

    /** Applies {@code c} and returns its only outcome. */
    Event one(final Command c)
    {
        final List<Event> events = apply(c);
        assertEquals(1, events.size(), () -> "expected one outcome, got " + events);
        return events.get(0);
    }

    void ok(final Command c)
    {
        final Event e = one(c);
        assertEquals(Reason.OK, e.reason, () -> "expected OK for " + c + ", got " + e);
    }

    void deposit(final long participant, final int instrument, final long amount)
    {
        final Event e = one(command.deposit(OPS, 0, participant, instrument, amount));
        assertEquals(EventType.COMMAND_RESULT, e.type);
        assertEquals(Reason.OK, e.reason, e::toString);
    }

    void setLimit(final long participant, final LimitKind kind, final long key, final long amount)
    {
        final Event e = one(command.setLimit(RISK, 0, participant, kind, key, amount));
        assertEquals(EventType.LIMIT_SET, e.type, e::toString);
    }

    /** A DvP of {@code quantity} ACME for {@code cash} USD, submitted by the buyer, due today. */
    Event dvp(final long clientDealId, final long buyer, final long seller, final long quantity, final long cash)
    {
        return one(command.submitDeal(buyer, 0, clientDealId, buyer, seller, ACME, USD, quantity, cash, TODAY, DealType.DVP));
    }

    /** Submits a deal and asserts it is accepted; returns the new dealId. */
    long accepted(final long clientDealId, final long buyer, final long seller, final long quantity, final long cash)
    {
        final Event e = dvp(clientDealId, buyer, seller, quantity, cash);
        assertEquals(EventType.DEAL_ACCEPTED, e.type, e::toString);
        return e.dealId;
    }

    List<Event> cycle()
    {
        return apply(command.runSettlementCycle(OPS, 0));
    }

    long balance(final long participant, final int instrument)
    {
        return engine.balance(participant, instrument);
    }

    /** The last event of a list (a cycle's CYCLE_COMPLETED, say). */
    static Event last(final List<Event> events)
    {
        return events.get(events.size() - 1);
    }

    static List<Event> ofType(final List<Event> events, final EventType type)
    {
        final List<Event> result = new ArrayList<>();
        for (final Event e : events)
        {
            if (e.type == type)
            {
                result.add(e);
            }
        }
        return result;
    }
}
