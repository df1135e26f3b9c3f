package io.settlement.cluster;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A cluster node run as a process of its own ({@link ClusterNodeCommand}), with this JVM's java, class
 * path and module flags: what {@code settlement cluster --nodes 3} starts, and what the tests kill.
 * The node's output goes to NODE_DIR/node.log (appended: a restarted node adds to it). The node watches this
 * process ({@code --parent-pid}) and stops in order when it is gone, killed with SIGKILL included.
 */
public final class NodeProcess
{
    private final ClusterNodeConfig config;
    private final List<String> jvmFlags;
    private final String heap;
    private final String mainClass;
    private Process process;
    private long logOffsetAtStart;

    /**
     * @param jvmFlags the JVM's module and system flags for the node (the project's one list)
     * @param heap     the node's -Xmx value, e.g. "512m"
     */
    public NodeProcess(final ClusterNodeConfig config, final List<String> jvmFlags, final String heap)
    {
        this(config, jvmFlags, heap, ClusterNodeCommand.class.getName());
    }

    /** A node run by another main class taking {@link ClusterNodeCommand}'s arguments (tests: a node that can be cut off). */
    NodeProcess(final ClusterNodeConfig config, final List<String> jvmFlags, final String heap, final String mainClass)
    {
        this.mainClass = mainClass;
        this.config = config;
        this.jvmFlags = List.copyOf(jvmFlags);
        this.heap = heap;
    }

    /** The flags this JVM was started with that a node needs too (--add-exports/opens, -D, native access). */
    public static List<String> inheritedJvmFlags()
    {
        final List<String> flags = new ArrayList<>();
        for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (argument.startsWith("--add-") || argument.startsWith("-D") || argument.startsWith("--enable-native-access")
                || argument.startsWith("--sun-misc-unsafe-memory-access"))
            {
                flags.add(argument);
            }
        }
        return flags;
    }

    public ClusterNodeConfig config()
    {
        return config;
    }

    /** Starts the node's process (again, after a kill: same directory, same ports). */
    public synchronized void start() throws IOException
    {
        if (process != null && process.isAlive())
        {
            throw new IllegalStateException("node " + config.memberId() + " is already running (pid " + process.pid() + ")");
        }
        Files.createDirectories(config.directory());
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmFlags);
        command.add("-Xmx" + heap);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.add("--id=" + config.memberId());
        command.add("--hosts=" + String.join(",", config.hosts()));
        command.add("--base-port=" + config.basePort());
        command.add("--dir=" + config.directory());
        command.add("--heartbeat-interval-ms=" + config.heartbeatIntervalMs());
        command.add("--heartbeat-timeout-ms=" + config.heartbeatTimeoutMs());
        command.add("--election-timeout-ms=" + config.electionTimeoutMs());
        command.add("--snapshot-interval-s=" + config.snapshotIntervalS());
        // the node stops when this process is gone (SIGKILL included) rather than run on as an orphan
        command.add("--parent-pid=" + ProcessHandle.current().pid());
        final Path log = log();
        logOffsetAtStart = Files.exists(log) ? Files.size(log) : 0;
        process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    }

    /** SIGKILL (Process.destroyForcibly on Linux): no shutdown hook, nothing flushed. Waits for the process to end. */
    public synchronized void kill() throws InterruptedException
    {
        if (process != null)
        {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM: the node closes in order. Waits up to {@code timeoutMs}, then kills it. */
    public void stop(final long timeoutMs) throws InterruptedException
    {
        terminate();
        awaitExit(timeoutMs);
    }

    /** Sends SIGTERM and returns (several nodes stop in parallel: terminate each, then {@link #awaitExit} each). */
    public synchronized void terminate()
    {
        if (process != null && process.isAlive())
        {
            process.destroy();
        }
    }

    /** Waits up to {@code timeoutMs} for the process to end, then kills it. */
    public synchronized void awaitExit(final long timeoutMs) throws InterruptedException
    {
        if (process != null && !process.waitFor(timeoutMs, TimeUnit.MILLISECONDS))
        {
            kill();
        }
    }

    public synchronized boolean isAlive()
    {
        return process != null && process.isAlive();
    }

    public synchronized long pid()
    {
        return process != null ? process.pid() : -1;
    }

    /** The node's output: NODE_DIR/node.log. */
    public Path log()
    {
        return config.directory().resolve("node.log");
    }

    /** True once the node, since its last {@link #start}, has said in its log that it started. */
    public synchronized boolean hasStarted()
    {
        return readLog(logOffsetAtStart).contains("node " + config.memberId() + " of " + config.hosts().size() + " started");
    }

    /** The last {@code lines} lines of the node's log since its last {@link #start}. */
    public synchronized String logTail(final int lines)
    {
        final String[] all = readLog(logOffsetAtStart).split("\n");
        return String.join("\n", Arrays.asList(all).subList(Math.max(0, all.length - lines), all.length));
    }

    private String readLog(final long from)
    {
        final Path log = log();
        try (FileChannel channel = FileChannel.open(log))
        {
            // the end is what matters: at most the last 64 KiB
            final long start = Math.max(from, channel.size() - 65_536);
            final ByteBuffer bytes = ByteBuffer.allocate((int)Math.max(0, channel.size() - start));
            while (bytes.hasRemaining() && channel.read(bytes, start + bytes.position()) > 0)
            {
                // read on
            }
            return new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            return "";
        }
    }

    /** The process's exit code, or -1 while it runs (or before it started). */
    public synchronized int exitCode()
    {
        return process == null || process.isAlive() ? -1 : process.exitValue();
    }

    /** Waits for the process to end; @return its exit code. */
    public int waitFor() throws InterruptedException
    {
        final Process running;
        synchronized (this)
        {
            running = process;
        }
        return running == null ? 0 : running.waitFor();
    }
}
