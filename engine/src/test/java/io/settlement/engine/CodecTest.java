package io.settlement.engine;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.CommandType;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.EventType;
import io.settlement.engine.api.Reason;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link CommandCodec} and {@link EventCodec}: every type round-trips (fields and bytes), the bytes
 * written are exactly {@code encodedLength}, lengths stay within MAX_LENGTH, and malformed input
 * (wrong version, unknown type, wrong length) is refused.
 *
 * <p>The fields each type carries are listed here, from the protocol (DESIGN.md section 5) and the
 * codecs' documentation; a type's other fields are left zero, so that a decoded copy can be compared
 * field by field with the original.
 */
class CodecTest
{
    private static final String[] DEAL_BLOCK = {
        "dealId", "clientDealId", "buyerId", "sellerId", "securityId", "currencyId", "quantity", "cashAmount",
        "settlementDate", "dealType"};

    private static final Map<CommandType, String[]> COMMAND_FIELDS = new EnumMap<>(CommandType.class);
    private static final Map<EventType, String[]> EVENT_FIELDS = new EnumMap<>(EventType.class);

    static
    {
        COMMAND_FIELDS.put(CommandType.SUBMIT_DEAL, new String[] {
            "clientDealId", "buyerId", "sellerId", "securityId", "currencyId", "quantity", "cashAmount",
            "settlementDate", "dealType"});
        COMMAND_FIELDS.put(CommandType.CANCEL_DEAL, new String[] {"dealId"});
        COMMAND_FIELDS.put(CommandType.QUERY_DEAL, new String[] {"dealId"});
        COMMAND_FIELDS.put(CommandType.QUERY_LIMITS, new String[] {"participantId"});
        COMMAND_FIELDS.put(CommandType.QUERY_PARTICIPANTS, new String[] {});
        COMMAND_FIELDS.put(CommandType.QUERY_POSITION, new String[] {"participantId", "instrumentId"});
        COMMAND_FIELDS.put(CommandType.CREATE_PARTICIPANT, new String[] {"participantId", "role"});
        COMMAND_FIELDS.put(CommandType.CREATE_INSTRUMENT, new String[] {"instrumentId", "instrumentKind", "code"});
        COMMAND_FIELDS.put(CommandType.DEPOSIT, new String[] {"participantId", "instrumentId", "amount"});
        COMMAND_FIELDS.put(CommandType.WITHDRAW, new String[] {"participantId", "instrumentId", "amount"});
        COMMAND_FIELDS.put(CommandType.SET_LIMIT, new String[] {"participantId", "limitKind", "limitKey", "amount"});
        COMMAND_FIELDS.put(CommandType.ADVANCE_BUSINESS_DATE, new String[] {"businessDate"});
        COMMAND_FIELDS.put(CommandType.RUN_SETTLEMENT_CYCLE, new String[] {});
        COMMAND_FIELDS.put(CommandType.SET_RETENTION, new String[] {"retainFinishedDays"});

        EVENT_FIELDS.put(EventType.DEAL_ACCEPTED, concat(DEAL_BLOCK, "count"));
        EVENT_FIELDS.put(EventType.DEAL_SETTLED, DEAL_BLOCK);
        EVENT_FIELDS.put(EventType.DEAL_REPORT, concat(DEAL_BLOCK, "dealStatus", "reason"));
        EVENT_FIELDS.put(EventType.DEAL_REJECTED, new String[] {"clientDealId", "reason"});
        EVENT_FIELDS.put(EventType.DEAL_CANCELLED, new String[] {"dealId", "clientDealId", "buyerId", "sellerId"});
        EVENT_FIELDS.put(EventType.DEAL_SETTLEMENT_FAILED, new String[] {"dealId", "clientDealId", "buyerId", "sellerId", "reason"});
        EVENT_FIELDS.put(EventType.CYCLE_SETTLED_VALUE, new String[] {"currencyId", "amount", "count", "amountHigh"});
        EVENT_FIELDS.put(EventType.CYCLE_COMPLETED, new String[] {"businessDate", "attempted", "settled", "failed"});
        EVENT_FIELDS.put(EventType.COMMAND_RESULT, new String[] {"commandType", "reason"});
        EVENT_FIELDS.put(EventType.LIMIT_SET, new String[] {"participantId", "limitKind", "limitKey", "amount", "utilised"});
        EVENT_FIELDS.put(EventType.LIMIT_LINE, new String[] {"participantId", "limitKind", "limitKey", "amount", "utilised"});
        EVENT_FIELDS.put(EventType.POSITION_REPORT, new String[] {"participantId", "instrumentId", "amount"});
        EVENT_FIELDS.put(EventType.LIMITS_REPORT, new String[] {"participantId", "count"});
        EVENT_FIELDS.put(EventType.BUSINESS_DATE_ADVANCED, new String[] {"businessDate", "count"});
        EVENT_FIELDS.put(EventType.PARTICIPANTS_REPORT, new String[] {"count"});
        EVENT_FIELDS.put(EventType.PARTICIPANT_LINE, new String[] {"participantId", "role"});
    }

