package io.settlement.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

import io.settlement.engine.api.EventType;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstructionStatus;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Side;
import org.junit.jupiter.api.Test;

import static io.settlement.engine.EngineFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A snapshot of format 7 (written before instructions could be purged: no instructionIds, end dates or
 * retired clientRefs in its matching section) is still read while no instruction in it ended on a
 * business date, and refused once one did (its end date is lost). A real one, written by a build of
 * format 7, is in the journal module's journal-v5 (JournalV5Test). Made here from a format-8 snapshot of the
 * same state, rewritten in format 7's layout, of a state whose end dates are all unknown (an instruction
 * cancelled before the first business date ends on date 0), so that its recorded state hash is the one
 * format 7 recorded.
 */
class SnapshotFormat7Test
{
    /** An instruction's fields in format 7, in bytes: clientRef ... endReason. */
    private static final int INSTRUCTION_BYTES = 81;

    @Test
    void shouldReadAFormat7SnapshotAndPurgeFromItsSettlementDate() throws IOException
    {
        final EngineFixture f = new EngineFixture(new EngineConfig(), false);
        f.ok(f.command.setRetention(OPS, 0, 0));
        f.ok(f.command.setInstructionExpiry(OPS, 0, 17));
        f.apply(f.command.submitInstruction(BANK_A, 0, 0x1234_5678L, Side.BUY, BANK_B, ACME, USD, 10, 1_000, TODAY, DealType.DVP));
        assertEquals(EventType.INSTRUCTION_ENDED, f.one(f.command.cancelInstruction(BANK_A, 0, 1)).type);
        f.apply(f.command.submitInstruction(BANK_A, 0, 2, Side.BUY, BANK_B, ACME, USD, 10, 1_000, TODAY, DealType.DVP));

        final byte[] format7 = toFormat7(plain(SnapshotPropertiesTest.snapshot(f.engine)));
        final SettlementEngine restored = EngineSnapshot.read(new ByteArrayInputStream(chunked(format7)));

        assertEquals(f.engine.stateHash(), restored.stateHash(), "the state hash format 7 recorded");
        assertEquals(List.of(), restored.checkInvariants());
        final EngineFixture r = EngineFixture.over(restored);
        assertEquals(InstructionStatus.CANCELLED.value(), r.one(r.command.queryInstruction(AUDIT, 0, 1)).instructionStatus);
        r.apply(r.command.advanceBusinessDate(OPS, 0, Dates.plusDays(TODAY, 1)));
        assertEquals(Reason.INSTRUCTION_PURGED, r.one(r.command.queryInstruction(AUDIT, 0, 1)).reason,
            "its end date unknown, retention counts from its settlement date");
        assertEquals(InstructionStatus.UNMATCHED.value(), r.one(r.command.queryInstruction(AUDIT, 0, 2)).instructionStatus);
        assertEquals(3, r.apply(r.command.submitInstruction(BANK_B, 0, 9, Side.SELL, BANK_A, ACME, USD, 10, 1_000, TODAY,
            DealType.DVP)).get(0).instructionId, "ids go on after the two read");
    }

    /**
     * Once a business date is set, an instruction that ended has an end date, which retention counts from
     * and format 7 did not keep: read from format 7 it would be purged on another date than a replay
     * purges it, so such a snapshot is refused (recovery then replays from an older one or the journal).
     */
    @Test
    void shouldRefuseAFormat7SnapshotHoldingAnInstructionEndedOnABusinessDate() throws IOException
    {
        final EngineFixture f = new EngineFixture(new EngineConfig(), false);
        f.ok(f.command.setRetention(OPS, 0, 0));
        f.ok(f.command.setInstructionExpiry(OPS, 0, 17));
        f.apply(f.command.advanceBusinessDate(OPS, 0, TODAY));
        f.apply(f.command.submitInstruction(BANK_A, 0, 0x1234_5678L, Side.BUY, BANK_B, ACME, USD, 10, 1_000, TODAY, DealType.DVP));
        assertEquals(EventType.INSTRUCTION_ENDED, f.one(f.command.cancelInstruction(BANK_A, 0, 1)).type);
        f.apply(f.command.submitInstruction(BANK_A, 0, 2, Side.BUY, BANK_B, ACME, USD, 10, 1_000, TODAY, DealType.DVP));

        final byte[] format7 = toFormat7(plain(SnapshotPropertiesTest.snapshot(f.engine)));
        final IOException refused = assertThrows(IOException.class,
            () -> EngineSnapshot.read(new ByteArrayInputStream(chunked(format7))));
        assertTrue(refused.getMessage().contains("format 7") && refused.getMessage().contains("instruction 1, ended (CANCELLED)")
            && refused.getMessage().contains("without the date it ended"), refused.getMessage());
    }

    /** Format 8 to format 7: the version; the matching section without ids issued and purged, ids, end dates, retired clientRefs. */
    private static byte[] toFormat7(final byte[] v8)
    {
        final ByteBuffer pattern = ByteBuffer.allocate(36).putInt(17).putInt(0).putLong(2).putLong(0).putInt(2).putLong(1);
        final int at = indexOf(v8, pattern.array());
        assertTrue(at > 0, "the matching section");
        assertEquals(8, ByteBuffer.wrap(v8, 8, 4).getInt(), "written in format 8");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(v8, 0, 8);
        out.writeBytes(ByteBuffer.allocate(4).putInt(7).array());
        out.write(v8, 12, at + 8 - 12); // to the expiry and the count of tolerances
        int from = at + 8 + 16; // past the ids issued and purged
        out.write(v8, from, 4); // the count of instructions
        from += 4;
        for (int i = 0; i < 2; i++)
        {
            from += 8; // the instructionId
            out.write(v8, from, INSTRUCTION_BYTES);
            from += INSTRUCTION_BYTES + 4; // and the end date
        }
        out.write(v8, from, 12); // matched deals purged, the count of live matched deals (0)
        from += 12;
        assertEquals(-1, ByteBuffer.wrap(v8, from, 4).getInt(), "no retired clientRefs");
        from += 4;
        out.write(v8, from, v8.length - from);
        return out.toByteArray();
    }

    private static int indexOf(final byte[] in, final byte[] pattern)
    {
        outer:
        for (int i = 0; i + pattern.length <= in.length; i++)
        {
            for (int j = 0; j < pattern.length; j++)
            {
                if (in[i + j] != pattern[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] plain(final byte[] snapshot) throws IOException
    {
        return new ChecksummedChunks.In(new ByteArrayInputStream(snapshot)).readAllBytes();
    }

    private static byte[] chunked(final byte[] plain) throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ChecksummedChunks.Out out = new ChecksummedChunks.Out(bytes))
        {
            out.write(plain, 0, plain.length);
        }
        return bytes.toByteArray();
    }
}
