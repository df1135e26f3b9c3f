package io.settlement.reports;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the embedded database reads a statement's opening balance: through {@code ix_movement_day}, the
 * days between the last close and the date only. With the movement id bound in the WHERE clause H2
 * read every movement of every day up to the bound through the primary key, once per statement.
 */
class StatementPlanTest
{
    @TempDir
    Path data;

    @Test
    void theOpeningBalanceReadsTheDaysSinceTheLastCloseThroughTheDayIndex() throws Exception
    {
        try (ReadModelReader reader = ReadModelReader.open(ScriptedDay.write(ReadModelDatabase.embedded(data)));
             PreparedStatement explain = reader.connection().prepareStatement("EXPLAIN " + StatementQuery.SINCE_CLOSE))
        {
            // participant 1, last close the 26th, statement of the 27th, every movement booked
            explain.setLong(1, 905);
            explain.setLong(2, 1);
            explain.setInt(3, ScriptedDay.PREVIOUS);
            explain.setInt(4, ScriptedDay.D);
            explain.setLong(5, 905);
            try (ResultSet plan = explain.executeQuery())
            {
                plan.next();
                final String text = plan.getString(1);
                assertTrue(text.contains("IX_MOVEMENT_DAY") && !text.contains("PRIMARY_KEY"), text);
            }
        }
    }
}
