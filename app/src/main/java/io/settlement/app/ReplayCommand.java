package io.settlement.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.SettlementEngine;
import io.settlement.journal.Audit;
import io.settlement.journal.DataDirectory;
import io.settlement.journal.DataDirectoryLock;
import io.settlement.protocol.Codes;
import io.settlement.protocol.wire.DealStatus;
import io.settlement.protocol.wire.DealType;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code settlement replay}: the auditor's tool. Rebuilds the state from the command journal
 * (read-only), optionally re-derives every event and compares it with the event journal, exports
 * the deal register and the positions. Exit 0 when verified clean, 3 when there are mismatches.
 */
@CommandLine.Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Rebuilds the state from a journal (read-only) and, with --verify, checks every event.",
        "The last lines are 'state-hash: <hex>' and 'verified: N commands, M mismatches'.",
        "May run beside a live node on the same data directory: it replays what is journaled so far.",
        "Exit code: 0 clean, 3 mismatches found, 1 error (a damaged or missing journal), 2 bad usage."})
final class ReplayCommand implements Callable<Integer>
{
    static final int MISMATCHES_FOUND = 3;

    @Option(names = "--data", required = true, description = "The node's data directory.")
    Path data;

    @Option(names = "--verify", description = "Re-derive every event and compare it byte for byte with the event journal.")
    boolean verify;

    @Option(names = "--to", description = "Stop after this command sequence, 1 or more (the state as of then).")
    Long toSequence;

    @Option(names = "--export", description = {"Write the deal register (deals in memory: pending and recently finished) as CSV.",
        "Every deal ever registered, refused ones included: settlement report deals."})
    Path dealsCsv;

    @Option(names = "--positions", description = "Write every non-zero position as CSV.")
    Path positionsCsv;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Progress updates one line in place on a terminal; elsewhere (a file, a pipe) one line per report. */
    boolean progressInPlace = System.console() != null;

    @Override
    public Integer call() throws IOException
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (toSequence != null && toSequence < 1)
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "--to must be a command sequence, 1 or more (got " + toSequence + ")");
        }
        if (!Files.isDirectory(data.resolve("commands")))
        {
            throw new IllegalArgumentException("no command journal in " + data + " (expected " + data.resolve("commands") + ")");
        }
        checkWritable("--export", dealsCsv);
        checkWritable("--positions", positionsCsv);
        // a read-only replay may run beside the node that holds the directory: it reads what is journaled so far
        final String liveNode = DataDirectoryLock.holder(data);
        if (liveNode != null)
        {
            out.println("the data directory is in use by " + liveNode + ": replaying what it has journaled so far");
        }
        final long startNs = System.nanoTime();
        final Audit.Result result = Audit.replay(new DataDirectory(data), new EngineConfig(),
            verify, toSequence == null ? Long.MAX_VALUE : toSequence, done -> progress(err, done));
        if (progressInPlace && result.commands() >= 100_000)
        {
            err.println();
        }
        err.flush();
        final SettlementEngine engine = result.engine();
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        out.printf("replayed %,d commands in %.1f s (%,.0f/s)%s%n", result.commands(), seconds, result.commands() / Math.max(seconds, 1e-3),
            toSequence == null ? ""
                : result.commands() >= toSequence ? ", up to sequence " + toSequence
                : "; the journal ends at sequence " + result.commands() + " (--to asked for " + toSequence + ")");
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
        if (verify && result.commands() > 0 && result.tailFirstSequence() == 1)
        {
            throw new IllegalArgumentException("the event journal in " + new DataDirectory(data).events() + " holds no events for the "
                + result.commands() + " journaled commands: nothing was verified");
        }
        if (result.firstMismatch() != null)
        {
            out.println("first mismatch at sequence " + result.firstMismatchSequence() + ": " + result.firstMismatch());
        }
        if (result.tailCommands() > 0)
        {
            out.printf("not journaled: the outcomes of the last %,d commands (sequence %d to %d): %s; replayed, %,d events derived%n",
                result.tailCommands(), result.tailFirstSequence(), result.commands(),
                liveNode != null ? "the running node has not journaled them yet"
                    : "the node stopped before journaling their outcomes; recovery re-derives them",
                result.tailEvents());
        }
        final boolean eventsDoNotBelong = result.eventsBeyondEnd() > 0 && liveNode == null;
        if (result.eventsBeyondEnd() > 0)
        {
            out.printf(eventsDoNotBelong
                ? "the event journal holds %,d events beyond the last command (sequence %d): it does not belong with this command journal%n"
                : "the event journal has %,d events past sequence %d (the running node journaled more meanwhile)%n",
                result.eventsBeyondEnd(), result.commands());
        }
        out.printf("state-hash: %016x%n", engine.stateHash());
        if (verify)
        {
            out.printf("verified: %d commands, %d mismatches%s%n", result.commands() - result.tailCommands(), result.mismatches(),
                result.tailCommands() > 0 ? "; " + result.tailCommands() + " replayed whose outcomes are not journaled" : "");
        }
        else
        {
            out.println("verified: 0 commands, 0 mismatches (run with --verify to compare every event)");
        }
        out.flush();
        return result.mismatches() > 0 || eventsDoNotBelong ? MISMATCHES_FOUND : 0;
    }

    private void progress(final PrintWriter err, final long done)
    {
        if (progressInPlace)
        {
            err.printf("\rreplayed %,d commands", done).flush();
        }
        else
        {
            err.printf("replayed %,d commands%n", done).flush();
        }
    }

    /** Before the replay, not after it: one line naming the file and why it cannot be written. */
    private static void checkWritable(final String option, final Path file)
    {
        if (file == null)
        {
            return;
        }
        final String cannot = "cannot write " + option + " " + file + ": ";
        if (Files.isDirectory(file))
        {
            throw new IllegalArgumentException(cannot + "it is a directory");
        }
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent))
        {
            throw new IllegalArgumentException(cannot + (Files.exists(parent) ? parent + " is not a directory" : "no directory " + parent));
        }
        final boolean existed = Files.exists(file);
        try
        {
            Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND).close();
            if (!existed)
            {
                Files.delete(file);
            }
        }
        catch (final AccessDeniedException ex)
        {
            throw new IllegalArgumentException(cannot + "permission denied");
        }
        catch (final FileSystemException ex)
        {
            throw new IllegalArgumentException(cannot + (ex.getReason() != null ? ex.getReason() : ex.toString()));
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException(cannot + ex.getMessage());
        }
    }

    private static void exportDeals(final SettlementEngine engine, final Path file) throws IOException
    {
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(file)))
        {
            csv.println("dealId,clientDealId,buyerId,sellerId,securityId,currencyId,quantity,cashAmount,settlementDate,"
                + "dealType,status,lastFailReason");
            engine.forEachDeal(d -> csv.printf("%d,%d,%d,%d,%d,%d,%d,%d,%d,%s,%s,%s%n", d.dealId, d.clientDealId, d.buyerId,
                d.sellerId, d.securityId, d.currencyId, d.quantity, d.cashAmount, d.settlementDate,
                Codes.dealType(d.dealType), Codes.dealStatus(d.dealStatus), d.reason));
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
