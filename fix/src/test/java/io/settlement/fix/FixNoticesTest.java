package io.settlement.fix;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.protocol.wire.DealType;
import org.junit.jupiter.api.Test;
import quickfix.Message;
import quickfix.field.ExecType;
import quickfix.field.GrossTradeAmt;
import quickfix.field.LastQty;
import quickfix.field.MsgType;
import quickfix.field.PossDupFlag;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.field.Text;
import quickfix.field.TradeReportID;
import quickfix.field.TradeReportRefID;
import quickfix.field.TradeReportTransType;
import quickfix.field.TrdMatchID;
import quickfix.field.TrdRptStatus;
import quickfix.field.UnsolicitedIndicator;

import static io.settlement.fix.FixFixture.BANK_A;
import static io.settlement.fix.FixFixture.ACME;
import static io.settlement.fix.FixFixture.BANK_B;
import static io.settlement.fix.FixFixture.TODAY;
import static io.settlement.fix.FixFixture.USD;
import static io.settlement.fix.FixTradeCaptureTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Settlement notices (unsolicited TradeCaptureReports) to both parties, followed from the event journal:
 * settled, failed with the reason, cancelled; delivered after a reconnect by the normal resend, also when
 * the FIX channel itself restarted in between; a TradeReportID resent after the restart gets its original
 * answer.
 */
class FixNoticesTest
{
    /** Reports a deal from BANK_A's client and returns its deal id. */
    private static long report(final FixClient client, final String tradeReportId, final String quantity) throws Exception
    {
        client.send(Reports.deal(tradeReportId, BANK_A, BANK_B, quantity, "12.5", TODAY));
        final Message ack = client.next(MsgType.TRADE_CAPTURE_REPORT_ACK);
        assertEquals(Integer.toString(TrdRptStatus.ACCEPTED), text(ack, TrdRptStatus.FIELD), ack::toString);
        return Long.parseLong(text(ack, TrdMatchID.FIELD));
    }

    private static void assertNotice(final Message notice, final long dealId, final char execType, final char side, final String textStart)
    {
        assertEquals(MsgType.TRADE_CAPTURE_REPORT, text(notice.getHeader(), MsgType.FIELD));
        assertEquals("Y", text(notice, UnsolicitedIndicator.FIELD));
        assertEquals(Long.toString(dealId), text(notice, TrdMatchID.FIELD), notice::toString);
        assertEquals(Character.toString(execType), text(notice, ExecType.FIELD), notice::toString);
        assertEquals(Character.toString(side), Reports.sideText(notice, Side.FIELD));
        final String text = Reports.sideText(notice, Text.FIELD);
        assertTrue(text.startsWith(textStart), () -> "Text(58) \"" + text + "\" should start with \"" + textStart + "\"");
    }

    @Test
    void shouldNotifyBothPartiesOfSettledFailedAndCancelledTrades() throws Exception
    {
        try (FixFixture f = new FixFixture())
        {
            final FixClient bankA = f.logOn("BANKA", BANK_A);
            final FixClient bankB = f.logOn("BANKB", BANK_B);

            final long settles = report(bankA, "S-1", "100");
            f.runCycle();
            final Message toBuyer = bankA.next(MsgType.TRADE_CAPTURE_REPORT);
            assertNotice(toBuyer, settles, ExecType.TRADE, Side.BUY, "SETTLED");
            assertEquals("S-1", text(toBuyer, TradeReportRefID.FIELD), "the reporter's own TradeReportID");
            assertEquals("100", text(toBuyer, LastQty.FIELD));
            assertEquals("1250.00", Reports.sideText(toBuyer, GrossTradeAmt.FIELD));
            final Message toSeller = bankB.next(MsgType.TRADE_CAPTURE_REPORT);
            assertNotice(toSeller, settles, ExecType.TRADE, Side.SELL, "SETTLED");
            assertNull(text(toSeller, TradeReportRefID.FIELD), "the seller did not report it");
            assertEquals(text(toBuyer, TradeReportID.FIELD), text(toSeller, TradeReportID.FIELD), "one notice id per event");

            final long fails = report(bankA, "S-2", "20000"); // BANK_B holds 9,900 ACME now
            f.runCycle();
            assertNotice(bankA.next(MsgType.TRADE_CAPTURE_REPORT), fails, ExecType.DONE_FOR_DAY, Side.BUY,
                "SETTLEMENT_FAILED INSUFFICIENT_SECURITIES (21)");
            final Message failedToSeller = bankB.next(MsgType.TRADE_CAPTURE_REPORT);
            assertNotice(failedToSeller, fails, ExecType.DONE_FOR_DAY, Side.SELL, "SETTLEMENT_FAILED INSUFFICIENT_SECURITIES (21)");
            assertEquals("20000", text(failedToSeller, LastQty.FIELD), "the terms of the deal, from the journal");
            f.runCycle(); // it fails again for the same reason: nothing new to tell (the next notices are the cancellation's)

            try (PipelineClient buyer = f.node.client(BANK_A))
            {
                final Event cancelled = buyer.send(new Command().cancelDeal(BANK_A, 0, fails)).get().first();
                assertEquals(EventType.DEAL_CANCELLED, cancelled.type);
            }
            final Message cancelToBuyer = bankA.next(MsgType.TRADE_CAPTURE_REPORT);
            assertNotice(cancelToBuyer, fails, ExecType.TRADE_CANCEL, Side.BUY, "CANCELLED");
            assertEquals(Integer.toString(TradeReportTransType.CANCEL), text(cancelToBuyer, TradeReportTransType.FIELD));
            assertNotice(bankB.next(MsgType.TRADE_CAPTURE_REPORT), fails, ExecType.TRADE_CANCEL, Side.SELL, "CANCELLED");
        }
    }

