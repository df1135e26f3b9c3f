package io.settlement.reports;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.settlement.reports.ReferenceData.Instrument;
import io.settlement.reports.ReferenceData.Party;

/**
 * A participant's cash movements of one business day as a bank statement in the
 * 1CClientBankExchange text format, version 1.03, the file 1C:Accounting imports as a bank
 * statement: Windows-1251, CRLF line ends, {@code key=value} lines; a header, one
 * {@code СекцияРасчСчет} per cash account (opening balance, totals in and out, closing balance),
 * one {@code СекцияДокумент} per movement, {@code КонецФайла}. Dates are dd.MM.yyyy, amounts use a
 * dot and the currency's decimals. docs/reports.md maps every field.
 */
public final class BankStatementFile
{
    /** The file's encoding, named in the header as {@code Кодировка=Windows}. */
    public static final Charset WINDOWS_1251 = Charset.forName("windows-1251");

    /** The document kind of every movement: 1C:Accounting imports a statement's payment orders in and out. */
    static final String DOCUMENT_KIND = "Платежное поручение";

    static final String SENDER = "Settlement engine";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private BankStatementFile()
    {
    }

    /**
     * Writes the cash part of a statement as a 1CClientBankExchange file.
     *
     * @param createdAt the moment written in {@code ДатаСоздания} and {@code ВремяСоздания}
     * @return the number of documents (movements) written
     */
    public static int write(final ReadModelReader reader, final StatementLines query, final Statement statement,
        final LocalDateTime createdAt, final OutputStream out) throws SQLException, IOException
    {
        final Party party = statement.participant();
        final List<Statement.Account> accounts = new ArrayList<>();
        for (final Statement.Account account : statement.accounts())
        {
            if (account.instrument().isCurrency())
            {
                accounts.add(account);
            }
        }
        final Accounts codes = Accounts.load(reader);
        final String date = BusinessDates.russian(statement.businessDate());
        final Writer writer = new BufferedWriter(new OutputStreamWriter(out, WINDOWS_1251));
        line(writer, "1CClientBankExchange");
        line(writer, "ВерсияФормата", "1.03");
        line(writer, "Кодировка", "Windows");
        line(writer, "Отправитель", SENDER);
        line(writer, "Получатель", "");
        line(writer, "ДатаСоздания", createdAt.toLocalDate().format(DateTimeFormatter.ofPattern("dd.MM.yyyy")));
        line(writer, "ВремяСоздания", createdAt.format(TIME));
        line(writer, "ДатаНачала", date);
        line(writer, "ДатаКонца", date);
        for (final Statement.Account account : accounts)
        {
            line(writer, "РасчСчет", codes.own(party, account.instrument()));
        }
        line(writer, "Документ", DOCUMENT_KIND);
        for (final Statement.Account account : accounts)
        {
            final Instrument currency = account.instrument();
            line(writer, "СекцияРасчСчет");
            line(writer, "ДатаНачала", date);
            line(writer, "ДатаКонца", date);
            line(writer, "РасчСчет", codes.own(party, currency));
            line(writer, "НачальныйОстаток", amount(currency, account.openingMinor()));
            line(writer, "ВсегоПоступило", amount(currency, account.creditsMinor()));
            line(writer, "ВсегоСписано", amount(currency, account.debitsMinor()));
            line(writer, "КонечныйОстаток", amount(currency, account.closingMinor()));
            line(writer, "КонецРасчСчет");
        }
        final Map<Integer, Instrument> cash = new HashMap<>();
        accounts.forEach(account -> cash.put(account.instrument().id(), account.instrument()));
        final int[] documents = {0};
        query.forEachLine(statement, List.copyOf(new java.util.TreeSet<>(cash.keySet())), true, movement ->
        {
            final Instrument currency = cash.get(movement.instrumentId());
            if (currency == null)
            {
                return; // a securities movement: not in a bank statement
            }
            final boolean debited = movement.amountMinor() < 0;
            final String ownAccount = codes.own(party, currency);
            final String otherAccount = movement.counterparty() != null
                ? codes.own(movement.counterparty(), currency) : codes.external(currency);
            final String otherName = movement.counterparty() != null
                ? movement.counterparty().displayName() : codes.externalName(currency);
            line(writer, "СекцияДокумент", DOCUMENT_KIND);
            line(writer, "Номер", String.valueOf(movement.movementId()));
            line(writer, "Дата", date);
            line(writer, "Сумма", amount(currency, Math.abs(movement.amountMinor())));
            party(writer, "Плательщик", debited ? ownAccount : otherAccount, debited ? party.displayName() : otherName);
            party(writer, "Получатель", debited ? otherAccount : ownAccount, debited ? otherName : party.displayName());
            line(writer, debited ? "ДатаСписано" : "ДатаПоступило", date);
            line(writer, "НазначениеПлатежа", purpose(reader.reference(), movement));
            line(writer, "КонецДокумента");
            documents[0]++;
        });
        line(writer, "КонецФайла");
        writer.flush();
        return documents[0];
    }

