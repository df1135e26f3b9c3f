package io.settlement.gateway.client;

import java.nio.ByteOrder;
import java.util.List;
import java.util.function.BiFunction;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.CorruptedFrameException;
import io.settlement.gateway.client.sbe.CommandResultEncoder;
import io.settlement.gateway.client.sbe.DealAcceptedEncoder;
import io.settlement.gateway.client.sbe.DealCancelledEncoder;
import io.settlement.gateway.client.sbe.DealHeldEncoder;
import io.settlement.gateway.client.sbe.DealRejectedEncoder;
import io.settlement.gateway.client.sbe.DealReleasedEncoder;
import io.settlement.gateway.client.sbe.DealPartiallySettledEncoder;
import io.settlement.gateway.client.sbe.DealReportEncoder;
import io.settlement.gateway.client.sbe.DealSettledEncoder;
import io.settlement.gateway.client.sbe.DealSettlementFailedEncoder;
import io.settlement.gateway.client.sbe.DealStatus;
import io.settlement.gateway.client.sbe.DealType;
import io.settlement.gateway.client.sbe.InstrumentKind;
import io.settlement.gateway.client.sbe.InstrumentsReportEncoder;
import io.settlement.gateway.client.sbe.LimitKind;
import io.settlement.gateway.client.sbe.LimitsReportEncoder;
import io.settlement.gateway.client.sbe.LockoutKind;
import io.settlement.gateway.client.sbe.LockoutsReportEncoder;
import io.settlement.gateway.client.sbe.LogonAcceptedEncoder;
import io.settlement.gateway.client.sbe.MessageHeaderEncoder;
import io.settlement.gateway.client.sbe.ParticipantsReportEncoder;
import io.settlement.gateway.client.sbe.PositionReportEncoder;
import io.settlement.gateway.client.sbe.Reason;
import io.settlement.gateway.client.sbe.Role;
import io.settlement.gateway.client.sbe.SessionRejectEncoder;
import io.settlement.gateway.client.sbe.Side;
import io.settlement.gateway.client.sbe.SubmitDealEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResponseDecoderTest
{
    private final ResponseDecoder decoder = new ResponseDecoder();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    /** Encodes a message at offset 6 with {@code encode} (returning the body length) and adds the SOFH. */
    private byte[] frame(final BiFunction<UnsafeBuffer, MessageHeaderEncoder, Integer> encode)
    {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[1024]);
        final int length = 14 + encode.apply(b, header);
        b.putInt(0, length, ByteOrder.BIG_ENDIAN);
        b.putShort(4, (short)0xEB50, ByteOrder.BIG_ENDIAN);
        final byte[] out = new byte[length];
        b.getBytes(0, out);
        return out;
    }

    private Response decodeEveryWay(final byte[] frame)
    {
        final Response heap = decoder.decode(Unpooled.wrappedBuffer(frame));
        final ByteBuf direct = Unpooled.directBuffer(frame.length + 3).writeZero(3).writeBytes(frame).skipBytes(3);
        final CompositeByteBuf composite = Unpooled.compositeBuffer().addComponents(true,
            Unpooled.wrappedBuffer(frame, 0, 5), Unpooled.wrappedBuffer(frame, 5, frame.length - 5));
        try
        {
            assertEquals(heap, decoder.decode(direct), "read in place from direct memory at a reader index");
            assertEquals(heap, decoder.decode(composite), "copied out of a composite");
            assertEquals(3, direct.readerIndex(), "indices untouched");
        }
        finally
        {
            direct.release();
            composite.release();
        }
        return heap;
    }

    @Test
    void everyGatewayMessageDecodes()
    {
        assertEquals(Response.builder(Response.Type.LOGON_ACCEPTED).correlationId(1).participantId(42)
                .role(Role.AUDITOR).businessDate(20260102).build(),
            decodeEveryWay(frame((b, h) -> new LogonAcceptedEncoder().wrapAndApplyHeader(b, 6, h).correlationId(1)
                .participantId(42).role(Role.AUDITOR).businessDate(20260102).encodedLength())));
        assertEquals(Response.builder(Response.Type.SESSION_REJECT).reason(Reason.BAD_BLOCK_LENGTH)
                .refTemplateId(65535).build(),
            decodeEveryWay(frame((b, h) -> new SessionRejectEncoder().wrapAndApplyHeader(b, 6, h)
                .reason(Reason.BAD_BLOCK_LENGTH).refTemplateId(65535).encodedLength())));
        assertEquals(Response.builder(Response.Type.DEAL_ACCEPTED).correlationId(2).clientDealId(3).dealId(4)
                .sequence(5).build(),
            decodeEveryWay(frame((b, h) -> new DealAcceptedEncoder().wrapAndApplyHeader(b, 6, h).correlationId(2)
                .clientDealId(3).dealId(4).sequence(5).encodedLength())));
        assertEquals(Response.builder(Response.Type.DEAL_REJECTED).correlationId(-1).clientDealId(Long.MAX_VALUE)
                .reason(Reason.CREDIT_LIMIT_EXCEEDED).build(),
            decodeEveryWay(frame((b, h) -> new DealRejectedEncoder().wrapAndApplyHeader(b, 6, h).correlationId(-1)
                .clientDealId(Long.MAX_VALUE).reason(Reason.CREDIT_LIMIT_EXCEEDED).encodedLength())));
        assertEquals(Response.builder(Response.Type.DEAL_CANCELLED).dealId(9).build(),
            decodeEveryWay(frame((b, h) -> new DealCancelledEncoder().wrapAndApplyHeader(b, 6, h).correlationId(0)
                .dealId(9).encodedLength())));
        assertEquals(Response.builder(Response.Type.DEAL_SETTLED).dealId(9).clientDealId(8).settlementDate(20260105)
                .partQuantity(3).partCash(30).build(),
            decodeEveryWay(frame((b, h) -> new DealSettledEncoder().wrapAndApplyHeader(b, 6, h).dealId(9)
                .clientDealId(8).settlementDate(20260105).partQuantity(3).partCash(30).encodedLength())));
        final Response part = decodeEveryWay(frame((b, h) -> new DealPartiallySettledEncoder().wrapAndApplyHeader(b, 6, h)
            .dealId(9).clientDealId(8).settlementDate(20260105).partQuantity(4).partCash(40).settledQuantity(7)
            .settledCash(70).remainingQuantity(3).reason(Reason.INSUFFICIENT_CASH).encodedLength()));
        assertEquals(Response.builder(Response.Type.DEAL_PARTIALLY_SETTLED).dealId(9).clientDealId(8).settlementDate(20260105)
            .partQuantity(4).partCash(40).settledQuantity(7).settledCash(70).remainingQuantity(3)
            .reason(Reason.INSUFFICIENT_CASH).build(), part);
        assertTrue(part.isPush());
        assertEquals(Response.builder(Response.Type.DEAL_SETTLEMENT_FAILED).dealId(9)
                .reason(Reason.INSUFFICIENT_CASH).build(),
            decodeEveryWay(frame((b, h) -> new DealSettlementFailedEncoder().wrapAndApplyHeader(b, 6, h).dealId(9)
                .reason(Reason.INSUFFICIENT_CASH).encodedLength())));
        assertEquals(Response.builder(Response.Type.POSITION_REPORT).correlationId(7).participantId(42)
                .instrumentId(10).balance(-5).build(),
            decodeEveryWay(frame((b, h) -> new PositionReportEncoder().wrapAndApplyHeader(b, 6, h).correlationId(7)
                .participantId(42).instrumentId(10).balance(-5).encodedLength())));
        assertEquals(Response.builder(Response.Type.COMMAND_RESULT).correlationId(7).refTemplateId(24)
                .result(Reason.NOT_AUTHORISED).build(),
            decodeEveryWay(frame((b, h) -> new CommandResultEncoder().wrapAndApplyHeader(b, 6, h).correlationId(7)
                .refTemplateId(24).result(Reason.NOT_AUTHORISED).encodedLength())));
    }

    @Test
    void dealReportDecodesEveryField()
    {
        final Response r = decodeEveryWay(frame((b, h) -> new DealReportEncoder().wrapAndApplyHeader(b, 6, h)
            .correlationId(1).dealId(2).clientDealId(3).buyerId(4).sellerId(5).securityId(6).currencyId(7)
            .quantity(8).cashAmount(9).settlementDate(20260110).dealType(DealType.FOP).status(DealStatus.SETTLED)
            .lastFailReason(Reason.INSUFFICIENT_SECURITIES).heldSides((short)3).linkId(11).partialAllowed((short)1).minimumQuantity(2)
            .settledQuantity(5).settledCash(6).remainingQuantity(3).encodedLength()));

        assertEquals(Response.builder(Response.Type.DEAL_REPORT).correlationId(1).dealId(2).clientDealId(3)
            .buyerId(4).sellerId(5).securityId(6).currencyId(7).quantity(8).cashAmount(9).settlementDate(20260110)
            .dealType(DealType.FOP).status(DealStatus.SETTLED).lastFailReason(Reason.INSUFFICIENT_SECURITIES)
            .heldSides(3).linkId(11).partialAllowed(true).minimumQuantity(2).settledQuantity(5).settledCash(6).remainingQuantity(3)
            .build(), r);
        assertEquals(117, r.templateId());
        assertEquals("DealReport{correlationId=1, dealId=2, clientDealId=3, buyerId=4, sellerId=5, securityId=6, " +
            "currencyId=7, quantity=8, cashAmount=9, settlementDate=20260110, dealType=FOP, status=SETTLED, " +
            "lastFailReason=INSUFFICIENT_SECURITIES, heldSides=3, linkId=11, partialAllowed=true, minimumQuantity=2, " +
            "settledQuantity=5, settledCash=6, remainingQuantity=3}", r.toString());
    }

    @Test
    void dealHeldAndDealReleasedDecodeEveryFieldAndArePushesWithoutACorrelationId()
    {
        final Response held = decodeEveryWay(frame((b, h) -> new DealHeldEncoder().wrapAndApplyHeader(b, 6, h)
            .correlationId(0).dealId(7).side(Side.SELL).heldSides((short)2).byParticipantId(91).encodedLength()));
        assertEquals(Response.builder(Response.Type.DEAL_HELD).dealId(7).side(Side.SELL).heldSides(2).participantId(91).build(), held);
        assertEquals(122, held.templateId());
        assertTrue(held.isPush());
        assertEquals("DealHeld{correlationId=0, dealId=7, side=SELL, heldSides=2, byParticipantId=91}", held.toString());

        final Response released = decodeEveryWay(frame((b, h) -> new DealReleasedEncoder().wrapAndApplyHeader(b, 6, h)
            .correlationId(5).dealId(7).side(Side.BUY).heldSides((short)0).byParticipantId(1).encodedLength()));
        assertEquals(Response.builder(Response.Type.DEAL_RELEASED).correlationId(5).dealId(7).side(Side.BUY).participantId(1).build(),
            released);
        assertEquals(123, released.templateId());
        assertFalse(released.isPush(), "an answer carries its correlationId");
    }

    @Test
    void limitsReportDecodesItsGroup()
    {
        final LimitLine[] lines = {
            new LimitLine(LimitKind.CREDIT, 2, 1_000, 10),
            new LimitLine(LimitKind.COUNTERPARTY, 43, 2_000, 20),
            new LimitLine(LimitKind.DELIVERY, 11, 3_000, 30)};
        final Response r = decodeEveryWay(limitsReport(lines));

        assertEquals(Response.Type.LIMITS_REPORT, r.type());
        assertEquals(5, r.correlationId());
        assertEquals(42, r.participantId());
        assertEquals(List.of(lines), r.limits());
        assertTrue(r.toString().contains("LimitLine[limitKind=COUNTERPARTY, key=43, limit=2000, utilised=20]"));
        assertEquals(List.of(), decodeEveryWay(limitsReport()).limits());
    }

    private byte[] limitsReport(final LimitLine... lines)
    {
        return frame((b, h) ->
        {
            final LimitsReportEncoder report = new LimitsReportEncoder().wrapAndApplyHeader(b, 6, h)
                .correlationId(5).participantId(42);
            final LimitsReportEncoder.LimitsEncoder group = report.limitsCount(lines.length);
            for (final LimitLine line : lines)
            {
                group.next().limitKind(line.limitKind()).key(line.key()).limit(line.limit()).utilised(line.utilised());
            }
            return report.encodedLength();
        });
    }

    @Test
    void participantsReportDecodesItsGroupAndTheLinesStillToCome()
    {
        final Response r = decodeEveryWay(frame((b, h) ->
        {
            final ParticipantsReportEncoder report = new ParticipantsReportEncoder().wrapAndApplyHeader(b, 6, h)
                .correlationId(9).remaining(401);
            final ParticipantsReportEncoder.ParticipantsEncoder group = report.participantsCount(2);
            group.next().participantId(1).role(Role.MEMBER).putName(java.util.Arrays.copyOf("Сбербанк".getBytes(java.nio.charset.StandardCharsets.UTF_8), 64), 0)
                .shortCode("SBER");
            group.next().participantId(90).role(Role.RISK);
            return report.encodedLength();
        }));
        assertEquals(Response.builder(Response.Type.PARTICIPANTS_REPORT).correlationId(9).remaining(401)
            .participants(List.of(new ParticipantLine(1, Role.MEMBER, "Сбербанк", "SBER"), new ParticipantLine(90, Role.RISK, "", "")))
            .build(), r);
        assertEquals(119, r.templateId());
        assertEquals("ParticipantsReport{correlationId=9, remaining=401, participants=[ParticipantLine[participantId=1, " +
            "role=MEMBER, name=Сбербанк, shortCode=SBER], ParticipantLine[participantId=90, role=RISK, name=, shortCode=]]}", r.toString());

        final byte[] truncated = frame((b, h) ->
        {
            final ParticipantsReportEncoder report = new ParticipantsReportEncoder().wrapAndApplyHeader(b, 6, h)
                .correlationId(9).remaining(0);
            report.participantsCount(2).next().participantId(1).role(Role.MEMBER);
            return report.encodedLength() - ParticipantsReportEncoder.ParticipantsEncoder.sbeBlockLength(); // announces two lines, holds one
        });
        assertThrows(CorruptedFrameException.class, () -> decoder.decode(Unpooled.wrappedBuffer(truncated)));
    }

    @Test
    void instrumentsReportDecodesItsGroupAndTheLinesStillToCome()
    {
        final Response r = decodeEveryWay(frame((b, h) ->
        {
            final InstrumentsReportEncoder report = new InstrumentsReportEncoder().wrapAndApplyHeader(b, 6, h)
                .correlationId(9).remaining(201);
            final InstrumentsReportEncoder.InstrumentsEncoder group = report.instrumentsCount(3);
            group.next().instrumentId(10).kind(InstrumentKind.SECURITY).code("XS0123456789").isin("US0378331005")
                .putName(java.util.Arrays.copyOf("Apple Inc.".getBytes(java.nio.charset.StandardCharsets.UTF_8), 64), 0).minorUnits((byte)0);
            group.next().instrumentId(840).kind(InstrumentKind.CURRENCY).code("USD").minorUnits((byte)2);
            group.next().instrumentId(841).kind(InstrumentKind.NULL_VAL).code("ODD"); // a kind the schema lacks
            return report.encodedLength();
        }));
        assertEquals(Response.builder(Response.Type.INSTRUMENTS_REPORT).correlationId(9).remaining(201)
            .instruments(List.of(new InstrumentLine(10, InstrumentKind.SECURITY, "XS0123456789", "US0378331005", "Apple Inc.", 0),
                new InstrumentLine(840, InstrumentKind.CURRENCY, "USD", "", "", 2),
                new InstrumentLine(841, InstrumentKind.NULL_VAL, "ODD", "", "", 0))).build(), r);
        assertEquals(121, r.templateId());
        assertEquals(List.of(), r.participants(), "no participants in an instruments report");
        assertEquals("InstrumentsReport{correlationId=9, remaining=201, instruments=[InstrumentLine[instrumentId=10, " +
            "kind=SECURITY, code=XS0123456789, isin=US0378331005, name=Apple Inc., minorUnits=0], InstrumentLine[instrumentId=840, " +
            "kind=CURRENCY, code=USD, isin=, name=, minorUnits=2], " +
            "InstrumentLine[instrumentId=841, kind=NULL_VAL, code=ODD, isin=, name=, minorUnits=0]]}", r.toString());

        final Response empty = decodeEveryWay(frame((b, h) ->
        {
            final InstrumentsReportEncoder report = new InstrumentsReportEncoder().wrapAndApplyHeader(b, 6, h)
                .correlationId(10).remaining(0);
            report.instrumentsCount(0);
            return report.encodedLength();
        }));
        assertEquals(List.of(), empty.instruments());
        assertEquals(0, empty.remaining());

        final byte[] truncated = frame((b, h) ->
        {
            final InstrumentsReportEncoder report = new InstrumentsReportEncoder().wrapAndApplyHeader(b, 6, h)
                .correlationId(9).remaining(0);
            report.instrumentsCount(2).next().instrumentId(10).kind(InstrumentKind.SECURITY).code("ACME");
            return report.encodedLength() - 17; // announces two lines, holds one
        });
        assertThrows(CorruptedFrameException.class, () -> decoder.decode(Unpooled.wrappedBuffer(truncated)));
    }

    @Test
    void lockoutsReportDecodesItsGroupAndTotal()
    {
        final LockoutLine participant = new LockoutLine(LockoutKind.PARTICIPANT, 1, "", 5, 1_800_000_060_000L);
        final LockoutLine address = new LockoutLine(LockoutKind.ADDRESS, 0, "0:0:0:0:0:0:0:1", 4_000_000_000L,
            1_800_000_000_000L);
        final Response r = decodeEveryWay(lockoutsReport(7, 51, participant, address));

        assertEquals(Response.builder(Response.Type.LOCKOUTS_REPORT).correlationId(7).total(51)
            .lockouts(List.of(participant, address)).build(), r);
        assertEquals(120, r.templateId());
        assertEquals(4_000_000_000L, r.lockouts().get(1).failures(), "uint32 failures above Integer.MAX_VALUE");
        assertEquals("LockoutsReport{correlationId=7, total=51, lockouts=[LockoutLine[kind=PARTICIPANT, " +
            "participantId=1, address=, failures=5, lockedUntilMs=1800000060000], LockoutLine[kind=ADDRESS, " +
            "participantId=0, address=0:0:0:0:0:0:0:1, failures=4000000000, lockedUntilMs=1800000000000]]}",
            r.toString());

        final Response none = decodeEveryWay(lockoutsReport(8, 0));
        assertEquals(List.of(), none.lockouts());
        assertEquals(0, none.total());
        assertEquals(List.of(), decodeEveryWay(limitsReport()).lockouts(), "no lockouts in another report");

        final byte[] unknownKind = lockoutsReport(9, 1, participant);
        unknownKind[14 + 12 + 4] = 3; // the line's kind: a code the schema does not define
        assertEquals(LockoutKind.NULL_VAL, decoder.decode(Unpooled.wrappedBuffer(unknownKind)).lockouts().get(0).kind());

        final byte[] one = lockoutsReport(9, 1, participant);
        assertRefused(with(one, 14 + 12, 70), "LockoutsReport group block length 70, expected 69");
        assertRefused(with(one, 14 + 12 + 2, 2), "LockoutsReport with 2 lines needs 154 bytes");
        final byte[] noGroup = java.util.Arrays.copyOf(one, 14 + 12 + 2);
        noGroup[3] = (byte)noGroup.length;
        assertRefused(noGroup, "LockoutsReport of 14 bytes after the headers has no room for its group");
    }

    private byte[] lockoutsReport(final long correlationId, final long total, final LockoutLine... lines)
    {
        return frame((b, h) ->
        {
            final LockoutsReportEncoder report = new LockoutsReportEncoder().wrapAndApplyHeader(b, 6, h)
                .correlationId(correlationId).total(total);
            final LockoutsReportEncoder.LockoutsEncoder group = report.lockoutsCount(lines.length);
            for (final LockoutLine line : lines)
            {
                group.next().kind(line.kind()).participantId(line.participantId()).address(line.address())
                    .failures(line.failures()).lockedUntil(line.lockedUntilMs());
            }
            return report.encodedLength();
        });
    }

    @Test
    void anUndefinedEnumCodeDecodesAsNullValue()
    {
        final byte[] f = frame((b, h) -> new CommandResultEncoder().wrapAndApplyHeader(b, 6, h).correlationId(7)
            .refTemplateId(24).result(Reason.OK).encodedLength());
        f[14 + 10] = 29; // result: a code in the engine's range that the schema does not define

        assertEquals(Reason.NULL_VAL, decoder.decode(Unpooled.wrappedBuffer(f)).result());
    }

    @Test
    void malformedFramesAreRefused()
    {
        final byte[] good = frame((b, h) -> new DealAcceptedEncoder().wrapAndApplyHeader(b, 6, h).correlationId(2)
            .clientDealId(3).dealId(4).sequence(5).encodedLength());
        decoder.decode(Unpooled.wrappedBuffer(good));

        assertRefused(java.util.Arrays.copyOf(good, 13), "shorter than");
        assertRefused(with(good, 3, 99), "SOFH length");
        assertRefused(with(good, 4, 0x50), "encoding type");
        assertRefused(with(good, 10, 2), "schema 2");
        assertRefused(with(good, 12, 1), "version 1");
        assertRefused(with(good, 12, 2), "version 2");
        assertRefused(with(good, 12, 3), "version 3");
        assertRefused(with(good, 12, 5), "version 5");
        assertRefused(with(good, 8, SubmitDealEncoder.TEMPLATE_ID), "not a gateway-to-client");
        assertRefused(with(good, 8, 200), "not a gateway-to-client");
        assertRefused(with(good, 6, 31), "block length 31");
        final byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
        longer[3]++;
        assertRefused(longer, "holds 33 bytes");

        final byte[] limits = limitsReport(new LimitLine(LimitKind.CREDIT, 2, 1_000, 10));
        decoder.decode(Unpooled.wrappedBuffer(limits));
        assertRefused(with(limits, 14 + 16, 24), "group block length 24");
        assertRefused(with(limits, 14 + 16 + 2, 2), "with 2 lines needs");
        final byte[] noGroup = java.util.Arrays.copyOf(limits, 14 + 16 + 3);
        noGroup[3] = (byte)noGroup.length;
        assertRefused(noGroup, "no room for its group");
    }

    private static byte[] with(final byte[] frame, final int index, final int value)
    {
        final byte[] copy = frame.clone();
        copy[index] = (byte)value;
        return copy;
    }

    private void assertRefused(final byte[] frame, final String message)
    {
        final CorruptedFrameException ex = assertThrows(CorruptedFrameException.class,
            () -> decoder.decode(Unpooled.wrappedBuffer(frame)));
        assertTrue(ex.getMessage().contains(message), ex.getMessage());
    }
}
