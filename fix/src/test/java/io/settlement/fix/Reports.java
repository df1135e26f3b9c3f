package io.settlement.fix;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

import quickfix.FieldNotFound;
import quickfix.Group;
import quickfix.Message;
import quickfix.field.Currency;
import quickfix.field.LastPx;
import quickfix.field.LastQty;
import quickfix.field.OrderID;
import quickfix.field.PartyID;
import quickfix.field.PartyIDSource;
import quickfix.field.PartyRole;
import quickfix.field.PreviouslyReported;
import quickfix.field.SettlDate;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.field.TradeDate;
import quickfix.field.TradeReportID;
import quickfix.field.TradeReportTransType;
import quickfix.field.TransactTime;
import quickfix.fix44.TradeCaptureReport;

/** TradeCaptureReports as a front office writes them (docs/fix.md's example), for the tests. */
final class Reports
{
    private Reports()
    {
    }

    /** Both sides of a delivery versus payment of ACME by code in USD: {@code quantity} at {@code price}. */
    static TradeCaptureReport deal(final String tradeReportId, final long buyerId, final long sellerId, final String quantity,
        final String price, final int settlementDate)
    {
        final TradeCaptureReport report = oneSide(tradeReportId, buyerId, Side.BUY, quantity, price, settlementDate);
        report.addGroup(side(Side.SELL, sellerId, tradeReportId));
        return report;
    }

    /** One side only: an instruction to match. */
    static TradeCaptureReport oneSide(final String tradeReportId, final long partyId, final char side, final String quantity,
        final String price, final int settlementDate)
    {
        final TradeCaptureReport report = new TradeCaptureReport();
        report.set(new TradeReportID(tradeReportId));
        report.set(new TradeReportTransType(TradeReportTransType.NEW));
        report.set(new PreviouslyReported(false));
        report.set(new Symbol("ACME"));
        report.setString(LastQty.FIELD, quantity);
        report.setString(LastPx.FIELD, price);
        report.set(new TradeDate(Integer.toString(FixFixture.TODAY)));
        report.set(new TransactTime(LocalDateTime.now(ZoneOffset.UTC)));
        report.set(new SettlDate(Integer.toString(settlementDate)));
        report.addGroup(side(side, partyId, tradeReportId));
        return report;
    }

    /** A one-sided report as the docs show it: the reporter's side, itself (PartyRole 1) and its counterparty (PartyRole 17). */
    static TradeCaptureReport instruction(final String tradeReportId, final long partyId, final char side, final long counterpartyId,
        final String quantity, final String price, final int settlementDate)
    {
        final TradeCaptureReport report = oneSide(tradeReportId, partyId, side, quantity, price, settlementDate);
        try
        {
            final Group group = report.getGroup(1, quickfix.field.NoSides.FIELD);
            final TradeCaptureReport.NoSides.NoPartyIDs contra = new TradeCaptureReport.NoSides.NoPartyIDs();
            contra.set(new PartyID(Long.toString(counterpartyId)));
            contra.set(new PartyIDSource(PartyIDSource.PROPRIETARY_CUSTOM_CODE));
            contra.set(new PartyRole(PartyRole.CONTRA_FIRM));
            group.addGroup(contra);
            report.replaceGroup(1, group);
        }
        catch (final FieldNotFound ex)
        {
            throw new IllegalStateException(ex);
        }
        return report;
    }

    static Group side(final char side, final long partyId, final String orderId)
    {
        final TradeCaptureReport.NoSides group = new TradeCaptureReport.NoSides();
        group.set(new Side(side));
        group.set(new OrderID(orderId + "-" + side));
        group.set(new Currency("USD"));
        final TradeCaptureReport.NoSides.NoPartyIDs party = new TradeCaptureReport.NoSides.NoPartyIDs();
        party.set(new PartyID(Long.toString(partyId)));
        party.set(new PartyIDSource(PartyIDSource.PROPRIETARY_CUSTOM_CODE));
        party.set(new PartyRole(PartyRole.EXECUTING_FIRM));
        group.addGroup(party);
        return group;
    }

    static String text(final Message message, final int tag)
    {
        try
        {
            return message.isSetField(tag) ? message.getString(tag) : null;
        }
        catch (final FieldNotFound ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** A field of the message's first NoSides(552) entry. */
    static String sideText(final Message message, final int tag)
    {
        try
        {
            final Group side = message.getGroups(quickfix.field.NoSides.FIELD).get(0);
            return side.isSetField(tag) ? side.getString(tag) : null;
        }
        catch (final FieldNotFound ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
