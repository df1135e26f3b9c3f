package io.settlement.engine.pipeline;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.RecordFrame;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One pre-allocated slot of the ring: the command as its journal record (docs/journal-format.md) and
 * who sent it. A producer writes the record (the gateway frames the wire request's bytes as they came,
 * an in-process client encodes its {@link Command}); stage 1 stamps its sequence and time, seals it
 * and appends its bytes to the journal as they are; stage 2 applies those same bytes, read in place.
 * Never allocated per command. The outcomes do not travel in the slot: stage 2 streams them into the bounded
 * {@link OutcomeLog}, so a slot is the same size whatever its command caused.
 */
public final class CommandSlot
{
    /** The framed journal record of the command. */
    final UnsafeBuffer record = new UnsafeBuffer(new byte[CommandCodec.MAX_LENGTH]);
    int recordLength;
    /** A query: stamped with the last journaled sequence, not journaled. */
    boolean query;
    /** The session that sent the command, for routing its replies (0: nobody waits for them). */
    long sessionId;

    /** Writes {@code command} into the slot as its journal record (an in-process producer's one copy). */
    public void encode(final Command command, final long fromSession)
    {
        recordLength = CommandCodec.encode(command, record, 0);
        query = command.type.isQuery();
        sessionId = fromSession;
    }

    /** @return the command's type, sequence (once stage 1 has stamped it) and session, for failure messages. */
    @Override
    public String toString()
    {
        return CommandCodec.typeOfRecord(record, 0) + " sequence " + RecordFrame.sequence(record, 0, recordLength)
            + " from session " + sessionId;
    }
}
