package io.settlement.reports;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.settlement.reports.ReferenceData.Party;

/**
 * Every participant's statement of one business day, read from the day's movements in one pass: the
 * movements are read once in journal order (a range of the primary key, so each row is read where it
 * is stored, with no random look-up per line), each is written to a work file of its participant and
 * instrument while the day's totals add up, and then each participant's statement is handed over with
 * lines read back from those files, by instrument then journal order, as {@link StatementQuery} reads
 * them from the read model. Reading every participant's lines through {@code ix_movement_day} instead
 * costs one random row look-up per line, and once the day's movements outgrow the database's cache
 * each participant's files touch nearly every page of the day (deals are between any two members).
 *
 * <p>Nothing of the day is held in memory beyond the totals (and a participant's balance by minute
 * while its chart is drawn). The work files take about the size of the day's movements on disk and
 * are deleted as each participant is done. A market with more participant accounts than
 * {@link #OPEN_FILES} reads the day once per group of participants that many work files hold.
 */
final class DayStatements
{
    /** At most this many work files are written at once (participants times instruments). */
    static final int OPEN_FILES = 256;

    private static final String RANGE = "SELECT MIN(movement_id), MAX(movement_id) FROM movement WHERE business_date = ?";

    /**
     * The day's movements by key range, in key order. The business date is checked on each row rather
     * than in the query: a condition on it would have the database read the rows through
     * {@code ix_movement_day}, one random look-up each.
     */
    private static final String DAY =
        "SELECT m.movement_id, m.sequence, m.occurred_at, m.instrument_id, m.amount, m.balance_after, m.cause, m.deal_id,"
            + " m.counterparty_id, d.security_id, d.quantity, d.settlement_date, d.deal_type, m.business_date, m.participant_id"
            + " FROM movement m LEFT JOIN deal d ON d.deal_id = m.deal_id WHERE m.movement_id BETWEEN ? AND ? ORDER BY m.movement_id";

    private static final int BUFFER_BYTES = 32 * 1024;

    /** Receives each participant's statement with its lines. */
    @FunctionalInterface
    interface StatementHandler
    {
        void statement(Statement statement, StatementLines lines) throws SQLException, IOException;
    }

    private final ReadModelReader reader;
    private final int businessDate;
    private final Path workDirectory;
    private final int openFiles;

    /**
     * @param workDirectory where the work files go (created if missing, removed at the end when empty);
     *                      it needs about the size of the day's movements
     */
    DayStatements(final ReadModelReader reader, final int businessDate, final Path workDirectory)
    {
        this(reader, businessDate, workDirectory, OPEN_FILES);
    }

    /** @param openFiles at most this many work files written at once: fewer participants per pass over the day */
    DayStatements(final ReadModelReader reader, final int businessDate, final Path workDirectory, final int openFiles)
    {
        this.reader = reader;
        this.businessDate = businessDate;
        this.workDirectory = workDirectory;
        this.openFiles = openFiles;
    }

    /**
     * Hands over the statement of every participant of the reference data that held or moved anything
     * that day, in the reference data's order; all of them cover the movements up to the last one
     * booked when this began.
     */
    void forEachStatement(final StatementHandler handler) throws SQLException, IOException
    {
        forEachStatement(party -> true, false, handler);
    }

    /**
     * Hands over the statement of each participant {@code which} selects, in the reference data's
     * order, those that neither held nor moved anything that day too if {@code withEmpty}.
     */
    void forEachStatement(final Predicate<Party> which, final boolean withEmpty, final StatementHandler handler)
        throws SQLException, IOException
    {
        final Connection connection = reader.connection();
        final long lastMovementId = StatementQuery.lastMovementId(connection);
        final long[] range = range(connection, lastMovementId);
        final List<Party> parties = reader.reference().parties().stream().filter(which).toList();
        final int instruments = Math.max(1, reader.reference().instruments().size());
        final int perPass = Math.max(1, openFiles / instruments);
        Files.createDirectories(workDirectory);
        try
        {
            for (int from = 0; from < parties.size(); from += perPass)
            {
                final List<Party> group = parties.subList(from, Math.min(parties.size(), from + perPass));
                final Map<Long, Map<Integer, Account>> accounts = read(connection, group, range);
                for (final Party party : group)
                {
                    final Map<Integer, Account> own = accounts.getOrDefault(party.id(), Map.of());
                    try
                    {
                        final Map<Integer, long[]> totals = new TreeMap<>();
                        own.forEach((instrument, account) -> totals.put(instrument,
                            new long[] {account.creditsMinor, account.debitsMinor, account.movements}));
                        final Statement statement = StatementQuery.statement(reader, party, businessDate, lastMovementId, totals);
                        if (withEmpty || !statement.isEmpty())
                        {
                            handler.statement(statement, new Lines(own));
                        }
                    }
                    finally
                    {
                        for (final Account account : own.values())
                        {
                            Files.deleteIfExists(account.file);
                        }
                    }
                }
            }
        }
        finally
        {
            deleteWorkFiles();
        }
    }

