package io.settlement.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files: postings in both encodings, the register, the CSV, HTML and PDF forms and a whole day's set, read back. */
class ReportFilesTest
{
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

    /** RFC 4180 CSV: quoted fields may hold commas and doubled quotes. */
    static List<List<String>> csv(final Path file, final Charset encoding) throws Exception
    {
        final String text = Files.readString(file, encoding);
        final List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        final StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (quoted)
            {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"')
                {
                    field.append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.add(field.toString());
                field.setLength(0);
            }
            else if (c == '\r' && text.charAt(i + 1) == '\n')
            {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            }
            else
            {
                field.append(c);
            }
        }
        return rows;
    }

    @Test
    void postingsReadBackInUtf8AndInWindows1251() throws Exception
    {
        for (final Charset encoding : List.of(StandardCharsets.UTF_8, Charset.forName("windows-1251")))
        {
            final Path file = new ReportWriter(reader).postings(ScriptedDay.D, encoding, out.resolve("postings-" + encoding + ".csv"));
            final List<List<String>> rows = csv(file, encoding);
            assertEquals(List.of(PostingsFile.HEADER), rows.get(0));
            // the ten movements of D, one posting each; the posting of the 26th is not in the file
            assertEquals(11, rows.size());
            final List<String> first = rows.get(1);
            assertEquals("1", first.get(0));
            assertEquals("2026-11-27", first.get(1));
            assertEquals("2026-11-27T09:00:00.000Z", first.get(2));
            assertEquals("EXTERNAL.USD", first.get(5));
            assertEquals("Внешний счёт USD", first.get(6));
            assertEquals("P1.1", first.get(7));
            assertEquals("USD", first.get(9));
            assertEquals("1000.00", first.get(11));
            assertEquals("Проводка DEPOSIT №1", first.get(13));
            assertEquals("ACME", rows.get(4).get(9));
            assertEquals("100", rows.get(4).get(11));
            // by hand: USD 1000.00 + 12500.50 + 12500.50 + 2000.00; RUB 3000.00 twice; ACME 100 twice, 50 twice
            assertEquals(new BigDecimal("28001.00"), sum(rows, "USD"));
            assertEquals(new BigDecimal("6000.00"), sum(rows, "RUB"));
            assertEquals(new BigDecimal("300"), sum(rows, "ACME"));
        }
    }

