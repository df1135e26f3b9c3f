package io.settlement.engine;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.CRC32C;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.CommandType;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.EventType;
import io.settlement.engine.api.RecordFrame;
import io.settlement.engine.api.VersionFiveLayout;
import io.settlement.protocol.Codes;
import io.settlement.protocol.journal.AdvanceBusinessDateCommandDecoder;
import io.settlement.protocol.journal.CommandResultEventDecoder;
import io.settlement.protocol.journal.CycleSettledValueEventDecoder;
import io.settlement.protocol.journal.DealRejectedEventDecoder;
import io.settlement.protocol.journal.InstrumentLineEventDecoder;
import io.settlement.protocol.journal.MessageHeaderDecoder;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.CycleMode;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link CommandCodec} and {@link EventCodec} over the journal schema: every type round-trips
 * (fields and bytes), the bytes written are exactly {@code encodedLength}, lengths stay within
 * MAX_LENGTH; a record of a newer version (a longer block) decodes; a torn, bit-flipped or otherwise
 * malformed record (length, checksum, schema, template, block) is refused. The frame is checked here
 * against an independent CRC32C and the generated header flyweight, never against the codec itself.
 *
 * <p>The fields each type carries are listed here, from the protocol (DESIGN.md section 5) and the
 * codecs' documentation; a type's other fields are left zero, so that a decoded copy can be compared
 * field by field with the original.
 */
