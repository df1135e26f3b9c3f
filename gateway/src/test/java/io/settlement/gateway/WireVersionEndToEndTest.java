package io.settlement.gateway;

import java.nio.ByteOrder;
import java.util.List;

import io.settlement.gateway.client.GatewayClient;
import io.settlement.gateway.client.InstrumentLine;
import io.settlement.gateway.client.ParticipantLine;
import io.settlement.gateway.client.Response;
import io.settlement.gateway.client.sbe.DealType;
import io.settlement.gateway.client.sbe.InstrumentKind;
import io.settlement.protocol.wire.CommandResultDecoder;
import io.settlement.protocol.wire.CreateInstrumentEncoder;
import io.settlement.protocol.wire.CreateParticipantEncoder;
import io.settlement.protocol.wire.InstrumentsReportDecoder;
import io.settlement.protocol.wire.LogonAcceptedDecoder;
import io.settlement.protocol.wire.MessageHeaderDecoder;
import io.settlement.protocol.wire.MessageHeaderEncoder;
import io.settlement.protocol.wire.ParticipantsReportDecoder;
import io.settlement.protocol.wire.QueryInstrumentsEncoder;
import io.settlement.protocol.wire.QueryParticipantsEncoder;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.RunSettlementCycleEncoder;
import io.settlement.protocol.wire.CycleMode;
import io.settlement.protocol.wire.Role;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.settlement.gateway.GatewayFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway speaks wire protocol versions 1 and 2 (docs/protocol.md): a session speaks its Logon's
 * version both ways. A client of version 1 keeps working, byte for byte as before version 2 (its
 * frames are written here by hand, as version 1 lays them out: the client library speaks version 2);
 * what it creates gets the documented defaults. A client of version 2 sends and reads the reference
 * data for people, checked by the engine.
 */
class WireVersionEndToEndTest
{
    /** Version 1's blocks: CreateParticipant correlationId, participantId, role; CreateInstrument correlationId, instrumentId, kind, code. */
    private static final int CREATE_PARTICIPANT_V1_BLOCK = 8 + 8 + 1;
    private static final int CREATE_INSTRUMENT_V1_BLOCK = 8 + 4 + 1 + 12;
    private static final int PARTICIPANT_LINE_V1 = 8 + 1;
    private static final int INSTRUMENT_LINE_V1 = 4 + 1 + 12;

    private GatewayFixture f;

    @BeforeEach
    void start() throws Exception
    {
        f = new GatewayFixture(new GatewayConfig());
    }

    @AfterEach
    void stop() throws Exception
    {
        f.close();
    }

