package io.settlement.journal;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recovery refuses journals it cannot trust, with a clear error naming where, and repairs only
 * the one thing that is not damage: outcomes missing at the end of the event journal.
 */
class JournalIntegrityTest
{
    @TempDir
    Path dir;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final Command command = new Command();

    /** Writes commands straight into the command journal (and, if asked, their events), as a node would. */
    private void journal(final boolean withEvents, final Command... commands)
    {
        final DataDirectory data = new DataDirectory(dir);
        final SettlementEngine engine = new SettlementEngine();
        try (ChronicleJournal commandJournal = new ChronicleJournal(data.commands(), false);
            ChronicleJournal eventJournal = new ChronicleJournal(data.events(), false))
        {
            for (final Command c : commands)
            {
                commandJournal.append(c);
                engine.apply(c, (event, bytes, offset, length) ->
                {
                    if (withEvents)
                    {
                        eventJournal.append(bytes, offset, length);
                    }
                });
            }
        }
    }

    private Command numbered(final long sequence, final Command c)
    {
        c.sequence = sequence;
        c.timestampNs = 1_000 + sequence;
        return new Command().copyFrom(c);
    }

    private Command[] market()
    {
        return new Command[] {
            numbered(1, command.createParticipant(0, 0, 1, Role.MEMBER)),
            numbered(2, command.createParticipant(0, 0, 2, Role.MEMBER)),
            numbered(3, command.createInstrument(0, 0, 10, InstrumentKind.SECURITY, "ACME")),
            numbered(4, command.createInstrument(0, 0, 840, InstrumentKind.CURRENCY, "USD")),
            numbered(5, command.deposit(0, 0, 1, 840, 500)),
        };
    }

    private SettlementNode start() throws Exception
    {
        return SettlementNode.start(RestartTest.config(dir, 0));
    }

    @Test
    void shouldRecoverAndRejournalOutcomesLostAfterTheirCommandsWereJournaled() throws Exception
    {
        journal(false, market()); // commands journaled, the process died before stage 3

        try (SettlementNode node = start())
        {
            assertEquals(5, node.recovery().lastSequence());
            assertEquals(5, node.recovery().eventsAppended());
            assertEquals(0, node.recovery().eventsVerified());
            final Event balance = node.client(1).send(command.queryPosition(0, 0, 1, 840)).get().first();
            assertEquals(500, balance.amount);
        }
        final DataDirectory data = new DataDirectory(dir);
        try (JournalReader commands = JournalReader.openReadOnly(data.commands(), JournalReader.Kind.COMMANDS);
            JournalReader events = JournalReader.openReadOnly(data.events(), JournalReader.Kind.EVENTS))
        {
            final Recovery.Report replay = Recovery.run(new io.settlement.engine.EngineConfig(), null, commands, events,
                (bytes, offset, length) -> { throw new AssertionError("nothing is missing any more"); }, line -> {})
                .report();
            assertEquals(5, replay.eventsVerified(), "5 results, all on the journal now (the position query is not journaled)");
        }
    }

