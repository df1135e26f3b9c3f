package io.settlement.engine;

/**
 * Settings of the engine. {@code retainFinishedDays} shapes behaviour, so a replay must use the same
 * value: it travels in snapshots. The engine reads no system property or file itself; the
 * launcher maps its configuration onto this object.
 */
public final class EngineConfig
{
    /** Calendar days a settled or cancelled deal stays queryable (and its clientDealId remembered) after its settlement date. */
    public static final int RETAIN_FINISHED_DAYS_DEFAULT = 7;

    /** Deal slots allocated up front, so that a known peak of live deals never resizes the slab. */
    public static final int INITIAL_DEAL_CAPACITY_DEFAULT = 1024;

    private int retainFinishedDays = RETAIN_FINISHED_DAYS_DEFAULT;
    private int initialDealCapacity = INITIAL_DEAL_CAPACITY_DEFAULT;

    public int retainFinishedDays()
    {
        return retainFinishedDays;
    }

    public EngineConfig retainFinishedDays(final int days)
    {
        if (days < 0)
        {
            throw new IllegalArgumentException("retainFinishedDays must be >= 0: " + days);
        }
        this.retainFinishedDays = days;
        return this;
    }

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
