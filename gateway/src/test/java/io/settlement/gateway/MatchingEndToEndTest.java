package io.settlement.gateway;

import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.settlement.gateway.client.GatewayClient;
import io.settlement.gateway.client.Response;
import io.settlement.gateway.client.sbe.DealStatus;
import io.settlement.gateway.client.sbe.DealType;
import io.settlement.gateway.client.sbe.InstructionStatus;
import io.settlement.gateway.client.sbe.Reason;
import io.settlement.gateway.client.sbe.Side;
import io.settlement.protocol.wire.CommandResultDecoder;
import io.settlement.protocol.wire.InstructionAcceptedDecoder;
import io.settlement.protocol.wire.InstructionAcceptedEncoder;
import io.settlement.protocol.wire.InstructionMatchedDecoder;
import io.settlement.protocol.wire.MessageHeaderDecoder;
import io.settlement.protocol.wire.MessageHeaderEncoder;
import io.settlement.protocol.wire.PositionReportDecoder;
import io.settlement.protocol.wire.SubmitInstructionEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.settlement.gateway.GatewayFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two-sided matching over the wire (docs/protocol.md): the sender's InstructionAccepted, the allegement
 * pushed to the counterparty's sessions only, the match told to both parties with the dealId, the
 * instruction and its deal queried, a repeat answered with its deal; the cancel told to the counterparty;
 * and what a session of version 2 gets instead (CommandResult, no push), and one of version 3 (a repeat's
 * acceptance without its deal).
 */
class MatchingEndToEndTest
{
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

    @Test
    void shouldAllegeToTheCounterpartyAndTellBothPartiesOfTheMatch() throws Exception
    {
        final GatewayClient buyer = f.logOn(BANK_A);
        final GatewayClient seller = f.logOn(BANK_B);
        final GatewayClient sellerAgain = f.logOn(BANK_B);
        final GatewayClient bystander = f.logOn(BROKER_C);
        final GatewayClient operator = f.logOn(OPS);
        final List<Response> toBuyer = new CopyOnWriteArrayList<>();
        final List<Response> toSeller = new CopyOnWriteArrayList<>();
        final List<Response> toSellerAgain = new CopyOnWriteArrayList<>();
        final List<Response> toBystander = new CopyOnWriteArrayList<>();
        final CountDownLatch alleged = new CountDownLatch(2);
        final CountDownLatch matched = new CountDownLatch(3);
        buyer.onPush(r -> record(r, toBuyer, alleged, matched));
        seller.onPush(r -> record(r, toSeller, alleged, matched));
        sellerAgain.onPush(r -> record(r, toSellerAgain, alleged, matched));
        bystander.onPush(toBystander::add);
        assertEquals(Reason.OK, await(operator.setMatchingTolerance(USD, 2)).result());

        final Response accepted = await(buyer.submitInstruction(41, Side.BUY, BANK_B, ACME, USD, 5, 500, TODAY, DealType.DVP));

        assertEquals(Response.Type.INSTRUCTION_ACCEPTED, accepted.type(), accepted.toString());
        assertEquals(41, accepted.clientRef());
        assertEquals(InstructionStatus.UNMATCHED, accepted.instructionStatus());
        final long buyId = accepted.instructionId();
        assertTrue(alleged.await(10, TimeUnit.SECONDS), "both of the seller's sessions are alleged: " + toSeller + toSellerAgain);
        for (final List<Response> pushes : List.of(toSeller, toSellerAgain))
        {
            final Response allegement = pushes.get(0);
            assertEquals(Response.Type.INSTRUCTION_ALLEGED, allegement.type());
            assertTrue(allegement.isPush());
            assertEquals(buyId, allegement.instructionId());
            assertEquals(BANK_A, allegement.participantId(), "the owner");
            assertEquals(Side.BUY, allegement.side());
            assertEquals(500, allegement.cashAmount());
        }

        final Response sellAccepted = await(seller.submitInstruction(42, Side.SELL, BANK_A, ACME, USD, 5, 502, TODAY, DealType.DVP));

        assertEquals(Response.Type.INSTRUCTION_ACCEPTED, sellAccepted.type(), sellAccepted.toString());
        assertTrue(matched.await(10, TimeUnit.SECONDS), "both parties' sessions hear of the match: " + toBuyer + toSeller + toSellerAgain);
        final Response toBuyerMatch = toBuyer.get(toBuyer.size() - 1);
        assertEquals(Response.Type.INSTRUCTION_MATCHED, toBuyerMatch.type());
        assertEquals(0, toBuyerMatch.correlationId(), "pushed to the buyer");
        assertEquals(buyId, toBuyerMatch.buyInstructionId());
        assertEquals(41, toBuyerMatch.buyClientRef());
        assertEquals(sellAccepted.instructionId(), toBuyerMatch.sellInstructionId());
        assertEquals(42, toBuyerMatch.sellClientRef());
        assertEquals(502, toBuyerMatch.cashAmount(), "within tolerance, the seller's amount");
        final Response toSellerMatch = toSeller.get(toSeller.size() - 1);
        assertEquals(Response.Type.INSTRUCTION_MATCHED, toSellerMatch.type());
        assertTrue(toSellerMatch.correlationId() != 0, "the sender's match follows its acceptance with the request's correlationId");
        assertEquals(toBuyerMatch.dealId(), toSellerMatch.dealId());
        assertEquals(toBuyerMatch.dealId(), toSellerAgain.get(toSellerAgain.size() - 1).dealId());

        final Response deal = await(buyer.queryDeal(toBuyerMatch.dealId()));
        assertEquals(DealStatus.PENDING, deal.status());
        assertEquals(502, deal.cashAmount());
        final Response report = await(seller.queryInstruction(buyId));
        assertEquals(Response.Type.INSTRUCTION_REPORT, report.type(), report.toString());
        assertEquals(InstructionStatus.MATCHED, report.instructionStatus());
        assertEquals(toBuyerMatch.dealId(), report.dealId());
        // a repeat of the matched instruction: the original acceptance, MATCHED, with its deal (version 4)
        final Response repeat = await(buyer.submitInstruction(41, Side.BUY, BANK_B, ACME, USD, 5, 500, TODAY, DealType.DVP));
        assertEquals(Response.Type.INSTRUCTION_ACCEPTED, repeat.type(), repeat.toString());
        assertEquals(buyId, repeat.instructionId());
        assertEquals(InstructionStatus.MATCHED, repeat.instructionStatus());
        assertEquals(toBuyerMatch.dealId(), repeat.dealId(), repeat.toString());
        assertEquals(Reason.OK, repeat.reason());
        assertEquals(Reason.NOT_AUTHORISED, await(bystander.queryInstruction(buyId)).result());
        // a later answer on the bystander's session proves everything before it has been delivered
        assertEquals(Response.Type.POSITION_REPORT, await(bystander.queryPosition(BROKER_C, USD)).type());
        assertEquals(List.of(), toBystander, "the bystander hears nothing");
        assertEquals(List.of(Response.Type.INSTRUCTION_MATCHED), toBuyer.stream().map(Response::type).toList(),
            "the buyer is not alleged its own instruction");
    }

