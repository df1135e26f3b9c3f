package io.settlement.engine.pipeline;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.EventSink;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * One pre-allocated slot of the ring: the command, who sent it, and (after stage 2) the encoded
 * outcomes the engine gave for it, back to back. Filled by translators, never allocated per command
 * (the outcome buffer grows only when a command has more outcomes than ever before, such as a big
 * settlement cycle, and keeps that size).
 */
public final class CommandSlot implements EventSink
{
    public final Command command = new Command();
    /** The session that sent the command, for routing its replies (0: nobody waits for them). */
    public long sessionId;
    /** Set by stage 2 when it wrote a snapshot after this command, for stage 3 to publish. */
    boolean snapshotWritten;

    private final ExpandableArrayBuffer outcomes = new ExpandableArrayBuffer(1024);
    private int outcomesLength;

    /** Stage 2 calls this before applying the command. */
    void clearOutcomes()
    {
        outcomesLength = 0;
        snapshotWritten = false;
    }

    /** The engine's sink for this slot: copies each encoded outcome in. */
    @Override
    public void onEvent(final Event event, final DirectBuffer buffer, final int offset, final int length)
    {
        outcomes.putBytes(outcomesLength, buffer, offset, length);
        outcomesLength += length;
    }

    /** The encoded outcomes, back to back; each one's length follows from its type. */
    public DirectBuffer outcomes()
    {
        return outcomes;
    }

    public int outcomesLength()
    {
        return outcomesLength;
    }

    /**
     * Decodes each outcome into {@code scratch} and hands it, with its bytes, to {@code visitor}.
     *
     * @throws IllegalStateException if the outcome bytes are not well formed (a bug).
     */
    public void forEachOutcome(final Event scratch, final EventSink visitor)
    {
        int offset = 0;
        while (offset < outcomesLength)
        {
            final int length = EventCodec.encodedLength(outcomes, offset);
            if (length <= 0 || !EventCodec.decodeChecked(outcomes, offset, scratch))
            {
                throw new IllegalStateException("malformed outcome at offset " + offset + " of " + command);
            }
            visitor.onEvent(scratch, outcomes, offset, length);
            offset += length;
        }
    }
}
