package io.settlement.gateway;

import java.nio.ByteOrder;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.settlement.gateway.client.GatewayClient;
import io.settlement.gateway.client.Response;
import io.settlement.gateway.client.sbe.DealStatus;
import io.settlement.gateway.client.sbe.DealType;
import io.settlement.gateway.client.sbe.Reason;
import io.settlement.protocol.wire.DealSettledDecoder;
import io.settlement.protocol.wire.MessageHeaderDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.settlement.gateway.GatewayFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Linked and partial settlement through the gateway and the Java client (wire protocol version 3): the
 * terms go in with SubmitDeal, a part is pushed to both parties as DealPartiallySettled, the final part
 * comes with DealSettled, a deal query shows what has settled, a linked group fails as one. A session of
 * version 2 keeps its layouts: it is not told of parts, and its DealSettled has version 2's block.
 */
class LinkedPartialEndToEndTest
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

    private static Response nextPush(final BlockingQueue<Response> pushes) throws InterruptedException
    {
        final Response push = pushes.poll(10, TimeUnit.SECONDS);
        assertTrue(push != null, "no push arrived");
        return push;
    }

    /** A Logon of wire protocol version 2 (the same block as version 3's, version 2 in its header). */
    private static byte[] logonV2(final long participantId)
    {
        final byte[] frame = FrameFactory.logon(participantId, secret(participantId));
        new UnsafeBuffer(frame).putShort(Frames.SOFH_LENGTH + 6, (short)2, ByteOrder.LITTLE_ENDIAN);
        return frame;
    }

    @Test
    void aPartialDealSettlesInPartsPushedToItsParties() throws Exception
    {
        final GatewayClient buyer = f.logOn(BANK_A);
        final GatewayClient ops = f.logOn(OPS);
        final BlockingQueue<Response> pushes = new LinkedBlockingQueue<>();
        buyer.onPush(pushes::add);
        try (RawSession sellerV2 = new RawSession(f.server.port()))
        {
            sellerV2.send(logonV2(BANK_B));
            assertEquals(2, new MessageHeaderDecoder().wrap(sellerV2.next(), Frames.SOFH_LENGTH).version(), "LogonAccepted in version 2");

            assertEquals(Reason.INVALID_MINIMUM_QUANTITY, await(buyer.submitDeal(1, BANK_A, BANK_B, ACME, USD, 15_000, 150_000, TODAY,
                DealType.DVP, 0, true, 0)).reason());
            final Response accepted = await(buyer.submitDeal(2, BANK_A, BANK_B, ACME, USD, 15_000, 150_000, TODAY,
                DealType.DVP, 0, true, 1_000));
            assertEquals(Response.Type.DEAL_ACCEPTED, accepted.type(), accepted::toString);
            final long dealId = accepted.dealId();

            // B holds 10,000 ACME: a part of 10,000 for 100,000
            assertEquals(Response.Type.COMMAND_RESULT, await(ops.runSettlementCycle()).type());
            final Response part = nextPush(pushes);
            assertEquals(Response.Type.DEAL_PARTIALLY_SETTLED, part.type(), part::toString);
            assertEquals(dealId, part.dealId());
            assertEquals(10_000, part.partQuantity());
            assertEquals(100_000, part.partCash());
            assertEquals(10_000, part.settledQuantity());
            assertEquals(100_000, part.settledCash());
            assertEquals(5_000, part.remainingQuantity());
            assertEquals(Reason.INSUFFICIENT_SECURITIES, part.reason());
            assertTrue(part.isPush());

            final Response report = await(buyer.queryDeal(dealId));
            assertEquals(DealStatus.PENDING, report.status());
            assertTrue(report.partialAllowed());
            assertEquals(1_000, report.minimumQuantity());
            assertEquals(10_000, report.settledQuantity());
            assertEquals(5_000, report.remainingQuantity());
            assertEquals(Reason.INSUFFICIENT_SECURITIES, report.lastFailReason());

            // the rest
            assertEquals(Reason.OK, await(ops.deposit(BANK_B, ACME, 5_000)).result());
            await(ops.runSettlementCycle());
            final Response settled = nextPush(pushes);
            assertEquals(Response.Type.DEAL_SETTLED, settled.type(), settled::toString);
            assertEquals(5_000, settled.partQuantity(), "the final part");
            assertEquals(50_000, settled.partCash());

            // the version-2 seller heard nothing of the part, and gets DealSettled in version 2's layout
            final UnsafeBuffer frame = sellerV2.next();
            final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(frame, Frames.SOFH_LENGTH);
            assertEquals(DealSettledDecoder.TEMPLATE_ID, header.templateId());
            assertEquals(2, header.version());
            assertEquals(DealSettledDecoder.partQuantityEncodingOffset(), header.blockLength(), "dealId, clientDealId, settlementDate");
            assertEquals(Frames.HEADER_LENGTH + header.blockLength(), frame.capacity());
            assertEquals(dealId, new DealSettledDecoder().wrap(frame, Frames.HEADER_LENGTH, header.blockLength(), 2).dealId());

            // a version-2 SubmitDeal (61-byte block) is accepted: unlinked, in full only
            final byte[] v2Deal = java.util.Arrays.copyOf(FrameFactory.submitDeal(9, 77, BANK_A, BANK_B, ACME, USD, 10, 100, TODAY),
                Frames.HEADER_LENGTH + io.settlement.protocol.wire.SubmitDealEncoder.linkIdEncodingOffset());
            final UnsafeBuffer v2 = new UnsafeBuffer(v2Deal);
            ResponseEncoder.writeSofh(v2, 0, v2Deal.length);
            v2.putShort(Frames.SOFH_LENGTH, (short)io.settlement.protocol.wire.SubmitDealEncoder.linkIdEncodingOffset(), ByteOrder.LITTLE_ENDIAN);
            v2.putShort(Frames.SOFH_LENGTH + 6, (short)2, ByteOrder.LITTLE_ENDIAN);
            sellerV2.send(v2Deal);
            final UnsafeBuffer answer = sellerV2.next();
            assertEquals(io.settlement.protocol.wire.DealAcceptedDecoder.TEMPLATE_ID, RawSession.templateId(answer));
            final long v2DealId = new io.settlement.protocol.wire.DealAcceptedDecoder()
                .wrap(answer, Frames.HEADER_LENGTH, io.settlement.protocol.wire.DealAcceptedDecoder.BLOCK_LENGTH, 2).dealId();
            final Response plain = await(buyer.queryDeal(v2DealId));
            assertEquals(0, plain.linkId());
            assertTrue(!plain.partialAllowed());
            assertEquals(10, plain.remainingQuantity());
        }
    }

    @Test
    void aLinkedGroupFailsAsOneThroughTheGateway() throws Exception
    {
        final GatewayClient buyer = f.logOn(BANK_A);
        final GatewayClient ops = f.logOn(OPS);
        final BlockingQueue<Response> pushes = new LinkedBlockingQueue<>();
        buyer.onPush(pushes::add);
        // A buys from B (who holds ACME) and from C (who holds none), all or none
        final long fromB = await(buyer.submitDeal(10, BANK_A, BANK_B, ACME, USD, 100, 1_000, TODAY, DealType.DVP, 9, false, 0)).dealId();
        final long fromC = await(buyer.submitDeal(11, BANK_A, BROKER_C, ACME, USD, 100, 1_000, TODAY, DealType.DVP, 9, false, 0)).dealId();
        await(ops.runSettlementCycle());
        final Response first = nextPush(pushes);
        final Response second = nextPush(pushes);
        assertEquals(Response.Type.DEAL_SETTLEMENT_FAILED, first.type(), first::toString);
        assertEquals(fromB, first.dealId());
        assertEquals(Reason.LINKED_DEAL_FAILED, first.reason());
        assertEquals(fromC, second.dealId());
        assertEquals(Reason.INSUFFICIENT_SECURITIES, second.reason());
        assertEquals(9, await(buyer.queryDeal(fromB)).linkId());

        assertEquals(Reason.OK, await(ops.deposit(BROKER_C, ACME, 100)).result());
        await(ops.runSettlementCycle());
        assertEquals(Response.Type.DEAL_SETTLED, nextPush(pushes).type());
        assertEquals(Response.Type.DEAL_SETTLED, nextPush(pushes).type());
    }
}
