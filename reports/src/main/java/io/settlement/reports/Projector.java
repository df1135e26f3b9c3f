package io.settlement.reports;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventCodec;
import io.settlement.journal.DataDirectory;
import io.settlement.journal.JournalException;
import io.settlement.journal.JournalReader;

/**
 * Follows a node's event journal, with the command journal for what the events do not carry (a
 * command's time and submitter, a deposit's amount, a refused deal's terms), into the reports read
 * model (docs/read-model.md). It only reads the journals: it can never slow or stop the engine.
 *
 * <pre>
 *   DATA/events   --event-->  Projection  --rows-->  ReadModelWriter  --JDBC batches, one commit-->  database
 *   DATA/commands --the event's command--^                               (rows + projector_progress)
 * </pre>
 *
 * <p><b>Exactly once.</b> The position reached in both journals (Chronicle excerpt index and
 * records of that excerpt) is written to {@code projector_progress} in the same transaction as the
 * rows it produced; a projector opened again resumes from the committed position, with the
 * balances, accounts and pending deals the committed rows hold. Rows are sent in JDBC batches and
 * committed every {@code batchRows} rows, and whenever the projector has caught up with the end
 * of the journal.
 *
 * <p><b>Failures.</b> A damaged journal, an event the journals cannot explain, or a database
 * failure stops the projector with a {@link ProjectorException} naming the cause and the
 * sequence; nothing is skipped. The uncommitted batch is rolled back; a projector opened again
 * starts over from the last commit.
 */
public final class Projector implements AutoCloseable
{
    /** The name of this projector's {@code projector_progress} row. */
    public static final String NAME = "reports";
    /** Rows per transaction by default. */
    public static final int DEFAULT_BATCH_ROWS = 5_000;
    /** How long an event may wait for its command to appear in the command journal, following live. */
    private static final long COMMAND_WAIT_MS = 10_000;

    private final ReadModelDatabase database;
    private final int batchRows;
    private final JournalReader commands;
    private final JournalReader events;
    private final ReadModelWriter writer;
    private final Projection projection;
    private final Command command = new Command();
    private final Event event = new Event();
    /** What opening repaired (docs/read-model.md, "After a crash"), or null. */
    private final String repaired;
    private boolean haveCommand;
    private long commandIndex;
    private int commandRecord;
    private long lastSequence;
    private int lastSequenceEvents;
    private long eventsSinceCommit;
    private volatile long appliedSequence;
    private volatile long eventsApplied;
    private volatile long rowsWritten;

    private LongConsumer onCommit = sequence -> {};
    private volatile boolean following;
    private volatile boolean stopping;
    private volatile Throwable failure;
    private Thread thread;

    private Projector(final ReadModelDatabase database, final DataDirectory data, final int batchRows, final Connection connection)
        throws SQLException
    {
        this.database = database;
        this.batchRows = batchRows;
        final ProjectorProgress progress = readProgress(connection);
        this.repaired = ReadModelRepair.repair(connection, progress, restOfLastCommand(data, progress));
        this.writer = new ReadModelWriter(connection);
        this.projection = new Projection(writer, progress);
        projection.load(connection);
        connection.commit();
        this.commandIndex = progress.commandIndex();
        this.commandRecord = progress.commandRecord();
        this.lastSequence = progress.lastSequence();
        this.lastSequenceEvents = progress.lastSequenceEvents();
        this.appliedSequence = lastSequence;
        JournalReader commandReader = null;
        JournalReader eventReader = null;
        try
        {
            commandReader = JournalReader.openReadOnly(data.commands(), JournalReader.Kind.COMMANDS);
            eventReader = JournalReader.openReadOnly(data.events(), JournalReader.Kind.EVENTS);
            commandReader.seek(progress.commandIndex(), progress.commandRecord());
            eventReader.seek(progress.eventIndex(), progress.eventRecord());
        }
        catch (final RuntimeException ex)
        {
            closeQuietly(commandReader, ex);
            closeQuietly(eventReader, ex);
            throw ex;
        }
        this.commands = commandReader;
        this.events = eventReader;
    }

    /**
     * The events of the last committed command that come after the committed position (a batch
     * may end inside a settlement cycle's events): what a repair must undo of that command.
     */
    private static List<ReadModelRepair.TailEvent> restOfLastCommand(final DataDirectory data, final ProjectorProgress progress)
    {
        final List<ReadModelRepair.TailEvent> tail = new ArrayList<>();
        if (progress.lastSequence() == 0)
        {
            return tail;
        }
        try (JournalReader reader = JournalReader.openReadOnly(data.events(), JournalReader.Kind.EVENTS))
        {
            reader.seek(progress.eventIndex(), progress.eventRecord());
            final Event e = new Event();
            while (reader.next() > 0)
            {
                if (!EventCodec.decodeChecked(reader.buffer(), reader.offset(), e))
                {
                    throw new ProjectorException("event journal record " + reader.recordsRead() + " (batch index 0x"
                        + Long.toHexString(reader.batchIndex()) + ") cannot be decoded; after sequence " + progress.lastSequence());
                }
                if (e.sequence != progress.lastSequence())
                {
                    break;
                }
                tail.add(new ReadModelRepair.TailEvent(e.type, e.dealId, e.currencyId));
            }
        }
        return tail;
    }

