package io.settlement.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandType;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import org.junit.jupiter.api.Test;

import static io.settlement.engine.EngineFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The retention period is state, set by the journaled SET_RETENTION command (not a setting of the
 * engine), so that a replay of the journal gives the same outcomes whatever it is configured with.
 */
class RetentionSettingTest
{
    private final EngineFixture f = new EngineFixture();

    /** A deal settled today; returns its dealId. */
    private long settledToday()
    {
        f.deposit(BANK_A, USD, 100);
        f.deposit(BANK_B, ACME, 1);
        final long dealId = f.accepted(1, BANK_A, BANK_B, 1, 100);
        assertEquals(1, last(f.cycle()).settled);
        return dealId;
    }

    private long roll(final int days)
    {
        return f.one(f.command.advanceBusinessDate(OPS, 0, Dates.plusDays(TODAY, days))).count;
    }

    @Test
    void shouldStartWithSevenDaysAndNotBeOnTheWire()
    {
        assertEquals(7, new SettlementEngine().retainFinishedDays());
        assertEquals(27, CommandType.SET_RETENTION.code());
        assertFalse(CommandType.SET_RETENTION.isOnTheWire());
        settledToday();
        assertEquals(0, roll(7), "seven days after its date, still kept");
        assertEquals(1, roll(8));
    }

    @Test
    void shouldPurgeByTheRetentionInForceAtEachDateRoll()
    {
        final Event set = f.one(f.command.setRetention(Command.SYSTEM_SUBMITTER, 0, 5));
        assertEquals(EventType.COMMAND_RESULT, set.type);
        assertEquals(CommandType.SET_RETENTION.code(), set.commandType);
        assertEquals(Reason.OK, set.reason);
        settledToday();
        assertEquals(0, roll(3));
        f.ok(f.command.setRetention(OPS, 0, 1)); // effective from the next roll on
        assertEquals(0, f.engine.pendingDealCount());
        assertEquals(1, f.engine.liveDealCount(), "a new retention purges nothing by itself");
        assertEquals(1, roll(3), "the same date again: purged by the shorter period now in force");
    }

    @Test
    void shouldRefuseAnOutOfRangeRetentionAndKeepTheOldOne()
    {
        f.ok(f.command.setRetention(OPS, 0, SettlementEngine.MAX_RETAIN_FINISHED_DAYS));
        assertEquals(Reason.INVALID_FIELD, f.one(f.command.setRetention(OPS, 0, 3651)).reason);
        assertEquals(Reason.INVALID_FIELD, f.one(f.command.setRetention(OPS, 0, Integer.MIN_VALUE)).reason);
        assertEquals(Reason.NOT_AUTHORISED, f.one(f.command.setRetention(AUDIT, 0, 0)).reason);
        assertEquals(SettlementEngine.MAX_RETAIN_FINISHED_DAYS, f.engine.retainFinishedDays());
    }

    @Test
    void shouldCarryTheRetentionInTheStateHashAndSnapshots() throws IOException
    {
        final long before = f.engine.stateHash();
        f.ok(f.command.setRetention(OPS, 0, 2));
        assertNotEquals(before, f.engine.stateHash());
        settledToday();
        final SettlementEngine copy = EngineSnapshot.read(
            new ByteArrayInputStream(SnapshotPropertiesTest.snapshot(f.engine)), new EngineConfig());
        assertEquals(2, copy.retainFinishedDays());
        assertEquals(f.engine.stateHash(), copy.stateHash());
        final EngineFixture g = EngineFixture.over(copy);
        assertEquals(0, g.one(g.command.advanceBusinessDate(OPS, 0, Dates.plusDays(TODAY, 2))).count);
        assertEquals(1, g.one(g.command.advanceBusinessDate(OPS, 0, Dates.plusDays(TODAY, 3))).count);
    }

    @Test
    void shouldReplayTheSameOutcomesFromTheCommandsAlone()
    {
        // the original: retention 1 set by a command; the replay: a fresh engine fed the same commands
        final List<Command> journal = new ArrayList<>();
        final Command c = new Command();
        journal.add(new Command().copyFrom(c.setRetention(Command.SYSTEM_SUBMITTER, 0, 1)));
        journal.add(new Command().copyFrom(c.createParticipant(Command.SYSTEM_SUBMITTER, 0, OPS, Role.OPERATOR)));
        journal.add(new Command().copyFrom(c.createParticipant(OPS, 0, BANK_A, Role.MEMBER)));
        journal.add(new Command().copyFrom(c.createParticipant(OPS, 0, BANK_B, Role.MEMBER)));
        journal.add(new Command().copyFrom(c.createInstrument(OPS, 0, ACME, InstrumentKind.SECURITY, "ACME")));
        journal.add(new Command().copyFrom(c.advanceBusinessDate(OPS, 0, TODAY)));
        journal.add(new Command().copyFrom(c.submitDeal(BANK_A, 0, 1, BANK_A, BANK_B, ACME, 0, 1, 0, TODAY,
            DealType.FOP)));
        journal.add(new Command().copyFrom(c.cancelDeal(BANK_A, 0, 1)));
        journal.add(new Command().copyFrom(c.advanceBusinessDate(OPS, 0, Dates.plusDays(TODAY, 2))));
        journal.add(new Command().copyFrom(c.queryDeal(OPS, 0, 1)));
        for (int i = 0; i < journal.size(); i++)
        {
            journal.get(i).sequence = i + 1;
        }
        final EventRecorder original = new EventRecorder(true);
        final EventRecorder replay = new EventRecorder(true);
        final SettlementEngine a = new SettlementEngine();
        final SettlementEngine b = new SettlementEngine(new EngineConfig().initialDealCapacity(4096));
        for (final Command command : journal)
        {
            original.startCommand();
            a.apply(command, original);
            replay.startCommand();
            b.apply(command, replay);
        }
        assertEquals(Reason.DEAL_PURGED, original.events.get(original.events.size() - 1).reason, "purged after 1 day");
        assertEquals(a.eventHash(), b.eventHash());
        assertEquals(a.stateHash(), b.stateHash());
    }
}
