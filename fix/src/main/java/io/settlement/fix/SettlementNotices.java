package io.settlement.fix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.settlement.engine.api.Decimals;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.EventType;
import io.settlement.journal.JournalReader;
import quickfix.Group;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.field.Currency;
import quickfix.field.ExecType;
import quickfix.field.GrossTradeAmt;
import quickfix.field.LastPx;
import quickfix.field.LastQty;
import quickfix.field.NoPartyIDs;
import quickfix.field.OrderID;
import quickfix.field.PartyID;
import quickfix.field.PartyIDSource;
import quickfix.field.PartyRole;
import quickfix.field.PreviouslyReported;
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
 * Settlement notices to both parties, followed from the event journal as the reports projector follows it:
 * each DEAL_SETTLED, DEAL_PARTIALLY_SETTLED, DEAL_SETTLEMENT_FAILED and DEAL_CANCELLED becomes an unsolicited
 * TradeCaptureReport (35=AE, docs/fix.md "Settlement notices") sent into every configured session of the
 * buyer and of the seller; so do INSTRUCTION_ALLEGED (to the counterparty), INSTRUCTION_MATCHED and
 * INSTRUCTION_ENDED ({@link InstructionNotices}). QuickFIX/J stores it in the session's FileStore with its sequence number whether
 * the counterparty is logged on or not, so a client that was away gets it by the normal ResendRequest when
 * it logs on again.
 *
 * <pre>
 *   event journal -> JournalReader (own thread) -> PendingDeals (terms of pending deals: DEAL_ACCEPTED, INSTRUCTION_MATCHED)
 *                                               -> notice per party session -> Session.send (FileStore)
 *                 -> position (batch index, records) -> notices.position (after the notices are stored)
 * </pre>
 * The journal position the notices have been made up to is written after the notices are stored, so a
 * restart resumes after it; a crash between the two sends the notices of at most the last batch again,
 * with the same TradeReportID(571) (a client recognises a notice it has by its id); a clean stop writes
 * the position of the last notices sent. On its very first start the channel begins at the journal's end
 * as it is when the channel starts, before it takes any report (it does not send the history of a node it joins), having
 * read the journal from its start for the terms of the deals still pending.
 */
final class SettlementNotices implements AutoCloseable
{
    /** Records between two writes of the position while the journal has more. */
    private static final int POSITION_EVERY_RECORDS = 4096;
    /** LastPx(31) of a notice: cash / quantity, to this many decimals. */
    private static final int PRICE_DECIMALS = 8;

    private final Path journalDirectory;
    private final Path positionFile;
    private final Map<Long, List<SessionID>> sessionsByParticipant;
    private final Instruments instruments;
    private final TradeReportIds ids;
    private final Consumer<String> log;
    private final SlowConsumers sender;
    private final PendingDeals deals = new PendingDeals();
    private final InstructionNotices instructionNotices;
    private final Event event = new Event();
    private volatile boolean stopping;
    private volatile long noticesSent;
    private Thread thread;
    private int businessDate;

    SettlementNotices(final Path journalDirectory, final Path positionFile, final Map<Long, List<SessionID>> sessionsByParticipant,
        final Instruments instruments, final TradeReportIds ids, final SlowConsumers sender, final Consumer<String> log)
    {
        this.journalDirectory = journalDirectory;
        this.positionFile = positionFile;
        this.sessionsByParticipant = sessionsByParticipant;
        this.instruments = instruments;
        this.ids = ids;
        this.sender = sender;
        this.log = log;
        this.instructionNotices = new InstructionNotices(instruments, ids, this::stopping);
    }

    /**
     * Starts following on a thread of its own. On the channel's very first start (no position yet) the
     * journal's end as it is now is written as the position first, on the caller's thread: whatever is
     * journaled from here on gets its notices, however long the thread then takes to read the history.
     */
    synchronized void start()
    {
        if (readPosition() == null)
        {
            try (JournalReader reader = JournalReader.openReadOnly(journalDirectory, JournalReader.Kind.EVENTS))
            {
                while (reader.next() >= 0)
                {
                    // to the end
                }
                writePosition(reader.batchIndex(), reader.recordsOfBatch());
            }
        }
        thread = new Thread(this::follow, "settlement-fix-notices");
        thread.setDaemon(true);
        thread.start();
    }

