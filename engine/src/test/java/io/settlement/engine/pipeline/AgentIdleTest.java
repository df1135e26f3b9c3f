package io.settlement.engine.pipeline;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
