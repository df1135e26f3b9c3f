package io.settlement.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.settlement.engine.Dates;
import io.settlement.engine.EngineConfig;
import io.settlement.engine.api.Command;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.engine.pipeline.Publisher;
import io.settlement.engine.pipeline.Session;
import io.settlement.journal.SettlementNode;
import io.settlement.protocol.wire.Reason;
import org.agrona.DirectBuffer;

/**
 * The time between two consecutive answers while the pipeline is kept full, at the command a snapshot
 * is taken after (and, for the noise of the machine, the longest anywhere and the 99.99th percentile), in
 * a node that takes one snapshot with about a million live deals (deals due far ahead, none settles; the
 * snapshot after command {@code interval}), against the same run with no snapshot. Modes, one fresh
 * directory each, in one JVM:
 * <ul>
 *   <li>none: no periodic snapshot (the longest gap the run has anyway: GC, the machine);</li>
 *   <li>engine: the snapshot serialised on the engine thread ({@code settlement.node.snapshot-follower=false});</li>
 *   <li>follower: the snapshot taken of the follower engine on the snapshot thread (the default).</li>
 * </ul>
 * Times only; nothing is asserted.
 *
 * <pre>
 *   java -Xmx6g -cp benchmarks/target/benchmarks.jar io.settlement.benchmarks.SnapshotStallPipelineBenchmark [dir] [interval] [rounds]
 * </pre>
 */
public final class SnapshotStallPipelineBenchmark
{
    private SnapshotStallPipelineBenchmark()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path root = args.length > 0 ? Files.createDirectories(Path.of(args[0])) : Files.createTempDirectory("snapshot-stall");
        final int interval = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        final int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        final int deals = interval + interval / 5;
        final List<String> lines = new ArrayList<>();
        int run = 0;
        for (int round = 1; round <= rounds; round++)
        {
            for (final String mode : List.of("none", "engine", "follower"))
            {
                final Path dir = root.resolve("run" + (++run));
                final Result result = run(dir, mode, interval, deals);
                final String line = String.format("round %d, %-8s: gap at the snapshot's command %,7.1f ms; longest gap"
                    + " between answers %,7.1f ms (at answer %,d), 99.99th percentile gap %,.1f ms; %,.0f deals/s; snapshots %s",
                    round, mode, result.snapshotGapNs / 1e6, result.maxGapNs / 1e6, result.maxGapAt, result.p9999Ns / 1e6,
                    result.rate, result.snapshots);
                System.out.println(line);
                lines.add(line);
                delete(dir);
            }
        }
        System.out.println("--");
        lines.forEach(System.out::println);
    }

    private record Result(long snapshotGapNs, long maxGapNs, long maxGapAt, long p9999Ns, double rate, String snapshots)
    {
    }

    private static Result run(final Path dir, final String mode, final int interval, final int deals) throws Exception
    {
        System.gc();
        final SettlementNode node = SettlementNode.start(new SettlementNode.Config(dir)
            .engine(new EngineConfig().initialDealCapacity(deals + 1024))
            .snapshotIntervalCommands(mode.equals("none") ? 0 : interval)
            .snapshotFollower(mode.equals("follower"))
            .log(line -> { }));
        final Market market = new Market(64);
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
        final long firstDealSequence = node.pipeline().engine().lastSequence() + 1;
        final CountDownLatch done = new CountDownLatch(1);
        final GapCounter counter = new GapCounter(node.router().newSessionId(), deals, done);
        node.router().register(counter);
        final Publisher publisher = node.pipeline().publisher(counter.sessionId());
        final Command command = new Command();
        final int farDate = Dates.plusDays(Market.FIRST_DATE, 365);
        final long start = System.nanoTime();
        for (int i = 0; i < deals; i++)
        {
            market.nextDeal(command, farDate);
            while (publisher.tryPublish(command) == Reason.BUSY)
            {
                Thread.yield();
            }
        }
        if (!done.await(5, TimeUnit.MINUTES))
        {
            throw new IllegalStateException("answers did not all arrive: " + counter.replies);
        }
        final double rate = deals * 1e9 / (System.nanoTime() - start);
        node.router().unregister(counter);
        node.pipeline().close();
        node.stop();
        // the answer to the command a snapshot is taken after, and the next: the gap before the next is the hold
        final int snapshotAnswer = (int)(interval - firstDealSequence);
        long snapshotGapNs = 0;
        for (int i = Math.max(1, snapshotAnswer - 2); i <= Math.min(deals - 1, snapshotAnswer + 2); i++)
        {
            snapshotGapNs = Math.max(snapshotGapNs, counter.answeredNs[i] - counter.answeredNs[i - 1]);
        }
        final long[] gaps = new long[deals - 1];
        for (int i = 1; i < deals; i++)
        {
            gaps[i - 1] = counter.answeredNs[i] - counter.answeredNs[i - 1];
        }
        java.util.Arrays.sort(gaps);
        String snapshots = "[]";
        if (Files.isDirectory(dir.resolve("snapshots")))
        {
            try (var files = Files.list(dir.resolve("snapshots")))
            {
                snapshots = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".snap")).sorted().toList().toString();
            }
        }
        return new Result(snapshotGapNs, gaps[gaps.length - 1], counter.maxGapAt, gaps[(int)(gaps.length * 0.9999)], rate, snapshots);
    }

    /** Counts answers and keeps the longest time between two consecutive ones. */
    private static final class GapCounter implements Session
    {
        private final long sessionId;
        private final long expected;
        private final CountDownLatch done;
        volatile long replies;
        final long[] answeredNs;
        private long lastNs;
        long maxGapNs;
        long maxGapAt;

        GapCounter(final long sessionId, final long expected, final CountDownLatch done)
        {
            this.sessionId = sessionId;
            this.expected = expected;
            this.done = done;
            this.answeredNs = new long[(int)expected];
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
            final long now = System.nanoTime();
            if (lastNs != 0 && now - lastNs > maxGapNs)
            {
                maxGapNs = now - lastNs;
                maxGapAt = replies;
            }
            lastNs = now;
            answeredNs[(int)replies] = now;
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

    private static void delete(final Path root) throws java.io.IOException
    {
        try (var files = Files.walk(root))
        {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
