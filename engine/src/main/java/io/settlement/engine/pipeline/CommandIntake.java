package io.settlement.engine.pipeline;

/**
 * Where a channel (the gateway) puts its sessions' commands: the local {@link SettlementPipeline}, or a
 * client of a replicated cluster. The answers come back through the {@link SessionRouter} the channel
 * registers its sessions with, whichever the intake.
 */
public interface CommandIntake
{
    /** A producer stamping its commands with {@code sessionId} (from {@link SessionRouter#newSessionId}). */
    CommandPublisher publisher(long sessionId);

    /** Whether commands are taken now (false: a publisher answers UNAVAILABLE). */
    boolean isAccepting();
}
