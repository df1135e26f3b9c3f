package io.settlement.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import io.settlement.engine.Dates;
import io.settlement.engine.EngineConfig;
import io.settlement.engine.EngineSnapshot;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.EventSink;
import io.settlement.journal.Audit;
import io.settlement.journal.ChronicleJournal;
import io.settlement.journal.DataDirectory;
import io.settlement.journal.SettlementNode;
import io.settlement.journal.SnapshotStore;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One step of a restart or replay measurement on a data directory made once, so that two builds can be
 * run on the same files in alternating processes (the build under test and the one before it, each
 * with its own class path): only public API the journal module had before is used.
 * <pre>
 *   generate DIR COMMANDS SNAPSHOT[,SNAPSHOT...]  journals COMMANDS commands (set-up, then deals due a
 *                                                 year ahead, all live), with a snapshot after each given sequence
 *   restart DIR SNAPSHOT                          one node start from that snapshot (the others moved aside
 *                                                 for the time), with the tail after it replayed and verified
 *   load DIR SNAPSHOT [ROUNDS]                    the snapshot file read into an engine, nothing else
 *   replay DIR                                    the auditor's replay of the whole command journal with every event verified
 * </pre>
 * Prints one line with the time; nothing is asserted.
 */
public final class RestartRounds
{
    private static final int BATCH = 1_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private RestartRounds()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path dir = Path.of(args[1]);
        switch (args[0])
        {
            case "generate" -> generate(dir, Integer.parseInt(args[2]),
                Arrays.stream(args[3].split(",")).mapToLong(Long::parseLong).toArray());
            case "restart" -> restart(dir, Long.parseLong(args[2]));
            case "load" -> {
                for (int round = 0; round < (args.length > 3 ? Integer.parseInt(args[3]) : 1); round++)
                {
                    load(dir, Long.parseLong(args[2]));
                }
            }
            case "replay" -> replay(dir);
            default -> throw new IllegalArgumentException("generate, restart, load or replay, not " + args[0]);
        }
    }

    private static void generate(final Path dir, final int commands, final long[] snapshotsAfter) throws IOException
    {
        final long startNs = System.nanoTime();
        final DataDirectory data = new DataDirectory(dir);
        final SettlementEngine engine = new SettlementEngine(new EngineConfig().initialDealCapacity(commands + 1024));
        final Market market = new Market(64);
        final UnsafeBuffer encoded = new UnsafeBuffer(new byte[CommandCodec.MAX_LENGTH]);
        try (ChronicleJournal commandJournal = new ChronicleJournal(data.commands(), false);
            ChronicleJournal eventJournal = new ChronicleJournal(data.events(), false))
        {
            commandJournal.onStart();
            eventJournal.onStart();
            final SnapshotStore store = new SnapshotStore(data.snapshots(), snapshotsAfter.length + 1);
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
                final boolean snapshot = Arrays.stream(snapshotsAfter).anyMatch(s -> s == c.sequence);
                if (sequence % BATCH == 0 || snapshot)
                {
                    commandJournal.endOfBatch();
                    eventJournal.endOfBatch();
                }
                if (snapshot)
                {
                    store.write(engine, sequence);
                    store.publish(sequence);
                    store.flush();
                }
            }
            commandJournal.endOfBatch();
            eventJournal.endOfBatch();
            store.close();
        }
        System.out.printf("generate %,d commands, snapshots after %s: %.1f s%n", commands, Arrays.toString(snapshotsAfter),
            (System.nanoTime() - startNs) / 1e9);
    }

    /** Moves every snapshot file but {@code keep}'s aside, runs {@code step}, and moves them back. */
    private static void withOnly(final Path dir, final long keep, final IoStep step) throws IOException
    {
        final Path snapshots = new DataDirectory(dir).snapshots();
        final Path aside = dir.resolve("aside");
        Files.createDirectories(aside);
        final String kept = String.format("snapshot-%020d.", keep);
        final List<Path> moved = new ArrayList<>();
        try (Stream<Path> files = Files.list(snapshots))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                if (!file.getFileName().toString().startsWith(kept))
                {
                    moved.add(Files.move(file, aside.resolve(file.getFileName())));
                }
            }
        }
        try
        {
            step.run();
        }
        finally
        {
            try (Stream<Path> files = Files.list(snapshots))
            {
                for (final Path file : (Iterable<Path>)files::iterator)
                {
                    if (!file.getFileName().toString().startsWith(kept))
                    {
                        Files.delete(file); // the snapshot the node's stop wrote
                    }
                }
            }
            for (final Path file : moved)
            {
                Files.move(file, snapshots.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    private static void restart(final Path dir, final long snapshot) throws IOException
    {
        withOnly(dir, snapshot, () ->
        {
            System.gc();
            final long cpuNs = THREADS.getCurrentThreadCpuTime();
            final long processNs = processCpuNs();
            final long startNs = System.nanoTime();
            try (SettlementNode node = SettlementNode.start(new SettlementNode.Config(dir)
                .snapshotIntervalCommands(0).log(line -> { })))
            {
                final double ms = (System.nanoTime() - startNs) / 1e6;
                System.out.printf("restart %s snapshot %d: %,.0f ms (cpu: main thread %,.0f ms, process %,.0f ms), %s%n", dir.getFileName(),
                    snapshot, ms, (THREADS.getCurrentThreadCpuTime() - cpuNs) / 1e6, (processCpuNs() - processNs) / 1e6, node.recovery());
                if (node.recovery().snapshotSequence() != snapshot)
                {
                    throw new IllegalStateException("started from snapshot " + node.recovery().snapshotSequence());
                }
                node.pipeline().close();
                node.stop();
            }
        });
    }

    private static void load(final Path dir, final long snapshot) throws IOException
    {
        final Path file = new DataDirectory(dir).snapshots().resolve(String.format("snapshot-%020d.snap", snapshot));
        System.gc();
        final long cpuNs = THREADS.getCurrentThreadCpuTime();
        final long processNs = processCpuNs();
        final long startNs = System.nanoTime();
        final SettlementEngine engine;
        try (InputStream in = Files.newInputStream(file))
        {
            engine = EngineSnapshot.read(in, new EngineConfig());
        }
        final double ms = (System.nanoTime() - startNs) / 1e6;
        System.out.printf("load %s snapshot %d (%,d bytes): %,.0f ms (cpu: main thread %,.0f ms, process %,.0f ms), state hash %x%n",
            dir.getFileName(), snapshot, Files.size(file), ms, (THREADS.getCurrentThreadCpuTime() - cpuNs) / 1e6,
            (processCpuNs() - processNs) / 1e6, engine.stateHash());
    }

    private static void replay(final Path dir)
    {
        System.gc();
        final long cpuNs = THREADS.getCurrentThreadCpuTime();
        final long processNs = processCpuNs();
        final long startNs = System.nanoTime();
        final Audit.Result result = Audit.replay(new DataDirectory(dir), new EngineConfig(), true, Long.MAX_VALUE, sequence -> { });
        final double s = (System.nanoTime() - startNs) / 1e9;
        final double cpu = (THREADS.getCurrentThreadCpuTime() - cpuNs) / 1e9;
        System.out.printf("replay --verify %s: %,d commands, %,d events verified, %d mismatches in %.2f s = %.2f M commands/s"
                + " (cpu: main thread %.2f s = %.2f M/s of its cpu, process %.2f s)%n",
            dir.getFileName(), result.commands(), result.eventsVerified(), result.mismatches(), s, result.commands() / s / 1e6,
            cpu, result.commands() / cpu / 1e6, (processCpuNs() - processNs) / 1e9);
    }

    /** CPU time of the whole process (every thread, the collector's included). */
    private static long processCpuNs()
    {
        return ((com.sun.management.OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** A step that may fail with an IOException. */
    private interface IoStep
    {
        void run() throws IOException;
    }
}
