package io.settlement.reports;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fresh PostgreSQL databases for the report tests, on the server named by the system property
 * {@code reports.postgresql.url} (e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=sa}, as
 * {@code .ci/run} passes it for its throwaway PostgreSQL 15 cluster). Without the property the
 * PostgreSQL variants of the tests are skipped, and say so.
 */
final class PostgresDatabases
{
    static final String URL = System.getProperty("reports.postgresql.url");
    private static final AtomicInteger NEXT = new AtomicInteger();

    private PostgresDatabases()
    {
    }

    /** Creates an empty database and returns where it is. */
    static ReadModelDatabase create() throws Exception
    {
        assumeTrue(URL != null && !URL.isBlank(), "no PostgreSQL: run with -Dreports.postgresql.url=jdbc:postgresql://HOST:PORT/postgres?user=U");
        final String name = "reports_" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
        try (Connection admin = DriverManager.getConnection(URL); Statement sql = admin.createStatement())
        {
            sql.executeUpdate("DROP DATABASE IF EXISTS " + name);
            sql.executeUpdate("CREATE DATABASE " + name + " ENCODING 'UTF8'");
        }
        return new ReadModelDatabase(URL.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1"), null, null);
    }
}
