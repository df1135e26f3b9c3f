package io.settlement.gateway.client;

import io.settlement.gateway.client.sbe.Role;

/**
 * One entry of a {@code ParticipantsReport}: a registered participant, its role, name and short code.
 *
 * @param participantId the participant's id.
 * @param role          its role (MEMBER, RISK, OPERATOR, AUDITOR).
 * @param name          its name (UTF-8 on the wire); empty if it was created without one.
 * @param shortCode     its short code, 1-12 ASCII characters; empty if it was created without one.
 */
public record ParticipantLine(long participantId, Role role, String name, String shortCode)
{
}
