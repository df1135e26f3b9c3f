package io.settlement.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.CRC32C;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.EventSink;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The engine's output on fixed random command streams ({@link RandomCommands}: limits of every kind set,
 * raised and lowered, on both sides of counterparty pairs, deals that use and release them, queries of the
 * limit tables, snapshots) is exactly what the build before the shared counterparty utilisation gave: the
 * same event bytes (a CRC-32C over every event's encoded bytes in order), the same event hash, the same state
 * hash and the same snapshot bytes. The expected figures were printed by that build (commit 4a4204b) running
 * this test; a change to the engine's internals that keeps its outputs keeps them.
 */
class EngineFingerprintTest
{
    private static final int COMMANDS = 20_000;

    @Test
    void grossStreamGivesTheRecordedOutputs() throws IOException
    {
        assertEquals("events 143531 crc 7c4f21ea eventHash 2ba6a911206c3de1 stateHash ad9a70e43b1bb994 snapshot c5be474a",
            fingerprint(new RandomCommands(0x5EED_0001L)));
    }

    @Test
    void nettedStreamGivesTheRecordedOutputs() throws IOException
    {
        assertEquals("events 37691 crc 1e78db9d eventHash 43e1f2b4734ac58 stateHash d495a8010be6d72d snapshot b9a8db5b",
            fingerprint(new RandomCommands(0x5EED_0002L).withCycleModes(0x5EED_0002L)));
    }

    @Test
    void matchingStreamGivesTheRecordedOutputs() throws IOException
    {
        assertEquals("events 33052 crc 1c5a7e2f eventHash d97efb8e1c5fbbe8 stateHash 30740b61bfec1838 snapshot 22d2140",
            fingerprint(new RandomCommands(0x5EED_0003L).withMatching(0x5EED_0003L)));
    }

    private static String fingerprint(final RandomCommands generator) throws IOException
    {
        final SettlementEngine engine = new SettlementEngine();
        final CRC32C crc = new CRC32C();
        final byte[] scratch = new byte[64 * 1024];
        final long[] events = {0};
        final EventSink sink = (event, buffer, offset, length) ->
        {
            buffer.getBytes(offset, scratch, 0, length);
            crc.update(scratch, 0, length);
            events[0]++;
            generator.observe(event);
        };
        final Command c = new Command();
        for (int i = 0; i < COMMANDS; i++)
        {
            engine.apply(generator.next(c), sink);
        }
        final ByteArrayOutputStream snapshot = new ByteArrayOutputStream();
        EngineSnapshot.write(engine, snapshot);
        final CRC32C snapshotCrc = new CRC32C();
        snapshotCrc.update(snapshot.toByteArray());
        return "events " + events[0] + " crc " + Long.toHexString(crc.getValue())
            + " eventHash " + Long.toHexString(engine.eventHash())
            + " stateHash " + Long.toHexString(engine.stateHash())
            + " snapshot " + Long.toHexString(snapshotCrc.getValue());
    }
}
