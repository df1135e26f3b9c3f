package io.settlement.fix;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.function.BooleanSupplier;

import io.settlement.engine.api.Decimals;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.InstructionStatus;
import io.settlement.protocol.wire.Reason;
import quickfix.Group;
import quickfix.Message;
import quickfix.field.Currency;
import quickfix.field.ExecType;
import quickfix.field.GrossTradeAmt;
import quickfix.field.LastPx;
import quickfix.field.LastQty;
import quickfix.field.MatchStatus;
import quickfix.field.OrderID;
import quickfix.field.PartyID;
import quickfix.field.PartyIDSource;
import quickfix.field.PartyRole;
import quickfix.field.PreviouslyReported;
import quickfix.field.SecondaryTradeReportID;
import quickfix.field.SecurityID;
import quickfix.field.SecurityIDSource;
import quickfix.field.SettlDate;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.field.Text;
import quickfix.field.TradeDate;
import quickfix.field.TradeReportID;
import quickfix.field.TradeReportRefID;
import quickfix.field.TradeReportTransType;
import quickfix.field.TradeReportType;
import quickfix.field.TransactTime;
import quickfix.field.TrdMatchID;
import quickfix.field.UnsolicitedIndicator;
import quickfix.fix44.TradeCaptureReport;

/**
 * The notices of two-sided matching as unsolicited TradeCaptureReports (docs/fix.md, "Instruction notices"):
 * INSTRUCTION_ALLEGED to the counterparty (TradeReportType 1, Alleged), INSTRUCTION_MATCHED to both parties
 * (TradeReportType 2, Accept; MatchStatus 0 and TrdMatchID the deal), INSTRUCTION_ENDED to both (TradeReportTransType
 * 1, Cancel; TradeReportType 6; ExecType 4 cancelled, C expired, 8 refused). Built on the notices' thread.
 */
final class InstructionNotices
{
    private final Instruments instruments;
    private final TradeReportIds ids;
    private final BooleanSupplier stopping;

    InstructionNotices(final Instruments instruments, final TradeReportIds ids, final BooleanSupplier stopping)
    {
        this.instruments = instruments;
        this.ids = ids;
        this.stopping = stopping;
    }

    /** @return whether an event of this type is an instruction notice. */
    static boolean isNotice(final EventType type)
    {
        return type == EventType.INSTRUCTION_ALLEGED || type == EventType.INSTRUCTION_MATCHED || type == EventType.INSTRUCTION_ENDED;
    }

    /** The instruction's owner: the buyer when its side is BUY, else the seller. */
    static long owner(final Event e)
    {
        return e.side == io.settlement.protocol.wire.Side.BUY.value() ? e.buyerId : e.sellerId;
    }

    /** @return whether {@code participantId} gets a notice of {@code e}: the allegement only the counterparty, the rest both. */
    static boolean isFor(final Event e, final long participantId)
    {
        return e.type != EventType.INSTRUCTION_ALLEGED || participantId != owner(e);
    }

