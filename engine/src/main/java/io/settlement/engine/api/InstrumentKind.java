package io.settlement.engine.api;

/** A security is delivered; a currency pays. */
public enum InstrumentKind
{
    SECURITY(1),
    CURRENCY(2);

    private static final InstrumentKind[] BY_CODE = new InstrumentKind[64];

    static
    {
        for (final InstrumentKind v : values())
        {
            BY_CODE[v.code] = v;
        }
    }

    private final byte code;

    InstrumentKind(final int code)
    {
        this.code = (byte)code;
    }

    public byte code()
    {
        return code;
    }

    /** @return the value for a code, or null when the code is not defined. */
    public static InstrumentKind fromCode(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
