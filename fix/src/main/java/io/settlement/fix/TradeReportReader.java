package io.settlement.fix;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

import quickfix.FieldMap;
import quickfix.FieldNotFound;
import quickfix.Group;
import quickfix.Message;
import quickfix.field.Currency;
import quickfix.field.GrossTradeAmt;
import quickfix.field.LastPx;
import quickfix.field.LastQty;
import quickfix.field.NoPartyIDs;
import quickfix.field.NoSides;
import quickfix.field.PartyID;
import quickfix.field.PartyRole;
import quickfix.field.SecurityID;
import quickfix.field.SecurityIDSource;
import quickfix.field.SettlDate;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.field.TradeReportID;
import quickfix.field.TradeReportRejectReason;
import quickfix.field.TradeReportTransType;
import quickfix.field.TradeReportType;
import quickfix.field.TrdType;

/**
 * Reads a TradeCaptureReport (35=AE) into the terms of a deal, or says why it cannot be one (docs/fix.md,
 * "TradeCaptureReport in"). QuickFIX/J has already checked the message against the FIX 4.4 dictionary
 * (required fields, types, enumerations; a failure there is a session Reject, 35=3); this checks what the
 * settlement system needs beyond it: both sides with a party each, a known instrument, amounts exact in
 * their minor units, a settlement date. Whether the reporter may report the trade is the engine's
 * decision, not this one's.
 *
 * <p>A report of one side only ({@code NoSides(552)=1}) is the reporter's instruction to match: its side's
 * party (PartyRole 1) and counterparty (PartyRole 17, Contra Firm) are read into the buyer and the seller as
 * its Side(54) places them, and {@link Terms#side} says which is the reporter's.
 */
final class TradeReportReader
{
    /** The party of a side: PartyRole(452) 1, Executing Firm, with the participant id as PartyID(448). */
    static final int SIDE_PARTY_ROLE = PartyRole.EXECUTING_FIRM;

    /** The party of a one-sided report's counterparty: PartyRole(452) 17, Contra Firm. */
    static final int COUNTERPARTY_ROLE = PartyRole.CONTRA_FIRM;

    /**
     * The terms read, or the refusal (rejectReason and text set, the rest unread); {@code side} is 0 for a
     * two-sided report, the reporter's Side(54) for a one-sided one (an instruction).
     */
    record Terms(String tradeReportId, long buyerId, long sellerId, Instruments.Instrument security, Instruments.Instrument currency,
        long quantity, long cashAmount, int settlementDate, boolean freeOfPayment, int rejectReason, String text, char side)
    {
        boolean refused()
        {
            return text != null;
        }

        boolean oneSided()
        {
            return side != 0;
        }
    }

    /** Why a report cannot be read; carries the TradeReportRejectReason(751) it is answered with. */
    private static final class Refusal extends Exception
    {
        private static final long serialVersionUID = 1L;
        final int rejectReason;

        Refusal(final int rejectReason, final String message)
        {
            super(message, null, false, false);
            this.rejectReason = rejectReason;
        }
    }

    private final Instruments instruments;

    TradeReportReader(final Instruments instruments)
    {
        this.instruments = instruments;
    }

    /** @return the report's terms, or its refusal. */
    Terms read(final Message report) throws FieldNotFound
    {
        final String tradeReportId = report.getString(TradeReportID.FIELD);
        try
        {
            return terms(report, tradeReportId);
        }
        catch (final Refusal refusal)
        {
            return new Terms(tradeReportId, 0, 0, null, null, 0, 0, 0, false, refusal.rejectReason, refusal.getMessage(), (char)0);
        }
    }