    /**
     * Opens the read model (creating or upgrading its tables) and the journals of a data
     * directory, positioned where the last committed batch left off. A read model holding rows
     * booked after that position (a database that kept part of a transaction without its progress
     * row) is first put back at it, in one transaction: {@link #repaired()} says what was done.
     *
     * @throws ProjectorException when the database cannot be opened or the journals are damaged.
     */
    public static Projector open(final ReadModelDatabase database, final Path dataDirectory, final int batchRows)
    {
        if (batchRows < 1)
        {
            throw new IllegalArgumentException("batch rows must be at least 1: " + batchRows);
        }
        Connection connection = null;
        try
        {
            database.migrate();
            connection = database.connect();
            connection.setAutoCommit(false);
            return new Projector(database, new DataDirectory(dataDirectory), batchRows, connection);
        }
        catch (final SQLException ex)
        {
            closeQuietly(connection, ex);
            throw new ProjectorException("the read model database " + database + " cannot be opened: " + ex.getMessage(), ex);
        }
        catch (final JournalException ex)
        {
            closeQuietly(connection, ex);
            throw new ProjectorException("the journals of " + dataDirectory + " cannot be projected: " + ex.getMessage(), ex);
        }
        catch (final RuntimeException ex)
        {
            closeQuietly(connection, ex);
            throw new ProjectorException("the read model " + database + " cannot be opened: " + ex.getMessage(), ex);
        }
    }

    /** Projects a data directory's journals to their end into {@code database}, then closes: the library's one-shot API. */
    public static long projectOnce(final ReadModelDatabase database, final Path dataDirectory)
    {
        try (Projector projector = open(database, dataDirectory, DEFAULT_BATCH_ROWS))
        {
            return projector.projectToEnd();
        }
    }

    private static ProjectorProgress readProgress(final Connection connection) throws SQLException
    {
        try (PreparedStatement s = connection.prepareStatement("SELECT command_index, command_record, event_index, event_record,"
            + " last_sequence, last_sequence_events, business_date, next_movement_id, next_posting_id"
            + " FROM projector_progress WHERE projector = ?"))
        {
            s.setString(1, NAME);
            try (ResultSet row = s.executeQuery())
            {
                if (!row.next())
                {
                    return ProjectorProgress.START;
                }
                return new ProjectorProgress(row.getLong(1), row.getInt(2), row.getLong(3), row.getInt(4), row.getLong(5),
                    row.getInt(6), row.getInt(7), row.getLong(8), row.getLong(9));
            }
        }
    }

    /**
     * Applies every event the journal holds now, committing every {@code batchRows} rows and at the end.
     *
     * @return the events applied
     * @throws ProjectorException on a damaged journal or a database failure (the last batch rolled back)
     */
    public long projectToEnd()
    {
        return projectAtMost(Long.MAX_VALUE);
    }

    /** As {@link #projectToEnd()}, stopping after {@code maxEvents} events (a batch may end inside a command's events). */
    long projectAtMost(final long maxEvents)
    {
        long applied = 0;
        try
        {
            while (!stopping && applied < maxEvents && events.next() > 0)
            {
                if (!EventCodec.decodeChecked(events.buffer(), events.offset(), event))
                {
                    throw new ProjectorException("event journal record " + events.recordsRead() + " (batch index 0x"
                        + Long.toHexString(events.batchIndex()) + ") cannot be decoded; after sequence " + lastSequence);
                }
                commandOf(event.sequence);
                if (event.sequence == lastSequence)
                {
                    lastSequenceEvents++;
                }
                else
                {
                    lastSequence = event.sequence;
                    lastSequenceEvents = 1;
                }
                projection.apply(event, command, lastSequenceEvents);
                eventsSinceCommit++;
                applied++;
                if (writer.pendingRows() >= batchRows)
                {
                    commit();
                }
            }
            if (eventsSinceCommit > 0)
            {
                commit();
            }
            return applied;
        }
        catch (final SQLException ex)
        {
            throw new ProjectorException("the read model database " + database + " failed applying sequence " + lastSequence
                + " (nothing after sequence " + appliedSequence + " is committed): " + ex.getMessage(), ex);
        }
        catch (final JournalException ex)
        {
            throw new ProjectorException("the journal cannot be projected after sequence " + appliedSequence + ": "
                + ex.getMessage(), ex);
        }
        catch (final IllegalStateException ex)
        {
            throw new ProjectorException(ex.getMessage() + " (nothing after sequence " + appliedSequence + " is committed)", ex);
        }
    }

