package io.settlement.engine.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.settlement.protocol.wire.CycleMode;
import io.settlement.protocol.wire.DayStatus;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.LimitKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import io.settlement.protocol.wire.Side;

/**
 * One input to the engine, as a reusable mutable slot: a ring buffer pre-allocates these and
 * translators fill them, so the hot path never allocates a command.
 *
 * <p>{@code sequence} and {@code timestampNs} are stamped by the journal stage before the engine
 * sees the command; the engine reads them but never a clock. {@code submitterId} is the
 * authenticated participant that sent the command ({@link #SYSTEM_SUBMITTER} for the operator's own
 * tooling: configuration loading and scripts). Enum-valued fields are held as raw codes so that a
 * bad code from the outside is refused by the engine with {@link Reason#INVALID_FIELD} rather than
 * failing to decode.
 *
 * <p>Which fields a command uses is given by its type; {@link CommandCodec} encodes only those.
 */
public final class Command
{
    /** The submitter id of the system itself: full operator rights, never a participant. */
    public static final long SYSTEM_SUBMITTER = 0L;
    /** Length of an instrument code, ASCII, zero padded (SBE char[12]). */
    public static final int CODE_LENGTH = 12;
    /** Length of a name, UTF-8, zero padded (SBE char[64]). */
    public static final int NAME_LENGTH = 64;

    public CommandType type;
    public long sequence;
    public long timestampNs;
    public long submitterId;
    public long correlationId;

    // SubmitDeal
    public long clientDealId;
    public long buyerId;
    public long sellerId;
    public int securityId;
    public int currencyId;
    public long quantity;
    public long cashAmount;
    public int settlementDate;
    public byte dealType;
    // SubmitDeal, journal schema version 5 (a record of version 1 reads as 0, 0, 0: unlinked, not partial)
    /** 0: not linked; else the deal belongs to the submitter's linked group of this id. */
    public long linkId;
    /** 1 when the deal may settle in parts, 0 when not; another value is refused (INVALID_FIELD). */
    public byte partialAllowed;
    /** The smallest part of a partial-allowed deal; 0 when partial settlement is not allowed. */
    public long minimumQuantity;

    // CancelDeal, QueryDeal, HoldDeal, ReleaseDeal
    public long dealId;
    /** HoldDeal, ReleaseDeal: the {@code Side} code, as given. */
    public byte side;

    // SubmitInstruction (with side, securityId, currencyId, quantity, cashAmount, settlementDate, dealType,
    // linkId, partialAllowed, minimumQuantity above), CancelInstruction, QueryInstruction
    /** SubmitInstruction: the submitter's key for the instruction. */
    public long clientRef;
    /** SubmitInstruction: the other party. */
    public long counterpartyId;
    /** CancelInstruction, QueryInstruction: the engine-assigned instruction id. */
    public long instructionId;
    /** SetMatchingTolerance: the tolerance in the currency's minor units (the currency is {@link #currencyId}). */
    public long toleranceMinor;
    /** SetInstructionExpiry: business days an unmatched instruction waits. */
    public int expiryBusinessDays;

    // CreateParticipant, Deposit, Withdraw, SetLimit, queries
    public long participantId;
    public int instrumentId;
    public long amount;
    public byte role;
    public byte instrumentKind;
    public final byte[] code = new byte[CODE_LENGTH];
    public byte limitKind;
    public long limitKey;

    // CreateParticipant (name, shortCode), CreateInstrument (isin, name, minorUnits): journal schema version 4
    /** A name people read, UTF-8, zero padded ({@link #NAME_LENGTH} bytes). */
    public final byte[] name = new byte[NAME_LENGTH];
    /** A participant's short code, ASCII, zero padded ({@link #CODE_LENGTH} bytes). */
    public final byte[] shortCode = new byte[CODE_LENGTH];
    /** A security's ISIN, ASCII, zero padded ({@link #CODE_LENGTH} bytes); zero bytes for a currency. */
    public final byte[] isin = new byte[CODE_LENGTH];
    /** Digits after the decimal point of an instrument's amounts, as given. */
    public byte minorUnits;
    /**
     * True for a CreateParticipant or CreateInstrument in the layout before the reference-data fields
     * (journal schema version 1, wire protocol version 1): it carries no name, short code, ISIN or minor
     * units, and the engine gives the instrument the documented defaults (docs/journal-format.md).
     */
    public boolean legacyLayout;

    // RunSettlementCycle: journal schema version 5
    /** A CycleMode code, as given; not carried when {@link #legacyLayout} (a cycle of version 1-4 is GROSS). */
    public byte cycleMode;