    @Test
    void shouldRecoverReplayAndVerifyAJournalWrittenWhenQueriesWereJournaled() throws Exception
    {
        // older versions journaled queries like any command, with sequences and outcomes of their own
        final Command[] market = market();
        final Command[] journal = java.util.Arrays.copyOf(market, market.length + 4);
        journal[5] = numbered(6, command.queryPosition(0, 0, 1, 840));
        journal[6] = numbered(7, command.deposit(0, 0, 2, 840, 9));
        journal[7] = numbered(8, command.queryDeal(1, 0, 3));
        journal[8] = numbered(9, command.queryLimits(0, 0, 1));
        journal(true, journal);
        final SettlementEngine original = new SettlementEngine();
        for (final Command c : journal)
        {
            original.apply(c, io.settlement.engine.api.EventSink.NONE);
        }

        final Audit.Result audit = Audit.replay(new DataDirectory(dir), new io.settlement.engine.EngineConfig(), true,
            Long.MAX_VALUE, done -> {});
        assertEquals(9, audit.commands());
        assertEquals(0, audit.mismatches(), audit.firstMismatch());
        assertEquals(original.stateHash(), audit.engine().stateHash());
        assertEquals(original.eventHash(), audit.engine().eventHash(), "the queries' outcomes count in the event hash, as then");

        try (SettlementNode node = start())
        {
            assertEquals(9, node.recovery().lastSequence());
            assertEquals(9, node.recovery().eventsVerified(), "every journaled outcome verified, the queries' included");
            assertEquals(0, node.recovery().eventsAppended());
            assertEquals(original.stateHash(), node.recovery().stateHash());
            // new commands follow on; a new query is answered but not journaled
            assertEquals(500, node.client(1).send(command.queryPosition(0, 0, 1, 840)).get().first().amount);
            final Event deposit = node.client(0).send(command.deposit(0, 0, 1, 840, 1)).get().first();
            assertEquals(10, deposit.sequence);
        }
        final Audit.Result after = Audit.replay(new DataDirectory(dir), new io.settlement.engine.EngineConfig(), true,
            Long.MAX_VALUE, done -> {});
        assertEquals(10, after.commands());
        assertEquals(0, after.mismatches(), after.firstMismatch());
    }

    @Test
    void shouldRefuseAGapInSequences()
    {
        final Command[] market = market();
        market[3].sequence = 5;
        market[4].sequence = 6;
        journal(true, market);

        final JournalException e = assertThrows(JournalException.class, this::start);
        assertTrue(e.getMessage().contains("expected 4, found 5 (a gap)"), e.getMessage());
    }

    @Test
    void shouldRefuseAGarbledOrTruncatedCommandRecord() throws Exception
    {
        journal(true, market());
        final int length = CommandCodec.encode(numbered(6, command.deposit(0, 0, 2, 840, 7)), buffer, 0);
        try (ChronicleJournal commands = new ChronicleJournal(new DataDirectory(dir).commands(), false))
        {
            commands.append(buffer, 0, length - 3); // the tail of the record is missing
        }

        final JournalException e = assertThrows(JournalException.class, this::start);
        assertTrue(e.getMessage().contains("record 6") && e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("sequence 6 as written, after sequence 5"), e.getMessage());
    }

    @Test
    void shouldRefuseAGarbledCommandRecord() throws Exception
    {
        journal(true, market());
        final int length = CommandCodec.encode(numbered(6, command.deposit(0, 0, 2, 840, 7)), buffer, 0);
        buffer.putByte(length - 9, (byte)(buffer.getByte(length - 9) ^ 0x10)); // one bit of the amount flipped
        try (ChronicleJournal commands = new ChronicleJournal(new DataDirectory(dir).commands(), false))
        {
            commands.append(buffer, 0, length);
        }

        final JournalException e = assertThrows(JournalException.class, this::start);
        assertTrue(e.getMessage().contains("record 6") && e.getMessage().contains("malformed"), e.getMessage());
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        assertTrue(e.getMessage().contains("sequence 6 as written, after sequence 5"), e.getMessage());
    }

    /** A whole, intact record of a template this build does not know (a later build's): an error naming it, not a crash. */
    @Test
    void shouldRefuseARecordOfAnUnknownTemplate() throws Exception
    {
        journal(true, market());
        final int length = CommandCodec.encode(numbered(6, command.deposit(0, 0, 2, 840, 7)), buffer, 0);
        buffer.putShort(6, (short)99, ByteOrder.LITTLE_ENDIAN); // the header's templateId
        final CRC32C crc = new CRC32C();
        crc.update(buffer.byteArray(), 4, length - 8);
        buffer.putInt(length - 4, (int)crc.getValue(), ByteOrder.LITTLE_ENDIAN);
        try (ChronicleJournal commands = new ChronicleJournal(new DataDirectory(dir).commands(), false))
        {
            commands.append(buffer, 0, length);
        }

        final JournalException e = assertThrows(JournalException.class, this::start);
        assertTrue(e.getMessage().contains("record 6") && e.getMessage().contains("template 99"), e.getMessage());
        assertTrue(e.getMessage().contains("sequence 6 as written"), e.getMessage());
    }

