package io.settlement.app;

import java.util.HashMap;
import java.util.Map;

import io.settlement.engine.api.Decimals;

/**
 * The instruments a tool knows (id, code, minor units), so that what it prints shows amounts as
 * people read them: a decimal with the instrument's code ("1250.00 USD", "100 ACME"). An amount of an
 * instrument it does not know is shown as it is, in minor units, with the instrument's id.
 */
final class InstrumentBook
{
    private record Entry(String code, int minorUnits)
    {
    }

    private final Map<Integer, Entry> byId = new HashMap<>();

    void put(final int instrumentId, final String code, final int minorUnits)
    {
        byId.put(instrumentId, new Entry(code, minorUnits));
    }

    boolean knows(final int instrumentId)
    {
        return byId.containsKey(instrumentId);
    }

    /** @return e.g. "1250.00 USD" for 125000 of a currency of 2 minor units; "125000 (minor units of instrument 7)" if unknown. */
    String amount(final int instrumentId, final long minorAmount)
    {
        final Entry entry = byId.get(instrumentId);
        return entry == null ? minorAmount + " (minor units of instrument " + instrumentId + ")"
            : Decimals.format(minorAmount, entry.minorUnits()) + " " + entry.code();
    }

    /** As {@link #amount(int, long)}, for a wider amount (a cycle's settled value). */
    String amount(final int instrumentId, final java.math.BigInteger minorAmount)
    {
        final Entry entry = byId.get(instrumentId);
        return entry == null ? minorAmount + " (minor units of instrument " + instrumentId + ")"
            : Decimals.format(minorAmount, entry.minorUnits()) + " " + entry.code();
    }

    /** @return the decimal alone ("1250.00"), or the minor units as they are if the instrument is unknown. */
    String decimal(final int instrumentId, final long minorAmount)
    {
        final Entry entry = byId.get(instrumentId);
        return entry == null ? Long.toString(minorAmount) : Decimals.format(minorAmount, entry.minorUnits());
    }

    /**
     * @return the amount as a decimal with thousands separators in the instrument's minor units
     * ("5,000,000.00"); for an unknown instrument (or 0) the minor units as they are ("5,000,000").
     */
    String grouped(final int instrumentId, final long minorAmount)
    {
        final Entry entry = byId.get(instrumentId);
        return entry == null ? String.format("%,d", minorAmount)
            : String.format("%,." + entry.minorUnits() + "f", java.math.BigDecimal.valueOf(minorAmount, entry.minorUnits()));
    }

    /** @return the instrument's code, or its id as text if unknown. */
    String code(final int instrumentId)
    {
        final Entry entry = byId.get(instrumentId);
        return entry == null ? Integer.toString(instrumentId) : entry.code();
    }
}
