package io.settlement.benchmarks;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Several builds' settlement cycles in one JVM, batch by batch: each build's {@link CycleBatches} in a class
 * loader of its own (its directory's {@code classes/}, where CycleBatches was compiled against the build's
 * jar, then its {@code benchmarks.jar}), the builds taking turns every batch (the first of each turn
 * rotating), so that every build meets the same load on a shared machine within milliseconds of the
 * others. Prints per build the DvP deals settled per CPU second of the cycle (median, upper quartile and
 * best batch; the first fifth of the batches are not counted) and the median of the per-batch ratios to
 * the first build's batch of the same turn, with their quartiles.
 *
 * <pre>
 *   java -cp benchmarks.jar io.settlement.benchmarks.PairedCycles BATCHES BUILD_DIR...
 * </pre>
 */
public final class PairedCycles
{
    private PairedCycles()
    {
    }

    public static void main(final String[] args) throws ReflectiveOperationException, MalformedURLException
    {
        if (args.length < 2)
        {
            System.err.println("usage: PairedCycles BATCHES BUILD_DIR...");
            System.exit(2);
        }
        final int batches = Integer.parseInt(args[0]);
        final int builds = args.length - 1;
        final LongSupplier[] cycles = new LongSupplier[builds];
        for (int b = 0; b < builds; b++)
        {
            final File dir = new File(args[b + 1]);
            final URLClassLoader loader = new URLClassLoader(
                new URL[] {new File(dir, "classes").toURI().toURL(), new File(dir, "benchmarks.jar").toURI().toURL()},
                ClassLoader.getPlatformClassLoader());
            cycles[b] = (LongSupplier)loader.loadClass(CycleBatches.class.getName()).getConstructor().newInstance();
        }
        final int warmup = batches / 5;
        final double[][] rate = new double[builds][batches - warmup];
        for (int batch = 0; batch < batches; batch++)
        {
            for (int turn = 0; turn < builds; turn++)
            {
                final int b = (batch + turn) % builds;
                final long cpuNs = cycles[b].getAsLong();
                if (batch >= warmup)
                {
                    rate[b][batch - warmup] = CycleBatches.BATCH * 1e9 / Math.max(1, cpuNs);
                }
            }
        }
        for (int b = 0; b < builds; b++)
        {
            final double[] ratio = new double[batches - warmup];
            for (int i = 0; i < ratio.length; i++)
            {
                ratio[i] = rate[b][i] / rate[0][i];
            }
            final double[] sorted = rate[b].clone();
            Arrays.sort(sorted);
            Arrays.sort(ratio);
            final int n = sorted.length;
            System.out.printf("%-12s per CPU s median %,.0f  p75 %,.0f  best %,.0f   per-batch ratio to %s: median %.3f (quartiles %.3f-%.3f)%n",
                new File(args[b + 1]).getName(), sorted[n / 2], sorted[n * 3 / 4], sorted[n - 1],
                new File(args[1]).getName(), ratio[n / 2], ratio[n / 4], ratio[n * 3 / 4]);
        }
    }
}