    /** The first and last movement id of the day up to {@code lastMovementId}; {1, 0} when it has none. */
    private long[] range(final Connection connection, final long lastMovementId) throws SQLException
    {
        try (PreparedStatement query = connection.prepareStatement(RANGE))
        {
            query.setInt(1, businessDate);
            try (ResultSet rows = query.executeQuery())
            {
                rows.next();
                final long first = rows.getLong(1);
                if (rows.wasNull())
                {
                    return new long[] {1, 0};
                }
                return new long[] {first, Math.min(rows.getLong(2), lastMovementId)};
            }
        }
    }

    /** One pass over the day: the group's movements into their work files, and each account's totals. */
    private Map<Long, Map<Integer, Account>> read(final Connection connection, final List<Party> group, final long[] range)
        throws SQLException, IOException
    {
        final Set<Long> members = new HashSet<>();
        group.forEach(party -> members.add(party.id()));
        final Map<Long, Map<Integer, Account>> accounts = new HashMap<>();
        final boolean autoCommit = connection.getAutoCommit();
        // PostgreSQL streams a result only inside a transaction with a fetch size
        connection.setAutoCommit(false);
        try (PreparedStatement query = connection.prepareStatement(DAY))
        {
            query.setFetchSize(10_000);
            query.setLong(1, range[0]);
            query.setLong(2, range[1]);
            try (ResultSet rows = query.executeQuery())
            {
                while (rows.next())
                {
                    if (rows.getInt(14) != businessDate)
                    {
                        continue;
                    }
                    final long participant = rows.getLong(15);
                    if (!members.contains(participant))
                    {
                        continue;
                    }
                    final int instrument = rows.getInt(4);
                    Account account = accounts.computeIfAbsent(participant, p -> new TreeMap<>()).get(instrument);
                    if (account == null)
                    {
                        account = new Account(workDirectory.resolve(participant + "-" + instrument + ".lines"), instrument);
                        accounts.get(participant).put(instrument, account);
                    }
                    account.add(rows);
                }
            }
        }
        finally
        {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
            for (final Map<Integer, Account> own : accounts.values())
            {
                for (final Account account : own.values())
                {
                    account.finish();
                }
            }
        }
        return accounts;
    }

    private void deleteWorkFiles() throws IOException
    {
        if (!Files.isDirectory(workDirectory))
        {
            return;
        }
        try (Stream<Path> files = Files.list(workDirectory))
        {
            for (final Path file : files.filter(f -> f.getFileName().toString().endsWith(".lines")).toList())
            {
                Files.deleteIfExists(file);
            }
        }
        try (Stream<Path> rest = Files.list(workDirectory))
        {
            if (rest.findAny().isEmpty())
            {
                Files.delete(workDirectory);
            }
        }
    }

    /** One participant's account of the day: its totals and the work file of its lines, in journal order. */
    private final class Account
    {
        final Path file;
        final int instrumentId;
        private DataOutputStream out;
        long creditsMinor;
        long debitsMinor;
        long movements;

