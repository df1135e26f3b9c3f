package io.settlement.engine.pipeline;

import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.MessageHandler;

/**
 * Stage 3, on its own thread: reads the {@link OutcomeLog} as stage 2 writes it, appends each event
 * to the {@link EventJournal} (a query's are not journaled), routes it ({@link OutcomeRouter}),
 * tells the router when a command is complete, and at the end of each batch makes the journal
 * durable, publishes the snapshot written in the batch (its events are journaled now) and flushes
 * the sessions; and counts what it reads ({@link PipelineMetrics}), so that the engine thread counts
 * nothing. It reads the log, not the ring, so it keeps draining while stage 2 is still applying
 * one long command (a settlement cycle), and stage 2 is never stuck waiting for a ring slot it holds.
 *
 * <p>Fail-stop: any exception ends the loop and is reported; the log then refuses its writer.
 */
final class PublishStage implements Runnable, MessageHandler
{
    /** Records handed over per read: the space they held is freed for the writer after each read. */
    private static final int READ_LIMIT = 256;

    private final OutcomeLog log;
    private final EventJournal journal;
    private final OutcomeRouter router;
    private final SnapshotWriter snapshots;
    private final PipelineMetrics metrics;
    private final EpochNanoClock clock;
    private final IdleStrategy idle;
    private final CountDownLatch started;
    private final Consumer<Throwable> onStartFailure;
    private final Consumer<Throwable> onFailure;
    private volatile boolean running = true;
    private volatile boolean stopped;
    private long snapshotToPublish = -1;
    /** A read has thrown (the reading thread only). */
    private boolean failed;

    PublishStage(
        final OutcomeLog log, final EventJournal journal, final OutcomeRouter router, final SnapshotWriter snapshots,
        final PipelineMetrics metrics, final EpochNanoClock clock, final IdleStrategy idle, final CountDownLatch started,
        final Consumer<Throwable> onStartFailure, final Consumer<Throwable> onFailure)
    {
        this.log = log;
        this.journal = journal;
        this.router = router;
        this.snapshots = snapshots;
        this.metrics = metrics;
        this.clock = clock;
        this.idle = idle;
        this.started = started;
        this.onStartFailure = onStartFailure;
        this.onFailure = onFailure;
    }

    @Override
    public void run()
    {
        try
        {
            try
            {
                start();
            }
            catch (final Throwable ex)
            {
                onStartFailure.accept(ex);
                return;
            }
            while (running)
            {
                idle.idle(readSome());
            }
        }
        catch (final Throwable ex)
        {
            onFailure.accept(ex);
        }
        finally
        {
            stopped = true;
            log.readerStopped();
        }
    }

    /** Before the first read, on the reading thread: the event journal's appender; then counts itself started. */
    void start()
    {
        journal.onStart();
        started.countDown();
    }

    /** Publishes a bounded chunk of the log (also the single topology's agent, when the log is full mid-command). @return records read. */
    int readSome()
    {
        checkNotFailed();
        try
        {
            return log.read(this, READ_LIMIT);
        }
        catch (final Throwable ex)
        {
            failed = true;
            throw ex;
        }
    }

    /** True once a read has thrown (the reading thread only). */
    boolean hasFailed()
    {
        return failed;
    }

    /** Fail-stop for the single topology's agent: once a read has failed, nothing after it is published. */
    private void checkNotFailed()
    {
        if (failed)
        {
            throw new IllegalStateException("the publish stage has stopped on an earlier failure");
        }
    }

    /** Publishes everything in the log (the single topology's agent, after applying a batch). @return records read. */
    int drain()
    {
        int records = 0;
        int read;
        while ((read = readSome()) > 0)
        {
            records += read;
        }
        return records;
    }

    @Override
    public void onMessage(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        switch (type)
        {
            case OutcomeLog.EVENT ->
            {
                final int offset = index + OutcomeLog.EVENT_HEADER_LENGTH;
                final int eventLength = length - OutcomeLog.EVENT_HEADER_LENGTH;
                if ((buffer.getInt(index + OutcomeLog.EVENT_FLAGS_OFFSET) & OutcomeLog.QUERY) == 0)
                {
                    journal.append(buffer, offset, eventLength);
                }
                router.onOutcome(buffer.getLong(index + OutcomeLog.SESSION_ID_OFFSET),
                    buffer.getLong(index + OutcomeLog.BUYER_ID_OFFSET), buffer.getLong(index + OutcomeLog.SELLER_ID_OFFSET),
                    buffer, offset, eventLength);
                metrics.onEvent(buffer, offset, buffer.getInt(index + OutcomeLog.CURRENCY_ID_OFFSET));
            }
            case OutcomeLog.END_OF_COMMAND ->
            {
                // counted before the command is complete, so whoever hears of its completion sees it counted
                metrics.onCommand(buffer.getInt(index + OutcomeLog.COMMAND_TYPE_OFFSET),
                    clock.nanoTime() - buffer.getLong(index + OutcomeLog.TIMESTAMP_NS_OFFSET));
                router.onCommandComplete(
                    buffer.getLong(index + OutcomeLog.SESSION_ID_OFFSET), buffer.getLong(index + OutcomeLog.CORRELATION_ID_OFFSET));
                if ((buffer.getInt(index + OutcomeLog.COMMAND_FLAGS_OFFSET) & OutcomeLog.SNAPSHOT_WRITTEN) != 0)
                {
                    snapshotToPublish = buffer.getLong(index + OutcomeLog.SEQUENCE_OFFSET);
                }
            }
            case OutcomeLog.END_OF_BATCH ->
            {
                journal.endOfBatch();
                if (snapshotToPublish > 0)
                {
                    journal.awaitEventsDurable(); // its events on disk first (their msync may run behind)
                    publishSnapshot(snapshotToPublish);
                    snapshotToPublish = -1;
                }
                router.endOfBatch();
            }
            default -> throw new IllegalStateException("unknown outcome log record type " + type);
        }
    }

    private void publishSnapshot(final long sequence)
    {
        try
        {
            snapshots.publish(sequence);
        }
        catch (final RuntimeException ex)
        {
            throw ex;
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("publishing the snapshot after " + sequence + ": " + ex, ex);
        }
    }

    /** Ends the loop after the read in progress; the thread then exits. */
    void stop()
    {
        running = false;
    }

    /** True once the thread has left its loop (or never entered it). */
    boolean isStopped()
    {
        return stopped;
    }
}
