package io.settlement.journal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.EngineSnapshot;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.pipeline.SnapshotWriter;

/**
 * Snapshots of the engine, one file each, named by the sequence of the last command they include.
 * {@link #write} (on the engine thread) serialises the state into memory, which costs the engine
 * thread only the copy; the file is written to a temporary name and forced to disk on this store's own
 * thread. {@link #publish} (on the publish thread, once the events the snapshot covers are journaled)
 * hands the rest to that thread too: it finds where the snapshot's last command and event lie in the
 * journals and records it beside the snapshot ({@link SnapshotPositions}, when {@link #recordPositions}
 * gave it the journals), renames the snapshot into place atomically and forces the directory, so a crash
 * leaves either the whole new snapshot, usable, or none. Older ones beyond {@code keep} and stale
 * temporary files are then deleted. A failure on that thread is reported at once to {@link #onFailure}
 * (the node fail-stops its pipeline on it) and thrown by the next call. One snapshot is in memory at a time: a {@link #write} while
 * the previous one is still being written waits for it.
 *
 * <p>Serialising still holds the engine thread for as long as the state takes (about a second per
 * million live deals). With {@link #followCommands} the engine thread is not held at all: the snapshot
 * is taken of a second engine that replays the command journal on the store's thread.
 */
public final class SnapshotStore implements SnapshotWriter, AutoCloseable
{
    private static final Pattern NAME = Pattern.compile("snapshot-(\\d{20})\\.(snap|pos)");

    /**
     * A snapshot read back: the engine, the sequence it is as of, and where its commands and events end
     * in the journals ({@code positions}; null, with the reason in {@code positionsMissing}, when not recorded
     * or unusable).
     */
    public record Loaded(SettlementEngine engine, long sequence, Path file, SnapshotPositions positions, String positionsMissing)
    {
    }

    private final Path directory;
    private final int keep;
    private final SnapshotBuffer buffer = new SnapshotBuffer();
    private JournalLocator commandLocator;
    private JournalLocator eventLocator;
    private Consumer<String> log = line -> { };
    private SnapshotFollower follower;
    /** With a follower: the newest sequence the pipeline asked a snapshot of (written by the publish thread). */
    private final AtomicLong requested = new AtomicLong();
    /** With a follower: the newest sequence it published (its thread only). */
    private long followed;
    private ExecutorService writer;
    /** The last task handed to the writer thread. */
    private Future<?> pending;
    /** The task writing {@link #buffer}: the next {@link #write} waits for it before reusing the buffer. */
    private Future<?> bufferWritten;
    private volatile Throwable failure;
    /** Set by {@link #close}: nothing more is handed to the store's thread (a late request would start a new one). */
    private boolean closed;
    /** Told of the first failure on the store's thread, as it happens (the node stops its pipeline on it). */
    private volatile Consumer<Throwable> onFailure = failed -> { };

    public SnapshotStore(final Path directory, final int keep)
    {
        if (keep < 1)
        {
            throw new IllegalArgumentException("keep at least one snapshot: " + keep);
        }
        this.directory = directory;
        this.keep = keep;
    }

    static String fileName(final long sequence)
    {
        return String.format("snapshot-%020d.snap", sequence);
    }

    static String positionsFileName(final long sequence)
    {
        return String.format("snapshot-%020d.pos", sequence);
    }

    /**
     * Records, beside each snapshot published from now on, where its last command and event lie in
     * these journals. Call before the first {@link #write}, once recovery has read the journals: the
     * search starts at their last batches.
     */
    public void recordPositions(final ChronicleJournal commands, final ChronicleJournal events, final Consumer<String> warnings)
    {
        commandLocator = new JournalLocator(commands.queue(), JournalLocator.lastIndex(commands));
        eventLocator = new JournalLocator(events.queue(), JournalLocator.lastIndex(events));
        log = warnings;
    }

    /**
     * Takes snapshots of a second engine that follows the command journal on the store's thread
     * ({@link SnapshotFollower}) instead of the pipeline's: {@link #write} then does nothing on the
     * engine thread, and {@link #publish} asks the follower for the state after that command. Call
     * after {@link #recordPositions}, before the first {@link #write}.
     */
    public void followCommands(final EngineConfig config, final ChronicleJournal commands, final Consumer<String> warnings)
    {
        follower = new SnapshotFollower(config, this, commands, warnings);
    }

    /**
     * Writes and publishes the given engine's state at once, and waits until it is done: for a drained
     * pipeline (the final snapshot on stop), with a follower or not.
     */
    public void writeAndPublish(final SettlementEngine engine, final long sequence) throws IOException
    {
        flush();
        serialise(engine, sequence);
        submit(() -> publishFile(sequence));
        flush();
    }

    /**
     * On the engine thread, after command {@code sequence}: without a follower, the state into memory
     * (the file is written on the store's thread); with one, nothing.
     */
    @Override
    public void write(final SettlementEngine engine, final long sequence) throws IOException
    {
        checkFailure();
        if (follower == null)
        {
            serialise(engine, sequence);
        }
    }

