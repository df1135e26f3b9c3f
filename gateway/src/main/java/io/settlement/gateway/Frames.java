package io.settlement.gateway;

import io.netty.buffer.ByteBuf;
import io.settlement.protocol.wire.AdvanceBusinessDateDecoder;
import io.settlement.protocol.wire.CancelDealDecoder;
import io.settlement.protocol.wire.CreateInstrumentDecoder;
import io.settlement.protocol.wire.CreateParticipantDecoder;
import io.settlement.protocol.wire.DepositDecoder;
import io.settlement.protocol.wire.HeartbeatDecoder;
import io.settlement.protocol.wire.LiftLockoutDecoder;
import io.settlement.protocol.wire.LogonDecoder;
import io.settlement.protocol.wire.MessageHeaderDecoder;
import io.settlement.protocol.wire.QueryDealDecoder;
import io.settlement.protocol.wire.QueryInstrumentsDecoder;
import io.settlement.protocol.wire.QueryLimitsDecoder;
import io.settlement.protocol.wire.QueryLockoutsDecoder;
import io.settlement.protocol.wire.QueryParticipantsDecoder;
import io.settlement.protocol.wire.QueryPositionDecoder;
import io.settlement.protocol.wire.RunSettlementCycleDecoder;
import io.settlement.protocol.wire.SetLimitDecoder;
import io.settlement.protocol.wire.SubmitDealDecoder;
import io.settlement.protocol.wire.WithdrawDecoder;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * SOFH framing: a uint32 big-endian length of the whole frame (header included), a uint16
 * big-endian encoding type {@link #SBE_LITTLE_ENDIAN}, then the SBE message.
 */
final class Frames
{
    static final int SOFH_LENGTH = 6;
    static final int SBE_LITTLE_ENDIAN = 0xEB50;
    static final int HEADER_LENGTH = SOFH_LENGTH + MessageHeaderDecoder.ENCODED_LENGTH;
    /** Block length per client template id (0: not a request template). */
    private static final int[] REQUEST_BLOCK_LENGTH = new int[32];

    static
    {
        REQUEST_BLOCK_LENGTH[LogonDecoder.TEMPLATE_ID] = LogonDecoder.BLOCK_LENGTH;
        REQUEST_BLOCK_LENGTH[HeartbeatDecoder.TEMPLATE_ID] = HeartbeatDecoder.BLOCK_LENGTH;
        REQUEST_BLOCK_LENGTH[SubmitDealDecoder.TEMPLATE_ID] = SubmitDealDecoder.BLOCK_LENGTH;
        REQUEST_BLOCK_LENGTH[CancelDealDecoder.TEMPLATE_ID] = CancelDealDecoder.BLOCK_LENGTH;
        REQUEST_BLOCK_LENGTH[QueryLimitsDecoder.TEMPLATE_ID] = QueryLimitsDecoder.BLOCK_LENGTH;
        REQUEST_BLOCK_LENGTH[QueryPositionDecoder.TEMPLATE_ID] = QueryPositionDecoder.BLOCK_LENGTH;
        REQUEST_BLOCK_LENGTH[QueryDealDecoder.TEMPLATE_ID] = QueryDealDecoder.BLOCK_LENGTH;
        REQUEST_BLOCK_LENGTH[QueryParticipantsDecoder.TEMPLATE_ID] = QueryParticipantsDecoder.BLOCK_LENGTH;
        REQUEST_BLOCK_LENGTH[QueryInstrumentsDecoder.TEMPLATE_ID] = QueryInstrumentsDecoder.BLOCK_LENGTH;
        REQUEST_BLOCK_LENGTH[CreateParticipantDecoder.TEMPLATE_ID] = CreateParticipantDecoder.BLOCK_LENGTH;
        REQUEST_BLOCK_LENGTH[CreateInstrumentDecoder.TEMPLATE_ID] = CreateInstrumentDecoder.BLOCK_LENGTH;
        REQUEST_BLOCK_LENGTH[DepositDecoder.TEMPLATE_ID] = DepositDecoder.BLOCK_LENGTH;
        REQUEST_BLOCK_LENGTH[WithdrawDecoder.TEMPLATE_ID] = WithdrawDecoder.BLOCK_LENGTH;
        REQUEST_BLOCK_LENGTH[SetLimitDecoder.TEMPLATE_ID] = SetLimitDecoder.BLOCK_LENGTH;
        REQUEST_BLOCK_LENGTH[AdvanceBusinessDateDecoder.TEMPLATE_ID] = AdvanceBusinessDateDecoder.BLOCK_LENGTH;
        REQUEST_BLOCK_LENGTH[RunSettlementCycleDecoder.TEMPLATE_ID] = RunSettlementCycleDecoder.BLOCK_LENGTH;
        // answered by the gateway itself (OperatorRequests), never by the engine
        REQUEST_BLOCK_LENGTH[QueryLockoutsDecoder.TEMPLATE_ID] = QueryLockoutsDecoder.BLOCK_LENGTH;
        REQUEST_BLOCK_LENGTH[LiftLockoutDecoder.TEMPLATE_ID] = LiftLockoutDecoder.BLOCK_LENGTH;
    }

    private Frames()
    {
    }

    /** @return the block length of a request template, or 0 when the id is not a request. */
    static int requestBlockLength(final int templateId)
    {
        return templateId >= 0 && templateId < REQUEST_BLOCK_LENGTH.length ? REQUEST_BLOCK_LENGTH[templateId] : 0;
    }

    /** Points {@code view} at the readable bytes of {@code buf} without copying. */
    static void wrap(final UnsafeBuffer view, final ByteBuf buf)
    {
        if (buf.hasMemoryAddress())
        {
            view.wrap(buf.memoryAddress() + buf.readerIndex(), buf.readableBytes());
        }
        else if (buf.hasArray())
        {
            view.wrap(buf.array(), buf.arrayOffset() + buf.readerIndex(), buf.readableBytes());
        }
        else
        {
            final byte[] copy = new byte[buf.readableBytes()];
            buf.getBytes(buf.readerIndex(), copy);
            view.wrap(copy);
        }
    }
}
