package io.settlement.engine.pipeline;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The single topology's agent, idle, parks until a producer wakes it: with a park bound of an hour,
 * only {@link AgentIdle#wake} can bring it back; with work waiting it does not park at all.
 */
class AgentIdleTest
{
    private static final long HOUR_NS = TimeUnit.HOURS.toNanos(1);

    @Test
    void shouldParkAfterItsSpinsUntilAProducerWakesIt() throws Exception
    {
        final AgentIdle idle = new AgentIdle(() -> false, HOUR_NS);
        final AtomicBoolean returned = new AtomicBoolean();
        final Thread agent = new Thread(() ->
        {
            for (int i = 0; i <= AgentIdle.SPINS; i++)
            {
                idle.idle(0); // the spins, then the park
            }
            returned.set(true);
        });
        agent.setDaemon(true);
        agent.start();
        awaitParked(agent);
        assertFalse(returned.get());
        idle.wake();
        agent.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(agent.isAlive(), "the agent was not woken");
    }

    @Test
    void shouldNotParkWhileWorkWaits() throws Exception
    {
        final AgentIdle idle = new AgentIdle(() -> true, HOUR_NS);
        final Thread agent = new Thread(() ->
        {
            for (int i = 0; i <= 10 * AgentIdle.SPINS; i++)
            {
                idle.idle(0);
            }
        });
        agent.setDaemon(true);
        agent.start();
        agent.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(agent.isAlive(), "the agent parked with work waiting");
    }

    @Test
    void shouldSpinAgainAfterWork() throws Exception
    {
        final AtomicBoolean work = new AtomicBoolean();
        final AgentIdle idle = new AgentIdle(work::get, HOUR_NS);
        final Thread agent = new Thread(() ->
        {
            for (int i = 0; i < AgentIdle.SPINS; i++)
            {
                idle.idle(0);
            }
            idle.idle(1); // work done: the spins start again
            for (int i = 0; i < AgentIdle.SPINS; i++)
            {
                idle.idle(0);
            }
        });
        agent.setDaemon(true);
        agent.start();
        agent.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(agent.isAlive(), "the agent parked before its spins were over");
    }

    /** Four producers, each waking after its command; the park's bound is an hour, so one lost wake hangs the agent. */
    @Test
    void shouldLoseNoWakeAmongManyProducersWhenOnlyAWakeEndsAPark() throws Exception
    {
        final AtomicLong cursor = new AtomicLong();
        final AtomicLong consumed = new AtomicLong();
        final AgentIdle idle = new AgentIdle(() -> cursor.get() > consumed.get(), TimeUnit.HOURS.toNanos(1));
        final int producers = 4;
        final int each = 5_000;
        final long total = (long)producers * each;
        final Thread agent = new Thread(() ->
        {
            while (consumed.get() < total)
            {
                if (consumed.get() < cursor.get())
                {
                    consumed.incrementAndGet();
                    idle.idle(1);
                }
                else
                {
                    idle.idle(0);
                }
            }
        });
        agent.setDaemon(true);
        agent.start();
        final Thread[] threads = new Thread[producers];
        for (int p = 0; p < producers; p++)
        {
            final int seed = p;
            threads[p] = new Thread(() ->
            {
                final java.util.Random random = new Random(seed);
                for (int i = 0; i < each; i++)
                {
                    cursor.incrementAndGet();
                    idle.wake();
                    if (random.nextInt(8) == 0)
                    {
                        // let the agent go idle and park, often
                        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(random.nextInt(2));
                        while (System.nanoTime() < deadline)
                        {
                            Thread.onSpinWait();
                        }
                    }
                }
            });
            threads[p].setDaemon(true);
            threads[p].start();
        }
        for (final Thread t : threads)
        {
            t.join();
        }
        agent.join(TimeUnit.SECONDS.toMillis(60));
        assertTrue(!agent.isAlive(), "agent hung: consumed " + consumed.get() + " of " + total + ", state " + agent.getState());
        assertEquals(total, consumed.get());
    }

    private static void awaitParked(final Thread thread) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (thread.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        assertEquals(Thread.State.TIMED_WAITING, thread.getState());
    }
}
