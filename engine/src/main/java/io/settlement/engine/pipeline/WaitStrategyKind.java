package io.settlement.engine.pipeline;

import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

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

    /**
     * True for BLOCKING and SLEEPING: the single topology's agent then parks until a producer wakes it
     * ({@link AgentIdle}) rather than back off on a timer; YIELDING and BUSY_SPIN keep their spinning.
     */
    public boolean parksUntilWoken()
    {
        return this == BLOCKING || this == SLEEPING;
    }

    /**
     * The same habit for a thread polling the outcome log (stage 3 waiting for outcomes, stage 2
     * waiting for room). BLOCKING has no one to wake it there: it backs off to parking 1 ms, so an
     * idle publish stage notices new outcomes within about a millisecond.
     */
    public IdleStrategy idleStrategy()
    {
        switch (this)
        {
            case SLEEPING: return new BackoffIdleStrategy(100, 100, TimeUnit.MICROSECONDS.toNanos(100), TimeUnit.MICROSECONDS.toNanos(100));
            case YIELDING: return new YieldingIdleStrategy();
            case BUSY_SPIN: return new BusySpinIdleStrategy();
            case BLOCKING:
            default: return new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(10), TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
