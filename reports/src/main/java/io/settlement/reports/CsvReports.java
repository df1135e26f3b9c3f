package io.settlement.reports;

import java.io.IOException;
import java.io.Writer;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

import io.settlement.reports.OperationsReport.Aging;
import io.settlement.reports.OperationsReport.Breakdown;
import io.settlement.reports.OperationsReport.Efficiency;
import io.settlement.reports.OperationsReport.Hour;
import io.settlement.reports.OperationsReport.ReasonCount;

/**
 * The machine-readable form of the statement, the operations report and the confirmation: CSV,
 * UTF-8, one header row, amounts as decimals with a separate currency (instrument) code column.
 * docs/reports.md lists the columns.
 */
public final class CsvReports
{
    private CsvReports()
    {
    }

    /** One row per line: the opening balance, each movement, the closing balance, per instrument (the lines streamed). */
    public static void statement(final StatementLines query, final Statement statement, final Writer writer)
        throws IOException, SQLException
    {
        final Csv csv = new Csv(writer);
        csv.row("business_date", "participant_id", "participant", "instrument", "isin", "line", "movement_id", "sequence",
            "occurred_at", "cause", "deal_id", "counterparty_id", "counterparty", "amount", "balance");
        final String date = BusinessDates.iso(statement.businessDate());
        final ReferenceData.Party party = statement.participant();
        final Map<Integer, Statement.Account> accounts = new TreeMap<>();
        statement.accounts().forEach(account -> accounts.put(account.instrument().id(), account));
        final Statement.Account[] open = {null};
        final IoConsumer<Statement.Account> opening = account -> csv.row(date, party.id(), party.displayName(),
            account.instrument().code(), account.instrument().isin(), "OPENING", null, null, null, null, null, null, null, null,
            account.instrument().decimal(account.openingMinor()));
        final IoConsumer<Statement.Account> closing = account -> csv.row(date, party.id(), party.displayName(),
            account.instrument().code(), account.instrument().isin(), "CLOSING", null, null, null, null, null, null, null, null,
            account.instrument().decimal(account.closingMinor()));
        final java.util.Iterator<Statement.Account> next = accounts.values().iterator();
        query.forEachLine(statement, line ->
        {
            // accounts without movements come between those with, in instrument order
            while (open[0] == null || open[0].instrument().id() != line.instrumentId())
            {
                if (open[0] != null)
                {
                    closing.accept(open[0]);
                }
                open[0] = next.next();
                opening.accept(open[0]);
            }
            final ReferenceData.Instrument instrument = open[0].instrument();
            csv.row(date, party.id(), party.displayName(), instrument.code(), instrument.isin(), "MOVEMENT", line.movementId(),
                line.sequence(), BusinessDates.timestamp(line.occurredAt()), line.cause(), line.dealId(),
                line.counterparty() == null ? null : line.counterparty().id(),
                line.counterparty() == null ? null : line.counterparty().displayName(),
                instrument.decimal(line.amountMinor()), instrument.decimal(line.balanceAfterMinor()));
        });
        if (open[0] != null)
        {
            closing.accept(open[0]);
        }
        while (next.hasNext())
        {
            final Statement.Account account = next.next();
            opening.accept(account);
            closing.accept(account);
        }
        writer.flush();
    }

    @FunctionalInterface
    private interface IoConsumer<T>
    {
        void accept(T value) throws IOException;
    }

