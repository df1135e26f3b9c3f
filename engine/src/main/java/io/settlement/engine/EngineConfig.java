package io.settlement.engine;

import java.util.List;
import java.util.function.UnaryOperator;

import io.settlement.engine.config.SettingException;
import io.settlement.engine.config.Settings;

/**
 * The engine's context: settings that never shape an outcome (sizing only). Everything that does is
 * state, set by journaled commands (the retention period: {@code SET_RETENTION}), so that a replay of
 * the journal gives the same results whatever it is configured with.
 *
 * <table>
 *   <caption>settings</caption>
 *   <tr><th>property</th><th>default</th><th>range</th></tr>
 *   <tr><td>{@value #INITIAL_DEAL_CAPACITY_PROP_NAME}</td><td>1024</td><td>1 to 2^30</td></tr>
 * </table>
 *
 * A new context reads the system properties; setters override them; {@link #conclude()} (called by
 * {@link SettlementEngine}'s constructor) checks every setting. The engine itself reads no property
 * or file.
 */
public final class EngineConfig
{
    /** Deal slots allocated up front, so that a known peak of live deals never resizes the slab. */
    public static final String INITIAL_DEAL_CAPACITY_PROP_NAME = "settlement.engine.initial-deal-capacity";
    public static final int INITIAL_DEAL_CAPACITY_DEFAULT = 1024;
    public static final int INITIAL_DEAL_CAPACITY_MIN = 1;
    /** The largest slab a slot (an int) can address, in whole pages. */
    public static final int INITIAL_DEAL_CAPACITY_MAX = 1 << 30;

    /** Every property this context reads. */
    public static final List<String> PROPERTY_NAMES = List.of(INITIAL_DEAL_CAPACITY_PROP_NAME);

    private int initialDealCapacity = INITIAL_DEAL_CAPACITY_DEFAULT;

    /** The defaults, overridden by any of {@link #PROPERTY_NAMES} given as a system property. */
    public EngineConfig()
    {
        this(System::getProperty);
    }

    /** The defaults, overridden by any of {@link #PROPERTY_NAMES} that {@code properties} gives. */
    public EngineConfig(final UnaryOperator<String> properties)
    {
        Settings.read(PROPERTY_NAMES, properties, this::set);
    }

    /**
     * Sets one setting by its property name, from text.
     *
     * @throws SettingException for text that is not a value of the setting's type, or an unknown name.
     */
    public EngineConfig set(final String property, final String value)
    {
        if (INITIAL_DEAL_CAPACITY_PROP_NAME.equals(property))
        {
            return initialDealCapacity(
                Settings.parseInt(property, value, INITIAL_DEAL_CAPACITY_MIN, INITIAL_DEAL_CAPACITY_MAX));
        }
        throw new SettingException(property, value, "is not an engine setting");
    }

    /**
     * Checks every setting.
     *
     * @throws SettingException naming the first setting out of range, its value and the range.
     */
    public EngineConfig conclude()
    {
        Settings.checkRange(INITIAL_DEAL_CAPACITY_PROP_NAME, initialDealCapacity, INITIAL_DEAL_CAPACITY_MIN,
            INITIAL_DEAL_CAPACITY_MAX);
        return this;
    }

    public int initialDealCapacity()
    {
        return initialDealCapacity;
    }

    /** {@value #INITIAL_DEAL_CAPACITY_PROP_NAME}: deal slots allocated up front (default 1024). */
    public EngineConfig initialDealCapacity(final int deals)
    {
        this.initialDealCapacity = deals;
        return this;
    }
}
