package io.settlement.engine;

import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.EventSink;
import io.settlement.engine.api.EventType;
import io.settlement.engine.api.VersionFiveLayout;
import io.settlement.protocol.wire.Reason;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Fills the engine's single reusable {@link Event}, encodes it once, folds the bytes into the
 * running event hash and hands both views to the sink. Allocation-free. Shared by every handler:
 * the outcomes of one command go out through it in order.
 */
final class EventEmitter
{
    private final Event event = new Event();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[EventCodec.MAX_LENGTH]);
    /** An event's version-5 layout, which the hash folds in when it has one ({@link VersionFiveLayout}). */
    private final UnsafeBuffer hashed = new UnsafeBuffer(new byte[EventCodec.MAX_LENGTH]);
    private EventSink sink = EventSink.NONE;
    private CommandRecord command;
    private long runningHash;
    private long eventCount;
    /** False while answering a read-only query: its events reach the sink but not the hash or count. */
    private boolean recording = true;

    void bind(final CommandRecord command, final EventSink sink)
    {
        this.command = command;
        this.sink = sink;
        this.recording = true;
    }

    /** Binds a read-only query: its events are encoded and handed on, but not folded into the hash or counted. */
    void bindReadOnly(final CommandRecord command, final EventSink sink)
    {
        bind(command, sink);
        this.recording = false;
    }

    /** A new event answering the current command (its sequence, correlation id and submitter). */
    Event reply(final EventType type)
    {
        return event.reset(type, command.sequence(), command.correlationId(), command.submitterId());
    }

    /** A new unsolicited event caused by the current command (correlation id and submitter 0). */
    Event notice(final EventType type)
    {
        return event.reset(type, command.sequence(), 0, 0);
    }

    /** Emits the COMMAND_RESULT of the current command: OK, or why it was refused. */
    void result(final Reason reason)
    {
        final Event e = reply(EventType.COMMAND_RESULT);
        e.commandType = command.type().code();
        e.reason = reason;
        emit();
    }

    void emit()
    {
        final int length = EventCodec.encode(event, buffer, 0);
        if (recording)
        {
            // a repeat's deal and end reason (version 6) are not hashed: a journal of version 5 hashes as its build hashed it
            // (only an INSTRUCTION_ACCEPTED has such a layout: every other event is hashed as encoded, without a look)
            final int earlier = event.type == EventType.INSTRUCTION_ACCEPTED ? VersionFiveLayout.of(buffer, 0, length, hashed, 0) : -1;
            runningHash = earlier < 0 ? Hashing.combine(runningHash, buffer, 0, length) : Hashing.combine(runningHash, hashed, 0, earlier);
            eventCount++;
        }
        sink.onEvent(event, buffer, 0, length);
    }

    long runningHash()
    {
        return runningHash;
    }

    long eventCount()
    {
        return eventCount;
    }

    void restore(final long runningHash, final long eventCount)
    {
        this.runningHash = runningHash;
        this.eventCount = eventCount;
    }
}