    // AdvanceBusinessDate
    public int businessDate;

    // SetRetention
    public int retainFinishedDays;

    // SetCalendar (weekends), SetHoliday (date, status): DayStatus codes
    public byte weekends;
    public int holidayDate;
    public byte dayStatus;

    /** Clears every field so that nothing of a previous use leaks into the next. */
    public Command reset()
    {
        type = null;
        sequence = 0;
        timestampNs = 0;
        submitterId = 0;
        correlationId = 0;
        clientDealId = 0;
        buyerId = 0;
        sellerId = 0;
        securityId = 0;
        currencyId = 0;
        quantity = 0;
        cashAmount = 0;
        settlementDate = 0;
        dealType = 0;
        linkId = 0;
        partialAllowed = 0;
        minimumQuantity = 0;
        clientRef = 0;
        counterpartyId = 0;
        instructionId = 0;
        toleranceMinor = 0;
        expiryBusinessDays = 0;
        dealId = 0;
        side = 0;
        participantId = 0;
        instrumentId = 0;
        amount = 0;
        role = 0;
        instrumentKind = 0;
        clearCode();
        limitKind = 0;
        limitKey = 0;
        Arrays.fill(name, (byte)0);
        Arrays.fill(shortCode, (byte)0);
        Arrays.fill(isin, (byte)0);
        minorUnits = 0;
        legacyLayout = false;
        businessDate = 0;
        retainFinishedDays = 0;
        weekends = 0;
        holidayDate = 0;
        dayStatus = 0;
        cycleMode = 0;
        return this;
    }

    public Command copyFrom(final Command other)
    {
        type = other.type;
        sequence = other.sequence;
        timestampNs = other.timestampNs;
        submitterId = other.submitterId;
        correlationId = other.correlationId;
        clientDealId = other.clientDealId;
        buyerId = other.buyerId;
        sellerId = other.sellerId;
        securityId = other.securityId;
        currencyId = other.currencyId;
        quantity = other.quantity;
        cashAmount = other.cashAmount;
        settlementDate = other.settlementDate;
        dealType = other.dealType;
        linkId = other.linkId;
        partialAllowed = other.partialAllowed;
        minimumQuantity = other.minimumQuantity;
        clientRef = other.clientRef;
        counterpartyId = other.counterpartyId;
        instructionId = other.instructionId;
        toleranceMinor = other.toleranceMinor;
        expiryBusinessDays = other.expiryBusinessDays;
        dealId = other.dealId;
        side = other.side;
        participantId = other.participantId;
        instrumentId = other.instrumentId;
        amount = other.amount;
        role = other.role;
        instrumentKind = other.instrumentKind;
        System.arraycopy(other.code, 0, code, 0, CODE_LENGTH);
        limitKind = other.limitKind;
        limitKey = other.limitKey;
        System.arraycopy(other.name, 0, name, 0, NAME_LENGTH);
        System.arraycopy(other.shortCode, 0, shortCode, 0, CODE_LENGTH);
        System.arraycopy(other.isin, 0, isin, 0, CODE_LENGTH);
        minorUnits = other.minorUnits;
        legacyLayout = other.legacyLayout;
        businessDate = other.businessDate;
        retainFinishedDays = other.retainFinishedDays;
        weekends = other.weekends;
        holidayDate = other.holidayDate;
        dayStatus = other.dayStatus;
        cycleMode = other.cycleMode;
        return this;
    }

    private Command start(final CommandType type, final long submitterId, final long correlationId)
    {
        reset();
        this.type = type;
        this.submitterId = submitterId;
        this.correlationId = correlationId;
        return this;
    }

    public Command submitDeal(
        final long submitterId,
        final long correlationId,
        final long clientDealId,
        final long buyerId,
        final long sellerId,
        final int securityId,
        final int currencyId,
        final long quantity,
        final long cashAmount,
        final int settlementDate,
        final DealType dealType)
    {
        start(CommandType.SUBMIT_DEAL, submitterId, correlationId);
        this.clientDealId = clientDealId;
        this.buyerId = buyerId;
        this.sellerId = sellerId;
        this.securityId = securityId;
        this.currencyId = currencyId;
        this.quantity = quantity;
        this.cashAmount = cashAmount;
        this.settlementDate = settlementDate;
        this.dealType = (byte)dealType.value();
        return this;
    }

