package io.settlement.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The 1CClientBankExchange file read back by a small parser of its own, checked against the script and the rows. */
class BankStatementFileTest
{
    private static final Charset WINDOWS_1251 = Charset.forName("windows-1251");

    @TempDir
    Path data;

    @TempDir
    Path out;

    /** A parsed file: the header's keys (repeated keys in order), the account sections and the documents. */
    record Parsed(List<String[]> header, List<Map<String, String>> accounts, List<Map<String, String>> documents)
    {
        List<String> header(final String key)
        {
            return header.stream().filter(kv -> kv[0].equals(key)).map(kv -> kv[1]).toList();
        }
    }

    static Parsed parse(final Path file) throws Exception
    {
        final byte[] bytes = Files.readAllBytes(file);
        final String text = new String(bytes, WINDOWS_1251);
        assertFalse(text.replace("\r\n", "").contains("\n"), "every line ends with CRLF");
        assertFalse(text.replace("\r\n", "").contains("\r"), "every line ends with CRLF");
        final String[] lines = text.split("\r\n");
        assertEquals("1CClientBankExchange", lines[0]);
        assertEquals("КонецФайла", lines[lines.length - 1]);
        final List<String[]> header = new ArrayList<>();
        final List<Map<String, String>> accounts = new ArrayList<>();
        final List<Map<String, String>> documents = new ArrayList<>();
        Map<String, String> open = null;
        for (int i = 1; i < lines.length - 1; i++)
        {
            final String line = lines[i];
            if (line.equals("СекцияРасчСчет"))
            {
                open = new LinkedHashMap<>();
                accounts.add(open);
                continue;
            }
            if (line.startsWith("СекцияДокумент="))
            {
                open = new LinkedHashMap<>();
                open.put("СекцияДокумент", line.substring(line.indexOf('=') + 1));
                documents.add(open);
                continue;
            }
            if (line.equals("КонецРасчСчет") || line.equals("КонецДокумента"))
            {
                open = null;
                continue;
            }
            final int equals = line.indexOf('=');
            assertTrue(equals > 0, "a key=value line: " + line);
            final String[] kv = {line.substring(0, equals), line.substring(equals + 1)};
            if (open == null)
            {
                header.add(kv);
            }
            else
            {
                assertEquals(null, open.put(kv[0], kv[1]), "a key once per section: " + line);
            }
        }
        return new Parsed(header, accounts, documents);
    }

