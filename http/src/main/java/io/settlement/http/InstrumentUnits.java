package io.settlement.http;

import java.util.HashMap;
import java.util.Map;

import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Decimals;

/**
 * The instruments as people read them (code, ISIN, name, minor units), by id: what turns an amount in
 * minor units into the decimal the API writes beside it ({@code "cashAmount": 125000, "cash": "1250.00",
 * "currencyCode": "USD"}). An immutable copy of the read model's reference data; the read model makes a
 * new one when an instrument is created.
 */
final class InstrumentUnits
{
    /** One instrument. */
    record Unit(boolean security, String code, String isin, String name, int minorUnits)
    {
    }

    static final InstrumentUnits NONE = new InstrumentUnits(Map.of());

    private final Map<Integer, Unit> byId;

    private InstrumentUnits(final Map<Integer, Unit> byId)
    {
        this.byId = byId;
    }

    /** A copy of {@code engine}'s instruments; read it where the engine may be read (the read model's lock). */
    static InstrumentUnits of(final SettlementEngine engine)
    {
        final Map<Integer, Unit> byId = new HashMap<>();
        engine.forEachInstrument((id, security, code, isin, name, minorUnits) -> byId.put(id, new Unit(security, code, isin, name, minorUnits)));
        return new InstrumentUnits(byId);
    }

    int size()
    {
        return byId.size();
    }

    /** @return the instrument, or null when it is not (yet) known. */
    Unit get(final int instrumentId)
    {
        return byId.get(instrumentId);
    }

    /** @return the amount as a decimal string in the instrument's minor units, or null when the instrument is unknown. */
    String decimal(final int instrumentId, final long minorAmount)
    {
        final Unit unit = byId.get(instrumentId);
        return unit == null ? null : Decimals.format(minorAmount, unit.minorUnits());
    }

    /** @return the instrument's code, or null when it is unknown. */
    String code(final int instrumentId)
    {
        final Unit unit = byId.get(instrumentId);
        return unit == null ? null : unit.code();
    }
}
