package io.settlement.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.settlement.engine.config.SettingException;
import io.settlement.engine.pipeline.SettlementPipeline;
import io.settlement.journal.SettlementNode;

/**
 * The server file's {@code node} lines: the node's settings ({@link SettlementNode.Config}: {@code durability},
 * {@code snapshots-kept}) and its pipeline's ({@link SettlementPipeline.Context}: {@code topology},
 * {@code wait-strategy}, {@code ring-size}, ...), each by the last part of its property name:
 * {@code node durability=unsynced topology=staged}. They override the system properties; a command-line
 * option ({@code --durability}, {@code --topology}) overrides them. A value the setting refuses is
 * reported at the line that set it.
 */
final class NodeSettings
{
    /** Every property a node line sets, the node's then the pipeline's. */
    private static final List<String> PROPERTY_NAMES = propertyNames();

    /** The value each property was given, by property name. */
    private final Map<String, String> values = new HashMap<>();
    /** For each property a node line set: the (last) line that set it. */
    private final Map<String, Integer> lines = new HashMap<>();

    private static List<String> propertyNames()
    {
        final List<String> names = new ArrayList<>(SettlementNode.Config.PROPERTY_NAMES);
        names.addAll(SettlementPipeline.Context.PROPERTY_NAMES);
        return List.copyOf(names);
    }

    /** The keys a node line takes (the last part of each property name). */
    static List<String> keys()
    {
        return PROPERTY_NAMES.stream().filter(name -> !name.equals(SettlementNode.Config.SYNC_EVERY_BATCH_PROP_NAME))
            .map(NodeSettings::key).toList();
    }

    private static String key(final String property)
    {
        return property.substring(property.lastIndexOf('.') + 1);
    }

    /** One {@code node} line (its words after the first): each key=value read and checked as far as it alone can be. */
    void line(final String[] words, final int lineNumber)
    {
        for (int i = 1; i < words.length; i++)
        {
            final String[] kv = words[i].split("=", 2);
            if (kv.length != 2)
            {
                throw new IllegalArgumentException("node: expected key=value, found '" + words[i] + "'");
            }
            final String property = PROPERTY_NAMES.stream().filter(name -> key(name).equals(kv[0])).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'node' does not take " + kv[0] + " (it takes "
                    + String.join(", ", keys()) + ")"));
            try
            {
                set(new SettlementNode.Config(Path.of("."), name -> null), property, kv[1]);
            }
            catch (final SettingException ex)
            {
                throw new IllegalArgumentException("node " + kv[0] + "=" + ex.value() + " " + ex.problem(), ex);
            }
            values.put(property, kv[1]);
            lines.put(property, lineNumber);
        }
    }

    /** An option's value (it overrides the file's, and is then the option's fault if refused). */
    void option(final String property, final String value)
    {
        values.put(property, value);
        lines.remove(property);
    }

    private static void set(final SettlementNode.Config config, final String property, final String value)
    {
        if (SettlementNode.Config.PROPERTY_NAMES.contains(property))
        {
            config.set(property, value);
        }
        else
        {
            config.pipeline().set(property, value);
        }
    }

    /** The node's context for {@code data}: these settings over the system properties. */
    SettlementNode.Config config(final Path data)
    {
        return new SettlementNode.Config(data, name -> values.containsKey(name) ? values.get(name) : System.getProperty(name));
    }

    /**
     * Checks every setting the way the node will when it starts.
     *
     * @throws IllegalArgumentException naming the file and line for a setting a node line set.
     * @throws SettingException for one it did not (a system property, an option).
     */
    void conclude(final Path file)
    {
        try
        {
            config(file).conclude();
        }
        catch (final SettingException ex)
        {
            final Integer line = lines.get(ex.property());
            if (line == null)
            {
                throw ex;
            }
            throw new IllegalArgumentException(file + ":" + line + ": node " + key(ex.property()) + "=" + ex.value() + " "
                + ex.problem(), ex);
        }
    }
}
