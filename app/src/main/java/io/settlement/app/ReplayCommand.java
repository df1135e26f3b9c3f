package io.settlement.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.DealStatus;
import io.settlement.engine.api.DealType;
import io.settlement.journal.Audit;
import io.settlement.journal.DataDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code settlement replay}: the auditor's tool. Rebuilds the state from the command journal
 * (read-only), optionally re-derives every event and compares it with the event journal, exports
 * the deal register and the positions. Exit 0 when verified clean, 3 when there are mismatches.
 */
@CommandLine.Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Rebuilds the state from a journal (read-only) and, with --verify, checks every event.",
        "The last lines are 'state-hash: <hex>' and 'verified: N commands, M mismatches'.",
        "Exit code: 0 clean, 3 mismatches found, 1 error."})
final class ReplayCommand implements Callable<Integer>
{
    static final int MISMATCHES_FOUND = 3;

    @Option(names = "--data", required = true, description = "The node's data directory.")
    Path data;

    @Option(names = "--verify", description = "Re-derive every event and compare it byte for byte with the event journal.")
    boolean verify;

    @Option(names = "--to", description = "Stop after this command sequence (the state as of then).")
    Long toSequence;

    @Option(names = "--export", description = "Write the deal register (deals in memory: pending and recently finished) as CSV.")
    Path dealsCsv;

    @Option(names = "--positions", description = "Write every non-zero position as CSV.")
    Path positionsCsv;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(data.resolve("commands")))
        {
            throw new IllegalArgumentException("no command journal in " + data + " (expected " + data.resolve("commands") + ")");
        }
        final long startNs = System.nanoTime();
        final Audit.Result result = Audit.replay(new DataDirectory(data), new EngineConfig(),
            verify, toSequence == null ? Long.MAX_VALUE : toSequence,
            done -> err.printf("\rreplayed %,d commands", done).flush());
        err.print(result.commands() >= 100_000 ? System.lineSeparator() : "");
        err.flush();
        final SettlementEngine engine = result.engine();
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        out.printf("replayed %,d commands in %.1f s (%,.0f/s)%s%n", result.commands(), seconds, result.commands() / Math.max(seconds, 1e-3),
            toSequence != null ? ", up to sequence " + toSequence : "");
        out.printf("business date %d, %,d deals pending, %,d in memory%n",
            engine.businessDate(), engine.pendingDealCount(), engine.liveDealCount());
        if (dealsCsv != null)
        {
            exportDeals(engine, dealsCsv);
            out.println("deal register written to " + dealsCsv);
        }
        if (positionsCsv != null)
        {
            exportPositions(engine, positionsCsv);
            out.println("positions written to " + positionsCsv);
        }
        if (result.firstMismatch() != null)
        {
            out.println("first mismatch at sequence " + result.firstMismatchSequence() + ": " + result.firstMismatch());
        }
        out.printf("state-hash: %016x%n", engine.stateHash());
        if (verify)
        {
            out.printf("verified: %d commands, %d mismatches%n", result.commands(), result.mismatches());
        }
        else
        {
            out.println("verified: 0 commands, 0 mismatches (run with --verify to compare every event)");
        }
        out.flush();
        return result.mismatches() > 0 ? MISMATCHES_FOUND : 0;
    }

    private static void exportDeals(final SettlementEngine engine, final Path file) throws IOException
    {
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(file)))
        {
            csv.println("dealId,clientDealId,buyerId,sellerId,securityId,currencyId,quantity,cashAmount,settlementDate,"
                + "dealType,status,lastFailReason");
            engine.forEachDeal(d -> csv.printf("%d,%d,%d,%d,%d,%d,%d,%d,%d,%s,%s,%s%n", d.dealId, d.clientDealId, d.buyerId,
                d.sellerId, d.securityId, d.currencyId, d.quantity, d.cashAmount, d.settlementDate,
                DealType.fromCode(d.dealType), DealStatus.fromCode(d.dealStatus), d.reason));
        }
    }

    private static void exportPositions(final SettlementEngine engine, final Path file) throws IOException
    {
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(file)))
        {
            csv.println("participantId,instrumentId,balance");
            engine.forEachBalance((participant, instrument, balance) -> csv.printf("%d,%d,%d%n", participant, instrument, balance));
        }
    }
}
