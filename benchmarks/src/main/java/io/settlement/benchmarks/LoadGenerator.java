package io.settlement.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The TCP load generator, in its own JVM (started by {@link TcpLoad}, or by hand against a
 * {@link LoadServer}): {@code connections} connections, each logged on as its own member and
 * submitting DvP deals where that member is the buyer, sharing the offered rate round robin.
 * <p>
 * Allocation-free in steady state: every connection's SubmitDeal frames are encoded up front with
 * the client's SBE codecs, and a send copies one into a direct buffer and sets its correlationId and
 * clientDealId in place; answers are read from a direct buffer with the SBE decoders over it. One
 * thread (the caller's) sends, on a schedule; one thread reads every connection through a selector
 * and takes each answer's time as it arrives. Plain NIO, no futures, no maps.
 * <p>
 * Latency is taken from each request's scheduled send time, not its actual one: when the server (or
 * this generator) stalls, every request the stall delays counts it (coordinated omission corrected),
 * into an HdrHistogram of the deals accepted; a DealRejected answer (BUSY when the server's ring is
 * full) is counted apart as refused, and the deal is not offered again. The generator prints the bytes its own two threads allocated and the
 * collections its JVM ran during each measured phase, and, given the server's {@code -Xlog:gc} file,
 * the server's GC pauses within the phase beside the percentiles.
 * <p>
 * Each result is one line starting {@code RESULT}, of {@code key=value} fields, for the runner.
 */
@Command(name = "load-generator", mixinStandardHelpOptions = true,
    description = "Offers SubmitDeal load over TCP to a gateway from this JVM and measures latency and throughput.")
