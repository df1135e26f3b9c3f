package io.settlement.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.engine.api.RecordFrame;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.Reason;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.settlement.engine.EngineFixture.ACME;
import static io.settlement.engine.EngineFixture.BANK_A;
import static io.settlement.engine.EngineFixture.BANK_B;
import static io.settlement.engine.EngineFixture.OPS;
import static io.settlement.engine.EngineFixture.TODAY;
import static io.settlement.engine.EngineFixture.USD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine reads each command where it lies, as its framed journal record: at any offset of any
 * buffer (a ring slot, a memory-mapped journal excerpt), with the record's own block length and
 * version, and refuses what no producer of this build writes without changing anything.
 */
class CommandRecordTest
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int LENGTH_AT = 0;
    private static final int BLOCK_LENGTH_AT = RecordFrame.HEADER_OFFSET;
    private static final int TEMPLATE_AT = RecordFrame.HEADER_OFFSET + 2;
    private static final int VERSION_AT = RecordFrame.HEADER_OFFSET + 6;

    @Test
    void shouldApplyARecordInPlaceAtAnOffsetOfAnOffHeapBufferAsTheSameCommandGivenAsAnObject()
    {
        final EngineFixture byObject = new EngineFixture();
        final EngineFixture byRecord = new EngineFixture();
        byObject.deposit(BANK_A, USD, 1_000);
        byRecord.deposit(BANK_A, USD, 1_000);
        byObject.deposit(BANK_B, ACME, 50);
        byRecord.deposit(BANK_B, ACME, 50);

        final Command deal = deal(byObject, 7);
        final List<Event> expected = byObject.apply(deal);
        assertEquals(EventType.DEAL_ACCEPTED, expected.get(0).type, expected::toString);

        // as a journal excerpt: off-heap, at an odd offset, between other bytes
        final UnsafeBuffer mapped = new UnsafeBuffer(ByteBuffer.allocateDirect(1024));
        mapped.setMemory(0, 1024, (byte)0x5A);
        final int offset = 301;
        deal.sequence = byRecord.engine.lastSequence() + 1;
        CommandCodec.encode(deal, mapped, offset);
        final List<Event> actual = applyRecord(byRecord.engine, mapped, offset);

        assertEquals(expected.toString(), actual.toString());
        assertEquals(byObject.engine.stateHash(), byRecord.engine.stateHash());
        assertEquals(byObject.engine.eventHash(), byRecord.engine.eventHash());
        assertEquals(deal.sequence, byRecord.engine.lastSequence());
    }

    @Test
    void shouldApplyARecordOfALaterVersionAsItsOwnVersionSkippingTheFieldsThatVersionAppended()
    {
        final EngineFixture current = new EngineFixture();
        final EngineFixture later = new EngineFixture();
        current.deposit(BANK_A, USD, 1_000);
        later.deposit(BANK_A, USD, 1_000);
        current.deposit(BANK_B, ACME, 50);
        later.deposit(BANK_B, ACME, 50);

        final Command deal = deal(current, 8);
        final List<Event> expected = current.apply(deal);

        // what a later build would write: the same template with 16 more bytes at the end of its block
        final UnsafeBuffer record = new UnsafeBuffer(new byte[CommandCodec.MAX_LENGTH + 16]);
        final int length = CommandCodec.encode(deal, record, 0);
        final int blockLength = RecordFrame.blockLength(record, 0);
        final int checksum = record.getInt(length - RecordFrame.CHECKSUM_LENGTH, LE);
        record.putLong(RecordFrame.BLOCK_OFFSET + blockLength, -1L, LE);
        record.putLong(RecordFrame.BLOCK_OFFSET + blockLength + 8, Long.MIN_VALUE, LE);
        record.putInt(length + 16 - RecordFrame.CHECKSUM_LENGTH, checksum, LE);
        record.putInt(LENGTH_AT, length + 16, LE);
        record.putShort(BLOCK_LENGTH_AT, (short)(blockLength + 16), LE);
        record.putShort(VERSION_AT, (short)(RecordFrame.SCHEMA_VERSION + 1), LE);

        final List<Event> actual = applyRecord(later.engine, record, 0);

        assertEquals(expected.toString(), actual.toString());
        assertEquals(current.engine.stateHash(), later.engine.stateHash());
    }

    @Test
    void shouldRefuseARecordOfATemplateThisBuildDoesNotKnowWithoutChangingAnything()
    {
        final EngineFixture f = new EngineFixture();
        final long stateHash = f.engine.stateHash();
        final long eventHash = f.engine.eventHash();
        final long lastSequence = f.engine.lastSequence();

        final UnsafeBuffer record = new UnsafeBuffer(new byte[CommandCodec.MAX_LENGTH]);
        final Command deal = deal(f, 9);
        deal.sequence = lastSequence + 1;
        CommandCodec.encode(deal, record, 0);
        record.putShort(TEMPLATE_AT, (short)99, LE);

        final List<Event> events = new ArrayList<>();
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> f.engine.apply(record, 0, (event, buffer, offset, length) -> events.add(event)));
        assertTrue(refused.getMessage().contains("template 99"), refused::getMessage);
        assertTrue(events.isEmpty());
        assertEquals(stateHash, f.engine.stateHash());
        assertEquals(eventHash, f.engine.eventHash());
        assertEquals(lastSequence, f.engine.lastSequence());
    }

    @Test
    void shouldRefuseARecordWhoseBlockIsShorterThanItsVersionsWithoutChangingAnything()
    {
        final EngineFixture f = new EngineFixture();
        final long stateHash = f.engine.stateHash();
        final long lastSequence = f.engine.lastSequence();

        final UnsafeBuffer record = new UnsafeBuffer(new byte[CommandCodec.MAX_LENGTH]);
        final Command deal = deal(f, 10);
        deal.sequence = lastSequence + 1;
        CommandCodec.encode(deal, record, 0);
        record.putShort(BLOCK_LENGTH_AT, (short)(RecordFrame.blockLength(record, 0) - 1), LE);

        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> f.engine.apply(record, 0, (event, buffer, offset, length) -> { }));
        assertTrue(refused.getMessage().contains("template 10"), refused::getMessage);
        assertEquals(stateHash, f.engine.stateHash());
        assertEquals(lastSequence, f.engine.lastSequence());
    }

    @Test
    void shouldRefuseToAnswerACommandThatIsNotAQueryAsAQuery()
    {
        final EngineFixture f = new EngineFixture();
        final long stateHash = f.engine.stateHash();
        final UnsafeBuffer record = new UnsafeBuffer(new byte[CommandCodec.MAX_LENGTH]);
        CommandCodec.encode(deal(f, 11), record, 0);

        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> f.engine.query(record, 0, (event, buffer, offset, length) -> { }));
        assertTrue(refused.getMessage().contains("SUBMIT_DEAL"), refused::getMessage);
        assertEquals(stateHash, f.engine.stateHash());
        assertEquals(Reason.UNKNOWN_DEAL, f.one(f.command.queryDeal(OPS, 0, 1)).reason);
    }

    private static Command deal(final EngineFixture f, final long clientDealId)
    {
        final Command c = new Command().submitDeal(BANK_A, 0, clientDealId, BANK_A, BANK_B, ACME, USD, 5, 100, TODAY, DealType.DVP);
        c.correlationId = 4242;
        return c;
    }

    private static List<Event> applyRecord(final SettlementEngine engine, final UnsafeBuffer buffer, final int offset)
    {
        final List<Event> events = new ArrayList<>();
        engine.apply(buffer, offset, (event, b, o, l) -> events.add(new Event().copyFrom(event)));
        return events;
    }
}
