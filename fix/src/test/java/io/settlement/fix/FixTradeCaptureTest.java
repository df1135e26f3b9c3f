package io.settlement.fix;

import java.util.concurrent.TimeUnit;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import quickfix.Message;
import quickfix.field.BusinessRejectReason;
import quickfix.field.ClOrdID;
import quickfix.field.ExecType;
import quickfix.field.GrossTradeAmt;
import quickfix.field.HandlInst;
import quickfix.field.LastQty;
import quickfix.field.MsgType;
import quickfix.field.OrdType;
import quickfix.field.RefTagID;
import quickfix.field.SecurityID;
import quickfix.field.SecurityIDSource;
import quickfix.field.SessionRejectReason;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.field.Text;
import quickfix.field.TradeReportID;
import quickfix.field.TradeReportRejectReason;
import quickfix.field.TransactTime;
import quickfix.field.TrdMatchID;
import quickfix.field.TrdRptStatus;
import quickfix.field.TrdType;
import quickfix.fix44.NewOrderSingle;
import quickfix.fix44.TradeCaptureReport;

import static io.settlement.fix.FixFixture.BANK_A;
import static io.settlement.fix.FixFixture.BANK_B;
import static io.settlement.fix.FixFixture.BROKER_C;
import static io.settlement.fix.FixFixture.TODAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TradeCaptureReport (35=AE) in, TradeCaptureReportAck (35=AR) out, through a real QuickFIX/J initiator and
 * a real node: deals accepted and registered with the reported terms, refused with the engine's reason
 * mapped, a member reporting a trade between two others refused, malformed
 * messages answered with Reject or BusinessMessageReject while the session and the engine carry on.
 */
class FixTradeCaptureTest
{
    private static FixFixture f;
    private static FixClient bankA;
    private static FixClient brokerC;

    @BeforeAll
    static void start() throws Exception
    {
        f = new FixFixture();
        bankA = f.logOn("BANKA", BANK_A);
        brokerC = f.logOn("BROKERC", BROKER_C);
    }

    @AfterAll
    static void stop() throws Exception
    {
        f.close();
    }

    private static Event deal(final long dealId) throws Exception
    {
        return f.system(new Command().queryDeal(0, 0, dealId));
    }

    @Test
    void shouldRegisterAReportedDealWithItsTermsAndAnswerWithTheDealId() throws Exception
    {
        bankA.send(Reports.deal("T-1", BANK_A, BANK_B, "100", "12.5", TODAY + 2));

        final Message ack = bankA.next(MsgType.TRADE_CAPTURE_REPORT_ACK);
        assertEquals("T-1", text(ack, TradeReportID.FIELD));
        assertEquals(Integer.toString(TrdRptStatus.ACCEPTED), text(ack, TrdRptStatus.FIELD), ack::toString);
        assertEquals(Character.toString(ExecType.TRADE), text(ack, ExecType.FIELD));
        final long dealId = Long.parseLong(text(ack, TrdMatchID.FIELD));
        final Event registered = deal(dealId);
        assertEquals(EventType.DEAL_REPORT, registered.type);
        assertEquals(BANK_A, registered.buyerId);
        assertEquals(BANK_B, registered.sellerId);
        assertEquals(FixFixture.ACME, registered.securityId);
        assertEquals(FixFixture.USD, registered.currencyId);
        assertEquals(100, registered.quantity);
        assertEquals(125_000, registered.cashAmount, "1250.00 USD in cents");
        assertEquals(TODAY + 2, registered.settlementDate);
        assertEquals(TradeReportIds.FIRST_CLIENT_DEAL_ID, registered.clientDealId & TradeReportIds.FIRST_CLIENT_DEAL_ID,
            "the channel's clientDealId range");
    }

    @Test
    void shouldTakeTheSecurityByIsinAndTheCashFromGrossTradeAmt() throws Exception
    {
        final TradeCaptureReport report = Reports.deal("T-isin", BANK_A, BANK_B, "7", "0", TODAY);
        report.set(new Symbol("[N/A]"));
        report.set(new SecurityID(FixFixture.ACME_ISIN));
        report.set(new SecurityIDSource(SecurityIDSource.ISIN_NUMBER));
        for (final quickfix.Group side : report.getGroups(quickfix.field.NoSides.FIELD))
        {
            side.setString(GrossTradeAmt.FIELD, "70.07");
        }
        bankA.send(report);

        final Message ack = bankA.next(MsgType.TRADE_CAPTURE_REPORT_ACK);
        assertEquals(Integer.toString(TrdRptStatus.ACCEPTED), text(ack, TrdRptStatus.FIELD), ack::toString);
        assertEquals(FixFixture.ACME_ISIN, text(ack, SecurityID.FIELD));
        final Event registered = deal(Long.parseLong(text(ack, TrdMatchID.FIELD)));
        assertEquals(FixFixture.ACME, registered.securityId);
        assertEquals(7, registered.quantity);
        assertEquals(7_007, registered.cashAmount);
    }

