package io.settlement.reports;

/** {@link ReportFilesTest} against PostgreSQL 15: a fresh database in the cluster {@code .ci/run} starts ({@link TestDatabases}). */
class PostgresReportFilesTest extends ReportFilesTest
{
    @Override
    ReadModelDatabase database() throws Exception
    {
        return TestDatabases.create("postgresql", data);
    }
}