    private Terms terms(final Message report, final String tradeReportId) throws Refusal, FieldNotFound
    {
        final String idProblem = TradeReportIds.problem(tradeReportId);
        if (idProblem != null)
        {
            throw new Refusal(TradeReportRejectReason.OTHER, idProblem);
        }
        if (report.isSetField(TradeReportTransType.FIELD) && report.getInt(TradeReportTransType.FIELD) != TradeReportTransType.NEW)
        {
            throw new Refusal(TradeReportRejectReason.OTHER, "only TradeReportTransType(487) 0 (New) is accepted; to cancel a"
                + " registered trade use the gateway's or the HTTP API's CancelDeal");
        }
        if (report.isSetField(TradeReportType.FIELD) && report.getInt(TradeReportType.FIELD) != TradeReportType.SUBMIT)
        {
            throw new Refusal(TradeReportRejectReason.OTHER, "only TradeReportType(856) 0 (Submit) is accepted");
        }
        final List<Group> sides = report.getGroups(NoSides.FIELD);
        if (sides.size() != 1 && sides.size() != 2)
        {
            throw new Refusal(TradeReportRejectReason.INVALID_PARTY_ONFORMATION, "NoSides(552) must be 2 (a buyer and a seller) or 1"
                + " (your own side: an instruction to match), found " + sides.size());
        }
        long buyerId = 0;
        long sellerId = 0;
        char oneSide = 0;
        BigDecimal grossTradeAmt = null;
        String currencyCode = null;
        for (final Group side : sides)
        {
            final char code = side.getChar(Side.FIELD);
            final long party = party(side, code, SIDE_PARTY_ROLE);
            if (sides.size() == 1)
            {
                if (code != Side.BUY && code != Side.SELL)
                {
                    throw new Refusal(TradeReportRejectReason.INVALID_PARTY_ONFORMATION, "a one-sided report's Side(54) must be 1 (buy) or 2"
                        + " (sell)");
                }
                oneSide = code;
                final long counterparty = party(side, code, COUNTERPARTY_ROLE);
                buyerId = code == Side.BUY ? party : counterparty;
                sellerId = code == Side.BUY ? counterparty : party;
            }
            else if (code == Side.BUY && buyerId == 0)
            {
                buyerId = party;
            }
            else if (code == Side.SELL && sellerId == 0)
            {
                sellerId = party;
            }
            else
            {
                throw new Refusal(TradeReportRejectReason.INVALID_PARTY_ONFORMATION,
                    "the two sides must be one Side(54)=1 (buy) and one Side(54)=2 (sell)");
            }
            if (side.isSetField(Currency.FIELD))
            {
                final String sideCurrency = side.getString(Currency.FIELD);
                if (currencyCode != null && !currencyCode.equals(sideCurrency))
                {
                    throw new Refusal(TradeReportRejectReason.OTHER, "the sides' Currency(15) differ: " + currencyCode + " and " + sideCurrency);
                }
                currencyCode = sideCurrency;
            }
            if (side.isSetField(GrossTradeAmt.FIELD))
            {
                final BigDecimal amount = decimal(side, GrossTradeAmt.FIELD, "GrossTradeAmt(381)");
                if (grossTradeAmt != null && amount.compareTo(grossTradeAmt) != 0)
                {
                    throw new Refusal(TradeReportRejectReason.OTHER, "the sides' GrossTradeAmt(381) differ: " + grossTradeAmt.toPlainString()
                        + " and " + amount.toPlainString());
                }
                grossTradeAmt = amount;
            }
        }
        final Instruments.Instrument security = security(report);
        final boolean freeOfPayment = report.isSetField(TrdType.FIELD) && report.getInt(TrdType.FIELD) == TrdType.TRANSFER;
        final BigDecimal quantity = decimal(report, LastQty.FIELD, "LastQty(32)");
        final long quantityMinor = minor(quantity, security.minorUnits(), "LastQty(32) " + quantity.toPlainString(),
            "security " + security.code());
        final BigDecimal price = decimal(report, LastPx.FIELD, "LastPx(31)");
        Instruments.Instrument currency = null;
        long cashMinor = 0;
        if (currencyCode != null)
        {
            final String code = currencyCode;
            currency = instruments.currencyByCode(code);
            if (currency == null)
            {
                throw new Refusal(TradeReportRejectReason.UNKNOWN_INSTRUMENT, "Currency(15) " + code + " is not a registered currency");
            }
        }
        if (freeOfPayment)
        {
            if (price.signum() != 0 || (grossTradeAmt != null && grossTradeAmt.signum() != 0))
            {
                throw new Refusal(TradeReportRejectReason.INVALID_TRADE_TYPE, "a free of payment transfer (TrdType(828)=3) carries no cash:"
                    + " LastPx(31) 0 and no GrossTradeAmt(381) (or 0)");
            }
        }
        else
        {
            if (currency == null)
            {
                throw new Refusal(TradeReportRejectReason.OTHER, "Currency(15) (in the sides) is required for a delivery versus payment");
            }
            final BigDecimal cash = grossTradeAmt != null ? grossTradeAmt : price.multiply(quantity);
            cashMinor = minor(cash, currency.minorUnits(), (grossTradeAmt != null ? "GrossTradeAmt(381) " : "LastPx(31) x LastQty(32) = ")
                + cash.toPlainString(), currency.code());
        }
        if (!report.isSetField(SettlDate.FIELD))
        {
            throw new Refusal(TradeReportRejectReason.OTHER, "SettlDate(64) is required (yyyymmdd)");
        }
        final String settlDate = report.getString(SettlDate.FIELD);
        if (!settlDate.matches("\\d{8}"))
        {
            throw new Refusal(TradeReportRejectReason.OTHER, "SettlDate(64) must be yyyymmdd, found \"" + settlDate + "\"");
        }
        return new Terms(tradeReportId, buyerId, sellerId, security, currency, quantityMinor, cashMinor, Integer.parseInt(settlDate),
            freeOfPayment, TradeReportRejectReason.SUCCESSFUL, null, oneSide);
    }