    /**
     * Sets the linked and partial settlement terms of the SUBMIT_DEAL (journal schema version 5) or
     * SUBMIT_INSTRUCTION this command holds, as given: the engine checks them.
     *
     * @param linkId 0 for none, else the submitter's link group
     * @param partialAllowed 1 to allow settlement in parts, 0 not
     * @param minimumQuantity the smallest part when partial settlement is allowed, else 0
     */
    public Command settlementTerms(final long linkId, final byte partialAllowed, final long minimumQuantity)
    {
        this.linkId = linkId;
        this.partialAllowed = partialAllowed;
        this.minimumQuantity = minimumQuantity;
        return this;
    }

    public Command cancelDeal(final long submitterId, final long correlationId, final long dealId)
    {
        start(CommandType.CANCEL_DEAL, submitterId, correlationId);
        this.dealId = dealId;
        return this;
    }

    /** Holds {@code side} of a pending deal: that side's party or an OPERATOR. */
    public Command holdDeal(final long submitterId, final long correlationId, final long dealId, final Side side)
    {
        return holdDeal(submitterId, correlationId, dealId, (byte)side.value());
    }

    /** As {@link #holdDeal(long, long, long, Side)}, with a raw side code (tests of an unknown code). */
    public Command holdDeal(final long submitterId, final long correlationId, final long dealId, final byte side)
    {
        start(CommandType.HOLD_DEAL, submitterId, correlationId);
        this.dealId = dealId;
        this.side = side;
        return this;
    }

    /** Lifts the hold of {@code side} of a pending deal: that side's party or an OPERATOR. */
    public Command releaseDeal(final long submitterId, final long correlationId, final long dealId, final Side side)
    {
        return releaseDeal(submitterId, correlationId, dealId, (byte)side.value());
    }

    /** As {@link #releaseDeal(long, long, long, Side)}, with a raw side code. */
    public Command releaseDeal(final long submitterId, final long correlationId, final long dealId, final byte side)
    {
        start(CommandType.RELEASE_DEAL, submitterId, correlationId);
        this.dealId = dealId;
        this.side = side;
        return this;
    }

    /**
     * One MEMBER's side of a deal (DESIGN.md 4b "Two-sided matching"), unlinked and not partial; see
     * {@link #settlementTerms} for the rest. The side is a raw code, as given.
     */
    public Command submitInstruction(
        final long submitterId,
        final long correlationId,
        final long clientRef,
        final byte side,
        final long counterpartyId,
        final int securityId,
        final int currencyId,
        final long quantity,
        final long cashAmount,
        final int settlementDate,
        final DealType dealType)
    {
        start(CommandType.SUBMIT_INSTRUCTION, submitterId, correlationId);
        this.clientRef = clientRef;
        this.side = side;
        this.counterpartyId = counterpartyId;
        this.securityId = securityId;
        this.currencyId = currencyId;
        this.quantity = quantity;
        this.cashAmount = cashAmount;
        this.settlementDate = settlementDate;
        this.dealType = (byte)dealType.value();
        return this;
    }

    /** As {@link #submitInstruction(long, long, long, byte, long, int, int, long, long, int, DealType)} with a {@link Side}. */
    public Command submitInstruction(
        final long submitterId,
        final long correlationId,
        final long clientRef,
        final Side side,
        final long counterpartyId,
        final int securityId,
        final int currencyId,
        final long quantity,
        final long cashAmount,
        final int settlementDate,
        final DealType dealType)
    {
        return submitInstruction(submitterId, correlationId, clientRef, (byte)side.value(), counterpartyId, securityId,
            currencyId, quantity, cashAmount, settlementDate, dealType);
    }

    /** Its submitter cancels its own unmatched instruction. */
    public Command cancelInstruction(final long submitterId, final long correlationId, final long instructionId)
    {
        start(CommandType.CANCEL_INSTRUCTION, submitterId, correlationId);
        this.instructionId = instructionId;
        return this;
    }

    /** An instruction by id (a query). */
    public Command queryInstruction(final long submitterId, final long correlationId, final long instructionId)
    {
        start(CommandType.QUERY_INSTRUCTION, submitterId, correlationId);
        this.instructionId = instructionId;
        return this;
    }

    /** OPERATOR: how far two instructions' cash in {@code currencyId} may differ and still match, in minor units. */
    public Command setMatchingTolerance(final long submitterId, final long correlationId, final int currencyId, final long toleranceMinor)
    {
        start(CommandType.SET_MATCHING_TOLERANCE, submitterId, correlationId);
        this.currencyId = currencyId;
        this.toleranceMinor = toleranceMinor;
        return this;
    }