        Account(final Path file, final int instrumentId) throws IOException
        {
            this.file = file;
            this.instrumentId = instrumentId;
            this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER_BYTES));
        }

        /** Writes the row's line: ids, time, amounts, cause, deal, counterparty and the deal's terms. */
        void add(final ResultSet rows) throws SQLException, IOException
        {
            final long amount = rows.getLong(5);
            if (amount > 0)
            {
                creditsMinor += amount;
            }
            else
            {
                debitsMinor -= amount;
            }
            movements++;
            out.writeLong(rows.getLong(1));
            out.writeLong(rows.getLong(2));
            final LocalDateTime at = rows.getObject(3, LocalDateTime.class);
            out.writeLong(at.toEpochSecond(ZoneOffset.UTC));
            out.writeInt(at.getNano());
            out.writeLong(amount);
            out.writeLong(rows.getLong(6));
            out.writeUTF(rows.getString(7));
            final long dealId = rows.getLong(8);
            out.writeBoolean(!rows.wasNull());
            out.writeLong(dealId);
            final long counterparty = rows.getLong(9);
            out.writeBoolean(!rows.wasNull());
            out.writeLong(counterparty);
            final int security = rows.getInt(10);
            final boolean terms = !rows.wasNull();
            out.writeBoolean(terms);
            if (terms)
            {
                out.writeInt(security);
                out.writeLong(rows.getLong(11));
                out.writeInt(rows.getInt(12));
                out.writeUTF(rows.getString(13));
            }
        }

        void finish() throws IOException
        {
            if (out != null)
            {
                out.close();
                out = null;
            }
        }
    }

    /** Receives the lines read back from a work file; returning false stops the reading. */
    @FunctionalInterface
    private interface LineReader
    {
        boolean line(Statement.Line line) throws IOException;
    }

    /** A participant's lines, read back from its work files. */
    private final class Lines implements StatementLines
    {
        private final Map<Integer, Account> accounts;

        Lines(final Map<Integer, Account> accounts)
        {
            this.accounts = accounts;
        }

        @Override
        public void forEachLine(final Statement statement, final StatementQuery.LineHandler handler) throws IOException
        {
            for (final Account account : accounts.values())
            {
                read(account, false, line ->
                {
                    handler.line(line);
                    return true;
                });
            }
        }

        @Override
        public void forEachLine(final Statement statement, final List<Integer> instrumentIds, final boolean withTerms,
            final StatementQuery.LineHandler handler) throws IOException
        {
            final Set<Integer> wanted = new HashSet<>(instrumentIds);
            for (final Map.Entry<Integer, Account> account : accounts.entrySet())
            {
                if (wanted.contains(account.getKey()))
                {
                    read(account.getValue(), withTerms, line ->
                    {
                        handler.line(line);
                        return true;
                    });
                }
            }
        }

        @Override
        public List<Statement.Line> lines(final Statement statement, final Statement.Account account, final int maxLines)
        {
            final List<Statement.Line> lines = new ArrayList<>();
            final Account own = accounts.get(account.instrument().id());
            if (own != null)
            {
                readUnchecked(own, line ->
                {
                    lines.add(line);
                    return maxLines == 0 || lines.size() < maxLines;
                });
            }
            return lines;
        }

        @Override
        public List<StatementQuery.BalancePoint> balanceByMinute(final Statement statement, final Statement.Account account)
        {
            // per minute the line of the highest movement id, then those lines in movement order
            final Map<LocalDateTime, Statement.Line> lastOfMinute = new HashMap<>();
            final Account own = accounts.get(account.instrument().id());
            if (own != null)
            {
                readUnchecked(own, line ->
                {
                    lastOfMinute.merge(line.occurredAt().truncatedTo(ChronoUnit.MINUTES), line,
                        (a, b) -> a.movementId() >= b.movementId() ? a : b);
                    return true;
                });
            }
            final List<Statement.Line> last = new ArrayList<>(lastOfMinute.values());
            last.sort(Comparator.comparingLong(Statement.Line::movementId));
            final List<StatementQuery.BalancePoint> points = new ArrayList<>(last.size());
            last.forEach(line -> points.add(new StatementQuery.BalancePoint(line.occurredAt(), line.balanceAfterMinor())));
            return points;
        }

        private void readUnchecked(final Account account, final LineReader lines)
        {
            try
            {
                read(account, false, lines);
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException("reading back " + account.file + ": " + ex, ex);
            }
        }

        private void read(final Account account, final boolean withTerms, final LineReader lines) throws IOException
        {
            final ReferenceData reference = reader.reference();
            final int instrument = account.instrumentId;
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(account.file), BUFFER_BYTES)))
            {
                for (long i = 0; i < account.movements; i++)
                {
                    final long movementId = in.readLong();
                    final long sequence = in.readLong();
                    final LocalDateTime at = LocalDateTime.ofEpochSecond(in.readLong(), in.readInt(), ZoneOffset.UTC);
                    final long amount = in.readLong();
                    final long balanceAfter = in.readLong();
                    final String cause = in.readUTF();
                    final boolean hasDeal = in.readBoolean();
                    final long dealId = in.readLong();
                    final boolean hasCounterparty = in.readBoolean();
                    final long counterparty = in.readLong();
                    Statement.DealTerms terms = null;
                    if (in.readBoolean())
                    {
                        final Statement.DealTerms read = new Statement.DealTerms(in.readInt(), in.readLong(), in.readInt(), in.readUTF());
                        terms = withTerms ? read : null;
                    }
                    final Statement.Line line = new Statement.Line(instrument, movementId, sequence, at, cause, hasDeal ? dealId : null,
                        hasCounterparty ? reference.party(counterparty) : null, amount, balanceAfter, terms);
                    if (!lines.line(line))
                    {
                        return;
                    }
                }
            }
            catch (final EOFException ex)
            {
                throw new IOException("the work file " + account.file + " ends before its " + account.movements + " lines", ex);
            }
        }
    }
}
