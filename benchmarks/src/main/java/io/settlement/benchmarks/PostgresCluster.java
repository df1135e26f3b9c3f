package io.settlement.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster in a temporary directory: initdb (trust authentication, one
 * superuser), pg_ctl start on a free loopback port with its Unix socket in the same directory, and
 * on {@link #close()} (also from a shutdown hook) pg_ctl stop -m fast and removal of the directory.
 *
 * <p>initdb refuses to run as root, so when this JVM is root the server runs as an existing
 * unprivileged user ({@code postgres} if present, else {@code nobody}) through runuser (or su), and
 * the directory is handed to that user.
 */
final class PostgresCluster implements AutoCloseable
{
    private static final List<String> BIN_DIRS = List.of("/usr/local/bin", "/usr/lib/postgresql/15/bin");
    private static final int START_ATTEMPTS = 5;

    private final Path bin;
    private final String superuser;
    private final String runAs;
    private final Path dir;
    private final Thread shutdownHook = new Thread(this::close, "postgres-cluster-cleanup");
    private int port;
    private boolean closed;

    private PostgresCluster(final String superuser) throws IOException, InterruptedException
    {
        this.bin = BIN_DIRS.stream().map(Paths::get).filter(d -> Files.isExecutable(d.resolve("initdb")))
            .findFirst().orElseThrow(() -> new IllegalStateException("no initdb in " + BIN_DIRS));
        this.superuser = superuser;
        this.runAs = "0".equals(output("id", "-u")) ? unprivilegedUser() : null;
        this.dir = createDirectory();
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Creates, starts and waits for a cluster whose superuser is {@code superuser}. */
    static PostgresCluster start(final String superuser, final String... settings) throws Exception
    {
        final PostgresCluster cluster = new PostgresCluster(superuser);
        try
        {
            cluster.initdb();
            cluster.startServer(settings);
            cluster.awaitConnections();
            return cluster;
        }
        catch (final Exception | Error e)
        {
            cluster.close();
            throw e;
        }
    }

    String jdbcUrl()
    {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=" + superuser;
    }

    Connection connect() throws SQLException
    {
        return DriverManager.getConnection(jdbcUrl());
    }

    private void initdb() throws IOException, InterruptedException
    {
        run("initdb", List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(),
            "-A", "trust", "-U", superuser, "-E", "UTF8", "--locale=C", "--no-sync"));
    }

    private void startServer(final String... settings) throws IOException, InterruptedException
    {
        for (int attempt = 1; ; attempt++)
        {
            port = freePort();
            final StringBuilder options = new StringBuilder("-p " + port
                + " -c listen_addresses=127.0.0.1 -k " + dir + " -c synchronous_commit=on -c fsync=on");
            for (final String setting : settings)
            {
                options.append(" -c ").append(setting);
            }
            try
            {
                run("pg_ctl-start", List.of(bin.resolve("pg_ctl").toString(), "start", "-w", "-t", "60",
                    "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(),
                    "-o", options.toString()));
                return;
            }
            catch (final IOException e)
            {
                // Lost the race for the port to another process: try another one.
                if (attempt == START_ATTEMPTS || !read(dir.resolve("server.log")).contains("could not bind"))
                {
                    throw new IOException(e.getMessage() + "\n" + read(dir.resolve("server.log")), e);
                }
            }
        }
    }

    private void awaitConnections() throws InterruptedException, SQLException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true)
        {
            try
            {
                connect().close();
                return;
            }
            catch (final SQLException e)
            {
                if (System.nanoTime() > deadline)
                {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            stopServer();
        }
        finally
        {
            deleteDirectory();
            try
            {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            }
            catch (final IllegalStateException alreadyShuttingDown)
            {
                // close() is running from the hook itself
            }
        }
    }

    private void stopServer()
    {
        final Path data = dir.resolve("data");
        if (!Files.exists(data.resolve("postmaster.pid")))
        {
            return;
        }
        for (final String mode : List.of("fast", "immediate"))
        {
            try
            {
                run("pg_ctl-stop", List.of(bin.resolve("pg_ctl").toString(), "stop", "-w", "-t", "60",
                    "-D", data.toString(), "-m", mode));
                return;
            }
            catch (final IOException | InterruptedException e)
            {
                System.err.println("pg_ctl stop -m " + mode + " failed: " + e.getMessage());
            }
        }
        try (Stream<String> lines = Files.lines(data.resolve("postmaster.pid")))
        {
            // Last resort: the postmaster we started, by its process id.
            lines.findFirst().map(Long::parseLong).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
        }
        catch (final IOException | RuntimeException e)
        {
            System.err.println("could not stop the postmaster: " + e);
        }
    }

    private void deleteDirectory()
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path p : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(p);
            }
        }
        catch (final IOException e)
        {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }

    /** Runs a PostgreSQL tool (as {@link #runAs} when root), its output to a file; throws unless it exits 0. */
    private void run(final String name, final List<String> command) throws IOException, InterruptedException
    {
        final Path out = dir.resolve(name + ".out");
        final ProcessBuilder pb = new ProcessBuilder(asUser(command)).directory(dir.toFile())
            .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
        final Process process = pb.start();
        if (!process.waitFor(120, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new IOException(name + " timed out: " + read(out));
        }
        if (process.exitValue() != 0)
        {
            throw new IOException(name + " exited with " + process.exitValue() + ": " + read(out));
        }
    }

    private List<String> asUser(final List<String> command)
    {
        if (runAs == null)
        {
            return command;
        }
        if (Files.isExecutable(Paths.get("/usr/sbin/runuser")) || Files.isExecutable(Paths.get("/sbin/runuser")))
        {
            final List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", runAs, "--"));
            wrapped.addAll(command);
            return wrapped;
        }
        final StringBuilder shell = new StringBuilder();
        for (final String arg : command)
        {
            shell.append('\'').append(arg.replace("'", "'\\''")).append("' ");
        }
        return List.of("su", "-s", "/bin/sh", runAs, "-c", shell.toString());
    }

    /** {@code postgres} if that user exists, else {@code nobody}: never a user created here. */
    private static String unprivilegedUser() throws IOException
    {
        final List<String> users = new ArrayList<>();
        for (final String line : Files.readAllLines(Paths.get("/etc/passwd")))
        {
            users.add(line.split(":", 2)[0]);
        }
        return Stream.of("postgres", "nobody").filter(users::contains).findFirst().orElseThrow(() ->
            new IllegalStateException("running as root, and no 'postgres' or 'nobody' user to run initdb as"));
    }

    /**
     * A fresh directory under java.io.tmpdir, or /tmp if the server's user cannot use that one (or
     * its path is too long for a Unix socket), owned by the server's user.
     */
    private Path createDirectory() throws IOException, InterruptedException
    {
        for (final String base : new String[] {System.getProperty("java.io.tmpdir"), "/tmp"})
        {
            final Path candidate = Files.createTempDirectory(Paths.get(base), "pg-baseline-");
            if (runAs != null)
            {
                Files.setOwner(candidate, candidate.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(runAs));
            }
            if (candidate.toString().length() <= 80
                && new ProcessBuilder(asUser(List.of("test", "-w", candidate.toString()))).start().waitFor() == 0)
            {
                return candidate;
            }
            Files.delete(candidate);
        }
        throw new IllegalStateException("no temporary directory usable by " + runAs);
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }

    private static String output(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        process.waitFor();
        return out;
    }

    private static String read(final Path file)
    {
        try
        {
            return Files.readString(file);
        }
        catch (final IOException e)
        {
            return "(" + file + " unreadable: " + e + ")";
        }
    }
}