    @Test
    void shouldRegisterAFreeOfPaymentTransfer() throws Exception
    {
        final TradeCaptureReport report = Reports.deal("T-fop", BANK_A, BANK_B, "5", "0", TODAY);
        report.set(new TrdType(TrdType.TRANSFER));
        for (final quickfix.Group side : report.getGroups(quickfix.field.NoSides.FIELD))
        {
            side.removeField(quickfix.field.Currency.FIELD);
        }
        bankA.send(report);

        final Message ack = bankA.next(MsgType.TRADE_CAPTURE_REPORT_ACK);
        assertEquals(Integer.toString(TrdRptStatus.ACCEPTED), text(ack, TrdRptStatus.FIELD), ack::toString);
        final Event registered = deal(Long.parseLong(text(ack, TrdMatchID.FIELD)));
        assertEquals(io.settlement.protocol.wire.DealType.FOP.value(), registered.dealType);
        assertEquals(0, registered.cashAmount);
    }

    @Test
    void shouldRefuseAMemberReportingATradeBetweenTwoOthers() throws Exception
    {
        brokerC.send(Reports.deal("C-1", BANK_A, BANK_B, "10", "1", TODAY));

        final Message ack = brokerC.next(MsgType.TRADE_CAPTURE_REPORT_ACK);
        assertRejected(ack, TradeReportRejectReason.UNAUTHORIZED_TO_REPORT_TRADES, "NOT_A_PARTY (8)");
    }

    @Test
    void shouldRefuseWithTheEngineReasonMapped() throws Exception
    {
        bankA.send(Reports.deal("T-past", BANK_A, BANK_B, "10", "1", TODAY - 1));
        assertRejected(bankA.next(MsgType.TRADE_CAPTURE_REPORT_ACK), TradeReportRejectReason.OTHER, "SETTLEMENT_DATE_IN_PAST (7)");

        bankA.send(Reports.deal("T-self", BANK_A, BANK_A, "10", "1", TODAY));
        assertRejected(bankA.next(MsgType.TRADE_CAPTURE_REPORT_ACK), TradeReportRejectReason.INVALID_PARTY_ONFORMATION,
            "SAME_BUYER_AND_SELLER (6)");

        bankA.send(Reports.deal("T-nobody", BANK_A, 77, "10", "1", TODAY));
        assertRejected(bankA.next(MsgType.TRADE_CAPTURE_REPORT_ACK), TradeReportRejectReason.INVALID_PARTY_ONFORMATION,
            "UNKNOWN_PARTICIPANT (1)");
    }

    @Test
    void shouldRefuseWhatTheChannelCannotReadWithAReadableReason() throws Exception
    {
        final TradeCaptureReport unknown = Reports.deal("T-unknown", BANK_A, BANK_B, "10", "1", TODAY);
        unknown.set(new Symbol("NOPE"));
        bankA.send(unknown);
        assertRejected(bankA.next(MsgType.TRADE_CAPTURE_REPORT_ACK), TradeReportRejectReason.UNKNOWN_INSTRUMENT, "Symbol(55) NOPE");

        bankA.send(Reports.deal("T-cents", BANK_A, BANK_B, "10", "0.0001", TODAY));
        assertRejected(bankA.next(MsgType.TRADE_CAPTURE_REPORT_ACK), TradeReportRejectReason.OTHER, "minor units");

        bankA.send(Reports.oneSide("T-one", BANK_A, Side.BUY, "10", "1", TODAY)); // no counterparty (PartyRole 17)
        assertRejected(bankA.next(MsgType.TRADE_CAPTURE_REPORT_ACK), TradeReportRejectReason.INVALID_PARTY_ONFORMATION,
            "the buy side's counterparty names no party");
    }

