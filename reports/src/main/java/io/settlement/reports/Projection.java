package io.settlement.reports;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandType;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.engine.api.ReferenceChecks;
import io.settlement.protocol.Codes;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.LimitKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import org.agrona.collections.Long2LongHashMap;

/**
 * Turns each journaled event, with the command that caused it, into read-model rows
 * (docs/read-model.md), keeping in memory what the next rows depend on: every balance, the
 * accounts already opened, the pending deals' registration sequences, the business date and the
 * next movement and posting ids. All of it is loaded from the database when the projector starts
 * and is committed with every batch, so memory and database never disagree after a commit.
 */
final class Projection
{
    /** A participant's holding of one instrument, and whether the {@code balance} table has its row yet. */
    private static final class Holding
    {
        final long participantId;
        final int instrumentId;
        long balance;
        boolean stored;
        boolean dirty;

        Holding(final long participantId, final int instrumentId)
        {
            this.participantId = participantId;
            this.instrumentId = instrumentId;
        }
    }

    private record Instrument(InstrumentKind kind, String code)
    {
    }

    private final ReadModelWriter out;
    private final Map<Long, Map<Integer, Holding>> holdings = new HashMap<>();
    private final Set<Holding> dirty = new HashSet<>();
    private final Set<String> accounts = new HashSet<>();
    private final Map<Integer, Instrument> instruments = new HashMap<>();
    private final Long2LongHashMap pendingDeals = new Long2LongHashMap(-1);
    private int businessDate;
    private long nextMovementId;
    private long nextPostingId;

    Projection(final ReadModelWriter out, final ProjectorProgress progress)
    {
        this.out = out;
        this.businessDate = progress.businessDate();
        this.nextMovementId = progress.nextMovementId();
        this.nextPostingId = progress.nextPostingId();
    }

    /** Reads what the committed rows say into memory. */
    void load(final Connection connection) throws SQLException
    {
        try (Statement s = connection.createStatement())
        {
            try (ResultSet rows = s.executeQuery("SELECT participant_id, instrument_id, balance FROM balance"))
            {
                while (rows.next())
                {
                    final Holding h = holding(rows.getLong(1), rows.getInt(2));
                    h.balance = rows.getLong(3);
                    h.stored = true;
                }
            }
            try (ResultSet rows = s.executeQuery("SELECT account_code FROM account"))
            {
                while (rows.next())
                {
                    accounts.add(rows.getString(1));
                }
            }
            try (ResultSet rows = s.executeQuery("SELECT instrument_id, kind, code FROM instrument"))
            {
                while (rows.next())
                {
                    instruments.put(rows.getInt(1), new Instrument(InstrumentKind.valueOf(rows.getString(2)), rows.getString(3)));
                }
            }
            try (ResultSet rows = s.executeQuery("SELECT deal_id, registration_sequence FROM deal WHERE status = 'PENDING'"))
            {
                while (rows.next())
                {
                    pendingDeals.put(rows.getLong(1), rows.getLong(2));
                }
            }
        }
    }

    int businessDate()
    {
        return businessDate;
    }

    long nextMovementId()
    {
        return nextMovementId;
    }

    long nextPostingId()
    {
        return nextPostingId;
    }

