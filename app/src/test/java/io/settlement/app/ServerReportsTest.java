package io.settlement.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.settlement.reports.ReadModelDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server hosts the reports projector: the embedded read model by default, none with {@code reports off}. */
class ServerReportsTest
{
    private static final String SET_UP = "participant id=1 role=MEMBER\nparticipant id=2 role=MEMBER\n"
        + "instrument id=10 kind=SECURITY code=ACME\ninstrument id=840 kind=CURRENCY code=USD\n"
        + "deposit participant=1 instrument=840 amount=5_000\ndeposit participant=2 instrument=10 amount=70\n";

    @TempDir
    Path dir;

    @Test
    void shouldFollowTheJournalsIntoTheEmbeddedReadModelByDefault() throws Exception
    {
        final Path file = dir.resolve("server.conf");
        Files.writeString(file, SET_UP);
        final Path data = dir.resolve("data");
        final RunningServer server = new RunningServer(file, data);
        final ReadModelDatabase readModel = ReadModelDatabase.embedded(data);
        final long deadline = System.currentTimeMillis() + 30_000;
        List<String> movements = List.of();
        while (movements.size() < 2 && System.currentTimeMillis() < deadline)
        {
            Thread.sleep(20);
            if (Files.exists(data.resolve("reports").resolve("read-model.mv.db")))
            {
                movements = rows(readModel, "SELECT participant_id, instrument_id, amount, cause FROM movement ORDER BY movement_id");
            }
        }
        final String output = server.stop();
        assertTrue(output.contains("reports: the read model follows the journals into embedded H2 in DATA/reports"), output);
        assertEquals(List.of("1 840 5000 DEPOSIT", "2 10 70 DEPOSIT"), movements, "while the server runs, a second reader sees the rows");
        assertEquals(List.of("1 MEMBER", "2 MEMBER"), rows(readModel, "SELECT participant_id, role FROM participant ORDER BY participant_id"));
    }

    @Test
    void shouldRunNoProjectorWithReportsOff() throws Exception
    {
        final Path file = dir.resolve("server.conf");
        Files.writeString(file, SET_UP + "reports off\n");
        final Path data = dir.resolve("data");
        final String output = new RunningServer(file, data).stop();
        assertTrue(output.contains("reports: off"), output);
        assertFalse(Files.exists(data.resolve("reports")));
    }

    @Test
    void shouldNameTheLineOfABadReportsSetting() throws Exception
    {
        final Path file = dir.resolve("server.conf");
        Files.writeString(file, SET_UP + "reports database=postgresql://db/reports user=rm\n");
        assertEquals(file + ":7: reports database=postgresql://db/reports is not a JDBC URL (jdbc:postgresql://HOST:PORT/DB)",
            assertThrows(IllegalArgumentException.class, () -> ServerConfig.read(file)).getMessage());
        Files.writeString(file, SET_UP + "reports database=jdbc:postgresql://db/reports user=rm password-env=NO_SUCH_VARIABLE_4711\n");
        assertEquals(file + ":7: reports password-env=NO_SUCH_VARIABLE_4711: the environment has no NO_SUCH_VARIABLE_4711",
            assertThrows(IllegalArgumentException.class, () -> ServerConfig.read(file)).getMessage());
        Files.writeString(file, SET_UP + "reports off\nreports off\n");
        assertEquals(file + ":8: a second reports line (the first is line 7)",
            assertThrows(IllegalArgumentException.class, () -> ServerConfig.read(file)).getMessage());
    }

    private static List<String> rows(final ReadModelDatabase database, final String sql) throws Exception
    {
        final List<String> rows = new ArrayList<>();
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql))
        {
            while (r.next())
            {
                final StringBuilder row = new StringBuilder();
                for (int i = 1; i <= r.getMetaData().getColumnCount(); i++)
                {
                    row.append(i > 1 ? " " : "").append(r.getString(i));
                }
                rows.add(row.toString());
            }
        }
        catch (final SQLException ex)
        {
            return List.of(); // not migrated yet
        }
        return rows;
    }
}
