package io.settlement.engine.api;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The engine's own binary form of an {@link Event}: what the event journal stores and what the
 * running event hash covers. Little-endian, a fixed header then the fields of the event's type.
 *
 * <pre>
 *   0  u8   type code        ({@link EventType})
 *   1  u8   format version   ({@link #VERSION})
 *   2  i64  sequence         (of the command that caused it)
 *  10  i64  correlationId
 *  18  i64  submitterId
 *  26  ...  the type's fields, in the order of {@link #encode}
 * </pre>
 *
 * A "deal block" (61 bytes) is shared by DEAL_ACCEPTED, DEAL_SETTLED and DEAL_REPORT: dealId,
 * clientDealId, buyerId, sellerId, securityId i32, currencyId i32, quantity, cashAmount,
 * settlementDate i32, dealType u8.
 *
 * <p>Every event is format {@link #VERSION} (1), with one exception: a CYCLE_SETTLED_VALUE whose
 * value does not fit in an int64 (a cycle settled more than Long.MAX_VALUE in one currency) is
 * written as format {@link #WIDE_VERSION} (2), with the value's high 64 bits ({@code amountHigh})
 * appended: currencyId i32, amount (the low 64 bits) i64, count i64, amountHigh i64. A value that
 * fits keeps the version 1 layout (currencyId, amount, count), byte for byte what earlier versions
 * wrote, so their journals still read and verify; its {@code amountHigh} decodes as the sign of
 * {@code amount}. A record's length follows from its type and version.
 */
public final class EventCodec
{
    public static final byte VERSION = 1;
    /** The format of a CYCLE_SETTLED_VALUE whose value needs more than 64 bits. */
    public static final byte WIDE_VERSION = 2;
    public static final int HEADER_LENGTH = 26;
    public static final int MAX_LENGTH = 128;
    private static final int WIDE_SETTLED_VALUE_LENGTH = HEADER_LENGTH + 28;

    private static final int DEAL_BLOCK_LENGTH = 61;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private EventCodec()
    {
    }

    /** @return true when {@code e} is written in the wide (version 2) layout: a settled value beyond int64. */
    private static boolean isWide(final Event e)
    {
        return e.type == EventType.CYCLE_SETTLED_VALUE && e.amountHigh != (e.amount >> 63);
    }

    /** @return the number of bytes written at {@code offset}. */
    public static int encode(final Event e, final MutableDirectBuffer buffer, final int offset)
    {
        final boolean wide = isWide(e);
        buffer.putByte(offset, e.type.code());
        buffer.putByte(offset + 1, wide ? WIDE_VERSION : VERSION);
        buffer.putLong(offset + 2, e.sequence, LE);
        buffer.putLong(offset + 10, e.correlationId, LE);
        buffer.putLong(offset + 18, e.submitterId, LE);
        final int p = offset + HEADER_LENGTH;
        switch (e.type)
        {
            case DEAL_ACCEPTED:
                encodeDeal(e, buffer, p);
                buffer.putByte(p + DEAL_BLOCK_LENGTH, (byte)e.count);
                break;
            case DEAL_SETTLED:
                encodeDeal(e, buffer, p);
                break;
            case DEAL_REPORT:
                encodeDeal(e, buffer, p);
                buffer.putByte(p + DEAL_BLOCK_LENGTH, e.dealStatus);
                buffer.putByte(p + DEAL_BLOCK_LENGTH + 1, e.reason.code());
                break;
            case DEAL_REJECTED:
                buffer.putLong(p, e.clientDealId, LE);
                buffer.putByte(p + 8, e.reason.code());
                break;
            case DEAL_CANCELLED:
            case DEAL_SETTLEMENT_FAILED:
                buffer.putLong(p, e.dealId, LE);
                buffer.putLong(p + 8, e.clientDealId, LE);
                buffer.putLong(p + 16, e.buyerId, LE);
                buffer.putLong(p + 24, e.sellerId, LE);
                if (e.type == EventType.DEAL_SETTLEMENT_FAILED)
                {
                    buffer.putByte(p + 32, e.reason.code());
                }
                break;
            case CYCLE_SETTLED_VALUE:
                buffer.putInt(p, e.currencyId, LE);
                buffer.putLong(p + 4, e.amount, LE);
                buffer.putLong(p + 12, e.count, LE);
                if (wide)
                {
                    buffer.putLong(p + 20, e.amountHigh, LE);
                    return WIDE_SETTLED_VALUE_LENGTH;
                }
                break;
            case CYCLE_COMPLETED:
                buffer.putInt(p, e.businessDate, LE);
                buffer.putLong(p + 4, e.attempted, LE);
                buffer.putLong(p + 12, e.settled, LE);
                buffer.putLong(p + 20, e.failed, LE);
                break;
            case COMMAND_RESULT:
                buffer.putByte(p, e.commandType);
                buffer.putByte(p + 1, e.reason.code());
                break;
            case LIMIT_SET:
            case LIMIT_LINE:
                buffer.putLong(p, e.participantId, LE);
                buffer.putByte(p + 8, e.limitKind);
                buffer.putLong(p + 9, e.limitKey, LE);
                buffer.putLong(p + 17, e.amount, LE);
                buffer.putLong(p + 25, e.utilised, LE);
                break;
            case POSITION_REPORT:
                buffer.putLong(p, e.participantId, LE);
                buffer.putInt(p + 8, e.instrumentId, LE);
                buffer.putLong(p + 12, e.amount, LE);
                break;
            case LIMITS_REPORT:
                buffer.putLong(p, e.participantId, LE);
                buffer.putLong(p + 8, e.count, LE);
                break;
            case BUSINESS_DATE_ADVANCED:
                buffer.putInt(p, e.businessDate, LE);
                buffer.putLong(p + 4, e.count, LE);
                break;
            case PARTICIPANTS_REPORT:
                buffer.putLong(p, e.count, LE);
                break;
            case PARTICIPANT_LINE:
                buffer.putLong(p, e.participantId, LE);
                buffer.putByte(p + 8, e.role);
                break;
            default:
                throw new IllegalStateException("no encoding for " + e.type);
        }
        return encodedLength(e.type);
    }

    /** @return the length {@link #encode} writes for {@code e} (its type's, or the wide settled value's). */
    public static int encodedLength(final Event e)
    {
        return isWide(e) ? WIDE_SETTLED_VALUE_LENGTH : encodedLength(e.type);
    }

    /** @return the length of a version 1 event of this type. */
    public static int encodedLength(final EventType type)
    {
        switch (type)
        {
            case DEAL_ACCEPTED: return HEADER_LENGTH + DEAL_BLOCK_LENGTH + 1;
            case DEAL_SETTLED: return HEADER_LENGTH + DEAL_BLOCK_LENGTH;
            case DEAL_REPORT: return HEADER_LENGTH + DEAL_BLOCK_LENGTH + 2;
            case DEAL_REJECTED: return HEADER_LENGTH + 9;
            case DEAL_CANCELLED: return HEADER_LENGTH + 32;
            case DEAL_SETTLEMENT_FAILED: return HEADER_LENGTH + 33;
            case CYCLE_SETTLED_VALUE: return HEADER_LENGTH + 20;
            case CYCLE_COMPLETED: return HEADER_LENGTH + 28;
            case COMMAND_RESULT: return HEADER_LENGTH + 2;
            case LIMIT_SET:
            case LIMIT_LINE: return HEADER_LENGTH + 33;
            case POSITION_REPORT: return HEADER_LENGTH + 20;
            case LIMITS_REPORT: return HEADER_LENGTH + 16;
            case BUSINESS_DATE_ADVANCED: return HEADER_LENGTH + 12;
            case PARTICIPANTS_REPORT: return HEADER_LENGTH + 8;
            case PARTICIPANT_LINE: return HEADER_LENGTH + 9;
            default: throw new IllegalStateException("no encoding for " + type);
        }
    }

    /**
     * @return the length of the encoded event at {@code offset}, from its type and version; -1 for an
     * unknown type or a version the type does not have.
     */
    public static int encodedLength(final DirectBuffer buffer, final int offset)
    {
        return encodedLength(EventType.fromCode(buffer.getByte(offset)), buffer.getByte(offset + 1));
    }

    private static int encodedLength(final EventType type, final byte version)
    {
        if (type == null)
        {
            return -1;
        }
        if (version == VERSION)
        {
            return encodedLength(type);
        }
        return version == WIDE_VERSION && type == EventType.CYCLE_SETTLED_VALUE ? WIDE_SETTLED_VALUE_LENGTH : -1;
    }

    /**
     * Decodes exactly {@code length} bytes into {@code e}.
     *
     * @return true when the bytes are a well-formed event; false leaves {@code e} unspecified.
     */
    public static boolean decode(final DirectBuffer buffer, final int offset, final int length, final Event e)
    {
        if (length < HEADER_LENGTH)
        {
            return false;
        }
        final EventType type = EventType.fromCode(buffer.getByte(offset));
        final byte version = buffer.getByte(offset + 1);
        if (type == null || encodedLength(type, version) != length)
        {
            return false;
        }
        e.clear().reset(type, buffer.getLong(offset + 2, LE), buffer.getLong(offset + 10, LE), buffer.getLong(offset + 18, LE));
        final int p = offset + HEADER_LENGTH;
        Reason reason = Reason.OK;
        switch (type)
        {
            case DEAL_ACCEPTED:
                decodeDeal(buffer, p, e);
                e.count = buffer.getByte(p + DEAL_BLOCK_LENGTH);
                break;
            case DEAL_SETTLED:
                decodeDeal(buffer, p, e);
                break;
            case DEAL_REPORT:
                decodeDeal(buffer, p, e);
                e.dealStatus = buffer.getByte(p + DEAL_BLOCK_LENGTH);
                reason = Reason.fromCode(buffer.getByte(p + DEAL_BLOCK_LENGTH + 1));
                break;
            case DEAL_REJECTED:
                e.clientDealId = buffer.getLong(p, LE);
                reason = Reason.fromCode(buffer.getByte(p + 8));
                break;
            case DEAL_CANCELLED:
            case DEAL_SETTLEMENT_FAILED:
                e.dealId = buffer.getLong(p, LE);
                e.clientDealId = buffer.getLong(p + 8, LE);
                e.buyerId = buffer.getLong(p + 16, LE);
                e.sellerId = buffer.getLong(p + 24, LE);
                if (type == EventType.DEAL_SETTLEMENT_FAILED)
                {
                    reason = Reason.fromCode(buffer.getByte(p + 32));
                }
                break;
            case CYCLE_SETTLED_VALUE:
                e.currencyId = buffer.getInt(p, LE);
                e.amount = buffer.getLong(p + 4, LE);
                e.count = buffer.getLong(p + 12, LE);
                e.amountHigh = version == WIDE_VERSION ? buffer.getLong(p + 20, LE) : e.amount >> 63;
                if (version == WIDE_VERSION && e.amountHigh == (e.amount >> 63))
                {
                    return false; // a value that fits is always written narrow: one encoding per event
                }
                break;
            case CYCLE_COMPLETED:
                e.businessDate = buffer.getInt(p, LE);
                e.attempted = buffer.getLong(p + 4, LE);
                e.settled = buffer.getLong(p + 12, LE);
                e.failed = buffer.getLong(p + 20, LE);
                break;
            case COMMAND_RESULT:
                e.commandType = buffer.getByte(p);
                reason = Reason.fromCode(buffer.getByte(p + 1));
                break;
            case LIMIT_SET:
            case LIMIT_LINE:
                e.participantId = buffer.getLong(p, LE);
                e.limitKind = buffer.getByte(p + 8);
                e.limitKey = buffer.getLong(p + 9, LE);
                e.amount = buffer.getLong(p + 17, LE);
                e.utilised = buffer.getLong(p + 25, LE);
                break;
            case POSITION_REPORT:
                e.participantId = buffer.getLong(p, LE);
                e.instrumentId = buffer.getInt(p + 8, LE);
                e.amount = buffer.getLong(p + 12, LE);
                break;
            case LIMITS_REPORT:
                e.participantId = buffer.getLong(p, LE);
                e.count = buffer.getLong(p + 8, LE);
                break;
            case BUSINESS_DATE_ADVANCED:
                e.businessDate = buffer.getInt(p, LE);
                e.count = buffer.getLong(p + 4, LE);
                break;
            case PARTICIPANTS_REPORT:
                e.count = buffer.getLong(p, LE);
                break;
            case PARTICIPANT_LINE:
                e.participantId = buffer.getLong(p, LE);
                e.role = buffer.getByte(p + 8);
                break;
            default:
                return false;
        }
        if (reason == null)
        {
            return false;
        }
        e.reason = reason;
        return true;
    }

    private static void encodeDeal(final Event e, final MutableDirectBuffer buffer, final int p)
    {
        buffer.putLong(p, e.dealId, LE);
        buffer.putLong(p + 8, e.clientDealId, LE);
        buffer.putLong(p + 16, e.buyerId, LE);
        buffer.putLong(p + 24, e.sellerId, LE);
        buffer.putInt(p + 32, e.securityId, LE);
        buffer.putInt(p + 36, e.currencyId, LE);
        buffer.putLong(p + 40, e.quantity, LE);
        buffer.putLong(p + 48, e.cashAmount, LE);
        buffer.putInt(p + 56, e.settlementDate, LE);
        buffer.putByte(p + 60, e.dealType);
    }

    private static void decodeDeal(final DirectBuffer buffer, final int p, final Event e)
    {
        e.dealId = buffer.getLong(p, LE);
        e.clientDealId = buffer.getLong(p + 8, LE);
        e.buyerId = buffer.getLong(p + 16, LE);
        e.sellerId = buffer.getLong(p + 24, LE);
        e.securityId = buffer.getInt(p + 32, LE);
        e.currencyId = buffer.getInt(p + 36, LE);
        e.quantity = buffer.getLong(p + 40, LE);
        e.cashAmount = buffer.getLong(p + 48, LE);
        e.settlementDate = buffer.getInt(p + 56, LE);
        e.dealType = buffer.getByte(p + 60);
    }
}