    /**
     * Applies one event.
     *
     * @param e the event
     * @param c the command of the event's sequence
     * @param ordinal the event's place among its command's events (1, 2, ...)
     */
    void apply(final Event e, final Command c, final int ordinal) throws SQLException
    {
        final LocalDateTime at = ReadModelWriter.utc(c.timestampNs);
        switch (e.type)
        {
            case DEAL_ACCEPTED ->
            {
                if (e.count == 0) // 1: an idempotent repeat, answered with the original deal
                {
                    dealAccepted(e, c, ordinal, at);
                }
            }
            case INSTRUCTION_ACCEPTED ->
            {
                if (e.count == 0) // 1: an idempotent repeat, answered with the original instruction
                {
                    instructionAccepted(e, c, at);
                }
            }
            case INSTRUCTION_MATCHED ->
            {
                dealMatched(e, c, ordinal, at);
                instructionEnded(e.instructionId, "MATCHED", null, e.dealId, e.sequence, ordinal, at);
                instructionEnded(e.matchedInstructionId, "MATCHED", null, e.dealId, e.sequence, ordinal, at);
            }
            case INSTRUCTION_ENDED -> instructionEnded(e.instructionId, Codes.instructionStatus(e.instructionStatus).name(),
                e.reason == io.settlement.protocol.wire.Reason.OK ? null : e.reason.name(), 0, e.sequence, ordinal, at);
            case DEAL_REJECTED -> dealRejected(e, c, ordinal, at);
            case DEAL_CANCELLED -> dealFinished(e, "CANCELLED", ordinal, at);
            case DEAL_SETTLED ->
            {
                dealFinished(e, "SETTLED", ordinal, at);
                settle(e, at);
            }
            case DEAL_PARTIALLY_SETTLED -> dealPartlySettled(e, ordinal, at);
            case DEAL_SETTLEMENT_FAILED -> dealFailed(e, ordinal, at);
            case DEAL_HELD, DEAL_RELEASED -> holdChanged(e, ordinal, at);
            case CYCLE_SETTLED_VALUE -> cycleValue(e);
            case CYCLE_COMPLETED -> cycleCompleted(e, at);
            case COMMAND_RESULT -> commandResult(e, c, at);
            case LIMIT_SET -> limitSet(e, at);
            case BUSINESS_DATE_ADVANCED -> businessDateAdvanced(e, at);
            default ->
            {
                // answers to queries (journaled by earlier builds): nothing changed
            }
        }
    }

    private void dealAccepted(final Event e, final Command c, final int ordinal, final LocalDateTime at) throws SQLException
    {
        final PreparedStatement s = out.deal.row();
        s.setLong(1, c.sequence);
        s.setLong(2, e.dealId);
        bindTerms(s, c.submitterId, e.clientDealId, e.buyerId, e.sellerId, e.securityId, e.currencyId, e.quantity, e.cashAmount,
            e.settlementDate, e.dealType);
        s.setString(13, "PENDING");
        s.setNull(14, Types.VARCHAR);
        s.setObject(15, at);
        s.setInt(16, businessDate);
        out.deal.add();
        pendingDeals.put(e.dealId, c.sequence);
        dealEvent(c.sequence, ordinal, c.sequence, e.dealId, "REGISTERED", null, at);
    }

    /**
     * Two matched instructions registered a deal: booked as any deal (registered by the SubmitInstruction
     * that matched, its submitter that instruction's owner, no clientDealId, the seller's cash).
     */
    private void dealMatched(final Event e, final Command c, final int ordinal, final LocalDateTime at) throws SQLException
    {
        final PreparedStatement s = out.deal.row();
        s.setLong(1, c.sequence);
        s.setLong(2, e.dealId);
        bindTerms(s, c.submitterId, 0, e.buyerId, e.sellerId, e.securityId, e.currencyId, e.quantity, e.dealCashAmount,
            e.settlementDate, e.dealType);
        s.setString(13, "PENDING");
        s.setNull(14, Types.VARCHAR);
        s.setObject(15, at);
        s.setInt(16, businessDate);
        out.deal.add();
        pendingDeals.put(e.dealId, c.sequence);
        dealEvent(c.sequence, ordinal, c.sequence, e.dealId, "REGISTERED", null, at);
    }

    /** A settlement instruction registered: a row of instruction, UNMATCHED until an event ends it. */
    private void instructionAccepted(final Event e, final Command c, final LocalDateTime at) throws SQLException
    {
        final PreparedStatement s = out.instruction.row();
        final boolean buy = e.side == io.settlement.protocol.wire.Side.BUY.value();
        s.setLong(1, e.instructionId);
        s.setLong(2, c.sequence);
        s.setLong(3, buy ? e.buyerId : e.sellerId);
        s.setLong(4, e.clientRef);
        s.setString(5, buy ? "BUY" : "SELL");
        s.setLong(6, e.buyerId);
        s.setLong(7, e.sellerId);
        s.setInt(8, e.securityId);
        s.setInt(9, e.currencyId);
        s.setLong(10, e.quantity);
        s.setLong(11, e.cashAmount);
        s.setInt(12, e.settlementDate);
        s.setString(13, Codes.dealType(e.dealType).name());
        s.setLong(14, e.linkId);
        s.setInt(15, e.partialAllowed);
        s.setLong(16, e.minimumQuantity);
        s.setObject(17, at);
        s.setInt(18, businessDate);
        out.instruction.add();
    }

