package io.settlement.gateway;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.InstrumentsReportDecoder;
import io.settlement.protocol.wire.MessageHeaderDecoder;
import io.settlement.protocol.wire.ParticipantsReportDecoder;
import io.settlement.protocol.wire.Role;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ParticipantsReport and the InstrumentsReport are cut into frames: in wire protocol version 2 as
 * many lines as fit the 4 KiB frame limit (47 participants of 85 bytes, 43 instruments of 94 bytes); in
 * version 1 the 400 participants and 200 instruments a frame that version promised.
 */
class ResponseEncoderTest
{
    private final ResponseEncoder encoder = new ResponseEncoder();
    private final UnsafeBuffer record = new UnsafeBuffer(new byte[EventCodec.MAX_LENGTH]);

    /** The encoder frames an outcome from its bytes, as the engine encodes it. */
    private int reply(final Event e)
    {
        EventCodec.encode(e, record, 0);
        return encoder.reply(record, 0);
    }

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
        collect(reply(e), frames);
        for (int i = 0; i < count; i++)
        {
            e.reset(EventType.PARTICIPANT_LINE, 5, 77, 92);
            e.participantId = 1 + i;
            e.role = (byte)Role.MEMBER.value();
            collect(reply(e), frames);
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
    void shouldCutALongReportIntoFramesOfAsManyLinesAsFit4096BytesWithTheLinesStillToCome()
    {
        final List<Frame> frames = report(100);
        assertEquals(3, frames.size());
        assertEquals(List.of(53L, 6L, 0L), frames.stream().map(Frame::remaining).toList());
        assertEquals(List.of(47, 47, 6), frames.stream().map(fr -> fr.ids().size()).toList());
        // SOFH 6 + SBE header 8 + block 12 + group header 4 + 47 lines of 85 bytes; one more line would pass 4096
        assertEquals(4_025, frames.get(0).length(), "a full frame");
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
        assertEquals(List.of(47, 47), report(94).stream().map(fr -> fr.ids().size()).toList());
        final List<Frame> empty = report(0);
        assertEquals(1, empty.size());
        assertEquals(0, empty.get(0).remaining());
        assertEquals(List.of(), empty.get(0).ids());
    }

    /** Version 1 promised 400 participants a frame: its 9-byte lines fit (3,630 bytes). */
    @Test
    void shouldSendAVersion1SessionFramesOf400Participants()
    {
        encoder.wireVersion(1);
        final List<Frame> frames = report(900);
        assertEquals(List.of(400, 400, 100), frames.stream().map(fr -> fr.ids().size()).toList());
        assertEquals(List.of(500L, 100L, 0L), frames.stream().map(Frame::remaining).toList());
        // SOFH 6 + SBE header 8 + block 12 + group header 4 + 400 lines of 9 bytes
        assertEquals(3_630, frames.get(0).length(), "a full frame");
        final List<Long> all = new ArrayList<>();
        frames.forEach(frame -> all.addAll(frame.ids()));
        for (int i = 0; i < all.size(); i++)
        {
            assertEquals(i + 1, all.get(i));
        }
    }

    // ------------------------------------------------------------------ InstrumentsReport

    /** An InstrumentsReport frame: its remaining field and its lines as "id KIND CODE". */
    private record InstrumentsFrame(long correlationId, long remaining, List<String> lines, int length)
    {
    }

    /** Instrument i (from 0) is id 1 + i, a security when i is even, code "I" + (1 + i). */
    private List<InstrumentsFrame> instrumentsReport(final int count)
    {
        final List<InstrumentsFrame> frames = new ArrayList<>();
        final Event e = new Event();
        e.reset(EventType.INSTRUMENTS_REPORT, 5, 78, 1);
        e.count = count;
        collectInstruments(reply(e), frames);
        for (int i = 0; i < count; i++)
        {
            e.reset(EventType.INSTRUMENT_LINE, 5, 78, 1);
            e.instrumentId = 1 + i;
            e.instrumentKind = (byte)(i % 2 == 0 ? InstrumentKind.SECURITY : InstrumentKind.CURRENCY).value();
            java.util.Arrays.fill(e.code, (byte)0);
            final byte[] code = ("I" + (1 + i)).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(code, 0, e.code, 0, code.length);
            collectInstruments(reply(e), frames);
        }
        return frames;
    }

    private void collectInstruments(final int length, final List<InstrumentsFrame> frames)
    {
        if (length == 0)
        {
            return;
        }
        final UnsafeBuffer buffer = encoder.buffer();
        assertEquals(length, buffer.getInt(0, ByteOrder.BIG_ENDIAN), "SOFH length");
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, Frames.SOFH_LENGTH);
        assertEquals(InstrumentsReportDecoder.TEMPLATE_ID, header.templateId());
        final InstrumentsReportDecoder d = new InstrumentsReportDecoder()
            .wrap(buffer, Frames.HEADER_LENGTH, header.blockLength(), header.version());
        final List<String> lines = new ArrayList<>();
        for (final InstrumentsReportDecoder.InstrumentsDecoder line : d.instruments())
        {
            lines.add(line.instrumentId() + " " + line.kind() + " " + line.code());
        }
        assertEquals(length, Frames.HEADER_LENGTH + d.encodedLength(), "the frame holds exactly the message");
        frames.add(new InstrumentsFrame(d.correlationId(), d.remaining(), lines, length));
    }