    @Test
    void shouldGiveTheNoticesOfAMatchedDealItsTermsFromTheMatch() throws Exception
    {
        try (FixFixture f = new FixFixture())
        {
            final FixClient bankA = f.logOn("BANKA", BANK_A);
            final FixClient bankB = f.logOn("BANKB", BANK_B);
            final long dealId;
            try (PipelineClient buyer = f.node.client(BANK_A); PipelineClient seller = f.node.client(BANK_B))
            {
                // 20,000 ACME for 250,000.00 USD: BANK_B holds 10,000, so the matched deal fails at the cycle
                final Event alleged = buyer.send(new Command().submitInstruction(BANK_A, 0, 7, io.settlement.protocol.wire.Side.BUY,
                    BANK_B, ACME, USD, 20_000, 25_000_000, TODAY, DealType.DVP)).get().first();
                assertEquals(EventType.INSTRUCTION_ACCEPTED, alleged.type, alleged::toString);
                final Event matched = seller.send(new Command().submitInstruction(BANK_B, 0, 7, io.settlement.protocol.wire.Side.SELL,
                    BANK_A, ACME, USD, 20_000, 25_000_000, TODAY, DealType.DVP)).get().events().stream()
                    .filter(e -> e.type == EventType.INSTRUCTION_MATCHED).findFirst().orElseThrow();
                assertEquals(EventType.INSTRUCTION_MATCHED, matched.type, matched::toString);
                dealId = matched.dealId;
            }
            f.runCycle();
            for (final FixClient party : new FixClient[] {bankA, bankB})
            {
                final Message failed = party.next(MsgType.TRADE_CAPTURE_REPORT, m -> Reports.sideText(m, Text.FIELD).startsWith("SETTLEMENT_FAILED"));
                assertNotice(failed, dealId, ExecType.DONE_FOR_DAY, party == bankA ? Side.BUY : Side.SELL,
                    "SETTLEMENT_FAILED INSUFFICIENT_SECURITIES (21)");
                assertEquals("ACME", text(failed, Symbol.FIELD), failed::toString);
                assertEquals("20000", text(failed, LastQty.FIELD), failed::toString);
                assertEquals("250000.00", Reports.sideText(failed, GrossTradeAmt.FIELD), failed::toString);
            }
            try (PipelineClient buyer = f.node.client(BANK_A))
            {
                assertEquals(EventType.DEAL_CANCELLED, buyer.send(new Command().cancelDeal(BANK_A, 0, dealId)).get().first().type);
            }
            for (final FixClient party : new FixClient[] {bankA, bankB})
            {
                final Message cancelled = party.next(MsgType.TRADE_CAPTURE_REPORT, m -> Reports.sideText(m, Text.FIELD).startsWith("CANCELLED"));
                assertEquals("ACME", text(cancelled, Symbol.FIELD), cancelled::toString);
                assertEquals("20000", text(cancelled, LastQty.FIELD), cancelled::toString);
                assertEquals("250000.00", Reports.sideText(cancelled, GrossTradeAmt.FIELD), cancelled::toString);
            }
        }
    }

    @Test
    void shouldResendMissedNoticesOnReconnectAlsoAcrossARestartOfTheChannel() throws Exception
    {
        try (FixFixture f = new FixFixture())
        {
            FixClient bankA = f.logOn("BANKA", BANK_A);
            FixClient bankB = f.logOn("BANKB", BANK_B);
            final long away = report(bankA, "R-1", "10");
            bankB.stop();

            f.runCycle(); // BANK_B is away: its notice waits in its session's store
            assertNotice(bankA.next(MsgType.TRADE_CAPTURE_REPORT), away, ExecType.TRADE, Side.BUY, "SETTLED");

            final long down = report(bankA, "R-2", "20");
            bankA.stop();
            f.fix.close(); // the channel is down while the next cycle settles: its notices come from the journal when it is back
            f.runCycle();
            f.startFix();

            bankB = f.logOn("BANKB", BANK_B);
            final Message first = bankB.next(MsgType.TRADE_CAPTURE_REPORT);
            assertNotice(first, away, ExecType.TRADE, Side.SELL, "SETTLED");
            assertEquals("Y", text(first.getHeader(), PossDupFlag.FIELD), "resent");
            assertNotice(bankB.next(MsgType.TRADE_CAPTURE_REPORT), down, ExecType.TRADE, Side.SELL, "SETTLED");

            bankA = f.logOn("BANKA", BANK_A);
            assertNotice(bankA.next(MsgType.TRADE_CAPTURE_REPORT), down, ExecType.TRADE, Side.BUY, "SETTLED");

            // the TradeReportID map outlived the restart: the same report is the same deal
            bankA.send(Reports.deal("R-2", BANK_A, BANK_B, "20", "12.5", TODAY));
            final Message again = bankA.next(MsgType.TRADE_CAPTURE_REPORT_ACK);
            assertEquals(Integer.toString(TrdRptStatus.ACCEPTED), text(again, TrdRptStatus.FIELD), again::toString);
            assertEquals(Long.toString(down), text(again, TrdMatchID.FIELD));
            assertTrue(text(again, Text.FIELD).startsWith("accepted before"));
        }
    }
}
