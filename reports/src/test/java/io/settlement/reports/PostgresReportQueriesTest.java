package io.settlement.reports;

/** {@link ReportQueriesTest} against PostgreSQL 15: a fresh database in the cluster {@code .ci/run} starts ({@link TestDatabases}). */
class PostgresReportQueriesTest extends ReportQueriesTest
{
    @Override
    ReadModelDatabase database() throws Exception
    {
        return TestDatabases.create("postgresql", data);
    }
}
