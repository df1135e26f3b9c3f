package io.settlement.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks (engine registration and settlement, codecs, journal append, the raw
 * Disruptor hop ceiling) with the GC profiler and writes JSON for perf-results/.
 * Forked JVMs get the project's one JVM flag list (copied from the parent pom into the jar at
 * build time) plus {@code -Dagrona.disable.bounds.checks=true}, as a production launch would.
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar io.settlement.benchmarks.EngineBenchmarks [--quick] [out.json]
 * </pre>
 */
public final class EngineBenchmarks
{
    private EngineBenchmarks()
    {
    }

    public static void main(final String[] args) throws RunnerException, IOException
    {
        boolean quick = false;
        String out = "perf-results/engine-jmh.json";
        for (final String arg : args)
        {
            if ("--quick".equals(arg))
            {
                quick = true;
            }
            else
            {
                out = arg;
            }
        }
        final Path outPath = Path.of(out);
        if (outPath.getParent() != null)
        {
            Files.createDirectories(outPath.getParent());
        }

        final List<String> jvmArgs = new ArrayList<>(jvmFlags());
        jvmArgs.add("-Dagrona.disable.bounds.checks=true");
        final ChainedOptionsBuilder options = new OptionsBuilder()
            .include(DealRegistrationBenchmark.class.getSimpleName())
            .include(SettlementCycleBenchmark.class.getSimpleName())
            .include(CodecBenchmark.class.getSimpleName())
            .include(JournalAppendBenchmark.class.getSimpleName())
            .include(DisruptorHopBenchmark.class.getSimpleName())
            .addProfiler(GCProfiler.class)
            .jvmArgsAppend(jvmArgs.toArray(new String[0]))
            .shouldFailOnError(true)
            .resultFormat(ResultFormatType.JSON)
            .result(outPath.toString());
        if (quick)
        {
            options.warmupIterations(2).warmupTime(TimeValue.seconds(1))
                .measurementIterations(3).measurementTime(TimeValue.seconds(1));
        }
        final Collection<RunResult> results = new Runner(options.build()).run();
        System.out.println();
        for (final RunResult result : results)
        {
            final String name = result.getParams().getBenchmark();
            System.out.printf("%-70s %,14.0f ops/s  %6.2f B/op%n", name,
                result.getPrimaryResult().getScore(),
                result.getSecondaryResults().get("gc.alloc.rate.norm").getScore());
        }
        System.out.println("JSON: " + outPath.toAbsolutePath());
    }

    /** The parent pom's JVM flag list, as filtered into this jar. */
    static List<String> jvmFlags() throws IOException
    {
        try (InputStream in = EngineBenchmarks.class.getResourceAsStream("/settlement-jvm.flags"))
        {
            if (in == null)
            {
                throw new IllegalStateException("settlement-jvm.flags missing from the classpath: build with Maven");
            }
            final List<String> flags = new ArrayList<>();
            for (final String flag : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split("\\s+"))
            {
                if (!flag.isEmpty())
                {
                    flags.add(flag);
                }
            }
            return flags;
        }
    }
}