    /** An instruction matched (with its deal), cancelled, expired or refused at its match, by the event {@code ordinal} of {@code sequence}. */
    private void instructionEnded(final long instructionId, final String status, final String reason, final long dealId,
        final long sequence, final int ordinal, final LocalDateTime at) throws SQLException
    {
        final PreparedStatement s = out.instructionEnded.row();
        s.setString(1, status);
        s.setString(2, reason);
        ReadModelWriter.setNullableLong(s, 3, dealId, dealId == 0);
        s.setLong(4, sequence);
        s.setInt(5, ordinal);
        s.setObject(6, at);
        s.setInt(7, businessDate);
        s.setLong(8, instructionId);
        out.instructionEnded.add();
    }

    private void dealRejected(final Event e, final Command c, final int ordinal, final LocalDateTime at) throws SQLException
    {
        if (c.type != CommandType.SUBMIT_DEAL)
        {
            throw new IllegalStateException("event journal: a deal rejection at sequence " + c.sequence + " answers a "
                + c.type + " command, not a deal");
        }
        final PreparedStatement s = out.deal.row();
        s.setLong(1, c.sequence);
        s.setNull(2, Types.BIGINT);
        bindTerms(s, c.submitterId, c.clientDealId, c.buyerId, c.sellerId, c.securityId, c.currencyId, c.quantity, c.cashAmount,
            c.settlementDate, c.dealType);
        s.setString(13, "REJECTED");
        s.setString(14, e.reason.name());
        s.setObject(15, at);
        s.setInt(16, businessDate);
        out.deal.add();
        dealEvent(c.sequence, ordinal, c.sequence, 0, "REJECTED", e.reason.name(), at);
    }

    private static void bindTerms(final PreparedStatement s, final long submitterId, final long clientDealId, final long buyerId,
        final long sellerId, final int securityId, final int currencyId, final long quantity, final long cashAmount,
        final int settlementDate, final byte dealType) throws SQLException
    {
        s.setLong(3, submitterId);
        s.setLong(4, clientDealId);
        s.setLong(5, buyerId);
        s.setLong(6, sellerId);
        s.setInt(7, securityId);
        s.setInt(8, currencyId);
        s.setLong(9, quantity);
        s.setLong(10, cashAmount);
        s.setInt(11, settlementDate);
        final DealType type = Codes.dealType(dealType);
        // a refused deal keeps the code it came with, even one that names no deal type
        s.setString(12, type != null ? type.name() : "#" + dealType);
    }

    private long registrationOf(final Event e)
    {
        final long registration = pendingDeals.get(e.dealId);
        if (registration < 0)
        {
            throw new IllegalStateException("event journal: " + e.type + " at sequence " + e.sequence + " names deal " + e.dealId
                + ", which is not pending in the read model");
        }
        return registration;
    }

    private void dealFinished(final Event e, final String status, final int ordinal, final LocalDateTime at) throws SQLException
    {
        final long registration = registrationOf(e);
        pendingDeals.remove(e.dealId);
        final PreparedStatement s = out.dealFinished.row();
        s.setString(1, status);
        s.setLong(2, e.sequence);
        s.setObject(3, at);
        s.setInt(4, businessDate);
        s.setLong(5, e.dealId);
        out.dealFinished.add();
        dealEvent(e.sequence, ordinal, registration, e.dealId, status, null, at);
    }

    private void dealFailed(final Event e, final int ordinal, final LocalDateTime at) throws SQLException
    {
        final long registration = registrationOf(e);
        final PreparedStatement s = out.dealFailed.row();
        s.setInt(1, businessDate);
        s.setString(2, e.reason.name());
        s.setLong(3, e.dealId);
        out.dealFailed.add();
        dealEvent(e.sequence, ordinal, registration, e.dealId, "SETTLEMENT_FAILED", e.reason.name(), at);
    }

