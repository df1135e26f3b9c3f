package io.settlement.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.EventSink;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The engine's output on fixed random command streams ({@link RandomCommands}: limits of every kind set,
 * raised and lowered, on both sides of counterparty pairs, deals that use and release them, queries of the
 * limit tables, snapshots) is exactly what the build before the shared counterparty utilisation gave: the
 * same event bytes (a SHA-256 of every event's encoded bytes in order), the same event hash, the same state
 * hash and the same snapshot bytes. The expected figures were printed by that build (commit 4a4204b) running
 * this test; a change to the engine's internals that keeps its outputs keeps them.
 */
class EngineFingerprintTest
{
    private static final int COMMANDS = 20_000;

    @Test
    void grossStreamGivesTheRecordedOutputs() throws IOException
    {
        assertEquals("events 143531 sha256 c7548a8cfa26d6a2 eventHash 2ba6a911206c3de1 stateHash ad9a70e43b1bb994 snapshot 371e91c2228aa4a2",
            fingerprint(new RandomCommands(0x5EED_0001L)));
    }

    @Test
    void nettedStreamGivesTheRecordedOutputs() throws IOException
    {
        assertEquals("events 37691 sha256 33b490243823f41f eventHash 43e1f2b4734ac58 stateHash d495a8010be6d72d snapshot 2b4c6b9271138e0c",
            fingerprint(new RandomCommands(0x5EED_0002L).withCycleModes(0x5EED_0002L)));
    }

    @Test
    void matchingStreamGivesTheRecordedOutputs() throws IOException
    {
        assertEquals("events 33052 sha256 29fa3d2a04d82f4a eventHash d97efb8e1c5fbbe8 stateHash 30740b61bfec1838 snapshot 9f749e7e2ca14a3f",
            fingerprint(new RandomCommands(0x5EED_0003L).withMatching(0x5EED_0003L)));
    }

    private static String fingerprint(final RandomCommands generator) throws IOException
    {
        final SettlementEngine engine = new SettlementEngine();
        final MessageDigest digest = sha256();
        final byte[] scratch = new byte[64 * 1024];
        final long[] events = {0};
        final EventSink sink = (event, buffer, offset, length) ->
        {
            buffer.getBytes(offset, scratch, 0, length);
            digest.update(scratch, 0, length);
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
        return "events " + events[0] + " sha256 " + hex(digest.digest())
            + " eventHash " + Long.toHexString(engine.eventHash())
            + " stateHash " + Long.toHexString(engine.stateHash())
            + " snapshot " + hex(sha256().digest(snapshot.toByteArray()));
    }

    /** (A CRC would not do: each event ends with the CRC of its bytes, so a running CRC of events is constant.) */
    private static MessageDigest sha256()
    {
        try
        {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException e)
        {
            throw new AssertionError(e);
        }
    }

    /** The first 8 bytes, in hex. */
    private static String hex(final byte[] digest)
    {
        final StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++)
        {
            s.append(String.format("%02x", digest[i]));
        }
        return s.toString();
    }
}