    @Test
    void shouldTellTheCounterpartyOfACancel() throws Exception
    {
        final GatewayClient buyer = f.logOn(BANK_A);
        final GatewayClient seller = f.logOn(BANK_B);
        final List<Response> toSeller = new CopyOnWriteArrayList<>();
        final CountDownLatch two = new CountDownLatch(2);
        seller.onPush(r ->
        {
            toSeller.add(r);
            two.countDown();
        });
        final long id = await(buyer.submitInstruction(51, Side.BUY, BANK_B, ACME, USD, 5, 500, TODAY, DealType.DVP)).instructionId();
        assertEquals(Reason.NOT_YOUR_INSTRUCTION, await(seller.cancelInstruction(id)).result());

        final Response cancelled = await(buyer.cancelInstruction(id));

        assertEquals(Response.Type.INSTRUCTION_ENDED, cancelled.type(), cancelled.toString());
        assertEquals(InstructionStatus.CANCELLED, cancelled.instructionStatus());
        assertEquals(BANK_A, cancelled.participantId());
        assertEquals(BANK_B, cancelled.counterpartyId());
        assertTrue(two.await(10, TimeUnit.SECONDS), toSeller.toString());
        assertEquals(List.of(Response.Type.INSTRUCTION_ALLEGED, Response.Type.INSTRUCTION_ENDED), toSeller.stream().map(Response::type).toList());
        assertEquals(0, toSeller.get(1).correlationId());
        assertEquals(Reason.INSTRUCTION_NOT_PENDING, await(buyer.cancelInstruction(id)).result());
    }

    @Test
    void shouldAnswerAVersion2SessionCommandResultAndNeverPushItAnAllegement() throws Exception
    {
        final GatewayClient buyer = f.logOn(BANK_A);
        try (RawSession v2 = new RawSession(f.server.port()))
        {
            v2.send(asVersion(2, FrameFactory.logon(BANK_B, secret(BANK_B))));
            assertEquals(2, header(v2.next()).version(), "logged on in version 2");

            assertEquals(Response.Type.INSTRUCTION_ACCEPTED,
                await(buyer.submitInstruction(61, Side.BUY, BANK_B, ACME, USD, 5, 500, TODAY, DealType.DVP)).type());
            v2.send(asVersion(2, frame(SubmitInstructionEncoder.BLOCK_LENGTH, b -> new SubmitInstructionEncoder()
                .wrapAndApplyHeader(b, Frames.SOFH_LENGTH, new MessageHeaderEncoder()).correlationId(88).clientRef(62)
                .side(io.settlement.protocol.wire.Side.SELL).counterpartyId(BANK_A).securityId(ACME).currencyId(USD).quantity(5)
                .cashAmount(500).settlementDate(TODAY).dealType(io.settlement.protocol.wire.DealType.DVP))));
            final UnsafeBuffer answer = v2.next();
            assertEquals(CommandResultDecoder.TEMPLATE_ID, header(answer).templateId(), "no allegement came before the answer");
            final CommandResultDecoder result = new CommandResultDecoder().wrap(answer, Frames.HEADER_LENGTH, CommandResultDecoder.BLOCK_LENGTH, 2);
            assertEquals(88, result.correlationId());
            assertEquals(34, result.refTemplateId());
            assertEquals(io.settlement.protocol.wire.Reason.OK, result.result());
            // the match that followed is not sent to it: the next frame is the answer to its next request
            v2.send(asVersion(2, FrameFactory.queryPosition(89, BANK_B, USD)));
            assertEquals(PositionReportDecoder.TEMPLATE_ID, header(v2.next()).templateId());
        }
    }

