package io.settlement.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.Reason;
import org.junit.jupiter.api.Test;

import static io.settlement.engine.EngineFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A (submitter, clientDealId) stays taken for the life of the journal (DESIGN.md section 4): once
 * its deal has finished and been purged after the retention period, a repeat of the key never
 * creates a second deal, whatever its content, and the purged deal is known to have existed.
 */
class RetiredClientDealIdTest
{
    private static final int RETAIN_DAYS = 2;

    private final EngineFixture f = new EngineFixture();
    private long settledDealId;

    /** Deal 1 (client key 1) settles today; deal 2 (client key 2) is cancelled; both are then purged. */
    private void settleCancelAndPurge()
    {
        f.ok(f.command.setRetention(OPS, 0, RETAIN_DAYS));
        f.deposit(BANK_A, USD, 1_000);
        f.deposit(BANK_B, ACME, 10);
        settledDealId = f.accepted(1, BANK_A, BANK_B, 5, 500);
        final long cancelled = f.accepted(2, BANK_A, BANK_B, 1, 100);
        f.one(f.command.cancelDeal(BANK_A, 0, cancelled));
        assertEquals(1, last(f.cycle()).settled);
        final Event roll = f.one(f.command.advanceBusinessDate(OPS, 0, Dates.plusDays(TODAY, RETAIN_DAYS + 1)));
        assertEquals(2, roll.count, "both finished deals purged");
        assertEquals(0, f.engine.liveDealCount());
    }

    private Event resubmit(final EngineFixture g, final long clientDealId, final long quantity, final long cash, final int date)
    {
        return g.one(g.command.submitDeal(BANK_A, 0, clientDealId, BANK_A, BANK_B, ACME, USD, quantity, cash, date, DealType.DVP));
    }

    @Test
    void shouldNotRegisterASecondDealWhenAPurgedKeyComesBackWithDifferentContent()
    {
        settleCancelAndPurge();
        final int today = f.engine.businessDate();
        final Event again = resubmit(f, 1, 7, 700, today); // a valid deal, dated today, under the retired key
        assertEquals(EventType.DEAL_REJECTED, again.type, again::toString);
        assertEquals(Reason.CLIENT_DEAL_ID_RETIRED, again.reason);
        assertEquals(0, f.engine.liveDealCount(), "no deal registered");
        // a key never used is still free
        assertEquals(EventType.DEAL_ACCEPTED, resubmit(f, 3, 7, 700, today).type);
    }

    @Test
    void shouldAnswerAnIdenticalRetryOfAPurgedDealWithTheDocumentedReason()
    {
        settleCancelAndPurge();
        final Event retry = resubmit(f, 1, 5, 500, TODAY); // exactly the original, whose date is now past
        assertEquals(EventType.DEAL_REJECTED, retry.type, retry::toString);
        assertEquals(Reason.CLIENT_DEAL_ID_RETIRED, retry.reason, "not SETTLEMENT_DATE_IN_PAST");
        assertEquals(1, retry.clientDealId);
        // the cancelled deal's key as well, and from an operator submitting for the same key space of its own
        assertEquals(Reason.CLIENT_DEAL_ID_RETIRED, resubmit(f, 2, 1, 100, TODAY).reason);
        assertEquals(EventType.DEAL_ACCEPTED,
            f.one(f.command.submitDeal(OPS, 0, 1, BANK_A, BANK_B, ACME, USD, 1, 1, f.engine.businessDate(), DealType.DVP)).type,
            "keys are per submitter");
    }

    @Test
    void shouldAnswerDealNotPendingToACancelOfAPurgedDeal()
    {
        settleCancelAndPurge();
        assertEquals(Reason.DEAL_NOT_PENDING, f.one(f.command.cancelDeal(BANK_A, 0, settledDealId)).reason);
        assertEquals(Reason.DEAL_NOT_PENDING, f.one(f.command.cancelDeal(OPS, 0, settledDealId + 1)).reason);
        // a dealId never given is still unknown
        assertEquals(Reason.UNKNOWN_DEAL, f.one(f.command.cancelDeal(BANK_A, 0, settledDealId + 2)).reason);
        assertEquals(Reason.UNKNOWN_DEAL, f.one(f.command.cancelDeal(BANK_A, 0, 0)).reason);
    }

