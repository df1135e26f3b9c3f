package io.settlement.reports;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.settlement.reports.OperationsReport.Aging;
import io.settlement.reports.OperationsReport.Breakdown;
import io.settlement.reports.OperationsReport.Counts;
import io.settlement.reports.OperationsReport.Efficiency;
import io.settlement.reports.OperationsReport.Hour;
import io.settlement.reports.OperationsReport.ReasonCount;
import io.settlement.reports.PrintDocument.Block;
import io.settlement.reports.PrintDocument.Chart;
import io.settlement.reports.PrintDocument.Fields;
import io.settlement.reports.PrintDocument.Heading;
import io.settlement.reports.PrintDocument.Table;
import io.settlement.reports.ReferenceData.Instrument;

/**
 * Lays the statement, the operations report and the confirmation out for people: every amount a
 * decimal with its currency (or security) code, every party by name.
 */
public final class PrintLayouts
{
    private static final boolean[] COUNTS_NUMERIC = {false, true, true, true, true, true, true};
    private static final List<String> COUNTS_HEADER =
        List.of("", "registered", "settled", "failed attempts", "deals failed", "cancelled", "rejected");

    private PrintLayouts()
    {
    }

    /** Movements printed per instrument; the rest are summed up in one line (the CSV has every one). */
    public static final int PRINTED_LINES = 2_000;

    public static PrintDocument statement(final StatementLines query, final Statement statement) throws SQLException
    {
        return statement(query, statement, PRINTED_LINES);
    }

