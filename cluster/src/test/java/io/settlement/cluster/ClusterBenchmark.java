package io.settlement.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import io.settlement.engine.api.Command;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.journal.Durability;
import io.settlement.journal.SettlementNode;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * The price of replication: SubmitDeal throughput and latency through the three-node cluster (three
 * node processes on this machine, the client in this one) beside a single node (in this process, its
 * pipeline's client) in the same run, rounds alternating. Not a test: run by hand (perf-results/issue16-failover.txt
 * has the command line).
 *
 * <pre>
 *   args: rounds (3), deals per round (5000), deals in flight (64)
 * </pre>
 */
public final class ClusterBenchmark
{
    private ClusterBenchmark()
    {
    }

    record Round(String system, int deals, double seconds, long[] latenciesNs)
    {
        double perSecond()
        {
            return deals / seconds;
        }

        double percentileUs(final double p)
        {
            final long[] sorted = latenciesNs.clone();
            Arrays.sort(sorted);
            return sorted[Math.min(sorted.length - 1, (int)Math.ceil(p / 100.0 * sorted.length) - 1)] / 1_000.0;
        }

        String line()
        {
            return String.format(Locale.ROOT, "%-16s %6d deals %8.0f deals/s  p50 %9.0f us  p99 %9.0f us  max %9.0f us",
                system, deals, perSecond(), percentileUs(50), percentileUs(99), percentileUs(100));
        }
    }

    public static void main(final String[] args) throws Exception
    {
        final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        final int deals = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        final int window = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        final Path root = Files.createTempDirectory("cluster-bench");
        final List<Round> results = new ArrayList<>();
        try (TestCluster cluster = new TestCluster(root);
            SettlementNode synced = single(root.resolve("single-synced"), Durability.SYNCED);
            SettlementNode unsynced = single(root.resolve("single-unsynced"), Durability.UNSYNCED))
        {
            cluster.startAll();
            final ClusterRun clusterRun = new ClusterRun(cluster);
            long nextDeal = 1;
            for (int round = 0; round <= rounds; round++) // round 0 warms up
            {
                final List<Round> these = List.of(
                    singleRound("single synced", synced, nextDeal, deals, window),
                    singleRound("single unsynced", unsynced, nextDeal, deals, window),
                    clusterRun.round(nextDeal, deals, window));
                nextDeal += deals;
                for (final Round r : these)
                {
                    System.out.println((round == 0 ? "warm-up " : "round " + round + " ") + r.line());
                    if (round > 0)
                    {
                        results.add(r);
                    }
                }
            }
            clusterRun.close();
        }
        System.out.println();
        for (final String system : List.of("single synced", "single unsynced", "cluster (3 nodes)"))
        {
            final double[] perSecond = results.stream().filter(r -> r.system().equals(system)).mapToDouble(Round::perSecond).sorted().toArray();
            final double[] p99 = results.stream().filter(r -> r.system().equals(system)).mapToDouble(r -> r.percentileUs(99)).sorted().toArray();
            System.out.printf(Locale.ROOT, "median of %d rounds: %-18s %8.0f deals/s  p99 %9.0f us%n", perSecond.length, system,
                perSecond[perSecond.length / 2], p99[p99.length / 2]);
        }
    }

    /** The client's wait while nothing comes back: the same for both systems, and it leaves the cores to the nodes. */
    private static IdleStrategy clientIdle()
    {
        return new BackoffIdleStrategy(100, 10, 1_000, 100_000);
    }

    private static SettlementNode single(final Path dir, final Durability durability) throws Exception
    {
        final SettlementNode node = SettlementNode.start(new SettlementNode.Config(dir).durability(durability).log(line -> {}));
        final PipelineClient system = node.client(Command.SYSTEM_SUBMITTER);
        final PipelineClient ops = node.client(TestCluster.OPS);
        final List<Command> market = TestCluster.market();
        system.send(market.get(0)).get();
        for (int i = 1; i < market.size(); i++)
        {
            ops.send(market.get(i)).get();
        }
        return node;
    }

    private static Round singleRound(
        final String name, final SettlementNode node, final long firstDeal, final int deals, final int window) throws Exception
    {
        final PipelineClient client = node.client(TestCluster.BANK_A);
        final long[] latencies = new long[deals];
        final AtomicInteger done = new AtomicInteger();
        final IdleStrategy idle = clientIdle();
        final long startNs = System.nanoTime();
        for (int i = 0; i < deals; i++)
        {
            idle.reset();
            while (i - done.get() >= window)
            {
                idle.idle();
            }
            final int index = i;
            final long sentNs = System.nanoTime();
            client.send(TestCluster.deal(firstDeal + i)).whenComplete((outcome, failure) ->
            {
                latencies[index] = System.nanoTime() - sentNs;
                done.incrementAndGet();
            });
        }
        idle.reset();
        while (done.get() < deals)
        {
            idle.idle();
        }
        return new Round(name, deals, (System.nanoTime() - startNs) / 1e9, latencies);
    }

    /** The cluster's client, kept over the rounds. */
    private static final class ClusterRun implements ClusterClientListener
    {
        private final ClusterClient client;
        private long[] sentNs;
        private long[] latencies;
        private long baseCorrelation;
        private int done;

        ClusterRun(final TestCluster cluster)
        {
            client = cluster.client(this);
            final List<Command> market = TestCluster.market();
            for (int i = 0; i < market.size(); i++)
            {
                TestCluster.submit(client, 1, i + 1, market.get(i));
            }
            while (client.pendingCount() > 0)
            {
                client.poll();
            }
        }

        Round round(final long firstDeal, final int deals, final int window)
        {
            sentNs = new long[deals];
            latencies = new long[deals];
            baseCorrelation = 1_000_000 + firstDeal;
            done = 0;
            final long startNs = System.nanoTime();
            int sent = 0;
            final IdleStrategy idle = clientIdle();
            while (done < deals)
            {
                while (sent < deals && sent - done < window)
                {
                    sentNs[sent] = System.nanoTime();
                    TestCluster.submit(client, 1, baseCorrelation + sent, TestCluster.deal(firstDeal + sent));
                    sent++;
                }
                idle.idle(client.poll());
            }
            return new Round("cluster (3 nodes)", deals, (System.nanoTime() - startNs) / 1e9, latencies);
        }

        @Override
        public void onReply(final long submissionId, final long clientSessionId, final long correlationId, final DirectBuffer record, final int offset, final int length)
        {
        }

        @Override
        public void onReplyComplete(final long submissionId, final long clientSessionId, final long correlationId, final long sequence)
        {
            final long index = correlationId - baseCorrelation;
            if (latencies != null && index >= 0 && index < latencies.length)
            {
                latencies[(int)index] = System.nanoTime() - sentNs[(int)index];
                done++;
            }
        }

        @Override
        public void onPush(
            final boolean fromThisClient, final long originClientSessionId, final long buyerId, final long sellerId,
            final DirectBuffer record, final int offset, final int length)
        {
        }

        @Override
        public void onRejected(
            final long submissionId, final long clientSessionId, final long correlationId, final String reason, final DirectBuffer command,
            final int offset, final int length)
        {
            throw new IllegalStateException("rejected " + correlationId + ": " + reason);
        }

        void close()
        {
            client.close();
        }
    }
}
