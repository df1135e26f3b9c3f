package io.settlement.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.settlement.reports.OperationsReport.Counts;

/** The figures of {@link ScriptedDay}, worked out by hand from its script (see the comments). */
class ReportQueriesTest
{
    @TempDir
    Path data;

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
    void statementOpensAtThePreviousCloseListsTheDaysMovementsAndCloses() throws Exception
    {
        final StatementQuery query = new StatementQuery(reader);
        final Statement statement = query.statement(reader.reference().resolveParty("NB"), ScriptedDay.D);
        assertEquals("NORTHBANK", statement.participant().displayName());
        final List<Statement.Account> accounts = statement.accounts();
        assertEquals(List.of("USD", "RUB", "ACME"), accounts.stream().map(a -> a.instrument().code()).toList());
        // USD: 20000.00 at the close of the 26th (not the 9999.99 of the 25th); +1000.00 deposit; -12500.50 for deal 1
        final Statement.Account usd = accounts.get(0);
        assertEquals(new BigDecimal("20000.00"), usd.instrument().decimal(usd.openingMinor()));
        final List<Statement.Line> usdLines = query.lines(statement, usd);
        assertEquals(List.of("DEPOSIT", "PAYMENT"), usdLines.stream().map(Statement.Line::cause).toList());
        assertEquals(new BigDecimal("21000.00"), usd.instrument().decimal(usdLines.get(0).balanceAfterMinor()));
        assertEquals(new BigDecimal("-12500.50"), usd.instrument().decimal(usdLines.get(1).amountMinor()));
        assertEquals(1L, usdLines.get(1).dealId());
        assertEquals("ООО \"Восток\"", usdLines.get(1).counterparty().displayName());
        assertNull(usdLines.get(0).counterparty());
        assertEquals(new BigDecimal("8499.50"), usd.instrument().decimal(usd.closingMinor()));
        assertEquals(new BigDecimal("1000.00"), usd.instrument().decimal(usd.creditsMinor()));
        assertEquals(new BigDecimal("12500.50"), usd.instrument().decimal(usd.debitsMinor()));
        assertEquals(2, usd.movements());
        assertEquals("8499.50 USD", usd.instrument().format(usd.closingMinor()));
        // RUB: no close before, +3000.00 collected for deal 2
        final Statement.Account rub = accounts.get(1);
        assertEquals(0, rub.openingMinor());
        assertEquals(new BigDecimal("3000.00"), rub.instrument().decimal(rub.closingMinor()));
        // ACME: 30, +100 received (deal 1), -50 delivered (deal 2)
        final Statement.Account acme = accounts.get(2);
        assertEquals(30, acme.openingMinor());
        assertEquals(List.of(130L, 80L), query.lines(statement, acme).stream().map(Statement.Line::balanceAfterMinor).toList());
        assertEquals(80, acme.closingMinor());
        assertEquals("80 ACME", acme.instrument().format(acme.closingMinor()));
    }

    @Test
    void statementOfAParticipantWithoutNamesOrMovements() throws Exception
    {
        final Statement legacy = new StatementQuery(reader).statement(reader.reference().resolveParty("3"), ScriptedDay.D);
        assertEquals("participant 3", legacy.participant().displayName());
        assertEquals("P3", legacy.participant().code());
        assertEquals(1, legacy.accounts().size());
        assertEquals(0, legacy.accounts().get(0).movements());
        assertEquals(0, legacy.accounts().get(0).closingMinor());
        assertEquals(0, new StatementQuery(reader).statement(reader.reference().resolveParty("OPS"), ScriptedDay.D).accounts().size());
        // P4 has no close before D: its opening is what it was funded with, 40.00 before the first date and 10.00 on the 23rd
        final Statement late = new StatementQuery(reader).statement(reader.reference().resolveParty("LATE"), ScriptedDay.D);
        assertEquals("50.00 USD", late.accounts().get(0).instrument().format(late.accounts().get(0).openingMinor()));
        assertEquals("52.00 USD", late.accounts().get(0).instrument().format(late.accounts().get(0).closingMinor()));
    }

