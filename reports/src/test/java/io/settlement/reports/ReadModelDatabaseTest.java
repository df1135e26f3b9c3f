package io.settlement.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadModelDatabaseTest
{
    @TempDir
    Path data;

    @Test
    void migratesAnEmptyEmbeddedDatabaseAndLeavesACurrentOneAlone() throws Exception
    {
        final ReadModelDatabase database = ReadModelDatabase.embedded(data);
        database.migrate();
        database.migrate();
        try (Connection connection = database.connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM deal"))
        {
            rows.next();
            assertEquals(0, rows.getLong(1));
        }
    }
}
