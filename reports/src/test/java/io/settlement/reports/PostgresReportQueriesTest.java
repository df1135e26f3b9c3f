package io.settlement.reports;

/** {@link ReportQueriesTest} against PostgreSQL 15 (see {@link PostgresDatabases}). */
class PostgresReportQueriesTest extends ReportQueriesTest
{
    @Override
    ReadModelDatabase database() throws Exception
    {
        return PostgresDatabases.create();
    }
}