    private static BigDecimal sum(final List<List<String>> rows, final String instrument)
    {
        return rows.stream().skip(1).filter(r -> r.get(9).equals(instrument)).map(r -> new BigDecimal(r.get(11)))
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void registerListsEveryDealEverRegisteredRejectedOnesIncluded() throws Exception
    {
        final Path file = new ReportWriter(reader).register(out);
        final List<List<String>> rows = csv(file, StandardCharsets.UTF_8);
        assertEquals(List.of(DealRegister.HEADER), rows.get(0));
        // ten registrations, in sequence order 5, 6, 7, 10, 20, 21, 22, 23, 24, 25
        assertEquals(List.of("5", "6", "7", "10", "20", "21", "22", "23", "24", "25"), rows.stream().skip(1).map(r -> r.get(0)).toList());
        final List<String> rejected = rows.get(8);
        assertEquals("", rejected.get(1));
        assertEquals("REJECTED", rejected.get(2));
        assertEquals("CREDIT_LIMIT_EXCEEDED", rejected.get(3));
        final List<String> deal1 = rows.get(4);
        assertEquals("1", deal1.get(1));
        assertEquals("ООО \"Восток\"", deal1.get(9));
        assertEquals("US0378331005", deal1.get(11));
        assertEquals("12500.50", deal1.get(14));
        assertEquals("USD", deal1.get(13));
        assertEquals("2026-11-27", deal1.get(23));
        assertEquals("2026-11-26T12:00:00.000Z", deal1.get(17));
        assertEquals("2026-11-27T10:15:00.000Z", deal1.get(22));
    }

    @Test
    void participantsWhoseCodesGiveTheSameFileNameGetTheirIdsInIt() throws Exception
    {
        final ReportWriter writer = new ReportWriter(reader);
        assertEquals("statement-P3-3-20261127.csv", writer.statement("3", ScriptedDay.D, ReportFormat.CSV, out).getFileName().toString());
        assertEquals("statement-p3-5-20261127.csv", writer.statement("5", ScriptedDay.D, ReportFormat.CSV, out).getFileName().toString());
        assertEquals("statement-NB-20261127.csv", writer.statement("1", ScriptedDay.D, ReportFormat.CSV, out).getFileName().toString(),
            "a code no other gives keeps its plain name");
    }

    @Test
    void statementCsvHasOpeningMovementsAndClosingPerInstrument() throws Exception
    {
        final Path file = new ReportWriter(reader).statement("1", ScriptedDay.D, ReportFormat.CSV, out);
        assertEquals("statement-NB-20261127.csv", file.getFileName().toString());
        final List<List<String>> rows = csv(file, StandardCharsets.UTF_8);
        // USD: opening, 2 movements, closing; RUB: opening, 1, closing; ACME: opening, 2, closing
        assertEquals(1 + 4 + 3 + 4, rows.size());
        assertEquals(List.of("USD", "OPENING", "20000.00"), List.of(rows.get(1).get(3), rows.get(1).get(5), rows.get(1).get(14)));
        assertEquals(List.of("PAYMENT", "-12500.50", "8499.50"), List.of(rows.get(3).get(9), rows.get(3).get(13), rows.get(3).get(14)));
        assertEquals(List.of("ACME", "CLOSING", "80"), List.of(rows.get(11).get(3), rows.get(11).get(5), rows.get(11).get(14)));
    }

    @Test
    void statementCsvListsAnAccountWithoutMovementsBetweenTwoWithMovements() throws Exception
    {
        final List<List<String>> rows = csv(new ReportWriter(reader).statement("LATE", ScriptedDay.D, ReportFormat.CSV, out),
            StandardCharsets.UTF_8);
        // P4: USD 50.00 + 2.00; RUB 1.00 unmoved; ACME 0 + 4
        assertEquals(List.of("USD OPENING 50.00", "USD MOVEMENT 52.00", "USD CLOSING 52.00", "RUB OPENING 1.00", "RUB CLOSING 1.00",
            "ACME OPENING 0", "ACME MOVEMENT 4", "ACME CLOSING 4"),
            rows.stream().skip(1).map(r -> r.get(3) + " " + r.get(5) + " " + r.get(14)).toList());
    }

    @Test
    void htmlAndPdfCarryTheFiguresAndTheCharts() throws Exception
    {
        final ReportWriter writer = new ReportWriter(reader);
        final String html = Files.readString(writer.statement("VOSTOK", ScriptedDay.D, ReportFormat.HTML, out), StandardCharsets.UTF_8);
        assertTrue(html.contains("15500.50 USD"), "closing USD balance");
        assertTrue(html.contains("ООО &quot;Восток&quot;"), "the name, escaped");
        assertTrue(html.contains("src=\"data:image/png;base64,"), "a chart");
        final String operations = Files.readString(writer.operations(ScriptedDay.D, ReportFormat.HTML, out), StandardCharsets.UTF_8);
        assertTrue(operations.contains("<td class=\"n\">73.53 %</td>"), "USD efficiency by value");
        assertTrue(operations.split("data:image/png;base64,").length - 1 >= 3, "participants, aging and throughput charts");

        final Path pdf = writer.statement("VOSTOK", ScriptedDay.D, ReportFormat.PDF, out);
        final String text = pdfText(pdf);
        assertTrue(text.contains("15500.50 USD"), text);
        assertTrue(text.contains("Восток"), text);
        assertTrue(pdfText(writer.operations(ScriptedDay.D, ReportFormat.PDF, out)).contains("INSUFFICIENT_BALANCE"));
        assertTrue(pdfText(writer.confirmation(1, ReportFormat.PDF, out)).contains("12500.50 USD"));
        assertTrue(Files.readString(writer.confirmation(1, ReportFormat.CSV, out)).contains(",12500.50,"));

        // a busy day prints its first movements and says how many more the CSV has
        final StatementQuery query = new StatementQuery(reader);
        final java.io.StringWriter printed = new java.io.StringWriter();
        HtmlRenderer.write(PrintLayouts.statement(query, query.statement(reader.reference().resolveParty("NB"), ScriptedDay.D), 1), printed);
        assertTrue(!printed.toString().contains(">-12500.50 USD<"), "the second USD movement is not printed");
        assertTrue(printed.toString().contains("... 1 more movements (every one is in the CSV)"), printed.toString());
        assertTrue(printed.toString().contains(">1000.00 USD<"), "the first USD movement is printed");
    }

    private static String pdfText(final Path pdf) throws Exception
    {
        final PdfReader pdfReader = new PdfReader(Files.readAllBytes(pdf));
        try
        {
            final StringBuilder text = new StringBuilder();
            final PdfTextExtractor extractor = new PdfTextExtractor(pdfReader);
            for (int page = 1; page <= pdfReader.getNumberOfPages(); page++)
            {
                text.append(extractor.getTextFromPage(page)).append('\n');
            }
            return text.toString();
        }
        finally
        {
            pdfReader.close();
        }
    }

    @Test
    void theDaysSetHasEveryParticipantsStatementAndBankStatementTheOperationsReportPostingsAndRegister() throws Exception
    {
        final List<Path> written = new ReportWriter(reader).writeDay(ScriptedDay.D, out.resolve("day"));
        final List<String> names = written.stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of(
            "statement-NB-20261127.csv", "statement-NB-20261127.html", "statement-NB-20261127.pdf", "bank-statement-NB-20261127.txt",
            "statement-VOSTOK-20261127.csv", "statement-VOSTOK-20261127.html", "statement-VOSTOK-20261127.pdf", "bank-statement-VOSTOK-20261127.txt",
            "statement-P3-3-20261127.csv", "statement-P3-3-20261127.html", "statement-P3-3-20261127.pdf", "bank-statement-P3-3-20261127.txt",
            "statement-LATE-20261127.csv", "statement-LATE-20261127.html", "statement-LATE-20261127.pdf", "bank-statement-LATE-20261127.txt",
            "operations-20261127.csv", "operations-20261127.html", "operations-20261127.pdf", "postings-20261127.csv", "deals-register.csv"), names);
        try (Stream<Path> files = Files.list(out.resolve("day")))
        {
            assertEquals(names.size(), files.count(), "no partial file left behind");
        }
    }
}