    /**
     * A side of a pending deal held or released: a deal_event of kind HELD_BUY, HELD_SELL, RELEASED_BUY or
     * RELEASED_SELL (who did it is the command's submitter). Nothing moves; the deal stays pending.
     */
    private void holdChanged(final Event e, final int ordinal, final LocalDateTime at) throws SQLException
    {
        final String side = e.side == Event.BUY_HELD ? "BUY" : "SELL";
        dealEvent(e.sequence, ordinal, registrationOf(e), e.dealId, (e.type == EventType.DEAL_HELD ? "HELD_" : "RELEASED_") + side, null, at);
    }

    /** A part of a partial-allowed deal settled: its legs are booked, the deal stays pending; the reason says why the rest did not. */
    private void dealPartlySettled(final Event e, final int ordinal, final LocalDateTime at) throws SQLException
    {
        final long registration = registrationOf(e);
        dealEvent(e.sequence, ordinal, registration, e.dealId, "PARTIALLY_SETTLED", e.reason.name(), at);
        settle(e, at);
    }

    private void dealEvent(final long sequence, final int ordinal, final long registration, final long dealId, final String kind,
        final String reason, final LocalDateTime at) throws SQLException
    {
        final PreparedStatement s = out.dealEvent.row();
        s.setLong(1, sequence);
        s.setInt(2, ordinal);
        s.setLong(3, registration);
        ReadModelWriter.setNullableLong(s, 4, dealId, dealId == 0);
        s.setString(5, kind);
        s.setString(6, reason);
        s.setObject(7, at);
        s.setInt(8, businessDate);
        out.dealEvent.add();
    }

    /**
     * The legs a settlement moved: securities from seller to buyer, then (DvP) cash from buyer to seller; the
     * part's quantity and cash (a DEAL_SETTLED of a deal that settled in one go carries the whole deal as its part).
     */
    private void settle(final Event e, final LocalDateTime at) throws SQLException
    {
        move(e.sequence, at, e.sellerId, e.securityId, -e.partQuantity, "DELIVERY", e.dealId, e.buyerId);
        move(e.sequence, at, e.buyerId, e.securityId, e.partQuantity, "RECEIPT", e.dealId, e.sellerId);
        if (e.dealType == DealType.DVP.value())
        {
            move(e.sequence, at, e.buyerId, e.currencyId, -e.partCash, "PAYMENT", e.dealId, e.sellerId);
            move(e.sequence, at, e.sellerId, e.currencyId, e.partCash, "COLLECTION", e.dealId, e.buyerId);
        }
    }

    private void commandResult(final Event e, final Command c, final LocalDateTime at) throws SQLException
    {
        if (e.reason != Reason.OK)
        {
            return;
        }
        final CommandType type = CommandType.fromCode(e.commandType);
        if (type != c.type)
        {
            throw new IllegalStateException("event journal: the result at sequence " + c.sequence + " answers a " + type
                + " command, but the command journal holds a " + c.type + " there");
        }
        switch (type)
        {
            case CREATE_PARTICIPANT -> participantCreated(c, at);
            case CREATE_INSTRUMENT -> instrumentCreated(c, at);
            case DEPOSIT -> move(c.sequence, at, c.participantId, c.instrumentId, c.amount, "DEPOSIT", 0, 0);
            case WITHDRAW -> move(c.sequence, at, c.participantId, c.instrumentId, -c.amount, "WITHDRAWAL", 0, 0);
            default ->
            {
                // cancels answer with the deal's own event; retention and calendar change no row
            }
        }
    }

    private void participantCreated(final Command c, final LocalDateTime at) throws SQLException
    {
        final PreparedStatement s = out.participant.row();
        s.setLong(1, c.participantId);
        final Role role = Codes.role(c.role);
        s.setString(2, role != null ? role.name() : "#" + c.role);
        // a record from before reference data for people (journal schema 4) has no name or short code
        s.setString(3, c.legacyLayout ? null : text(c.name, StandardCharsets.UTF_8));
        s.setString(4, c.legacyLayout ? null : text(c.shortCode, StandardCharsets.US_ASCII));
        s.setLong(5, c.sequence);
        s.setObject(6, at);
        out.participant.add();
    }

