package io.settlement.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import io.settlement.engine.Dates;
import io.settlement.engine.EngineConfig;
import io.settlement.engine.EngineSnapshot;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.EventSink;
import io.settlement.journal.SnapshotStore;

/**
 * How long taking a snapshot holds the engine thread (the command it is taken after waits that long,
 * and every command behind it): an engine with N live deals (due far ahead, so none settles), then
 * rounds of
 * <ul>
 *   <li>inline: the state written to the file and forced to disk on the calling thread, as
 *       {@code SnapshotStore.write} did before it handed the file to its own thread;</li>
 *   <li>store: {@link SnapshotStore#write} (what the engine thread now does: serialise into memory),
 *       then {@link SnapshotStore#flush} (the file written and forced on the store's thread).</li>
 * </ul>
 * Times only; nothing is asserted.
 *
 * <pre>
 *   java -Xmx6g -cp benchmarks/target/benchmarks.jar io.settlement.benchmarks.SnapshotStallBenchmark [liveDeals] [dir]
 * </pre>
 */
public final class SnapshotStallBenchmark
{
    private static final int ROUNDS = 5;

    private SnapshotStallBenchmark()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final int deals = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        final Path dir = args.length > 1 ? Files.createDirectories(Path.of(args[1])) : Files.createTempDirectory("snapshot-stall");
        final SettlementEngine engine = new SettlementEngine(new EngineConfig().initialDealCapacity(deals + 1024));
        final Market market = new Market(64);
        market.setUp(engine, Long.MAX_VALUE / 4);
        final Command command = new Command();
        final int farDate = Dates.plusDays(Market.FIRST_DATE, 365);
        for (int i = 0; i < deals; i++)
        {
            engine.apply(market.nextDeal(command, farDate), EventSink.NONE);
        }
        System.out.printf("%,d live deals, snapshot as of sequence %d, in %s%n", engine.pendingDealCount(), engine.lastSequence(), dir);

        final double[] inline = new double[ROUNDS];
        final double[] held = new double[ROUNDS];
        final double[] behind = new double[ROUNDS];
        final SnapshotStore store = new SnapshotStore(dir.resolve("store"), 1);
        for (int round = 0; round < ROUNDS; round++)
        {
            long start = System.nanoTime();
            final Path file = dir.resolve("inline.snap");
            try (FileChannel channel = FileChannel.open(file,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
            {
                final OutputStream out = Channels.newOutputStream(channel);
                EngineSnapshot.write(engine, out);
                out.flush();
                channel.force(true);
            }
            inline[round] = (System.nanoTime() - start) / 1e6;

            start = System.nanoTime();
            store.write(engine, engine.lastSequence());
            final long written = System.nanoTime();
            store.publish(engine.lastSequence());
            store.flush();
            held[round] = (written - start) / 1e6;
            behind[round] = (System.nanoTime() - written) / 1e6;
            System.out.printf("round %d: engine thread held %,.0f ms inline, %,.0f ms by the store (%.2fx), which then wrote"
                + " and published for %,.0f ms on its own thread; %,d bytes%n",
                round + 1, inline[round], held[round], held[round] / inline[round], behind[round], Files.size(file));
        }
        store.close();
        Arrays.sort(inline);
        Arrays.sort(held);
        Arrays.sort(behind);
        System.out.printf("longest engine-thread hold per snapshot, median of %d: store %,.0f ms / inline %,.0f ms = %.2fx"
            + " (ranges %,.0f-%,.0f vs %,.0f-%,.0f ms); writing off the engine thread %,.0f ms%n", ROUNDS,
            held[ROUNDS / 2], inline[ROUNDS / 2], held[ROUNDS / 2] / inline[ROUNDS / 2],
            held[0], held[ROUNDS - 1], inline[0], inline[ROUNDS - 1], behind[ROUNDS / 2]);
    }
}