    /**
     * One table of {@code section,key,label,metric,value,unit}: the sections are TOTAL, PARTICIPANT,
     * SECURITY, REASON, EFFICIENCY, FAILS_AGING and THROUGHPUT.
     */
    public static void operations(final OperationsReport report, final Writer writer) throws IOException
    {
        final Csv csv = new Csv(writer);
        final String date = BusinessDates.iso(report.businessDate());
        csv.row("business_date", "section", "key", "label", "metric", "value", "unit");
        counts(csv, date, "TOTAL", "", "all deals", report.totals());
        for (final Breakdown row : report.byParticipant())
        {
            counts(csv, date, "PARTICIPANT", String.valueOf(row.id()), row.label(), row.counts());
        }
        for (final Breakdown row : report.bySecurity())
        {
            counts(csv, date, "SECURITY", String.valueOf(row.id()), row.label(), row.counts());
        }
        for (final ReasonCount row : report.byReason())
        {
            csv.row(date, "REASON", row.outcome(), row.reason(), "deals", row.count(), null);
        }
        for (final Efficiency row : report.efficiency())
        {
            final ReferenceData.Instrument currency = row.currency();
            csv.row(date, "EFFICIENCY", currency.code(), currency.displayName(), "due_count", row.dueCount(), null);
            csv.row(date, "EFFICIENCY", currency.code(), currency.displayName(), "settled_count", row.settledCount(), null);
            csv.row(date, "EFFICIENCY", currency.code(), currency.displayName(), "count_percent", row.countPercent(), "%");
            csv.row(date, "EFFICIENCY", currency.code(), currency.displayName(), "due_value",
                currency.decimal(row.dueValueMinor()), currency.code());
            csv.row(date, "EFFICIENCY", currency.code(), currency.displayName(), "settled_value",
                currency.decimal(row.settledValueMinor()), currency.code());
            csv.row(date, "EFFICIENCY", currency.code(), currency.displayName(), "value_percent", row.valuePercent(), "%");
        }
        for (final Aging row : report.fails())
        {
            csv.row(date, "FAILS_AGING", row.bucket(), row.currency().code(), "deals", row.deals(), null);
            csv.row(date, "FAILS_AGING", row.bucket(), row.currency().code(), "value", row.currency().decimal(row.valueMinor()),
                row.currency().code());
        }
        for (final Hour row : report.throughput())
        {
            final String hour = String.format("%02d", row.hour());
            csv.row(date, "THROUGHPUT", hour, hour + ":00-" + hour + ":59 UTC", "registered", row.registered(), null);
            csv.row(date, "THROUGHPUT", hour, hour + ":00-" + hour + ":59 UTC", "settled", row.settled(), null);
        }
        writer.flush();
    }

    private static void counts(final Csv csv, final String date, final String section, final String key, final String label,
        final OperationsReport.Counts counts) throws IOException
    {
        csv.row(date, section, key, label, "registered", counts.registered(), null);
        csv.row(date, section, key, label, "settled", counts.settled(), null);
        csv.row(date, section, key, label, "failed_attempts", counts.failedAttempts(), null);
        csv.row(date, section, key, label, "failed_deals", counts.failedDeals(), null);
        csv.row(date, section, key, label, "cancelled", counts.cancelled(), null);
        csv.row(date, section, key, label, "rejected", counts.rejected(), null);
    }

    /** One row of the deal's terms and status, then one row per state change. */
    public static void confirmation(final Confirmation c, final Writer writer) throws IOException
    {
        final Csv csv = new Csv(writer);
        csv.row("deal_id", "registration_sequence", "buyer_id", "buyer", "seller_id", "seller", "submitter_id", "client_deal_id",
            "security", "isin", "quantity", "currency", "cash_amount", "settlement_date", "deal_type", "status", "registered_at",
            "failed_attempts", "last_fail_reason", "finished_sequence", "finished_at", "finished_business_date");
        csv.row(c.dealId(), c.registrationSequence(), c.buyer().id(), c.buyer().displayName(), c.seller().id(), c.seller().displayName(),
            c.submitter().id(), c.clientDealId(), c.security().code(), c.security().isin(), c.quantity(), c.currency().code(),
            c.currency().decimal(c.cashAmountMinor()), BusinessDates.iso(c.settlementDate()), c.dealType(), c.status(), BusinessDates.timestamp(c.registeredAt()),
            c.failedAttempts(), c.lastFailReason(), c.finishedSequence(), BusinessDates.timestamp(c.finishedAt()),
            c.finishedBusinessDate() == null ? null : BusinessDates.iso(c.finishedBusinessDate()));
        writer.write("\r\n");
        csv.row("deal_id", "sequence", "ordinal", "event", "reason", "occurred_at", "business_date");
        for (final Confirmation.Event event : c.events())
        {
            csv.row(c.dealId(), event.sequence(), event.ordinal(), event.kind(), event.reason(), BusinessDates.timestamp(event.occurredAt()),
                BusinessDates.iso(event.businessDate()));
        }
        writer.flush();
    }
}
