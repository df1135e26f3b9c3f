package io.settlement.journal;

import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.RecordFrame;
import org.agrona.DirectBuffer;

/** Comparing and describing journal records, for recovery's and the auditor's checks. */
final class Records
{
    private Records()
    {
    }

    /** @return true when the {@code length} bytes at the two places are the same. */
    static boolean equal(
        final DirectBuffer journaled, final int journaledOffset, final DirectBuffer replayed, final int offset, final int length)
    {
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            if (journaled.getLong(journaledOffset + i) != replayed.getLong(offset + i))
            {
                return false;
            }
        }
        for (; i < length; i++)
        {
            if (journaled.getByte(journaledOffset + i) != replayed.getByte(offset + i))
            {
                return false;
            }
        }
        return true;
    }

    /** A journaled event for an error message: decoded when it can be, else its length and sequence. */
    static String describeEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        final Event decoded = new Event();
        if (EventCodec.decode(buffer, offset, length, decoded))
        {
            return decoded.toString();
        }
        return "a malformed record of " + length + " bytes"
            + (length >= RecordFrame.MIN_LENGTH ? " (sequence " + RecordFrame.sequence(buffer, offset, length) + ")" : "");
    }
}
