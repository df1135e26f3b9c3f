package io.settlement.engine;

/**
 * Settings of the engine that never shape an outcome (sizing only): everything that does is state,
 * set by journaled commands (the retention period: {@code SET_RETENTION}), so that a replay of the
 * journal gives the same results whatever it is configured with. The engine reads no system
 * property or file itself; the launcher maps its configuration onto this object.
 */
public final class EngineConfig
{
    /** Deal slots allocated up front, so that a known peak of live deals never resizes the slab. */
    public static final int INITIAL_DEAL_CAPACITY_DEFAULT = 1024;

    private int initialDealCapacity = INITIAL_DEAL_CAPACITY_DEFAULT;

    public int initialDealCapacity()
    {
        return initialDealCapacity;
    }

    public EngineConfig initialDealCapacity(final int deals)
    {
        if (deals < 1)
        {
            throw new IllegalArgumentException("initialDealCapacity must be >= 1: " + deals);
        }
        this.initialDealCapacity = deals;
        return this;
    }
}
