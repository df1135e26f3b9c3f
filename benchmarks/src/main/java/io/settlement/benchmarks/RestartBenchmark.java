package io.settlement.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.settlement.engine.Dates;
import io.settlement.engine.EngineConfig;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.EventSink;
import io.settlement.journal.ChronicleJournal;
import io.settlement.journal.DataDirectory;
import io.settlement.journal.SettlementNode;
import io.settlement.journal.SnapshotStore;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Restart time from a snapshot with a tail, for journals of N commands: the journals are written
 * directly (deal registrations due far ahead, so every deal stays live; events journaled as the engine
 * gives them, in batches of 1,000), with a snapshot after command N - tail and its journal positions.
 * Then rounds of {@code SettlementNode.start} (file checks, snapshot load, tail replay with every event
 * verified), alternating
 * <ul>
 *   <li>seek: the snapshot's recorded positions, so only the tail is read;</li>
 *   <li>scan: the positions file moved aside, as for a snapshot written before positions were recorded:
 *       the journals are read from their first record to find the snapshot's, as every restart did before.</li>
 * </ul>
 * and once with no snapshot at all (the whole journal replayed). Times only; nothing is asserted.
 *
 * <pre>
 *   java -Xmx8g -cp benchmarks/target/benchmarks.jar io.settlement.benchmarks.RestartBenchmark [dir] [N,N,...] [tail] [rounds]
 * </pre>
 */
public final class RestartBenchmark
{
    private static final int BATCH = 1_000;

    private RestartBenchmark()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path root = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("restart-benchmark");
        final String[] sizes = (args.length > 1 ? args[1] : "1000000,10000000").split(",");
        final int tail = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        final int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        final List<String> summary = new ArrayList<>();
        for (final String size : sizes)
        {
            final int commands = Integer.parseInt(size.trim());
            final Path dir = root.resolve("n" + commands);
            final long startNs = System.nanoTime();
            final long snapshotSequence = generate(dir, commands, tail);
            System.out.printf("%,d commands journaled, snapshot after %,d, in %.1f s%n",
                commands, snapshotSequence, (System.nanoTime() - startNs) / 1e9);
            final Path snapshots = new DataDirectory(dir).snapshots();
            final Path positions = snapshots.resolve(String.format("snapshot-%020d.pos", snapshotSequence));
            final Path aside = root.resolve("positions-aside");
            final double[] seek = new double[rounds];
            final double[] scan = new double[rounds];
            for (int round = 0; round < rounds; round++)
            {
                seek[round] = restart(dir, commands, snapshotSequence, "seek");
                Files.move(positions, aside, StandardCopyOption.REPLACE_EXISTING);
                scan[round] = restart(dir, commands, snapshotSequence, "scan");
                Files.move(aside, positions);
            }
            Arrays.sort(seek);
            Arrays.sort(scan);
            final Path snapshotAside = root.resolve("snapshot-aside");
            final Path snapshotFile = snapshots.resolve(String.format("snapshot-%020d.snap", snapshotSequence));
            Files.move(snapshotFile, snapshotAside, StandardCopyOption.REPLACE_EXISTING);
            final double whole = restart(dir, commands, 0, "none");
            Files.move(snapshotAside, snapshotFile);
            summary.add(String.format("%,d commands, snapshot + %,d tail: seek %,.0f ms / scan %,.0f ms = %.2fx"
                    + " (medians of %d; seek %,.0f-%,.0f, scan %,.0f-%,.0f ms); no snapshot, all replayed: %,.0f ms",
                commands, tail, seek[rounds / 2], scan[rounds / 2], seek[rounds / 2] / scan[rounds / 2], rounds,
                seek[0], seek[rounds - 1], scan[0], scan[rounds - 1], whole));
        }
        summary.forEach(System.out::println);
    }

    /** Journals {@code commands} commands (set-up first, then deals) with a snapshot {@code tail} commands before the end. */
    private static long generate(final Path dir, final int commands, final int tail) throws IOException
    {
        final DataDirectory data = new DataDirectory(dir);
        final SettlementEngine engine = new SettlementEngine(new EngineConfig().initialDealCapacity(commands + 1024));
        final Market market = new Market(64);
        final UnsafeBuffer encoded = new UnsafeBuffer(new byte[CommandCodec.MAX_LENGTH]);
        long snapshotSequence = 0;
        try (ChronicleJournal commandJournal = new ChronicleJournal(data.commands(), false);
            ChronicleJournal eventJournal = new ChronicleJournal(data.events(), false))
        {
            commandJournal.onStart();
            eventJournal.onStart();
            final SnapshotStore store = new SnapshotStore(data.snapshots(), 2);
            store.recordPositions(commandJournal, eventJournal, System.out::println);
            final EventSink journalEvents = (event, buffer, offset, length) -> eventJournal.append(buffer, offset, length);
            final List<Command> all = new ArrayList<>(market.setUpCommands(Long.MAX_VALUE / 4));
            final Command deal = new Command();
            final int farDate = Dates.plusDays(Market.FIRST_DATE, 365);
            long sequence = 0;
            for (int i = 0; i < commands; i++)
            {
                final Command c = i < all.size() ? all.get(i) : market.nextDeal(deal, farDate);
                c.sequence = ++sequence;
                final int length = CommandCodec.encode(c, encoded, 0);
                commandJournal.append(encoded, 0, length);
                engine.apply(encoded, 0, journalEvents);
                if (sequence % BATCH == 0 || sequence == commands - tail)
                {
                    commandJournal.endOfBatch();
                    eventJournal.endOfBatch();
                }
                if (sequence == commands - tail)
                {
                    store.write(engine, sequence);
                    store.publish(sequence);
                    store.flush();
                    snapshotSequence = sequence;
                }
            }
            commandJournal.endOfBatch();
            eventJournal.endOfBatch();
            store.close();
        }
        return snapshotSequence;
    }

    /** One node start, timed; the final snapshot its stop writes is removed, so that the next start finds the same directory. */
    private static double restart(final Path dir, final int commands, final long snapshotSequence, final String label) throws IOException
    {
        System.gc();
        final long startNs = System.nanoTime();
        final double ms;
        try (SettlementNode node = SettlementNode.start(new SettlementNode.Config(dir)
            .engine(new EngineConfig().initialDealCapacity(commands + 1024)).snapshotIntervalCommands(0).log(line -> { })))
        {
            ms = (System.nanoTime() - startNs) / 1e6;
            System.out.printf("  %s: %,.0f ms, %s%n", label, ms, node.recovery());
            if (node.recovery().snapshotSequence() != snapshotSequence)
            {
                throw new IllegalStateException("started from snapshot " + node.recovery().snapshotSequence() + ", not " + snapshotSequence);
            }
            node.pipeline().close();
            node.stop();
        }
        final SnapshotStore store = new SnapshotStore(new DataDirectory(dir).snapshots(), 2);
        for (final long sequence : store.sequences())
        {
            if (sequence != snapshotSequence)
            {
                Files.delete(new DataDirectory(dir).snapshots().resolve(String.format("snapshot-%020d.snap", sequence)));
                Files.deleteIfExists(new DataDirectory(dir).snapshots().resolve(String.format("snapshot-%020d.pos", sequence)));
            }
        }
        return ms;
    }
}
