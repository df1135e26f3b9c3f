package io.settlement.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape in the Prometheus text format, read into samples: {@code name{label="value",...} number}
 * per line, comments skipped. Enough of the format for the tests' own assertions.
 */
final class Scrape
{
    record Sample(String name, Map<String, String> labels, double value)
    {
    }

    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    final String text;
    final List<Sample> samples = new ArrayList<>();

    Scrape(final String text)
    {
        this.text = text;
        for (final String line : text.split("\n"))
        {
            if (line.isBlank() || line.startsWith("#"))
            {
                continue;
            }
            final int brace = line.indexOf('{');
            final int space = line.lastIndexOf(' ');
            final Map<String, String> labels = new TreeMap<>();
            final String name;
            if (brace >= 0 && brace < space)
            {
                name = line.substring(0, brace);
                final Matcher pair = LABEL.matcher(line.substring(brace + 1, line.lastIndexOf('}')));
                while (pair.find())
                {
                    labels.put(pair.group(1), pair.group(2));
                }
            }
            else
            {
                name = line.substring(0, space);
            }
            samples.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1))));
        }
    }

    /**
     * The value of the one sample of {@code name} whose labels include {@code labelPairs} (name, value, ...).
     *
     * @throws AssertionError when there is none, or more than one.
     */
    double value(final String name, final String... labelPairs)
    {
        Sample found = null;
        for (final Sample sample : samples)
        {
            if (sample.name.equals(name) && matches(sample, labelPairs))
            {
                if (found != null)
                {
                    throw new AssertionError("more than one sample of " + name + " " + List.of(labelPairs) + ":\n" + text);
                }
                found = sample;
            }
        }
        if (found == null)
        {
            throw new AssertionError("no sample of " + name + " " + List.of(labelPairs) + " in:\n" + text);
        }
        return found.value;
    }

    /** True when some sample of {@code name} has {@code labelPairs}. */
    boolean has(final String name, final String... labelPairs)
    {
        return samples.stream().anyMatch(s -> s.name.equals(name) && matches(s, labelPairs));
    }

    private static boolean matches(final Sample sample, final String... labelPairs)
    {
        for (int i = 0; i < labelPairs.length; i += 2)
        {
            if (!labelPairs[i + 1].equals(sample.labels.get(labelPairs[i])))
            {
                return false;
            }
        }
        return true;
    }
}
