package io.settlement.engine.api;

/**
 * Every input to the engine. Codes match the gateway's SBE template ids, except for engine-only
 * (system) commands, which have no wire template: {@link #isOnTheWire()} is false for them.
 *
 * <p>A query ({@link #isQuery()}) reads the state and changes nothing: it passes the ring in order
 * (a session reads its own writes) but is neither journaled nor given a sequence of its own.
 */
public enum CommandType
{
    SUBMIT_DEAL(10, false, true),
    CANCEL_DEAL(11, false, true),
    QUERY_LIMITS(12, true, true),
    QUERY_POSITION(13, true, true),
    QUERY_DEAL(14, true, true),
    /** Every participant (id, role) in id order: RISK, OPERATOR, AUDITOR only. */
    QUERY_PARTICIPANTS(15, true, true),
    /** Every instrument (id, kind, code) in id order: every role. */
    QUERY_INSTRUMENTS(16, true, true),
    CREATE_PARTICIPANT(20, false, true),
    CREATE_INSTRUMENT(21, false, true),
    DEPOSIT(22, false, true),
    WITHDRAW(23, false, true),
    SET_LIMIT(24, false, true),
    ADVANCE_BUSINESS_DATE(25, false, true),
    RUN_SETTLEMENT_CYCLE(26, false, true),
    /** Sets how long finished deals stay in memory (system or OPERATOR only; engine-only, not on the wire). */
    SET_RETENTION(27, false, false),
    /** Whether Saturdays and Sundays are business days (OPERATOR or system). */
    SET_CALENDAR(28, false, true),
    /** Closes a day (a holiday) or opens it again (OPERATOR or system). */
    SET_HOLIDAY(29, false, true),
    /** Holds one side of a pending deal (that side's party or an OPERATOR): every cycle skips it. */
    HOLD_DEAL(32, false, true),
    /** Lifts the hold of one side of a pending deal (that side's party or an OPERATOR). */
    RELEASE_DEAL(33, false, true),
    /** One MEMBER's side of a deal, matched with its counterparty's (DESIGN.md 4b "Two-sided matching"). */
    SUBMIT_INSTRUCTION(34, false, true),
    /** Its submitter cancels its own unmatched instruction. */
    CANCEL_INSTRUCTION(35, false, true),
    /** An instruction by instructionId: its submitter, its counterparty, RISK, OPERATOR, AUDITOR. */
    QUERY_INSTRUCTION(36, true, true),
    /** The cash tolerance of matching in a currency (OPERATOR or system). */
    SET_MATCHING_TOLERANCE(37, false, true),
    /** Business days an unmatched instruction waits before it expires (OPERATOR or system). */
    SET_INSTRUCTION_EXPIRY(38, false, true);

    private static final CommandType[] BY_CODE = new CommandType[64];

    static
    {
        for (final CommandType v : values())
        {
            BY_CODE[v.code] = v;
        }
    }

    private final byte code;
    private final boolean query;
    private final boolean onTheWire;

    CommandType(final int code, final boolean query, final boolean onTheWire)
    {
        this.code = (byte)code;
        this.query = query;
        this.onTheWire = onTheWire;
    }

    public byte code()
    {
        return code;
    }

    /** @return true for a read-only query: never journaled, answered without changing the engine. */
    public boolean isQuery()
    {
        return query;
    }

    /** @return true when the gateway's schema has a request template with this code. */
    public boolean isOnTheWire()
    {
        return onTheWire;
    }

    /** @return the value for a code, or null when the code is not defined. */
    public static CommandType fromCode(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