    /** Reads the command journal up to the command of {@code sequence}, waiting for it a while when following live. */
    private void commandOf(final long sequence)
    {
        long waitedSinceMs = 0;
        while (!haveCommand || command.sequence < sequence)
        {
            if (commands.next() < 0)
            {
                if (!following)
                {
                    throw new ProjectorException("the event journal holds an event of sequence " + sequence
                        + ", but the command journal ends " + (haveCommand ? "at sequence " + command.sequence : "before it"));
                }
                if (stopping)
                {
                    throw new ProjectorException("stopped while waiting for the command of sequence " + sequence
                        + " (nothing after sequence " + appliedSequence + " is committed; the next start projects it)");
                }
                final long nowMs = System.currentTimeMillis();
                if (waitedSinceMs == 0)
                {
                    waitedSinceMs = nowMs;
                }
                else if (nowMs - waitedSinceMs > COMMAND_WAIT_MS)
                {
                    throw new ProjectorException("the event journal holds an event of sequence " + sequence
                        + ", but the command journal has not shown its command in " + COMMAND_WAIT_MS + " ms");
                }
                LockSupport.parkNanos(1_000_000);
                continue;
            }
            if (!CommandCodec.decodeChecked(commands.buffer(), commands.offset(), command))
            {
                throw new ProjectorException("command journal record " + commands.recordsRead() + " (batch index 0x"
                    + Long.toHexString(commands.batchIndex()) + ") cannot be decoded");
            }
            haveCommand = true;
            commandIndex = commands.batchIndex();
            commandRecord = commands.recordsOfBatch() - 1;
        }
        if (command.sequence != sequence)
        {
            throw new ProjectorException("the event journal holds an event of sequence " + sequence
                + ", but the command journal has no command of that sequence (it goes on at " + command.sequence + ")");
        }
    }

    private void commit() throws SQLException
    {
        projection.writeBalances();
        final long rows = writer.pendingRows();
        writer.commit(NAME, new ProjectorProgress(commandIndex, commandRecord, events.batchIndex(), events.recordsOfBatch(),
            lastSequence, lastSequenceEvents, projection.businessDate(), projection.nextMovementId(), projection.nextPostingId()));
        eventsApplied += eventsSinceCommit;
        eventsSinceCommit = 0;
        rowsWritten += rows;
        appliedSequence = lastSequence;
        onCommit.accept(lastSequence);
    }

    /** Tells {@code listener} the last sequence applied after each commit (on the projecting thread); before {@link #start}. */
    public Projector onCommit(final LongConsumer listener)
    {
        this.onCommit = listener;
        return this;
    }

    /**
     * Follows the journals on a thread of its own until {@link #close()}: applies what is there,
     * then polls for more. A failure stops it; {@code log} gets one line naming the cause.
     */
    public synchronized void start(final Consumer<String> log)
    {
        if (thread != null)
        {
            throw new IllegalStateException("the projector is already running");
        }
        following = true;
        if (repaired != null)
        {
            log.accept("reports projector repaired the read model on opening: " + repaired);
        }
        thread = new Thread(() -> follow(log), "settlement-reports-projector");
        thread.setDaemon(true);
        thread.start();
    }

    private void follow(final Consumer<String> log)
    {
        try
        {
            while (!stopping)
            {
                if (projectToEnd() == 0)
                {
                    Thread.sleep(5);
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
            log.accept("reports projector stopped: " + ex.getMessage());
        }
    }

    /**
     * What opening repaired: the rows booked after the committed position it removed or reverted,
     * by kind; null when the read model was in step with its progress row.
     */
    public String repaired()
    {
        return repaired;
    }

    /** The sequence of the last command whose events are all committed (as far as the journal went). */
    public long appliedSequence()
    {
        return appliedSequence;
    }

    /** Events committed since this projector was opened. */
    public long eventsApplied()
    {
        return eventsApplied;
    }

    /** Rows committed since this projector was opened. */
    public long rowsWritten()
    {
        return rowsWritten;
    }

    /** Why the following thread stopped, or null while it runs (or never failed). */
    public Throwable failure()
    {
        return failure;
    }

    /** Stops following (after the batch in hand is committed) and closes the journals and the database connection. */
    @Override
    public void close()
    {
        final Thread follower;
        synchronized (this)
        {
            follower = thread;
            stopping = true;
        }
        if (follower != null)
        {
            try
            {
                follower.join(30_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        commands.close();
        events.close();
        try
        {
            writer.close();
        }
        catch (final SQLException ex)
        {
            throw new ProjectorException("closing the read model database " + database + ": " + ex.getMessage(), ex);
        }
    }

    private static void closeQuietly(final AutoCloseable resource, final Throwable cause)
    {
        if (resource != null)
        {
            try
            {
                resource.close();
            }
            catch (final Exception ex)
            {
                cause.addSuppressed(ex);
            }
        }
    }
}
