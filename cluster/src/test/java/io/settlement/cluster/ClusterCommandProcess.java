package io.settlement.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine;

/**
 * {@code settlement cluster} in a JVM of its own (its {@link #main} runs {@link ClusterCommand}), so a test can
 * kill it with SIGKILL or watch it exit; its output goes to a file. Closing it kills it and every node it started.
 */
final class ClusterCommandProcess implements AutoCloseable
{
    private static final Pattern NODE_PID = Pattern.compile("node (\\d+): pid (\\d+),");

    final Path directory;
    final Path output;
    final int basePort;
    final Process process;

    ClusterCommandProcess(final Path root, final int nodes) throws IOException
    {
        this(root, nodes, randomBasePort());
    }

    ClusterCommandProcess(final Path root, final int nodes, final int basePort) throws IOException
    {
        this.directory = root.resolve("cluster");
        this.output = root.resolve("cluster-command.out");
        this.basePort = basePort;
        final String flags = System.getProperty("settlement.jvm.flags", "");
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        Arrays.stream(flags.trim().split("\\s+")).filter(f -> !f.isEmpty()).forEach(command::add);
        command.add("-Xmx128m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ClusterCommandProcess.class.getName());
        command.add("--nodes=" + nodes);
        command.add("--dir=" + directory);
        command.add("--base-port=" + basePort);
        command.add("--snapshot-interval-s=0");
        command.add("--node-heap=256m");
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    /** Below the kernel's ephemeral range, as TestCluster's. */
    static int randomBasePort()
    {
        return 20_000 + 100 * ThreadLocalRandom.current().nextInt(127);
    }

    public static void main(final String[] args)
    {
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
        System.exit(new CommandLine(new ClusterCommand()).execute(args));
    }

    String output()
    {
        try
        {
            return Files.exists(output) ? Files.readString(output) : "";
        }
        catch (final IOException ex)
        {
            return "(unreadable: " + ex + ")";
        }
    }

    /** The pids of the nodes the command says it started, by member id (-1: not yet). */
    long[] nodePids(final int nodes)
    {
        final long[] pids = new long[nodes];
        Arrays.fill(pids, -1);
        final Matcher matcher = NODE_PID.matcher(output());
        while (matcher.find())
        {
            pids[Integer.parseInt(matcher.group(1))] = Long.parseLong(matcher.group(2));
        }
        return pids;
    }

    Path nodeDirectory(final int member)
    {
        return directory.resolve("node" + member);
    }

    String nodeLog(final int member)
    {
        try
        {
            final Path log = nodeDirectory(member).resolve("node.log");
            return Files.exists(log) ? Files.readString(log) : "";
        }
        catch (final IOException ex)
        {
            return "(unreadable: " + ex + ")";
        }
    }

    @Override
    public void close() throws InterruptedException
    {
        // a node still running after its test (the test failed) must not outlive it
        final List<ProcessHandle> nodes = new ArrayList<>();
        for (final long pid : nodePids(9))
        {
            if (pid > 0)
            {
                ProcessHandle.of(pid).ifPresent(nodes::add);
            }
        }
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        for (final ProcessHandle node : nodes)
        {
            node.destroyForcibly();
        }
    }
}
