package io.settlement.gateway.client;

import io.settlement.gateway.client.sbe.LimitKind;

/**
 * One entry of a {@code LimitsReport}: a limit the participant has set and how much of it pending deals use.
 *
 * @param limitKind the kind of limit.
 * @param key       the currency id (CREDIT), counterparty participant id (COUNTERPARTY) or security id (DELIVERY).
 * @param limit     the limit, in minor units.
 * @param utilised  how much of it pending deals use.
 */
public record LimitLine(LimitKind limitKind, long key, long limit, long utilised)
{
}
