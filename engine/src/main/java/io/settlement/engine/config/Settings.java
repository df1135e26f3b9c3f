package io.settlement.engine.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * What every component's context shares (Aeron's {@code Context} habit): reading its settings from
 * system properties by name, parsing a setting's text, and the range checks its {@code conclude()}
 * makes. Whole numbers may carry {@code _} separators ({@code 1_000_000}). Precedence, for every
 * context: a setter (or the server's configuration file, or a command-line option) overrides a system
 * property, which overrides the default.
 */
public final class Settings
{
    private Settings()
    {
    }

    /** For each of {@code properties} given in {@code source} (system properties: {@code System::getProperty}), {@code set} it. */
    public static void read(final List<String> properties, final UnaryOperator<String> source, final BiConsumer<String, String> set)
    {
        for (final String property : properties)
        {
            final String value = source.apply(property);
            if (value != null)
            {
                set.accept(property, value.trim());
            }
        }
    }

    /** A whole number ({@code _} separators allowed), else an exception naming the setting. */
    public static long parseLong(final String property, final String text)
    {
        try
        {
            return Long.parseLong(text.replace("_", ""));
        }
        catch (final NumberFormatException ex)
        {
            throw new SettingException(property, text, "is not a whole number");
        }
    }

    /**
     * A whole number that fits in an int; one that does not is out of the setting's range
     * {@code [min, max]} (named in the exception) whatever it is.
     */
    public static int parseInt(final String property, final String text, final long min, final long max)
    {
        final long number = parseLong(property, text);
        if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE)
        {
            throw outOfRange(property, text, min, max);
        }
        return (int)number;
    }

    /** {@code true} or {@code false} (any case), else an exception naming the setting. */
    public static boolean parseBoolean(final String property, final String text)
    {
        if ("true".equalsIgnoreCase(text))
        {
            return true;
        }
        if ("false".equalsIgnoreCase(text))
        {
            return false;
        }
        throw new SettingException(property, text, "is not true or false");
    }

    /** One of the enum's constants by name (any case), else an exception naming the setting and the choices. */
    public static <E extends Enum<E>> E parseEnum(final String property, final String text, final Class<E> type)
    {
        try
        {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new SettingException(property, text, "is not one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    /** @throws SettingException unless {@code min <= value <= max}. */
    public static void checkRange(final String property, final long value, final long min, final long max)
    {
        if (value < min || value > max)
        {
            throw outOfRange(property, Long.toString(value), min, max);
        }
    }

    /** @throws SettingException unless {@code value} is a power of two in {@code [min, max]}. */
    public static void checkPowerOfTwo(final String property, final long value, final long min, final long max)
    {
        if (value < min || value > max || Long.bitCount(value) != 1)
        {
            throw new SettingException(property, Long.toString(value), "is out of range (a power of two, " + min + " to " + max + ")");
        }
    }

    /** @throws SettingException when a setting that must be given is not. */
    public static void checkGiven(final String property, final Object value)
    {
        if (value == null)
        {
            throw new SettingException(property, "null", "is required");
        }
    }

    /** @throws SettingException when a text setting is empty. */
    public static void checkNotEmpty(final String property, final String value)
    {
        if (value == null || value.isBlank())
        {
            throw new SettingException(property, String.valueOf(value), "must not be empty");
        }
    }

    public static SettingException outOfRange(final String property, final String value, final long min, final long max)
    {
        return new SettingException(property, value, "is out of range (" + min + " to " + max + ")");
    }
}