    @Test
    void shouldAnswerAResentTradeReportIdWithItsOriginalOutcome() throws Exception
    {
        bankA.send(Reports.deal("T-dup", BANK_A, BANK_B, "3", "2", TODAY + 1));
        final Message first = bankA.next(MsgType.TRADE_CAPTURE_REPORT_ACK);
        assertEquals(Integer.toString(TrdRptStatus.ACCEPTED), text(first, TrdRptStatus.FIELD), first::toString);

        bankA.send(Reports.deal("T-dup", BANK_A, BANK_B, "3", "2", TODAY + 1));
        final Message again = bankA.next(MsgType.TRADE_CAPTURE_REPORT_ACK);
        assertEquals(Integer.toString(TrdRptStatus.ACCEPTED), text(again, TrdRptStatus.FIELD), again::toString);
        assertEquals(text(first, TrdMatchID.FIELD), text(again, TrdMatchID.FIELD), "the same deal");
        assertTrue(text(again, Text.FIELD).startsWith("accepted before"), again::toString);

        bankA.send(Reports.deal("T-dup", BANK_A, BANK_B, "4", "2", TODAY + 1));
        assertRejected(bankA.next(MsgType.TRADE_CAPTURE_REPORT_ACK), TradeReportRejectReason.OTHER, "DUPLICATE_CLIENT_DEAL_ID (20)");
    }

    @Test
    void shouldRejectAMalformedReportAndCarryOn() throws Exception
    {
        final TradeCaptureReport missing = Reports.deal("T-bad", BANK_A, BANK_B, "10", "1", TODAY);
        missing.removeField(LastQty.FIELD);
        bankA.send(missing);

        final Message reject = bankA.rejects.poll(20, TimeUnit.SECONDS);
        assertNotNull(reject, "a session Reject (35=3)");
        assertEquals(Integer.toString(SessionRejectReason.REQUIRED_TAG_MISSING), text(reject, SessionRejectReason.FIELD), reject::toString);
        assertEquals(Integer.toString(LastQty.FIELD), text(reject, RefTagID.FIELD));
        assertTrue(bankA.isLoggedOn());

        bankA.send(Reports.deal("T-after-bad", BANK_A, BANK_B, "1", "1", TODAY));
        final Message ack = bankA.next(MsgType.TRADE_CAPTURE_REPORT_ACK);
        assertEquals(Integer.toString(TrdRptStatus.ACCEPTED), text(ack, TrdRptStatus.FIELD), ack::toString);
    }

    @Test
    void shouldRejectAnUnsupportedMessageTypeAndCarryOn() throws Exception
    {
        final NewOrderSingle order = new NewOrderSingle(new ClOrdID("O-1"), new Side(Side.BUY),
            new TransactTime(java.time.LocalDateTime.now(java.time.ZoneOffset.UTC)), new OrdType(OrdType.MARKET));
        order.set(new HandlInst(HandlInst.AUTOMATED_EXECUTION_ORDER_PRIVATE_NO_BROKER_INTERVENTION));
        order.set(new Symbol("ACME"));
        order.setString(quickfix.field.OrderQty.FIELD, "1");
        bankA.send(order);

        final Message reject = bankA.next(MsgType.BUSINESS_MESSAGE_REJECT);
        assertEquals(Integer.toString(BusinessRejectReason.UNSUPPORTED_MESSAGE_TYPE), text(reject, BusinessRejectReason.FIELD));
        assertTrue(bankA.isLoggedOn());

        bankA.send(Reports.deal("T-after-order", BANK_A, BANK_B, "1", "1", TODAY));
        final Message ack = bankA.next(MsgType.TRADE_CAPTURE_REPORT_ACK);
        assertEquals(Integer.toString(TrdRptStatus.ACCEPTED), text(ack, TrdRptStatus.FIELD), ack::toString);
    }

    static void assertRejected(final Message ack, final int rejectReason, final String textPart)
    {
        assertEquals(MsgType.TRADE_CAPTURE_REPORT_ACK, text(ack.getHeader(), MsgType.FIELD));
        assertEquals(Integer.toString(TrdRptStatus.REJECTED), text(ack, TrdRptStatus.FIELD), ack::toString);
        assertEquals(Character.toString(ExecType.REJECTED), text(ack, ExecType.FIELD));
        assertEquals(Integer.toString(rejectReason), text(ack, TradeReportRejectReason.FIELD), ack::toString);
        assertNull(text(ack, TrdMatchID.FIELD));
        final String text = text(ack, Text.FIELD);
        assertTrue(text != null && text.contains(textPart), () -> "Text(58) \"" + text + "\" should contain \"" + textPart + "\"");
    }

    static String text(final quickfix.FieldMap fields, final int tag)
    {
        try
        {
            return fields.isSetField(tag) ? fields.getString(tag) : null;
        }
        catch (final quickfix.FieldNotFound ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
