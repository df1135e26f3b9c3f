package io.settlement.gateway;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.MessageHeaderDecoder;
import io.settlement.protocol.wire.ParticipantsReportDecoder;
import io.settlement.protocol.wire.Role;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ParticipantsReport is cut into frames of at most 400 lines, each within the 4 KiB frame limit. */
class ResponseEncoderTest
{
    private final ResponseEncoder encoder = new ResponseEncoder();

    /** A frame: its remaining field and its participant ids. */
    private record Frame(long correlationId, long remaining, List<Long> ids, int length)
    {
    }

    private List<Frame> report(final int count)
    {
        final List<Frame> frames = new ArrayList<>();
        final Event e = new Event();
        e.reset(EventType.PARTICIPANTS_REPORT, 5, 77, 92);
        e.count = count;
        collect(encoder.reply(e), frames);
        for (int i = 0; i < count; i++)
        {
            e.reset(EventType.PARTICIPANT_LINE, 5, 77, 92);
            e.participantId = 1 + i;
            e.role = (byte)Role.MEMBER.value();
            collect(encoder.reply(e), frames);
        }
        return frames;
    }

    private void collect(final int length, final List<Frame> frames)
    {
        if (length == 0)
        {
            return;
        }
        final UnsafeBuffer buffer = encoder.buffer();
        assertEquals(length, buffer.getInt(0, ByteOrder.BIG_ENDIAN), "SOFH length");
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, Frames.SOFH_LENGTH);
        assertEquals(ParticipantsReportDecoder.TEMPLATE_ID, header.templateId());
        final ParticipantsReportDecoder d = new ParticipantsReportDecoder()
            .wrap(buffer, Frames.HEADER_LENGTH, header.blockLength(), header.version());
        final List<Long> ids = new ArrayList<>();
        for (final ParticipantsReportDecoder.ParticipantsDecoder line : d.participants())
        {
            ids.add(line.participantId());
        }
        assertEquals(length, Frames.HEADER_LENGTH + d.encodedLength(), "the frame holds exactly the message");
        frames.add(new Frame(d.correlationId(), d.remaining(), ids, length));
    }

    @Test
    void shouldCutALongReportIntoFramesOfAtMost400LinesWithTheLinesStillToCome()
    {
        final List<Frame> frames = report(850);
        assertEquals(3, frames.size());
        assertEquals(List.of(450L, 50L, 0L), frames.stream().map(Frame::remaining).toList());
        assertEquals(List.of(400, 400, 50), frames.stream().map(fr -> fr.ids().size()).toList());
        final List<Long> all = new ArrayList<>();
        for (final Frame frame : frames)
        {
            assertEquals(77, frame.correlationId());
            assertTrue(frame.length() <= ResponseEncoder.MAX_RESPONSE, "frame of " + frame.length() + " bytes");
            all.addAll(frame.ids());
        }
        for (int i = 0; i < all.size(); i++)
        {
            assertEquals(i + 1, all.get(i));
        }
    }

    @Test
    void shouldSendExactlyFullFramesAndAnEmptyReportAsOneFrame()
    {
        assertEquals(List.of(400, 400), report(800).stream().map(fr -> fr.ids().size()).toList());
        final List<Frame> empty = report(0);
        assertEquals(1, empty.size());
        assertEquals(0, empty.get(0).remaining());
        assertEquals(List.of(), empty.get(0).ids());
    }
}