    private static void party(final Writer writer, final String prefix, final String account, final String name) throws IOException
    {
        line(writer, prefix + "Счет", account);
        line(writer, prefix, name);
        line(writer, prefix + "1", name);
        line(writer, prefix + "РасчСчет", account);
    }

    /** The payment's purpose, in Russian as the accountant reads it in 1C. */
    static String purpose(final ReferenceData reference, final Statement.Line movement)
    {
        final Statement.DealTerms deal = movement.deal();
        final String terms = deal == null ? "" : " (" + deal.dealType() + "): " + deal.quantity() + " шт. "
            + reference.instrument(deal.securityId()).displayName()
            + (reference.instrument(deal.securityId()).isin() == null ? "" : " (ISIN " + reference.instrument(deal.securityId()).isin() + ")")
            + ", дата расчётов " + BusinessDates.russian(deal.settlementDate());
        return switch (movement.cause())
        {
            case "PAYMENT" -> "Оплата по сделке " + movement.dealId() + terms;
            case "COLLECTION" -> "Поступление оплаты по сделке " + movement.dealId() + terms;
            case "DEPOSIT" -> "Зачисление денежных средств на счёт участника";
            case "WITHDRAWAL" -> "Вывод денежных средств со счёта участника";
            default -> movement.cause() + (movement.dealId() == null ? "" : " по сделке " + movement.dealId() + terms);
        };
    }

    /** An amount with a dot and the currency's decimals, never negative signs in documents. */
    static String amount(final Instrument currency, final long amountMinor)
    {
        return currency.decimal(amountMinor).toPlainString();
    }

    private static void line(final Writer writer, final String key) throws IOException
    {
        writer.write(key);
        writer.write("\r\n");
    }

    private static void line(final Writer writer, final String key, final String value) throws IOException
    {
        // a value is one line: a line break in a name would start a new key
        writer.write(key + "=" + value.replace('\r', ' ').replace('\n', ' '));
        writer.write("\r\n");
    }

    /**
     * The account numbers of the chart of accounts ({@code account}): a participant's cash account
     * in a currency, and the currency's external account that deposits come from and withdrawals go
     * to. A read model without the row falls back to the codes of {@link ChartOfAccounts}.
     */
    private record Accounts(Map<String, String> codes, Map<String, String> names)
    {
        static Accounts load(final ReadModelReader reader) throws SQLException
        {
            final Map<String, String> codes = new HashMap<>();
            final Map<String, String> names = new HashMap<>();
            try (PreparedStatement query = reader.connection().prepareStatement(
                "SELECT account_code, account_class, participant_id, instrument_id, name FROM account WHERE account_class <> 'CLEARING'"))
            {
                try (ResultSet rows = query.executeQuery())
                {
                    while (rows.next())
                    {
                        final String key = "EXTERNAL".equals(rows.getString(2)) ? "X" + rows.getInt(4)
                            : "P" + rows.getLong(3) + "/" + rows.getInt(4);
                        codes.put(key, rows.getString(1));
                        names.put(key, rows.getString(5));
                    }
                }
            }
            return new Accounts(codes, names);
        }

        String own(final Party party, final Instrument currency)
        {
            final String code = codes.get("P" + party.id() + "/" + currency.id());
            return code != null ? code : ChartOfAccounts.participant(party.id(), currency.id());
        }

        String external(final Instrument currency)
        {
            final String code = codes.get("X" + currency.id());
            return code != null ? code : ChartOfAccounts.external(currency.id());
        }

        String externalName(final Instrument currency)
        {
            final String name = names.get("X" + currency.id());
            return name != null ? name : "Внешний счёт " + currency.code();
        }
    }
}
