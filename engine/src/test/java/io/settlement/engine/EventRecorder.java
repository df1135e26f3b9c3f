package io.settlement.engine;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.EventSink;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An {@link EventSink} for the property tests: keeps copies of one command's events and of their
 * encoded bytes, folds every event's bytes into a hash (as the engine's event hash does), and
 * optionally checks that each event re-encodes, and decodes and re-encodes, to the bytes received.
 */
final class EventRecorder implements EventSink
{
    /** The events of the current command, as copies. */
    final List<Event> events = new ArrayList<>();
    /** The ordered fold of every event's bytes received so far. */
    long foldedHash;
    /** Events received so far. */
    long count;

    private final ByteArrayOutputStream commandBytes = new ByteArrayOutputStream();
    private final boolean checkCodec;
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[EventCodec.MAX_LENGTH]);
    private final Event decoded = new Event();

    EventRecorder(final boolean checkCodec)
    {
        this.checkCodec = checkCodec;
    }

    /** Forgets the previous command's events. */
    void startCommand()
    {
        events.clear();
        commandBytes.reset();
    }

    /** The encoded events of the current command, concatenated. */
    byte[] commandBytes()
    {
        return commandBytes.toByteArray();
    }

    @Override
    public void onEvent(final Event event, final DirectBuffer buffer, final int offset, final int length)
    {
        events.add(new Event().copyFrom(event));
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        commandBytes.write(bytes, 0, length);
        foldedHash = Hashing.combine(foldedHash, buffer, offset, length);
        count++;
        if (checkCodec)
        {
            assertEquals(EventCodec.encodedLength(event), length, () -> "length of " + event);
            final int again = EventCodec.encode(event, scratch, 0);
            assertEquals(length, again);
            assertArrayEquals(bytes, Arrays.copyOf(scratch.byteArray(), again), () -> event + " re-encodes to the bytes received");
            assertTrue(EventCodec.decode(buffer, offset, length, decoded), () -> "decoding " + event);
            assertEquals(event.type, decoded.type);
            final int third = EventCodec.encode(decoded, scratch, 0);
            assertArrayEquals(bytes, Arrays.copyOf(scratch.byteArray(), third), () -> event + " decoded and re-encoded");
        }
    }
}
