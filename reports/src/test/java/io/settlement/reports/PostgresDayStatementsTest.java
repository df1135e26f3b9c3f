package io.settlement.reports;

/** {@link DayStatementsTest} against PostgreSQL 15: a fresh database in the cluster {@code .ci/run} starts ({@link TestDatabases}). */
class PostgresDayStatementsTest extends DayStatementsTest
{
    @Override
    ReadModelDatabase database() throws Exception
    {
        return TestDatabases.create("postgresql", data);
    }
}
