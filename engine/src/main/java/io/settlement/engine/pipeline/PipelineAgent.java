package io.settlement.engine.pipeline;

import java.util.function.Consumer;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.Sequencer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;

/**
 * The {@link PipelineTopology#SINGLE} topology: one agent does the three stages' work in turn, a
 * batch at a time. Each duty cycle takes every command waiting in the ring and
 * <ol>
 *   <li>journals them and ends the journal's batch (the group commit: an msync in the durable mode)
 *       before any of them is applied ({@link JournalStage});</li>
 *   <li>applies them, their outcomes going into the {@link OutcomeLog}, then frees their slots
 *       ({@link EngineStage});</li>
 *   <li>publishes the log: event journal, routing, end of batch (durable events, snapshot published,
 *       sessions flushed) ({@link PublishStage}).</li>
 * </ol>
 * A command whose outcomes overflow the log (a settlement cycle) has them published in chunks as
 * they are made, by this same thread, as stage 3 would read them while stage 2 writes.
 *
 * <p>Where the command journal makes a batch durable behind ({@link CommandJournal#durableBehind}: its
 * msync on a thread of the journal's own), the agent does not wait idle for it: a duty cycle journals
 * batch N+1 and starts its msync (which first waits for batch N's), then applies and publishes batch N,
 * durable by then, while N+1's msync is in flight. A cycle with nothing new to journal waits for the
 * msync in flight. Step 2 reads up to the last batch known durable, never further, so nothing is
 * applied, let alone answered, before its msync has returned.
 *
 * <p>Fail-stop as the staged pipeline: a failure while journaling applies nothing of the batch; a
 * failure while applying publishes what was applied before it (as stage 3 would have read it) and
 * nothing after; a failure while publishing delivers nothing after it. The failure is reported and
 * the agent ends.
 */
final class PipelineAgent implements Agent
{
    static final String ROLE_NAME = "settlement-pipeline";

    private final RingBuffer<CommandSlot> ring;
    private final JournalStage journalStage;
    private final EngineStage engineStage;
    private final PublishStage publishStage;
    private final Consumer<Throwable> onStartFailure;
    private final Consumer<Throwable> onFailure;
    /** Step 1 reads what producers have published; its sequence is the last ring sequence journaled. */
    private final EventPoller<CommandSlot> journalPoller;
    /** Step 2 reads what step 1 has journaled; its sequence gates the ring (its slot and those before it are free). */
    private final EventPoller<CommandSlot> applyPoller;
    private final EventPoller.Handler<CommandSlot> journalHandler;
    private final EventPoller.Handler<CommandSlot> applyHandler;
    /** The command journal makes a batch durable behind: step 2 then reads up to {@link #durable}. */
    private final boolean behind;
    /** The last ring sequence whose journal batch is durable (step 2's limit when {@link #behind}). */
    private final Sequence durable = new Sequence(Sequencer.INITIAL_CURSOR_VALUE);
    /** The last ring sequence of the last batch ended, whose msync may be in flight. */
    private long ended = Sequencer.INITIAL_CURSOR_VALUE;
    /** The ring sequence being journaled or applied (for a failure's message). */
    private long current;

    PipelineAgent(
        final RingBuffer<CommandSlot> ring, final JournalStage journalStage, final EngineStage engineStage,
        final PublishStage publishStage, final Consumer<Throwable> onStartFailure, final Consumer<Throwable> onFailure)
    {
        this.ring = ring;
        this.journalStage = journalStage;
        this.engineStage = engineStage;
        this.publishStage = publishStage;
        this.onStartFailure = onStartFailure;
        this.onFailure = onFailure;
        journalPoller = ring.newPoller();
        behind = journalStage.durableBehind();
        applyPoller = ring.newPoller(behind ? durable : journalPoller.getSequence());
        ring.addGatingSequences(applyPoller.getSequence());
        journalHandler = (slot, sequence, endOfBatch) ->
        {
            current = sequence;
            journalStage.onEvent(slot, sequence, endOfBatch); // at the end of the batch: the group commit
            return true;
        };
        applyHandler = (slot, sequence, endOfBatch) ->
        {
            current = sequence;
            engineStage.onEvent(slot, sequence, endOfBatch);
            return true;
        };
    }

    @Override
    public void onStart()
    {
        try
        {
            journalStage.onStart();
            engineStage.onStart();
            publishStage.start();
        }
        catch (final Throwable ex)
        {
            onStartFailure.accept(ex);
            throw new AgentTerminationException(ex);
        }
    }

    /**
     * One duty cycle: journal every command waiting, end the journal's batch, apply them, publish
     * their outcomes. A poller that fails leaves its sequence at the last command it handled whole;
     * the agent then ends, so nothing of a batch whose journal batch did not end is ever applied.
     */
    @Override
    public int doWork()
    {
        final long before = applyPoller.getSequence().get();
        final long journaledBefore = journalPoller.getSequence().get();
        try
        {
            journalPoller.poll(journalHandler);
            if (behind)
            {
                advanceDurable(journaledBefore);
            }
        }
        catch (final Throwable ex)
        {
            throw fail("pipeline stopped at " + ring.get(current) + ": " + ex, ex);
        }
        final long journaled = journalPoller.getSequence().get() - journaledBefore;
        try
        {
            applyPoller.poll(applyHandler);
        }
        catch (final Throwable ex)
        {
            if (publishStage.hasFailed()) // publishing a full log's chunk in the middle of a command
            {
                throw fail("pipeline stopped in the publish stage: " + ex, ex);
            }
            final IllegalStateException failure = new IllegalStateException(
                "pipeline stopped at " + ring.get(current) + ": " + ex, ex);
            try
            {
                publishStage.drain(); // what was applied before the failure, as stage 3 would have published it
            }
            catch (final Throwable publishing)
            {
                failure.addSuppressed(publishing);
            }
            throw fail(failure);
        }
        try
        {
            return (int)(journaled + applyPoller.getSequence().get() - before) + publishStage.drain();
        }
        catch (final Throwable ex)
        {
            throw fail("pipeline stopped in the publish stage: " + ex, ex);
        }
    }

    /**
     * After step 1, when the journal makes batches durable behind: a batch ended this cycle has first
     * waited for the one before, now durable; with nothing new, waits for the batch in flight.
     */
    private void advanceDurable(final long journaledBefore)
    {
        final long journaled = journalPoller.getSequence().get();
        if (journaled != journaledBefore)
        {
            durable.set(ended);
            ended = journaled;
        }
        else if (durable.get() != ended)
        {
            current = ended;
            journalStage.awaitDurable();
            durable.set(ended);
        }
    }

    private AgentTerminationException fail(final String message, final Throwable cause)
    {
        return fail(new IllegalStateException(message, cause));
    }

    /** Tells the failure handler, and ends the agent whatever the handler does (one that throws must not keep it running). */
    private AgentTerminationException fail(final IllegalStateException failure)
    {
        try
        {
            onFailure.accept(failure);
        }
        catch (final RuntimeException | Error handlerFailure)
        {
            failure.addSuppressed(handlerFailure);
        }
        return new AgentTerminationException(failure);
    }

    @Override
    public String roleName()
    {
        return ROLE_NAME;
    }

    /** The last ring sequence journaled (any thread). */
    long journaledSequence()
    {
        return journalPoller.getSequence().get();
    }

    /** The last ring sequence applied (any thread). */
    long appliedSequence()
    {
        return applyPoller.getSequence().get();
    }
}
