package io.settlement.gateway;

import java.nio.charset.StandardCharsets;

import io.settlement.gateway.SecurityEvents.Kind;
import io.settlement.protocol.wire.LiftLockoutDecoder;
import io.settlement.protocol.wire.LockoutKind;
import io.settlement.protocol.wire.QueryLockoutsDecoder;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import org.agrona.DirectBuffer;

/**
 * The requests the gateway answers itself, about its own state, for an OPERATOR only: QueryLockouts
 * (the logon lockouts in force) and LiftLockout. They never reach the engine or the journal. One
 * instance per session (event loop thread).
 */
final class OperatorRequests
{
    private final QueryLockoutsDecoder query = new QueryLockoutsDecoder();
    private final LiftLockoutDecoder lift = new LiftLockoutDecoder();
    private final byte[] addressField = new byte[LiftLockoutDecoder.addressLength()];

    static boolean handles(final int templateId)
    {
        return templateId == QueryLockoutsDecoder.TEMPLATE_ID || templateId == LiftLockoutDecoder.TEMPLATE_ID;
    }

    /** @return the length of the framed answer, encoded at the start of {@code encoder.buffer()}. */
    int answer(final int templateId, final DirectBuffer buffer, final int offset, final Role role, final long operatorId,
        final String operatorAddress, final GatewayContext context, final ResponseEncoder encoder)
    {
        if (templateId == QueryLockoutsDecoder.TEMPLATE_ID)
        {
            query.wrap(buffer, offset, QueryLockoutsDecoder.BLOCK_LENGTH, QueryLockoutsDecoder.SCHEMA_VERSION);
            if (role != Role.OPERATOR)
            {
                return encoder.refusal(templateId, query.correlationId(), 0, Reason.NOT_AUTHORISED);
            }
            return encoder.lockoutsReport(query.correlationId(), context.throttle.lockouts(context.nowMs()));
        }
        lift.wrap(buffer, offset, LiftLockoutDecoder.BLOCK_LENGTH, LiftLockoutDecoder.SCHEMA_VERSION);
        final long correlationId = lift.correlationId();
        if (role != Role.OPERATOR)
        {
            return encoder.refusal(templateId, correlationId, 0, Reason.NOT_AUTHORISED);
        }
        final String key;
        final boolean lifted;
        if (lift.kindRaw() == LockoutKind.PARTICIPANT.value() && lift.participantId() > 0)
        {
            key = "participant " + lift.participantId();
            lifted = context.throttle.liftParticipant(lift.participantId());
        }
        else if (lift.kindRaw() == LockoutKind.ADDRESS.value())
        {
            lift.getAddress(addressField, 0);
            final String address = LogonThrottle.canonicalAddress(text(addressField));
            if (address == null)
            {
                return encoder.refusal(templateId, correlationId, 0, Reason.INVALID_FIELD);
            }
            key = "address " + address;
            lifted = context.throttle.liftAddress(address);
        }
        else
        {
            return encoder.refusal(templateId, correlationId, 0, Reason.INVALID_FIELD);
        }
        if (!lifted)
        {
            return encoder.refusal(templateId, correlationId, 0, Reason.NO_SUCH_LOCKOUT);
        }
        context.events.record(Kind.LIFT, "for " + key, " by operator " + operatorId + " from " + operatorAddress);
        return encoder.refusal(templateId, correlationId, 0, Reason.OK);
    }

    /** The characters before the first NUL; null when a non-NUL byte follows it or a byte is not printable ASCII. */
    private static String text(final byte[] field)
    {
        int length = 0;
        while (length < field.length && field[length] != 0)
        {
            if (field[length] < 0x20 || field[length] >= 0x7F)
            {
                return null;
            }
            length++;
        }
        for (int i = length; i < field.length; i++)
        {
            if (field[i] != 0)
            {
                return null;
            }
        }
        return new String(field, 0, length, StandardCharsets.US_ASCII);
    }
}