    /**
     * A journal in the hand-written format before the journal schema (type code, format version 1,
     * then the fields at fixed offsets; here a Deposit as that format wrote it) is refused with one
     * line saying so, by the node and by the auditor's replay.
     */
    @Test
    void shouldRefuseAJournalOfTheUnversionedFormat() throws Exception
    {
        final UnsafeBuffer old = new UnsafeBuffer(new byte[54]);
        old.putByte(0, (byte)22); // DEPOSIT
        old.putByte(1, (byte)1); // format version 1
        old.putLong(2, 1, ByteOrder.LITTLE_ENDIAN); // sequence
        old.putLong(10, 1_001, ByteOrder.LITTLE_ENDIAN); // timestampNs
        old.putLong(34, 1, ByteOrder.LITTLE_ENDIAN); // participantId
        old.putInt(42, 840, ByteOrder.LITTLE_ENDIAN); // instrumentId
        old.putLong(46, 500, ByteOrder.LITTLE_ENDIAN); // amount
        try (ChronicleJournal commands = new ChronicleJournal(new DataDirectory(dir).commands(), false))
        {
            commands.append(old, 0, old.capacity());
        }

        final JournalException e = assertThrows(JournalException.class, this::start);
        assertTrue(e.getMessage().startsWith("the command journal was written by an older, unversioned format"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        final JournalException audit = assertThrows(JournalException.class,
            () -> Audit.replay(new DataDirectory(dir), new io.settlement.engine.EngineConfig(), false, Long.MAX_VALUE, done -> {}));
        assertEquals(e.getMessage(), audit.getMessage());
    }

    @Test
    void shouldRefuseAnEventJournalThatDisagreesWithTheReplay() throws Exception
    {
        journal(false, market());
        final DataDirectory data = new DataDirectory(dir);
        final SettlementEngine engine = new SettlementEngine();
        try (ChronicleJournal events = new ChronicleJournal(data.events(), false))
        {
            for (final Command c : market())
            {
                engine.apply(c, (event, bytes, offset, length) ->
                {
                    final Event tampered = new Event().copyFrom(event);
                    if (event.sequence == 5)
                    {
                        tampered.reason = Reason.OVERFLOW; // the journal says the deposit was refused
                    }
                    final UnsafeBuffer out = new UnsafeBuffer(new byte[EventCodec.MAX_LENGTH]);
                    events.append(out, 0, EventCodec.encode(tampered, out, 0));
                });
            }
        }

        final JournalException e = assertThrows(JournalException.class, this::start);
        assertTrue(e.getMessage().contains("disagrees with the replay at sequence 5"), e.getMessage());
        assertTrue(e.getMessage().contains("OVERFLOW"), e.getMessage());
    }

    /**
     * A journaled event whose bytes were damaged (one bit of the deposit's outcome flipped, its checksum left
     * as written) is refused as a malformed record, naming its record number and checksum, by the node and
     * by the auditor's replay: the verifying replay compares events byte for byte without checking each
     * checksum first, and a record that differs is checked whole before it is called a disagreement.
     */
    @Test
    void shouldRefuseAGarbledEventRecordAsMalformedRatherThanAsADisagreement() throws Exception
    {
        journal(false, market());
        final DataDirectory data = new DataDirectory(dir);
        final SettlementEngine engine = new SettlementEngine();
        try (ChronicleJournal events = new ChronicleJournal(data.events(), false))
        {
            for (final Command c : market())
            {
                engine.apply(c, (event, bytes, offset, length) ->
                {
                    final UnsafeBuffer out = new UnsafeBuffer(new byte[EventCodec.MAX_LENGTH]);
                    out.putBytes(0, bytes, offset, length);
                    if (event.sequence == 5)
                    {
                        out.putByte(length - 9, (byte)(out.getByte(length - 9) ^ 0x10));
                    }
                    events.append(out, 0, length);
                });
            }
        }

        final JournalException e = assertThrows(JournalException.class, this::start);
        assertTrue(e.getMessage().contains("EVENTS journal record 5") && e.getMessage().contains("malformed"), e.getMessage());
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        final JournalException audit = assertThrows(JournalException.class,
            () -> Audit.replay(data, new io.settlement.engine.EngineConfig(), true, Long.MAX_VALUE, done -> {}));
        assertEquals(e.getMessage(), audit.getMessage());
    }

    /** An event record cut short at the end of its batch: refused as truncated, not compared. */
    @Test
    void shouldRefuseATruncatedEventRecord() throws Exception
    {
        journal(false, market());
        final DataDirectory data = new DataDirectory(dir);
        final SettlementEngine engine = new SettlementEngine();
        try (ChronicleJournal events = new ChronicleJournal(data.events(), false))
        {
            for (final Command c : market())
            {
                engine.apply(c, (event, bytes, offset, length) ->
                    events.append(bytes, offset, event.sequence == 5 ? length - 3 : length));
            }
        }

        final JournalException e = assertThrows(JournalException.class, this::start);
        assertTrue(e.getMessage().contains("EVENTS journal record 5") && e.getMessage().contains("truncated"), e.getMessage());
        final JournalException audit = assertThrows(JournalException.class,
            () -> Audit.replay(data, new io.settlement.engine.EngineConfig(), true, Long.MAX_VALUE, done -> {}));
        assertEquals(e.getMessage(), audit.getMessage());
    }

    @Test
    void shouldRefuseEventsBeyondTheLastCommand() throws Exception
    {
        journal(true, market());
        final Event extra = new Event().clear().reset(EventType.COMMAND_RESULT, 6, 0, 0);
        extra.commandType = 22;
        try (ChronicleJournal events = new ChronicleJournal(new DataDirectory(dir).events(), false))
        {
            events.append(buffer, 0, EventCodec.encode(extra, buffer, 0));
        }

        final JournalException e = assertThrows(JournalException.class, this::start);
        assertTrue(e.getMessage().contains("beyond the last journaled command"), e.getMessage());
    }

    @Test
    void shouldRefuseACommandJournalShorterThanTheSnapshot() throws Exception
    {
        try (SettlementNode node = start())
        {
            Workload.setUp(node.client(0));
        }
        deleteTree(new DataDirectory(dir).commands()); // the command journal is lost but a snapshot remains

        final JournalException e = assertThrows(JournalException.class, this::start);
        assertTrue(e.getMessage().contains("the journal was truncated"), e.getMessage());
    }

    @Test
    void shouldRefuseAnEventJournalThatEndsBeforeTheSnapshot() throws Exception
    {
        try (SettlementNode node = start())
        {
            Workload.setUp(node.client(0));
        }
        deleteTree(new DataDirectory(dir).events()); // outcomes covered by the snapshot can never be regenerated

        final JournalException e = assertThrows(JournalException.class, this::start);
        assertTrue(e.getMessage().contains("the outcomes in between are lost"), e.getMessage());
    }

    @Test
    void shouldFallBackToAnOlderSnapshotWhenTheNewestIsCorrupt() throws Exception
    {
        long hash;
        try (SettlementNode node = SettlementNode.start(RestartTest.config(dir, 10)))
        {
            Workload.setUp(node.client(0));
            new Workload(5).run(node.client(0), 100);
            hash = node.stop().stateHash();
        }
        final SnapshotStore store = new SnapshotStore(new DataDirectory(dir).snapshots(), 2);
        final long newest = store.sequences().get(0);
        final Path newestFile = new DataDirectory(dir).snapshots().resolve(SnapshotStore.fileName(newest));
        final byte[] bytes = Files.readAllBytes(newestFile);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(newestFile, bytes);
        final StringBuilder log = new StringBuilder();

        try (SettlementNode node = SettlementNode.start(RestartTest.config(dir, 10).log(log::append)))
        {
            assertTrue(node.recovery().snapshotSequence() < newest, node.recovery().toString());
            assertEquals(hash, node.recovery().stateHash());
            assertTrue(log.toString().contains("skipping unusable snapshot"), log.toString());
        }
    }

    private static void deleteTree(final Path path) throws Exception
    {
        try (var files = Files.walk(path))
        {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
