package io.settlement.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.settlement.engine.api.Command;
import io.settlement.journal.ChronicleJournal;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The command journal's append, per command: encode into the batch buffer, and one Chronicle excerpt
 * per batch of 64 (the pipeline writes one per ring batch), memory-mapped, no msync.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JournalAppendBenchmark
{
    private static final int BATCH = 64;
    private Path dir;
    private ChronicleJournal journal;
    private final Market market = new Market(64);
    private final Command command = new Command();

    @Setup(Level.Trial)
    public void open() throws IOException
    {
        dir = Files.createTempDirectory("journal-append-bench");
        journal = new ChronicleJournal(dir, false);
        journal.onStart();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void appendBatch()
    {
        for (int i = 0; i < BATCH; i++)
        {
            journal.append(market.nextDeal(command, Market.FIRST_DATE));
        }
        journal.endOfBatch();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException
    {
        journal.close();
        try (Stream<Path> files = Files.walk(dir))
        {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
