package io.settlement.fix;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.protocol.wire.LimitKind;
import io.settlement.protocol.wire.Reason;
import org.junit.jupiter.api.Test;
import quickfix.Message;
import quickfix.field.ExecType;
import quickfix.field.GrossTradeAmt;
import quickfix.field.LastQty;
import quickfix.field.MatchStatus;
import quickfix.field.MsgType;
import quickfix.field.SecondaryTradeReportID;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.field.Text;
import quickfix.field.TradeReportID;
import quickfix.field.TradeReportRefID;
import quickfix.field.TradeReportRejectReason;
import quickfix.field.TradeReportTransType;
import quickfix.field.TradeReportType;
import quickfix.field.TrdMatchID;
import quickfix.field.TrdRptStatus;
import quickfix.field.UnsolicitedIndicator;

import static io.settlement.fix.FixFixture.BANK_A;
import static io.settlement.fix.FixFixture.BANK_B;
import static io.settlement.fix.FixFixture.BROKER_C;
import static io.settlement.fix.FixFixture.TODAY;
import static io.settlement.fix.FixFixture.USD;
import static io.settlement.fix.FixTradeCaptureTest.assertRejected;
import static io.settlement.fix.FixTradeCaptureTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One-sided TradeCaptureReports as instructions to match, through real QuickFIX/J initiators and a real node:
 * the two parties' reports match into a deal, the counterparty's session gets the allegement, both get the
 * match and the instruction's end; refusals come back with the mapped reason.
 */
class FixMatchingTest
{
    private static Message ack(final FixClient client, final String tradeReportId) throws Exception
    {
        return client.next(MsgType.TRADE_CAPTURE_REPORT_ACK, m -> tradeReportId.equals(text(m, TradeReportID.FIELD)));
    }

    private static Message notice(final FixClient client, final int tradeReportType, final String execType) throws Exception
    {
        return client.next(MsgType.TRADE_CAPTURE_REPORT, m -> Integer.toString(tradeReportType).equals(text(m, TradeReportType.FIELD))
            && execType.equals(text(m, ExecType.FIELD)));
    }

    private static void assertAccepted(final Message ack)
    {
        assertEquals(Integer.toString(TrdRptStatus.ACCEPTED), text(ack, TrdRptStatus.FIELD), ack::toString);
        assertEquals(Character.toString(ExecType.TRADE), text(ack, ExecType.FIELD), ack::toString);
    }

