package io.settlement.fix;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.settlement.gateway.GatewayConfig;
import org.junit.jupiter.api.Test;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.field.MsgType;
import quickfix.field.PossDupFlag;
import quickfix.field.TradeReportID;
import quickfix.field.TradeReportRefID;
import quickfix.field.TrdMatchID;

import static io.settlement.fix.FixFixture.BANK_A;
import static io.settlement.fix.FixFixture.BANK_B;
import static io.settlement.fix.FixFixture.BROKER_C;
import static io.settlement.fix.FixFixture.TODAY;
import static io.settlement.fix.FixTradeCaptureTest.text;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daily reset carries every message its client has not been shown to have processed, whatever the client did
 * with its connection: nothing is taken as received on a Logon, a Logout or the reset itself. Three clients on plain
 * sockets, each stopping at a moment a real engine passes too quickly, then real QuickFIX/J initiators in the new day.
 */
class FixResetDeliveryTest
{
    private static int nextToClient(final String compId) throws Exception
    {
        return Session.lookupSession(new SessionID(FixConfig.BEGIN_STRING, "SETTLEMENT", compId)).getStore().getNextSenderMsgSeqNum();
    }

    private static void awaitStored(final String compId, final int next) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (nextToClient(compId) < next)
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError(compId + "'s store did not reach " + next + ": " + nextToClient(compId));
            }
            Thread.sleep(20);
        }
    }

    @Test
    void shouldCarryWhatAClientDroppedLoggedOutOrWasResetBeforeProcessing() throws Exception
    {
        final AtomicReference<LocalTime> resetAt = new AtomicReference<>();
        try (FixFixture f = new FixFixture(new GatewayConfig(), config -> config.reset(resetAt.get(), ZoneId.of("UTC"))))
        {
            final Instant resetInstant = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(14);
            final LocalTime reset = LocalTime.ofInstant(resetInstant, ZoneOffset.UTC);
            resetAt.set(reset);
            f.clientResetTimeUtc = reset.toString().length() == 5 ? reset + ":00" : reset.toString();
            f.restartFix();

            // BANKA reports a trade and reads nothing more: its acknowledgement and notice flow, and the reset finds it logged on
            final RawFixConnection bankA = new RawFixConnection(f.fix.port(), "BANKA");
            bankA.logOn(BANK_A);
            final int beforeA = nextToClient("BANKA");
            bankA.send(Reports.deal("R-1", BANK_A, BANK_B, "100", "12.5", TODAY));
            awaitStored("BANKA", beforeA + 1);
            f.runCycle();
            awaitStored("BANKB", 2);

            // BANKB logs on and drops before its ResendRequest for the notice stored while it was away
            try (RawFixConnection bankB = new RawFixConnection(f.fix.port(), "BANKB"))
            {
                bankB.logOn(BANK_B);
            }

            // BROKERC reports, and its Logout crosses the acknowledgement (written to it, not processed)
            final int beforeC;
            try (RawFixConnection brokerC = new RawFixConnection(f.fix.port(), "BROKERC"))
            {
                brokerC.logOn(BROKER_C);
                beforeC = nextToClient("BROKERC");
                brokerC.send(Reports.deal("C-1", BANK_A, BANK_B, "5", "12.5", TODAY));
                awaitStored("BROKERC", beforeC + 1);
                brokerC.send(new quickfix.fix44.Logout());
                brokerC.awaitText("\u000135=5\u0001", 20_000);
            }

            while (Instant.now().isBefore(resetInstant.plusSeconds(2)))
            {
                Thread.sleep(200);
            }
            bankA.close();

            final FixClient bankA2 = f.client("BANKA", Long.toString(BANK_A), FixFixture.secret(BANK_A), "BANKA2");
            final FixClient bankB2 = f.client("BANKB", Long.toString(BANK_B), FixFixture.secret(BANK_B), "BANKB2");
            final FixClient brokerC2 = f.client("BROKERC", Long.toString(BROKER_C), FixFixture.secret(BROKER_C), "BROKERC2");
            assertTrue(bankA2.logOn(20_000), "BANKA logs on in the new day: " + bankA2.logouts);
            assertTrue(bankB2.logOn(20_000), "BANKB logs on in the new day: " + bankB2.logouts);
            assertTrue(brokerC2.logOn(20_000), "BROKERC logs on in the new day: " + brokerC2.logouts);
            assertAll(
                () ->
                {
                    final Message ack = bankA2.next(MsgType.TRADE_CAPTURE_REPORT_ACK, m -> "R-1".equals(text(m, TradeReportID.FIELD)));
                    assertTrue(ack.getHeader().getBoolean(PossDupFlag.FIELD), ack::toString);
                    bankA2.next(MsgType.TRADE_CAPTURE_REPORT, m -> "R-1".equals(text(m, TradeReportRefID.FIELD)));
                },
                () ->
                {
                    final Message notice = bankB2.next(MsgType.TRADE_CAPTURE_REPORT, m -> m.isSetField(TrdMatchID.FIELD));
                    assertTrue(notice.getHeader().getBoolean(PossDupFlag.FIELD), notice::toString);
                },
                () ->
                {
                    final Message ack = brokerC2.next(MsgType.TRADE_CAPTURE_REPORT_ACK, m -> "C-1".equals(text(m, TradeReportID.FIELD)));
                    assertEquals(1, ack.getHeader().getInt(quickfix.field.MsgSeqNum.FIELD), "the new day's first message: " + ack);
                });
        }
    }
}
