package io.settlement.engine.api;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The engine's own binary form of a {@link Command}: what the command journal stores, byte for
 * byte. Little-endian, a fixed header then the fields of the command's type only.
 *
 * <pre>
 *   0  u8   type code        ({@link CommandType})
 *   1  u8   format version   ({@link #VERSION})
 *   2  i64  sequence
 *  10  i64  timestampNs
 *  18  i64  submitterId
 *  26  i64  correlationId
 *  34  ...  the type's fields, in the order of {@link #encode}
 * </pre>
 *
 * Stateless; encoding and decoding allocate nothing.
 */
public final class CommandCodec
{
    public static final byte VERSION = 1;
    public static final int HEADER_LENGTH = 34;
    /** No command encodes longer than this; size buffers with it. */
    public static final int MAX_LENGTH = 128;

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private CommandCodec()
    {
    }

    /** @return the number of bytes written at {@code offset}. */
    public static int encode(final Command c, final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putByte(offset, c.type.code());
        buffer.putByte(offset + 1, VERSION);
        buffer.putLong(offset + 2, c.sequence, LE);
        buffer.putLong(offset + 10, c.timestampNs, LE);
        buffer.putLong(offset + 18, c.submitterId, LE);
        buffer.putLong(offset + 26, c.correlationId, LE);
        int p = offset + HEADER_LENGTH;
        switch (c.type)
        {
            case SUBMIT_DEAL:
                buffer.putLong(p, c.clientDealId, LE);
                buffer.putLong(p + 8, c.buyerId, LE);
                buffer.putLong(p + 16, c.sellerId, LE);
                buffer.putInt(p + 24, c.securityId, LE);
                buffer.putInt(p + 28, c.currencyId, LE);
                buffer.putLong(p + 32, c.quantity, LE);
                buffer.putLong(p + 40, c.cashAmount, LE);
                buffer.putInt(p + 48, c.settlementDate, LE);
                buffer.putByte(p + 52, c.dealType);
                p += 53;
                break;
            case CANCEL_DEAL:
            case QUERY_DEAL:
                buffer.putLong(p, c.dealId, LE);
                p += 8;
                break;
            case QUERY_LIMITS:
                buffer.putLong(p, c.participantId, LE);
                p += 8;
                break;
            case QUERY_POSITION:
                buffer.putLong(p, c.participantId, LE);
                buffer.putInt(p + 8, c.instrumentId, LE);
                p += 12;
                break;
            case CREATE_PARTICIPANT:
                buffer.putLong(p, c.participantId, LE);
                buffer.putByte(p + 8, c.role);
                p += 9;
                break;
            case CREATE_INSTRUMENT:
                buffer.putInt(p, c.instrumentId, LE);
                buffer.putByte(p + 4, c.instrumentKind);
                buffer.putBytes(p + 5, c.code, 0, Command.CODE_LENGTH);
                p += 5 + Command.CODE_LENGTH;
                break;
            case DEPOSIT:
            case WITHDRAW:
                buffer.putLong(p, c.participantId, LE);
                buffer.putInt(p + 8, c.instrumentId, LE);
                buffer.putLong(p + 12, c.amount, LE);
                p += 20;
                break;
            case SET_LIMIT:
                buffer.putLong(p, c.participantId, LE);
                buffer.putByte(p + 8, c.limitKind);
                buffer.putLong(p + 9, c.limitKey, LE);
                buffer.putLong(p + 17, c.amount, LE);
                p += 25;
                break;
            case ADVANCE_BUSINESS_DATE:
                buffer.putInt(p, c.businessDate, LE);
                p += 4;
                break;
            case RUN_SETTLEMENT_CYCLE:
            case QUERY_PARTICIPANTS:
                break;
            case SET_RETENTION:
                buffer.putInt(p, c.retainFinishedDays, LE);
                p += 4;
                break;
            default:
                throw new IllegalStateException("no encoding for " + c.type);
        }
        return p - offset;
    }

    /** @return the encoded length a command of this type has. */
    public static int encodedLength(final CommandType type)
    {
        switch (type)
        {
            case SUBMIT_DEAL: return HEADER_LENGTH + 53;
            case CANCEL_DEAL:
            case QUERY_DEAL:
            case QUERY_LIMITS: return HEADER_LENGTH + 8;
            case QUERY_POSITION: return HEADER_LENGTH + 12;
            case CREATE_PARTICIPANT: return HEADER_LENGTH + 9;
            case CREATE_INSTRUMENT: return HEADER_LENGTH + 5 + Command.CODE_LENGTH;
            case DEPOSIT:
            case WITHDRAW: return HEADER_LENGTH + 20;
            case SET_LIMIT: return HEADER_LENGTH + 25;
            case ADVANCE_BUSINESS_DATE:
            case SET_RETENTION: return HEADER_LENGTH + 4;
            case RUN_SETTLEMENT_CYCLE:
            case QUERY_PARTICIPANTS: return HEADER_LENGTH;
            default: throw new IllegalStateException("no encoding for " + type);
        }
    }

    /**
     * Decodes exactly {@code length} bytes into {@code c}.
     *
     * @return true when the bytes are a well-formed command (known type and version, exact length);
     * false leaves {@code c} in an unspecified state.
     */
    public static boolean decode(final DirectBuffer buffer, final int offset, final int length, final Command c)
    {
        if (length < HEADER_LENGTH || buffer.getByte(offset + 1) != VERSION)
        {
            return false;
        }
        final CommandType type = CommandType.fromCode(buffer.getByte(offset));
        if (type == null || encodedLength(type) != length)
        {
            return false;
        }
        c.reset();
        c.type = type;
        c.sequence = buffer.getLong(offset + 2, LE);
        c.timestampNs = buffer.getLong(offset + 10, LE);
        c.submitterId = buffer.getLong(offset + 18, LE);
        c.correlationId = buffer.getLong(offset + 26, LE);
        final int p = offset + HEADER_LENGTH;
        switch (type)
        {
            case SUBMIT_DEAL:
                c.clientDealId = buffer.getLong(p, LE);
                c.buyerId = buffer.getLong(p + 8, LE);
                c.sellerId = buffer.getLong(p + 16, LE);
                c.securityId = buffer.getInt(p + 24, LE);
                c.currencyId = buffer.getInt(p + 28, LE);
                c.quantity = buffer.getLong(p + 32, LE);
                c.cashAmount = buffer.getLong(p + 40, LE);
                c.settlementDate = buffer.getInt(p + 48, LE);
                c.dealType = buffer.getByte(p + 52);
                break;
            case CANCEL_DEAL:
            case QUERY_DEAL:
                c.dealId = buffer.getLong(p, LE);
                break;
            case QUERY_LIMITS:
                c.participantId = buffer.getLong(p, LE);
                break;
            case QUERY_POSITION:
                c.participantId = buffer.getLong(p, LE);
                c.instrumentId = buffer.getInt(p + 8, LE);
                break;
            case CREATE_PARTICIPANT:
                c.participantId = buffer.getLong(p, LE);
                c.role = buffer.getByte(p + 8);
                break;
            case CREATE_INSTRUMENT:
                c.instrumentId = buffer.getInt(p, LE);
                c.instrumentKind = buffer.getByte(p + 4);
                buffer.getBytes(p + 5, c.code, 0, Command.CODE_LENGTH);
                break;
            case DEPOSIT:
            case WITHDRAW:
                c.participantId = buffer.getLong(p, LE);
                c.instrumentId = buffer.getInt(p + 8, LE);
                c.amount = buffer.getLong(p + 12, LE);
                break;
            case SET_LIMIT:
                c.participantId = buffer.getLong(p, LE);
                c.limitKind = buffer.getByte(p + 8);
                c.limitKey = buffer.getLong(p + 9, LE);
                c.amount = buffer.getLong(p + 17, LE);
                break;
            case ADVANCE_BUSINESS_DATE:
                c.businessDate = buffer.getInt(p, LE);
                break;
            case SET_RETENTION:
                c.retainFinishedDays = buffer.getInt(p, LE);
                break;
            default:
                break;
        }
        return true;
    }
}
