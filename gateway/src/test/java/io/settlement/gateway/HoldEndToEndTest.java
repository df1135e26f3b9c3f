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
import io.settlement.gateway.client.sbe.Reason;
import io.settlement.gateway.client.sbe.Side;
import io.settlement.protocol.wire.CommandResultDecoder;
import io.settlement.protocol.wire.DealReportDecoder;
import io.settlement.protocol.wire.HoldDealEncoder;
import io.settlement.protocol.wire.MessageHeaderDecoder;
import io.settlement.protocol.wire.MessageHeaderEncoder;
import io.settlement.protocol.wire.PositionReportDecoder;
import io.settlement.protocol.wire.QueryDealEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.settlement.gateway.GatewayFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hold / release over the wire (docs/protocol.md): the sender's answer, the push to every other session of
 * both parties in version 3, the held sides in DealReport, a held deal skipped by a cycle and settled once
 * released; and what a session of version 2 gets instead (CommandResult OK, no push, its DealReport layout).
 */
class HoldEndToEndTest
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
    void shouldAnswerAHoldAndAReleaseAndPushThemToEveryOtherSessionOfBothParties() throws Exception
    {
        final GatewayClient seller = f.logOn(BANK_B);
        final GatewayClient sellerAgain = f.logOn(BANK_B);
        final GatewayClient buyer = f.logOn(BANK_A);
        final GatewayClient bystander = f.logOn(BROKER_C);
        final GatewayClient operator = f.logOn(OPS);
        final List<Response> toSeller = new CopyOnWriteArrayList<>();
        final List<Response> toOthers = new CopyOnWriteArrayList<>();
        final CountDownLatch four = new CountDownLatch(4);
        seller.onPush(toSeller::add);
        bystander.onPush(toSeller::add); // neither may hear of the seller's hold as a push
        for (final GatewayClient client : List.of(sellerAgain, buyer))
        {
            client.onPush(push ->
            {
                toOthers.add(push);
                four.countDown();
            });
        }
        final long dealId = await(buyer.submitDeal(31, BANK_A, BANK_B, ACME, USD, 5, 500, TODAY, DealType.DVP)).dealId();

        final Response held = await(seller.holdDeal(dealId, Side.SELL));

        assertEquals(Response.Type.DEAL_HELD, held.type(), held.toString());
        assertEquals(dealId, held.dealId());
        assertEquals(Side.SELL, held.side());
        assertEquals(2, held.heldSides());
        assertEquals(BANK_B, held.participantId(), "who held it");
        assertTrue(held.correlationId() != 0);
        assertEquals(Response.Type.COMMAND_RESULT, await(operator.runSettlementCycle()).type());
        final Response report = await(buyer.queryDeal(dealId));
        assertEquals(DealStatus.PENDING, report.status(), "skipped by the cycle");
        assertEquals(2, report.heldSides());
        final Response notYours = await(buyer.releaseDeal(dealId, Side.SELL));
        assertEquals(Reason.NOT_YOUR_SIDE, notYours.result());

        final Response released = await(operator.releaseDeal(dealId, Side.SELL));

        assertEquals(Response.Type.DEAL_RELEASED, released.type(), released.toString());
        assertEquals(0, released.heldSides());
        assertEquals(OPS, released.participantId());
        assertTrue(four.await(10, TimeUnit.SECONDS), toOthers.toString());
        assertEquals(List.of(Response.Type.DEAL_HELD, Response.Type.DEAL_RELEASED),
            toOthers.stream().filter(r -> r.isPush() && r.dealId() == dealId).map(Response::type).distinct().toList());
        for (final Response push : toOthers)
        {
            assertEquals(0, push.correlationId(), "a push answers no request of its session");
            assertEquals(Side.SELL, push.side());
        }
        assertEquals(Response.Type.COMMAND_RESULT, await(operator.runSettlementCycle()).type());
        assertEquals(DealStatus.SETTLED, await(buyer.queryDeal(dealId)).status(), "settled once released");
        // a later answer on each session proves everything before it has been delivered
        assertEquals(Response.Type.POSITION_REPORT, await(bystander.queryPosition(BROKER_C, USD)).type());
        assertEquals(
            List.of(Response.Type.DEAL_RELEASED, Response.Type.DEAL_SETTLED),
            toSeller.stream().map(Response::type).toList(),
            "the seller's session had its hold as an answer, the operator's release and the settlement as pushes; the bystander nothing");
    }

    @Test
    void shouldAnswerAVersion2SessionCommandResultAndNeverPushItAHold() throws Exception
    {
        final GatewayClient buyer = f.logOn(BANK_A);
        final long dealId = await(buyer.submitDeal(32, BANK_A, BANK_B, ACME, USD, 5, 500, TODAY, DealType.DVP)).dealId();
        try (RawSession v2 = new RawSession(f.server.port()))
        {
            v2.send(asVersion(2, FrameFactory.logon(BANK_B, secret(BANK_B))));
            assertEquals(2, header(v2.next()).version(), "logged on in version 2");

            // the buyer's hold is not pushed to the seller's version-2 session
            assertEquals(Response.Type.DEAL_HELD, await(buyer.holdDeal(dealId, Side.BUY)).type());
            // its own hold is answered CommandResult OK (it does not know DealHeld)
            v2.send(asVersion(2, frame(HoldDealEncoder.BLOCK_LENGTH, b -> new HoldDealEncoder()
                .wrapAndApplyHeader(b, Frames.SOFH_LENGTH, new MessageHeaderEncoder()).correlationId(77).dealId(dealId)
                .side(io.settlement.protocol.wire.Side.SELL))));
            final UnsafeBuffer answer = v2.next();
            assertEquals(CommandResultDecoder.TEMPLATE_ID, header(answer).templateId(), "no push came before the answer");
            assertEquals(2, header(answer).version());
            final CommandResultDecoder result = new CommandResultDecoder().wrap(answer, Frames.HEADER_LENGTH, CommandResultDecoder.BLOCK_LENGTH, 2);
            assertEquals(77, result.correlationId());
            assertEquals(32, result.refTemplateId());
            assertEquals(io.settlement.protocol.wire.Reason.OK, result.result());

            // its DealReport is version 2's layout: no heldSides
            v2.send(asVersion(2, frame(QueryDealEncoder.BLOCK_LENGTH, b -> new QueryDealEncoder()
                .wrapAndApplyHeader(b, Frames.SOFH_LENGTH, new MessageHeaderEncoder()).correlationId(78).dealId(dealId))));
            final UnsafeBuffer report = v2.next();
            assertEquals(DealReportDecoder.TEMPLATE_ID, header(report).templateId(), "still no push before it");
            assertEquals(2, header(report).version());
            assertEquals(DealReportDecoder.heldSidesEncodingOffset(), header(report).blockLength());
            assertEquals(Frames.HEADER_LENGTH + DealReportDecoder.heldSidesEncodingOffset(), report.capacity());
            assertEquals(dealId, new DealReportDecoder().wrap(report, Frames.HEADER_LENGTH, header(report).blockLength(), 2).dealId());
            assertEquals(3, await(buyer.queryDeal(dealId)).heldSides(), "both sides held, seen in version 3");

            // the buyer's release is not pushed either: the next frame is the answer to the next request
            assertEquals(Response.Type.DEAL_RELEASED, await(buyer.releaseDeal(dealId, Side.BUY)).type());
            v2.send(asVersion(2, FrameFactory.queryPosition(79, BANK_B, USD)));
            assertEquals(PositionReportDecoder.TEMPLATE_ID, header(v2.next()).templateId());
        }
    }

    /** A frame of this build, stamped with an older wire version (the request's layout is the same in versions 2 and 3). */
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