    /** A party of the side: its PartyRole(452)={@code role} entry's PartyID(448), a participant id. */
    private static long party(final Group side, final char code, final int role) throws Refusal, FieldNotFound
    {
        final String which = (code == Side.BUY ? "the buy side" : "the sell side") + (role == COUNTERPARTY_ROLE ? "'s counterparty" : "");
        for (final Group party : side.getGroups(NoPartyIDs.FIELD))
        {
            if (party.isSetField(PartyRole.FIELD) && party.getInt(PartyRole.FIELD) == role)
            {
                if (!party.isSetField(PartyID.FIELD))
                {
                    break;
                }
                final String id = party.getString(PartyID.FIELD);
                try
                {
                    return Long.parseLong(id);
                }
                catch (final NumberFormatException ex)
                {
                    throw new Refusal(TradeReportRejectReason.INVALID_PARTY_ONFORMATION, which + "'s PartyID(448) must be a participant id"
                        + " (a whole number), found \"" + id + "\"");
                }
            }
        }
        throw new Refusal(TradeReportRejectReason.INVALID_PARTY_ONFORMATION, which + " names no party: give one NoPartyIDs(453) entry"
            + " with PartyRole(452)=" + role + " and the participant id as PartyID(448)");
    }

    private Instruments.Instrument security(final Message report) throws Refusal, FieldNotFound
    {
        if (report.isSetField(SecurityIDSource.FIELD) || report.isSetField(SecurityID.FIELD))
        {
            if (!report.isSetField(SecurityIDSource.FIELD) || !report.isSetField(SecurityID.FIELD))
            {
                throw new Refusal(TradeReportRejectReason.UNKNOWN_INSTRUMENT, "SecurityID(48) and SecurityIDSource(22) go together");
            }
            final String source = report.getString(SecurityIDSource.FIELD);
            if (!SecurityIDSource.ISIN_NUMBER.equals(source))
            {
                throw new Refusal(TradeReportRejectReason.UNKNOWN_INSTRUMENT, "SecurityIDSource(22) must be 4 (ISIN), found " + source
                    + "; or name the security by its code in Symbol(55) alone");
            }
            final String isin = report.getString(SecurityID.FIELD);
            final Instruments.Instrument security = instruments.securityByIsin(isin);
            if (security == null)
            {
                throw new Refusal(TradeReportRejectReason.UNKNOWN_INSTRUMENT, "no registered security has ISIN " + isin);
            }
            return security;
        }
        final String code = report.getString(Symbol.FIELD);
        final Instruments.Instrument security = instruments.securityByCode(code);
        if (security == null)
        {
            throw new Refusal(TradeReportRejectReason.UNKNOWN_INSTRUMENT, "Symbol(55) " + code + " is not a registered security's code");
        }
        return security;
    }

    private static BigDecimal decimal(final FieldMap fields, final int tag, final String name) throws Refusal, FieldNotFound
    {
        final String text = fields.getString(tag);
        try
        {
            return new BigDecimal(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new Refusal(TradeReportRejectReason.OTHER, name + " is not a decimal: \"" + text + "\"");
        }
    }

    /** The amount in minor units; refused when it has more decimals than the instrument's minor units, or does not fit. */
    private static long minor(final BigDecimal amount, final int minorUnits, final String what, final String instrument) throws Refusal
    {
        final BigDecimal scaled = amount.movePointRight(minorUnits);
        try
        {
            return scaled.setScale(0, RoundingMode.UNNECESSARY).longValueExact();
        }
        catch (final ArithmeticException ex)
        {
            throw new Refusal(TradeReportRejectReason.OTHER, what + " is not a whole number of " + instrument + "'s minor units ("
                + minorUnits + " decimals), or is too large");
        }
    }
}