    @Test
    void vostoksStatementReadsBackWithItsTotalsAndEveryDocument() throws Exception
    {
        ScriptedDay.write(ReadModelDatabase.embedded(data));
        final Clock clock = Clock.fixed(Instant.parse("2026-11-27T18:05:09Z"), ZoneOffset.UTC);
        try (ReadModelReader reader = ReadModelReader.openEmbedded(data))
        {
            final Path file = new ReportWriter(reader, clock).bankStatement("VOSTOK", ScriptedDay.D, out);
            assertEquals("bank-statement-VOSTOK-20261127.txt", file.getFileName().toString());
            final Parsed parsed = parse(file);
            assertEquals(List.of("1.03"), parsed.header("ВерсияФормата"));
            assertEquals(List.of("Windows"), parsed.header("Кодировка"));
            assertEquals(1, parsed.header("Отправитель").size());
            assertEquals(1, parsed.header("Получатель").size());
            assertEquals(List.of("27.11.2026"), parsed.header("ДатаСоздания"));
            assertEquals(List.of("18:05:09"), parsed.header("ВремяСоздания"));
            assertEquals(List.of("27.11.2026"), parsed.header("ДатаНачала"));
            assertEquals(List.of("27.11.2026"), parsed.header("ДатаКонца"));
            assertEquals(List.of("VOSTOK.CASH.USD", "VOSTOK.CASH.RUB"), parsed.header("РасчСчет"));

            // by hand from the script: USD 5000.00 + 12500.50 (deal 1) - 2000.00 (withdrawal); RUB 10000.00 - 3000.00 (deal 2)
            assertEquals(2, parsed.accounts().size());
            assertSection(parsed.accounts().get(0), "VOSTOK.CASH.USD", "5000.00", "12500.50", "2000.00", "15500.50");
            assertSection(parsed.accounts().get(1), "VOSTOK.CASH.RUB", "10000.00", "0.00", "3000.00", "7000.00");

            // every section's totals are the sums of its documents, and opening + in - out = closing
            for (final Map<String, String> account : parsed.accounts())
            {
                BigDecimal in = BigDecimal.ZERO;
                BigDecimal outgoing = BigDecimal.ZERO;
                for (final Map<String, String> document : parsed.documents())
                {
                    if (document.get("ПолучательСчет").equals(account.get("РасчСчет")))
                    {
                        in = in.add(new BigDecimal(document.get("Сумма")));
                    }
                    if (document.get("ПлательщикСчет").equals(account.get("РасчСчет")))
                    {
                        outgoing = outgoing.add(new BigDecimal(document.get("Сумма")));
                    }
                }
                assertEquals(0, new BigDecimal(account.get("ВсегоПоступило")).compareTo(in), account.get("РасчСчет") + " in");
                assertEquals(0, new BigDecimal(account.get("ВсегоСписано")).compareTo(outgoing), account.get("РасчСчет") + " out");
                assertEquals(new BigDecimal(account.get("КонечныйОстаток")),
                    new BigDecimal(account.get("НачальныйОстаток")).add(in).subtract(outgoing));
            }

            // every document's amount is its movement row's, by number (the movement id)
            final Map<String, BigDecimal> rows = new LinkedHashMap<>();
            try (PreparedStatement query = reader.connection().prepareStatement(
                "SELECT movement_id, amount FROM movement WHERE participant_id = 2 AND business_date = ? AND instrument_id IN (1, 2)"))
            {
                query.setInt(1, ScriptedDay.D);
                try (ResultSet result = query.executeQuery())
                {
                    while (result.next())
                    {
                        rows.put(String.valueOf(result.getLong(1)), BigDecimal.valueOf(Math.abs(result.getLong(2)), 2));
                    }
                }
            }
            assertEquals(rows.size(), parsed.documents().size());
            for (final Map<String, String> document : parsed.documents())
            {
                assertEquals("Платежное поручение", document.get("СекцияДокумент"));
                assertEquals(rows.get(document.get("Номер")), new BigDecimal(document.get("Сумма")), "document " + document.get("Номер"));
                assertEquals("27.11.2026", document.get("Дата"));
            }
            final Map<String, String> collection = parsed.documents().get(0);
            assertEquals("3", collection.get("Номер"));
            assertEquals("NB.CASH.USD", collection.get("ПлательщикСчет"));
            assertEquals("NORTHBANK", collection.get("Плательщик"));
            assertEquals("ООО \"Восток\"", collection.get("Получатель"));
            assertEquals("27.11.2026", collection.get("ДатаПоступило"));
            assertTrue(collection.get("НазначениеПлатежа").startsWith("Поступление оплаты по сделке 1 (DVP): 100 шт. Acme Corp (ISIN US0378331005)"),
                collection.get("НазначениеПлатежа"));
            final Map<String, String> withdrawal = parsed.documents().get(1);
            assertEquals("10", withdrawal.get("Номер"));
            assertEquals("2000.00", withdrawal.get("Сумма"));
            assertEquals("EXTERNAL.USD", withdrawal.get("ПолучательСчет"));
            assertEquals("Внешний счёт USD", withdrawal.get("Получатель"));
            assertEquals("27.11.2026", withdrawal.get("ДатаСписано"));
            assertEquals(null, withdrawal.get("ДатаПоступило"));
            assertEquals("NB.CASH.RUB", parsed.documents().get(2).get("ПолучательСчет"));
        }
    }

    @Test
    void aParticipantWithoutMovementsHasItsSectionAndNoDocument() throws Exception
    {
        ScriptedDay.write(ReadModelDatabase.embedded(data));
        try (ReadModelReader reader = ReadModelReader.openEmbedded(data))
        {
            final Parsed parsed = parse(new ReportWriter(reader).bankStatement("3", ScriptedDay.D, out.resolve("p3.txt")));
            assertEquals(1, parsed.accounts().size());
            assertSection(parsed.accounts().get(0), "P3-I1", "0.00", "0.00", "0.00", "0.00");
            assertEquals(0, parsed.documents().size());
        }
    }

    private static void assertSection(final Map<String, String> section, final String account, final String opening, final String in,
        final String out, final String closing)
    {
        assertEquals(account, section.get("РасчСчет"));
        assertEquals("27.11.2026", section.get("ДатаНачала"));
        assertEquals("27.11.2026", section.get("ДатаКонца"));
        assertEquals(opening, section.get("НачальныйОстаток"));
        assertEquals(in, section.get("ВсегоПоступило"));
        assertEquals(out, section.get("ВсегоСписано"));
        assertEquals(closing, section.get("КонечныйОстаток"));
    }
}
