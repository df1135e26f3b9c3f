package io.settlement.reports;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import org.flywaydb.core.Flyway;

/**
 * Where the reports read model lives: a JDBC URL with its credentials, migrated to the current
 * schema by Flyway ({@code db/migration/common}) before anything reads or writes it. The embedded
 * default is an H2 file in the node's data directory; a real site names its PostgreSQL database.
 */
public record ReadModelDatabase(String url, String user, String password)
{
    /** The embedded default: an H2 database file {@code DATA/reports/read-model.mv.db}. */
    public static ReadModelDatabase embedded(final Path dataDirectory)
    {
        final Path file = dataDirectory.toAbsolutePath().resolve("reports").resolve("read-model");
        // AUTO_SERVER: a second process (settlement report) may read while the node's projector writes.
        return new ReadModelDatabase("jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE", "sa", "");
    }

    /**
     * Creates or upgrades the read model's tables; a database already current is left as it is. An
     * Oracle URL takes the Oracle variant of the DDL ({@code db/oracle}, untested: docs/read-model.md).
     */
    public void migrate()
    {
        Flyway.configure()
            .dataSource(url, user, password)
            .locations(url.startsWith("jdbc:oracle:") ? "classpath:db/oracle" : "classpath:db/migration/common")
            .load()
            .migrate();
    }

    /**
     * A new connection. PostgreSQL's driver is asked to send a JDBC batch of inserts as multi-row
     * inserts ({@code reWriteBatchedInserts}), unless the URL says otherwise: the projector's batches
     * then cost a few round trips instead of one per row.
     */
    public Connection connect() throws SQLException
    {
        final Properties properties = new Properties();
        if (user != null)
        {
            properties.setProperty("user", user);
        }
        if (password != null)
        {
            properties.setProperty("password", password);
        }
        if (url.startsWith("jdbc:postgresql:") && !url.contains("reWriteBatchedInserts"))
        {
            properties.setProperty("reWriteBatchedInserts", "true");
        }
        return DriverManager.getConnection(url, properties);
    }

    /** The URL without its password, for messages. */
    @Override
    public String toString()
    {
        return url + " as " + user;
    }
}
