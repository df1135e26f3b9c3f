package io.settlement.engine.api;

/** What a participant may do (DESIGN.md section 5, authorisation). */
public enum Role
{
    MEMBER(1),
    RISK(2),
    OPERATOR(3),
    AUDITOR(4);

    private static final Role[] BY_CODE = new Role[64];

    static
    {
        for (final Role v : values())
        {
            BY_CODE[v.code] = v;
        }
    }

    private final byte code;

    Role(final int code)
    {
        this.code = (byte)code;
    }

    public byte code()
    {
        return code;
    }

    /** @return the value for a code, or null when the code is not defined. */
    public static Role fromCode(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
