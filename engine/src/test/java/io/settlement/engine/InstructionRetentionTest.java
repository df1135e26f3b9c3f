package io.settlement.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstructionStatus;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Side;
import org.junit.jupiter.api.Test;

import static io.settlement.engine.EngineFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention of ended instructions (docs/rules.md "Retention"): purged at the first date roll that moves
 * the business date more than the retention period past both their settlement date and the date they
 * ended (a MATCHED one with its deal); their clientRefs stay taken; a waiting instruction is never purged.
 */
class InstructionRetentionTest
{
    private final EngineFixture f = new EngineFixture();

    private List<Event> instruct(final long owner, final long ref, final Side side, final long counterparty, final int date)
    {
        return f.apply(f.command.submitInstruction(owner, 0, ref, side, counterparty, ACME, USD, 10, 1_000, date, DealType.DVP));
    }

    private long cancelled(final long owner, final long ref, final int date)
    {
        final long id = instruct(owner, ref, Side.BUY, BANK_B, date).get(0).instructionId;
        assertEquals(EventType.INSTRUCTION_ENDED, f.one(f.command.cancelInstruction(owner, 0, id)).type);
        return id;
    }

    private void roll(final int date)
    {
        assertEquals(EventType.BUSINESS_DATE_ADVANCED, f.apply(f.command.advanceBusinessDate(OPS, 0, date)).get(0).type);
    }

    private Event query(final long instructionId)
    {
        return f.one(f.command.queryInstruction(AUDIT, 0, instructionId));
    }

    private InstructionStore store()
    {
        return f.engine.state().instructions();
    }

    @Test
    void shouldPurgeAnEndedInstructionAtTheRollPastTheRetentionPeriodAndNotBefore()
    {
        f.ok(f.command.setRetention(OPS, 0, 2));
        final long id = cancelled(BANK_A, 7, TODAY);
        // retention 2: the roll must move the business date past 5 + 2 = 7 January
        roll(Dates.plusDays(TODAY, 2));
        assertEquals(EventType.INSTRUCTION_REPORT, query(id).type, "on the 7th it is still within the retention period");
        assertEquals(1, store().liveCount());
        roll(Dates.plusDays(TODAY, 3));
        assertEquals(Reason.INSTRUCTION_PURGED, query(id).reason);
        assertEquals(0, store().liveCount());
        assertEquals(1, store().purgedCount());
        assertEquals(List.of(), f.engine.checkInvariants());
    }

    @Test
    void shouldCountRetentionFromTheLaterOfTheSettlementDateAndTheEndDate()
    {
        // the worked example of docs/rules.md: retention 2, weekends open, expiry after 2 business days
        f.ok(f.command.setRetention(OPS, 0, 2));
        f.ok(f.command.setInstructionExpiry(OPS, 0, 2));
        final long future = cancelled(BANK_A, 1, 20260108); // due Thursday 8, cancelled Monday 5
        roll(20260109);
        final long late = instruct(BANK_A, 2, Side.BUY, BANK_B, TODAY).get(0).instructionId; // due the 5th, sent on the 9th
        roll(20260110);
        assertEquals(EventType.INSTRUCTION_REPORT, query(future).type, "the 10th is not yet 2 days past its settlement date");
        roll(20260111);
        assertEquals(Reason.INSTRUCTION_PURGED, query(future).reason);

        final List<Event> expiry = f.apply(f.command.advanceBusinessDate(OPS, 0, 20260112));
        assertEquals(InstructionStatus.EXPIRED.value(), expiry.get(1).instructionStatus, expiry::toString);
        roll(20260114);
        assertEquals(Reason.UNMATCHED_EXPIRED, query(late).reason, "it ended on the 12th: kept 2 days past that, however old its date");
        roll(20260115);
        assertEquals(Reason.INSTRUCTION_PURGED, query(late).reason);
        assertEquals(List.of(), f.engine.checkInvariants());
    }