    private void instrumentCreated(final Command c, final LocalDateTime at) throws SQLException
    {
        final InstrumentKind kind = Codes.instrumentKind(c.instrumentKind);
        final String code = c.codeAsString();
        final PreparedStatement s = out.instrument.row();
        s.setInt(1, c.instrumentId);
        s.setString(2, kind.name());
        s.setString(3, code);
        s.setString(4, c.legacyLayout ? null : text(c.isin, StandardCharsets.US_ASCII));
        s.setString(5, c.legacyLayout ? null : text(c.name, StandardCharsets.UTF_8));
        // before reference data for people (journal schema 4): a currency's ISO 4217 decimals (2 when not listed), a security's none
        s.setInt(6, c.legacyLayout ? ReferenceChecks.defaultMinorUnits(c.instrumentKind, c.code) : c.minorUnits);
        s.setLong(7, c.sequence);
        s.setObject(8, at);
        out.instrument.add();
        instruments.put(c.instrumentId, new Instrument(kind, code));
        openAccount(ChartOfAccounts.clearing(c.instrumentId), "CLEARING", 0, c.instrumentId,
            "Settlement clearing " + kind.name().toLowerCase() + " " + code);
        openAccount(ChartOfAccounts.external(c.instrumentId), "EXTERNAL", 0, c.instrumentId,
            "External " + kind.name().toLowerCase() + " " + code + " (deposits and withdrawals)");
    }

    /** A zero-padded text field, or null when empty. */
    private static String text(final byte[] field, final Charset charset)
    {
        final String text = Command.text(field, charset);
        return text.isEmpty() ? null : text;
    }

    private void limitSet(final Event e, final LocalDateTime at) throws SQLException
    {
        final PreparedStatement s = out.limitHistory.row();
        s.setLong(1, e.sequence);
        s.setLong(2, e.participantId);
        final LimitKind kind = Codes.limitKind(e.limitKind);
        s.setString(3, kind != null ? kind.name() : "#" + e.limitKind);
        s.setLong(4, e.limitKey);
        s.setLong(5, e.amount);
        s.setLong(6, e.utilised);
        s.setObject(7, at);
        s.setInt(8, businessDate);
        out.limitHistory.add();
    }

    private void cycleCompleted(final Event e, final LocalDateTime at) throws SQLException
    {
        final PreparedStatement s = out.settlementCycle.row();
        s.setLong(1, e.sequence);
        s.setInt(2, e.businessDate);
        s.setObject(3, at);
        s.setLong(4, e.attempted);
        s.setLong(5, e.settled);
        s.setLong(6, e.failed);
        out.settlementCycle.add();
    }

    private void cycleValue(final Event e) throws SQLException
    {
        final PreparedStatement s = out.cycleValue.row();
        s.setLong(1, e.sequence);
        s.setInt(2, e.currencyId);
        s.setBigDecimal(3, new BigDecimal(e.wideAmount()));
        s.setLong(4, e.count);
        out.cycleValue.add();
    }

    /** Closes the day that ends (its positions) and opens the new one; a date set again changes nothing. */
    private void businessDateAdvanced(final Event e, final LocalDateTime at) throws SQLException
    {
        if (e.businessDate == businessDate)
        {
            return;
        }
        if (businessDate != 0)
        {
            for (final Map<Integer, Holding> byInstrument : holdings.values())
            {
                for (final Holding h : byInstrument.values())
                {
                    final PreparedStatement s = out.eodPosition.row();
                    s.setInt(1, businessDate);
                    s.setLong(2, h.participantId);
                    s.setInt(3, h.instrumentId);
                    s.setLong(4, h.balance);
                    out.eodPosition.add();
                }
            }
            final PreparedStatement closed = out.businessDayClosed.row();
            closed.setLong(1, e.sequence);
            closed.setObject(2, at);
            closed.setInt(3, businessDate);
            out.businessDayClosed.add();
        }
        final PreparedStatement opened = out.businessDayOpened.row();
        opened.setInt(1, e.businessDate);
        opened.setLong(2, e.sequence);
        opened.setObject(3, at);
        out.businessDayOpened.add();
        businessDate = e.businessDate;
    }

