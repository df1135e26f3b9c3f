package io.settlement.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.settlement.gateway.client.RequestEncoder;
import io.settlement.gateway.client.ResponseDecoder;
import io.settlement.gateway.client.sbe.DealAcceptedDecoder;
import io.settlement.gateway.client.sbe.DealRejectedDecoder;
import io.settlement.gateway.client.sbe.DealType;
import io.settlement.gateway.client.sbe.LogonAcceptedDecoder;
import io.settlement.gateway.client.sbe.MessageHeaderDecoder;
import io.settlement.gateway.client.sbe.SessionRejectDecoder;
import io.settlement.gateway.client.sbe.SubmitDealEncoder;
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
    /** Deals per connection encoded up front, cycled through. */
    private static final int TABLE = 4_096;
    /** Scheduled times kept per connection, by correlationId: the most requests one connection may have unanswered. */
    private static final int RING = 1 << 18;
    private static final int HEADERS = ResponseDecoder.HEADERS_LENGTH;
    private static final long HIGHEST_NS = TimeUnit.SECONDS.toNanos(60);

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

    private Connection[] conns;
    private Receiver receiver;

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new LoadGenerator()).execute(args));
    }

    @Override
    public Integer call() throws Exception
    {
        conns = new Connection[connections];
        for (int c = 0; c < connections; c++)
        {
            conns[c] = new Connection(Market.memberId(c), clientDealIdBase);
            conns[c].logon(host, port, secret);
        }
        receiver = new Receiver(conns);
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
            for (final Connection c : conns)
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
                final Connection c = conns[(int)(i % connections)];
                if (!c.append(start + scheduledOffsetNs(i, rate)))
                {
                    blocked = true; // its socket or its ring is full: the request waits, its clock runs
                    break;
                }
                i++;
            }
            for (final Connection c : conns)
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
                final Connection conn = conns[c];
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
            for (final Connection c : conns)
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
        ServerGc serverGc;

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
            serverGc = ServerGc.read(generator.serverGcLog, gcOffset);
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

        private static long sent(final Connection[] conns)
        {
            long sent = 0;
            for (final Connection c : conns)
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

    /** The server's GC pauses logged (-Xlog:gc, and gc+phases for ZGC) past an offset of its log file. */
    record ServerGc(boolean known, int pauses, double totalMs, double maxMs)
    {
        private static final java.util.regex.Pattern PAUSE = java.util.regex.Pattern.compile("Pause.*?([0-9]+\\.[0-9]+)ms\\s*$");

        static ServerGc read(final Path log, final long offset) throws IOException
        {
            if (log == null)
            {
                return new ServerGc(false, 0, 0, 0);
            }
            final byte[] bytes;
            try (java.nio.channels.FileChannel file = java.nio.channels.FileChannel.open(log))
            {
                final ByteBuffer tail = ByteBuffer.allocate((int)Math.max(0, file.size() - offset));
                file.read(tail, offset);
                bytes = tail.array();
            }
            int pauses = 0;
            double total = 0;
            double max = 0;
            for (final String line : new String(bytes, java.nio.charset.StandardCharsets.US_ASCII).split("\n"))
            {
                final java.util.regex.Matcher m = PAUSE.matcher(line);
                if (m.find())
                {
                    final double ms = Double.parseDouble(m.group(1));
                    pauses++;
                    total += ms;
                    max = Math.max(max, ms);
                }
            }
            return new ServerGc(true, pauses, total, max);
        }

        String fields()
        {
            return known ? String.format("gc_pauses=%d gc_pause_total_ms=%.3f gc_pause_max_ms=%.3f", pauses, totalMs, maxMs) : "";
        }

        @Override
        public String toString()
        {
            return known ? String.format("%d pauses, %.3f ms in all, longest %.3f ms", pauses, totalMs, maxMs) : "not logged";
        }
    }

    /** One connection: its member, its frames encoded up front, its send buffer and its scheduled times. */
    private static final class Connection
    {
        private final long memberId;
        private SocketChannel channel;
        private final byte[] frames;
        private final int frameLength;
        final ByteBuffer out = ByteBuffer.allocateDirect(1 << 18);
        private final io.settlement.gateway.client.shaded.agrona.concurrent.UnsafeBuffer outView = new io.settlement.gateway.client.shaded.agrona.concurrent.UnsafeBuffer(out);
        final ByteBuffer in = ByteBuffer.allocateDirect(1 << 20);
        final io.settlement.gateway.client.shaded.agrona.concurrent.UnsafeBuffer inView = new io.settlement.gateway.client.shaded.agrona.concurrent.UnsafeBuffer(in);
        private final SubmitDealEncoder submitDeal = new SubmitDealEncoder();
        /** Each request's scheduled send time by correlationId; written by the sender, read by the receiver. */
        final java.util.concurrent.atomic.AtomicLongArray scheduledNs = new java.util.concurrent.atomic.AtomicLongArray(RING);
        private long nextCorrelationId = 2; // 1: the logon
        private long nextClientDealId;
        long sent;
        /** Answers received; written by the receiver only. */
        private final java.util.concurrent.atomic.AtomicLong answered = new java.util.concurrent.atomic.AtomicLong();

        Connection(final long memberId, final long clientDealIdBase)
        {
            this.memberId = memberId;
            this.nextClientDealId = clientDealIdBase;
            final RequestEncoder encoder = new RequestEncoder();
            final SplittableRandom random = new SplittableRandom(memberId);
            byte[] table = null;
            int length = 0;
            for (int i = 0; i < TABLE; i++)
            {
                long seller = Market.memberId(random.nextInt(LoadServer.MEMBERS));
                if (seller == memberId)
                {
                    seller = Market.memberId((int)(memberId % LoadServer.MEMBERS));
                }
                final ByteBuf frame = encoder.submitDeal(UnpooledByteBufAllocator.DEFAULT, 0, 0, memberId, seller,
                    Market.FIRST_SECURITY + random.nextInt(Market.SECURITIES), random.nextBoolean() ? Market.USD : Market.EUR,
                    1 + random.nextInt(256), 100 + random.nextInt(16_384), Market.FIRST_DATE, DealType.DVP);
                if (table == null)
                {
                    length = frame.readableBytes();
                    table = new byte[length * TABLE];
                }
                frame.readBytes(table, i * length, length);
                frame.release();
            }
            frames = table;
            frameLength = length;
        }

        long answered()
        {
            return answered.get();
        }

        void answered(final long count)
        {
            answered.lazySet(count);
        }

        /** Logs on (blocking), then leaves the channel non-blocking for the selector. */
        void logon(final String host, final int port, final String secret) throws IOException
        {
            channel = SocketChannel.open(new InetSocketAddress(host, port));
            channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            final ByteBuf frame = new RequestEncoder().logon(UnpooledByteBufAllocator.DEFAULT, 1, memberId, secret);
            final ByteBuffer request = ByteBuffer.allocate(frame.readableBytes());
            frame.readBytes(request);
            frame.release();
            request.flip();
            while (request.hasRemaining())
            {
                channel.write(request);
            }
            final ByteBuffer answer = ByteBuffer.allocate(256);
            while (answer.position() < 4 || answer.position() < answer.getInt(0))
            {
                if (channel.read(answer) < 0)
                {
                    throw new IOException("member " + memberId + ": the gateway closed the connection during logon");
                }
            }
            final MessageHeaderDecoder header = new MessageHeaderDecoder()
                .wrap(new io.settlement.gateway.client.shaded.agrona.concurrent.UnsafeBuffer(answer.array()), ResponseDecoder.SOFH_LENGTH);
            if (header.templateId() != LogonAcceptedDecoder.TEMPLATE_ID)
            {
                throw new IOException("member " + memberId + ": logon refused (template " + header.templateId() + ")");
            }
            channel.configureBlocking(false);
        }

        /**
         * Appends the next deal to the send buffer, remembering {@code scheduledNs} against its
         * correlationId; false, and nothing sent, when the buffer or the ring is full.
         */
        boolean append(final long scheduled)
        {
            if (sent - answered() >= RING)
            {
                return false;
            }
            if (out.remaining() < frameLength)
            {
                flush();
                if (out.remaining() < frameLength)
                {
                    return false;
                }
            }
            final long correlationId = nextCorrelationId++;
            scheduledNs.set((int)(correlationId & (RING - 1)), scheduled);
            final int position = out.position();
            outView.putBytes(position, frames, (int)(sent & (TABLE - 1)) * frameLength, frameLength);
            submitDeal.wrap(outView, position + HEADERS).correlationId(correlationId).clientDealId(nextClientDealId++);
            out.position(position + frameLength);
            sent++;
            return true;
        }

        /** Writes what the socket takes now. */
        void flush()
        {
            if (out.position() == 0)
            {
                return;
            }
            out.flip();
            try
            {
                channel.write(out);
            }
            catch (final IOException ex)
            {
                throw new java.io.UncheckedIOException("member " + memberId + ": write failed", ex);
            }
            out.compact();
        }
    }

    /** Reads every connection's answers through one selector and records their latency. */
    private static final class Receiver implements Runnable
    {
        private final Selector selector;
        private final Connection[] conns;
        private final java.util.function.Consumer<SelectionKey> onReadable = this::read;
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final DealAcceptedDecoder accepted = new DealAcceptedDecoder();
            private final SessionRejectDecoder sessionReject = new SessionRejectDecoder();
        volatile Histogram histogram;
        volatile boolean running = true;
        volatile Throwable failure;
        /** DealRejected answers (BUSY under full load, say). */
        volatile long refused;
        volatile Thread thread;

        Receiver(final Connection[] conns) throws IOException
        {
            this.conns = conns;
            selector = Selector.open();
            for (final Connection c : conns)
            {
                c.channel.register(selector, SelectionKey.OP_READ, c);
            }
        }

        @Override
        public void run()
        {
            try
            {
                while (running)
                {
                    selector.select(onReadable, 100);
                }
            }
            catch (final Throwable ex)
            {
                if (running)
                {
                    failure = ex;
                }
            }
        }

        private void read(final SelectionKey key)
        {
            final Connection c = (Connection)key.attachment();
            final ByteBuffer in = c.in;
            try
            {
                if (c.channel.read(in) < 0)
                {
                    throw new IOException("member " + c.memberId + ": the gateway closed the connection");
                }
            }
            catch (final IOException ex)
            {
                throw new java.io.UncheckedIOException(ex);
            }
            final long now = System.nanoTime();
            final Histogram h = histogram;
            int position = 0;
            final int end = in.position();
            long answered = c.answered();
            while (end - position >= 4)
            {
                final int length = in.getInt(position); // SOFH: big-endian, the frame's whole length
                if (end - position < length)
                {
                    break;
                }
                header.wrap(c.inView, position + ResponseDecoder.SOFH_LENGTH);
                final int template = header.templateId();
                if (template == DealAcceptedDecoder.TEMPLATE_ID)
                {
                    answered++;
                    final long correlationId =
                        accepted.wrap(c.inView, position + HEADERS, header.blockLength(), header.version()).correlationId();
                    if (h != null)
                    {
                        final long scheduled = c.scheduledNs.get((int)(correlationId & (RING - 1)));
                        h.recordValue(Math.min(HIGHEST_NS, Math.max(0, now - scheduled)));
                    }
                }
                else if (template == DealRejectedDecoder.TEMPLATE_ID)
                {
                    // BUSY under full load, in the main: counted apart, not in the latency of registrations
                    answered++;
                    refused++;
                }
                else if (template == SessionRejectDecoder.TEMPLATE_ID)
                {
                    throw new IllegalStateException("member " + c.memberId + ": SessionReject " + sessionReject
                        .wrap(c.inView, position + HEADERS, header.blockLength(), header.version()).reason());
                }
                position += length;
            }
            c.answered(answered);
            in.limit(end).position(position);
            in.compact();
        }
    }

    static
    {
        // the SOFH length is read with ByteBuffer's default order
        assert ByteBuffer.allocate(1).order() == ByteOrder.BIG_ENDIAN;
    }
}