    /** The notice of {@code e} to {@code participantId}, one of its parties; {@code businessDate} the trade date (0: none yet). */
    Message notice(final Event e, final long participantId, final int businessDate)
    {
        final boolean buyer = participantId == e.buyerId;
        final long counterpartyId = buyer ? e.sellerId : e.buyerId;
        final boolean owns = participantId == owner(e);
        // the instruction the notice is about: the recipient's own when it has one in the event, else the counterparty's
        final long instructionId = e.type == EventType.INSTRUCTION_MATCHED && !owns ? e.matchedInstructionId : e.instructionId;
        final long clientRef = e.type == EventType.INSTRUCTION_MATCHED && !owns ? e.matchedClientRef : e.clientRef;
        final long cash = e.type == EventType.INSTRUCTION_MATCHED ? e.dealCashAmount : e.cashAmount;

        final TradeCaptureReport notice = new TradeCaptureReport();
        notice.set(new TradeReportID("N" + e.sequence + "-I" + instructionId));
        final boolean ended = e.type == EventType.INSTRUCTION_ENDED;
        notice.set(new TradeReportTransType(ended ? TradeReportTransType.CANCEL : TradeReportTransType.NEW));
        notice.set(new TradeReportType(switch (e.type)
        {
            case INSTRUCTION_ALLEGED -> TradeReportType.ALLEGED;
            case INSTRUCTION_MATCHED -> TradeReportType.ACCEPT;
            default -> TradeReportType.TRADE_REPORT_CANCEL;
        }));
        notice.set(new ExecType(e.type == EventType.INSTRUCTION_ALLEGED ? ExecType.NEW
            : e.type == EventType.INSTRUCTION_MATCHED ? ExecType.TRADE
            : e.instructionStatus == InstructionStatus.EXPIRED.value() ? ExecType.EXPIRED
            : e.instructionStatus == InstructionStatus.REFUSED.value() ? ExecType.REJECTED : ExecType.CANCELED));
        notice.set(new UnsolicitedIndicator(true));
        notice.set(new PreviouslyReported(e.type == EventType.INSTRUCTION_MATCHED));
        notice.set(new MatchStatus(e.type == EventType.INSTRUCTION_MATCHED ? MatchStatus.COMPARED_MATCHED_OR_AFFIRMED
            : MatchStatus.UNCOMPARED_UNMATCHED_OR_UNAFFIRMED));
        notice.set(new SecondaryTradeReportID(Long.toString(instructionId)));
        if (e.dealId != 0)
        {
            notice.set(new TrdMatchID(Long.toString(e.dealId)));
        }
        if (e.type != EventType.INSTRUCTION_ALLEGED && (owns || e.type == EventType.INSTRUCTION_MATCHED))
        {
            final TradeReportIds.Entry reported = ids.reportOfInstruction(clientRef);
            if (reported != null && reported.participantId() == participantId)
            {
                notice.set(new TradeReportRefID(reported.tradeReportId()));
            }
        }
        final Instruments.Instrument security = instruments.byIdForNotice(e.securityId, stopping);
        final Instruments.Instrument currency = e.currencyId == 0 ? null : instruments.byIdForNotice(e.currencyId, stopping);
        notice.setString(Symbol.FIELD, security == null ? "[N/A]" : security.code());
        if (security != null && !security.isin().isEmpty())
        {
            notice.setString(SecurityID.FIELD, security.isin());
            notice.setString(SecurityIDSource.FIELD, SecurityIDSource.ISIN_NUMBER);
        }
        final int quantityUnits = security == null ? 0 : security.minorUnits();
        final int cashUnits = currency == null ? 0 : currency.minorUnits();
        notice.setString(LastQty.FIELD, Decimals.format(e.quantity, quantityUnits));
        notice.setString(LastPx.FIELD, SettlementNotices.price(cash, cashUnits, e.quantity, quantityUnits));
        final int tradeDate = businessDate != 0 ? businessDate : e.settlementDate;
        notice.set(new TradeDate(Integer.toString(tradeDate)));
        notice.set(new TransactTime(LocalDateTime.now(ZoneOffset.UTC)));
        notice.set(new SettlDate(Integer.toString(e.settlementDate)));
        final TradeCaptureReport.NoSides side = new TradeCaptureReport.NoSides();
        side.set(new Side(buyer ? Side.BUY : Side.SELL));
        side.set(new OrderID(Long.toString(instructionId)));
        side.addGroup(party(participantId, PartyRole.EXECUTING_FIRM));
        side.addGroup(party(counterpartyId, PartyRole.CONTRA_FIRM));
        if (currency != null)
        {
            side.set(new Currency(currency.code()));
            side.setString(GrossTradeAmt.FIELD, Decimals.format(cash, cashUnits));
        }
        side.set(new Text(text(e, owns, counterpartyId)));
        notice.addGroup(side);
        return notice;
    }

    private static Group party(final long participantId, final int role)
    {
        final TradeCaptureReport.NoSides.NoPartyIDs party = new TradeCaptureReport.NoSides.NoPartyIDs();
        party.set(new PartyID(Long.toString(participantId)));
        party.set(new PartyIDSource(PartyIDSource.PROPRIETARY_CUSTOM_CODE));
        party.set(new PartyRole(role));
        return party;
    }

    private static String text(final Event e, final boolean owns, final long counterpartyId)
    {
        final String whose = owns ? "your instruction " + e.instructionId : "participant " + counterpartyId + "'s instruction " + e.instructionId;
        return switch (e.type)
        {
            case INSTRUCTION_ALLEGED -> "ALLEGED: participant " + counterpartyId + " instructs its side of this trade with you; report your"
                + " side (a one-sided TradeCaptureReport) with the same terms to match it";
            case INSTRUCTION_MATCHED -> "MATCHED: deal " + e.dealId + " registered";
            default -> e.instructionStatus == InstructionStatus.EXPIRED.value()
                ? "EXPIRED " + RejectReasons.text(Reason.UNMATCHED_EXPIRED) + " (" + whose + ")"
                : e.instructionStatus == InstructionStatus.REFUSED.value()
                ? "REFUSED " + RejectReasons.text(e.reason) + " (" + whose + ")"
                : "CANCELLED: " + whose + " was cancelled by its submitter";
        };
    }
}
