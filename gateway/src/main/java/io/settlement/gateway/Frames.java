package io.settlement.gateway;

import io.netty.buffer.ByteBuf;
import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.CommandType;
import io.settlement.engine.api.RecordFrame;
import io.settlement.protocol.wire.HeartbeatDecoder;
import io.settlement.protocol.wire.LiftLockoutDecoder;
import io.settlement.protocol.wire.LogonDecoder;
import io.settlement.protocol.wire.MessageHeaderDecoder;
import io.settlement.protocol.wire.QueryLockoutsDecoder;
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
    /** The first wire protocol version; the gateway speaks every version from it to the schema's. */
    static final int FIRST_WIRE_VERSION = 1;
    /** Block length per client template id (0: not a request template). */
    private static final int[] REQUEST_BLOCK_LENGTH = new int[64];
    /** As {@link #REQUEST_BLOCK_LENGTH}, for wire protocol version 1 (CreateParticipant, CreateInstrument, SubmitDeal and RunSettlementCycle are shorter). */
    private static final int[] REQUEST_BLOCK_LENGTH_V1 = new int[64];
    /** As {@link #REQUEST_BLOCK_LENGTH}, for wire protocol version 2 (SubmitDeal and RunSettlementCycle are shorter). */
    private static final int[] REQUEST_BLOCK_LENGTH_V2 = new int[64];

    static
    {
        // the gateway's own templates
        REQUEST_BLOCK_LENGTH[LogonDecoder.TEMPLATE_ID] = LogonDecoder.BLOCK_LENGTH;
        REQUEST_BLOCK_LENGTH[HeartbeatDecoder.TEMPLATE_ID] = HeartbeatDecoder.BLOCK_LENGTH;
        // answered by the gateway itself (OperatorRequests), never by the engine
        REQUEST_BLOCK_LENGTH[QueryLockoutsDecoder.TEMPLATE_ID] = QueryLockoutsDecoder.BLOCK_LENGTH;
        REQUEST_BLOCK_LENGTH[LiftLockoutDecoder.TEMPLATE_ID] = LiftLockoutDecoder.BLOCK_LENGTH;
        // every command on the wire: its journal record is the command header's first fields, then
        // the request's block as it came (CommandCodec.fromWire), so the block length follows from it
        for (final CommandType type : CommandType.values())
        {
            if (type.isOnTheWire())
            {
                REQUEST_BLOCK_LENGTH[type.code()] =
                    CommandCodec.encodedLength(type) - RecordFrame.OVERHEAD - CommandCodec.WIRE_BLOCK_OFFSET;
            }
        }
        System.arraycopy(REQUEST_BLOCK_LENGTH, 0, REQUEST_BLOCK_LENGTH_V1, 0, REQUEST_BLOCK_LENGTH.length);
        System.arraycopy(REQUEST_BLOCK_LENGTH, 0, REQUEST_BLOCK_LENGTH_V2, 0, REQUEST_BLOCK_LENGTH.length);
        for (final CommandType type : CommandType.values())
        {
            if (type.isOnTheWire() && CommandCodec.legacyBlockLength(type) > 0)
            {
                // the layout before the version that appended fields, journaled as version 1 wrote it (CommandCodec.fromWire)
                final int legacy = CommandCodec.legacyBlockLength(type) - CommandCodec.WIRE_BLOCK_OFFSET;
                REQUEST_BLOCK_LENGTH_V1[type.code()] = legacy;
                if (CommandCodec.wireLayoutVersion(type) > 2)
                {
                    REQUEST_BLOCK_LENGTH_V2[type.code()] = legacy;
                }
            }
        }
    }

    private Frames()
    {
    }

    /** @return the block length of a request template in this build's wire version, or 0 when the id is not a request. */
    static int requestBlockLength(final int templateId)
    {
        return requestBlockLength(templateId, MessageHeaderDecoder.SCHEMA_VERSION);
    }

    /**
     * @return the block length of a request template in wire protocol {@code version} (1 to 4), or 0 when the
     * id is not a request. A template a version added (HoldDeal and ReleaseDeal, version 3) is taken from a
     * session of an older version too, with the same layout; SubmitDeal from a version-1 or 2 session has
     * the block before version 3's fields.
     */
    static int requestBlockLength(final int templateId, final int version)
    {
        final int[] lengths = version == FIRST_WIRE_VERSION ? REQUEST_BLOCK_LENGTH_V1
            : version == 2 ? REQUEST_BLOCK_LENGTH_V2 : REQUEST_BLOCK_LENGTH;
        return templateId >= 0 && templateId < lengths.length ? lengths[templateId] : 0;
    }

    /** Points {@code view} at {@code length} bytes of {@code buf} from {@code index}, without copying. */
    static void wrap(final UnsafeBuffer view, final ByteBuf buf, final int index, final int length)
    {
        if (buf.hasMemoryAddress())
        {
            view.wrap(buf.memoryAddress() + index, length);
        }
        else if (buf.hasArray())
        {
            view.wrap(buf.array(), buf.arrayOffset() + index, length);
        }
        else
        {
            final byte[] copy = new byte[length];
            buf.getBytes(index, copy);
            view.wrap(copy);
        }
    }
}