    private Holding holding(final long participantId, final int instrumentId)
    {
        return holdings.computeIfAbsent(participantId, p -> new HashMap<>())
            .computeIfAbsent(instrumentId, i -> new Holding(participantId, instrumentId));
    }

    /**
     * One balance change and its posting: the participant's account is credited with what it gains
     * and debited with what it gives, against the instrument's clearing account (deal legs) or
     * external account (deposits and withdrawals).
     */
    private void move(final long sequence, final LocalDateTime at, final long participantId, final int instrumentId,
        final long amount, final String cause, final long dealId, final long counterpartyId) throws SQLException
    {
        final Holding h = holding(participantId, instrumentId);
        h.balance += amount;
        if (!h.dirty)
        {
            h.dirty = true;
            dirty.add(h);
        }
        final long movementId = nextMovementId++;
        final PreparedStatement m = out.movement.row();
        m.setLong(1, movementId);
        m.setLong(2, sequence);
        m.setInt(3, businessDate);
        m.setObject(4, at);
        m.setLong(5, participantId);
        m.setInt(6, instrumentId);
        m.setLong(7, amount);
        m.setLong(8, h.balance);
        m.setString(9, cause);
        ReadModelWriter.setNullableLong(m, 10, dealId, dealId == 0);
        ReadModelWriter.setNullableLong(m, 11, counterpartyId, counterpartyId == 0);
        out.movement.add();

        final String own = participantAccount(participantId, instrumentId);
        final String other = dealId != 0 ? ChartOfAccounts.clearing(instrumentId) : ChartOfAccounts.external(instrumentId);
        final PreparedStatement p = out.posting.row();
        p.setLong(1, nextPostingId++);
        p.setLong(2, movementId);
        p.setLong(3, sequence);
        p.setInt(4, businessDate);
        p.setObject(5, at);
        p.setString(6, amount >= 0 ? other : own);
        p.setString(7, amount >= 0 ? own : other);
        p.setInt(8, instrumentId);
        p.setLong(9, Math.abs(amount));
        ReadModelWriter.setNullableLong(p, 10, dealId, dealId == 0);
        p.setString(11, ChartOfAccounts.narrative(cause, participantId, dealId, counterpartyId));
        out.posting.add();
    }

    private String participantAccount(final long participantId, final int instrumentId) throws SQLException
    {
        final String code = ChartOfAccounts.participant(participantId, instrumentId);
        if (!accounts.contains(code))
        {
            final Instrument instrument = instruments.get(instrumentId);
            final String what = instrument == null ? "instrument " + instrumentId
                : (instrument.kind() == InstrumentKind.CURRENCY ? "cash " : "securities ") + instrument.code();
            openAccount(code, "PARTICIPANT", participantId, instrumentId, "Participant " + participantId + " " + what);
        }
        return code;
    }

    private void openAccount(final String code, final String accountClass, final long participantId, final int instrumentId,
        final String name) throws SQLException
    {
        if (!accounts.add(code))
        {
            return;
        }
        final PreparedStatement s = out.account.row();
        s.setString(1, code);
        s.setString(2, accountClass);
        ReadModelWriter.setNullableLong(s, 3, participantId, participantId == 0);
        s.setInt(4, instrumentId);
        s.setString(5, name);
        out.account.add();
    }

    /** Adds the balances changed since the last call to the batch; call just before committing. */
    void writeBalances() throws SQLException
    {
        for (final Holding h : dirty)
        {
            if (h.stored)
            {
                final PreparedStatement s = out.balanceUpdate.row();
                s.setLong(1, h.balance);
                s.setLong(2, h.participantId);
                s.setInt(3, h.instrumentId);
                out.balanceUpdate.add();
            }
            else
            {
                final PreparedStatement s = out.balanceInsert.row();
                s.setLong(1, h.participantId);
                s.setInt(2, h.instrumentId);
                s.setLong(3, h.balance);
                out.balanceInsert.add();
                h.stored = true;
            }
            h.dirty = false;
        }
        dirty.clear();
    }
}