    @Test
    void shouldAnswerAVersion3SessionTheVersion3LayoutOfARepeatWithoutItsDeal() throws Exception
    {
        final GatewayClient seller = f.logOn(BANK_B);
        try (RawSession v3 = new RawSession(f.server.port()))
        {
            v3.send(asVersion(3, FrameFactory.logon(BANK_A, secret(BANK_A))));
            assertEquals(3, header(v3.next()).version(), "logged on in version 3");
            final byte[] instruction = asVersion(3, frame(SubmitInstructionEncoder.BLOCK_LENGTH, b -> new SubmitInstructionEncoder()
                .wrapAndApplyHeader(b, Frames.SOFH_LENGTH, new MessageHeaderEncoder()).correlationId(70).clientRef(71)
                .side(io.settlement.protocol.wire.Side.BUY).counterpartyId(BANK_B).securityId(ACME).currencyId(USD).quantity(5)
                .cashAmount(500).settlementDate(TODAY).dealType(io.settlement.protocol.wire.DealType.DVP)));
            v3.send(instruction);
            assertEquals(InstructionAcceptedDecoder.TEMPLATE_ID, header(v3.next()).templateId());
            final Response matched = await(seller.submitInstruction(72, Side.SELL, BANK_A, ACME, USD, 5, 500, TODAY, DealType.DVP));
            assertEquals(Response.Type.INSTRUCTION_ACCEPTED, matched.type());
            assertEquals(InstructionMatchedDecoder.TEMPLATE_ID, header(v3.next()).templateId(), "the match pushed to it");

            new UnsafeBuffer(instruction).putLong(Frames.HEADER_LENGTH, 73); // the repeat, another correlationId
            v3.send(instruction);
            final UnsafeBuffer answer = v3.next();
            final MessageHeaderDecoder h = header(answer);
            assertEquals(InstructionAcceptedDecoder.TEMPLATE_ID, h.templateId());
            assertEquals(3, h.version());
            assertEquals(InstructionAcceptedEncoder.dealIdEncodingOffset(), h.blockLength(), "version 3's block: no dealId, no reason");
            assertEquals(Frames.HEADER_LENGTH + InstructionAcceptedEncoder.dealIdEncodingOffset(), answer.capacity());
            final InstructionAcceptedDecoder repeat = new InstructionAcceptedDecoder().wrap(answer, Frames.HEADER_LENGTH, h.blockLength(), 3);
            assertEquals(73, repeat.correlationId());
            assertEquals(io.settlement.protocol.wire.InstructionStatus.MATCHED, repeat.status());
        }
    }

    private static void record(final Response r, final List<Response> into, final CountDownLatch alleged, final CountDownLatch matched)
    {
        into.add(r);
        if (r.type() == Response.Type.INSTRUCTION_ALLEGED)
        {
            alleged.countDown();
        }
        if (r.type() == Response.Type.INSTRUCTION_MATCHED)
        {
            matched.countDown();
        }
    }

    /** A frame of this build, stamped with an older wire version (the request's layout is the same in every version). */
    private static byte[] asVersion(final int version, final byte[] frame)
    {
        new UnsafeBuffer(frame).putShort(Frames.SOFH_LENGTH + 6, (short)version, ByteOrder.LITTLE_ENDIAN);
        return frame;
    }

    private static MessageHeaderDecoder header(final UnsafeBuffer frame)
    {
        return new MessageHeaderDecoder().wrap(frame, Frames.SOFH_LENGTH);
    }

    private static byte[] frame(final int blockLength, final java.util.function.Consumer<UnsafeBuffer> encode)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[Frames.HEADER_LENGTH + blockLength]);
        encode.accept(buffer);
        ResponseEncoder.writeSofh(buffer, 0, buffer.capacity());
        buffer.putShort(Frames.SOFH_LENGTH + 6, (short)MessageHeaderEncoder.SCHEMA_VERSION, ByteOrder.LITTLE_ENDIAN);
        return buffer.byteArray();
    }
}