    /** A frame encoded by this build's codecs, re-stamped as version {@code version} with its block cut to {@code block} bytes. */
    private static byte[] as(final int version, final int block, final byte[] frame)
    {
        final byte[] cut = java.util.Arrays.copyOf(frame, Frames.HEADER_LENGTH + block);
        final UnsafeBuffer buffer = new UnsafeBuffer(cut);
        ResponseEncoder.writeSofh(buffer, 0, cut.length);
        buffer.putShort(Frames.SOFH_LENGTH, (short)block, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(Frames.SOFH_LENGTH + 6, (short)version, ByteOrder.LITTLE_ENDIAN);
        return cut;
    }

    private static byte[] frame(final int blockLength, final java.util.function.Consumer<UnsafeBuffer> encode)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[Frames.HEADER_LENGTH + blockLength]);
        encode.accept(buffer);
        ResponseEncoder.writeSofh(buffer, 0, buffer.capacity());
        return buffer.byteArray();
    }

    private static byte[] logonV1(final long participantId)
    {
        final byte[] v2 = FrameFactory.logon(participantId, secret(participantId));
        return as(1, io.settlement.protocol.wire.LogonEncoder.BLOCK_LENGTH, v2);
    }

    private static byte[] createCurrencyV1(final long correlationId, final int instrumentId, final String code)
    {
        return as(1, CREATE_INSTRUMENT_V1_BLOCK, frame(CreateInstrumentEncoder.BLOCK_LENGTH, b -> new CreateInstrumentEncoder()
            .wrapAndApplyHeader(b, Frames.SOFH_LENGTH, new MessageHeaderEncoder()).correlationId(correlationId).instrumentId(instrumentId)
            .kind(io.settlement.protocol.wire.InstrumentKind.CURRENCY).code(code)));
    }

    private static MessageHeaderDecoder header(final UnsafeBuffer frame)
    {
        return new MessageHeaderDecoder().wrap(frame, Frames.SOFH_LENGTH);
    }

    private static Reason result(final UnsafeBuffer frame)
    {
        assertEquals(CommandResultDecoder.TEMPLATE_ID, header(frame).templateId());
        return new CommandResultDecoder().wrap(frame, Frames.HEADER_LENGTH, CommandResultDecoder.BLOCK_LENGTH, 1).result();
    }

    @Test
    void aVersion1ClientLogsOnCreatesAndListsInVersion1AndItsInstrumentsGetTheDefaults() throws Exception
    {
        try (RawSession v1 = new RawSession(f.server.port()))
        {
            v1.send(logonV1(OPS));
            final UnsafeBuffer accepted = v1.next();
            assertEquals(LogonAcceptedDecoder.TEMPLATE_ID, header(accepted).templateId());
            assertEquals(1, header(accepted).version(), "answered in the session's version");

            v1.send(createCurrencyV1(5, 756, "CHF"));
            final UnsafeBuffer created = v1.next();
            assertEquals(1, header(created).version());
            assertEquals(Reason.OK, result(created), "a version-1 currency: no name, no minor units, accepted as before");
            // not checked as version 2 would: a code no ISO 4217 list has
            v1.send(createCurrencyV1(6, 999, "gold"));
            assertEquals(Reason.OK, result(v1.next()));
            v1.send(as(1, CREATE_PARTICIPANT_V1_BLOCK, frame(CreateParticipantEncoder.BLOCK_LENGTH, b -> new CreateParticipantEncoder()
                .wrapAndApplyHeader(b, Frames.SOFH_LENGTH, new MessageHeaderEncoder()).correlationId(7).participantId(60)
                .role(Role.MEMBER))));
            assertEquals(Reason.OK, result(v1.next()));

            // the lists in version 1's layout: 17-byte instrument lines, 9-byte participant lines
            v1.send(as(1, 8, frame(QueryInstrumentsEncoder.BLOCK_LENGTH, b -> new QueryInstrumentsEncoder()
                .wrapAndApplyHeader(b, Frames.SOFH_LENGTH, new MessageHeaderEncoder()).correlationId(8))));
            final UnsafeBuffer instruments = v1.next();
            assertEquals(InstrumentsReportDecoder.TEMPLATE_ID, header(instruments).templateId());
            assertEquals(1, header(instruments).version());
            final int group = Frames.HEADER_LENGTH + 12;
            assertEquals(INSTRUMENT_LINE_V1, instruments.getShort(group, ByteOrder.LITTLE_ENDIAN), "line length");
            assertEquals(4, instruments.getShort(group + 2, ByteOrder.LITTLE_ENDIAN), "ACME, CHF, USD, 999");
            assertEquals(Frames.HEADER_LENGTH + 12 + 4 + 4 * INSTRUMENT_LINE_V1, instruments.capacity(), "the frame's length");
            final int chf = group + 4 + INSTRUMENT_LINE_V1; // the second line, by id: 10, 756, 840, 999
            assertEquals(756, instruments.getInt(chf, ByteOrder.LITTLE_ENDIAN));
            assertEquals('C', instruments.getByte(chf + 5));
            assertEquals(999, instruments.getInt(group + 4 + 3 * INSTRUMENT_LINE_V1, ByteOrder.LITTLE_ENDIAN));

            v1.send(as(1, 8, frame(QueryParticipantsEncoder.BLOCK_LENGTH, b -> new QueryParticipantsEncoder()
                .wrapAndApplyHeader(b, Frames.SOFH_LENGTH, new MessageHeaderEncoder()).correlationId(9))));
            final UnsafeBuffer participants = v1.next();
            assertEquals(ParticipantsReportDecoder.TEMPLATE_ID, header(participants).templateId());
            assertEquals(1, header(participants).version());
            assertEquals(PARTICIPANT_LINE_V1, participants.getShort(Frames.HEADER_LENGTH + 12, ByteOrder.LITTLE_ENDIAN));
            assertEquals(7, participants.getShort(Frames.HEADER_LENGTH + 12 + 2, ByteOrder.LITTLE_ENDIAN));
            assertEquals(Frames.HEADER_LENGTH + 12 + 4 + 7 * PARTICIPANT_LINE_V1, participants.capacity());
        }

        // a client of version 2 sees what version 1 created with the defaults: no name, 2 minor units for a currency
        final Response report = await(f.logOn(BANK_A).queryInstruments());
        assertEquals(new InstrumentLine(756, InstrumentKind.CURRENCY, "CHF", "", "", 2), report.instruments().get(1));
        assertEquals(new InstrumentLine(ACME, InstrumentKind.SECURITY, "ACME", "", "", 0), report.instruments().get(0));
    }

    /** What a version-1 client creates without minor units has those of its ISO 4217 code: JPY 0, BHD 3, USD-like 2. */
    @Test
    void aVersion1CurrencyGetsTheMinorUnitsOfItsIso4217Code() throws Exception
    {
        try (RawSession v1 = new RawSession(f.server.port()))
        {
            v1.send(logonV1(OPS));
            assertEquals(LogonAcceptedDecoder.TEMPLATE_ID, header(v1.next()).templateId());
            v1.send(createCurrencyV1(5, 392, "JPY"));
            assertEquals(Reason.OK, result(v1.next()));
            v1.send(createCurrencyV1(6, 48, "BHD"));
            assertEquals(Reason.OK, result(v1.next()));
            v1.send(createCurrencyV1(7, 756, "CHF"));
            assertEquals(Reason.OK, result(v1.next()));
        }
        final List<InstrumentLine> lines = await(f.logOn(BANK_A).queryInstruments()).instruments();
        assertTrue(lines.contains(new InstrumentLine(392, InstrumentKind.CURRENCY, "JPY", "", "", 0)), lines.toString());
        assertTrue(lines.contains(new InstrumentLine(48, InstrumentKind.CURRENCY, "BHD", "", "", 3)), lines.toString());
        assertTrue(lines.contains(new InstrumentLine(756, InstrumentKind.CURRENCY, "CHF", "", "", 2)), lines.toString());
    }

    @Test
    void aSessionSpeaksOneVersion() throws Exception
    {
        try (RawSession v1 = new RawSession(f.server.port()))
        {
            v1.send(logonV1(OPS));
            assertEquals(LogonAcceptedDecoder.TEMPLATE_ID, header(v1.next()).templateId());
            // a version-2 request in a version-1 session
            v1.send(frame(QueryInstrumentsEncoder.BLOCK_LENGTH, b -> new QueryInstrumentsEncoder()
                .wrapAndApplyHeader(b, Frames.SOFH_LENGTH, new MessageHeaderEncoder()).correlationId(8)));
            assertEquals(Reason.WRONG_SCHEMA, RawSession.reason(v1.next()));
            assertTrue(v1.atEndOfStream());
        }
        try (RawSession v1 = new RawSession(f.server.port()))
        {
            v1.send(logonV1(OPS));
            assertEquals(LogonAcceptedDecoder.TEMPLATE_ID, header(v1.next()).templateId());
            // version 1 says so in its header, but the block is version 2's
            v1.send(as(1, CreateParticipantEncoder.BLOCK_LENGTH, frame(CreateParticipantEncoder.BLOCK_LENGTH, b -> new CreateParticipantEncoder()
                .wrapAndApplyHeader(b, Frames.SOFH_LENGTH, new MessageHeaderEncoder()).correlationId(7).participantId(60)
                .role(Role.MEMBER).name("Bank").shortCode("B"))));
            assertEquals(Reason.BAD_BLOCK_LENGTH, RawSession.reason(v1.next()));
        }
        try (RawSession v1 = new RawSession(f.server.port()))
        {
            // a version-1 client that forgets to log on is refused in version 1
            v1.send(as(1, 8, frame(QueryInstrumentsEncoder.BLOCK_LENGTH, b -> new QueryInstrumentsEncoder()
                .wrapAndApplyHeader(b, Frames.SOFH_LENGTH, new MessageHeaderEncoder()).correlationId(8))));
            final UnsafeBuffer reject = v1.next();
            assertEquals(Reason.NOT_LOGGED_ON, RawSession.reason(reject));
            assertEquals(1, header(reject).version());
        }
        try (RawSession v5 = new RawSession(f.server.port()))
        {
            v5.send(as(5, io.settlement.protocol.wire.LogonEncoder.BLOCK_LENGTH, FrameFactory.logon(OPS, secret(OPS))));
            assertEquals(Reason.WRONG_SCHEMA, RawSession.reason(v5.next()), "no version 5 yet");
        }
    }

    /** A session of version 2 sends RunSettlementCycle without a mode (version 3 appended it) and gets a GROSS cycle. */
    @Test
    void aVersion2SessionRunsGrossCycles() throws Exception
    {
        final GatewayClient a = f.logOn(BANK_A);
        // A delivers 10 ACME to C and C delivers 10 ACME to A; neither holds any: only netting settles them
        final long toC = await(a.submitDeal(31, BROKER_C, BANK_A, ACME, 0, 10, 0, TODAY, DealType.FOP)).dealId();
        try (RawSession v2 = new RawSession(f.server.port()))
        {
            v2.send(as(2, io.settlement.protocol.wire.LogonEncoder.BLOCK_LENGTH, FrameFactory.logon(OPS, secret(OPS))));
            assertEquals(2, header(v2.next()).version());
            final byte[] cycle = frame(RunSettlementCycleEncoder.BLOCK_LENGTH, b -> new RunSettlementCycleEncoder()
                .wrapAndApplyHeader(b, Frames.SOFH_LENGTH, new MessageHeaderEncoder()).correlationId(5).mode(CycleMode.NETTED));
            v2.send(as(2, 8, cycle));
            final UnsafeBuffer answer = v2.next();
            assertEquals(2, header(answer).version(), "answered in the session's version");
            assertEquals(Reason.OK, result(answer));
            assertEquals(io.settlement.gateway.client.sbe.DealStatus.PENDING, await(a.queryDeal(toC)).status(),
                "a GROSS cycle: A holds no ACME");
            assertEquals(io.settlement.gateway.client.sbe.Reason.INSUFFICIENT_SECURITIES, await(a.queryDeal(toC)).lastFailReason());

            // version 2 says so in its header, but the block is version 3's
            v2.send(as(2, RunSettlementCycleEncoder.BLOCK_LENGTH, cycle));
            assertEquals(Reason.BAD_BLOCK_LENGTH, RawSession.reason(v2.next()));
        }
    }

    @Test
    void aVersion2ClientCreatesAndListsReferenceDataForPeople() throws Exception
    {
        final GatewayClient ops = f.logOn(OPS);
        assertEquals(io.settlement.gateway.client.sbe.Reason.OK, await(ops.createInstrument(20, InstrumentKind.SECURITY, "AAPL", "US0378331005", "Apple Inc.", 0)).result());
        assertEquals(io.settlement.gateway.client.sbe.Reason.INVALID_ISIN,
            await(ops.createInstrument(21, InstrumentKind.SECURITY, "AAPL2", "US0378331006", "Apple Inc.", 0)).result());
        assertEquals(io.settlement.gateway.client.sbe.Reason.INVALID_MINOR_UNITS, await(ops.createInstrument(978, InstrumentKind.CURRENCY, "EUR", "", "Euro", 5)).result());
        assertEquals(io.settlement.gateway.client.sbe.Reason.INVALID_CURRENCY, await(ops.createInstrument(978, InstrumentKind.CURRENCY, "EURO", "", "Euro", 2)).result());
        assertEquals(io.settlement.gateway.client.sbe.Reason.OK, await(ops.createInstrument(978, InstrumentKind.CURRENCY, "EUR", "", "Евро", 2)).result());
        assertEquals(io.settlement.gateway.client.sbe.Reason.OK, await(ops.createParticipant(60, io.settlement.gateway.client.sbe.Role.MEMBER, "Сбербанк", "SBER")).result());
        assertEquals(io.settlement.gateway.client.sbe.Reason.DUPLICATE_SHORT_CODE,
            await(ops.createParticipant(61, io.settlement.gateway.client.sbe.Role.MEMBER, "Other", "SBER")).result());
        assertEquals(io.settlement.gateway.client.sbe.Reason.INVALID_NAME, await(ops.createParticipant(61, io.settlement.gateway.client.sbe.Role.MEMBER, "", "OTH")).result());

        final List<InstrumentLine> instruments = await(ops.queryInstruments()).instruments();
        assertEquals(new InstrumentLine(20, InstrumentKind.SECURITY, "AAPL", "US0378331005", "Apple Inc.", 0), instruments.get(1));
        assertEquals(new InstrumentLine(978, InstrumentKind.CURRENCY, "EUR", "", "Евро", 2), instruments.get(3));
        final List<ParticipantLine> participants = await(ops.queryParticipants()).participants();
        assertEquals(new ParticipantLine(60, io.settlement.gateway.client.sbe.Role.MEMBER, "Сбербанк", "SBER"), participants.get(3));
    }
}
