package io.settlement.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.journal.SettlementNode;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;

/**
 * A scripted day through a real node's journals, the projector and the reports; every expected
 * figure is worked out by hand from the script below, never read from the read model.
 *
 * <pre>
 * before the first date: P1 deposits 1000.00 USD, P2 50 ACME, P3 5.00 USD
 * 2026-01-05: A  P1 buys 10 ACME from P2 for 250.50 USD (settles)
 *             B  P3 buys  5 ACME from P2 for 900.00 USD (fails: P3 holds 5.00 USD)
 *             C  P1 buys from participant 99 (refused: UNKNOWN_PARTICIPANT)
 *             D  P1 buys  1 ACME from P2 for   1.00 USD, then cancelled
 *             P1 withdraws 10.00 USD; one settlement cycle; the date moves to 2026-01-06
 * </pre>
 */
class EndToEndReportsTest
{
    private static final int DAY = 20260105;
    private static final int USD = 840;
    private static final int ACME = 10;

    @TempDir
    Path dir;

    static List<String> kinds()
    {
        return TestDatabases.kinds();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aScriptedDaysReportsMatchTheScript(final String kind) throws Exception
    {
        final Path data = dir.resolve("node");
        final long dealA;
        final long dealB;
        try (SettlementNode node = SettlementNode.start(
            new SettlementNode.Config(data).ringSize(1024).snapshotIntervalCommands(0).log(line -> { })))
        {
            final PipelineClient system = node.client(0);
            final Command c = new Command();
            ok(system, c.createInstrument(0, 0, ACME, InstrumentKind.SECURITY, "ACME"));
            ok(system, c.createInstrument(0, 0, USD, InstrumentKind.CURRENCY, "USD"));
            for (long p = 1; p <= 3; p++)
            {
                ok(system, c.createParticipant(0, 0, p, Role.MEMBER));
            }
            ok(system, c.deposit(0, 0, 1, USD, 100_000));
            ok(system, c.deposit(0, 0, 2, ACME, 50));
            ok(system, c.deposit(0, 0, 3, USD, 500));
            ok(system, c.advanceBusinessDate(0, 0, DAY));
            dealA = ok(system, c.submitDeal(0, 0, 1, 1, 2, ACME, USD, 10, 25_050, DAY, DealType.DVP)).dealId;
            dealB = ok(system, c.submitDeal(0, 0, 2, 3, 2, ACME, USD, 5, 90_000, DAY, DealType.DVP)).dealId;
            assertEquals(Reason.UNKNOWN_PARTICIPANT,
                send(system, c.submitDeal(0, 0, 3, 1, 99, ACME, USD, 1, 100, DAY, DealType.DVP)).first().reason);
            final long dealD = ok(system, c.submitDeal(0, 0, 4, 1, 2, ACME, USD, 1, 100, DAY, DealType.DVP)).dealId;
            ok(system, c.cancelDeal(0, 0, dealD));
            ok(system, c.withdraw(0, 0, 1, USD, 1_000));
            send(system, c.runSettlementCycle(0, 0));
            ok(system, c.advanceBusinessDate(0, 0, 20260106));
            node.stop();
        }
        final ReadModelDatabase database = TestDatabases.create(kind, dir);
        database.migrate();
        Projector.projectOnce(database, data);

        try (ReadModelReader reader = ReadModelReader.open(database))
        {
            // P1: USD 1000.00, -10.00 withdrawn, -250.50 paid for A = 739.50; ACME 0 + 10
            final StatementQuery query = new StatementQuery(reader);
            final Statement p1 = query.statement(reader.reference().resolveParty("1"), DAY);
            assertEquals(Map.of("USD", List.of("1000.00", "WITHDRAWAL -10.00 990.00", "PAYMENT -250.50 739.50", "739.50"),
                "ACME", List.of("0", "RECEIPT 10 10", "10")), lines(query, p1));
            // P2: ACME 50 - 10 delivered for A; USD 0 + 250.50 collected
            final Statement p2 = query.statement(reader.reference().resolveParty("2"), DAY);
            assertEquals(Map.of("USD", List.of("0.00", "COLLECTION 250.50 250.50", "250.50"),
                "ACME", List.of("50", "DELIVERY -10 40", "40")), lines(query, p2));

            final OperationsReport operations = new OperationsQuery(reader).report(DAY);
            // registered A, B, D; settled A; B failed once; D cancelled; C refused
            assertEquals(new OperationsReport.Counts(3, 1, 1, 1, 1, 1), operations.totals());
            assertEquals(List.of(new OperationsReport.ReasonCount("REJECTED", "UNKNOWN_PARTICIPANT", 1)),
                operations.byReason().stream().filter(r -> r.outcome().equals("REJECTED")).toList());
            // due in USD: A (250.50) and B (900.00); D was cancelled
            final OperationsReport.Efficiency usd = operations.efficiency().get(0);
            assertEquals(List.of(2L, 1L, new BigDecimal("1150.50"), new BigDecimal("250.50")), List.of(usd.dueCount(), usd.settledCount(),
                usd.currency().decimal(usd.dueValueMinor()), usd.currency().decimal(usd.settledValueMinor())));
            assertEquals(List.of("0 USD 1 900.00"), operations.fails().stream()
                .map(f -> f.bucket() + " " + f.currency().code() + " " + f.deals() + " " + f.currency().decimal(f.valueMinor())).toList());

            final Confirmation confirmation = new ConfirmationQuery(reader).confirmation(dealA);
            assertEquals(List.of("SETTLED", "participant 1", "participant 2", "250.50 USD"), List.of(confirmation.status(),
                confirmation.buyer().displayName(), confirmation.seller().displayName(),
                confirmation.currency().format(confirmation.cashAmountMinor())));
            assertEquals("PENDING", new ConfirmationQuery(reader).confirmation(dealB).status());

            // the 1C statement of P2: one USD section, 0.00 + 250.50 - 0.00, one document
            final Path file = new ReportWriter(reader).bankStatement("2", DAY, dir);
            final BankStatementFileTest.Parsed parsed = BankStatementFileTest.parse(file);
            assertEquals(1, parsed.accounts().size());
            final Map<String, String> section = parsed.accounts().get(0);
            assertEquals(List.of("0.00", "250.50", "0.00", "250.50"), List.of(section.get("НачальныйОстаток"),
                section.get("ВсегоПоступило"), section.get("ВсегоСписано"), section.get("КонечныйОстаток")));
            assertEquals(List.of("250.50"), parsed.documents().stream().map(d -> d.get("Сумма")).toList());

            // the register: A, B, C (refused), D
            final List<List<String>> register = ReportFilesTest.csv(new ReportWriter(reader).register(dir), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(List.of("SETTLED", "PENDING", "REJECTED", "CANCELLED"), register.stream().skip(1).map(r -> r.get(2)).toList());

            // the first day's postings carry the funding booked before it (else a ledger built from the files misses it):
            // 3 deposits, A's 4 legs, the withdrawal; each "debit credit amount"
            final List<List<String>> postings = ReportFilesTest.csv(new ReportWriter(reader).postings(DAY,
                java.nio.charset.StandardCharsets.UTF_8, dir), java.nio.charset.StandardCharsets.UTF_8);
            final int debit = postings.get(0).indexOf("debit_account");
            final int credit = postings.get(0).indexOf("credit_account");
            final int amount = postings.get(0).indexOf("amount");
            assertEquals(List.of("EXT-I840 P1-I840 1000.00", "EXT-I10 P2-I10 50", "EXT-I840 P3-I840 5.00"), postings.stream().skip(1).limit(3)
                .map(r -> r.get(debit) + " " + r.get(credit) + " " + r.get(amount)).toList());
            assertEquals(3 + 4 + 1, postings.size() - 1, postings.toString());
        }
    }

    /** Per instrument code: the opening balance, "CAUSE amount balance" per movement, the closing balance. */
    private static Map<String, List<String>> lines(final StatementQuery query, final Statement statement) throws Exception
    {
        final Map<String, List<String>> lines = new java.util.HashMap<>();
        for (final Statement.Account account : statement.accounts())
        {
            final ReferenceData.Instrument i = account.instrument();
            final List<String> list = new java.util.ArrayList<>();
            list.add(i.decimal(account.openingMinor()).toPlainString());
            query.lines(statement, account).forEach(l -> list.add(l.cause() + " " + i.decimal(l.amountMinor()) + " " + i.decimal(l.balanceAfterMinor())));
            list.add(i.decimal(account.closingMinor()).toPlainString());
            lines.put(i.code(), list);
        }
        return lines;
    }

    private static PipelineClient.Outcome send(final PipelineClient client, final Command command) throws Exception
    {
        final PipelineClient.Outcome outcome = client.send(command).get(30, TimeUnit.SECONDS);
        assertEquals(Reason.OK, outcome.published(), "published");
        return outcome;
    }

    private static Event ok(final PipelineClient client, final Command command) throws Exception
    {
        final Event first = send(client, command).first();
        assertEquals(Reason.OK, first.reason, () -> command + " answered " + first);
        if (first.type == EventType.DEAL_REJECTED)
        {
            throw new AssertionError(command + " was refused: " + first);
        }
        return first;
    }
}