public final class LoadGenerator implements Callable<Integer>
{
    /** The longest latency recorded (a longer one is recorded as this). */
    static final long HIGHEST_NS = TimeUnit.SECONDS.toNanos(60);

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "gateway host (default ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", required = true, description = "gateway port")
    int port;

    @Option(names = "--connections", defaultValue = "1", description = "client connections, each its own member (default ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--rates", split = ",", defaultValue = "10000,100000",
        description = "offered rates in deals/s, all connections together (default ${DEFAULT-VALUE})")
    int[] rates;

    @Option(names = "--seconds", defaultValue = "5", description = "seconds per offered rate (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--warmup-seconds", defaultValue = "3", description = "seconds of warm-up (half at 10K/s, half pipelined) (default ${DEFAULT-VALUE})")
    int warmupSeconds;

    @Option(names = "--pipelined", defaultValue = "300000", description = "deals per pipelined round, 0 for none (default ${DEFAULT-VALUE})")
    int pipelined;

    @Option(names = "--rounds", defaultValue = "2", description = "pipelined rounds (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--window", defaultValue = "4096", description = "pipelined requests in flight, all connections together (default ${DEFAULT-VALUE})")
    int window;

    @Option(names = "--client-deal-id-base", defaultValue = "1",
        description = "first clientDealId of each member; a server serving several runs needs a new base per run (default ${DEFAULT-VALUE})")
    long clientDealIdBase;

    @Option(names = "--secret", defaultValue = LoadServer.SECRET, description = "every member's secret")
    String secret;

    @Option(names = "--hgrm-prefix", description = "write each rate's percentiles to <prefix>-<rate/1000>k.hgrm")
    Path hgrmPrefix;

    @Option(names = "--server-gc-log", description = "the server's -Xlog:gc file: its pauses within each phase are reported")
    Path serverGcLog;

    @Option(names = "--label", defaultValue = "", description = "carried into every RESULT line")
    String label;

    private LoadConnection[] conns;
    private LoadReceiver receiver;

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new LoadGenerator()).execute(args));
    }

    @Override
    public Integer call() throws Exception
    {
        conns = new LoadConnection[connections];
        for (int c = 0; c < connections; c++)
        {
            conns[c] = new LoadConnection(Market.memberId(c), clientDealIdBase);
            conns[c].logon(host, port, secret);
        }
        receiver = new LoadReceiver(conns);
        final Thread reader = new Thread(receiver, "load-receiver");
        receiver.thread = reader;
        reader.setDaemon(true);
        reader.start();
        try
        {
            // warm-up: both paths compiled before anything is measured
            offer(10_000, Math.max(1, warmupSeconds / 2), null, "warm-up");
            if (pipelined > 0)
            {
                pipeline(Math.min(pipelined, 200_000), "warm-up");
            }
            for (final int rate : rates)
            {
                offer(rate, seconds, hgrmPrefix == null ? null : Path.of(hgrmPrefix + "-" + rate / 1000 + "k.hgrm"), null);
            }
            for (int round = 1; round <= rounds && pipelined > 0; round++)
            {
                pipeline(pipelined, null);
            }
        }
        finally
        {
            receiver.running = false;
            for (final LoadConnection c : conns)
            {
                c.channel.close();
            }
            reader.join(1_000);
        }
        return receiver.failure == null ? 0 : 1;
    }

    /** Offers {@code rate} deals/s for {@code secs} seconds; prints a RESULT line unless it is the warm-up. */
    private void offer(final int rate, final int secs, final Path hgrm, final String warmUp) throws Exception
    {
        final Histogram histogram = new Histogram(HIGHEST_NS, 3);
        final Phase phase = Phase.begin(this, histogram);
        final long total = (long)rate * secs;
        final long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        long i = 0;
        while (i < total && receiver.failure == null)
        {
            // send every request whose time has come, then sleep until the next is due (a spinning
            // sender would take a core from the server on two cores)
            final long now = System.nanoTime();
            boolean blocked = false;
            while (i < total && start + scheduledOffsetNs(i, rate) <= now)
            {
                final LoadConnection c = conns[(int)(i % connections)];
                if (!c.append(start + scheduledOffsetNs(i, rate)))
                {
                    blocked = true; // its socket or its ring is full: the request waits, its clock runs
                    break;
                }
                i++;
            }
            for (final LoadConnection c : conns)
            {
                c.flush();
            }
            final long untilNext = start + scheduledOffsetNs(i, rate) - System.nanoTime();
            if (blocked)
            {
                LockSupport.parkNanos(20_000);
            }
            else if (untilNext > 0)
            {
                LockSupport.parkNanos(untilNext);
            }
        }
        drain();
        phase.end();
        if (warmUp != null)
        {
            return;
        }
        System.out.printf("%s %d connection(s), %,d deals/s offered for %d s: p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us;"
                + " server GC %s; %s%n",
            label, connections, rate, secs, histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(99) / 1e3,
            histogram.getValueAtPercentile(99.9) / 1e3, histogram.getMaxValue() / 1e3, phase.serverGc, phase.generator());
        System.out.printf("RESULT kind=latency label=%s connections=%d rate=%d seconds=%d requests=%d p50_us=%.1f p99_us=%.1f"
                + " p999_us=%.1f max_us=%.1f refused=%d %s %s%n",
            label, connections, rate, secs, total, histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(99) / 1e3,
            histogram.getValueAtPercentile(99.9) / 1e3, histogram.getMaxValue() / 1e3, phase.refused(), phase.serverGc.fields(),
            phase.generatorFields());
        if (hgrm != null)
        {
            try (PrintStream file = new PrintStream(Files.newOutputStream(hgrm)))
            {
                histogram.outputPercentileDistribution(file, 1000.0); // microseconds
            }
        }
    }

    /** The i-th request's send time after the start, at {@code rate} per second, without drift. */
    private static long scheduledOffsetNs(final long i, final int rate)
    {
        return i * 1_000_000_000L / rate;
    }

    /** Sends {@code count} deals as fast as answers come back, at most {@code window} unanswered over all connections. */
    private void pipeline(final int count, final String warmUp) throws Exception
    {
        final long perConnectionWindow = Math.max(1, window / connections);
        final long[] targets = new long[connections];
        for (int c = 0; c < connections; c++)
        {
            targets[c] = conns[c].sent + count / connections + (c < count % connections ? 1 : 0);
        }
        final Phase phase = Phase.begin(this, null);
        final long start = System.nanoTime();
        boolean done = false;
        while (!done && receiver.failure == null)
        {
            done = true;
            boolean progress = false;
            for (int c = 0; c < connections; c++)
            {
                final LoadConnection conn = conns[c];
                int batch = 0;
                while (conn.sent < targets[c] && conn.sent - conn.answered() < perConnectionWindow && batch < 64
                    && conn.append(0))
                {
                    batch++;
                }
                progress |= batch > 0;
                conn.flush();
                done &= conn.answered() >= targets[c];
            }
            if (!progress && !done)
            {
                LockSupport.parkNanos(20_000); // two cores: leave them to the server
            }
        }
        final double rate = count * 1e9 / (System.nanoTime() - start);
        phase.end();
        if (warmUp != null)
        {
            return;
        }
        System.out.printf("%s %d connection(s), pipelined: %,.0f deals/s (%,d deals, window %d); server GC %s; %s%n",
            label, connections, rate, count, window, phase.serverGc, phase.generator());
        System.out.printf("RESULT kind=pipelined label=%s connections=%d deals=%d window=%d rate=%.0f refused=%d %s %s%n",
            label, connections, count, window, rate, phase.refused(), phase.serverGc.fields(), phase.generatorFields());
    }

    /** Flushes what is left and waits until every request sent has its answer. */
    private void drain()
    {
        boolean done = false;
        while (!done && receiver.failure == null)
        {
            done = true;
            for (final LoadConnection c : conns)
            {
                c.flush();
                done &= c.answered() >= c.sent && c.out.position() == 0;
            }
            if (!done)
            {
                LockSupport.parkNanos(20_000);
            }
        }
        if (receiver.failure != null)
        {
            throw new IllegalStateException("the load generator stopped: " + receiver.failure, receiver.failure);
        }
    }

    /** What one measured phase cost: the server's GC pauses, this JVM's collections and its threads' allocation. */
    private static final class Phase
    {
        private final LoadGenerator generator;
        private final long gcOffset;
        private final long collections;
        private final long senderBytes;
        private final long receiverBytes;
        private final long refusedBefore;
        private final long requestsBefore;
        private long requests;
        private double allocatedPerRequest;
        private long collectionsDuring;
        ServerGcLog serverGc;

        private Phase(final LoadGenerator generator) throws IOException
        {
            this.generator = generator;
            gcOffset = generator.serverGcLog == null ? 0 : Files.size(generator.serverGcLog);
            collections = collections();
            refusedBefore = generator.receiver.refused;
            requestsBefore = sent(generator.conns);
            senderBytes = allocated(Thread.currentThread());
            receiverBytes = allocated(generator.receiver.thread);
        }

        static Phase begin(final LoadGenerator generator, final Histogram histogram) throws IOException
        {
            generator.receiver.histogram = histogram;
            return new Phase(generator);
        }

        void end() throws IOException
        {
            final long sender = allocated(Thread.currentThread()) - senderBytes;
            final long reader = allocated(generator.receiver.thread) - receiverBytes;
            collectionsDuring = collections() - collections;
            requests = sent(generator.conns) - requestsBefore;
            allocatedPerRequest = (double)(sender + reader) / Math.max(1, requests);
            serverGc = ServerGcLog.read(generator.serverGcLog, gcOffset);
            generator.receiver.histogram = null;
        }

        long refused()
        {
            return generator.receiver.refused - refusedBefore;
        }

        String generator()
        {
            return String.format("generator: %.2f B allocated per request, %d collections", allocatedPerRequest, collectionsDuring);
        }

        String generatorFields()
        {
            return String.format("gen_bytes_per_request=%.2f gen_collections=%d", allocatedPerRequest, collectionsDuring);
        }

        private static long sent(final LoadConnection[] conns)
        {
            long sent = 0;
            for (final LoadConnection c : conns)
            {
                sent += c.sent;
            }
            return sent;
        }

        private static long allocated(final Thread thread)
        {
            return ((com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean()).getThreadAllocatedBytes(thread.getId());
        }

        private static long collections()
        {
            long count = 0;
            for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
            {
                count += Math.max(0, gc.getCollectionCount());
            }
            return count;
        }
    }
}