    private void serialise(final SettlementEngine engine, final long sequence) throws IOException
    {
        await(bufferWritten);
        buffer.reset();
        EngineSnapshot.write(engine, buffer);
        final int length = buffer.size();
        bufferWritten = submit(() -> writeFile(sequence, buffer.array(), length));
    }

    /**
     * On the publish thread: the positions, the rename and the pruning are done on the store's thread;
     * with a follower, first its state after {@code sequence} (when several are asked before it is done
     * with one, it takes the newest).
     */
    @Override
    public void publish(final long sequence) throws IOException
    {
        checkFailure();
        if (follower == null)
        {
            submit(() -> publishFile(sequence));
            return;
        }
        requested.accumulateAndGet(sequence, Math::max);
        submit(this::follow);
    }

    /** On the store's thread: the follower's state after the newest sequence asked, written and published. */
    private void follow() throws IOException
    {
        final long sequence = requested.get();
        if (sequence <= followed)
        {
            return;
        }
        final SettlementEngine engine = follower.after(sequence);
        buffer.reset();
        EngineSnapshot.write(engine, buffer);
        writeFile(sequence, buffer.array(), buffer.size());
        publishFile(sequence);
        followed = sequence;
    }

    /** Waits until every snapshot handed over is written and published; throws what failed on the way. */
    public void flush() throws IOException
    {
        final Future<?> last;
        synchronized (this)
        {
            last = pending;
        }
        await(last);
        checkFailure();
    }

    /**
     * Finishes what was handed over and stops the store's thread. A failure on the way is not thrown
     * again: {@link #flush} and the calls after it have reported it.
     */
    @Override
    public void close() throws IOException
    {
        final Future<?> last;
        synchronized (this)
        {
            last = pending;
        }
        try
        {
            await(last);
        }
        catch (final IOException ex)
        {
            // reported by the task's failure
        }
        finally
        {
            synchronized (this)
            {
                if (writer != null)
                {
                    writer.submit(() ->
                    {
                        if (commandLocator != null)
                        {
                            commandLocator.close();
                            eventLocator.close();
                        }
                        if (follower != null)
                        {
                            follower.close();
                        }
                    });
                    writer.shutdown();
                    awaitTermination(writer);
                    writer = null;
                }
                closed = true;
            }
        }
    }

    /** Who is told of the first failure on the store's thread when it happens, not only at the next call. */
    public void onFailure(final Consumer<Throwable> handler)
    {
        onFailure = handler;
    }

    private synchronized Future<?> submit(final Task task)
    {
        if (closed)
        {
            throw new IllegalStateException("the snapshot store " + directory + " is closed: no snapshot is written after it");
        }
        if (writer == null)
        {
            writer = Executors.newSingleThreadExecutor(runnable ->
            {
                final Thread thread = new Thread(runnable, "snapshot-writer");
                thread.setDaemon(true);
                return thread;
            });
        }
        pending = writer.submit(() ->
        {
            try
            {
                task.run();
            }
            catch (final IOException | RuntimeException | Error ex)
            {
                if (failure == null)
                {
                    failure = ex;
                    onFailure.accept(ex);
                }
            }
        });
        return pending;
    }