    @Test
    void operationsReportCountsTheDay() throws Exception
    {
        final OperationsReport report = new OperationsQuery(reader).report(ScriptedDay.D);
        // registered on D: deals 2, 3, 4, 8; settled: 1, 2; failed attempts: deal 3 twice, deal 5 once; cancelled: 4; rejected: seq 23, 24
        assertEquals(new Counts(4, 2, 3, 2, 1, 2), report.totals());
        assertEquals(List.of("NORTHBANK", "ООО \"Восток\"", "participant 3"),
            report.byParticipant().stream().map(OperationsReport.Breakdown::label).toList());
        // P1: registered 2 (seller of 2, buyer of 3); settled 1, 2; fails: 3 (x2) and 5 (x1); rejected 23, 24
        assertEquals(new Counts(2, 2, 3, 2, 0, 2), report.byParticipant().get(0).counts());
        // P2: registered 2, 4, 8; settled 1, 2; fails 5; cancelled 4; rejected 23, 24
        assertEquals(new Counts(3, 2, 1, 1, 1, 2), report.byParticipant().get(1).counts());
        // P3: registered 3, 4, 8; fails 3 (x2); cancelled 4
        assertEquals(new Counts(3, 0, 2, 1, 1, 0), report.byParticipant().get(2).counts());
        assertEquals(List.of("Acme Corp", "OLD", "#99"), report.bySecurity().stream().map(OperationsReport.Breakdown::label).toList());
        assertEquals(new Counts(3, 2, 1, 1, 1, 1), report.bySecurity().get(0).counts());
        assertEquals(new Counts(1, 0, 2, 1, 0, 0), report.bySecurity().get(1).counts());
        assertEquals(new Counts(0, 0, 0, 0, 0, 1), report.bySecurity().get(2).counts());
        assertEquals(List.of(
            new OperationsReport.ReasonCount("CANCELLED", "-", 1),
            new OperationsReport.ReasonCount("FAILED", "INSUFFICIENT_BALANCE", 3),
            new OperationsReport.ReasonCount("REJECTED", "CREDIT_LIMIT_EXCEEDED", 1),
            new OperationsReport.ReasonCount("REJECTED", "UNKNOWN_INSTRUMENT", 1)), report.byReason());
    }

    @Test
    void operationsReportEfficiencyAgingAndThroughput() throws Exception
    {
        final OperationsReport report = new OperationsQuery(reader).report(ScriptedDay.D);
        // due in USD: deals 1 (settled), 3, 5: 12500.50 + 500.00 + 4000.00 = 17000.50; deal 4 (cancelled, due later) and 6 (settled the 26th) are not due
        final OperationsReport.Efficiency usd = report.efficiency().get(0);
        assertEquals("USD", usd.currency().code());
        assertEquals(3, usd.dueCount());
        assertEquals(1, usd.settledCount());
        assertEquals(new BigDecimal("17000.50"), usd.currency().decimal(usd.dueValueMinor()));
        assertEquals(new BigDecimal("12500.50"), usd.currency().decimal(usd.settledValueMinor()));
        assertEquals(new BigDecimal("33.33"), usd.countPercent());
        // 12500.50 / 17000.50 = 0.735302...
        assertEquals(new BigDecimal("73.53"), usd.valuePercent());
        // due in RUB: deals 2 (settled, 3000.00) and 7 (700.00)
        final OperationsReport.Efficiency rub = report.efficiency().get(1);
        assertEquals(2, rub.dueCount());
        assertEquals(1, rub.settledCount());
        assertEquals(new BigDecimal("50.00"), rub.countPercent());
        // 3000 / 3700 = 0.810810...
        assertEquals(new BigDecimal("81.08"), rub.valuePercent());
        // open at the close: deal 3 due D (0 days over), 7 due the 26th (1: the 27th), 5 due the 23rd (4: 24, 25, 26, 27)
        assertEquals(List.of("0 USD 1 500.00", "1 RUB 1 700.00", "2-5 USD 1 4000.00"), report.fails().stream()
            .map(f -> f.bucket() + " " + f.currency().code() + " " + f.deals() + " " + f.currency().decimal(f.valueMinor())).toList());
        // registered at 09:05, 09:10, 09:40, 15:00; settled at 10:15, 11:30
        assertEquals(List.of(new OperationsReport.Hour(9, 3, 0), new OperationsReport.Hour(10, 0, 1),
            new OperationsReport.Hour(11, 0, 1), new OperationsReport.Hour(15, 1, 0)), report.throughput());
    }