    private static String[] concat(final String[] a, final String... b)
    {
        final String[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private final Random random = new Random(0xC0DEC);

    // ------------------------------------------------------------------ random values

    /** A random long with a bias to the extremes that break careless encodings. */
    private long anyLong()
    {
        switch (random.nextInt(8))
        {
            case 0: return 0;
            case 1: return Long.MAX_VALUE;
            case 2: return Long.MIN_VALUE;
            case 3: return -1;
            case 4: return random.nextInt(1000);
            default: return random.nextLong();
        }
    }

    private void setRandom(final Object target, final String name) throws ReflectiveOperationException
    {
        final Field f = target.getClass().getField(name);
        final Class<?> t = f.getType();
        if (t == long.class)
        {
            f.setLong(target, anyLong());
        }
        else if (t == int.class)
        {
            f.setInt(target, (int)anyLong());
        }
        else if (t == byte.class)
        {
            f.setByte(target, (byte)anyLong());
        }
        else if (t == byte[].class)
        {
            random.nextBytes((byte[])f.get(target)); // any bytes: the codec is not the place that validates codes
        }
        else if (t == Reason.class)
        {
            f.set(target, Reason.values()[random.nextInt(Reason.values().length)]);
        }
        else
        {
            fail("no random value for " + t + " " + name);
        }
    }

    /** Every public instance field of both objects, compared; arrays by content. */
    private static void assertSameFields(final Object expected, final Object actual, final String what)
        throws IllegalAccessException
    {
        for (final Field f : expected.getClass().getFields())
        {
            if (Modifier.isStatic(f.getModifiers()))
            {
                continue;
            }
            final Object e = f.get(expected);
            final Object a = f.get(actual);
            if (e instanceof byte[])
            {
                assertArrayEquals((byte[])e, (byte[])a, what + ": field " + f.getName());
            }
            else
            {
                assertEquals(e, a, what + ": field " + f.getName());
            }
        }
    }

    private Command randomCommand(final CommandType type) throws ReflectiveOperationException
    {
        final Command c = new Command().reset();
        c.type = type;
        c.sequence = anyLong();
        c.timestampNs = anyLong();
        c.submitterId = anyLong();
        c.correlationId = anyLong();
        for (final String name : COMMAND_FIELDS.get(type))
        {
            setRandom(c, name);
        }
        return c;
    }

    private Event randomEvent(final EventType type) throws ReflectiveOperationException
    {
        final Event e = new Event().reset(type, anyLong(), anyLong(), anyLong());
        for (final String name : EVENT_FIELDS.get(type))
        {
            setRandom(e, name);
        }
        if (type == EventType.DEAL_ACCEPTED)
        {
            e.count = random.nextInt(2); // 0: a new deal; 1: an idempotent repeat (encoded as one byte)
        }
        return e;
    }

    private static byte[] bytes(final UnsafeBuffer buffer, final int offset, final int length)
    {
        final byte[] b = new byte[length];
        buffer.getBytes(offset, b);
        return b;
    }

    // ------------------------------------------------------------------ tests

    @Test
    void everyTypeIsCovered()
    {
        for (final CommandType type : CommandType.values())
        {
            assertTrue(COMMAND_FIELDS.containsKey(type), "no field list for command " + type);
        }
        for (final EventType type : EventType.values())
        {
            assertTrue(EVENT_FIELDS.containsKey(type), "no field list for event " + type);
        }
    }

    @Test
    void everyCommandTypeRoundTrips() throws ReflectiveOperationException
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CommandCodec.MAX_LENGTH + 64]);
        final UnsafeBuffer again = new UnsafeBuffer(new byte[CommandCodec.MAX_LENGTH + 64]);
        for (final CommandType type : CommandType.values())
        {
            for (int i = 0; i < 300; i++)
            {
                final Command original = randomCommand(type);
                final int offset = random.nextInt(64);
                final int length = CommandCodec.encode(original, buffer, offset);
                assertEquals(CommandCodec.encodedLength(type), length, type + ": encode's length");

                final Command decoded = new Command();
                assertTrue(CommandCodec.decode(buffer, offset, length, decoded), type + ": decode");
                assertSameFields(original, decoded, type.toString());

                final int length2 = CommandCodec.encode(decoded, again, 0);
                assertEquals(length, length2);
                assertArrayEquals(bytes(buffer, offset, length), bytes(again, 0, length2), type + ": re-encoding");
            }
        }
    }

    @Test
    void everyEventTypeRoundTrips() throws ReflectiveOperationException
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[EventCodec.MAX_LENGTH + 64]);
        final UnsafeBuffer again = new UnsafeBuffer(new byte[EventCodec.MAX_LENGTH + 64]);
        for (final EventType type : EventType.values())
        {
            for (int i = 0; i < 300; i++)
            {
                final Event original = randomEvent(type);
                final int offset = random.nextInt(64);
                final int length = EventCodec.encode(original, buffer, offset);
                assertEquals(EventCodec.encodedLength(original), length, type + ": encode's length");
                assertEquals(length, EventCodec.encodedLength(buffer, offset), type + ": length read back from type and version");

                final Event decoded = new Event();
                assertTrue(EventCodec.decode(buffer, offset, length, decoded), type + ": decode");
                assertSameFields(original, decoded, type.toString());

                final int length2 = EventCodec.encode(decoded, again, 0);
                assertEquals(length, length2);
                assertArrayEquals(bytes(buffer, offset, length), bytes(again, 0, length2), type + ": re-encoding");
            }
        }
    }

    /**
     * Encodes into two buffers pre-filled with different sentinels: the bytes that then agree are the
     * ones written, and they must be exactly [offset, offset + encodedLength).
     */
    private static void assertWritesExactly(
        final String what, final int expectedLength, final java.util.function.BiFunction<UnsafeBuffer, Integer, Integer> encode)
    {
        final int size = 256;
        final int offset = 37;
        final UnsafeBuffer a = new UnsafeBuffer(new byte[size]);
        final UnsafeBuffer b = new UnsafeBuffer(new byte[size]);
        a.setMemory(0, size, (byte)0x00);
        b.setMemory(0, size, (byte)0xFF);
        final int lengthA = encode.apply(a, offset);
        final int lengthB = encode.apply(b, offset);
        assertEquals(expectedLength, lengthA, what + ": returned length");
        assertEquals(expectedLength, lengthB, what + ": returned length");
        int first = -1;
        int last = -1;
        for (int i = 0; i < size; i++)
        {
            if (a.getByte(i) == b.getByte(i))
            {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        assertEquals(offset, first, what + ": first byte written");
        assertEquals(offset + expectedLength - 1, last, what + ": last byte written");
        for (int i = first; i <= last; i++)
        {
            assertEquals(a.getByte(i), b.getByte(i), what + ": byte " + (i - offset) + " inside the encoding was not written");
        }
    }

    @Test
    void encodedLengthIsWhatIsWritten() throws ReflectiveOperationException
    {
        for (final CommandType type : CommandType.values())
        {
            final Command c = randomCommand(type);
            assertWritesExactly("command " + type, CommandCodec.encodedLength(type), (buffer, offset) -> CommandCodec.encode(c, buffer, offset));
        }
        for (final EventType type : EventType.values())
        {
            final Event e = randomEvent(type);
            assertWritesExactly("event " + type, EventCodec.encodedLength(e), (buffer, offset) -> EventCodec.encode(e, buffer, offset));
        }
    }

    @Test
    void lengthsAreWithinBounds() throws ReflectiveOperationException
    {
        for (final CommandType type : CommandType.values())
        {
            final int length = CommandCodec.encodedLength(type);
            assertTrue(length >= CommandCodec.HEADER_LENGTH && length <= CommandCodec.MAX_LENGTH, type + ": " + length);
            // a buffer of exactly MAX_LENGTH bytes is always enough
            assertEquals(length, CommandCodec.encode(randomCommand(type), new UnsafeBuffer(new byte[CommandCodec.MAX_LENGTH]), 0));
        }
        for (final EventType type : EventType.values())
        {
            final Event e = randomEvent(type);
            final int length = EventCodec.encodedLength(e);
            assertTrue(length >= EventCodec.HEADER_LENGTH && length <= EventCodec.MAX_LENGTH, type + ": " + length);
            assertEquals(length, EventCodec.encode(e, new UnsafeBuffer(new byte[EventCodec.MAX_LENGTH]), 0));
        }
    }

    @Test
    void commandDecodeRefusesMalformedInput() throws ReflectiveOperationException
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CommandCodec.MAX_LENGTH + 16]);
        final Command slot = new Command();
        for (final CommandType type : CommandType.values())
        {
            final int length = CommandCodec.encode(randomCommand(type), buffer, 0);
            assertTrue(CommandCodec.decode(buffer, 0, length, slot), type + ": well-formed");

            assertFalse(CommandCodec.decode(buffer, 0, length - 1, slot), type + ": one byte short");
            assertFalse(CommandCodec.decode(buffer, 0, length + 1, slot), type + ": one byte long");
            assertFalse(CommandCodec.decode(buffer, 0, 0, slot), type + ": empty");
            assertFalse(CommandCodec.decode(buffer, 0, CommandCodec.HEADER_LENGTH - 1, slot), type + ": shorter than a header");

            for (final byte version : new byte[] {0, CommandCodec.VERSION + 1, -1, 127})
            {
                buffer.putByte(1, version);
                assertFalse(CommandCodec.decode(buffer, 0, length, slot), type + ": version " + version);
            }
            buffer.putByte(1, CommandCodec.VERSION);
            assertTrue(CommandCodec.decode(buffer, 0, length, slot));

            for (final int code : unknownCodes(CommandType.values().length, c -> CommandType.fromCode(c) != null))
            {
                buffer.putByte(0, (byte)code);
                assertFalse(CommandCodec.decode(buffer, 0, length, slot), type + ": type code " + code);
            }
        }
    }

    @Test
    void eventDecodeRefusesMalformedInput() throws ReflectiveOperationException
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[EventCodec.MAX_LENGTH + 16]);
        final Event slot = new Event();
        for (final EventType type : EventType.values())
        {
            final int length = EventCodec.encode(randomEvent(type), buffer, 0);
            assertTrue(EventCodec.decode(buffer, 0, length, slot), type + ": well-formed");

            assertFalse(EventCodec.decode(buffer, 0, length - 1, slot), type + ": one byte short");
            assertFalse(EventCodec.decode(buffer, 0, length + 1, slot), type + ": one byte long");
            assertFalse(EventCodec.decode(buffer, 0, 0, slot), type + ": empty");
            assertFalse(EventCodec.decode(buffer, 0, EventCodec.HEADER_LENGTH - 1, slot), type + ": shorter than a header");

            final byte own = buffer.getByte(1);
            for (final byte version : new byte[] {0, EventCodec.VERSION, EventCodec.WIDE_VERSION, 3, -1, 127})
            {
                if (version != own)
                {
                    buffer.putByte(1, version);
                    assertFalse(EventCodec.decode(buffer, 0, length, slot), type + ": version " + version + " instead of " + own);
                }
            }
            buffer.putByte(1, own);
            assertTrue(EventCodec.decode(buffer, 0, length, slot));

            for (final int code : unknownCodes(EventType.values().length, c -> EventType.fromCode(c) != null))
            {
                buffer.putByte(0, (byte)code);
                assertFalse(EventCodec.decode(buffer, 0, length, slot), type + ": type code " + code);
            }
        }
    }

    /** A reason byte outside the enum makes an event malformed, not an event with a null reason. */
    @Test
    void eventDecodeRefusesAnUndefinedReason()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[EventCodec.MAX_LENGTH]);
        final Event e = new Event().reset(EventType.DEAL_REJECTED, 5, 6, 7);
        e.clientDealId = 77;
        e.reason = Reason.OVERFLOW;
        final int length = EventCodec.encode(e, buffer, 0);
        final Event slot = new Event();
        assertTrue(EventCodec.decode(buffer, 0, length, slot));
        assertEquals(Reason.OVERFLOW, slot.reason);
        for (final int code : new int[] {Reason.values().length, 31, 32, 100, -1})
        {
            buffer.putByte(EventCodec.HEADER_LENGTH + 8, (byte)code);
            assertFalse(EventCodec.decode(buffer, 0, length, slot), "reason code " + code);
        }
    }

    /** Type codes (as unsigned bytes) that name no type: 0, gaps, one past the last, 63, 64, 127, 255. */
    private static List<Integer> unknownCodes(final int count, final java.util.function.IntPredicate defined)
    {
        final List<Integer> codes = new ArrayList<>();
        for (final int code : new int[] {0, 1, 2, 9, 15, 19, 27, 30, 63, 64, 100, 127, 128, 200, 255})
        {
            if (!defined.test((byte)code))
            {
                codes.add(code);
            }
        }
        assertTrue(codes.size() > 5, "enough undefined codes to try");
        return codes;
    }

    @Test
    void settledValueKeepsTheNarrowLayoutWhenItFitsAndCarriesTheHighWordWhenNot()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[EventCodec.MAX_LENGTH]);
        final Event narrow = new Event().reset(EventType.CYCLE_SETTLED_VALUE, 3, 4, 5);
        narrow.currencyId = 840;
        narrow.wideAmount(BigInteger.valueOf(Long.MAX_VALUE));
        narrow.count = 2;
        // what version 1 always wrote: header, currencyId, amount, count
        assertEquals(EventCodec.HEADER_LENGTH + 20, EventCodec.encode(narrow, buffer, 0));
        assertEquals(EventCodec.VERSION, buffer.getByte(1));
        assertEquals(840, buffer.getInt(EventCodec.HEADER_LENGTH, java.nio.ByteOrder.LITTLE_ENDIAN));
        assertEquals(Long.MAX_VALUE, buffer.getLong(EventCodec.HEADER_LENGTH + 4, java.nio.ByteOrder.LITTLE_ENDIAN));
        assertEquals(2, buffer.getLong(EventCodec.HEADER_LENGTH + 12, java.nio.ByteOrder.LITTLE_ENDIAN));

        final BigInteger beyond = new BigInteger("12000000000000000000"); // more than Long.MAX_VALUE
        final Event wide = new Event().copyFrom(narrow).wideAmount(beyond);
        final int length = EventCodec.encode(wide, buffer, 0);
        assertEquals(EventCodec.HEADER_LENGTH + 28, length);
        assertEquals(EventCodec.WIDE_VERSION, buffer.getByte(1));
        assertEquals(length, EventCodec.encodedLength(buffer, 0));
        final Event decoded = new Event();
        assertTrue(EventCodec.decode(buffer, 0, length, decoded));
        assertEquals(beyond, decoded.wideAmount());
        assertEquals(0, decoded.amountHigh);
        assertEquals(beyond.longValue(), decoded.amount);
        assertEquals(beyond.shiftLeft(40), new Event().wideAmount(beyond.shiftLeft(40)).wideAmount());
        assertEquals(BigInteger.ONE.shiftLeft(64), new Event().wideAmount(BigInteger.ONE.shiftLeft(64)).wideAmount());
    }

    @Test
    void headerLayoutIsAsDocumented() throws ReflectiveOperationException
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CommandCodec.MAX_LENGTH]);
        final Command c = randomCommand(CommandType.ADVANCE_BUSINESS_DATE);
        c.sequence = 0x0102030405060708L;
        c.businessDate = 20260105;
        CommandCodec.encode(c, buffer, 0);
        assertEquals(CommandType.ADVANCE_BUSINESS_DATE.code(), buffer.getByte(0));
        assertEquals(CommandCodec.VERSION, buffer.getByte(1));
        assertEquals(0x08, buffer.getByte(2), "little-endian sequence");
        assertEquals(0x0102030405060708L, buffer.getLong(2, java.nio.ByteOrder.LITTLE_ENDIAN));
        assertEquals(c.submitterId, buffer.getLong(18, java.nio.ByteOrder.LITTLE_ENDIAN));
        assertEquals(c.correlationId, buffer.getLong(26, java.nio.ByteOrder.LITTLE_ENDIAN));
        assertEquals(20260105, buffer.getInt(CommandCodec.HEADER_LENGTH, java.nio.ByteOrder.LITTLE_ENDIAN));

        final UnsafeBuffer eb = new UnsafeBuffer(new byte[EventCodec.MAX_LENGTH]);
        final Event e = new Event().reset(EventType.COMMAND_RESULT, 11, 22, 33);
        e.commandType = CommandType.DEPOSIT.code();
        e.reason = Reason.INSUFFICIENT_BALANCE;
        EventCodec.encode(e, eb, 0);
        assertEquals(EventType.COMMAND_RESULT.code(), eb.getByte(0));
        assertEquals(EventCodec.VERSION, eb.getByte(1));
        assertEquals(11, eb.getLong(2, java.nio.ByteOrder.LITTLE_ENDIAN));
        assertEquals(22, eb.getLong(10, java.nio.ByteOrder.LITTLE_ENDIAN));
        assertEquals(33, eb.getLong(18, java.nio.ByteOrder.LITTLE_ENDIAN));
        assertEquals(CommandType.DEPOSIT.code(), eb.getByte(EventCodec.HEADER_LENGTH));
        assertEquals(Reason.INSUFFICIENT_BALANCE.code(), eb.getByte(EventCodec.HEADER_LENGTH + 1));
    }
}
