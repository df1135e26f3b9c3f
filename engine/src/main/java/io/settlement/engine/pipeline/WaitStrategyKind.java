package io.settlement.engine.pipeline;

import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

/**
 * How the pipeline's stage threads wait for work. Three stage threads plus producers share the
 * machine: on few cores (2 here) BLOCKING or SLEEPING behave; YIELDING gave the highest pipeline
 * throughput in perf-results but keeps every stage thread runnable even when idle, and BUSY_SPIN needs
 * a core per stage.
 */
public enum WaitStrategyKind
{
    /** Lock and condition: no CPU when idle, a wake-up costs microseconds. */
    BLOCKING,
    /** Spin, then yield, then park 100 us: low latency under load, little CPU when idle. The default. */
    SLEEPING,
    /** Spin then yield: lowest latency, burns a core per stage. */
    YIELDING,
    /** Spin only: for machines with a core per stage and nothing else to run. */
    BUSY_SPIN;

    public WaitStrategy create()
    {
        switch (this)
        {
            case SLEEPING: return new SleepingWaitStrategy(200, TimeUnit.MICROSECONDS.toNanos(100));
            case YIELDING: return new YieldingWaitStrategy();
            case BUSY_SPIN: return new BusySpinWaitStrategy();
            case BLOCKING:
            default: return new BlockingWaitStrategy();
        }
    }
}
