package io.settlement.engine.api;

/** Every input to the engine. Codes match the gateway's SBE template ids. */
public enum CommandType
{
    SUBMIT_DEAL(10),
    CANCEL_DEAL(11),
    QUERY_LIMITS(12),
    QUERY_POSITION(13),
    QUERY_DEAL(14),
    /** Every participant (id, role) in id order: RISK, OPERATOR, AUDITOR only. A query. */
    QUERY_PARTICIPANTS(15),
    CREATE_PARTICIPANT(20),
    CREATE_INSTRUMENT(21),
    DEPOSIT(22),
    WITHDRAW(23),
    SET_LIMIT(24),
    ADVANCE_BUSINESS_DATE(25),
    RUN_SETTLEMENT_CYCLE(26);

    private static final CommandType[] BY_CODE = new CommandType[64];

    static
    {
        for (final CommandType v : values())
        {
            BY_CODE[v.code] = v;
        }
    }

    private final byte code;

    CommandType(final int code)
    {
        this.code = (byte)code;
    }

    public byte code()
    {
        return code;
    }

    /** @return the value for a code, or null when the code is not defined. */
    public static CommandType fromCode(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
