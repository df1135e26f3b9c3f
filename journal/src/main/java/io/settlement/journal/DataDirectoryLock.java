package io.settlement.journal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * The exclusive hold a node has on its data directory, so that two nodes never append to the same
 * journals: an operating-system lock ({@link FileChannel#tryLock()}) on {@code DIR/LOCK}, held for
 * the node's life. The file also names its holder ("pid 1234 on host h since 2026-11-27T15:30:00Z")
 * for the message a second opener gets. Only the OS lock counts: it dies with the process that
 * held it (even on kill -9), so a LOCK file left behind blocks nothing, and the file is never
 * deleted (a delete would let two openers lock two different files).
 *
 * <p>Within one JVM the locks are also kept in a table. On Linux, closing any descriptor of a file
 * releases every lock the process holds on it, so a second opener in the same JVM is refused from
 * the table, without opening the file at all; for the same reason nothing else in a node's process
 * may open {@code DIR/LOCK} (use {@link #holder(Path)}).
 */
public final class DataDirectoryLock implements AutoCloseable
{
    /** The lock file's name inside the data directory. */
    public static final String FILE_NAME = "LOCK";

    /** Directories locked by this JVM (real paths), with their holder line; guarded by itself. */
    private static final Map<Path, String> HELD_HERE = new HashMap<>();

    /** A data directory is held by another node. */
    public static final class InUseException extends IOException
    {
        private static final long serialVersionUID = 1L;

        InUseException(final String message)
        {
            super(message);
        }
    }

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(final Path directory, final FileChannel channel, final FileLock lock)
    {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code root} (creating it if needed) for the caller until {@link #close()}.
     *
     * @throws InUseException when another node, in this process or another, holds it: the message
     * names the holder.
     */
    public static DataDirectoryLock acquire(final Path root) throws IOException
    {
        Files.createDirectories(root);
        final Path directory = root.toRealPath();
        synchronized (HELD_HERE)
        {
            final String heldHere = HELD_HERE.get(directory);
            if (heldHere != null)
            {
                throw inUse(directory, heldHere);
            }
            final FileChannel channel = FileChannel.open(directory.resolve(FILE_NAME),
                StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try
            {
                final FileLock lock = tryLock(channel, false);
                if (lock == null)
                {
                    throw inUse(directory, readHolder(channel));
                }
                final String holder = "pid " + ProcessHandle.current().pid() + " on host " + hostName() + " since "
                    + Instant.now().truncatedTo(ChronoUnit.SECONDS);
                channel.truncate(0);
                channel.write(ByteBuffer.wrap((holder + System.lineSeparator()).getBytes(StandardCharsets.UTF_8)), 0);
                HELD_HERE.put(directory, holder);
                return new DataDirectoryLock(directory, channel, lock);
            }
            catch (final IOException | RuntimeException ex)
            {
                channel.close();
                throw ex;
            }
        }
    }

    /**
     * For read-only tools: who holds {@code root} now, without taking it (the check takes a shared
     * lock for an instant when nobody holds it).
     *
     * @return the holder line ("pid 1234 on host h since ..."), or null when no node holds it.
     */
    public static String holder(final Path root) throws IOException
    {
        final Path file = root.resolve(FILE_NAME);
        if (!Files.isRegularFile(file))
        {
            return null;
        }
        final Path directory = root.toRealPath();
        synchronized (HELD_HERE)
        {
            final String heldHere = HELD_HERE.get(directory);
            if (heldHere != null)
            {
                return heldHere;
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
            {
                final FileLock lock = tryLock(channel, true);
                if (lock == null)
                {
                    return readHolder(channel);
                }
                lock.release();
                return null;
            }
        }
    }

    private static FileLock tryLock(final FileChannel channel, final boolean shared) throws IOException
    {
        try
        {
            return channel.tryLock(0, Long.MAX_VALUE, shared);
        }
        catch (final OverlappingFileLockException heldInThisJvm)
        {
            // held through another channel of this JVM (the table above makes this rare): the same refusal
            return null;
        }
    }

    private static InUseException inUse(final Path directory, final String holder)
    {
        return new InUseException("data directory " + directory + " is in use by " + holder
            + " (one node per data directory: stop it first)");
    }

    private static String readHolder(final FileChannel channel) throws IOException
    {
        final ByteBuffer buffer = ByteBuffer.allocate(512);
        channel.read(buffer, 0);
        final String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "another process (it has not written its details yet)" : text;
    }

    private static String hostName()
    {
        try
        {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (final IOException ex)
        {
            return "(unknown host)";
        }
    }

    /** The directory this lock holds (its real path). */
    public Path directory()
    {
        return directory;
    }

    /** Releases the lock; the file stays (see the class comment). Idempotent. */
    @Override
    public void close() throws IOException
    {
        synchronized (HELD_HERE)
        {
            if (channel.isOpen())
            {
                try
                {
                    lock.release();
                }
                finally
                {
                    channel.close();
                    HELD_HERE.remove(directory);
                }
            }
        }
    }
}