    /** Waits for the store's thread to finish closing its readers, so that the journals can be closed after. */
    private static void awaitTermination(final ExecutorService writer)
    {
        boolean interrupted = false;
        while (true)
        {
            try
            {
                writer.awaitTermination(1, TimeUnit.MINUTES);
                break;
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(final Future<?> task) throws IOException
    {
        if (task == null)
        {
            return;
        }
        boolean interrupted = false;
        while (true)
        {
            try
            {
                task.get();
                break;
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
            catch (final ExecutionException ex)
            {
                throw new IOException("snapshot writer failed", ex.getCause());
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void checkFailure() throws IOException
    {
        final Throwable failed = failure;
        if (failed != null)
        {
            throw new IOException("a snapshot could not be written: " + failed.getMessage(), failed);
        }
    }

    private void writeFile(final long sequence, final byte[] bytes, final int length) throws IOException
    {
        Files.createDirectories(directory);
        final Path temporary = temporaryFile(fileName(sequence));
        try (FileChannel channel = FileChannel.open(temporary,
            StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
        {
            final ByteBuffer content = ByteBuffer.wrap(bytes, 0, length);
            while (content.hasRemaining())
            {
                channel.write(content);
            }
            channel.force(true);
        }
    }

    private void publishFile(final long sequence) throws IOException
    {
        final SnapshotPositions positions = locate(sequence);
        if (positions != null)
        {
            final Path temporary = temporaryFile(positionsFileName(sequence));
            try (FileChannel channel = FileChannel.open(temporary,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
            {
                final ByteBuffer content = ByteBuffer.wrap(positions.text().getBytes(StandardCharsets.US_ASCII));
                while (content.hasRemaining())
                {
                    channel.write(content);
                }
                channel.force(true);
            }
            Files.move(temporary, directory.resolve(positionsFileName(sequence)),
                StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(temporaryFile(fileName(sequence)), directory.resolve(fileName(sequence)),
            StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory();
        prune(sequence);
    }

    /** Where the snapshot's last command and event lie in the journals; null (with a warning) when that cannot be told. */
    private SnapshotPositions locate(final long sequence)
    {
        if (commandLocator == null)
        {
            return null;
        }
        try
        {
            final JournalLocator.Position command = commandLocator.locate(sequence);
            if (command.sequence() != sequence)
            {
                log.accept("WARNING: snapshot " + sequence + " is published without journal positions: the command"
                    + " journal's last command up to it is " + command.sequence() + "; a restart from it reads the journals whole");
                return null;
            }
            final JournalLocator.Position event = eventLocator.locate(sequence);
            return new SnapshotPositions(sequence, command.index(), command.records(), event.index(), event.records(), event.sequence());
        }
        catch (final JournalException ex)
        {
            log.accept("WARNING: snapshot " + sequence + " is published without journal positions (" + ex.getMessage()
                + "); a restart from it reads the journals whole");
            return null;
        }
    }

    private Path temporaryFile(final String name)
    {
        return directory.resolve(name + ".tmp");
    }

    private void forceDirectory() throws IOException
    {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ))
        {
            dir.force(true);
        }
        catch (final IOException ex)
        {
            // some file systems cannot open a directory for reading; the rename is still atomic
        }
    }

    /**
     * Deletes snapshots beyond the newest {@code keep} with their positions, positions without a snapshot
     * and temporary files older than {@code published}.
     */
    private void prune(final long published) throws IOException
    {
        final List<Long> sequences = sequences();
        for (int i = keep; i < sequences.size(); i++)
        {
            Files.deleteIfExists(directory.resolve(fileName(sequences.get(i))));
            Files.deleteIfExists(directory.resolve(positionsFileName(sequences.get(i))));
        }
        try (Stream<Path> files = Files.list(directory))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                final String name = file.getFileName().toString();
                final boolean temporary = name.endsWith(".tmp");
                final Matcher m = NAME.matcher(temporary ? name.substring(0, name.length() - 4) : name);
                if (m.matches() && Long.parseLong(m.group(1)) < published
                    && (temporary || m.group(2).equals("pos") && !Files.exists(directory.resolve(fileName(Long.parseLong(m.group(1)))))))
                {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** Sequences of the snapshots present, newest first. Leftover temporary files are ignored. */
    public List<Long> sequences() throws IOException
    {
        final List<Long> sequences = new ArrayList<>();
        if (!Files.isDirectory(directory))
        {
            return sequences;
        }
        try (Stream<Path> files = Files.list(directory))
        {
            files.forEach(file ->
            {
                final Matcher m = NAME.matcher(file.getFileName().toString());
                if (m.matches() && m.group(2).equals("snap"))
                {
                    sequences.add(Long.parseLong(m.group(1)));
                }
            });
        }
        sequences.sort((a, b) -> Long.compare(b, a));
        return sequences;
    }

    /**
     * Loads the newest snapshot that reads back whole (CRC and state hash checked) and whose
     * content is as of the sequence in its name; corrupt ones are reported to {@code warnings} and
     * skipped for the next older.
     *
     * @return null when there is no usable snapshot.
     */
    public Loaded loadNewest(final EngineConfig config, final Consumer<String> warnings)
        throws IOException
    {
        for (final long sequence : sequences())
        {
            final Path file = directory.resolve(fileName(sequence));
            try (InputStream in = Files.newInputStream(file))
            {
                final SettlementEngine engine = EngineSnapshot.read(in, config);
                if (engine.lastSequence() != sequence)
                {
                    throw new IOException("holds the state after sequence " + engine.lastSequence());
                }
                final Path positionsFile = directory.resolve(positionsFileName(sequence));
                if (!Files.exists(positionsFile))
                {
                    return new Loaded(engine, sequence, file, null,
                        "no journal positions recorded beside it (written by an older version, or " + positionsFile.getFileName() + " lost)");
                }
                try
                {
                    return new Loaded(engine, sequence, file, SnapshotPositions.read(positionsFile, sequence), null);
                }
                catch (final IOException ex)
                {
                    return new Loaded(engine, sequence, file, null, positionsFile.getFileName() + " is unusable: " + ex.getMessage());
                }
            }
            catch (final IOException ex)
            {
                warnings.accept("skipping unusable snapshot " + file + ": " + ex.getMessage());
            }
        }
        return null;
    }

    /** A file-writing step run on the store's thread. */
    private interface Task
    {
        void run() throws IOException;
    }

    /** The state serialised on the engine thread, reused from one snapshot to the next. */
    private static final class SnapshotBuffer extends ByteArrayOutputStream
    {
        SnapshotBuffer()
        {
            super(1 << 20);
        }

        byte[] array()
        {
            return buf;
        }
    }
}