    @Test
    void shouldCutALongInstrumentsReportIntoFramesOfAsManyLinesAsFit4096BytesWithTheLinesStillToCome()
    {
        final List<InstrumentsFrame> frames = instrumentsReport(90);
        assertEquals(List.of(47L, 4L, 0L), frames.stream().map(InstrumentsFrame::remaining).toList());
        assertEquals(List.of(43, 43, 4), frames.stream().map(fr -> fr.lines().size()).toList());
        // SOFH 6 + SBE header 8 + block 12 + group header 4 + 43 lines of 94 bytes; one more line would pass 4096
        assertEquals(4_072, frames.get(0).length(), "a full frame");
        final List<String> all = new ArrayList<>();
        for (final InstrumentsFrame frame : frames)
        {
            assertEquals(78, frame.correlationId());
            assertTrue(frame.length() <= ResponseEncoder.MAX_RESPONSE, "frame of " + frame.length() + " bytes");
            all.addAll(frame.lines());
        }
        assertEquals(90, all.size());
        assertEquals("1 SECURITY I1", all.get(0));
        assertEquals("2 CURRENCY I2", all.get(1));
        assertEquals("44 CURRENCY I44", all.get(43), "the first line of the second frame");
        assertEquals("90 CURRENCY I90", all.get(89));
        for (int i = 0; i < all.size(); i++)
        {
            assertTrue(all.get(i).startsWith((i + 1) + " "), all.get(i));
        }
    }

    @Test
    void shouldSendExactlyFullInstrumentsFramesAndAnEmptyInstrumentsReportAsOneFrame()
    {
        assertEquals(List.of(43, 43), instrumentsReport(86).stream().map(fr -> fr.lines().size()).toList());
        final List<InstrumentsFrame> empty = instrumentsReport(0);
        assertEquals(1, empty.size());
        assertEquals(0, empty.get(0).remaining());
        assertEquals(List.of(), empty.get(0).lines());
    }

    /** Version 1 promised 200 instruments a frame: its 17-byte lines fit (3,430 bytes). */
    @Test
    void shouldSendAVersion1SessionFramesOf200Instruments()
    {
        encoder.wireVersion(1);
        final List<InstrumentsFrame> frames = instrumentsReport(450);
        assertEquals(List.of(200, 200, 50), frames.stream().map(fr -> fr.lines().size()).toList());
        assertEquals(List.of(250L, 50L, 0L), frames.stream().map(InstrumentsFrame::remaining).toList());
        // SOFH 6 + SBE header 8 + block 12 + group header 4 + 200 lines of 17 bytes
        assertEquals(3_430, frames.get(0).length(), "a full frame");
        final List<String> all = new ArrayList<>();
        frames.forEach(frame -> all.addAll(frame.lines()));
        assertEquals("201 SECURITY I201", all.get(200), "the first line of the second frame");
        for (int i = 0; i < all.size(); i++)
        {
            assertTrue(all.get(i).startsWith((i + 1) + " "), all.get(i));
        }
    }

    private static Event held(final EventType type)
    {
        final Event e = new Event().clear();
        e.reset(type, 9, 44, 2);
        e.dealId = 7;
        e.clientDealId = 70;
        e.buyerId = 1;
        e.sellerId = 2;
        e.side = (byte)io.settlement.protocol.wire.Side.SELL.value();
        e.heldSides = Event.SELL_HELD;
        return e;
    }

    @Test
    void aHoldIsDealHeldInVersion3AndCommandResultOkOrNothingInOlderVersions()
    {
        encoder.wireVersion(3);
        assertTrue(reply(held(EventType.DEAL_HELD)) > 0);
        MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(encoder.buffer(), Frames.SOFH_LENGTH);
        assertEquals(io.settlement.protocol.wire.DealHeldDecoder.TEMPLATE_ID, header.templateId());
        final io.settlement.protocol.wire.DealHeldDecoder answer = new io.settlement.protocol.wire.DealHeldDecoder()
            .wrap(encoder.buffer(), Frames.HEADER_LENGTH, header.blockLength(), header.version());
        assertEquals(44, answer.correlationId());
        assertEquals(7, answer.dealId());
        assertEquals(io.settlement.protocol.wire.Side.SELL, answer.side());
        assertEquals(2, answer.heldSides());
        assertEquals(2, answer.byParticipantId());
        EventCodec.encode(held(EventType.DEAL_RELEASED), record, 0);
        assertTrue(encoder.push(record, 0) > 0);
        header = new MessageHeaderDecoder().wrap(encoder.buffer(), Frames.SOFH_LENGTH);
        assertEquals(io.settlement.protocol.wire.DealReleasedDecoder.TEMPLATE_ID, header.templateId());
        assertEquals(0, new io.settlement.protocol.wire.DealReleasedDecoder()
            .wrap(encoder.buffer(), Frames.HEADER_LENGTH, header.blockLength(), header.version()).correlationId(), "a push");

        for (final int version : new int[] {1, 2})
        {
            encoder.wireVersion(version);
            assertTrue(reply(held(EventType.DEAL_HELD)) > 0);
            header = new MessageHeaderDecoder().wrap(encoder.buffer(), Frames.SOFH_LENGTH);
            assertEquals(io.settlement.protocol.wire.CommandResultDecoder.TEMPLATE_ID, header.templateId(), "version " + version);
            assertEquals(version, header.version());
            final io.settlement.protocol.wire.CommandResultDecoder result = new io.settlement.protocol.wire.CommandResultDecoder()
                .wrap(encoder.buffer(), Frames.HEADER_LENGTH, header.blockLength(), header.version());
            assertEquals(44, result.correlationId());
            assertEquals(32, result.refTemplateId());
            assertEquals(io.settlement.protocol.wire.Reason.OK, result.result());
            EventCodec.encode(held(EventType.DEAL_HELD), record, 0);
            assertEquals(0, encoder.push(record, 0), "never pushed to a session of version " + version);
        }
    }
}
