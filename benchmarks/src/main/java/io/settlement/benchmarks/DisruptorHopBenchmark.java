package io.settlement.benchmarks;

import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;
import io.settlement.engine.api.Command;
import io.settlement.engine.pipeline.CommandSlot;
import io.settlement.protocol.wire.DealType;
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
 * The ceiling of one ring hop: a producer encodes a SubmitDeal into the pipeline's own slot type and
 * a single consumer reads it, nothing else (1P-1C, busy spin). What the pipeline does per command
 * beyond this is journal, engine and routing work.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DisruptorHopBenchmark
{
    private static final int BATCH = 1 << 16;
    private Disruptor<CommandSlot> disruptor;
    private RingBuffer<CommandSlot> ring;
    private final Command command = new Command().submitDeal(1, 1, 1, 1, 2, 101, 840, 100, 1_000, 20260105, DealType.DVP);
    private volatile long consumed;

    @Setup(Level.Trial)
    public void start()
    {
        disruptor = new Disruptor<>(CommandSlot::new, 1 << 14, DaemonThreadFactory.INSTANCE, ProducerType.SINGLE,
            new BusySpinWaitStrategy());
        disruptor.handleEventsWith((EventHandler<CommandSlot>)(slot, sequence, endOfBatch) ->
        {
            if (endOfBatch)
            {
                consumed = sequence + 1;
            }
        });
        ring = disruptor.start();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void hop()
    {
        long last = -1;
        for (int i = 0; i < BATCH; i++)
        {
            last = ring.next();
            ring.get(last).encode(command, 0);
            ring.publish(last);
        }
        while (consumed <= last)
        {
            Thread.onSpinWait();
        }
    }

    @TearDown(Level.Trial)
    public void stop()
    {
        disruptor.halt();
    }
}