    /** Notices sent (one per party session) since start. */
    long noticesSent()
    {
        return noticesSent;
    }

    private void follow()
    {
        try (JournalReader reader = JournalReader.openReadOnly(journalDirectory, JournalReader.Kind.EVENTS))
        {
            final long[] saved = readPosition(); // written by start() on the very first start
            final long doneIndex = saved[0];
            final int doneRecords = (int)saved[1];
            // the history: the terms of the deals pending, no notices (sent before, or before the channel existed)
            boolean pastHistory = false;
            while (!stopping && reader.next() >= 0)
            {
                final long index = reader.batchIndex();
                if (index > doneIndex || (index == doneIndex && reader.recordsOfBatch() > doneRecords))
                {
                    pastHistory = true;
                    turn(reader);
                    break;
                }
                read(reader, false);
            }
            pastHistory |= !stopping;
            // what is written is the saved position: a first new record's notices, once sent, are written like any other's
            long writtenIndex = doneIndex;
            int writtenRecords = doneRecords;
            int unwritten = 0;
            while (!stopping)
            {
                if (reader.next() < 0)
                {
                    if (reader.batchIndex() != writtenIndex || reader.recordsOfBatch() != writtenRecords)
                    {
                        writePosition(reader.batchIndex(), reader.recordsOfBatch());
                        writtenIndex = reader.batchIndex();
                        writtenRecords = reader.recordsOfBatch();
                        unwritten = 0;
                    }
                    Thread.sleep(5);
                    continue;
                }
                turn(reader);
                if (++unwritten >= POSITION_EVERY_RECORDS)
                {
                    writePosition(reader.batchIndex(), reader.recordsOfBatch());
                    writtenIndex = reader.batchIndex();
                    writtenRecords = reader.recordsOfBatch();
                    unwritten = 0;
                }
            }
            if (pastHistory && (reader.batchIndex() != writtenIndex || reader.recordsOfBatch() != writtenRecords))
            {
                writePosition(reader.batchIndex(), reader.recordsOfBatch()); // a clean stop: none of these is sent again
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final Instruments.Abandoned ex)
        {
            // stopped in the middle of a record: its position is not written, so the next start makes its notices
        }
        catch (final RuntimeException ex)
        {
            log.accept("FIX settlement notices stopped: " + ex.getMessage());
        }
    }

    private boolean stopping()
    {
        return stopping;
    }

    private void turn(final JournalReader reader)
    {
        read(reader, true);
    }

    /** Takes one record: the deal terms, the business date, and (when {@code notify}) its notices. */
    private void read(final JournalReader reader, final boolean notify)
    {
        final EventType type = EventCodec.typeOfRecord(reader.buffer(), reader.offset());
        if (type == EventType.BUSINESS_DATE_ADVANCED)
        {
            businessDate = EventCodec.businessDateOf(reader.buffer(), reader.offset());
            return;
        }
        final boolean notice = type == EventType.DEAL_SETTLED || type == EventType.DEAL_PARTIALLY_SETTLED
            || type == EventType.DEAL_SETTLEMENT_FAILED || type == EventType.DEAL_CANCELLED;
        final boolean instructionNotice = InstructionNotices.isNotice(type);
        if (!notice && !instructionNotice && type != EventType.DEAL_ACCEPTED)
        {
            return;
        }
        event.clear();
        if (!EventCodec.decodeChecked(reader.buffer(), reader.offset(), event))
        {
            throw new IllegalStateException("malformed event in the journal at batch index 0x" + Long.toHexString(reader.batchIndex()));
        }
        if (notice && notify && (type != EventType.DEAL_SETTLEMENT_FAILED || deals.isNewFailure(event)))
        {
            final PendingDeals.Terms terms = deals.get(event.dealId);
            notify(event.buyerId, Side.BUY, event.sellerId, terms);
            notify(event.sellerId, Side.SELL, event.buyerId, terms);
        }
        else if (instructionNotice && notify)
        {
            notifyOfInstruction(event.buyerId);
            notifyOfInstruction(event.sellerId);
        }
        deals.apply(event);
    }

    private void notify(final long participantId, final char side, final long counterpartyId, final PendingDeals.Terms terms)
    {
        final List<SessionID> sessions = sessionsByParticipant.get(participantId);
        if (sessions == null)
        {
            return;
        }
        for (final SessionID sessionId : sessions)
        {
            if (Session.lookupSession(sessionId) != null)
            {
                sender.send(sessionId, notice(event, participantId, side, counterpartyId, terms));
                noticesSent++;
            }
        }
    }

    private void notifyOfInstruction(final long participantId)
    {
        final List<SessionID> sessions = sessionsByParticipant.get(participantId);
        if (sessions == null || !InstructionNotices.isFor(event, participantId))
        {
            return;
        }
        for (final SessionID sessionId : sessions)
        {
            if (Session.lookupSession(sessionId) != null)
            {
                sender.send(sessionId, instructionNotices.notice(event, participantId, businessDate));
                noticesSent++;
            }
        }
    }

    /** The notice of {@code e} to one party (docs/fix.md, "Settlement notices"). */
    private Message notice(final Event e, final long participantId, final char side, final long counterpartyId,
        final PendingDeals.Terms terms)
    {
        final TradeCaptureReport notice = new TradeCaptureReport();
        notice.set(new TradeReportID("N" + e.sequence + "-" + e.dealId));
        final boolean cancelled = e.type == EventType.DEAL_CANCELLED;
        notice.set(new TradeReportTransType(cancelled ? TradeReportTransType.CANCEL : TradeReportTransType.NEW));
        notice.set(new TradeReportType(cancelled ? TradeReportType.TRADE_REPORT_CANCEL : TradeReportType.ADDENDUM));
        notice.set(new ExecType(switch (e.type)
        {
            case DEAL_SETTLED -> ExecType.TRADE;
            case DEAL_PARTIALLY_SETTLED -> ExecType.PARTIAL_FILL;
            case DEAL_SETTLEMENT_FAILED -> ExecType.DONE_FOR_DAY;
            default -> ExecType.TRADE_CANCEL;
        }));
        notice.set(new UnsolicitedIndicator(true));
        notice.set(new PreviouslyReported(true));
        notice.set(new TrdMatchID(Long.toString(e.dealId)));
        final TradeReportIds.Entry reported = ids.reportOf(e.clientDealId);
        if (reported != null && reported.participantId() == participantId)
        {
            notice.set(new TradeReportRefID(reported.tradeReportId()));
        }
        final boolean settledPart = e.type == EventType.DEAL_SETTLED || e.type == EventType.DEAL_PARTIALLY_SETTLED;
        final int securityId = settledPart ? e.securityId : terms == null ? 0 : terms.securityId();
        final int currencyId = settledPart ? e.currencyId : terms == null ? 0 : terms.currencyId();
        final long quantity = settledPart ? e.partQuantity : terms == null ? 0 : terms.quantity();
        final long cash = settledPart ? e.partCash : terms == null ? 0 : terms.cashAmount();
        final int settlementDate = settledPart ? e.settlementDate : terms == null ? 0 : terms.settlementDate();
        final Instruments.Instrument security = securityId == 0 ? null : instruments.byIdForNotice(securityId, this::stopping);
        final Instruments.Instrument currency = currencyId == 0 ? null : instruments.byIdForNotice(currencyId, this::stopping);
        notice.setString(Symbol.FIELD, security == null ? "[N/A]" : security.code());
        if (security != null && !security.isin().isEmpty())
        {
            notice.setString(SecurityID.FIELD, security.isin());
            notice.setString(SecurityIDSource.FIELD, SecurityIDSource.ISIN_NUMBER);
        }
        final int quantityUnits = security == null ? 0 : security.minorUnits();
        final int cashUnits = currency == null ? 0 : currency.minorUnits();
        notice.setString(LastQty.FIELD, Decimals.format(quantity, quantityUnits));
        notice.setString(LastPx.FIELD, price(cash, cashUnits, quantity, quantityUnits));
        final int tradeDate = businessDate != 0 ? businessDate : settlementDate;
        notice.set(new TradeDate(tradeDate == 0 ? "19700101" : Integer.toString(tradeDate)));
        notice.set(new TransactTime(LocalDateTime.now(ZoneOffset.UTC)));
        if (settlementDate != 0)
        {
            notice.set(new SettlDate(Integer.toString(settlementDate)));
        }
        final TradeCaptureReport.NoSides party = new TradeCaptureReport.NoSides();
        party.set(new Side(side));
        party.set(new OrderID(Long.toString(e.dealId)));
        party.addGroup(partyId(participantId, PartyRole.EXECUTING_FIRM));
        party.addGroup(partyId(counterpartyId, PartyRole.CONTRA_FIRM));
        if (currency != null)
        {
            party.set(new Currency(currency.code()));
            party.setString(GrossTradeAmt.FIELD, Decimals.format(cash, cashUnits));
        }
        party.set(new Text(text(e)));
        notice.addGroup(party);
        return notice;
    }

    private static Group partyId(final long participantId, final int role)
    {
        final TradeCaptureReport.NoSides.NoPartyIDs party = new TradeCaptureReport.NoSides.NoPartyIDs();
        party.set(new PartyID(Long.toString(participantId)));
        party.set(new PartyIDSource(PartyIDSource.PROPRIETARY_CUSTOM_CODE));
        party.set(new PartyRole(role));
        return party;
    }

    /** Cash per unit of quantity, to {@link #PRICE_DECIMALS} decimals, trailing zeros removed; 0 with no quantity. */
    static String price(final long cash, final int cashUnits, final long quantity, final int quantityUnits)
    {
        if (quantity == 0)
        {
            return "0";
        }
        final BigDecimal price = BigDecimal.valueOf(cash, cashUnits).divide(BigDecimal.valueOf(quantity, quantityUnits), PRICE_DECIMALS,
            RoundingMode.HALF_EVEN).stripTrailingZeros();
        return price.signum() == 0 ? "0" : price.toPlainString();
    }

    private static String text(final Event e)
    {
        return switch (e.type)
        {
            case DEAL_SETTLED -> e.partQuantity == e.quantity ? "SETTLED" : "SETTLED: the last part; the trade is settled in full";
            case DEAL_PARTIALLY_SETTLED -> "PARTIALLY_SETTLED: " + e.settledQuantity + " of " + e.quantity + " settled so far;"
                + " the rest stays pending";
            case DEAL_SETTLEMENT_FAILED -> "SETTLEMENT_FAILED " + RejectReasons.text(e.reason);
            default -> "CANCELLED";
        };
    }

    private long[] readPosition()
    {
        if (!Files.exists(positionFile))
        {
            return null;
        }
        try
        {
            final String[] parts = Files.readString(positionFile, StandardCharsets.US_ASCII).trim().split(" ");
            return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new IllegalStateException("cannot read the notices' journal position " + positionFile + ": " + ex.getMessage(), ex);
        }
    }

    /** Writes the position atomically and durably (a new file forced to disk, then moved over the old). */
    private void writePosition(final long batchIndex, final int records)
    {
        final Path next = positionFile.resolveSibling(positionFile.getFileName() + ".next");
        try
        {
            Files.writeString(next, batchIndex + " " + records + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            Files.move(next, positionFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the notices' journal position " + positionFile + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    public void close()
    {
        stopping = true;
        final Thread follower;
        synchronized (this)
        {
            follower = thread;
        }
        if (follower != null)
        {
            try
            {
                follower.join(10_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