    @Test
    void shouldRefuseARepeatOfAPurgedInstructionsClientRefWhateverItsContent()
    {
        f.ok(f.command.setRetention(OPS, 0, 0));
        cancelled(BANK_A, 7, TODAY);
        roll(Dates.plusDays(TODAY, 1));
        final int tomorrow = Dates.plusDays(TODAY, 1);
        final Event same = f.one(f.command.submitInstruction(BANK_A, 0, 7, Side.BUY, BANK_B, ACME, USD, 10, 1_000, TODAY, DealType.DVP));
        assertEquals(EventType.INSTRUCTION_REJECTED, same.type, same::toString);
        assertEquals(Reason.CLIENT_REF_RETIRED, same.reason, "the same content: never a second instruction");
        final Event other = f.one(f.command.submitInstruction(BANK_A, 0, 7, Side.SELL, BANK_B, ACME, USD, 5, 1_000, tomorrow, DealType.DVP));
        assertEquals(Reason.CLIENT_REF_RETIRED, other.reason);
        // the clientRef is per owner: BANK_B may use 7
        assertEquals(EventType.INSTRUCTION_ACCEPTED, instruct(BANK_B, 7, Side.SELL, BANK_A, tomorrow).get(0).type);
        assertEquals(2, store().issued(), "the refusals issued no id");
    }

    @Test
    void shouldAnswerAQueryOrCancelOfAPurgedInstructionWithItsOwnReason()
    {
        f.ok(f.command.setRetention(OPS, 0, 0));
        final long id = cancelled(BANK_A, 7, TODAY);
        roll(Dates.plusDays(TODAY, 1));
        assertEquals(Reason.INSTRUCTION_PURGED, f.one(f.command.queryInstruction(BANK_A, 0, id)).reason);
        assertEquals(Reason.INSTRUCTION_PURGED, f.one(f.command.queryInstruction(BROKER_C, 0, id)).reason,
            "its parties are no longer known: anyone is told it existed and is gone");
        assertEquals(Reason.INSTRUCTION_NOT_PENDING, f.one(f.command.cancelInstruction(BANK_A, 0, id)).reason);
        assertEquals(Reason.UNKNOWN_INSTRUCTION, f.one(f.command.queryInstruction(AUDIT, 0, id + 1)).reason, "never issued");
        assertEquals(Reason.UNKNOWN_INSTRUCTION, f.one(f.command.cancelInstruction(BANK_A, 0, id + 1)).reason);
    }

    @Test
    void shouldNeverPurgeAWaitingInstructionOnlyExpiryEndsIt()
    {
        f.ok(f.command.setRetention(OPS, 0, 0));
        f.ok(f.command.setInstructionExpiry(OPS, 0, 250));
        final long waiting = instruct(BANK_A, 1, Side.BUY, BANK_B, TODAY).get(0).instructionId;
        for (int day = 1; day <= 60; day++)
        {
            roll(Dates.plusDays(TODAY, day));
        }
        final Event report = query(waiting);
        assertEquals(InstructionStatus.UNMATCHED.value(), report.instructionStatus, report::toString);
        // and it still matches its counterpart, late
        final List<Event> match = instruct(BANK_B, 2, Side.SELL, BANK_A, TODAY);
        assertEquals(EventType.INSTRUCTION_MATCHED, match.get(1).type, match::toString);
        assertEquals(waiting, match.get(1).matchedInstructionId);
        assertEquals(List.of(), f.engine.checkInvariants());
    }

