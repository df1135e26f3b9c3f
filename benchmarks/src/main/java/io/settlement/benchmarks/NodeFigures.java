package io.settlement.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.engine.pipeline.Publisher;
import io.settlement.engine.pipeline.Session;
import io.settlement.journal.ChronicleJournal;
import io.settlement.journal.DataDirectory;
import io.settlement.journal.JournalReader;
import io.settlement.journal.Recovery;
import io.settlement.journal.SettlementNode;
import io.settlement.protocol.wire.Reason;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The node's figures of issue 15's table, written against the API that the build before issue 15
 * (ca3bcb9) already had, so that {@code benchmarks/issue15-table.sh} compiles this same source against
 * that build's jar and against this one's and runs both alternately. The node's settings are passed as
 * its properties ({@code SettlementNode.Config(dir, properties)}): a build without a setting (the base
 * build has no {@code settlement.node.durability} and no {@code settlement.pipeline.topology}) ignores
 * it, and each run prints the durability and topology the node actually took (read by reflection, since
 * the base build has no getter for them: it prints {@code n/a}).
 *
 * <pre>
 *   pipeline N DURABILITY[,DURABILITY...]
 *       a warm-up round, then one measured round: raw Chronicle append of N SubmitDeal commands (the same
 *       bytes), then N SubmitDeal commands with all limit checks through ring + journal + engine + event
 *       journal + routing, once per durability given (synced, unsynced, or default: the node's own),
 *       timed until the last outcome is routed; then a replay of the first pipeline's journals (Recovery
 *       from the journal alone, no snapshot, every event verified against the event journal)
 *   restart-journals DIR SNAPSHOT TAIL
 *       writes into DIR (emptied first) journals of SNAPSHOT + TAIL deals (through the pipeline, the node's
 *       defaults; every deal stays pending) with one snapshot, after the market's set-up and SNAPSHOT deals
 *   restart DIR DEALS
 *       SettlementNode.start on DIR, its engine sized for DEALS deals (SNAPSHOT + TAIL: no growth on the way) (file checks, the snapshot loaded, the TAIL replayed with every event
 *       verified), timed until start returns; then the node is stopped and the final snapshot its stop
 *       wrote is removed, so that every restart (each in a new JVM, as an operator's is) starts alike
 * </pre>
 *
 * Every result is one line starting {@code FIGURE}, of {@code key=value} fields, for the script.
 * Throughput and times only; nothing is asserted.
 */
public final class NodeFigures
{
    private static final String DURABILITY_PROPERTY = "settlement.node.durability";

    private NodeFigures()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length == 3 && "pipeline".equals(args[0]))
        {
            pipelineFigures(Integer.parseInt(args[1]), args[2].split(","));
        }
        else if (args.length == 4 && "restart-journals".equals(args[0]))
        {
            restartJournals(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        }
        else if (args.length == 3 && "restart".equals(args[0]))
        {
            restart(Path.of(args[1]), Integer.parseInt(args[2]));
        }
        else
        {
            System.err.println("usage: NodeFigures pipeline N DURABILITY[,DURABILITY...]"
                + " | restart-journals DIR SNAPSHOT TAIL | restart DIR DEALS");
            System.exit(2);
        }
    }

    private static void pipelineFigures(final int commands, final String[] durabilities) throws Exception
    {
        final Path root = Files.createTempDirectory("settlement-node-figures");
        try
        {
            for (int round = 0; round < 2; round++)
            {
                final boolean measured = round == 1;
                delete(root);
                Files.createDirectories(root);
                final double raw = rawAppend(root.resolve("raw"), commands);
                if (measured)
                {
                    System.out.printf("FIGURE kind=raw-append commands=%d rate=%.0f%n", commands, raw);
                }
                for (int d = 0; d < durabilities.length; d++)
                {
                    final Path dir = root.resolve("node-" + d);
                    final SettlementNode.Config config = config(dir, commands, durabilities[d]);
                    final double rate = pipeline(config, commands);
                    if (measured)
                    {
                        System.out.printf("FIGURE kind=pipeline durability=%s asked=%s topology=%s commands=%d rate=%.0f raw=%.0f"
                                + " percent_of_raw=%.1f%n",
                            setting(config, "durability"), durabilities[d], setting(config.pipeline(), "topology"), commands,
                            rate, raw, 100 * rate / raw);
                    }
                }
                final double replayed = replay(root.resolve("node-0"), commands);
                if (measured)
                {
                    System.out.printf("FIGURE kind=replay commands=%d rate=%.0f%n", commands, replayed);
                }
            }
        }
        finally
        {
            delete(root);
        }
    }

    private static void restartJournals(final Path dir, final int snapshotAt, final int tail) throws Exception
    {
        delete(dir);
        final int total = snapshotAt + tail;
        final long generateStart = System.nanoTime();
        // the first node's final snapshot (written by stop) is the one restarts load
        final SettlementNode.Config first = config(dir, total, "default");
        final Market market = new Market(64);
        pipeline(first, market, snapshotAt);
        final long kept = snapshotSequences(dir).stream().mapToLong(Long::longValue).max().orElse(0);
        // the tail journaled by a second node started from it; its own final snapshot is removed
        appendTail(config(dir, total, "default"), market, tail);
        removeSnapshotsAfter(dir, kept);
        System.out.printf("journals of %,d deals (and the market's set-up) with a snapshot at sequence %,d written in %.1f s"
                + " (durability %s) in %s%n",
            total, kept, (System.nanoTime() - generateStart) / 1e9, setting(first, "durability"), dir);
    }

    private static void restart(final Path dir, final int deals) throws Exception
    {
        final long kept = snapshotSequences(dir).stream().mapToLong(Long::longValue).min()
            .orElseThrow(() -> new IllegalStateException("no snapshot in " + dir + ": run restart-journals first"));
        final SettlementNode.Config config = config(dir, deals, "default");
        final long start = System.nanoTime();
        final SettlementNode node = SettlementNode.start(config);
        final double ms = (System.nanoTime() - start) / 1e6;
        final String recovery = String.valueOf(node.recovery()).replace(' ', '_');
        node.stop();
        removeSnapshotsAfter(dir, kept); // the final snapshot stop wrote: the next restart loads the same one
        System.out.printf("FIGURE kind=restart snapshot=%d ms=%.0f recovery=%s%n", kept, ms, recovery);
    }

    /** The node's configuration for {@code dir}: every property from the system's, the durability as asked unless "default". */
    private static SettlementNode.Config config(final Path dir, final int deals, final String durability)
    {
        final UnaryOperator<String> properties = name ->
            DURABILITY_PROPERTY.equals(name) && !"default".equals(durability) ? durability : System.getProperty(name);
        return new SettlementNode.Config(dir, properties)
            .engine(new EngineConfig().initialDealCapacity(deals + 1024))
            .snapshotIntervalCommands(0)
            .log(line -> {});
    }

    /** A setting read through its getter, in lower case, or {@code n/a} when this build has no such setting. */
    static String setting(final Object config, final String getter)
    {
        try
        {
            return String.valueOf(config.getClass().getMethod(getter).invoke(config)).toLowerCase();
        }
        catch (final ReflectiveOperationException ex)
        {
            return "n/a";
        }
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

    /** Starts a node on an empty directory, sets the market up through it, floods it with {@code commands} deals, stops it. */
    private static double pipeline(final SettlementNode.Config config, final int commands) throws Exception
    {
        return pipeline(config, new Market(64), commands);
    }

    private static double pipeline(final SettlementNode.Config config, final Market market, final int commands) throws Exception
    {
        final SettlementNode node = SettlementNode.start(config);
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
        final double rate = flood(node, market, commands);
        node.stop();
        return rate;
    }

    /** Restarts the node on its directory and floods it with {@code commands} more deals of the same market (new clientDealIds). */
    private static void appendTail(final SettlementNode.Config config, final Market market, final int commands) throws Exception
    {
        final SettlementNode node = SettlementNode.start(config);
        flood(node, market, commands);
        node.stop();
    }

    /** Publishes {@code commands} deals from {@code market} and waits for every outcome; the rate. */
    private static double flood(final SettlementNode node, final Market market, final int commands) throws Exception
    {
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
        if (!done.await(10, TimeUnit.MINUTES))
        {
            throw new IllegalStateException("outcomes did not all arrive: " + counter.replies);
        }
        final double rate = commands * 1e9 / (System.nanoTime() - start);
        node.router().unregister(counter);
        return rate;
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

    /** The sequences of the snapshot files in the node's snapshot directory (the 20 digits of their names). */
    private static List<Long> snapshotSequences(final Path dir) throws IOException
    {
        final List<Long> sequences = new ArrayList<>();
        try (Stream<Path> files = Files.list(new DataDirectory(dir).snapshots()))
        {
            files.map(f -> f.getFileName().toString().replaceAll("\\D", "")).filter(s -> s.length() == 20)
                .forEach(s -> sequences.add(Long.parseLong(s)));
        }
        return sequences;
    }

    /** Deletes every snapshot file (the snapshot and anything beside it) of a sequence above {@code kept}. */
    private static void removeSnapshotsAfter(final Path dir, final long kept) throws IOException
    {
        try (Stream<Path> files = Files.list(new DataDirectory(dir).snapshots()))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                final String digits = file.getFileName().toString().replaceAll("\\D", "");
                if (digits.length() == 20 && Long.parseLong(digits) > kept)
                {
                    Files.delete(file);
                }
            }
        }
        if (!snapshotSequences(dir).contains(kept))
        {
            throw new IllegalStateException("the snapshot at " + kept + " is gone: " + snapshotSequences(dir));
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
