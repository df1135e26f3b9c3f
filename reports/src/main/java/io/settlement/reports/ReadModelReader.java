package io.settlement.reports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An open, read-only look at a read model: the connection every report query runs on, the
 * reference data, and the checks that turn a wrong date, an empty database or an unreachable server
 * into a {@link ReportException} that names the cause. Never migrates nor writes.
 */
public final class ReadModelReader implements AutoCloseable
{
    private final Connection connection;
    private final ReferenceData reference;
    private final String where;

    private ReadModelReader(final Connection connection, final ReferenceData reference, final String where)
    {
        this.connection = connection;
        this.reference = reference;
        this.where = where;
    }

    /**
     * Opens the embedded read model of a node's data directory ({@code DATA/reports}), refusing a
     * directory that has none rather than creating an empty database there.
     */
    public static ReadModelReader openEmbedded(final Path dataDirectory)
    {
        final Path file = dataDirectory.toAbsolutePath().resolve("reports").resolve("read-model.mv.db");
        if (!Files.isRegularFile(file))
        {
            throw new ReportException(ReportException.Kind.NO_READ_MODEL,
                "no read model in " + dataDirectory + " (expected " + file + "; a node writes it once its projector runs)");
        }
        return open(ReadModelDatabase.embedded(dataDirectory));
    }

    /** Opens a read model at its JDBC URL (PostgreSQL for a real site, or an H2 file). */
    public static ReadModelReader open(final ReadModelDatabase database)
    {
        final Connection connection;
        try
        {
            connection = database.connect();
        }
        catch (final SQLException ex)
        {
            throw new ReportException(ReportException.Kind.DATABASE_UNREACHABLE,
                "cannot reach the database " + database + ": " + firstLine(ex), ex);
        }
        try
        {
            connection.setReadOnly(true);
            try (Statement statement = connection.createStatement())
            {
                statement.executeQuery("SELECT COUNT(*) FROM deal WHERE 1 = 0").close();
            }
            catch (final SQLException ex)
            {
                throw new ReportException(ReportException.Kind.NO_READ_MODEL,
                    "no read model in the database " + database + " (no table 'deal': " + firstLine(ex) + ")", ex);
            }
            return new ReadModelReader(connection, ReferenceData.load(connection), database.toString());
        }
        catch (final SQLException | RuntimeException ex)
        {
            closeQuietly(connection);
            if (ex instanceof ReportException reportException)
            {
                throw reportException;
            }
            throw new ReportException(ReportException.Kind.NO_READ_MODEL,
                "cannot read the read model in " + database + ": " + firstLine(ex), ex);
        }
    }

    public Connection connection()
    {
        return connection;
    }

    public ReferenceData reference()
    {
        return reference;
    }

    /** The database, without its password, for messages. */
    public String where()
    {
        return where;
    }

    /** The latest business date the read model knows, for reports run without a date. */
    public int latestBusinessDate() throws SQLException
    {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT MAX(business_date) FROM business_day"))
        {
            rows.next();
            final int latest = rows.getInt(1);
            if (latest == 0)
            {
                throw new ReportException(ReportException.Kind.UNKNOWN_DATE,
                    "the read model in " + where + " holds no business day yet (name one with --date)");
            }
            return latest;
        }
    }

    /**
     * Checks that the read model knows the business date: a day that was opened, or one that deals
     * or movements were booked on.
     *
     * @throws ReportException UNKNOWN_DATE with the range of days it does know
     */
    public void requireBusinessDate(final int businessDate) throws SQLException
    {
        if (exists("SELECT 1 FROM business_day WHERE business_date = ?", businessDate)
            || exists("SELECT 1 FROM deal WHERE registered_business_date = ?", businessDate)
            || exists("SELECT 1 FROM movement WHERE business_date = ?", businessDate))
        {
            return;
        }
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT MIN(business_date), MAX(business_date) FROM business_day"))
        {
            rows.next();
            final int first = rows.getInt(1);
            throw new ReportException(ReportException.Kind.UNKNOWN_DATE,
                "unknown business date " + BusinessDates.iso(businessDate) + ": the read model holds "
                    + (first == 0 ? "no business day yet" : "the days " + BusinessDates.iso(first) + " to " + BusinessDates.iso(rows.getInt(2))));
        }
    }

    private boolean exists(final String sql, final int businessDate) throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement(sql))
        {
            statement.setMaxRows(1);
            statement.setInt(1, businessDate);
            try (ResultSet rows = statement.executeQuery())
            {
                return rows.next();
            }
        }
    }

    @Override
    public void close()
    {
        closeQuietly(connection);
    }

    private static void closeQuietly(final Connection connection)
    {
        try
        {
            connection.close();
        }
        catch (final SQLException ignored)
        {
            // closing a read-only connection loses nothing
        }
    }

    static String firstLine(final Exception ex)
    {
        final String message = ex.getMessage() == null ? ex.toString() : ex.getMessage();
        final int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