    @Test
    void shouldKeepAMatchedInstructionWhileItsDealIsInMemoryAndPurgeItWithTheDeal()
    {
        f.ok(f.command.setRetention(OPS, 0, 1));
        final long buy = instruct(BANK_A, 1, Side.BUY, BANK_B, TODAY).get(0).instructionId;
        final Event matched = instruct(BANK_B, 2, Side.SELL, BANK_A, TODAY).get(1);
        assertEquals(EventType.INSTRUCTION_MATCHED, matched.type);
        final long sell = matched.instructionId;
        f.cycle(); // nobody holds anything: the deal fails and stays pending
        roll(Dates.plusDays(TODAY, 2));
        roll(Dates.plusDays(TODAY, 3));
        assertEquals(InstructionStatus.MATCHED.value(), query(buy).instructionStatus, "its deal is still pending");
        f.deposit(BANK_B, ACME, 10);
        f.deposit(BANK_A, USD, 1_000);
        f.cycle();
        final Event advanced = f.apply(f.command.advanceBusinessDate(OPS, 0, Dates.plusDays(TODAY, 4))).get(0);
        assertEquals(1, advanced.count, "the settled deal is purged");
        assertEquals(Reason.INSTRUCTION_PURGED, query(buy).reason, "with its deal");
        assertEquals(Reason.INSTRUCTION_PURGED, query(sell).reason);
        assertEquals(Reason.DEAL_PURGED, f.one(f.command.queryDeal(AUDIT, 0, matched.dealId)).reason);
        assertEquals(List.of(), f.engine.checkInvariants());
    }

    @Test
    void shouldPurgeInInstructionIdOrderAndReuseSlotsSoMemoryFollowsLiveInstructions()
    {
        f.ok(f.command.setRetention(OPS, 0, 0));
        int date = TODAY;
        for (int day = 0; day < 20; day++)
        {
            for (int i = 0; i < 100; i++)
            {
                cancelled(BANK_A, day * 100L + i + 1, date);
            }
            date = Dates.plusDays(date, 1);
            roll(date);
        }
        assertEquals(2_000, store().issued());
        assertEquals(2_000, store().purgedCount());
        assertEquals(0, store().liveCount());
        assertTrue(store().slotBound() <= 100, "slots are reused: " + store().slotBound() + " used for 100 live at most");
        assertEquals(2_000, store().retiredCount());
        assertEquals(List.of(), f.engine.checkInvariants());
    }

    @Test
    void shouldKeepPurgedInstructionsAcrossASnapshot() throws IOException
    {
        f.ok(f.command.setRetention(OPS, 0, 0));
        final long gone = cancelled(BANK_A, 7, TODAY);
        roll(Dates.plusDays(TODAY, 1));
        final long kept = cancelled(BANK_A, 8, Dates.plusDays(TODAY, 1));
        final long waiting = instruct(BANK_A, 9, Side.BUY, BANK_B, Dates.plusDays(TODAY, 1)).get(0).instructionId;

        final SettlementEngine restored = EngineSnapshot.read(new ByteArrayInputStream(SnapshotPropertiesTest.snapshot(f.engine)));
        assertEquals(f.engine.stateHash(), restored.stateHash());
        assertEquals(List.of(), restored.checkInvariants());
        final EngineFixture r = EngineFixture.over(restored);
        assertEquals(Reason.INSTRUCTION_PURGED, r.one(r.command.queryInstruction(AUDIT, 0, gone)).reason);
        assertEquals(Reason.CLIENT_REF_RETIRED, r.one(r.command.submitInstruction(BANK_A, 0, 7, Side.BUY, BANK_B, ACME, USD, 10, 1_000,
            TODAY, DealType.DVP)).reason);
        assertEquals(InstructionStatus.CANCELLED.value(), r.one(r.command.queryInstruction(AUDIT, 0, kept)).instructionStatus);
        final List<Event> next = r.apply(r.command.submitInstruction(BANK_B, 0, 1, Side.SELL, BANK_A, ACME, USD, 10, 1_000,
            Dates.plusDays(TODAY, 1), DealType.DVP));
        assertEquals(waiting + 1, next.get(0).instructionId, "ids go on from those issued");
        assertEquals(waiting, next.get(1).matchedInstructionId);
        // the end date came through: the cancelled one goes at the next roll, as in the original
        r.apply(r.command.advanceBusinessDate(OPS, 0, Dates.plusDays(TODAY, 2)));
        assertEquals(Reason.INSTRUCTION_PURGED, r.one(r.command.queryInstruction(AUDIT, 0, kept)).reason);
    }
}
