package io.settlement.reports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A day's statements and 1C files written from one pass over the day's movements
 * ({@link ReportWriter#writeStatements}, what {@code report day} writes) against the same reports
 * written one participant at a time from the read model, byte for byte, and against figures worked
 * out by hand from {@link ScriptedDay} (whose movement ids do not follow its dates: a movement of the
 * previous day and funding from before the first date are booked after the day's first ten).
 */
class DayStatementsTest
{
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T18:05:09Z"), ZoneOffset.UTC);

    @TempDir
    Path data;

    @TempDir
    Path out;

    private ReadModelReader reader;

    @BeforeEach
    void writeTheDay() throws Exception
    {
        reader = ReadModelReader.open(ScriptedDay.write(database()));
    }

    /** The database the day is written to and read from: the embedded H2 here; PostgreSQL in a subclass. */
    ReadModelDatabase database() throws Exception
    {
        return ReadModelDatabase.embedded(data);
    }

    @AfterEach
    void close() throws Exception
    {
        reader.close();
    }

    @Test
    void theDaysStatementsAndBankStatementsAreByteForByteThoseWrittenOneByOne() throws Exception
    {
        final ReportWriter writer = new ReportWriter(reader, CLOCK);
        final List<Path> day = writer.writeStatements(ScriptedDay.D, out.resolve("day"), EnumSet.allOf(ReportFormat.class));
        final Path single = Files.createDirectories(out.resolve("single"));
        final List<Path> oneByOne = new ArrayList<>();
        for (final String party : List.of("NB", "VOSTOK", "3", "LATE"))
        {
            for (final ReportFormat format : ReportFormat.values())
            {
                oneByOne.add(writer.statement(party, ScriptedDay.D, format, single));
            }
            oneByOne.add(writer.bankStatement(party, ScriptedDay.D, single));
        }
        assertEquals(oneByOne.stream().map(p -> p.getFileName().toString()).toList(), day.stream().map(p -> p.getFileName().toString()).toList());
        for (int i = 0; i < day.size(); i++)
        {
            assertArrayEquals(withoutPdfStamp(oneByOne.get(i)), withoutPdfStamp(day.get(i)), day.get(i).getFileName().toString());
        }
        try (Stream<Path> files = Files.list(out.resolve("day")))
        {
            assertEquals(day.size(), files.count(), "no work file or directory left behind");
        }
    }

    @Test
    void everyMembersBankStatementIsByteForByteTheOneWrittenOnItsOwn() throws Exception
    {
        final ReportWriter writer = new ReportWriter(reader, CLOCK);
        final List<Path> all = writer.writeBankStatements(ScriptedDay.D, out.resolve("all"));
        // every member, p3 (5) with nothing that day included; not the operator
        assertEquals(List.of("bank-statement-NB-20261127.txt", "bank-statement-VOSTOK-20261127.txt", "bank-statement-P3-3-20261127.txt",
            "bank-statement-LATE-20261127.txt", "bank-statement-p3-5-20261127.txt"), all.stream().map(p -> p.getFileName().toString()).toList());
        final Path single = Files.createDirectories(out.resolve("single"));
        for (final Path file : all)
        {
            final String party = file.getFileName().toString().replace("bank-statement-", "").replace("-20261127.txt", "");
            final Path own = writer.bankStatement(party.equals("P3-3") ? "3" : party.equals("p3-5") ? "5" : party, ScriptedDay.D, single);
            assertEquals(file.getFileName(), own.getFileName());
            assertArrayEquals(Files.readAllBytes(own), Files.readAllBytes(file), own.getFileName().toString());
        }
        assertEquals(List.of(), BankStatementFileTest.parse(all.get(4)).accounts(), "nothing held, nothing moved: no account section");
        try (Stream<Path> files = Files.list(out.resolve("all")))
        {
            assertEquals(all.size(), files.count(), "no work file or directory left behind");
        }
    }

    @Test
    void theDaysFilesCarryTheScriptsFigures() throws Exception
    {
        final List<Path> day = new ReportWriter(reader, CLOCK).writeStatements(ScriptedDay.D, out, EnumSet.of(ReportFormat.CSV));
        assertEquals(List.of("statement-NB-20261127.csv", "bank-statement-NB-20261127.txt", "statement-VOSTOK-20261127.csv",
            "bank-statement-VOSTOK-20261127.txt", "statement-P3-3-20261127.csv", "bank-statement-P3-3-20261127.txt",
            "statement-LATE-20261127.csv", "bank-statement-LATE-20261127.txt"), day.stream().map(p -> p.getFileName().toString()).toList());

        // NB: USD 20000.00 + 1000.00 deposit - 12500.50 (deal 1); RUB 0 + 3000.00 (deal 2); ACME 30 + 100 - 50
        assertEquals(List.of("USD OPENING  20000.00", "USD MOVEMENT 1 21000.00", "USD MOVEMENT 2 8499.50", "USD CLOSING  8499.50",
            "RUB OPENING  0.00", "RUB MOVEMENT 7 3000.00", "RUB CLOSING  3000.00",
            "ACME OPENING  30", "ACME MOVEMENT 5 130", "ACME MOVEMENT 8 80", "ACME CLOSING  80"), csvLines(day.get(0)));
        // P4: funding before the first date and on the 23rd (opening 50.00 USD, 1.00 RUB), then 2.00 USD and 4 ACME on D
        assertEquals(List.of("USD OPENING  50.00", "USD MOVEMENT 904 52.00", "USD CLOSING  52.00", "RUB OPENING  1.00",
            "RUB CLOSING  1.00", "ACME OPENING  0", "ACME MOVEMENT 905 4", "ACME CLOSING  4"), csvLines(day.get(6)));
        // P3 held 0.00 USD at the close and moved nothing: its statement has the account, its 1C file no document
        assertEquals(List.of("USD OPENING  0.00", "USD CLOSING  0.00"), csvLines(day.get(4)));
        assertEquals(0, BankStatementFileTest.parse(day.get(5)).documents().size());

        // VOSTOK's 1C file: USD 5000.00 + 12500.50 - 2000.00, RUB 10000.00 - 3000.00; documents 3 and 10 (USD), 6 (RUB)
        final BankStatementFileTest.Parsed vostok = BankStatementFileTest.parse(day.get(3));
        assertEquals(List.of("VOSTOK.CASH.USD 5000.00 12500.50 2000.00 15500.50", "VOSTOK.CASH.RUB 10000.00 0.00 3000.00 7000.00"),
            vostok.accounts().stream().map(a -> a.get("РасчСчет") + " " + a.get("НачальныйОстаток") + " " + a.get("ВсегоПоступило") + " "
                + a.get("ВсегоСписано") + " " + a.get("КонечныйОстаток")).toList());
        assertEquals(List.of("3 12500.50", "10 2000.00", "6 3000.00"),
            vostok.documents().stream().map(d -> d.get("Номер") + " " + d.get("Сумма")).toList());
        assertTrue(vostok.documents().get(0).get("НазначениеПлатежа").startsWith("Поступление оплаты по сделке 1 (DVP): 100 шт. Acme Corp"),
            "the deal's terms read in the same pass");
        assertEquals(List.of("18:05:09"), vostok.header("ВремяСоздания"));
    }

    @Test
    void aPassPerParticipantGivesTheSameLinesAsTheReadModel() throws Exception
    {
        final StatementQuery query = new StatementQuery(reader);
        final List<String> seen = new ArrayList<>();
        // one work file open at a time: the day is read once per participant, and all still agree
        new DayStatements(reader, ScriptedDay.D, out.resolve("work"), 1).forEachStatement((statement, lines) ->
        {
            final Statement single = query.statement(statement.participant(), ScriptedDay.D);
            assertEquals(single, statement);
            seen.add(statement.participant().code());
            assertEquals(all(query, single), all(lines, statement));
            final List<Integer> cash = List.of(ScriptedDay.RUB, ScriptedDay.USD);
            assertEquals(all(query, single, cash), all(lines, statement, cash));
            for (final Statement.Account account : statement.accounts())
            {
                assertEquals(query.lines(single, account, 1), lines.lines(statement, account, 1));
                assertEquals(query.lines(single, account, 0), lines.lines(statement, account, 0));
                assertEquals(query.balanceByMinute(single, account), lines.balanceByMinute(statement, account));
            }
            if (statement.participant().id() == 1)
            {
                final Statement.Account usd = statement.accounts().get(0);
                assertEquals(List.of(new StatementQuery.BalancePoint(LocalDateTime.parse("2026-11-27T09:00:00"), 2_100_000),
                    new StatementQuery.BalancePoint(LocalDateTime.parse("2026-11-27T10:15:00"), 849_950)), lines.balanceByMinute(statement, usd));
                assertEquals(1, lines.lines(statement, usd, 1).size());
                assertEquals(2, lines.lines(statement, usd, 0).size());
            }
        });
        assertEquals(List.of("NB", "VOSTOK", "P3", "LATE"), seen);
        assertFalse(Files.exists(out.resolve("work")), "the work files are gone");
    }

    private static List<Statement.Line> all(final StatementLines lines, final Statement statement) throws java.sql.SQLException, java.io.IOException
    {
        final List<Statement.Line> all = new ArrayList<>();
        lines.forEachLine(statement, all::add);
        return all;
    }

    private static List<Statement.Line> all(final StatementLines lines, final Statement statement, final List<Integer> instruments)
        throws java.sql.SQLException, java.io.IOException
    {
        final List<Statement.Line> all = new ArrayList<>();
        lines.forEachLine(statement, instruments, true, all::add);
        return all;
    }

    /**
     * A file's bytes; for a PDF with its creation time, its document id (made from the time) and the
     * tags of its font subsets (random) blanked: two PDFs of the same statement differ only there.
     */
    static byte[] withoutPdfStamp(final Path file) throws java.io.IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        if (!file.getFileName().toString().endsWith(".pdf"))
        {
            return bytes;
        }
        final String text = new String(bytes, StandardCharsets.ISO_8859_1)
            .replaceAll("/CreationDate\\(D:[0-9]{14}Z\\)", "/CreationDate(D:00000000000000Z)")
            .replaceAll("/ID \\[<[0-9a-f]{32}><[0-9a-f]{32}>\\]", "/ID [<><>]")
            .replaceAll("/[A-Z]{6}\\+", "/AAAAAA+");
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** instrument, line kind, movement id and balance of each row of a statement CSV. */
    private static List<String> csvLines(final Path file) throws Exception
    {
        return ReportFilesTest.csv(file, StandardCharsets.UTF_8).stream().skip(1)
            .map(r -> r.get(3) + " " + r.get(5) + " " + r.get(6) + " " + r.get(14)).toList();
    }
}