    @Test
    void shouldReportAPurgedDealAsPurgedToAQuery()
    {
        settleCancelAndPurge();
        assertEquals(Reason.DEAL_PURGED, f.one(f.command.queryDeal(AUDIT, 0, settledDealId)).reason);
        assertEquals(Reason.DEAL_PURGED, f.one(f.command.queryDeal(BANK_A, 0, settledDealId)).reason);
        assertEquals(Reason.UNKNOWN_DEAL, f.one(f.command.queryDeal(AUDIT, 0, settledDealId + 2)).reason);
        assertEquals(Reason.UNKNOWN_DEAL, f.one(f.command.queryDeal(AUDIT, 0, -1)).reason);
    }

    @Test
    void shouldKeepRetiredKeysThroughASnapshot() throws IOException
    {
        settleCancelAndPurge();
        // keys far apart: another high half, and a negative one
        f.ok(f.command.setRetention(OPS, 0, 0));
        final int today = f.engine.businessDate();
        f.deposit(BANK_B, ACME, 10);
        f.deposit(BANK_A, USD, 1_000);
        final Event far = resubmit(f, 1L << 40, 1, 1, today);
        assertEquals(EventType.DEAL_ACCEPTED, far.type, far::toString);
        f.one(f.command.cancelDeal(BANK_A, 0, far.dealId));
        final long negative = -3;
        assertEquals(EventType.DEAL_ACCEPTED, resubmit(f, negative, 1, 1, today).type);
        assertEquals(1, last(f.cycle()).settled);
        assertEquals(2, f.one(f.command.advanceBusinessDate(OPS, 0, Dates.plusDays(today, 1))).count);
        assertEquals(4, f.engine.retiredClientDealIdCount());

        final byte[] snapshot = SnapshotPropertiesTest.snapshot(f.engine);
        final SettlementEngine copy = EngineSnapshot.read(new ByteArrayInputStream(snapshot), new EngineConfig());
        assertEquals(f.engine.stateHash(), copy.stateHash());
        assertEquals(4, copy.retiredClientDealIdCount());
        final EngineFixture g = EngineFixture.over(copy);
        final int date = copy.businessDate();
        for (final long key : new long[] {1, 2, 1L << 40, negative})
        {
            assertEquals(Reason.CLIENT_DEAL_ID_RETIRED, resubmit(g, key, 9, 900, date).reason, "key " + key);
        }
        assertEquals(EventType.DEAL_ACCEPTED, resubmit(g, (1L << 40) + 1, 9, 900, date).type);
        assertEquals(EventType.DEAL_ACCEPTED, resubmit(g, -4, 9, 900, date).type);
        assertEquals(List.of(), copy.checkInvariants());
    }

    @Test
    void shouldChangeTheStateHashWhenAKeyRetires()
    {
        final EngineFixture a = new EngineFixture();
        final EngineFixture b = new EngineFixture();
        for (final EngineFixture g : List.of(a, b))
        {
            g.ok(g.command.setRetention(OPS, 0, 0));
            g.one(g.command.cancelDeal(BANK_A, 0, g.accepted(g == a ? 1 : 2, BANK_A, BANK_B, 1, 1)));
            g.one(g.command.advanceBusinessDate(OPS, 0, Dates.plusDays(TODAY, 1)));
        }
        // the same state but for which key retired
        assertEquals(a.engine.liveDealCount(), b.engine.liveDealCount());
        org.junit.jupiter.api.Assertions.assertNotEquals(a.engine.stateHash(), b.engine.stateHash());
    }
}
