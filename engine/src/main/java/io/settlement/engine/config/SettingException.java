package io.settlement.engine.config;

/**
 * A setting refused by a context's {@code conclude()} (or a property value that cannot be read): it
 * names the setting by its property name, the value given and what is wrong with it, e.g.
 * {@code settlement.gateway.port=99999 is out of range (0 to 65535)}.
 */
public final class SettingException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    private final String property;
    private final String value;
    private final String problem;
    private final String relatedProperty;

    /**
     * @param property        the setting's property name.
     * @param value           the value it has, as text.
     * @param problem         what is wrong, e.g. "is out of range (0 to 65535)".
     * @param relatedProperty the other setting a cross-check compared it with, or null.
     */
    public SettingException(final String property, final String value, final String problem, final String relatedProperty)
    {
        super(property + "=" + value + " " + problem);
        this.property = property;
        this.value = value;
        this.problem = problem;
        this.relatedProperty = relatedProperty;
    }

    public SettingException(final String property, final String value, final String problem)
    {
        this(property, value, problem, null);
    }

    /** The property name of the setting refused. */
    public String property()
    {
        return property;
    }

    /** Its value, as text. */
    public String value()
    {
        return value;
    }

    /** What is wrong with it (the message without "property=value"). */
    public String problem()
    {
        return problem;
    }

    /** The setting it was checked against (a cross-check), or null. */
    public String relatedProperty()
    {
        return relatedProperty;
    }
}
