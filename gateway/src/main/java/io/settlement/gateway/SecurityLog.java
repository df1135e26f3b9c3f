package io.settlement.gateway;

/**
 * Where the gateway's security events go, one line each (logons, failed and throttled logons,
 * lockouts and lifts, protocol rejects, slow-consumer cuts, idle timeouts). Repeats are already
 * summarised before they reach it, so a flood writes a bounded number of lines. Called from the
 * gateway's threads; an implementation must be thread-safe and should not block for long. A line it
 * throws on is written to the gateway's own logger at ERROR instead, and the gateway carries on.
 *
 * <p>The default, {@link #slf4j()}, writes to the SLF4J logger {@value #LOGGER_NAME} at INFO; the
 * application's logging configuration adds the timestamps.
 */
@FunctionalInterface
public interface SecurityLog
{
    /** The SLF4J logger name of the default sink. */
    String LOGGER_NAME = "settlement.security";

    /** One event (or one summary of repeats), as one line without a line break. */
    void write(String line);

    /** Writes each line to the SLF4J logger {@value #LOGGER_NAME} at INFO. */
    static SecurityLog slf4j()
    {
        final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(LOGGER_NAME);
        return logger::info;
    }
}
