package io.settlement.engine.api;

/** DVP moves both legs atomically; FOP moves securities only (cash amount 0). */
public enum DealType
{
    DVP(1),
    FOP(2);

    private static final DealType[] BY_CODE = new DealType[64];

    static
    {
        for (final DealType v : values())
        {
            BY_CODE[v.code] = v;
        }
    }

    private final byte code;

    DealType(final int code)
    {
        this.code = (byte)code;
    }

    public byte code()
    {
        return code;
    }

    /** @return the value for a code, or null when the code is not defined. */
    public static DealType fromCode(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
