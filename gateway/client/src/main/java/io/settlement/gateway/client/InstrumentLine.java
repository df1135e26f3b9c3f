package io.settlement.gateway.client;

import io.settlement.gateway.client.sbe.InstrumentKind;

/**
 * One entry of an {@code InstrumentsReport}: a registered instrument, its kind and its code.
 *
 * @param instrumentId the instrument's id.
 * @param kind         SECURITY or CURRENCY.
 * @param code         its short code, 1-12 ASCII characters (the wire's zero padding removed).
 */
public record InstrumentLine(int instrumentId, InstrumentKind kind, String code)
{
}