    @Test
    void confirmationNamesBothPartiesTheTermsAndTheHistory() throws Exception
    {
        final Confirmation confirmation = new ConfirmationQuery(reader).confirmation(3);
        assertEquals("NORTHBANK", confirmation.buyer().displayName());
        assertEquals("participant 3", confirmation.seller().displayName());
        assertEquals("OLD", confirmation.security().displayName());
        assertEquals("500.00 USD", confirmation.currency().format(confirmation.cashAmountMinor()));
        assertEquals("PENDING", confirmation.status());
        assertEquals(21, confirmation.registrationSequence());
        assertEquals(List.of("REGISTERED 21", "SETTLEMENT_FAILED 30", "SETTLEMENT_FAILED 31"),
            confirmation.events().stream().map(e -> e.kind() + " " + e.sequence()).toList());
        assertNull(confirmation.finishedAt());
        final Confirmation settled = new ConfirmationQuery(reader).confirmation(1);
        assertEquals(30L, settled.finishedSequence());
        assertEquals(ScriptedDay.D, settled.finishedBusinessDate());
    }

    @Test
    void unknownParticipantDateAndDealAreNamed() throws Exception
    {
        final ReportException participant = assertThrows(ReportException.class, () -> reader.reference().resolveParty("NOBODY"));
        assertEquals(ReportException.Kind.UNKNOWN_PARTICIPANT, participant.kind());
        assertEquals("unknown participant 'NOBODY': the read model has 6 participants (ids 1 to 9)", participant.getMessage());
        final ReportException date = assertThrows(ReportException.class, () -> reader.requireBusinessDate(20261128));
        assertEquals(ReportException.Kind.UNKNOWN_DATE, date.kind());
        assertEquals("unknown business date 2026-11-28: the read model holds the days 2026-11-20 to 2026-11-27", date.getMessage());
        final ReportException deal = assertThrows(ReportException.class, () -> new ConfirmationQuery(reader).confirmation(77));
        assertEquals(ReportException.Kind.UNKNOWN_DEAL, deal.kind());
        assertEquals(ScriptedDay.D, reader.latestBusinessDate());
    }

    @Test
    void noReadModelAndAnUnreachableDatabaseAreNamed(@TempDir final Path empty) throws Exception
    {
        final ReportException missing = assertThrows(ReportException.class, () -> ReadModelReader.openEmbedded(empty));
        assertEquals(ReportException.Kind.NO_READ_MODEL, missing.kind());
        // an H2 database without the tables
        final ReadModelDatabase bare = new ReadModelDatabase("jdbc:h2:mem:bare", "sa", "");
        final ReportException noTables = assertThrows(ReportException.class, () -> ReadModelReader.open(bare));
        assertEquals(ReportException.Kind.NO_READ_MODEL, noTables.kind());
        final ReadModelDatabase nowhere = new ReadModelDatabase("jdbc:postgresql://127.0.0.1:1/reports?connectTimeout=2", "u", "p");
        final ReportException unreachable = assertThrows(ReportException.class, () -> ReadModelReader.open(nowhere));
        assertEquals(ReportException.Kind.DATABASE_UNREACHABLE, unreachable.kind());
    }
}
