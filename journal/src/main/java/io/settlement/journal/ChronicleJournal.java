package io.settlement.journal;

import java.nio.file.Path;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.pipeline.CommandJournal;
import io.settlement.engine.pipeline.EventJournal;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.posix.PosixAPI;
import net.openhft.posix.internal.noop.NoOpPosixAPI;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * One Chronicle Queue holding the engine's own bytes for the pipeline's command journal (stage 1)
 * or event journal (stage 3). Records are encoded back to back into a reusable batch buffer and
 * each batch is written as one Chronicle excerpt at the end of the pipeline's batch (or sooner when
 * it reaches {@link #MAX_BATCH_BYTES}): the per-excerpt cost is paid once per batch, not per record,
 * and nothing is allocated per record. Each record carries its own length and checksum (the journal
 * schema's framing, docs/journal-format.md), so {@link JournalReader} splits a batch without knowing
 * the records' types. The stage does not let its batch go on to the
 * next stage until {@link #endOfBatch} has returned, so no command is applied before it is written.
 *
 * <p>Chronicle writes into memory-mapped files, so a record is safe from a process crash (kill -9)
 * once appended. Surviving a power cut as well needs the pages on disk: {@link Sync#EVERY_BATCH}
 * (the command journal of a node in {@link Durability#SYNCED}, its default) asks Chronicle to msync at
 * the end of each batch whatever was written since the last msync (including a batch written early at
 * {@link #MAX_BATCH_BYTES}), before {@link #endOfBatch} returns: group commit, one msync for the whole
 * batch. {@link Sync#EVERY_BATCH_BEHIND} (the event journal's: its events can be regenerated from the
 * command journal, so no answer waits for them) hands that msync to a thread of its own and returns at
 * once; the next end of batch waits for it, so the pages on disk are at most one batch behind.
 *
 * <p>A failed msync is an error, not a log line ({@link ChronicleMsync}): {@link #endOfBatch} throws a
 * {@link JournalException} naming the file and the cause (for a sync behind, at the next end of batch),
 * so the pipeline fail-stops; for the command journal, before the batch is applied or acknowledged.
 * A synced journal is refused at open where Chronicle could not load its POSIX library: its msync would
 * then do nothing and report success.
 */
public final class ChronicleJournal implements CommandJournal, EventJournal, AutoCloseable
{
    /** When a journal msyncs what it has written. */
    public enum Sync
    {
        /** Never: a record is safe from a process crash once appended, not from a power cut. */
        NONE,
        /** At the end of each batch, before {@link #endOfBatch} returns. */
        EVERY_BATCH,
        /** At the end of each batch, on a thread of its own: {@link #endOfBatch} waits only for the previous batch's msync. */
        EVERY_BATCH_BEHIND
    }

    private final ChronicleQueue queue;
    private final boolean syncEveryBatch;
    /** The msyncs of a {@link Sync#EVERY_BATCH_BEHIND} journal; null otherwise. */
    private final BackgroundMsync behind;
    /** A batch is written early once it holds this much, bounding excerpt size. */
    static final int MAX_BATCH_BYTES = 1 << 20;

    private final ExpandableArrayBuffer batch = new ExpandableArrayBuffer(MAX_BATCH_BYTES + 2 * CommandCodec.MAX_LENGTH);
    private int batchLength;
    /** Record bytes written to the queue since the last msync (appending thread only). */
    private long unsyncedBytes;
    private ExcerptAppender appender;
    private final JournalCounters counters = new JournalCounters();
    private final Path directory;
    /** Msyncs on the appending thread ({@link Sync#EVERY_BATCH}). */
    private final ChronicleMsync msync = new ChronicleMsync();
    /**
     * The failed msync, once one has failed: Chronicle counts the range as synced whatever the call
     * returned, so no later msync can be trusted to cover it and every later batch is refused.
     */
    private JournalException syncFailure;
    /** Reads the file's pages into the page cache ahead of the appender (the kernel's read-ahead of a hole zeroes megabytes per fault). */
    private JournalPretouch pretouch;

    /** {@link Sync#EVERY_BATCH} when {@code syncEveryBatch}, else {@link Sync#NONE}. */
    public ChronicleJournal(final Path directory, final boolean syncEveryBatch)
    {
        this(directory, syncEveryBatch ? Sync.EVERY_BATCH : Sync.NONE);
    }

    public ChronicleJournal(final Path directory, final Sync sync)
    {
        final boolean syncEveryBatch = sync != Sync.NONE;
        if (syncEveryBatch && PosixAPI.posix() instanceof NoOpPosixAPI)
        {
            throw new JournalException("a synced journal cannot be opened at " + directory
                + ": Chronicle's POSIX library did not load, so msync would do nothing ("
                + PosixAPI.posix() + "); choose unsynced durability explicitly or fix the platform");
        }
        this.queue = open(directory, false, syncEveryBatch ? SyncMode.SYNC : SyncMode.NONE);
        this.syncEveryBatch = syncEveryBatch;
        this.directory = directory;
        this.behind = sync == Sync.EVERY_BATCH_BEHIND ? new BackgroundMsync(directory, counters) : null;
    }

    static ChronicleQueue open(final Path directory, final boolean readOnly)
    {
        return open(directory, readOnly, SyncMode.NONE);
    }

    /**
     * {@code syncMode} is how an msync waits: SYNC (msync with MS_SYNC: returns once the pages are on disk)
     * for a synced journal. Chronicle's own default is ASYNC (MS_ASYNC: the call only schedules the write and
     * returns at once), which would make "msynced" promise nothing.
     */
    private static ChronicleQueue open(final Path directory, final boolean readOnly, final SyncMode syncMode)
    {
        final SingleChronicleQueueBuilder builder = ChronicleQueue.singleBuilder(directory)
            .rollCycle(RollCycles.FAST_DAILY)
            .timeoutMS(2_000)
            .syncMode(syncMode)
            .readOnly(readOnly);
        return builder.build();
    }

    /** How the appender's current mapped file msyncs (for tests: SYNC when this journal is synced). */
    SyncMode appenderSyncMode()
    {
        return ((MappedBytesStore)appender.wire().bytes().bytesStore()).syncMode();
    }

    /** The size of the chunks Chronicle maps the appender's file in (for tests). */
    long chunkSize()
    {
        return ((MappedBytes)appender.wire().bytes()).mappedFile().chunkSize();
    }

    /** The file position the pages ahead of the appender have been read in up to (for tests). */
    long pretouchedUpTo()
    {
        return pretouch.touchedUpTo();
    }

    /** Creates this thread's appender; the pipeline calls it on the stage thread before any append. */
    @Override
    public void onStart()
    {
        appender = queue.createAppender();
        if (pretouch == null)
        {
            pretouch = new JournalPretouch(directory.getFileName().toString());
        }
    }

    /** Encodes {@code command} as its journal record and appends it (for tools and tests that write a journal directly). */
    public void append(final Command command)
    {
        batchLength += CommandCodec.encode(command, batch, batchLength);
        writeIfFull();
    }

    /** Stage 1 or 3: one framed record, a command or an event, appended as it is. */
    @Override
    public void append(final DirectBuffer buffer, final int offset, final int length)
    {
        batch.putBytes(batchLength, buffer, offset, length);
        batchLength += length;
        writeIfFull();
    }

    /** Writes the batch as one excerpt; when so configured, msyncs everything written since the last msync. */
    @Override
    public void endOfBatch()
    {
        if (syncFailure != null)
        {
            throw new JournalException("the journal at " + directory + " takes no more batches: "
                + syncFailure.getMessage(), syncFailure);
        }
        if (batchLength > 0 || syncEveryBatch && unsyncedBytes > 0)
        {
            final long startNs = System.nanoTime();
            final int bytes = batchLength;
            if (bytes > 0)
            {
                writeBatch();
            }
            if (syncEveryBatch)
            {
                sync();
            }
            if (bytes > 0)
            {
                counters.batchWritten(bytes, System.nanoTime() - startNs);
            }
        }
        else if (behind != null)
        {
            awaitDurable(); // nothing new: still, everything before this batch is durable on return
        }
    }

    /** True for {@link Sync#EVERY_BATCH_BEHIND}: {@link #endOfBatch} starts the batch's msync, {@link #awaitDurable} waits for it. */
    @Override
    public boolean durableBehind()
    {
        return behind != null;
    }

    /** As {@link #awaitDurable}, for the journal as an event journal. */
    @Override
    public void awaitEventsDurable()
    {
        awaitDurable();
    }

    /**
     * Who is told, at once and on the msync thread, when an msync made behind fails (the appending thread
     * hears of it only at its next end of batch). Nothing for a journal that msyncs in line or not at all.
     */
    public void onSyncFailure(final java.util.function.Consumer<JournalException> listener)
    {
        if (behind != null)
        {
            behind.onFailure(listener);
        }
    }

    /** Returns once the msync behind in flight, if any, has returned. @throws JournalException when it failed */
    @Override
    public void awaitDurable()
    {
        if (behind != null)
        {
            try
            {
                behind.awaitIdle();
            }
            catch (final JournalException ex)
            {
                syncFailure = ex;
                throw ex;
            }
        }
    }

    private void sync()
    {
        try
        {
            if (behind == null)
            {
                msync.sync(appender, directory, unsyncedBytes);
                counters.synced(unsyncedBytes);
            }
            else
            {
                final Bytes<?> written = appender.wire().bytes(); // what StoreAppender.sync() msyncs
                behind.request((MappedBytesStore)written.bytesStore(), written.writePosition(), unsyncedBytes);
            }
            unsyncedBytes = 0;
        }
        catch (final JournalException ex)
        {
            syncFailure = ex;
            throw ex;
        }
    }

    /** Waits for the last msync behind; throws its failure unless an end of batch has already thrown it. */
    private void closeBehind()
    {
        try
        {
            behind.close();
        }
        catch (final JournalException ex)
        {
            if (syncFailure == null)
            {
                throw ex;
            }
        }
    }

    private void writeIfFull()
    {
        if (batchLength >= MAX_BATCH_BYTES)
        {
            final long startNs = System.nanoTime();
            final int bytes = batchLength;
            writeBatch();
            counters.batchWritten(bytes, System.nanoTime() - startNs);
        }
    }

    private void writeBatch()
    {
        if (appender == null)
        {
            onStart();
        }
        try (DocumentContext document = appender.writingDocument())
        {
            final Bytes<?> bytes = document.wire().bytes();
            bytes.write(batch.byteArray(), 0, batchLength);
            pretouch.afterWrite(bytes);
        }
        unsyncedBytes += batchLength;
        batchLength = 0;
    }

    /** What this journal has written since it was opened (read by any thread). */
    public JournalCounters counters()
    {
        return counters;
    }

    /** The queue, for a {@link JournalLocator} that reads it on another thread. */
    ChronicleQueue queue()
    {
        return queue;
    }

    /** A reader over this journal's records, from the first. */
    public JournalReader reader(final JournalReader.Kind kind)
    {
        return new JournalReader(queue, false, kind);
    }

    /**
     * Writes any batch still buffered, then closes the queue. A failed msync is thrown here unless the
     * appending thread or the {@link #onSyncFailure} listener already heard of it.
     */
    @Override
    public void close()
    {
        try
        {
            if (syncFailure == null && (behind == null || !behind.failureTold()))
            {
                endOfBatch();
            }
        }
        catch (final JournalException ex)
        {
            if (behind == null || !behind.failureTold()) // an msync behind failing while this close waited for it
            {
                throw ex;
            }
        }
        finally
        {
            try
            {
                if (behind != null)
                {
                    closeBehind();
                }
            }
            finally
            {
                if (pretouch != null)
                {
                    pretouch.close();
                }
                if (appender != null)
                {
                    appender.close();
                }
                queue.close();
            }
        }
    }
}