    @Test
    void shouldMatchOneSidedReportsFromBothPartiesAllegeTheFirstAndNotifyBoth() throws Exception
    {
        try (FixFixture f = new FixFixture())
        {
            final FixClient bankA = f.logOn("BANKA", BANK_A);
            final FixClient bankB = f.logOn("BANKB", BANK_B);

            bankA.send(Reports.instruction("A-1", BANK_A, Side.BUY, BANK_B, "100", "12.5", TODAY));
            final Message waiting = ack(bankA, "A-1");
            assertAccepted(waiting);
            assertNull(text(waiting, TrdMatchID.FIELD), "not matched yet: no deal");
            final String buyInstruction = text(waiting, SecondaryTradeReportID.FIELD);
            assertTrue(text(waiting, Text.FIELD).contains("unmatched"), waiting::toString);

            final Message alleged = notice(bankB, TradeReportType.ALLEGED, "0");
            assertEquals("1", text(alleged, TradeReportType.FIELD), "FIX 4.4 TradeReportType 1 = Alleged");
            assertEquals("Y", text(alleged, UnsolicitedIndicator.FIELD));
            assertEquals(Character.toString(MatchStatus.UNCOMPARED_UNMATCHED_OR_UNAFFIRMED), text(alleged, MatchStatus.FIELD));
            assertEquals(buyInstruction, text(alleged, SecondaryTradeReportID.FIELD), "the alleged instruction");
            assertEquals(Character.toString(Side.SELL), Reports.sideText(alleged, Side.FIELD), "the side the counterparty is alleged");
            assertEquals("ACME", text(alleged, Symbol.FIELD));
            assertEquals("100", text(alleged, LastQty.FIELD));
            assertEquals("1250.00", Reports.sideText(alleged, GrossTradeAmt.FIELD));
            assertNull(text(alleged, TradeReportRefID.FIELD), "not the counterparty's report");

            bankB.send(Reports.instruction("B-1", BANK_B, Side.SELL, BANK_A, "100", "12.5", TODAY));
            final Message matchedAck = ack(bankB, "B-1");
            assertAccepted(matchedAck);
            final String sellInstruction = text(matchedAck, SecondaryTradeReportID.FIELD);
            assertNotEquals(buyInstruction, sellInstruction);
            final long dealId = Long.parseLong(text(matchedAck, TrdMatchID.FIELD));
            final Event deal = f.system(new Command().queryDeal(0, 0, dealId));
            assertEquals(BANK_A, deal.buyerId);
            assertEquals(BANK_B, deal.sellerId);
            assertEquals(100, deal.quantity);
            assertEquals(125_000, deal.cashAmount);

            final Message toBuyer = notice(bankA, TradeReportType.ACCEPT, "F");
            final Message toSeller = notice(bankB, TradeReportType.ACCEPT, "F");
            for (final Message matched : new Message[] {toBuyer, toSeller})
            {
                assertEquals(Long.toString(dealId), text(matched, TrdMatchID.FIELD), matched::toString);
                assertEquals(Character.toString(MatchStatus.COMPARED_MATCHED_OR_AFFIRMED), text(matched, MatchStatus.FIELD));
                assertEquals("1250.00", Reports.sideText(matched, GrossTradeAmt.FIELD));
            }
            assertEquals(buyInstruction, text(toBuyer, SecondaryTradeReportID.FIELD), "each party's own instruction");
            assertEquals("A-1", text(toBuyer, TradeReportRefID.FIELD));
            assertEquals(Character.toString(Side.BUY), Reports.sideText(toBuyer, Side.FIELD));
            assertEquals(sellInstruction, text(toSeller, SecondaryTradeReportID.FIELD));
            assertEquals("B-1", text(toSeller, TradeReportRefID.FIELD));

            f.runCycle();
            for (final FixClient party : new FixClient[] {bankA, bankB})
            {
                final Message settled = notice(party, TradeReportType.ADDENDUM, "F");
                assertEquals(Long.toString(dealId), text(settled, TrdMatchID.FIELD), settled::toString);
                assertEquals("ACME", text(settled, Symbol.FIELD));
                assertEquals("100", text(settled, LastQty.FIELD));
            }

            // the same TradeReportID again: the original answer
            bankB.send(Reports.instruction("B-1", BANK_B, Side.SELL, BANK_A, "100", "12.5", TODAY));
            final Message again = ack(bankB, "B-1");
            assertAccepted(again);
            assertEquals(sellInstruction, text(again, SecondaryTradeReportID.FIELD));
            assertTrue(text(again, Text.FIELD).startsWith("accepted before"), again::toString);
            assertEquals(Long.toString(dealId), text(again, TrdMatchID.FIELD), "matched since");
        }
    }

    @Test
    void shouldRefuseOneSidedReportsWithTheMappedReason() throws Exception
    {
        try (FixFixture f = new FixFixture())
        {
            final FixClient bankA = f.logOn("BANKA", BANK_A);

            bankA.send(Reports.instruction("R-1", BANK_A, Side.BUY, 77, "10", "1", TODAY));
            assertRejected(ack(bankA, "R-1"), TradeReportRejectReason.INVALID_PARTY_ONFORMATION, "UNKNOWN_PARTICIPANT (1)");

            bankA.send(Reports.instruction("R-2", BANK_B, Side.SELL, BANK_A, "10", "1", TODAY));
            assertRejected(ack(bankA, "R-2"), TradeReportRejectReason.UNAUTHORIZED_TO_REPORT_TRADES, "NOT_YOUR_SIDE");

            bankA.send(Reports.instruction("R-3", BANK_A, Side.BUY, BANK_B, "10", "1", TODAY));
            assertAccepted(ack(bankA, "R-3"));
            bankA.send(Reports.instruction("R-3", BANK_A, Side.BUY, BANK_B, "11", "1", TODAY));
            assertRejected(ack(bankA, "R-3"), TradeReportRejectReason.OTHER, "DUPLICATE_CLIENT_REF (83)");

            bankA.send(Reports.deal("R-4", BANK_A, BANK_B, "10", "1", TODAY));
            assertAccepted(ack(bankA, "R-4"));
            bankA.send(Reports.instruction("R-4", BANK_A, Side.BUY, BANK_B, "10", "1", TODAY));
            assertRejected(ack(bankA, "R-4"), TradeReportRejectReason.OTHER, "TRADE_REPORT_ID_IN_USE");
        }
    }

