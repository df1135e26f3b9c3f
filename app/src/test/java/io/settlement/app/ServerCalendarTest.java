package io.settlement.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.settlement.journal.SettlementNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server configuration's {@code calendar} and {@code schedule} lines: the calendar is journaled
 * where it differs from the one in force (before the set-up on a first start, so the first date is
 * checked against it), nothing more when it is in force; bad lines are named by file and line.
 */
class ServerCalendarTest
{
    private static final Path EXAMPLE = Path.of("..", "docs", "examples", "server.conf");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private Path config(final String... extraLines) throws IOException
    {
        final Path file = dir.resolve("server.conf");
        final List<String> lines = new ArrayList<>();
        for (final String line : Files.readAllLines(EXAMPLE))
        {
            if (!line.startsWith("calendar") && !line.startsWith("schedule"))
            {
                lines.add(line);
            }
        }
        lines.addAll(List.of(extraLines));
        Files.write(file, lines);
        return file;
    }

    private static int lineOf(final Path file, final String text) throws IOException
    {
        return Files.readAllLines(file).indexOf(text) + 1;
    }

    private static int[] holidaysIn(final Path data) throws IOException
    {
        try (SettlementNode node = SettlementNode.start(new SettlementNode.Config(data).log(line -> { })))
        {
            return node.recovery().holidays();
        }
    }

    @Test
    void shouldJournalTheCalendarWhereItDiffersFromTheOneInForce() throws Exception
    {
        final Path data = dir.resolve("data");
        Path file = config("calendar weekends=closed holidays=20260107,20261225",
            "schedule cycle-at=10:00,14:30 cycle-mode=netted roll-at=18:00 zone=America/New_York");
        final int line = lineOf(file, "calendar weekends=closed holidays=20260107,20261225");

        final String first = new RunningServer(file, data).stop();
        assertTrue(first.contains("calendar: weekends closed, 2 holidays after the business date (" + file + ":" + line
            + ", 3 commands journaled from sequence 1)"), first);
        assertTrue(first.contains("first start: applied 15 configuration commands"), first);
        assertTrue(first.contains("schedule: cycles at 10:00,14:30 (netted), date roll at 18:00 (America/New_York)"), first);

        // in force already: nothing journaled, and the set-up is still what the first start applied
        final String again = new RunningServer(file, data).stop();
        assertTrue(again.contains("calendar: weekends closed, 2 holidays after the business date" + System.lineSeparator()), again);
        assertTrue(again.contains("configuration: the set-up in " + file + " is what the first start applied (15 commands)"), again);
        assertTrue(again.contains("recovered to sequence 18 "), again);

        // one holiday moved: one reopened, one closed
        file = config("calendar weekends=closed holidays=20260108,20261225");
        final String moved = new RunningServer(file, data).stop();
        assertTrue(moved.contains("calendar: weekends closed, 2 holidays after the business date (" + file + ":" + line
            + ", 2 commands journaled from sequence 19)"), moved);
        assertArrayEquals(new int[] {20260108, 20261225}, holidaysIn(data));

        // the auditor's replay reads the calendar from the journal
        assertEquals(0, SettlementCli.run(new PrintWriter(out, true), new PrintWriter(err, true),
            "replay", "--data", data.toString(), "--verify"), err.toString());
    }