    /** OPERATOR: business days an unmatched instruction waits before it expires, read at each date roll. */
    public Command setInstructionExpiry(final long submitterId, final long correlationId, final int businessDays)
    {
        start(CommandType.SET_INSTRUCTION_EXPIRY, submitterId, correlationId);
        this.expiryBusinessDays = businessDays;
        return this;
    }

    public Command queryDeal(final long submitterId, final long correlationId, final long dealId)
    {
        start(CommandType.QUERY_DEAL, submitterId, correlationId);
        this.dealId = dealId;
        return this;
    }

    public Command queryLimits(final long submitterId, final long correlationId, final long participantId)
    {
        start(CommandType.QUERY_LIMITS, submitterId, correlationId);
        this.participantId = participantId;
        return this;
    }

    /** Every participant with its role, in participant-id order (RISK, OPERATOR, AUDITOR). */
    public Command queryParticipants(final long submitterId, final long correlationId)
    {
        start(CommandType.QUERY_PARTICIPANTS, submitterId, correlationId);
        return this;
    }

    /** Every instrument with its kind and code, in instrument-id order (every role). */
    public Command queryInstruments(final long submitterId, final long correlationId)
    {
        start(CommandType.QUERY_INSTRUMENTS, submitterId, correlationId);
        return this;
    }

    public Command queryPosition(
        final long submitterId, final long correlationId, final long participantId, final int instrumentId)
    {
        start(CommandType.QUERY_POSITION, submitterId, correlationId);
        this.participantId = participantId;
        this.instrumentId = instrumentId;
        return this;
    }

    /**
     * A participant without a name or short code: the layout of journal schema version 1 ({@link
     * #legacyLayout}), accepted as before.
     */
    public Command createParticipant(
        final long submitterId, final long correlationId, final long participantId, final Role role)
    {
        start(CommandType.CREATE_PARTICIPANT, submitterId, correlationId);
        this.participantId = participantId;
        this.role = (byte)role.value();
        this.legacyLayout = true;
        return this;
    }

    /**
     * A participant with its name (UTF-8, at most {@link #NAME_LENGTH} bytes) and short code (ASCII, at
     * most {@link #CODE_LENGTH} characters), as given: the engine checks them.
     *
     * @throws IllegalArgumentException when the name or the short code does not fit its field.
     */
    public Command createParticipant(
        final long submitterId, final long correlationId, final long participantId, final Role role,
        final String name, final String shortCode)
    {
        start(CommandType.CREATE_PARTICIPANT, submitterId, correlationId);
        this.participantId = participantId;
        this.role = (byte)role.value();
        put(name, StandardCharsets.UTF_8, this.name, "name");
        put(shortCode, StandardCharsets.US_ASCII, this.shortCode, "short code");
        return this;
    }

    /**
     * An instrument without ISIN, name or minor units: the layout of journal schema version 1 ({@link
     * #legacyLayout}), accepted as before with the documented defaults (a currency the minor units of its
     * ISO 4217 code, {@link ReferenceChecks#defaultMinorUnits}; a security 0).
     */
    public Command createInstrument(
        final long submitterId,
        final long correlationId,
        final int instrumentId,
        final InstrumentKind kind,
        final String code)
    {
        start(CommandType.CREATE_INSTRUMENT, submitterId, correlationId);
        this.instrumentId = instrumentId;
        this.instrumentKind = (byte)kind.value();
        code(code);
        this.legacyLayout = true;
        return this;
    }

    /**
     * An instrument with its ISIN (a security's; empty for a currency), name (UTF-8, at most {@link
     * #NAME_LENGTH} bytes) and minor units, as given: the engine checks them.
     *
     * @throws IllegalArgumentException when the ISIN or the name does not fit its field.
     */
    public Command createInstrument(
        final long submitterId,
        final long correlationId,
        final int instrumentId,
        final InstrumentKind kind,
        final String code,
        final String isin,
        final String name,
        final int minorUnits)
    {
        start(CommandType.CREATE_INSTRUMENT, submitterId, correlationId);
        this.instrumentId = instrumentId;
        this.instrumentKind = (byte)kind.value();
        code(code);
        put(isin, StandardCharsets.US_ASCII, this.isin, "ISIN");
        put(name, StandardCharsets.UTF_8, this.name, "name");
        this.minorUnits = (byte)minorUnits;
        return this;
    }

    private static void put(final String text, final java.nio.charset.Charset charset, final byte[] field, final String what)
    {
        final byte[] bytes = text.getBytes(charset);
        if (bytes.length > field.length)
        {
            throw new IllegalArgumentException("the " + what + " \"" + text + "\" is " + bytes.length + " bytes long: at most "
                + field.length + " fit");
        }
        Arrays.fill(field, (byte)0);
        System.arraycopy(bytes, 0, field, 0, bytes.length);
    }

