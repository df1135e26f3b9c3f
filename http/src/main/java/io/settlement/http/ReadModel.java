package io.settlement.http;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.EventSink;
import io.settlement.journal.DataDirectory;
import io.settlement.journal.JournalReader;
import io.settlement.journal.SnapshotStore;

/**
 * What the API reads: a follower engine that tails the node's command journal on its own thread and
 * applies each command as the primary did. The engine is deterministic, so the follower holds the
 * primary's state as of the last command it applied ({@link #sequence()}), and every list, query and
 * page the API serves comes from it: reads never queue into the primary's ring nor touch its state,
 * so they cannot slow settlement. A read waits for the follower at most between two of its batches.
 *
 * <p>It starts from the node's newest snapshot, if any, and reads the journal on from there. Reads
 * and the follower's batches take turns on one lock (the engine is single-threaded).
 */
final class ReadModel implements AutoCloseable
{
    /** Commands the follower applies per turn of the lock, so a read never waits long. */
    private static final int BATCH = 4096;
    /** The longest a read waits for its turn on the engine before it is answered BUSY (a thread is never held for ever). */
    static final long LOCK_WAIT_MS = 5_000;

    private final SettlementEngine engine;
    private final DaySummary day;
    private final EventSink toDay;
    private final long snapshotSequence;
    private final JournalReader commands;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private final Thread thread;
    private volatile long sequence;
    /** The instruments as of the last batch (new when one was created): for the decimals of answers outside {@link #read}. */
    private volatile InstrumentUnits units = InstrumentUnits.NONE;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private volatile long lastTurnMs = System.currentTimeMillis();
    /** When the follower last applied a command (or started). */
    private volatile long lastAdvanceMs = System.currentTimeMillis();
    private volatile long stallLimitMs = 10_000;

    private ReadModel(final SettlementEngine engine, final long snapshotSequence, final JournalReader commands)
    {
        this.engine = engine;
        this.day = new DaySummary(engine);
        this.toDay = (event, buffer, offset, length) -> day.onEvent(event);
        this.snapshotSequence = snapshotSequence;
        this.sequence = snapshotSequence;
        this.commands = commands;
        this.thread = new Thread(this::follow, "settlement-http-follower");
        this.thread.setDaemon(true);
    }

    /** Starts following the journal in {@code data}, from its newest snapshot if it has one. */
    static ReadModel start(final DataDirectory data, final EngineConfig config) throws IOException
    {
        final SnapshotStore.Loaded loaded = new SnapshotStore(data.snapshots(), 1).loadNewest(config, warning -> { });
        final SettlementEngine engine = loaded != null ? loaded.engine() : new SettlementEngine(config);
        final ReadModel model = new ReadModel(engine, loaded != null ? loaded.sequence() : 0,
            JournalReader.openReadOnly(data.commands(), JournalReader.Kind.COMMANDS));
        model.thread.start();
        return model;
    }

    /** The instruments as of the follower's last batch (for the decimals of a write's answer). */
    InstrumentUnits units()
    {
        return units;
    }

    /** The sequence of the last command the follower has applied: the state every read sees. */
    long sequence()
    {
        return sequence;
    }

    /**
     * Runs {@code reader} on the follower's engine, between two of its batches, once it has applied
     * at least {@code minSequence} (waiting at most {@code waitMs} for it).
     *
     * @throws ApiError 503 when the follower has stopped, or has not reached {@code minSequence} in time.
     */
    <T> T read(final long minSequence, final long waitMs, final Function<SettlementEngine, T> reader)
    {
        try
        {
            if (!lock.tryLock(LOCK_WAIT_MS, TimeUnit.MILLISECONDS))
            {
                throw new ApiError(503, "BUSY", "the read model is busy (a read or the follower held it for "
                    + LOCK_WAIT_MS + " ms): try again");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "UNAVAILABLE", "interrupted while waiting for the read model");
        }
        try
        {
            long leftNs = TimeUnit.MILLISECONDS.toNanos(waitMs);
            while (sequence < minSequence && failure == null && running && leftNs > 0)
            {
                leftNs = advanced.awaitNanos(leftNs);
            }
            checkAlive();
            if (sequence < minSequence)
            {
                throw new ApiError(503, "NOT_YET_VISIBLE", "the read model is at sequence " + sequence
                    + ", not yet at " + minSequence + " (waited " + waitMs + " ms): try again");
            }
            return reader.apply(engine);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "UNAVAILABLE", "interrupted while waiting for the read model");
        }
        finally
        {
            lock.unlock();
        }
    }

    private void checkAlive()
    {
        if (failure != null)
        {
            throw new ApiError(503, "UNAVAILABLE", "the read model stopped: " + failure);
        }
        if (!running)
        {
            throw new ApiError(503, "UNAVAILABLE", "the node is stopping");
        }
    }

    /** The day's counters, fed by the follower's outcomes: read it only inside {@link #read}. */
    DaySummary day()
    {
        return day;
    }

    /** Whether the follower is running (for readiness). */
    boolean isHealthy()
    {
        return !isStuck() && running && failure == null && thread.isAlive();
    }

    /** Whether the follower has not come round its loop for the stall limit (it waits for a lock a read holds, say). */
    boolean isStuck()
    {
        return sinceLastTurnMs() >= stallLimitMs;
    }

    /** Milliseconds since the follower last came round its loop (about 1 while it runs). */
    long sinceLastTurnMs()
    {
        return System.currentTimeMillis() - lastTurnMs;
    }

    /** Milliseconds since the follower last applied a command (since it started, before the first). */
    long sinceLastAdvanceMs()
    {
        return System.currentTimeMillis() - lastAdvanceMs;
    }

    /** The follower counts as stuck once it has not come round its loop for this long (tests shorten it). */
    void stallLimitMs(final long limitMs)
    {
        this.stallLimitMs = limitMs;
    }

    private void follow()
    {
        try
        {
            while (running)
            {
                lastTurnMs = System.currentTimeMillis();
                if (applyBatch() == 0)
                {
                    Thread.sleep(1);
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final Throwable ex)
        {
            failure = ex;
            lock.lock();
            try
            {
                advanced.signalAll();
            }
            finally
            {
                lock.unlock();
            }
        }
    }

    private int applyBatch()
    {
        lock.lock();
        try
        {
            int applied = 0;
            int read = 0;
            while (read < BATCH && commands.next() > 0)
            {
                read++;
                final long next = CommandCodec.sequence(commands.buffer(), commands.offset());
                if (next <= snapshotSequence)
                {
                    continue;
                }
                if (CommandCodec.checkedType(commands.buffer(), commands.offset()) == null)
                {
                    throw new IllegalStateException("command journal record at sequence " + next + " is not a command of this build");
                }
                day.command(CommandCodec.timestampNs(commands.buffer(), commands.offset()));
                engine.apply(commands.buffer(), commands.offset(), toDay);
                sequence = next;
                applied++;
            }
            if (applied > 0)
            {
                lastAdvanceMs = System.currentTimeMillis();
                if (engine.instrumentCount() != units.size())
                {
                    units = InstrumentUnits.of(engine);
                }
                advanced.signalAll();
            }
            return read;
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public void close()
    {
        running = false;
        thread.interrupt();
        try
        {
            thread.join(5_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        commands.close();
    }
}
