package io.settlement.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.CommandType;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.engine.pipeline.PipelineMetrics;
import io.settlement.engine.pipeline.PipelineTopology;
import io.settlement.engine.pipeline.Publisher;
import io.settlement.engine.pipeline.Session;
import io.settlement.engine.pipeline.SettlementPipeline;
import io.settlement.journal.ChronicleJournal;
import io.settlement.journal.DataDirectory;
import io.settlement.journal.Durability;
import io.settlement.journal.JournalReader;
import io.settlement.journal.Recovery;
import io.settlement.journal.SettlementNode;
import io.settlement.protocol.wire.Reason;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The journal's figures, each beside its ceiling measured in the same run:
 *
 * <pre>
 *   raw append       one thread encodes N SubmitDeal commands and appends them to a Chronicle Queue
 *   pipeline         one producer -> ring -> 1 journal -> 2 engine -> 3 event journal + routing,
 *                    N SubmitDeal commands with all limit checks, timed until the last outcome is routed;
 *                    four ways: durability synced (msync per batch, the default) and unsynced, each
 *                    with topology single (one agent) and staged (a thread per stage); with each, the
 *                    pipeline's own latency (stage 1's stamp to the command's last outcome published,
 *                    p50 and p99: with one producer flooding the ring, mostly the time queued behind it)
 *   replay           Recovery of the synced single pipeline's N commands from the journal alone (no snapshot), verifying
 *                    every event against the event journal
 *   restart          SettlementNode start on the same directory, with its final snapshot, and without any
 * </pre>
 *
 * {@code java -cp benchmarks/target/benchmarks.jar <flags> io.settlement.benchmarks.JournalBenchmarks [commands [variants]]}
 * (default 1,000,000): a warm-up round, then three measured rounds (median and range printed),
 * then the restart figures. {@code variants}, comma-separated (say {@code synced-single,unsynced-single}),
 * runs only those pipelines beside raw append (for a profile of one); replay and restart need {@code synced-single}. Throughput numbers only; nothing is asserted. The node reads its settings
 * from system properties like any other ({@code -Dsettlement.pipeline.wait-strategy=YIELDING}: see the
 * Settings section of docs/architecture.md).
 */
public final class JournalBenchmarks
{
    private static final int ROUNDS = 3;

    /** The pipelines measured: durability by topology. */
    private static final Durability[] DURABILITIES = {Durability.SYNCED, Durability.UNSYNCED};
    private static final PipelineTopology[] TOPOLOGIES = {PipelineTopology.SINGLE, PipelineTopology.STAGED};
    private static final int VARIANTS = DURABILITIES.length * TOPOLOGIES.length;

    /** One pipeline run: its rate, and its latency percentiles in microseconds. */
    private record Run(double rate, double p50Us, double p99Us)
    {
    }

    private static String name(final int variant)
    {
        return (DURABILITIES[variant / TOPOLOGIES.length] + " " + TOPOLOGIES[variant % TOPOLOGIES.length]).toLowerCase();
    }

    private static Path nodeDir(final Path root, final int variant)
    {
        return root.resolve("node-" + name(variant).replace(' ', '-'));
    }

