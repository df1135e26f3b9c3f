package io.settlement.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The TCP load test with the load generator in its own JVM: for each server JVM (G1 under Java 17,
 * G1 and generational ZGC under Java 25, and G1 under Java 17 in the other durability than the
 * node's default: msync per batch or none) it starts a {@link LoadServer} process with its GC logged,
 * then a {@link LoadGenerator} process per client count (1, 4, 16 connections: latency at 10K and
 * 100K deals/s offered, then pipelined throughput). Before them it runs the old generator, in the
 * server's JVM ({@link GatewayBenchmarks}), as the baseline of the same run, and after them a JFR
 * profile of the server at 100K deals/s. Each new server is warmed up by a generator whose figures
 * are dropped (as the old generator warms its JVM up), so that no client count pays for it.
 * <p>
 * Writes {@code <out>/issue15-load.txt} (ratios first, then every figure beside the server's GC
 * pauses of the same phase) and, under {@code <out>/issue15-load/}, the .hgrm percentiles, the GC
 * logs of servers and generators, and the profile's top frames and collapsed stacks.
 * <p>
 * {@code java -cp benchmarks.jar io.settlement.benchmarks.TcpLoad [--out DIR] [--quick]}
 */
@Command(name = "tcp-load", mixinStandardHelpOptions = true,
    description = "TCP load with the generator in its own JVM: 1/4/16 connections, G1 vs ZGC, GC pauses, JFR profile.")
public final class TcpLoad implements Callable<Integer>
{
    private static final String MODERN_FLAGS = "--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow";
    private static final Pattern OLD_PIPELINED = Pattern.compile("pipelined throughput, round \\d+: ([0-9,]+) deals/s");
    private static final Pattern OLD_LATENCY = Pattern.compile(
        "latency at ([0-9,]+) deals/s offered for \\d+ s: p50 ([0-9.]+) us, p99 ([0-9.]+) us, p99.9 ([0-9.]+) us, max ([0-9.]+) us");

    @Option(names = "--out", defaultValue = "perf-results", description = "results directory (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--quick", description = "short phases (about 4 minutes in all instead of 7 here)")
    boolean quick;

    @Option(names = "--java17", description = "the Java 17 launcher (default: this JVM's)")
    String java17 = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @Option(names = "--java25", defaultValue = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java",
        description = "the Java 25 launcher, for generational ZGC (default ${DEFAULT-VALUE}); skipped when absent")
    String java25;

    @Option(names = "--connections", split = ",", defaultValue = "1,4,16", description = "client counts (default ${DEFAULT-VALUE})")
    int[] connectionCounts;

    private final List<String> results = new ArrayList<>();
    private final Map<String, String> old = new LinkedHashMap<>();
    /** Each server's durability, as it printed it: msync (each batch synced before it is answered) or none. */
    private final Map<String, String> durability = new LinkedHashMap<>();
    private List<String> flags;
    private String jar;
    private Path detail;
    private int run;

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new TcpLoad()).execute(args));
    }

    @Override
    public Integer call() throws Exception
    {
        detail = out.resolve("issue15-load");
        Files.createDirectories(detail);
        jar = System.getProperty("java.class.path");
        flags = new ArrayList<>();
        try (var in = TcpLoad.class.getResourceAsStream("/settlement-jvm.flags"))
        {
            for (final String flag : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split("\\s+"))
            {
                if (!flag.isEmpty() && !MODERN_FLAGS.contains(flag))
                {
                    flags.add(flag); // the modern ones are added for Java 25 only: Java 17 refuses them
                }
            }
        }
        flags.add("-Dagrona.disable.bounds.checks=true");
        final int seconds = quick ? 2 : 5;
        final int pipelined = quick ? 100_000 : 300_000;
        final String loadBefore = loadAverage();
        final long started = System.nanoTime();

        System.err.println("== old generator, in the server's JVM");
        baseline(seconds);

        final List<String[]> servers = new ArrayList<>();
        servers.add(new String[] {"jdk17-g1", java17, "-XX:+UseG1GC"});
        if (Files.isExecutable(Path.of(java25)))
        {
            servers.add(new String[] {"jdk25-g1", java25, "-XX:+UseG1GC"});
            servers.add(new String[] {"jdk25-zgc", java25, "-XX:+UseZGC"}); // generational: the only ZGC in 25
        }
        for (int s = 0; s < servers.size(); s++)
        {
            final String[] server = servers.get(s);
            System.err.println("== server " + server[0]);
            serve(server[0], server[1], server[2], server.length > 3 ? server[3] : null, (port, gcLog) ->
            {
                warmUp(port, gcLog, pipelined);
                for (final int c : connectionCounts)
                {
                    generate(server[0], port, gcLog, c, "10000,100000", seconds, pipelined, 3);
                }
            });
            if (s == 0)
            {
                // the other durability beside the node's default, same JVM and collector
                final boolean synced = "msync".equals(durability.get(server[0]));
                servers.add(1, new String[] {synced ? "jdk17-g1-nosync" : "jdk17-g1-msync", java17, "-XX:+UseG1GC",
                    synced ? "--no-sync" : "--sync"});
            }
        }

        System.err.println("== JFR profile of the server at 100K deals/s, 4 connections");
        final Path jfr = Files.createTempFile("settlement-load", ".jfr");
        final Instant[] window = new Instant[2];
        final int profileSeconds = quick ? 4 : 10;
        serve("jdk17-g1-jfr", java17, "-XX:+UseG1GC", "-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,method-profiling=max,dumponexit=true", (port, gcLog) ->
        {
            warmUp(port, gcLog, pipelined);
            final Instant begin = Instant.now();
            generate("jdk17-g1-jfr", port, gcLog, 4, "100000", profileSeconds, 0, 2);
            window[0] = begin.plusSeconds(3); // past the generator's start and warm-up
            window[1] = Instant.now();
        });
        JfrProfile.write(jfr, window[0], window[1], detail.resolve("jfr-gateway-100k-top.txt"),
            detail.resolve("jfr-gateway-100k.collapsed"),
            "JFR (settings=profile, method-profiling=max: a Java sample every 1 ms per thread) of the server (Java 17, G1) at 100K deals/s offered over 4 connections, " + profileSeconds
                + " s, warm-up excluded");
        Files.deleteIfExists(jfr);

        report(loadBefore, loadAverage(), (System.nanoTime() - started) / 1e9);
        System.err.println("results in " + out.resolve("issue15-load.txt"));
        return 0;
    }

    /** The old generator, sharing the server's JVM, as run-all.sh runs it, with the same phase length. */
    private void baseline(final int seconds) throws Exception
    {
        final Path dir = Files.createTempDirectory("settlement-load-old");
        final List<String> command = new ArrayList<>(List.of(java17));
        command.addAll(flags);
        command.addAll(List.of("-Xmx8g", "-Xlog:gc:file=" + detail.resolve("old-inprocess-gc.log"), "-cp", jar,
            GatewayBenchmarks.class.getName(), dir.toString(), "--quick", "--seconds=" + seconds));
        int round = 0;
        for (final String line : runToEnd(command))
        {
            Matcher m = OLD_PIPELINED.matcher(line);
            if (m.find())
            {
                old.put("pipelined" + ++round, m.group(1).replace(",", ""));
            }
            m = OLD_LATENCY.matcher(line);
            if (m.find())
            {
                final String rate = m.group(1).replace(",", "");
                old.put(rate + ".p50", m.group(2));
                old.put(rate + ".p99", m.group(3));
                old.put(rate + ".p999", m.group(4));
                old.put(rate + ".max", m.group(5));
            }
        }
        for (final String rate : new String[] {"10", "100", "200"})
        {
            final Path hgrm = dir.resolve("gateway-latency-" + rate + "k.hgrm");
            if (Files.exists(hgrm))
            {
                Files.move(hgrm, detail.resolve("old-inprocess-" + rate + "k.hgrm"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        final ServerGcLog gc = ServerGcLog.read(detail.resolve("old-inprocess-gc.log"), 0);
        old.put("gc", gc.toString());
        Files.deleteIfExists(dir);
    }

    private interface Session
    {
        void run(int port, Path gcLog) throws Exception;
    }

    /** Starts a server in its own JVM, runs {@code session} against it, and stops it by closing its input. */
    /** {@code extra}: a JVM flag ({@code -XX:...}) or a server option ({@code --sync}), or null. */
    private void serve(final String label, final String java, final String gc, final String extra, final Session session)
        throws Exception
    {
        final boolean modern = java.equals(java25);
        final Path gcLog = detail.resolve(label + "-server-gc.log");
        final List<String> command = new ArrayList<>(List.of(java));
        command.addAll(flags);
        if (modern)
        {
            command.addAll(Arrays.asList(MODERN_FLAGS.split(" ")));
        }
        command.addAll(List.of(gc, "-Xms4g", "-Xmx4g", "-Xlog:gc,gc+phases:file=" + gcLog + ":uptime,level,tags"));
        if (extra != null && extra.startsWith("-XX:"))
        {
            command.add(extra);
        }
        command.addAll(List.of("-cp", jar, LoadServer.class.getName(), "8000000"));
        if (extra != null && extra.startsWith("--"))
        {
            command.add(extra); // the server's own option
        }
        final Path errors = Files.createTempFile("settlement-load-server", ".err");
        final Process server = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        try
        {
            final BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line;
            int port = -1;
            while (port < 0 && (line = lines.readLine()) != null)
            {
                if (line.startsWith("DURABILITY "))
            {
                durability.put(label, line.substring("DURABILITY ".length()).trim());
            }
            if (line.startsWith("LISTENING "))
                {
                    port = Integer.parseInt(line.substring("LISTENING ".length()).trim());
                }
            }
            if (port < 0)
            {
                throw new IllegalStateException("server " + label + " did not start: " + tail(errors));
            }
            session.run(port, gcLog);
        }
        finally
        {
            server.getOutputStream().close();
            if (!server.waitFor(60, TimeUnit.SECONDS))
            {
                server.destroy();
                server.waitFor(10, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(errors);
        }
    }

    /**
     * Warms a new server up (its JIT, its structures' first growth) before anything is measured, as the
     * old generator does in its JVM: without it the first client count measured would pay for it.
     */
    private void warmUp(final int port, final Path serverGcLog, final int pipelined) throws Exception
    {
        final Path scratch = Files.createTempDirectory("settlement-load-warmup");
        generate("warm-up", port, serverGcLog, 4, "10000", 2, pipelined, 2, scratch);
        try (var files = Files.list(scratch))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                Files.delete(file);
            }
        }
        Files.delete(scratch);
    }

    private void generate(final String label, final int port, final Path serverGcLog, final int connections, final String rates,
        final int seconds, final int pipelined, final int warmupSeconds) throws Exception
    {
        generate(label, port, serverGcLog, connections, rates, seconds, pipelined, warmupSeconds, detail);
    }

    /** Runs a generator to its end; its RESULT lines are kept unless it is the warm-up (files into {@code dir}). */
    private void generate(final String label, final int port, final Path serverGcLog, final int connections, final String rates,
        final int seconds, final int pipelined, final int warmupSeconds, final Path dir) throws Exception
    {
        final List<String> command = new ArrayList<>(List.of(java17));
        command.addAll(flags);
        command.addAll(List.of("-XX:+UseG1GC", "-Xms1g", "-Xmx1g",
            "-Xlog:gc:file=" + dir.resolve(label + "-" + connections + "c-generator-gc.log"),
            "-cp", jar, LoadGenerator.class.getName(), "--port", Integer.toString(port), "--connections",
            Integer.toString(connections), "--rates", rates, "--seconds", Integer.toString(seconds), "--pipelined",
            Integer.toString(pipelined), "--warmup-seconds", Integer.toString(warmupSeconds),
            "--client-deal-id-base", Long.toString(++run * 10_000_000_000L + 1),
            "--hgrm-prefix", dir.resolve(label + "-" + connections + "c").toString(),
            "--server-gc-log", serverGcLog.toString(), "--label", label));
        for (final String line : runToEnd(command))
        {
            if (line.startsWith("RESULT ") && dir.equals(detail))
            {
                results.add(line);
            }
        }
    }

    /** Runs a process to its end, echoing its output but for log noise, and returns its lines. */
    private static List<String> runToEnd(final List<String> command) throws Exception
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = in.readLine()) != null)
            {
                lines.add(line);
                if (!line.startsWith("RESULT ") && !line.contains(" INFO ") && !line.startsWith("\tat "))
                {
                    System.err.println("  " + line);
                }
            }
        }
        final int exit = process.waitFor();
        if (exit != 0)
        {
            throw new IllegalStateException("exit " + exit + " from " + command.get(command.size() - 1) + ": "
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
        }
        return lines;
    }

    private static String tail(final Path file) throws IOException
    {
        final List<String> lines = Files.readAllLines(file);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private static String loadAverage()
    {
        try
        {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        }
        catch (final IOException ex)
        {
            return "unknown";
        }
    }

    private static Map<String, String> fields(final String result)
    {
        final Map<String, String> fields = new LinkedHashMap<>();
        for (final String pair : result.substring("RESULT ".length()).split(" "))
        {
            final int eq = pair.indexOf('=');
            if (eq > 0)
            {
                fields.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return fields;
    }

    /** The new generator's figure for {@code label}, {@code connections}, kind and rate, or null. */
    private Map<String, String> find(final String label, final int connections, final String kind, final String rate)
    {
        Map<String, String> best = null;
        for (final String r : results)
        {
            final Map<String, String> f = fields(r);
            if (f.get("label").equals(label) && f.get("connections").equals(Integer.toString(connections)) && f.get("kind").equals(kind)
                && (rate == null || f.get("rate").equals(rate)))
            {
                if (best == null || kind.equals("pipelined") && Double.parseDouble(f.get("rate")) > Double.parseDouble(best.get("rate")))
                {
                    best = f;
                }
            }
        }
        return best;
    }

    private void report(final String loadBefore, final String loadAfter, final double secondsInAll) throws IOException
    {
        try (PrintStream o = new PrintStream(Files.newOutputStream(out.resolve("issue15-load.txt"))))
        {
            o.println("# Issue 15: TCP load with the generator in its own JVM (1/4/16 connections, G1 vs generational ZGC)");
            o.println();
            o.println("command: java -cp benchmarks/target/benchmarks.jar io.settlement.benchmarks.TcpLoad --out " + out
                + (quick ? " --quick" : "") + " --connections " + Arrays.toString(connectionCounts).replaceAll("[\\[\\] ]", "")
                + "   (bin/tcp-load; benchmarks/run-all.sh runs it)");
            o.printf("machine: %d cores, load average before %s, after %s; %.0f s in all%n",
                Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter, secondsInAll);
            o.println("server durability (msync: each batch synced before it is answered; none: in the mapped file): " + durability);
            o.println("server: LoadServer, 4 GB heap, its own JVM: G1 under Java 17"
                + " (" + version(java17) + "), G1 and ZGC (generational) under Java 25 (" + version(java25) + ")");
            o.println("generator: LoadGenerator under Java 17, G1, 1 GB heap: one sending thread on a schedule, one reading thread"
                + " (selector); each connection logs on as its own member; latency from each request's scheduled time");
            o.println();
            o.println("## Ratios first: new generator (own JVM, 1 connection, server Java 17 G1) / old generator (server's JVM), same run");
            final Map<String, String> p = find("jdk17-g1", 1, "pipelined", null);
            if (p != null && old.containsKey("pipelined1"))
            {
                final double oldBest = old.entrySet().stream().filter(e -> e.getKey().startsWith("pipelined"))
                    .mapToDouble(e -> Double.parseDouble(e.getValue())).max().orElse(0);
                o.printf("pipelined throughput: %.2fx  (%s vs %.0f deals/s, best round each)%n",
                    Double.parseDouble(p.get("rate")) / oldBest, p.get("rate"), oldBest);
            }
            for (final String rate : new String[] {"10000", "100000"})
            {
                final Map<String, String> l = find("jdk17-g1", 1, "latency", rate);
                if (l != null && old.containsKey(rate + ".p99"))
                {
                    o.printf("%sK/s offered: p50 %.2fx (%s vs %s us), p99 %.2fx (%s vs %s us), p99.9 %.2fx (%s vs %s us)%n",
                        Integer.parseInt(rate) / 1000,
                        ratio(l.get("p50_us"), old.get(rate + ".p50")), l.get("p50_us"), old.get(rate + ".p50"),
                        ratio(l.get("p99_us"), old.get(rate + ".p99")), l.get("p99_us"), old.get(rate + ".p99"),
                        ratio(l.get("p999_us"), old.get(rate + ".p999")), l.get("p999_us"), old.get(rate + ".p999"));
                }
            }
            o.println("old generator's JVM (server and generator together), GC over its whole run: " + old.get("gc"));
            final String synced = durability.containsKey("jdk17-g1-msync") ? "jdk17-g1-msync" : "jdk17-g1";
            final String unsynced = synced.equals("jdk17-g1") ? "jdk17-g1-nosync" : "jdk17-g1";
            if (durability.containsKey(synced) && durability.containsKey(unsynced))
            {
                o.printf("durable (%s) / unsynced (%s), same run, Java 17 G1:%n", synced, unsynced);
                for (final int c : connectionCounts)
                {
                    final Map<String, String> dp = find(synced, c, "pipelined", null);
                    final Map<String, String> up = find(unsynced, c, "pipelined", null);
                    final Map<String, String> d10 = find(synced, c, "latency", "10000");
                    final Map<String, String> u10 = find(unsynced, c, "latency", "10000");
                    if (dp != null && up != null && d10 != null && u10 != null)
                    {
                        o.printf("  %2d connection(s): pipelined %.2fx (%s vs %s deals/s), p50 at 10K/s %.2fx, p99 at 10K/s %.2fx%n", c,
                            ratio(dp.get("rate"), up.get("rate")), dp.get("rate"), up.get("rate"),
                            ratio(d10.get("p50_us"), u10.get("p50_us")), ratio(d10.get("p99_us"), u10.get("p99_us")));
                    }
                }
            }
            o.println();
            o.println("## Latency at a fixed offered rate (us, from the scheduled send time), the server's GC pauses in the same phase");
            o.println("(percentiles of the deals accepted; refused: DealRejected answers, BUSY when the server's ring is full, not"
                + " offered again; the old generator's percentiles include its refusals)");
            o.printf("%-15s %5s %8s %10s %10s %10s %10s %8s  %-33s %s%n", "server", "conns", "offered", "p50", "p99", "p99.9", "max",
                "refused", "server GC pauses: n/total/max ms", "generator: B/request, GCs");
            for (final String r : results)
            {
                final Map<String, String> f = fields(r);
                if (f.get("kind").equals("latency"))
                {
                    o.printf("%-15s %5s %8s %10s %10s %10s %10s %8s  %-33s %s B, %s%n", f.get("label"), f.get("connections"),
                        f.get("rate"), f.get("p50_us"), f.get("p99_us"), f.get("p999_us"), f.get("max_us"), f.get("refused"),
                        f.get("gc_pauses") + " / " + f.get("gc_pause_total_ms") + " / " + f.get("gc_pause_max_ms"),
                        f.get("gen_bytes_per_request"), f.get("gen_collections"));
                }
            }
            o.println();
            o.println("## Pipelined throughput (window 4096 over all connections), the server's GC pauses in the same round");
            o.printf("%-15s %5s %10s %12s %8s  %-33s %s%n", "server", "conns", "deals", "deals/s", "refused",
                "server GC pauses: n/total/max ms", "generator: B/request, GCs");
            for (final String r : results)
            {
                final Map<String, String> f = fields(r);
                if (f.get("kind").equals("pipelined"))
                {
                    o.printf("%-15s %5s %10s %12s %8s  %-33s %s B, %s%n", f.get("label"), f.get("connections"), f.get("deals"),
                        f.get("rate"), f.get("refused"),
                        f.get("gc_pauses") + " / " + f.get("gc_pause_total_ms") + " / " + f.get("gc_pause_max_ms"),
                        f.get("gen_bytes_per_request"), f.get("gen_collections"));
                }
            }
            o.println();
            o.println("## Old generator (in the server's JVM, one connection as the operator), same run");
            old.forEach((k, v) -> o.println(k + ": " + v));
            o.println();
            o.println("## Files (perf-results/issue15-load/)");
            o.println("<server>-<n>c-<rate>k.hgrm: percentiles (us); <server>-server-gc.log: the server's -Xlog:gc,gc+phases;"
                + " <server>-<n>c-generator-gc.log: the generator's -Xlog:gc (no collection after start-up = allocation-free);"
                + " old-inprocess-*: the old generator; jfr-gateway-100k-top.txt: the profile's top frames;"
                + " jfr-gateway-100k.collapsed: its stacks, one per line (flamegraph.pl input)");
            o.println();
            o.println("## JFR profile of the server at 100K deals/s (jfr-gateway-100k-top.txt, first lines)");
            final List<String> top = Files.readAllLines(detail.resolve("jfr-gateway-100k-top.txt"));
            top.subList(0, Math.min(top.size(), 95)).forEach(o::println);
        }
    }

    private static double ratio(final String value, final String base)
    {
        return Double.parseDouble(value) / Double.parseDouble(base);
    }

    private static String version(final String java)
    {
        try
        {
            final Process p = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
            final String first = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .skip(1).findFirst().orElse("?");
            p.waitFor();
            return first.trim();
        }
        catch (final IOException | InterruptedException ex)
        {
            return "unknown";
        }
    }
}