    @Test
    void shouldApplyTheSetUpOnTheNextStartWhenAStartStoppedAfterJournalingOnlyTheCalendar() throws Exception
    {
        final Path data = dir.resolve("data");
        // what a first start leaves when it dies after journaling the calendar and before the set-up
        try (SettlementNode node = SettlementNode.start(new SettlementNode.Config(data).log(line -> { }));
            io.settlement.engine.pipeline.PipelineClient system = node.client(io.settlement.engine.api.Command.SYSTEM_SUBMITTER))
        {
            system.send(new io.settlement.engine.api.Command().setCalendar(0, 0, io.settlement.protocol.wire.DayStatus.CLOSED))
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        final Path file = config("calendar weekends=closed");
        final String next = new RunningServer(file, data).stop();
        assertTrue(next.contains("recovered to sequence 1 "), next);
        assertTrue(next.contains("first start: applied 15 configuration commands"), next);
    }

    @Test
    void shouldRefuseAFirstDateOnAClosedDayAndJournalNothing() throws IOException
    {
        final Path data = dir.resolve("data");
        final Path file = dir.resolve("saturday.conf");
        Files.write(file, List.of("calendar weekends=closed", "participant id=91 role=OPERATOR", "date date=20260110"));

        assertEquals(1, SettlementCli.run(new PrintWriter(out, true), new PrintWriter(err, true),
            "server", "--config", file.toString(), "--data", data.toString(), "--port", "0"), out.toString());

        assertEquals("settlement: " + file + ":3: the engine refuses this line: NOT_A_BUSINESS_DAY; nothing was applied",
            err.toString().trim());
        assertFalse(Files.exists(data), "nothing journaled");
    }

    private String refusal(final String... lines) throws IOException
    {
        final Path file = dir.resolve("bad.conf");
        Files.write(file, List.of(lines));
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ServerConfig.read(file));
        return refused.getMessage().substring(file.toString().length());
    }

    @Test
    void shouldNameABadCalendarOrScheduleByFileAndLine() throws IOException
    {
        assertEquals(":2: calendar weekends=sometimes: expected open or closed",
            refusal("# calendar", "calendar weekends=sometimes"));
        assertEquals(":1: calendar holidays: 20260230 is not a real calendar day (yyyymmdd)",
            refusal("calendar holidays=20260101,20260230"));
        assertEquals(":1: calendar holidays: 2026-12-25 is not a date (yyyymmdd)", refusal("calendar holidays=2026-12-25"));
        assertEquals(":2: calendar holidays: 20261225 given twice",
            refusal("calendar holidays=20261225", "calendar holidays=20261226,20261225"));
        assertEquals(":2: calendar weekends= given twice", refusal("calendar weekends=closed", "calendar weekends=open"));
        assertEquals(":1: 'calendar' does not take weekdays (weekends, holidays)", refusal("calendar weekdays=open"));
        assertEquals(":1: schedule cycle-at: 25:00 is not a time of day (HH:MM, 00:00 to 23:59)", refusal("schedule cycle-at=25:00"));
        assertEquals(":1: schedule cycle-at: 9:00 is not a time of day (HH:MM, 00:00 to 23:59)", refusal("schedule cycle-at=9:00"));
        assertEquals(":1: schedule cycle-every=15min is not a duration (a whole number and ms, s, m or h: 200ms, 30s, 15m, 2h)",
            refusal("schedule cycle-every=15min"));
        assertEquals(":1: schedule roll-every=5ms is out of range (10ms to 168h)", refusal("schedule roll-every=5ms"));
        assertEquals(":1: schedule cycle-mode=net is not a cycle mode (gross, netted)", refusal("schedule cycle-mode=net"));
        assertEquals(":2: cycles are scheduled either at times of day or every interval, not both",
            refusal("schedule cycle-at=10:00", "schedule cycle-every=15m"));
        assertEquals(":1: roll time 18:00 given twice", refusal("schedule roll-at=18:00,18:00"));
        assertEquals(":1: schedule zone=Mars/Olympus is not a time zone (e.g. UTC, Europe/London)", refusal("schedule zone=Mars/Olympus"));
        assertEquals(":2: schedule zone= given twice", refusal("schedule zone=UTC", "schedule zone=UTC"));
        assertEquals(":1: 'schedule' does not take cycles (cycle-at, cycle-every, cycle-mode, roll-at, roll-every, zone)",
            refusal("schedule cycles=4"));
    }

    @Test
    void shouldReadTheScheduleAndTheCalendar() throws IOException
    {
        final Path file = dir.resolve("good.conf");
        Files.write(file, List.of("calendar weekends=closed", "calendar holidays=20261225,20260101",
            "schedule cycle-every=30m roll-at=18:00", "schedule zone=Europe/London"));
        final ServerConfig config = ServerConfig.read(file);
        assertTrue(config.calendar.weekendsClosed());
        assertArrayEquals(new int[] {20260101, 20261225}, config.calendar.holidays());
        assertEquals(1, config.calendarLine);
        assertEquals("cycles every 1800000 ms, date roll at 18:00 (Europe/London)", config.schedule.toString());
    }
}
