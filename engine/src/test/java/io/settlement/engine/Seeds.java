package io.settlement.engine;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

/**
 * The seeds of the property tests (each seed is one {@link RandomCommands} stream).
 *
 * <p>Every test has a fixed list, so that every run, CI included, tries the same streams and a
 * failure names a seed that reproduces it. The list depends only on the test's name and size:
 * SplitMix64 over the name's {@link String#hashCode} (both fully specified, so the seeds are the
 * same on every JDK).
 *
 * <p>For a longer soak run, set the system property {@value #EXTRA_SEEDS_PROPERTY} to n: every
 * test then also runs n random seeds (the same n for every test, printed once), for example
 * {@code mvn -pl engine test -Dsettlement.test.seeds=200}.
 */
final class Seeds
{
    static final String EXTRA_SEEDS_PROPERTY = "settlement.test.seeds";

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds()
    {
    }

    /** {@code count} fixed seeds for the test called {@code name}, then the extra random ones, if asked for. */
    static LongStream of(final String name, final int count)
    {
        final long salt = name.hashCode();
        final LongStream fixed = LongStream.range(0, count).map(i -> mix64(salt + GOLDEN_GAMMA * (i + 1)));
        return LongStream.concat(fixed, Arrays.stream(Extra.SEEDS));
    }

    /** SplitMix64's finaliser. */
    private static long mix64(final long value)
    {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The random seeds of this JVM, drawn and printed once, when a test first asks for seeds. */
    private static final class Extra
    {
        static final long[] SEEDS = draw();

        private static long[] draw()
        {
            final String value = System.getProperty(EXTRA_SEEDS_PROPERTY);
            if (value == null || value.isBlank())
            {
                return new long[0];
            }
            final int count;
            try
            {
                count = Integer.parseInt(value.trim());
            }
            catch (final NumberFormatException e)
            {
                throw new IllegalArgumentException(EXTRA_SEEDS_PROPERTY + " must be a count of seeds, not '" + value + "'", e);
            }
            if (count < 0)
            {
                throw new IllegalArgumentException(EXTRA_SEEDS_PROPERTY + " must not be negative: " + count);
            }
            final long[] seeds = new SplittableRandom().longs(count).toArray();
            System.out.println(EXTRA_SEEDS_PROPERTY + "=" + count + ": every property test also runs the random seeds "
                + Arrays.toString(seeds));
            return seeds;
        }
    }
}
