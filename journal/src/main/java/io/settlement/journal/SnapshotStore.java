package io.settlement.journal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.EngineSnapshot;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.pipeline.SnapshotWriter;

/**
 * Snapshots of the engine, one file each, named by the sequence of the last command they include.
 * A snapshot is written to a temporary file and forced to disk ({@link #write}, on the engine
 * thread); it is renamed into place atomically and the directory forced only once the pipeline says
 * the events it covers are journaled ({@link #publish}), so a crash leaves either the whole new
 * snapshot, usable, or none. Older ones beyond {@code keep} and stale temporary files are then
 * deleted.
 */
public final class SnapshotStore implements SnapshotWriter
{
    private static final Pattern NAME = Pattern.compile("snapshot-(\\d{20})\\.snap");

    /** A snapshot read back: the engine and the sequence it is as of. */
    public record Loaded(SettlementEngine engine, long sequence, Path file)
    {
    }

    private final Path directory;
    private final int keep;

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

    /** Writes and publishes at once: for a drained pipeline (the final snapshot on stop). */
    public void writeAndPublish(final SettlementEngine engine, final long sequence) throws IOException
    {
        write(engine, sequence);
        publish(sequence);
    }

    @Override
    public void write(final SettlementEngine engine, final long sequence) throws IOException
    {
        Files.createDirectories(directory);
        final Path temporary = temporaryFile(sequence);
        try (FileChannel channel = FileChannel.open(temporary,
            StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
        {
            final OutputStream out = Channels.newOutputStream(channel);
            EngineSnapshot.write(engine, out);
            out.flush();
            channel.force(true);
        }
    }

    @Override
    public void publish(final long sequence) throws IOException
    {
        Files.move(temporaryFile(sequence), directory.resolve(fileName(sequence)),
            StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory();
        prune(sequence);
    }

    private Path temporaryFile(final long sequence)
    {
        return directory.resolve(fileName(sequence) + ".tmp");
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

    /** Deletes snapshots beyond the newest {@code keep}, and temporary files older than {@code published}. */
    private void prune(final long published) throws IOException
    {
        final List<Long> sequences = sequences();
        for (int i = keep; i < sequences.size(); i++)
        {
            Files.deleteIfExists(directory.resolve(fileName(sequences.get(i))));
        }
        try (Stream<Path> files = Files.list(directory))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                final String name = file.getFileName().toString();
                if (name.endsWith(".snap.tmp"))
                {
                    final Matcher m = NAME.matcher(name.substring(0, name.length() - 4));
                    if (m.matches() && Long.parseLong(m.group(1)) < published)
                    {
                        Files.deleteIfExists(file);
                    }
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
                if (m.matches())
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
    public Loaded loadNewest(final EngineConfig config, final java.util.function.Consumer<String> warnings)
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
                return new Loaded(engine, sequence, file);
            }
            catch (final IOException ex)
            {
                warnings.accept("skipping unusable snapshot " + file + ": " + ex.getMessage());
            }
        }
        return null;
    }
}
