package io.settlement.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording's method samples as text: samples per thread, the hottest methods by self and by
 * total (inclusive) samples, and every stack collapsed to one line ({@code thread;root;...;leaf count},
 * the input of flame graph tools), for samples within a time window. Samples of threads in native code
 * (a system call: msync, a socket write) are counted apart, by the innermost frame of this project that
 * made the call, and collapsed to a file of their own when one is named: they come at another sampling
 * period, so the two are not one flame graph.
 * <p>
 * {@code java -cp benchmarks.jar io.settlement.benchmarks.JfrProfile recording.jfr top.txt collapsed.txt [native.collapsed]}
 */
final class JfrProfile
{
    private static final int TOP = 30;

    private final Map<String, Integer> byThread = new HashMap<>();
    private final Map<String, Integer> self = new HashMap<>();
    private final Map<String, Integer> total = new HashMap<>();
    private final Map<String, Integer> stacks = new HashMap<>();
    private final Map<String, Integer> nativeTop = new HashMap<>();
    private final Map<String, Integer> nativeCaller = new HashMap<>();
    private final Map<String, Integer> nativeStacks = new HashMap<>();
    private int samples;
    private int nativeSamples;

    private JfrProfile()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        write(Path.of(args[0]), Instant.MIN, Instant.MAX, Path.of(args[1]), Path.of(args[2]),
            args.length > 3 ? Path.of(args[3]) : null, args[0]);
    }

    /** Reads the samples of {@code jfr} taken from {@code from} to {@code to} and writes both reports. */
    static void write(final Path jfr, final Instant from, final Instant to, final Path top, final Path collapsed,
        final String title) throws IOException
    {
        write(jfr, from, to, top, collapsed, null, title);
    }

    /** As above, and the native samples' stacks collapsed to {@code nativeCollapsed} unless it is null. */
    static void write(final Path jfr, final Instant from, final Instant to, final Path top, final Path collapsed,
        final Path nativeCollapsed, final String title) throws IOException
    {
        final JfrProfile profile = new JfrProfile();
        try (RecordingFile file = new RecordingFile(jfr))
        {
            while (file.hasMoreEvents())
            {
                final RecordedEvent event = file.readEvent();
                final String type = event.getEventType().getName();
                if ((type.equals("jdk.ExecutionSample") || type.equals("jdk.NativeMethodSample"))
                    && !event.getStartTime().isBefore(from) && !event.getStartTime().isAfter(to))
                {
                    profile.add(event, type.equals("jdk.NativeMethodSample"));
                }
            }
        }
        try (PrintStream out = new PrintStream(Files.newOutputStream(top)))
        {
            profile.report(out, title);
        }
        writeCollapsed(profile.stacks, collapsed);
        if (nativeCollapsed != null)
        {
            writeCollapsed(profile.nativeStacks, nativeCollapsed);
        }
    }

    private static void writeCollapsed(final Map<String, Integer> stacks, final Path file) throws IOException
    {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file)))
        {
            stacks.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> out.println(e.getKey() + " " + e.getValue()));
        }
    }

    private void add(final RecordedEvent event, final boolean inNative)
    {
        final RecordedStackTrace trace = event.getStackTrace();
        final RecordedThread thread = event.getThread("sampledThread");
        final String threadName = thread == null || thread.getJavaName() == null ? "?" : thread.getJavaName();
        final List<String> frames = new ArrayList<>();
        if (trace != null)
        {
            for (final RecordedFrame frame : trace.getFrames())
            {
                frames.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
            }
        }
        final String leaf = frames.isEmpty() ? "?" : frames.get(0);
        final StringBuilder line = new StringBuilder(threadName.replace(' ', '_'));
        for (int i = frames.size() - 1; i >= 0; i--)
        {
            line.append(';').append(frames.get(i));
        }
        if (inNative)
        {
            nativeSamples++;
            nativeTop.merge(threadName + "  " + leaf, 1, Integer::sum);
            final String caller = frames.stream().filter(f -> f.startsWith("io.settlement.")).findFirst().orElse("?");
            nativeCaller.merge(threadName + "  " + leaf + "  from " + caller, 1, Integer::sum);
            nativeStacks.merge(line.toString(), 1, Integer::sum);
            return;
        }
        samples++;
        byThread.merge(threadName, 1, Integer::sum);
        self.merge(leaf, 1, Integer::sum);
        final Set<String> seen = new HashSet<>();
        for (final String f : frames)
        {
            if (seen.add(f))
            {
                total.merge(f, 1, Integer::sum);
            }
        }
        stacks.merge(line.toString(), 1, Integer::sum);
    }

    private void report(final PrintStream out, final String title)
    {
        out.printf("%s%n%,d Java execution samples (jdk.ExecutionSample, threads running Java code), %,d native samples%n%n",
            title, samples, nativeSamples);
        section(out, "samples by thread", byThread, samples, TOP);
        section(out, "hottest methods, self (the sample's top frame)", self, samples, TOP);
        section(out, "hottest methods, total (anywhere on the stack)", total, samples, TOP);
        section(out, "native samples by thread and top frame (jdk.NativeMethodSample: waiting in or doing a system call)",
            nativeTop, nativeSamples, 15);
        section(out, "native samples by thread, top frame and the innermost frame of this project that called it",
            nativeCaller, nativeSamples, 15);
    }

    private static void section(final PrintStream out, final String heading, final Map<String, Integer> counts, final int all,
        final int limit)
    {
        out.println(heading + ":");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
            .forEach(e -> out.printf("  %6.2f%%  %7d  %s%n", 100.0 * e.getValue() / Math.max(1, all), e.getValue(), e.getKey()));
        out.println();
    }
}
