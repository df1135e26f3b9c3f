package io.settlement.engine.pipeline;

import io.settlement.engine.api.Command;
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
}
