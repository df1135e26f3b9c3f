package io.settlement.engine.api;

/**
 * The checks on reference data for people (DESIGN.md section 4b), over the zero-padded byte fields the
 * journal carries: a security's ISIN (ISO 6166, check digit verified), a currency's ISO 4217-shaped
 * code, a name (UTF-8 without control characters). Allocation-free and deterministic: the engine's
 * {@code ReferenceDataHandler} refuses with them, and producers (configuration, scripts) may check
 * before they send.
 */
public final class ReferenceChecks
{
    /** Characters in an ISIN: 2 letters (the country), 9 letters or digits, 1 check digit. */
    public static final int ISIN_LENGTH = 12;
    /** The largest number of minor units (digits after the decimal point) an instrument may have. */
    public static final int MAX_MINOR_UNITS = 4;

    /** Minor units of a currency created without them whose code ISO 4217 does not list with 0, 3 or 4. */
    public static final byte DEFAULT_CURRENCY_MINOR_UNITS = 2;

    /**
     * The ISO 4217 currencies whose minor units are not 2 (the list of 2024; funds and metals included):
     * 0, 3 or 4 digits after the decimal point. Fixed here, never read from the environment, so that a
     * journal replays to the same amounts everywhere.
     */
    private static final String[] ZERO_MINOR_UNITS = {
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"};
    private static final String[] THREE_MINOR_UNITS = {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"};
    private static final String[] FOUR_MINOR_UNITS = {"CLF", "UYW"};
    /** The codes above packed as 3 ASCII bytes in an int, with their minor units, sorted for a binary search. */
    private static final int[] PACKED_CODES;
    private static final byte[] PACKED_MINOR_UNITS;

    static
    {
        final java.util.TreeMap<Integer, Byte> byCode = new java.util.TreeMap<>();
        for (final String code : ZERO_MINOR_UNITS)
        {
            byCode.put(pack(code.charAt(0), code.charAt(1), code.charAt(2)), (byte)0);
        }
        for (final String code : THREE_MINOR_UNITS)
        {
            byCode.put(pack(code.charAt(0), code.charAt(1), code.charAt(2)), (byte)3);
        }
        for (final String code : FOUR_MINOR_UNITS)
        {
            byCode.put(pack(code.charAt(0), code.charAt(1), code.charAt(2)), (byte)4);
        }
        PACKED_CODES = new int[byCode.size()];
        PACKED_MINOR_UNITS = new byte[byCode.size()];
        int i = 0;
        for (final java.util.Map.Entry<Integer, Byte> entry : byCode.entrySet())
        {
            PACKED_CODES[i] = entry.getKey();
            PACKED_MINOR_UNITS[i++] = entry.getValue();
        }
    }

    private ReferenceChecks()
    {
    }

    /**
     * @return whether {@code field} holds an ISIN: exactly 12 characters (no zero padding), 2 capital
     * letters, 9 capital letters or digits, and a check digit that the ISO 6166 rule gives (letters
     * expanded to two digits, A=10 ... Z=35, then the Luhn sum).
     */
    public static boolean isValidIsin(final byte[] field)
    {
        if (field.length < ISIN_LENGTH || field.length > ISIN_LENGTH && field[ISIN_LENGTH] != 0)
        {
            return false;
        }
        for (int i = 0; i < ISIN_LENGTH; i++)
        {
            final byte b = field[i];
            final boolean letter = b >= 'A' && b <= 'Z';
            final boolean digit = b >= '0' && b <= '9';
            if (i < 2 ? !letter : i < ISIN_LENGTH - 1 ? !(letter || digit) : !digit)
            {
                return false;
            }
        }
        return checkDigit(field) == field[ISIN_LENGTH - 1] - '0';
    }

    /**
     * @return the ISO 6166 check digit of the first 11 characters of {@code isin} (capital letters and
     * digits; the rest is ignored), or -1 when one of them is neither.
     */
    public static int checkDigit(final byte[] isin)
    {
        // the digits of the expansion, from the right: every other one (starting with the rightmost) doubled
        int sum = 0;
        boolean doubled = true;
        for (int i = ISIN_LENGTH - 2; i >= 0; i--)
        {
            final byte b = isin[i];
            final int value;
            if (b >= '0' && b <= '9')
            {
                value = b - '0';
            }
            else if (b >= 'A' && b <= 'Z')
            {
                value = b - 'A' + 10;
            }
            else
            {
                return -1;
            }
            if (value >= 10)
            {
                sum += luhn(value % 10, doubled);
                doubled = !doubled;
                sum += luhn(value / 10, doubled);
            }
            else
            {
                sum += luhn(value, doubled);
            }
            doubled = !doubled;
        }
        return (10 - sum % 10) % 10;
    }

    /** @return the ISO 6166 check digit of an ISIN's first 11 characters, or -1 when they are not capital letters and digits. */
    public static int checkDigit(final String first11)
    {
        final byte[] bytes = new byte[ISIN_LENGTH];
        for (int i = 0; i < Math.min(first11.length(), ISIN_LENGTH - 1); i++)
        {
            final char c = first11.charAt(i);
            bytes[i] = c < 128 ? (byte)c : 0;
        }
        return first11.length() == ISIN_LENGTH - 1 ? checkDigit(bytes) : -1;
    }

    private static int luhn(final int digit, final boolean doubled)
    {
        if (!doubled)
        {
            return digit;
        }
        final int twice = digit * 2;
        return twice > 9 ? twice - 9 : twice;
    }

    /** @return whether {@code code} (zero padded) is shaped as an ISO 4217 alphabetic code: exactly 3 capital letters. */
    public static boolean isCurrencyCode(final byte[] code)
    {
        for (int i = 0; i < code.length; i++)
        {
            final byte b = code[i];
            if (i < 3 ? b < 'A' || b > 'Z' : b != 0)
            {
                return false;
            }
        }
        return code.length >= 3;
    }

    /**
     * @return the minor units of an instrument created without them (a record before journal schema
     * version 4, a request of wire protocol version 1, a configuration or script line without details):
     * for a currency those ISO 4217 gives its code (0 for JPY, KRW and the other currencies without
     * decimals, 3 for BHD, JOD, KWD and the other currencies of three, 4 for CLF and UYW), {@link
     * #DEFAULT_CURRENCY_MINOR_UNITS} for any other code; 0 for a security (whole units). Allocation-free.
     *
     * @param code the instrument's code, zero padded (as a record carries it)
     */
    public static byte defaultMinorUnits(final byte instrumentKind, final byte[] code)
    {
        if (instrumentKind != io.settlement.protocol.wire.InstrumentKind.CURRENCY.value())
        {
            return 0;
        }
        if (!isCurrencyCode(code))
        {
            return DEFAULT_CURRENCY_MINOR_UNITS;
        }
        final int at = java.util.Arrays.binarySearch(PACKED_CODES, pack(code[0], code[1], code[2]));
        return at >= 0 ? PACKED_MINOR_UNITS[at] : DEFAULT_CURRENCY_MINOR_UNITS;
    }

    private static int pack(final int first, final int second, final int third)
    {
        return first << 16 | second << 8 | third;
    }

    /** @return whether {@code cp} is a space (U+0020, U+00A0, U+1680, U+2000-U+200A, U+202F, U+205F, U+3000). */
    private static boolean isWhiteSpace(final int cp)
    {
        return cp == 0x20 || cp == 0xA0 || cp == 0x1680 || cp >= 0x2000 && cp <= 0x200A || cp == 0x202F || cp == 0x205F
            || cp == 0x3000;
    }

    /** @return whether {@code cp} is a bidi control or an invisible format character a name must not hide. */
    private static boolean isInvisible(final int cp)
    {
        return cp >= 0x200B && cp <= 0x200F || cp >= 0x2028 && cp <= 0x202E || cp >= 0x2060 && cp <= 0x206F || cp == 0xFEFF;
    }

    /** @return whether {@code cp} is a Unicode noncharacter (U+FDD0-U+FDEF, and the last two of every plane). */
    private static boolean isNoncharacter(final int cp)
    {
        return cp >= 0xFDD0 && cp <= 0xFDEF || (cp & 0xFFFE) == 0xFFFE;
    }

    /** @return whether every byte of {@code field} is zero (an absent ISIN, name or short code). */
    public static boolean isEmpty(final byte[] field)
    {
        for (final byte b : field)
        {
            if (b != 0)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @return whether {@code field} holds a name: well-formed UTF-8 (shortest form, no surrogates, at most
     * U+10FFFF) with at least one character that is not white space, no control character (U+0000-U+001F,
     * U+007F-U+009F), no bidi control or invisible format character (U+200B-U+200F, U+2028-U+202E,
     * U+2060-U+206F, U+FEFF), no noncharacter (U+FDD0-U+FDEF, U+xFFFE, U+xFFFF), then zero padding only.
     * Only records of journal schema version 4 and later carry names, so only they are checked.
     */
    public static boolean isValidName(final byte[] field)
    {
        boolean visible = false;
        int i = 0;
        while (i < field.length && field[i] != 0)
        {
            final int b = field[i] & 0xFF;
            final int extra;
            int cp;
            if (b < 0x80)
            {
                extra = 0;
                cp = b;
            }
            else if (b >= 0xC2 && b <= 0xDF)
            {
                extra = 1;
                cp = b & 0x1F;
            }
            else if (b >= 0xE0 && b <= 0xEF)
            {
                extra = 2;
                cp = b & 0x0F;
            }
            else if (b >= 0xF0 && b <= 0xF4)
            {
                extra = 3;
                cp = b & 0x07;
            }
            else
            {
                return false;
            }
            if (i + extra >= field.length && extra > 0)
            {
                return false;
            }
            for (int k = 1; k <= extra; k++)
            {
                final int next = field[i + k] & 0xFF;
                if ((next & 0xC0) != 0x80)
                {
                    return false;
                }
                cp = (cp << 6) | (next & 0x3F);
            }
            if (extra == 2 && (cp < 0x800 || cp >= 0xD800 && cp <= 0xDFFF) || extra == 3 && (cp < 0x10000 || cp > 0x10FFFF))
            {
                return false;
            }
            if (cp < 0x20 || cp >= 0x7F && cp <= 0x9F || isInvisible(cp) || isNoncharacter(cp))
            {
                return false;
            }
            visible |= !isWhiteSpace(cp);
            i += 1 + extra;
        }
        if (!visible)
        {
            return false;
        }
        for (int k = i; k < field.length; k++)
        {
            if (field[k] != 0)
            {
                return false;
            }
        }
        return true;
    }
}
