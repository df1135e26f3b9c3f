package io.settlement.journal;

import java.util.Arrays;

import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.RecordFrame;
import io.settlement.engine.api.VersionFiveLayout;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/** Comparing and describing journal records, for recovery's and the auditor's checks. */
final class Records
{
    private Records()
    {
    }

    /**
     * @return true when the {@code length} bytes at the two places are the same: compared in place, as one
     * vectorised array comparison when both buffers are over arrays (a batch read from the journal, an event
     * the replay encoded), else eight bytes at a time.
     */
    static boolean equal(
        final DirectBuffer journaled, final int journaledOffset, final DirectBuffer replayed, final int offset, final int length)
    {
        final byte[] journaledArray = journaled.byteArray();
        final byte[] replayedArray = replayed.byteArray();
        if (journaledArray != null && replayedArray != null)
        {
            journaled.boundsCheck(journaledOffset, length);
            replayed.boundsCheck(offset, length);
            final int from = journaled.wrapAdjustment() + journaledOffset;
            final int replayedFrom = replayed.wrapAdjustment() + offset;
            return Arrays.equals(journaledArray, from, from + length, replayedArray, replayedFrom, replayedFrom + length);
        }
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

    /**
     * Whether a journaled event agrees with the replay's: the same bytes, or a record of version 5
     * equal to the replay's version-5 layout ({@link VersionFiveLayout}: an INSTRUCTION_ACCEPTED that a
     * build of version 5 wrote without the deal and end reason version 6 added, which are not compared).
     *
     * @param scratch room for a record ({@link EventCodec#MAX_LENGTH} bytes)
     */
    static boolean agree(
        final DirectBuffer journaled, final int journaledOffset, final int journaledLength,
        final DirectBuffer replayed, final int offset, final int length, final MutableDirectBuffer scratch)
    {
        if (journaledLength == length)
        {
            return equal(journaled, journaledOffset, replayed, offset, length);
        }
        final int earlier = VersionFiveLayout.of(replayed, offset, length, scratch, 0);
        return earlier == journaledLength && equal(journaled, journaledOffset, scratch, 0, earlier);
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