    /** The statement, printing at most {@code printedLines} movements per instrument. */
    public static PrintDocument statement(final StatementLines query, final Statement statement, final int printedLines)
        throws SQLException
    {
        final List<Block> blocks = new ArrayList<>();
        final ReferenceData.Party party = statement.participant();
        blocks.add(new Fields(List.of(
            List.of("Participant", party.displayName() + " (" + party.code() + ", id " + party.id() + ")"),
            List.of("Business date", BusinessDates.iso(statement.businessDate())))));
        if (statement.accounts().isEmpty())
        {
            blocks.add(new Heading("No balance and no movement on this day."));
        }
        for (final Statement.Account account : statement.accounts())
        {
            final Instrument instrument = account.instrument();
            blocks.add(new Heading(instrument.displayName() + " (" + instrument.code()
                + (instrument.isin() == null ? "" : ", ISIN " + instrument.isin()) + ")"));
            final List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("", "Opening balance", "", "", "", instrument.format(account.openingMinor())));
            final List<Statement.Line> printed = query.lines(statement, account, printedLines);
            for (final Statement.Line line : printed)
            {
                rows.add(List.of(BusinessDates.time(line.occurredAt()), line.cause(),
                    line.dealId() == null ? "" : String.valueOf(line.dealId()),
                    line.counterparty() == null ? "" : line.counterparty().displayName(),
                    instrument.format(line.amountMinor()), instrument.format(line.balanceAfterMinor())));
            }
            if (account.movements() > printedLines)
            {
                rows.add(List.of("", "... " + (account.movements() - printedLines) + " more movements (every one is in the CSV)",
                    "", "", "", ""));
            }
            rows.add(List.of("", "Closing balance", "", "", "", instrument.format(account.closingMinor())));
            blocks.add(new Table(List.of("time (UTC)", "cause", "deal", "counterparty", "amount", "balance"),
                new boolean[] {false, false, true, false, true, true}, rows));
            blocks.add(new Fields(List.of(List.of("Credits", instrument.format(account.creditsMinor())),
                List.of("Debits", instrument.format(account.debitsMinor())))));
            if (account.movements() > 0)
            {
                // every movement when all are printed; else the balance at the end of each minute
                final List<java.util.Date> x = new ArrayList<>();
                final List<Number> y = new ArrayList<>();
                if (account.movements() <= printedLines)
                {
                    for (final Statement.Line line : printed)
                    {
                        x.add(date(line.occurredAt()));
                        y.add(instrument.decimal(line.balanceAfterMinor()));
                    }
                }
                else
                {
                    for (final StatementQuery.BalancePoint point : query.balanceByMinute(statement, account))
                    {
                        x.add(date(point.at()));
                        y.add(instrument.decimal(point.balanceMinor()));
                    }
                }
                blocks.add(new Chart("Balance through the day", Charts.balance(instrument.code() + " balance through the day (UTC)",
                    instrument.code(), instrument.minorUnits(), x, y)));
            }
        }
        return new PrintDocument("End-of-day statement " + party.displayName() + " " + BusinessDates.iso(statement.businessDate()), blocks);
    }

    public static PrintDocument operations(final OperationsReport report)
    {
        final List<Block> blocks = new ArrayList<>();
        blocks.add(new Heading("Deals"));
        final List<List<String>> totals = new ArrayList<>();
        totals.add(countsRow("all deals", report.totals()));
        blocks.add(new Table(COUNTS_HEADER, COUNTS_NUMERIC, totals));
        blocks.add(new Heading("By participant (a deal counts for both its parties)"));
        blocks.add(new Table(COUNTS_HEADER, COUNTS_NUMERIC, breakdownRows(report.byParticipant())));
        if (!report.byParticipant().isEmpty())
        {
            blocks.add(new Chart("Outcomes by participant", outcomeChart("Outcomes by participant", report.byParticipant())));
        }
        blocks.add(new Heading("By security"));
        blocks.add(new Table(COUNTS_HEADER, COUNTS_NUMERIC, breakdownRows(report.bySecurity())));
        blocks.add(new Heading("By reason"));
        final List<List<String>> reasons = new ArrayList<>();
        for (final ReasonCount reason : report.byReason())
        {
            reasons.add(List.of(reason.outcome(), reason.reason(), String.valueOf(reason.count())));
        }
        blocks.add(new Table(List.of("outcome", "reason", "count"), new boolean[] {false, false, true}, reasons));
        blocks.add(new Heading("Settlement efficiency (settled of due)"));
        final List<List<String>> efficiency = new ArrayList<>();
        for (final Efficiency row : report.efficiency())
        {
            final Instrument currency = row.currency();
            efficiency.add(List.of(currency.code(), String.valueOf(row.dueCount()), String.valueOf(row.settledCount()),
                row.countPercent().toPlainString() + " %", currency.decimal(row.dueValueMinor()).toPlainString() + " " + currency.code(),
                currency.decimal(row.settledValueMinor()).toPlainString() + " " + currency.code(), row.valuePercent().toPlainString() + " %"));
        }
        blocks.add(new Table(List.of("currency", "due", "settled", "by count", "due value", "settled value", "by value"),
            new boolean[] {false, true, true, true, true, true, true}, efficiency));
        blocks.add(new Heading("Fails aging (open at the close, by business days past the settlement date)"));
        final List<List<String>> aging = new ArrayList<>();
        final long[] perBucket = new long[OperationsReport.AGING_BUCKETS.size()];
        for (final Aging row : report.fails())
        {
            aging.add(List.of(row.bucket(), row.currency().code(), String.valueOf(row.deals()),
                row.currency().decimal(row.valueMinor()).toPlainString() + " " + row.currency().code()));
            perBucket[OperationsReport.AGING_BUCKETS.indexOf(row.bucket())] += row.deals();
        }
        blocks.add(new Table(List.of("business days overdue", "currency", "deals", "value"), new boolean[] {false, false, true, true}, aging));
        if (!report.fails().isEmpty())
        {
            final List<Number> counts = new ArrayList<>();
            for (final long count : perBucket)
            {
                counts.add(count);
            }
            blocks.add(new Chart("Fails aging", Charts.bars("Open fails by business days overdue", "deals",
                OperationsReport.AGING_BUCKETS, List.of("deals"), List.of(counts))));
        }
        blocks.add(new Heading("Throughput by hour (UTC)"));
        final List<List<String>> hours = new ArrayList<>();
        final List<String> categories = new ArrayList<>();
        final List<Number> registered = new ArrayList<>();
        final List<Number> settled = new ArrayList<>();
        for (final Hour hour : report.throughput())
        {
            final String label = String.format("%02d:00", hour.hour());
            hours.add(List.of(label, String.valueOf(hour.registered()), String.valueOf(hour.settled())));
            categories.add(label);
            registered.add(hour.registered());
            settled.add(hour.settled());
        }
        blocks.add(new Table(List.of("hour", "registered", "settled"), new boolean[] {false, true, true}, hours));
        if (!categories.isEmpty())
        {
            blocks.add(new Chart("Throughput by hour", Charts.bars("Deals per hour (UTC)", "deals", categories,
                List.of("registered", "settled"), List.of(registered, settled))));
        }
        return new PrintDocument("Operations report " + BusinessDates.iso(report.businessDate()), blocks);
    }

    public static PrintDocument confirmation(final Confirmation c)
    {
        final List<Block> blocks = new ArrayList<>();
        blocks.add(new Fields(List.of(
            List.of("Deal", c.dealId() + " (registered at sequence " + c.registrationSequence() + ")"),
            List.of("Buyer", c.buyer().displayName() + " (" + c.buyer().code() + ")"),
            List.of("Seller", c.seller().displayName() + " (" + c.seller().code() + ")"),
            List.of("Submitted by", c.submitter().displayName() + ", client deal id " + c.clientDealId()),
            List.of("Security", c.security().displayName() + (c.security().isin() == null ? "" : " (ISIN " + c.security().isin() + ")")),
            List.of("Quantity", c.security().format(c.quantity())),
            List.of("Cash amount", c.currency().format(c.cashAmountMinor())),
            List.of("Type", c.dealType()),
            List.of("Settlement date", BusinessDates.iso(c.settlementDate())),
            List.of("Status", c.status() + (c.lastFailReason() == null ? "" : " (" + c.failedAttempts() + " failed attempts, last: "
                + c.lastFailReason() + ")")),
            List.of("Registered", BusinessDates.time(c.registeredAt()) + " UTC, business date " + BusinessDates.iso(c.registeredBusinessDate())),
            List.of("Finished", c.finishedAt() == null ? "-" : BusinessDates.time(c.finishedAt()) + " UTC, business date "
                + BusinessDates.iso(c.finishedBusinessDate()) + ", sequence " + c.finishedSequence()))));
        blocks.add(new Heading("History"));
        final List<List<String>> rows = new ArrayList<>();
        for (final Confirmation.Event event : c.events())
        {
            rows.add(List.of(String.valueOf(event.sequence()), BusinessDates.time(event.occurredAt()),
                BusinessDates.iso(event.businessDate()), event.kind(), event.reason() == null ? "" : event.reason()));
        }
        blocks.add(new Table(List.of("sequence", "time (UTC)", "business date", "event", "reason"),
            new boolean[] {true, false, false, false, false}, rows));
        return new PrintDocument("Settlement confirmation, deal " + c.dealId(), blocks);
    }

    private static java.util.Date date(final java.time.LocalDateTime utc)
    {
        return java.util.Date.from(utc.toInstant(java.time.ZoneOffset.UTC));
    }

    private static List<String> countsRow(final String label, final Counts counts)
    {
        return List.of(label, String.valueOf(counts.registered()), String.valueOf(counts.settled()), String.valueOf(counts.failedAttempts()),
            String.valueOf(counts.failedDeals()), String.valueOf(counts.cancelled()), String.valueOf(counts.rejected()));
    }

    private static List<List<String>> breakdownRows(final List<Breakdown> breakdown)
    {
        final List<List<String>> rows = new ArrayList<>();
        for (final Breakdown row : breakdown)
        {
            rows.add(countsRow(row.label(), row.counts()));
        }
        return rows;
    }

    private static byte[] outcomeChart(final String title, final List<Breakdown> breakdown)
    {
        final List<String> labels = new ArrayList<>();
        final List<Number> settled = new ArrayList<>();
        final List<Number> failed = new ArrayList<>();
        final List<Number> cancelled = new ArrayList<>();
        final List<Number> rejected = new ArrayList<>();
        for (final Breakdown row : breakdown)
        {
            labels.add(row.label());
            settled.add(row.counts().settled());
            failed.add(row.counts().failedDeals());
            cancelled.add(row.counts().cancelled());
            rejected.add(row.counts().rejected());
        }
        return Charts.bars(title, "deals", labels, List.of("settled", "failed", "cancelled", "rejected"),
            List.of(settled, failed, cancelled, rejected));
    }
}
