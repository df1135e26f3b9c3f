package io.settlement.reports;

/** {@link ReportFilesTest} against PostgreSQL 15 (see {@link PostgresDatabases}). */
class PostgresReportFilesTest extends ReportFilesTest
{
    @Override
    ReadModelDatabase database() throws Exception
    {
        return PostgresDatabases.create();
    }
}
