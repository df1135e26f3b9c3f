package io.settlement.engine.pipeline;

import io.settlement.engine.api.Command;

/**
 * One pre-allocated slot of the ring: the command and who sent it. Filled by translators, never
 * allocated per command. The outcomes do not travel in the slot: stage 2 streams them into the
 * bounded {@link OutcomeLog}, so a slot is the same size whatever its command caused.
 */
public final class CommandSlot
{
    public final Command command = new Command();
    /** The session that sent the command, for routing its replies (0: nobody waits for them). */
    public long sessionId;
}