    /** A zero-padded text field (name, short code, ISIN) as a string, trailing padding removed. Allocates. */
    public static String text(final byte[] field, final java.nio.charset.Charset charset)
    {
        int length = 0;
        while (length < field.length && field[length] != 0)
        {
            length++;
        }
        return new String(field, 0, length, charset);
    }

    public Command deposit(
        final long submitterId, final long correlationId, final long participantId, final int instrumentId, final long amount)
    {
        start(CommandType.DEPOSIT, submitterId, correlationId);
        this.participantId = participantId;
        this.instrumentId = instrumentId;
        this.amount = amount;
        return this;
    }

    public Command withdraw(
        final long submitterId, final long correlationId, final long participantId, final int instrumentId, final long amount)
    {
        start(CommandType.WITHDRAW, submitterId, correlationId);
        this.participantId = participantId;
        this.instrumentId = instrumentId;
        this.amount = amount;
        return this;
    }

    public Command setLimit(
        final long submitterId,
        final long correlationId,
        final long participantId,
        final LimitKind kind,
        final long key,
        final long amount)
    {
        start(CommandType.SET_LIMIT, submitterId, correlationId);
        this.participantId = participantId;
        this.limitKind = (byte)kind.value();
        this.limitKey = key;
        this.amount = amount;
        return this;
    }

    public Command advanceBusinessDate(final long submitterId, final long correlationId, final int businessDate)
    {
        start(CommandType.ADVANCE_BUSINESS_DATE, submitterId, correlationId);
        this.businessDate = businessDate;
        return this;
    }

    /** A GROSS settlement cycle. */
    public Command runSettlementCycle(final long submitterId, final long correlationId)
    {
        return runSettlementCycle(submitterId, correlationId, CycleMode.GROSS);
    }

    /** A settlement cycle in {@code mode} (OPERATOR or system). */
    public Command runSettlementCycle(final long submitterId, final long correlationId, final CycleMode mode)
    {
        start(CommandType.RUN_SETTLEMENT_CYCLE, submitterId, correlationId);
        this.cycleMode = (byte)mode.value();
        return this;
    }

    /**
     * How many calendar days a settled or cancelled deal stays in memory after its settlement date,
     * from the next date roll on (0..3650). A journaled system command: the system submitter or an
     * OPERATOR may send it; it is not on the wire.
     */
    public Command setRetention(final long submitterId, final long correlationId, final int retainFinishedDays)
    {
        start(CommandType.SET_RETENTION, submitterId, correlationId);
        this.retainFinishedDays = retainFinishedDays;
        return this;
    }

    /** Whether Saturdays and Sundays are business days ({@code OPEN}) or not ({@code CLOSED}). OPERATOR or system. */
    public Command setCalendar(final long submitterId, final long correlationId, final DayStatus weekends)
    {
        start(CommandType.SET_CALENDAR, submitterId, correlationId);
        this.weekends = (byte)weekends.value();
        return this;
    }

    /** Closes {@code date} ({@code CLOSED}: a holiday) or opens it again ({@code OPEN}). OPERATOR or system. */
    public Command setHoliday(final long submitterId, final long correlationId, final int date, final DayStatus status)
    {
        start(CommandType.SET_HOLIDAY, submitterId, correlationId);
        this.holidayDate = date;
        this.dayStatus = (byte)status.value();
        return this;
    }

    /** Zeroes the 12 code bytes with two wide stores (this runs for every command a slot carries). */
    private void clearCode()
    {
        LONG_VIEW.set(code, 0, 0L);
        INT_VIEW.set(code, 8, 0);
    }

    private static final java.lang.invoke.VarHandle LONG_VIEW =
        java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final java.lang.invoke.VarHandle INT_VIEW =
        java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** Sets the instrument code from a string; characters beyond {@link #CODE_LENGTH} bytes are cut. */
    public Command code(final String text)
    {
        clearCode();
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, code, 0, Math.min(bytes.length, CODE_LENGTH));
        return this;
    }

    /** The instrument code as a string, trailing zero padding removed. Allocates: not for the hot path. */
    public String codeAsString()
    {
        int length = 0;
        while (length < CODE_LENGTH && code[length] != 0)
        {
            length++;
        }
        return new String(code, 0, length, StandardCharsets.US_ASCII);
    }

    @Override
    public String toString()
    {
        return "Command{" + type + " seq=" + sequence + " submitter=" + submitterId + " corr=" + correlationId + '}';
    }
}
