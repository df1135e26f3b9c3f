package io.settlement.reports;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The databases the read-model tests run against: the embedded H2 default, and a real PostgreSQL
 * 15 whose JDBC URL (a superuser's, on a throwaway cluster) {@code .ci/run} exports as
 * {@value #POSTGRES_URL_ENV}. Without it a PostgreSQL test fails, saying so: it is never skipped.
 */
final class TestDatabases
{
    static final String POSTGRES_URL_ENV = "SETTLEMENT_TEST_POSTGRES_URL";
    private static final AtomicInteger NEXT = new AtomicInteger();

    private TestDatabases()
    {
    }

    /** The kinds a parameterised test runs on. */
    static List<String> kinds()
    {
        return List.of("h2", "postgresql");
    }

    /** A new, empty database of {@code kind}: an H2 file under {@code dir}, or a new database in the PostgreSQL cluster. */
    static ReadModelDatabase create(final String kind, final Path dir) throws SQLException
    {
        final String name = "rm" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
        if ("h2".equals(kind))
        {
            return ReadModelDatabase.embedded(dir.resolve(name));
        }
        final String url = postgresUrl();
        try (Connection admin = DriverManager.getConnection(url); Statement s = admin.createStatement())
        {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        }
        return new ReadModelDatabase(url.replaceFirst("/[A-Za-z0-9_]+(\\?|$)", "/" + name + "$1"), null, null);
    }

    static String postgresUrl()
    {
        final String url = System.getenv(POSTGRES_URL_ENV);
        if (url == null || url.isBlank())
        {
            throw new AssertionError("no PostgreSQL to test against: " + POSTGRES_URL_ENV + " is not set. Run the tests with"
                + " .ci/run (README.md), which starts a throwaway PostgreSQL 15 cluster and sets it");
        }
        return url;
    }

    /** Every row of every read-model table, as text in primary-key order, the projector's timestamp left out. */
    static List<String> dump(final ReadModelDatabase database) throws SQLException
    {
        final String[][] tables = {
            {"participant", "participant_id"}, {"instrument", "instrument_id"}, {"account", "account_code"},
            {"deal", "registration_sequence"}, {"deal_event", "sequence, ordinal"}, {"movement", "movement_id"},
            {"posting", "posting_id"}, {"eod_position", "business_date, participant_id, instrument_id"},
            {"balance", "participant_id, instrument_id"}, {"limit_history", "sequence"}, {"business_day", "business_date"},
            {"settlement_cycle", "sequence"}, {"cycle_value", "sequence, currency_id"}, {"instruction", "instruction_id"},
            {"projector_progress", "projector"}};
        final List<String> rows = new ArrayList<>();
        try (Connection connection = database.connect(); Statement s = connection.createStatement())
        {
            for (final String[] table : tables)
            {
                try (ResultSet r = s.executeQuery("SELECT * FROM " + table[0] + " ORDER BY " + table[1]))
                {
                    final int columns = r.getMetaData().getColumnCount();
                    while (r.next())
                    {
                        final StringBuilder row = new StringBuilder(table[0]);
                        for (int c = 1; c <= columns; c++)
                        {
                            if (!"updated_at".equalsIgnoreCase(r.getMetaData().getColumnName(c)))
                            {
                                row.append('|').append(r.getString(c));
                            }
                        }
                        rows.add(row.toString());
                    }
                }
            }
        }
        return rows;
    }
}
