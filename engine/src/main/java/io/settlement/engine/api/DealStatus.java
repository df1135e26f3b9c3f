package io.settlement.engine.api;

/** A deal is in exactly one of these states. */
public enum DealStatus
{
    PENDING(1),
    SETTLED(2),
    CANCELLED(3);

    private static final DealStatus[] BY_CODE = new DealStatus[64];

    static
    {
        for (final DealStatus v : values())
        {
            BY_CODE[v.code] = v;
        }
    }

    private final byte code;

    DealStatus(final int code)
    {
        this.code = (byte)code;
    }

    public byte code()
    {
        return code;
    }

    /** @return the value for a code, or null when the code is not defined. */
    public static DealStatus fromCode(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
