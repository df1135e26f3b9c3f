package io.settlement.engine.pipeline;

import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.agrona.concurrent.IdleStrategy;

/**
 * How the {@link PipelineTopology#SINGLE} topology's agent waits for work with the SLEEPING or BLOCKING
 * wait strategy: a few spins, then parked until a producer wakes it ({@link #wake}, after publishing
 * a command into the ring), at most {@link #MAX_PARK_NS} at a time. It neither yields nor wakes on a
 * timer while idle, so on two cores the gateway's event loop and the other threads have the core it
 * would have spun on; a command published into an idle pipeline wakes it at once, not at the end of a
 * timed park. A slot claimed in the ring but not yet published (its producer between the two, perhaps
 * preempted) makes it yield rather than park or spin.
 *
 * <p>No wake is lost: the agent says it parks (a volatile write), then a full fence, then looks at the
 * ring's cursor (the Disruptor's {@code Sequence.get()} is a plain read with an acquire fence, which on
 * its own may be ordered before the volatile write on a weakly ordered CPU: hence the fence); a producer
 * claims its slot (moving the cursor, a CAS: a full barrier) before it reads whether the agent parks.
 * Whichever comes second sees the other. Only the agent writes {@code parked}: every producer that sees
 * it parked unparks it ({@code unpark} is idempotent), so no producer's wake waits on another's.
 */
final class AgentIdle implements IdleStrategy
{
    /** Spins before parking: a command that comes within a few microseconds is taken without a park. */
    static final int SPINS = 100;
    /** The longest park: a bound, in case of a wake lost to an interrupt, not a poll. */
    static final long MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(1);

    /** True when there is work the agent has not taken (a command claimed in the ring beyond what it journaled). */
    private final BooleanSupplier hasWork;
    private final long maxParkNs;
    private volatile boolean parked;
    private volatile Thread agentThread;
    private int spins;

    AgentIdle(final BooleanSupplier hasWork)
    {
        this(hasWork, MAX_PARK_NS);
    }

    AgentIdle(final BooleanSupplier hasWork, final long maxParkNs)
    {
        this.hasWork = hasWork;
        this.maxParkNs = maxParkNs;
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            reset();
        }
        else
        {
            idle();
        }
    }

    @Override
    public void idle()
    {
        if (spins < SPINS)
        {
            spins++;
            Thread.onSpinWait();
            return;
        }
        if (agentThread == null)
        {
            agentThread = Thread.currentThread();
        }
        parked = true;
        VarHandle.fullFence(); // the cursor read below must not pass the write above
        if (hasWork.getAsBoolean())
        {
            Thread.yield(); // a slot claimed, not yet published: its producer may be waiting for this core
        }
        else
        {
            LockSupport.parkNanos(this, maxParkNs);
        }
        parked = false;
    }

    @Override
    public void reset()
    {
        spins = 0;
    }

    /** A producer, after publishing: unparks the agent if it parks (each producer that sees it parked does). */
    void wake()
    {
        if (parked)
        {
            LockSupport.unpark(agentThread);
        }
    }

    @Override
    public String alias()
    {
        return "agent-park-until-woken";
    }
}