    /** "median (min-max)" of the rounds. */
    private static String spread(final double[] values)
    {
        final double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return String.format("%,.0f (%,.0f-%,.0f)", sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1]);
    }

    /** "median (min-max)" of the rounds, to a tenth. */
    private static String spread1(final double[] values)
    {
        final double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return String.format("%.1f (%.1f-%.1f)", sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1]);
    }

    private JournalBenchmarks()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int commands = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        final boolean[] selected = selected(args.length > 1 ? args[1] : "");
        final Path root = Files.createTempDirectory("settlement-journal-bench");
        try
        {
            System.out.printf("commands: %,d (after a warm-up round of the same size)%n", commands);
            rawAppend(root.resolve("warm-up-raw"), commands);
            delete(root.resolve("warm-up-raw"));
            for (int v = 0; v < VARIANTS; v++)
            {
                if (!selected[v])
                {
                    continue;
                }
                pipeline(root.resolve("warm-up-node"), commands, v);
                if (v == 0)
                {
                    replay(root.resolve("warm-up-node"), commands);
                }
                delete(root.resolve("warm-up-node"));
            }

            final double[] raw = new double[ROUNDS];
            final double[][] piped = new double[VARIANTS][ROUNDS];
            final double[][] p50 = new double[VARIANTS][ROUNDS];
            final double[][] p99 = new double[VARIANTS][ROUNDS];
            final double[] replayed = new double[ROUNDS];
            for (int round = 0; round < ROUNDS; round++)
            {
                delete(root.resolve("raw"));
                raw[round] = rawAppend(root.resolve("raw"), commands);
                final StringBuilder line = new StringBuilder(String.format("round %d: raw append %,.0f/s", round + 1, raw[round]));
                for (int v = 0; v < VARIANTS; v++)
                {
                    if (!selected[v])
                    {
                        continue;
                    }
                    delete(nodeDir(root, v));
                    final Run run = pipeline(nodeDir(root, v), commands, v);
                    piped[v][round] = run.rate();
                    p50[v][round] = run.p50Us();
                    p99[v][round] = run.p99Us();
                    line.append(String.format(", %s %,.0f/s (%.1f%% of raw; p50 %,.0f us, p99 %,.0f us)",
                        name(v), run.rate(), 100 * run.rate() / raw[round], run.p50Us(), run.p99Us()));
                }
                if (selected[0])
                {
                    replayed[round] = replay(nodeDir(root, 0), commands);
                    line.append(String.format(", replay+verify %,.0f/s", replayed[round]));
                }
                System.out.println(line);
            }
            System.out.printf("raw Chronicle append of the same bytes: %s commands/s%n", spread(raw));
            for (int v = 0; v < VARIANTS; v++)
            {
                if (!selected[v])
                {
                    continue;
                }
                final double[] ratio = new double[ROUNDS];
                for (int round = 0; round < ROUNDS; round++)
                {
                    ratio[round] = 100 * piped[v][round] / raw[round];
                }
                System.out.printf("pipeline %-16s %s%% of raw, %s commands/s, latency p50 %s us, p99 %s us%n", name(v) + ":",
                    spread1(ratio), spread(piped[v]), spread(p50[v]), spread(p99[v]));
            }
            if (selected[0])
            {
                System.out.printf("replay + verify, no snapshot:           %s commands/s%n", spread(replayed));
                restart(nodeDir(root, 0), commands);
            }
        }
        finally
        {
            delete(root);
        }
    }

    /** Which variants to run: those named (as "synced-single"), or all when none is. */
    private static boolean[] selected(final String names)
    {
        final java.util.List<String> named = names.isEmpty() ? java.util.List.of() : java.util.List.of(names.split(","));
        final boolean[] selected = new boolean[VARIANTS];
        for (int v = 0; v < VARIANTS; v++)
        {
            selected[v] = named.isEmpty() || named.contains(name(v).replace(' ', '-'));
        }
        for (final String name : named)
        {
            if (java.util.stream.IntStream.range(0, VARIANTS).noneMatch(v -> name(v).replace(' ', '-').equals(name)))
            {
                throw new IllegalArgumentException("no pipeline variant " + name + ": synced-single, synced-staged,"
                    + " unsynced-single or unsynced-staged");
            }
        }
        return selected;
    }

    private static double rawAppend(final Path dir, final int commands)
    {
        final Market market = new Market(64);
        final Command command = new Command();
        final UnsafeBuffer encoded = new UnsafeBuffer(new byte[CommandCodec.MAX_LENGTH]);
        try (ChronicleJournal journal = new ChronicleJournal(dir, false))
        {
            journal.onStart();
            final long start = System.nanoTime();
            for (int i = 0; i < commands; i++)
            {
                final int length = CommandCodec.encode(market.nextDeal(command, Market.FIRST_DATE), encoded, 0);
                journal.append(encoded, 0, length);
            }
            return commands * 1e9 / (System.nanoTime() - start);
        }
    }

    private static Run pipeline(final Path dir, final int commands, final int variant) throws Exception
    {
        final SettlementNode.Config config = new SettlementNode.Config(dir)
            .engine(new EngineConfig().initialDealCapacity(commands + 1024))
            .snapshotIntervalCommands(0)
            .durability(DURABILITIES[variant / TOPOLOGIES.length])
            .log(line -> {});
        config.pipeline().topology(TOPOLOGIES[variant % TOPOLOGIES.length]);
        final SettlementNode node = SettlementNode.start(config);
        final Market market = new Market(64);
        // reference data through the pipeline, so that it is journaled like everything else
        final PipelineClient system = node.client(Command.SYSTEM_SUBMITTER);
        for (final Command c : market.setUpCommands(Long.MAX_VALUE / 4))
        {
            final PipelineClient.Outcome outcome = system.send(c).get(30, TimeUnit.SECONDS);
            if (outcome.published() != Reason.OK || outcome.first().reason != Reason.OK)
            {
                throw new IllegalStateException("set-up refused: " + outcome.events());
            }
        }
        system.close();
        final Histogram latency = new Histogram(PipelineMetrics.LATENCY_MAX_NS, 3);
        node.pipeline().metrics().drainLatency(CommandType.SUBMIT_DEAL, latency); // forget the set-up's
        latency.reset();

        final CountDownLatch done = new CountDownLatch(1);
        final Counter counter = new Counter(node.router().newSessionId(), commands, done);
        node.router().register(counter);
        final Publisher publisher = node.pipeline().publisher(counter.sessionId());
        final Command command = new Command();
        final long start = System.nanoTime();
        for (int i = 0; i < commands; i++)
        {
            market.nextDeal(command, Market.FIRST_DATE);
            while (publisher.tryPublish(command) == Reason.BUSY)
            {
                Thread.yield(); // two cores: leave them to the stages while the ring is full
            }
        }
        if (!done.await(5, TimeUnit.MINUTES))
        {
            throw new IllegalStateException("outcomes did not all arrive: " + counter.replies);
        }
        final double rate = commands * 1e9 / (System.nanoTime() - start);
        node.pipeline().metrics().drainLatency(CommandType.SUBMIT_DEAL, latency);
        node.router().unregister(counter);
        node.stop();
        return new Run(rate, latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(99) / 1e3);
    }

    private static double replay(final Path dir, final int expected) throws IOException
    {
        final DataDirectory data = new DataDirectory(dir);
        try (JournalReader commands = JournalReader.openReadOnly(data.commands(), JournalReader.Kind.COMMANDS);
            JournalReader events = JournalReader.openReadOnly(data.events(), JournalReader.Kind.EVENTS))
        {
            final long start = System.nanoTime();
            final Recovery recovery = Recovery.run(new EngineConfig().initialDealCapacity(expected + 1024), null,
                commands, events, (buffer, offset, length) -> { throw new IllegalStateException("journal incomplete"); },
                line -> {});
            final long elapsed = System.nanoTime() - start;
            return recovery.report().commandsReplayed() * 1e9 / elapsed;
        }
    }

    private static void restart(final Path dir, final int commands) throws IOException
    {
        final EngineConfig sized = new EngineConfig().initialDealCapacity(commands + 1024);
        long start = System.nanoTime();
        try (SettlementNode node = SettlementNode.start(
            new SettlementNode.Config(dir).engine(sized).snapshotIntervalCommands(0).log(l -> {})))
        {
            System.out.printf("restart from the final snapshot: %,8.0f ms (%s)%n",
                (System.nanoTime() - start) / 1e6, node.recovery());
        }
        delete(new DataDirectory(dir).snapshots());
        start = System.nanoTime();
        try (SettlementNode node = SettlementNode.start(
            new SettlementNode.Config(dir).engine(sized).snapshotIntervalCommands(0).log(l -> {})))
        {
            System.out.printf("restart with no snapshot:        %,8.0f ms (%s)%n",
                (System.nanoTime() - start) / 1e6, node.recovery());
            node.pipeline().close();
        }
    }

    /** Counts replies (one call per command) and opens the latch after the last. */
    private static final class Counter implements Session
    {
        private final long sessionId;
        private final long expected;
        private final CountDownLatch done;
        volatile long replies;

        Counter(final long sessionId, final long expected, final CountDownLatch done)
        {
            this.sessionId = sessionId;
            this.expected = expected;
            this.done = done;
        }

        @Override
        public long sessionId()
        {
            return sessionId;
        }

        @Override
        public long participantId()
        {
            return -1;
        }

        @Override
        public void onReply(final DirectBuffer buffer, final int offset, final int length)
        {
        }

        @Override
        public void onReplyComplete(final long correlationId)
        {
            if (++replies == expected)
            {
                done.countDown();
            }
        }

        @Override
        public void onPush(final DirectBuffer buffer, final int offset, final int length)
        {
        }
    }

    private static void delete(final Path root) throws IOException
    {
        if (!Files.exists(root))
        {
            return;
        }
        try (Stream<Path> files = Files.walk(root))
        {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
