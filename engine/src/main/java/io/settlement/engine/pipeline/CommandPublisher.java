package io.settlement.engine.pipeline;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.CommandType;
import io.settlement.engine.api.RecordFrame;
import io.settlement.protocol.wire.Reason;
import org.agrona.DirectBuffer;

/**
 * One session's producer of commands ({@link CommandIntake#publisher}): never blocks its caller (a
 * gateway session's event loop). The outcomes reach the session through the {@link SessionRouter}.
 */
public interface CommandPublisher
{
    /** The session whose commands this publishes. */
    long sessionId();

    /**
     * @return OK when queued; BUSY when the intake is full (nothing was queued: try later); UNAVAILABLE when
     * it takes no commands now.
     */
    Reason tryPublish(Command command);

    /**
     * Queues a wire request as it came ({@code CommandCodec.fromWire}). One caller at a time.
     *
     * @param block the request's block (after its SBE message header) in {@code buffer}
     * @return as {@link #tryPublish(Command)}.
     * @throws IllegalArgumentException when the template is not a command or the block not its length.
     */
    Reason tryPublishWire(int templateId, long submitterId, DirectBuffer buffer, int block, int blockLength);

    /**
     * What every {@link #tryPublishWire} checks before it queues anything: the template is a command's and the
     * block its length (this build's, or the earlier layout {@link CommandCodec#legacyBlockLength} gives).
     *
     * @return the command's type
     * @throws IllegalArgumentException naming the template or the block length
     */
    static CommandType wireCommandType(final int templateId, final int blockLength)
    {
        final CommandType type = CommandCodec.typeOf(templateId);
        if (type == null)
        {
            throw new IllegalArgumentException("template " + templateId + " is not a command");
        }
        if (CommandCodec.encodedLength(type) != RecordFrame.OVERHEAD + CommandCodec.WIRE_BLOCK_OFFSET + blockLength
            && CommandCodec.legacyBlockLength(type) != CommandCodec.WIRE_BLOCK_OFFSET + blockLength)
        {
            throw new IllegalArgumentException("a block of " + blockLength + " bytes is not a " + type + " request's");
        }
        return type;
    }
}
