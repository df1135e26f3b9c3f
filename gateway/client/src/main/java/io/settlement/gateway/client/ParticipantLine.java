package io.settlement.gateway.client;

import io.settlement.gateway.client.sbe.Role;

/**
 * One entry of a {@code ParticipantsReport}: a registered participant and its role.
 *
 * @param participantId the participant's id.
 * @param role          its role (MEMBER, RISK, OPERATOR, AUDITOR).
 */
public record ParticipantLine(long participantId, Role role)
{
}
