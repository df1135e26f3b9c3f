package io.settlement.gateway.client;

import io.settlement.gateway.client.sbe.LockoutKind;

/**
 * One entry of a {@code LockoutsReport}: a participant id or a remote address the gateway refuses logons for
 * (LOGON_THROTTLED) after repeated failed logons.
 *
 * @param kind          PARTICIPANT or ADDRESS: which of the two keys below is the locked one.
 * @param participantId the locked participant id when kind is PARTICIPANT, else 0.
 * @param address       the locked IP address (as text) when kind is ADDRESS, else empty.
 * @param failures      the key's consecutive failed logons.
 * @param lockedUntilMs when the lockout ends, epoch milliseconds UTC.
 */
public record LockoutLine(LockoutKind kind, long participantId, String address, long failures, long lockedUntilMs)
{
}
