package io.settlement.gateway.client;

import java.nio.ByteOrder;
import java.util.function.Function;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.settlement.gateway.client.sbe.AdvanceBusinessDateDecoder;
import io.settlement.gateway.client.sbe.CancelDealDecoder;
import io.settlement.gateway.client.sbe.CreateInstrumentDecoder;
import io.settlement.gateway.client.sbe.CycleMode;
import io.settlement.gateway.client.sbe.CreateParticipantDecoder;
import io.settlement.gateway.client.sbe.DealType;
import io.settlement.gateway.client.sbe.DepositDecoder;
import io.settlement.gateway.client.sbe.HeartbeatDecoder;
import io.settlement.gateway.client.sbe.HoldDealDecoder;
import io.settlement.gateway.client.sbe.InstrumentKind;
import io.settlement.gateway.client.sbe.LiftLockoutDecoder;
import io.settlement.gateway.client.sbe.LimitKind;
import io.settlement.gateway.client.sbe.LockoutKind;
import io.settlement.gateway.client.sbe.LogonDecoder;
import io.settlement.gateway.client.sbe.MessageHeaderDecoder;
import io.settlement.gateway.client.sbe.QueryDealDecoder;
import io.settlement.gateway.client.sbe.QueryLimitsDecoder;
import io.settlement.gateway.client.sbe.QueryLockoutsDecoder;
import io.settlement.gateway.client.sbe.QueryInstrumentsDecoder;
import io.settlement.gateway.client.sbe.QueryParticipantsDecoder;
import io.settlement.gateway.client.sbe.QueryPositionDecoder;
import io.settlement.gateway.client.sbe.ReleaseDealDecoder;
import io.settlement.gateway.client.sbe.Role;
import io.settlement.gateway.client.sbe.RunSettlementCycleDecoder;
import io.settlement.gateway.client.sbe.SetLimitDecoder;
import io.settlement.gateway.client.sbe.Side;
import io.settlement.gateway.client.sbe.SubmitDealDecoder;
import io.settlement.gateway.client.sbe.WithdrawDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestEncoderTest
{
    private final RequestEncoder encoder = new RequestEncoder();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();

    /** Heap buffers from ioBuffer: the encoder writes into the backing array. */
    private static final ByteBufAllocator HEAP = new AbstractByteBufAllocator(false)
    {
        @Override
        protected ByteBuf newHeapBuffer(final int initialCapacity, final int maxCapacity)
        {
            return Unpooled.buffer(initialCapacity, maxCapacity);
        }

        @Override
        protected ByteBuf newDirectBuffer(final int initialCapacity, final int maxCapacity)
        {
            return Unpooled.buffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled()
        {
            return false;
        }
    };

    /** Buffers with neither an array nor an address: the encoder goes through its scratch array. */
    private static final ByteBufAllocator COMPOSITE = new AbstractByteBufAllocator(false)
    {
        @Override
        protected ByteBuf newHeapBuffer(final int initialCapacity, final int maxCapacity)
        {
            return newDirectBuffer(initialCapacity, maxCapacity);
        }

        @Override
        protected ByteBuf newDirectBuffer(final int initialCapacity, final int maxCapacity)
        {
            final int half = initialCapacity / 2;
            return Unpooled.compositeBuffer().addComponents(false,
                Unpooled.buffer(half).writerIndex(half),
                Unpooled.buffer(initialCapacity - half).writerIndex(initialCapacity - half));
        }

        @Override
        public boolean isDirectBufferPooled()
        {
            return false;
        }
    };

    private static final ByteBufAllocator[] ALLOCATORS =
        {UnpooledByteBufAllocator.DEFAULT, ByteBufAllocator.DEFAULT, HEAP, COMPOSITE};

    /** Encodes with every kind of buffer, checks the frames agree and the SOFH and header, returns the bytes. */
    private byte[] encode(final Function<ByteBufAllocator, ByteBuf> encode, final int templateId, final int blockLength)
    {
        byte[] first = null;
        for (final ByteBufAllocator alloc : ALLOCATORS)
        {
            final ByteBuf frame = encode.apply(alloc);
            try
            {
                final byte[] bytes = ByteBufUtil.getBytes(frame);
                if (first == null)
                {
                    first = bytes;
                }
                assertArrayEquals(first, bytes, "the same frame from " + frame.getClass().getSimpleName());
            }
            finally
            {
                frame.release();
            }
        }
        assertTrue(HEAP.ioBuffer(8).hasArray());
        assertFalse(COMPOSITE.ioBuffer(8).hasArray());
        final UnsafeBuffer b = new UnsafeBuffer(first);
        assertEquals(14 + blockLength, first.length);
        assertEquals(first.length, b.getInt(0, ByteOrder.BIG_ENDIAN), "SOFH length, big-endian, header included");
        assertEquals((byte)0xEB, first[4]);
        assertEquals((byte)0x50, first[5]);
        header.wrap(b, 6);
        assertEquals(blockLength, header.blockLength());
        assertEquals(templateId, header.templateId());
        assertEquals(1, header.schemaId());
        assertEquals(4, header.version(), "the client speaks wire protocol version 4");
        return first;
    }

    @Test
    void submitDealIsA92ByteFrame()
    {
        final byte[] f = encode(a -> encoder.submitDeal(a, 7, 8, 1, 2, 10, 20, 100, 5_000, 20260105, DealType.DVP),
            SubmitDealDecoder.TEMPLATE_ID, SubmitDealDecoder.BLOCK_LENGTH);
        assertEquals(92, f.length, "version 2's 75 bytes, then linkId, partialAllowed and minimumQuantity");
        final SubmitDealDecoder d = new SubmitDealDecoder().wrapAndApplyHeader(new UnsafeBuffer(f), 6, header);
        assertEquals(7, d.correlationId());
        assertEquals(8, d.clientDealId());
        assertEquals(1, d.buyerId());
        assertEquals(2, d.sellerId());
        assertEquals(10, d.securityId());
        assertEquals(20, d.currencyId());
        assertEquals(100, d.quantity());
        assertEquals(5_000, d.cashAmount());
        assertEquals(20260105, d.settlementDate());
        assertEquals(DealType.DVP, d.dealType());
        assertEquals(0, d.linkId(), "not linked");
        assertEquals(0, d.partialAllowed(), "in full only");
        assertEquals(0, d.minimumQuantity());

        final byte[] withTerms = encode(a -> encoder.submitDeal(a, 7, 8, 1, 2, 10, 20, 100, 5_000, 20260105, DealType.DVP,
            -42, true, 25), SubmitDealDecoder.TEMPLATE_ID, SubmitDealDecoder.BLOCK_LENGTH);
        final SubmitDealDecoder t = new SubmitDealDecoder().wrapAndApplyHeader(new UnsafeBuffer(withTerms), 6, header);
        assertEquals(-42, t.linkId());
        assertEquals(1, t.partialAllowed());
        assertEquals(25, t.minimumQuantity());
    }

    @Test
    void logonSecretIsAsciiZeroPadded()
    {
        final byte[] f = encode(a -> encoder.logon(a, 1, 42, "abc"), LogonDecoder.TEMPLATE_ID, LogonDecoder.BLOCK_LENGTH);
        final LogonDecoder d = new LogonDecoder().wrapAndApplyHeader(new UnsafeBuffer(f), 6, header);
        assertEquals(1, d.correlationId());
        assertEquals(42, d.participantId());
        final byte[] secret = new byte[32];
        d.getSecret(secret, 0);
        final byte[] expected = new byte[32];
        expected[0] = 'a';
        expected[1] = 'b';
        expected[2] = 'c';
        assertArrayEquals(expected, secret);

        final String max = "x".repeat(32);
        encoder.logon(UnpooledByteBufAllocator.DEFAULT, 1, 42, max).release();
        assertThrows(IllegalArgumentException.class, () -> encoder.logon(HEAP, 1, 42, max + "x"));
        assertThrows(IllegalArgumentException.class, () -> encoder.logon(HEAP, 1, 42, "caf\u00e9"));
        assertThrows(NullPointerException.class, () -> encoder.logon(HEAP, 1, 42, null));
    }

    @Test
    void everyOtherRequestCarriesItsFields()
    {
        final MessageHeaderDecoder h = header;
        byte[] f = encode(a -> encoder.heartbeat(a, 3), HeartbeatDecoder.TEMPLATE_ID, HeartbeatDecoder.BLOCK_LENGTH);
        assertEquals(3, new HeartbeatDecoder().wrapAndApplyHeader(new UnsafeBuffer(f), 6, h).correlationId());

        f = encode(a -> encoder.cancelDeal(a, 3, 99), CancelDealDecoder.TEMPLATE_ID, CancelDealDecoder.BLOCK_LENGTH);
        assertEquals(99, new CancelDealDecoder().wrapAndApplyHeader(new UnsafeBuffer(f), 6, h).dealId());

        f = encode(a -> encoder.holdDeal(a, 3, 99, Side.SELL), HoldDealDecoder.TEMPLATE_ID, HoldDealDecoder.BLOCK_LENGTH);
        final HoldDealDecoder hold = new HoldDealDecoder().wrapAndApplyHeader(new UnsafeBuffer(f), 6, h);
        assertEquals(99, hold.dealId());
        assertEquals(Side.SELL, hold.side());
        assertEquals(32, HoldDealDecoder.TEMPLATE_ID);
        assertEquals(8 + 8 + 1, HoldDealDecoder.BLOCK_LENGTH, "correlationId, dealId, side");

        f = encode(a -> encoder.releaseDeal(a, 3, 98, Side.BUY), ReleaseDealDecoder.TEMPLATE_ID, ReleaseDealDecoder.BLOCK_LENGTH);
        final ReleaseDealDecoder release = new ReleaseDealDecoder().wrapAndApplyHeader(new UnsafeBuffer(f), 6, h);
        assertEquals(98, release.dealId());
        assertEquals(Side.BUY, release.side());
        assertEquals(33, ReleaseDealDecoder.TEMPLATE_ID);

        f = encode(a -> encoder.queryLimits(a, 3, 42), QueryLimitsDecoder.TEMPLATE_ID, QueryLimitsDecoder.BLOCK_LENGTH);
        assertEquals(42, new QueryLimitsDecoder().wrapAndApplyHeader(new UnsafeBuffer(f), 6, h).participantId());

        f = encode(a -> encoder.queryPosition(a, 3, 42, 10), QueryPositionDecoder.TEMPLATE_ID,
            QueryPositionDecoder.BLOCK_LENGTH);
        final QueryPositionDecoder qp = new QueryPositionDecoder().wrapAndApplyHeader(new UnsafeBuffer(f), 6, h);
        assertEquals(42, qp.participantId());
        assertEquals(10, qp.instrumentId());

        f = encode(a -> encoder.queryDeal(a, 3, 99), QueryDealDecoder.TEMPLATE_ID, QueryDealDecoder.BLOCK_LENGTH);
        assertEquals(99, new QueryDealDecoder().wrapAndApplyHeader(new UnsafeBuffer(f), 6, h).dealId());

        f = encode(a -> encoder.queryParticipants(a, 3), QueryParticipantsDecoder.TEMPLATE_ID,
            QueryParticipantsDecoder.BLOCK_LENGTH);
        assertEquals(15, QueryParticipantsDecoder.TEMPLATE_ID);
        assertEquals(8 + 14, f.length, "correlationId only, after SOFH and SBE headers");

        f = encode(a -> encoder.queryInstruments(a, 3), QueryInstrumentsDecoder.TEMPLATE_ID,
            QueryInstrumentsDecoder.BLOCK_LENGTH);
        assertEquals(16, QueryInstrumentsDecoder.TEMPLATE_ID);
        assertEquals(8 + 14, f.length, "correlationId only, after SOFH and SBE headers");
        assertEquals(3, new QueryInstrumentsDecoder().wrapAndApplyHeader(new UnsafeBuffer(f), 6, h).correlationId());

        f = encode(a -> encoder.createParticipant(a, 3, 43, Role.OPERATOR, "Операционный отдел", "OPS"),
            CreateParticipantDecoder.TEMPLATE_ID, CreateParticipantDecoder.BLOCK_LENGTH);
        final CreateParticipantDecoder cp = new CreateParticipantDecoder().wrapAndApplyHeader(new UnsafeBuffer(f), 6, h);
        assertEquals(43, cp.participantId());
        assertEquals(Role.OPERATOR, cp.role());
        assertEquals("Операционный отдел", cp.name(), "UTF-8");
        assertEquals("OPS", cp.shortCode());
        assertEquals(0, f[f.length - 1], "short code zero padded");

        f = encode(a -> encoder.createInstrument(a, 3, 11, InstrumentKind.CURRENCY, "EUR", "", "Euro", 2),
            CreateInstrumentDecoder.TEMPLATE_ID, CreateInstrumentDecoder.BLOCK_LENGTH);
        final CreateInstrumentDecoder ci = new CreateInstrumentDecoder().wrapAndApplyHeader(new UnsafeBuffer(f), 6, h);
        assertEquals(11, ci.instrumentId());
        assertEquals(InstrumentKind.CURRENCY, ci.kind());
        assertEquals("EUR", ci.code());
        assertEquals("", ci.isin());
        assertEquals("Euro", ci.name());
        assertEquals(2, f[f.length - 1], "minor units last");

        f = encode(a -> encoder.deposit(a, 3, 42, 10, 500), DepositDecoder.TEMPLATE_ID, DepositDecoder.BLOCK_LENGTH);
        final DepositDecoder dep = new DepositDecoder().wrapAndApplyHeader(new UnsafeBuffer(f), 6, h);
        assertEquals(42, dep.participantId());
        assertEquals(10, dep.instrumentId());
        assertEquals(500, dep.amount());

        f = encode(a -> encoder.withdraw(a, 3, 42, 10, 400), WithdrawDecoder.TEMPLATE_ID, WithdrawDecoder.BLOCK_LENGTH);
        final WithdrawDecoder wd = new WithdrawDecoder().wrapAndApplyHeader(new UnsafeBuffer(f), 6, h);
        assertEquals(42, wd.participantId());
        assertEquals(10, wd.instrumentId());
        assertEquals(400, wd.amount());

        f = encode(a -> encoder.setLimit(a, 3, 42, LimitKind.COUNTERPARTY, 43, 1_000), SetLimitDecoder.TEMPLATE_ID,
            SetLimitDecoder.BLOCK_LENGTH);
        final SetLimitDecoder sl = new SetLimitDecoder().wrapAndApplyHeader(new UnsafeBuffer(f), 6, h);
        assertEquals(42, sl.participantId());
        assertEquals(LimitKind.COUNTERPARTY, sl.limitKind());
        assertEquals(43, sl.key());
        assertEquals(1_000, sl.amount());

        f = encode(a -> encoder.advanceBusinessDate(a, 3, 20260103), AdvanceBusinessDateDecoder.TEMPLATE_ID,
            AdvanceBusinessDateDecoder.BLOCK_LENGTH);
        assertEquals(20260103,
            new AdvanceBusinessDateDecoder().wrapAndApplyHeader(new UnsafeBuffer(f), 6, h).businessDate());

        f = encode(a -> encoder.runSettlementCycle(a, 3, CycleMode.NETTED), RunSettlementCycleDecoder.TEMPLATE_ID,
            RunSettlementCycleDecoder.BLOCK_LENGTH);
        final RunSettlementCycleDecoder cycle = new RunSettlementCycleDecoder().wrapAndApplyHeader(new UnsafeBuffer(f), 6, h);
        assertEquals(3, cycle.correlationId());
        assertEquals(CycleMode.NETTED, cycle.mode());
    }

    @Test
    void lockoutRequestsCarryTheirKey()
    {
        byte[] f = encode(a -> encoder.queryLockouts(a, 5), QueryLockoutsDecoder.TEMPLATE_ID,
            QueryLockoutsDecoder.BLOCK_LENGTH);
        assertEquals(30, QueryLockoutsDecoder.TEMPLATE_ID);
        assertEquals(8 + 14, f.length, "correlationId only, after SOFH and SBE headers");
        assertEquals(5, new QueryLockoutsDecoder().wrapAndApplyHeader(new UnsafeBuffer(f), 6, header).correlationId());

        f = encode(a -> encoder.liftLockout(a, 6, LockoutKind.PARTICIPANT, 42, ""), LiftLockoutDecoder.TEMPLATE_ID,
            LiftLockoutDecoder.BLOCK_LENGTH);
        assertEquals(31, LiftLockoutDecoder.TEMPLATE_ID);
        assertEquals(14 + 8 + 1 + 8 + 48, f.length, "correlationId, kind, participantId, address char[48]");
        LiftLockoutDecoder d = new LiftLockoutDecoder().wrapAndApplyHeader(new UnsafeBuffer(f), 6, header);
        assertEquals(6, d.correlationId());
        assertEquals(LockoutKind.PARTICIPANT, d.kind());
        assertEquals(42, d.participantId());
        assertArrayEquals(new byte[48], java.util.Arrays.copyOfRange(f, f.length - 48, f.length), "no address: all zero");

        f = encode(a -> encoder.liftLockout(a, 7, LockoutKind.ADDRESS, 0, "10.0.0.5"), LiftLockoutDecoder.TEMPLATE_ID,
            LiftLockoutDecoder.BLOCK_LENGTH);
        d = new LiftLockoutDecoder().wrapAndApplyHeader(new UnsafeBuffer(f), 6, header);
        assertEquals(7, d.correlationId());
        assertEquals(LockoutKind.ADDRESS, d.kind());
        assertEquals(0, d.participantId());
        assertEquals("10.0.0.5", d.address());
        assertEquals((byte)'5', f[f.length - 48 + 7]);
        assertArrayEquals(new byte[40], java.util.Arrays.copyOfRange(f, f.length - 40, f.length), "address zero padded");

        final String longest = "0000:0000:0000:0000:0000:ffff:255.255.255.255abc"; // 48 characters
        assertEquals(48, longest.length());
        f = encode(a -> encoder.liftLockout(a, 8, LockoutKind.ADDRESS, 0, longest), LiftLockoutDecoder.TEMPLATE_ID,
            LiftLockoutDecoder.BLOCK_LENGTH);
        assertEquals(longest, new LiftLockoutDecoder().wrapAndApplyHeader(new UnsafeBuffer(f), 6, header).address());
        assertThrows(IllegalArgumentException.class,
            () -> encoder.liftLockout(HEAP, 9, LockoutKind.ADDRESS, 0, longest + "1"));
        assertThrows(IllegalArgumentException.class, () -> encoder.liftLockout(HEAP, 9, LockoutKind.ADDRESS, 0, "fé::1"));
        assertThrows(NullPointerException.class, () -> encoder.liftLockout(HEAP, 9, LockoutKind.ADDRESS, 0, null));
        assertThrows(NullPointerException.class, () -> encoder.liftLockout(HEAP, 9, null, 1, ""));
    }

    @Test
    void enumNullValueIsSentAsCode255ButNullIsRefused()
    {
        final byte[] f = encode(a -> encoder.createParticipant(a, 3, 43, Role.NULL_VAL, "X", "X"),
            CreateParticipantDecoder.TEMPLATE_ID, CreateParticipantDecoder.BLOCK_LENGTH);
        assertEquals((byte)255, f[14 + CreateParticipantDecoder.roleEncodingOffset()]);

        assertThrows(NullPointerException.class, () -> encoder.createParticipant(HEAP, 3, 43, null, "X", "X"));
        assertThrows(IllegalArgumentException.class, () -> encoder.createParticipant(HEAP, 3, 43, Role.MEMBER, "Я".repeat(33), "X"),
            "66 bytes of UTF-8");
        assertThrows(NullPointerException.class,
            () -> encoder.submitDeal(HEAP, 1, 1, 1, 2, 3, 4, 5, 6, 20260101, null));
        assertThrows(NullPointerException.class, () -> encoder.setLimit(HEAP, 1, 1, null, 1, 1));
        assertThrows(NullPointerException.class, () -> encoder.createInstrument(HEAP, 1, 1, null, "X", "", "X", 0));
        assertThrows(IllegalArgumentException.class,
            () -> encoder.createInstrument(HEAP, 1, 1, InstrumentKind.SECURITY, "THIRTEENCHARS", "", "X", 0));
        encoder.createInstrument(HEAP, 1, 1, InstrumentKind.SECURITY, "", "", "", 0).release(); // the gateway judges
    }
}