    @Test
    void shouldTellBothPartiesOfAnInstructionRefusedAtMatchingCancelledOrExpired() throws Exception
    {
        try (FixFixture f = new FixFixture())
        {
            assertEquals(Reason.OK, f.system(new Command().setLimit(0, 0, BROKER_C, LimitKind.CREDIT, USD, 100)).reason);
            final FixClient bankB = f.logOn("BANKB", BANK_B);
            final FixClient brokerC = f.logOn("BROKERC", BROKER_C);

            bankB.send(Reports.instruction("S-1", BANK_B, Side.SELL, BROKER_C, "10", "1", TODAY)); // 10.00 USD: above C's 1.00 credit
            assertAccepted(ack(bankB, "S-1"));
            notice(brokerC, TradeReportType.ALLEGED, "0");
            brokerC.send(Reports.instruction("C-1", BROKER_C, Side.BUY, BANK_B, "10", "1", TODAY));
            final Message refused = ack(brokerC, "C-1");
            assertRejected(refused, TradeReportRejectReason.OTHER, "REFUSED at matching: CREDIT_LIMIT_EXCEEDED");
            final String ownInstruction = text(refused, SecondaryTradeReportID.FIELD);
            for (final FixClient party : new FixClient[] {bankB, brokerC})
            {
                final Message ended = notice(party, TradeReportType.TRADE_REPORT_CANCEL, "8");
                assertEquals(Integer.toString(TradeReportTransType.CANCEL), text(ended, TradeReportTransType.FIELD));
                assertTrue(Reports.sideText(ended, Text.FIELD).startsWith("REFUSED CREDIT_LIMIT_EXCEEDED"), ended::toString);
            }
            assertEquals(ownInstruction, text(notice(brokerC, TradeReportType.TRADE_REPORT_CANCEL, "8"), SecondaryTradeReportID.FIELD),
                "the second end is the arriving instruction's");
            brokerC.send(Reports.instruction("C-1", BROKER_C, Side.BUY, BANK_B, "10", "1", TODAY));
            final Message again = ack(brokerC, "C-1");
            assertRejected(again, TradeReportRejectReason.OTHER, "REFUSED at matching: CREDIT_LIMIT_EXCEEDED (10)");
            assertEquals(ownInstruction, text(again, SecondaryTradeReportID.FIELD), "the resent report's original answer");

            bankB.send(Reports.instruction("S-2", BANK_B, Side.SELL, BROKER_C, "10", "0.05", TODAY));
            final long instructionId = Long.parseLong(text(ack(bankB, "S-2"), SecondaryTradeReportID.FIELD));
            try (PipelineClient seller = f.node.client(BANK_B))
            {
                final Event cancelled = seller.send(new Command().cancelInstruction(BANK_B, 0, instructionId)).get().first();
                assertEquals(EventType.INSTRUCTION_ENDED, cancelled.type, cancelled::toString);
            }
            for (final FixClient party : new FixClient[] {bankB, brokerC})
            {
                final Message ended = notice(party, TradeReportType.TRADE_REPORT_CANCEL, "4");
                assertEquals(Long.toString(instructionId), text(ended, SecondaryTradeReportID.FIELD), ended::toString);
                assertTrue(Reports.sideText(ended, Text.FIELD).startsWith("CANCELLED"), ended::toString);
                assertEquals(party == bankB ? "S-2" : null, text(ended, TradeReportRefID.FIELD), "the owner's own TradeReportID");
            }

            // expiry: with 0 business days, an unmatched instruction ends at the next date roll
            assertEquals(Reason.OK, f.system(new Command().setInstructionExpiry(0, 0, 0)).reason);
            bankB.send(Reports.instruction("S-3", BANK_B, Side.SELL, BROKER_C, "10", "0.07", TODAY + 1));
            final String expiring = text(ack(bankB, "S-3"), SecondaryTradeReportID.FIELD);
            assertEquals(Reason.OK, f.system(new Command().advanceBusinessDate(0, 0, TODAY + 1)).reason);
            for (final FixClient party : new FixClient[] {bankB, brokerC})
            {
                final Message expired = notice(party, TradeReportType.TRADE_REPORT_CANCEL, Character.toString(ExecType.EXPIRED));
                assertEquals(expiring, text(expired, SecondaryTradeReportID.FIELD), expired::toString);
                assertTrue(Reports.sideText(expired, Text.FIELD).startsWith("EXPIRED UNMATCHED_EXPIRED (82)"), expired::toString);
                assertEquals(Integer.toString(TODAY + 1), text(expired, quickfix.field.TradeDate.FIELD), "the roll's business date");
            }
        }
    }
}
