package io.settlement.journal;

import java.nio.ByteOrder;
import java.nio.file.Path;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.EventCodec;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.Role;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A verifying replay (recovery, replay --verify) reads events without checking them when their bytes equal the
 * replay's; a damaged one is refused with the message a full read gives, naming the last whole record before it.
 */
class VerifyingReplayRefusalTest
{
    @TempDir
    Path dir;

    private final Command command = new Command();

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

    /** Journals the market, the event of command {@code damaged} damaged: its length field (in range, wrong) or one byte of its body. */
    private void journal(final long damaged, final boolean lengthField)
    {
        final DataDirectory data = new DataDirectory(dir);
        final SettlementEngine engine = new SettlementEngine();
        try (ChronicleJournal commands = new ChronicleJournal(data.commands(), false);
            ChronicleJournal events = new ChronicleJournal(data.events(), false))
        {
            for (final Command c : market())
            {
                commands.append(c);
                engine.apply(c, (event, bytes, offset, length) ->
                {
                    final UnsafeBuffer out = new UnsafeBuffer(new byte[EventCodec.MAX_LENGTH]);
                    out.putBytes(0, bytes, offset, length);
                    if (event.sequence == damaged)
                    {
                        if (lengthField)
                        {
                            out.putInt(0, length - 8, ByteOrder.LITTLE_ENDIAN); // in range, within the batch, wrong
                        }
                        else
                        {
                            out.putByte(length - 9, (byte)(out.getByte(length - 9) ^ 0x10));
                        }
                    }
                    events.append(out, 0, length);
                });
            }
        }
    }

    private String nextsRefusal()
    {
        try (JournalReader events = JournalReader.openReadOnly(new DataDirectory(dir).events(), JournalReader.Kind.EVENTS))
        {
            return assertThrows(JournalException.class, () ->
            {
                while (events.next() > 0)
                {
                    // read every record with the full check
                }
            }).getMessage();
        }
    }

    private String auditsRefusal()
    {
        return assertThrows(JournalException.class,
            () -> Audit.replay(new DataDirectory(dir), new EngineConfig(), true, Long.MAX_VALUE, done -> {})).getMessage();
    }

    private String recoverysRefusal()
    {
        final DataDirectory data = new DataDirectory(dir);
        try (JournalReader commands = JournalReader.openReadOnly(data.commands(), JournalReader.Kind.COMMANDS);
            JournalReader events = JournalReader.openReadOnly(data.events(), JournalReader.Kind.EVENTS))
        {
            return assertThrows(JournalException.class, () -> Recovery.run(new EngineConfig(), null, commands, events,
                (bytes, offset, length) -> { }, line -> { })).getMessage();
        }
    }

    @Test
    void shouldRefuseAGarbledEventBodyInAuditWithTheMessageNextGives()
    {
        journal(5, false);
        final String expected = nextsRefusal();
        assertTrue(expected.endsWith("sequence 5 as written, after sequence 4"), expected);
        assertEquals(expected, auditsRefusal());
    }

    @Test
    void shouldRefuseAGarbledEventBodyInRecoveryWithTheMessageNextGives()
    {
        journal(5, false);
        final String expected = nextsRefusal();
        assertEquals(expected, recoverysRefusal());
    }

    @Test
    void shouldRefuseAGarbledEventLengthFieldInAuditWithTheMessageNextGives()
    {
        journal(3, true);
        final String expected = nextsRefusal();
        assertTrue(expected.endsWith("after sequence 2"), expected);
        assertEquals(expected, auditsRefusal());
    }

    @Test
    void shouldRefuseAGarbledEventLengthFieldInRecoveryWithTheMessageNextGives()
    {
        journal(3, true);
        assertEquals(nextsRefusal(), recoverysRefusal());
    }
}
