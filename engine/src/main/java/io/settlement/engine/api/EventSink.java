package io.settlement.engine.api;

import org.agrona.DirectBuffer;

/**
 * Receives every outcome of the engine, in order. Both views of one event are given: the decoded
 * fields and the engine's encoding of them (what the event journal stores and what the running
 * event hash covers). Both are valid only during the call.
 */
@FunctionalInterface
public interface EventSink
{
    EventSink NONE = (event, buffer, offset, length) -> {};

    void onEvent(Event event, DirectBuffer buffer, int offset, int length);
}
