package io.settlement.engine.api;

/** Risk limits checked at deal registration against pending deals, the new one included. */
public enum LimitKind
{
    CREDIT(1),
    COUNTERPARTY(2),
    DELIVERY(3);

    private static final LimitKind[] BY_CODE = new LimitKind[64];

    static
    {
        for (final LimitKind v : values())
        {
            BY_CODE[v.code] = v;
        }
    }

    private final byte code;

    LimitKind(final int code)
    {
        this.code = (byte)code;
    }

    public byte code()
    {
        return code;
    }

    /** @return the value for a code, or null when the code is not defined. */
    public static LimitKind fromCode(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
