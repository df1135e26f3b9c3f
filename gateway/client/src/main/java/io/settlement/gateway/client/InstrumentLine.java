package io.settlement.gateway.client;

import io.settlement.gateway.client.sbe.InstrumentKind;

/**
 * One entry of an {@code InstrumentsReport}: a registered instrument, its kind, code, ISIN, name and
 * minor units.
 *
 * @param instrumentId the instrument's id.
 * @param kind         SECURITY or CURRENCY.
 * @param code         its short code, 1-12 ASCII characters (the wire's zero padding removed).
 * @param isin         a security's ISIN; empty for a currency, or a security created without one.
 * @param name         its name (UTF-8 on the wire); empty if it was created without one.
 * @param minorUnits   digits after the decimal point of its amounts: 0-4 for a currency (if it was
 *                     created without them, those ISO 4217 gives its code: JPY 0, USD 2, BHD 3), 0 for a security.
 */
public record InstrumentLine(int instrumentId, InstrumentKind kind, String code, String isin, String name, int minorUnits)
{
}