class CodecTest
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final String[] DEAL_BLOCK = {
        "dealId", "clientDealId", "buyerId", "sellerId", "securityId", "currencyId", "quantity", "cashAmount",
        "settlementDate", "dealType"};
    private static final String[] INSTRUCTION_BLOCK = {
        "instructionId", "clientRef", "side", "buyerId", "sellerId", "securityId", "currencyId", "quantity", "cashAmount",
        "settlementDate", "dealType", "linkId", "partialAllowed", "minimumQuantity", "instructionStatus", "submittedDate"};

    private static final Map<CommandType, String[]> COMMAND_FIELDS = new EnumMap<>(CommandType.class);
    private static final Map<EventType, String[]> EVENT_FIELDS = new EnumMap<>(EventType.class);

    static
    {
        COMMAND_FIELDS.put(CommandType.SUBMIT_DEAL, new String[] {
            "clientDealId", "buyerId", "sellerId", "securityId", "currencyId", "quantity", "cashAmount",
            "settlementDate", "dealType", "linkId", "partialAllowed", "minimumQuantity"});
        COMMAND_FIELDS.put(CommandType.CANCEL_DEAL, new String[] {"dealId"});
        COMMAND_FIELDS.put(CommandType.QUERY_DEAL, new String[] {"dealId"});
        COMMAND_FIELDS.put(CommandType.QUERY_LIMITS, new String[] {"participantId"});
        COMMAND_FIELDS.put(CommandType.QUERY_PARTICIPANTS, new String[] {});
        COMMAND_FIELDS.put(CommandType.QUERY_INSTRUMENTS, new String[] {});
        COMMAND_FIELDS.put(CommandType.QUERY_POSITION, new String[] {"participantId", "instrumentId"});
        COMMAND_FIELDS.put(CommandType.CREATE_PARTICIPANT, new String[] {"participantId", "role", "name", "shortCode"});
        COMMAND_FIELDS.put(CommandType.CREATE_INSTRUMENT, new String[] {
            "instrumentId", "instrumentKind", "code", "isin", "name", "minorUnits"});
        COMMAND_FIELDS.put(CommandType.DEPOSIT, new String[] {"participantId", "instrumentId", "amount"});
        COMMAND_FIELDS.put(CommandType.WITHDRAW, new String[] {"participantId", "instrumentId", "amount"});
        COMMAND_FIELDS.put(CommandType.SET_LIMIT, new String[] {"participantId", "limitKind", "limitKey", "amount"});
        COMMAND_FIELDS.put(CommandType.ADVANCE_BUSINESS_DATE, new String[] {"businessDate"});
        COMMAND_FIELDS.put(CommandType.RUN_SETTLEMENT_CYCLE, new String[] {"cycleMode"});
        COMMAND_FIELDS.put(CommandType.SET_RETENTION, new String[] {"retainFinishedDays"});
        COMMAND_FIELDS.put(CommandType.SET_CALENDAR, new String[] {"weekends"});
        COMMAND_FIELDS.put(CommandType.SET_HOLIDAY, new String[] {"holidayDate", "dayStatus"});
        COMMAND_FIELDS.put(CommandType.HOLD_DEAL, new String[] {"dealId", "side"});
        COMMAND_FIELDS.put(CommandType.RELEASE_DEAL, new String[] {"dealId", "side"});
        COMMAND_FIELDS.put(CommandType.SUBMIT_INSTRUCTION, new String[] {"clientRef", "side", "counterpartyId", "securityId",
            "currencyId", "quantity", "cashAmount", "settlementDate", "dealType", "linkId", "partialAllowed", "minimumQuantity"});
        COMMAND_FIELDS.put(CommandType.CANCEL_INSTRUCTION, new String[] {"instructionId"});
        COMMAND_FIELDS.put(CommandType.QUERY_INSTRUCTION, new String[] {"instructionId"});
        COMMAND_FIELDS.put(CommandType.SET_MATCHING_TOLERANCE, new String[] {"currencyId", "toleranceMinor"});
        COMMAND_FIELDS.put(CommandType.SET_INSTRUCTION_EXPIRY, new String[] {"expiryBusinessDays"});

        EVENT_FIELDS.put(EventType.DEAL_ACCEPTED, concat(DEAL_BLOCK, "count"));
        EVENT_FIELDS.put(EventType.DEAL_SETTLED, concat(DEAL_BLOCK, "partQuantity", "partCash"));
        EVENT_FIELDS.put(EventType.DEAL_REPORT, concat(DEAL_BLOCK, "dealStatus", "reason", "heldSides",
            "linkId", "partialAllowed", "minimumQuantity", "settledQuantity", "settledCash"));
        EVENT_FIELDS.put(EventType.DEAL_PARTIALLY_SETTLED, concat(DEAL_BLOCK,
            "partQuantity", "partCash", "settledQuantity", "settledCash", "reason"));
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
        EVENT_FIELDS.put(EventType.PARTICIPANT_LINE, new String[] {"participantId", "role", "name", "shortCode"});
        EVENT_FIELDS.put(EventType.INSTRUMENTS_REPORT, new String[] {"count"});
        EVENT_FIELDS.put(EventType.INSTRUMENT_LINE, new String[] {
            "instrumentId", "instrumentKind", "code", "isin", "name", "minorUnits"});
        EVENT_FIELDS.put(EventType.DEAL_HELD, new String[] {"dealId", "clientDealId", "buyerId", "sellerId", "side", "heldSides"});
        EVENT_FIELDS.put(EventType.DEAL_RELEASED, new String[] {"dealId", "clientDealId", "buyerId", "sellerId", "side", "heldSides"});
        EVENT_FIELDS.put(EventType.INSTRUCTION_ACCEPTED, concat(INSTRUCTION_BLOCK, "count", "dealId", "reason"));
        EVENT_FIELDS.put(EventType.INSTRUCTION_ALLEGED, INSTRUCTION_BLOCK);
        EVENT_FIELDS.put(EventType.INSTRUCTION_MATCHED, concat(INSTRUCTION_BLOCK, "matchedInstructionId", "matchedClientRef",
            "matchedCashAmount", "matchedLinkId", "dealId", "dealCashAmount", "dealPartialAllowed", "dealMinimumQuantity"));
        EVENT_FIELDS.put(EventType.INSTRUCTION_REJECTED, new String[] {"clientRef", "reason"});
        EVENT_FIELDS.put(EventType.INSTRUCTION_ENDED, concat(INSTRUCTION_BLOCK, "reason"));
        EVENT_FIELDS.put(EventType.INSTRUCTION_REPORT, concat(INSTRUCTION_BLOCK, "dealId", "reason"));
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
            f.set(target, Codes.engineReason(random.nextInt(Reason.DEAL_PURGED.value() + 1)));
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
        if (type == EventType.DEAL_ACCEPTED || type == EventType.INSTRUCTION_ACCEPTED)
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
                assertEquals(length, EventCodec.encodedLength(buffer, offset), type + ": length read back from the frame");

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
            assertTrue(length >= RecordFrame.MIN_LENGTH && length <= CommandCodec.MAX_LENGTH, type + ": " + length);
            // a buffer of exactly MAX_LENGTH bytes is always enough
            assertEquals(length, CommandCodec.encode(randomCommand(type), new UnsafeBuffer(new byte[CommandCodec.MAX_LENGTH]), 0));
        }
        for (final EventType type : EventType.values())
        {
            final Event e = randomEvent(type);
            final int length = EventCodec.encodedLength(e);
            assertTrue(length >= RecordFrame.MIN_LENGTH && length <= EventCodec.MAX_LENGTH, type + ": " + length);
            assertEquals(length, EventCodec.encode(e, new UnsafeBuffer(new byte[EventCodec.MAX_LENGTH]), 0));
        }
    }

    /** Writes a fresh CRC32C (computed here, independently) over the header and block of the record at 0. */
    private static void reseal(final UnsafeBuffer buffer, final int length)
    {
        final CRC32C crc = new CRC32C();
        crc.update(buffer.byteArray(), buffer.wrapAdjustment() + 4, length - 8);
        buffer.putInt(length - 4, (int)crc.getValue(), LE);
    }

    private static MessageHeaderDecoder header(final UnsafeBuffer buffer)
    {
        return new MessageHeaderDecoder().wrap(buffer, 4);
    }

    /**
     * What every record must pass, whatever its type: exact length, intact bytes (every single bit
     * flipped anywhere is refused), this schema, a known template of the right journal, a version,
     * a block no shorter than the template's.
     */
    private static void assertRefusesMalformed(
        final String what, final UnsafeBuffer buffer, final int length, final java.util.function.IntPredicate decode,
        final java.util.function.IntPredicate knownTemplate)
    {
        final byte[] original = bytes(buffer, 0, length);
        assertTrue(decode.test(length), what + ": well-formed");
        assertFalse(decode.test(length - 1), what + ": one byte short");
        assertFalse(decode.test(length + 1), what + ": one byte long");
        assertFalse(decode.test(0), what + ": empty");
        assertFalse(decode.test(RecordFrame.MIN_LENGTH - 1), what + ": shorter than the shortest record");
        for (int bit = 0; bit < length * 8; bit++)
        {
            buffer.putByte(bit / 8, (byte)(original[bit / 8] ^ (1 << (bit % 8))));
            assertFalse(decode.test(length), what + ": bit " + bit + " flipped");
            buffer.putByte(bit / 8, original[bit / 8]);
        }
        assertTrue(decode.test(length), what + ": restored");

        final MessageHeaderDecoder header = header(buffer);
        final int template = header.templateId();
        for (final int other : new int[] {0, 1, 9, 16, 28, 99, 100, 117, 127, 128, 200, 255, 256, 65535})
        {
            if (!knownTemplate.test(other))
            {
                buffer.putShort(6, (short)other, LE);
                reseal(buffer, length);
                assertFalse(decode.test(length), what + ": template " + other);
            }
        }
        buffer.putShort(6, (short)template, LE);
        buffer.putShort(8, (short)1, LE); // the public wire schema's id
        reseal(buffer, length);
        assertFalse(decode.test(length), what + ": another schema");
        buffer.putShort(8, (short)RecordFrame.SCHEMA_ID, LE);
        buffer.putShort(10, (short)0, LE);
        reseal(buffer, length);
        assertFalse(decode.test(length), what + ": version 0");
        buffer.putShort(10, (short)RecordFrame.SCHEMA_VERSION, LE);
        if (header.blockLength() > 8)
        {
            buffer.putShort(4, (short)(header.blockLength() - 1), LE);
            reseal(buffer, length);
            assertFalse(decode.test(length), what + ": a block shorter than the template's");
        }
        buffer.putBytes(0, original);
        assertTrue(decode.test(length), what + ": restored");
    }

    @Test
    void commandDecodeRefusesMalformedInput() throws ReflectiveOperationException
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CommandCodec.MAX_LENGTH + 16]);
        final Command slot = new Command();
        for (final CommandType type : CommandType.values())
        {
            final int length = CommandCodec.encode(randomCommand(type), buffer, 0);
            assertRefusesMalformed("command " + type, buffer, length, n -> CommandCodec.decode(buffer, 0, n, slot),
                template -> CommandCodec.typeOf(template) != null);
            // an event record is not a command
            final int eventLength = EventCodec.encode(randomEvent(EventType.COMMAND_RESULT), buffer, 0);
            assertFalse(CommandCodec.decode(buffer, 0, eventLength, slot), "an event in the command journal");
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
            assertRefusesMalformed("event " + type, buffer, length, n -> EventCodec.decode(buffer, 0, n, slot),
                template -> EventCodec.typeOf(template) != null);
            final int commandLength = CommandCodec.encode(randomCommand(CommandType.DEPOSIT), buffer, 0);
            assertFalse(EventCodec.decode(buffer, 0, commandLength, slot), "a command in the event journal");
        }
    }

    /**
     * A record of a later version, whose block has fields appended after this build's, decodes: the
     * extra bytes are skipped (acting block length), the fields this build knows read as written.
     */
    @Test
    void aNewerVersionWithALongerBlockDecodes() throws ReflectiveOperationException
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CommandCodec.MAX_LENGTH + 64]);
        for (final CommandType type : CommandType.values())
        {
            final Command original = randomCommand(type);
            final int length = appendToBlock(buffer, CommandCodec.encode(original, buffer, 0), 13);
            final Command decoded = new Command();
            assertTrue(CommandCodec.decode(buffer, 0, length, decoded), type + ": version 2 with 13 more block bytes");
            assertSameFields(original, decoded, type + " (newer version)");
        }
        for (final EventType type : EventType.values())
        {
            final Event original = randomEvent(type);
            final int length = appendToBlock(buffer, EventCodec.encode(original, buffer, 0), 21);
            final Event decoded = new Event();
            assertTrue(EventCodec.decode(buffer, 0, length, decoded), type + ": version 2 with 21 more block bytes");
            assertSameFields(original, decoded, type + " (newer version)");
        }
    }

    /** Makes the record at 0 a "version 2" one: {@code extra} random bytes appended to its block, frame and checksum redone. */
    private int appendToBlock(final UnsafeBuffer buffer, final int length, final int extra)
    {
        final MessageHeaderDecoder header = header(buffer);
        final int blockEnd = 12 + header.blockLength();
        assertEquals(length - 4, blockEnd, "the block ends where the checksum starts");
        for (int i = 0; i < extra; i++)
        {
            buffer.putByte(blockEnd + i, (byte)random.nextInt());
        }
        final int newLength = length + extra;
        buffer.putInt(0, newLength, LE);
        buffer.putShort(4, (short)(header.blockLength() + extra), LE);
        buffer.putShort(10, (short)(RecordFrame.SCHEMA_VERSION + 1), LE);
        reseal(buffer, newLength);
        return newLength;
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
        for (final int code : new int[] {Reason.NOT_A_BUSINESS_DAY.value() + 1, 29, Codes.FIRST_SESSION_REASON, 31, 100, -1})
        {
            buffer.putByte(RecordFrame.BLOCK_OFFSET + DealRejectedEventDecoder.reasonEncodingOffset(), (byte)code);
            reseal(buffer, length);
            assertFalse(EventCodec.decode(buffer, 0, length, slot), "reason code " + code);
        }
    }

    /** The settled value is two int64 words in every record, whatever its size: one layout. */
    @Test
    void settledValueIsAlwaysTwoWords()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[EventCodec.MAX_LENGTH]);
        for (final BigInteger value : new BigInteger[] {
            BigInteger.ZERO, BigInteger.valueOf(Long.MAX_VALUE), new BigInteger("12000000000000000000"),
            BigInteger.ONE.shiftLeft(64), new BigInteger("12000000000000000000").shiftLeft(40), BigInteger.valueOf(-5)})
        {
            final Event e = new Event().reset(EventType.CYCLE_SETTLED_VALUE, 3, 4, 5).wideAmount(value);
            e.currencyId = 840;
            e.count = 2;
            final int length = EventCodec.encode(e, buffer, 0);
            assertEquals(EventCodec.encodedLength(EventType.CYCLE_SETTLED_VALUE), length, value + ": one length");
            final CycleSettledValueEventDecoder m = new CycleSettledValueEventDecoder()
                .wrap(buffer, RecordFrame.BLOCK_OFFSET, header(buffer).blockLength(), header(buffer).version());
            assertEquals(840, m.currencyId());
            assertEquals(value.longValue(), m.amountLow(), value + ": low word");
            assertEquals(value.shiftRight(64).longValue(), m.amountHigh(), value + ": high word");
            assertEquals(2, m.count());
            final Event decoded = new Event();
            assertTrue(EventCodec.decode(buffer, 0, length, decoded));
            assertEquals(value, decoded.wideAmount());
        }
    }

    /** The templates journal schema versions 2 and 3 added; every other one is version 1's. */
    private static final Set<CommandType> VERSION_2_COMMANDS = EnumSet.of(CommandType.QUERY_INSTRUMENTS);
    private static final Set<CommandType> VERSION_3_COMMANDS = EnumSet.of(CommandType.SET_CALENDAR, CommandType.SET_HOLIDAY);
    private static final Set<EventType> VERSION_2_EVENTS = EnumSet.of(EventType.INSTRUMENTS_REPORT, EventType.INSTRUMENT_LINE);
    private static final Set<CommandType> VERSION_4_COMMANDS = EnumSet.of(CommandType.CREATE_PARTICIPANT, CommandType.CREATE_INSTRUMENT);
    private static final Set<EventType> VERSION_4_EVENTS = EnumSet.of(EventType.PARTICIPANT_LINE, EventType.INSTRUMENT_LINE);
    private static final Set<CommandType> VERSION_5_COMMANDS = EnumSet.of(CommandType.SUBMIT_DEAL, CommandType.HOLD_DEAL, CommandType.RELEASE_DEAL,
        CommandType.RUN_SETTLEMENT_CYCLE, CommandType.SUBMIT_INSTRUCTION, CommandType.CANCEL_INSTRUCTION, CommandType.QUERY_INSTRUCTION,
        CommandType.SET_MATCHING_TOLERANCE, CommandType.SET_INSTRUCTION_EXPIRY);
    private static final Set<EventType> VERSION_6_EVENTS = EnumSet.of(EventType.INSTRUCTION_ACCEPTED);
    private static final Set<EventType> VERSION_5_EVENTS = EnumSet.of(EventType.DEAL_HELD, EventType.DEAL_RELEASED,
        EventType.DEAL_SETTLED, EventType.DEAL_REPORT, EventType.DEAL_PARTIALLY_SETTLED,
        EventType.INSTRUCTION_ALLEGED, EventType.INSTRUCTION_MATCHED, EventType.INSTRUCTION_REJECTED, EventType.INSTRUCTION_ENDED,
        EventType.INSTRUCTION_REPORT);

    /**
     * The schema is version 6, but a record carries its own template's version: the templates of
     * version 1 are written exactly as version 1 wrote them (so journals of version 1 still verify,
     * byte for byte), the templates versions 2 and 3 added say 2 and 3, the templates versions 4 and 5
     * appended fields to (or added) say 4 and 5 (a DEAL_REPORT with a side held or terms, a DEAL_SETTLED
     * of a part: else they are written as version 1 wrote them; RunSettlementCycle with its mode says 5),
     * and an INSTRUCTION_ACCEPTED with a deal or an end reason (a repeat) says 6, without them 5.
     */
    @Test
    void eachRecordCarriesTheVersionOfItsTemplate() throws ReflectiveOperationException
    {
        assertEquals(6, RecordFrame.SCHEMA_VERSION, "the journal schema's version");
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CommandCodec.MAX_LENGTH]);
        for (final CommandType type : CommandType.values())
        {
            CommandCodec.encode(randomCommand(type), buffer, 0);
            assertEquals(VERSION_5_COMMANDS.contains(type) ? 5 : VERSION_4_COMMANDS.contains(type) ? 4 : VERSION_3_COMMANDS.contains(type) ? 3
                : VERSION_2_COMMANDS.contains(type) ? 2 : 1, header(buffer).version(), "command " + type);
        }
        for (final EventType type : EventType.values())
        {
            final Event e = randomEvent(type);
            e.heldSides = Event.SELL_HELD;
            EventCodec.encode(e, buffer, 0);
            assertEquals(VERSION_6_EVENTS.contains(type) ? 6 : VERSION_5_EVENTS.contains(type) ? 5 : VERSION_4_EVENTS.contains(type) ? 4 : VERSION_2_EVENTS.contains(type) ? 2 : 1,
                header(buffer).version(), "event " + type);
        }
        final Event report = randomEvent(EventType.DEAL_REPORT);
        report.heldSides = 0;
        report.dealStatus = (byte)io.settlement.protocol.wire.DealStatus.PENDING.value();
        report.linkId = 0;
        report.partialAllowed = 0;
        report.minimumQuantity = 0;
        report.settledQuantity = 0;
        report.settledCash = 0;
        int length = EventCodec.encode(report, buffer, 0);
        assertEquals(1, header(buffer).version(), "a report of a deal with no side held and no terms, as version 1 wrote it");
        assertEquals(EventCodec.encodedLength(report), length);
        final Event decoded = new Event();
        assertTrue(EventCodec.decode(buffer, 0, length, decoded));
        assertEquals(0, decoded.heldSides);

        report.heldSides = Event.BUY_HELD;
        length = EventCodec.encode(report, buffer, 0);
        assertEquals(5, header(buffer).version(), "a side held and no terms");
        assertEquals(EventCodec.encodedLength(report), length);
        assertTrue(EventCodec.decode(buffer, 0, length, decoded));
        assertEquals(Event.BUY_HELD, decoded.heldSides);
        assertEquals(0, decoded.linkId);

        report.heldSides = 0;
        report.linkId = 9;
        length = EventCodec.encode(report, buffer, 0);
        assertEquals(5, header(buffer).version(), "terms and no side held");
        assertEquals(EventCodec.encodedLength(report), length);
        assertTrue(EventCodec.decode(buffer, 0, length, decoded));
        assertEquals(0, decoded.heldSides);
        assertEquals(9, decoded.linkId);

        // a repeat of a matched or refused instruction says its deal and why it ended; any other acceptance as version 5 wrote it
        final Event accepted = randomEvent(EventType.INSTRUCTION_ACCEPTED);
        accepted.dealId = 0;
        accepted.reason = Reason.OK;
        length = EventCodec.encode(accepted, buffer, 0);
        assertEquals(5, header(buffer).version(), "an acceptance without a deal or an end");
        assertEquals(EventCodec.encodedLength(accepted), length);
        assertTrue(EventCodec.decode(buffer, 0, length, decoded));
        assertEquals(0, decoded.dealId);
        assertEquals(Reason.OK, decoded.reason);
        accepted.count = 1;
        accepted.dealId = 42;
        length = EventCodec.encode(accepted, buffer, 0);
        assertEquals(6, header(buffer).version(), "a repeat of a matched instruction");
        assertEquals(EventCodec.encodedLength(accepted), length);
        assertTrue(EventCodec.decode(buffer, 0, length, decoded));
        assertEquals(42, decoded.dealId);
        accepted.dealId = 0;
        accepted.reason = Reason.CREDIT_LIMIT_EXCEEDED;
        length = EventCodec.encode(accepted, buffer, 0);
        assertTrue(EventCodec.decode(buffer, 0, length, decoded));
        assertEquals(Reason.CREDIT_LIMIT_EXCEEDED, decoded.reason, "a repeat of a refused instruction");
    }

    /**
     * The version-5 layout of a repeat written in version 6 is, byte for byte, the record a build of
     * version 5 wrote for it: the same acceptance without a deal or end reason, which every build writes
     * in the version-5 layout. Any other record has none.
     */
    @Test
    void theVersion5LayoutOfARepeatIsTheAcceptanceVersion5Wrote() throws ReflectiveOperationException
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[EventCodec.MAX_LENGTH]);
        final UnsafeBuffer earlier = new UnsafeBuffer(new byte[EventCodec.MAX_LENGTH]);
        final UnsafeBuffer plain = new UnsafeBuffer(new byte[EventCodec.MAX_LENGTH]);
        final Event repeat = randomEvent(EventType.INSTRUCTION_ACCEPTED);
        repeat.count = 1;
        repeat.dealId = 42;
        repeat.reason = Reason.UNMATCHED_EXPIRED;
        final int length = EventCodec.encode(repeat, buffer, 0);
        repeat.dealId = 0;
        repeat.reason = Reason.OK;
        final int plainLength = EventCodec.encode(repeat, plain, 0);
        assertEquals(5, header(plain).version());

        final int earlierLength = VersionFiveLayout.of(buffer, 0, length, earlier, 0);
        assertEquals(plainLength, earlierLength);
        assertArrayEquals(Arrays.copyOf(plain.byteArray(), plainLength), Arrays.copyOf(earlier.byteArray(), earlierLength));
        assertEquals(-1, VersionFiveLayout.of(plain, 0, plainLength, earlier, 0), "already in the version-5 layout");
        final int other = EventCodec.encode(randomEvent(EventType.INSTRUCTION_REPORT), buffer, 0);
        assertEquals(-1, VersionFiveLayout.of(buffer, 0, other, earlier, 0), "another template");
    }

    /**
     * CreateParticipant and CreateInstrument without details are written as version 1 wrote them (the
     * block ends before the fields version 4 appended), and read back as such: the journals of every
     * earlier build, and the requests of wire clients of protocol version 1.
     */
    @Test
    void referenceDataWithoutDetailsIsWrittenAndReadInTheLayoutOfVersion1()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CommandCodec.MAX_LENGTH]);
        final Command participant = new Command().createParticipant(0, 5, 42, Role.MEMBER);
        int length = CommandCodec.encode(participant, buffer, 0);
        assertEquals(1, header(buffer).version());
        assertEquals(32 + 8 + 1, header(buffer).blockLength(), "command header, participantId, role");
        assertEquals(RecordFrame.OVERHEAD + 41, length);
        Command decoded = new Command();
        assertTrue(CommandCodec.decode(buffer, 0, length, decoded));
        assertTrue(decoded.legacyLayout);
        assertEquals(42, decoded.participantId);
        assertArrayEquals(new byte[Command.NAME_LENGTH], decoded.name);

        final Command instrument = new Command().createInstrument(0, 5, 840, InstrumentKind.CURRENCY, "USD");
        length = CommandCodec.encode(instrument, buffer, 0);
        assertEquals(1, header(buffer).version());
        assertEquals(32 + 4 + 1 + 12, header(buffer).blockLength(), "command header, instrumentId, kind, code");
        decoded = new Command();
        assertTrue(CommandCodec.decode(buffer, 0, length, decoded));
        assertTrue(decoded.legacyLayout);
        assertEquals("USD", decoded.codeAsString());

        // with details: version 4, the whole block
        length = CommandCodec.encode(new Command().createInstrument(0, 5, 10, InstrumentKind.SECURITY, "AAPL", "US0378331005",
            "Apple Inc.", 0), buffer, 0);
        assertEquals(4, header(buffer).version());
        assertEquals(32 + 4 + 1 + 12 + 12 + 64 + 1, header(buffer).blockLength());
        decoded = new Command();
        assertTrue(CommandCodec.decode(buffer, 0, length, decoded));
        assertEquals("US0378331005", Command.text(decoded.isin, StandardCharsets.US_ASCII));
        assertEquals("Apple Inc.", Command.text(decoded.name, StandardCharsets.UTF_8));
        // a version-4 record cut to the version-1 block is malformed
        buffer.putShort(RecordFrame.HEADER_OFFSET, (short)(32 + 4 + 1 + 12), LE);
        buffer.putInt(0, RecordFrame.OVERHEAD + 49, LE);
        reseal(buffer, RecordFrame.OVERHEAD + 49);
        assertFalse(CommandCodec.decode(buffer, 0, RecordFrame.OVERHEAD + 49, new Command()));
    }

    /**
     * A SubmitDeal without linked or partial terms from an earlier build or a wire client of version 1 or
     * 2 (the block ends before the fields of version 5) reads as unlinked and not partial; a DealSettled
     * of a deal settled in one go and a DealReport of a plain deal are written as version 1 wrote them.
     */
    @Test
    void dealsWithoutTermsKeepTheLayoutOfVersion1()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CommandCodec.MAX_LENGTH]);
        final Command deal = new Command().submitDeal(1, 2, 3, 1, 2, 10, 840, 100, 1_000, 20260105, DealType.DVP);
        deal.legacyLayout = true;
        int length = CommandCodec.encode(deal, buffer, 0);
        assertEquals(1, header(buffer).version());
        assertEquals(32 + 8 + 8 + 8 + 4 + 4 + 8 + 8 + 4 + 1, header(buffer).blockLength());
        Command decoded = new Command();
        assertTrue(CommandCodec.decode(buffer, 0, length, decoded));
        assertTrue(decoded.legacyLayout);
        assertEquals(0, decoded.linkId);
        assertEquals(0, decoded.partialAllowed);
        assertEquals(0, decoded.minimumQuantity);

        deal.legacyLayout = false;
        deal.settlementTerms(77, (byte)1, 40);
        length = CommandCodec.encode(deal, buffer, 0);
        assertEquals(5, header(buffer).version());
        assertEquals(32 + 53 + 8 + 1 + 8, header(buffer).blockLength(), "version 1's block, linkId, partialAllowed, minimumQuantity");
        decoded = new Command();
        assertTrue(CommandCodec.decode(buffer, 0, length, decoded));
        assertEquals(77, decoded.linkId);
        assertEquals(1, decoded.partialAllowed);
        assertEquals(40, decoded.minimumQuantity);

        final Event settled = new Event().reset(EventType.DEAL_SETTLED, 1, 0, 0);
        settled.quantity = 100;
        settled.cashAmount = 1_000;
        settled.partQuantity = 100;
        settled.partCash = 1_000;
        EventCodec.encode(settled, buffer, 0);
        assertEquals(1, header(buffer).version(), "settled in one go");
        settled.partQuantity = 30;
        settled.partCash = 300;
        EventCodec.encode(settled, buffer, 0);
        assertEquals(5, header(buffer).version(), "the final part of a deal settled in parts");
    }

    /**
     * RunSettlementCycle carries its mode from journal schema version 5 on; a record of an earlier build
     * (version 1, the header alone) reads back as a cycle without a mode, which the engine runs GROSS.
     */
    @Test
    void settlementCycleWithoutAModeIsWrittenAndReadInTheLayoutOfVersion1()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CommandCodec.MAX_LENGTH]);
        final Command netted = new Command().runSettlementCycle(0, 5, CycleMode.NETTED);
        int length = CommandCodec.encode(netted, buffer, 0);
        assertEquals(5, header(buffer).version());
        assertEquals(32 + 1, header(buffer).blockLength(), "command header, mode");
        Command decoded = new Command();
        assertTrue(CommandCodec.decode(buffer, 0, length, decoded));
        assertFalse(decoded.legacyLayout);
        assertEquals(CycleMode.NETTED.value(), decoded.cycleMode);

        final Command old = new Command().runSettlementCycle(0, 5);
        old.legacyLayout = true;
        length = CommandCodec.encode(old, buffer, 0);
        assertEquals(1, header(buffer).version());
        assertEquals(32, header(buffer).blockLength(), "command header only");
        decoded = new Command();
        assertTrue(CommandCodec.decode(buffer, 0, length, decoded));
        assertTrue(decoded.legacyLayout);
        assertEquals(0, decoded.cycleMode, "no mode carried");

        // a version-5 record cut to the version-1 block is malformed
        length = CommandCodec.encode(netted, buffer, 0);
        buffer.putShort(RecordFrame.HEADER_OFFSET, (short)32, LE);
        buffer.putInt(0, RecordFrame.OVERHEAD + 32, LE);
        reseal(buffer, RecordFrame.OVERHEAD + 32);
        assertFalse(CommandCodec.decode(buffer, 0, RecordFrame.OVERHEAD + 32, new Command()));
    }

    /** A record of a template version 2 added that says version 1 cannot have been written: malformed. */
    @Test
    void aRecordOlderThanItsTemplateIsRefused() throws ReflectiveOperationException
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CommandCodec.MAX_LENGTH]);
        final Set<CommandType> later = EnumSet.copyOf(VERSION_2_COMMANDS);
        later.addAll(VERSION_3_COMMANDS);
        for (final CommandType type : later)
        {
            final int length = CommandCodec.encode(randomCommand(type), buffer, 0);
            assertTrue(CommandCodec.decode(buffer, 0, length, new Command()), type + " as written");
            buffer.putShort(10, (short)(CommandCodec.layoutVersion(type) - 1), LE);
            reseal(buffer, length);
            assertFalse(CommandCodec.decode(buffer, 0, length, new Command()), type + " claiming an earlier version");
        }
        for (final EventType type : VERSION_2_EVENTS)
        {
            final int length = EventCodec.encode(randomEvent(type), buffer, 0);
            assertTrue(EventCodec.decode(buffer, 0, length, new Event()), type + " as written");
            buffer.putShort(10, (short)1, LE);
            reseal(buffer, length);
            assertFalse(EventCodec.decode(buffer, 0, length, new Event()), type + " claiming version 1");
        }
    }

    /**
     * An INSTRUMENT_LINE of an instrument created without details is written in the layout of version 2
     * (no minor units); read back, a currency gets the minor units of its ISO 4217 code, as the engine
     * gave it.
     */
    @Test
    void anInstrumentLineWithoutDetailsIsReadWithTheMinorUnitsOfItsCode()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[EventCodec.MAX_LENGTH]);
        final String[] codes = {"JPY", "BHD", "CLF", "UYW", "USD", "XAU", "gold"};
        final int[] expected = {0, 3, 4, 4, 2, 2, 2};
        for (int i = 0; i < codes.length; i++)
        {
            final Event e = new Event().reset(EventType.INSTRUMENT_LINE, 11, 22, 33);
            e.instrumentId = 100 + i;
            e.instrumentKind = (byte)InstrumentKind.CURRENCY.value();
            System.arraycopy(codes[i].getBytes(StandardCharsets.US_ASCII), 0, e.code, 0, codes[i].length());
            final int length = EventCodec.encode(e, buffer, 0);
            assertEquals(2, header(buffer).version(), "the layout of version 2");
            final Event decoded = new Event();
            assertTrue(EventCodec.decode(buffer, 0, length, decoded));
            assertEquals(expected[i], decoded.minorUnits, codes[i]);
        }
        final Event security = new Event().reset(EventType.INSTRUMENT_LINE, 11, 22, 33);
        security.instrumentKind = (byte)InstrumentKind.SECURITY.value();
        System.arraycopy("JPY".getBytes(StandardCharsets.US_ASCII), 0, security.code, 0, 3);
        final Event decoded = new Event();
        assertTrue(EventCodec.decode(buffer, 0, EventCodec.encode(security, buffer, 0), decoded));
        assertEquals(0, decoded.minorUnits, "a security: whole units");
    }

    /** An INSTRUMENT_LINE as the journal schema lays it out: header, instrumentId, kind, the 12-byte code, ISIN, name, minor units. */
    @Test
    void instrumentLineIsLaidOutAsTheSchemaSays()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[EventCodec.MAX_LENGTH]);
        final Event e = new Event().reset(EventType.INSTRUMENT_LINE, 11, 22, 33);
        e.instrumentId = 840;
        e.instrumentKind = 2;
        System.arraycopy("USD".getBytes(StandardCharsets.US_ASCII), 0, e.code, 0, 3);
        e.minorUnits = 2;
        System.arraycopy("Доллар США".getBytes(StandardCharsets.UTF_8), 0, e.name, 0, 19);
        final int length = EventCodec.encode(e, buffer, 0);
        assertEquals(100 + 18, header(buffer).templateId());
        assertEquals(24 + 4 + 1 + 12 + 12 + 64 + 1, header(buffer).blockLength(), "event header, int32, int8, char[12]; isin char[12], name char[64], int8");
        final InstrumentLineEventDecoder m = new InstrumentLineEventDecoder()
            .wrap(buffer, RecordFrame.BLOCK_OFFSET, header(buffer).blockLength(), header(buffer).version());
        assertEquals(11, m.header().sequence());
        assertEquals(840, m.instrumentId());
        assertEquals(2, m.instrumentKind());
        assertEquals("USD", m.code());
        assertEquals("", m.isin());
        assertEquals("Доллар США", m.name(), "UTF-8");
        assertEquals(2, m.minorUnits());
        assertEquals(RecordFrame.OVERHEAD + 118, length);
    }

    @Test
    void frameLayoutIsAsDocumented() throws ReflectiveOperationException
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CommandCodec.MAX_LENGTH]);
        final Command c = randomCommand(CommandType.ADVANCE_BUSINESS_DATE);
        c.sequence = 0x0102030405060708L;
        c.businessDate = 20260105;
        final int length = CommandCodec.encode(c, buffer, 0);
        assertEquals(length, buffer.getInt(0, LE), "frame length, little-endian, the whole record");
        final MessageHeaderDecoder header = header(buffer);
        assertEquals(CommandType.ADVANCE_BUSINESS_DATE.code(), header.templateId(), "command template id = type code");
        assertEquals(2, header.schemaId(), "the journal schema");
        assertEquals(1, header.version(), "first version");
        assertEquals(length - 16, header.blockLength(), "length = 4 + 8 header + block + 4 checksum");
        assertEquals(0x08, buffer.getByte(12), "little-endian sequence first in the block");
        assertEquals(0x0102030405060708L, buffer.getLong(12, LE));
        final CRC32C crc = new CRC32C();
        crc.update(buffer.byteArray(), 4, length - 8);
        assertEquals((int)crc.getValue(), buffer.getInt(length - 4, LE), "CRC32C of header and block");
        final AdvanceBusinessDateCommandDecoder m = new AdvanceBusinessDateCommandDecoder()
            .wrap(buffer, 12, header.blockLength(), header.version());
        assertEquals(c.submitterId, m.header().submitterId());
        assertEquals(c.correlationId, m.header().correlationId());
        assertEquals(20260105, m.businessDate());

        final UnsafeBuffer eb = new UnsafeBuffer(new byte[EventCodec.MAX_LENGTH]);
        final Event e = new Event().reset(EventType.COMMAND_RESULT, 11, 22, 33);
        e.commandType = CommandType.DEPOSIT.code();
        e.reason = Reason.INSUFFICIENT_BALANCE;
        final int eventLength = EventCodec.encode(e, eb, 0);
        assertEquals(eventLength, eb.getInt(0, LE));
        assertEquals(100 + EventType.COMMAND_RESULT.code(), header(eb).templateId(), "event template id = 100 + type code");
        final CommandResultEventDecoder r = new CommandResultEventDecoder().wrap(eb, 12, header(eb).blockLength(), header(eb).version());
        assertEquals(11, r.header().sequence());
        assertEquals(22, r.header().correlationId());
        assertEquals(33, r.header().submitterId());
        assertEquals(CommandType.DEPOSIT.code(), r.commandType());
        assertEquals(Reason.INSUFFICIENT_BALANCE.value(), r.reason());
    }
}
