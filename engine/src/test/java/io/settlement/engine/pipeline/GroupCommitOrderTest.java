package io.settlement.engine.pipeline;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Group commit, in whichever topology runs: no command is answered before the command journal has
 * ended the batch that holds it (made it durable), and no session is flushed before the event
 * journal has ended the batch of the outcomes flushed. Journals and router here record what they
 * are told, in the order they are told it, while two producers keep the ring busy (so that
 * batches hold many commands). A command journal that makes its batches durable behind (on a thread
 * of its own, as a synced node's does) must hold back what is applied in either topology.
 */
class GroupCommitOrderTest
{
    private static final int PRODUCERS = 2;
    private static final int COMMANDS_EACH = 3_000;

    @Test
    void shouldAnswerNothingBeforeItsBatchIsDurableInEitherJournal() throws Exception
    {
        final AtomicLong commandsAppended = new AtomicLong();
        final AtomicLong commandsDurable = new AtomicLong();
        final AtomicLong commandBatches = new AtomicLong();
        final CommandJournal commands = new CommandJournal()
        {
            @Override
            public void append(final DirectBuffer record, final int offset, final int length)
            {
                commandsAppended.incrementAndGet();
            }

            @Override
            public void endOfBatch()
            {
                commandsDurable.set(commandsAppended.get());
                commandBatches.incrementAndGet();
            }
        };
        runAndCheck(new SettlementPipeline.Context(), commands, commandsDurable);
    }

    @ParameterizedTest
    @EnumSource(PipelineTopology.class)
    void shouldApplyNothingBeforeItsBatchIsDurableWhenTheJournalMakesItDurableBehind(final PipelineTopology topology)
        throws Exception
    {
        try (BehindJournal commands = new BehindJournal())
        {
            runAndCheck(new SettlementPipeline.Context().topology(topology), commands, commands.durable);
            assertEquals(commands.appended.get(), commands.durable.get());
        }
    }

    /** Makes each batch durable a while after its end, on a thread of its own, one batch at a time. */
    private static final class BehindJournal implements CommandJournal, AutoCloseable
    {
        final AtomicLong appended = new AtomicLong();
        final AtomicLong durable = new AtomicLong();
        private final ExecutorService syncer = Executors.newSingleThreadExecutor();
        private Future<?> inFlight;

        @Override
        public void append(final DirectBuffer record, final int offset, final int length)
        {
            appended.incrementAndGet();
        }

        @Override
        public void endOfBatch()
        {
            awaitDurable();
            final long target = appended.get();
            inFlight = syncer.submit(() ->
            {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200)); // the msync
                durable.set(target);
            });
        }

        @Override
        public boolean durableBehind()
        {
            return true;
        }

        @Override
        public void awaitDurable()
        {
            try
            {
                if (inFlight != null)
                {
                    inFlight.get();
                }
            }
            catch (final InterruptedException | ExecutionException ex)
            {
                throw new IllegalStateException(ex);
            }
        }

        @Override
        public void close()
        {
            syncer.shutdownNow();
        }
    }

    private static void runAndCheck(
        final SettlementPipeline.Context context, final CommandJournal commands, final AtomicLong commandsDurable)
        throws Exception
    {
        final AtomicLong eventsAppended = new AtomicLong();
        final AtomicLong eventsDurable = new AtomicLong();
        final AtomicLong answered = new AtomicLong();
        final List<String> violations = new CopyOnWriteArrayList<>();
        final EventJournal events = new EventJournal()
        {
            @Override
            public void append(final DirectBuffer buffer, final int offset, final int length)
            {
                eventsAppended.incrementAndGet();
            }

            @Override
            public void endOfBatch()
            {
                eventsDurable.set(eventsAppended.get());
            }
        };
        final OutcomeRouter router = new OutcomeRouter()
        {
            @Override
            public void onOutcome(
                final long sessionId, final long buyerId, final long sellerId, final DirectBuffer buffer, final int offset, final int length)
            {
            }

            @Override
            public void onCommandComplete(final long sessionId, final long correlationId)
            {
                final long n = answered.incrementAndGet(); // every command here is journaled: the n-th answered is the n-th journaled
                if (commandsDurable.get() < n)
                {
                    violations.add("command " + n + " answered with " + commandsDurable.get() + " commands durable");
                }
            }

            @Override
            public void endOfBatch()
            {
                if (eventsDurable.get() != eventsAppended.get())
                {
                    violations.add("sessions flushed with " + eventsDurable.get() + " of " + eventsAppended.get() + " events durable");
                }
            }
        };
        final SettlementPipeline pipeline = new SettlementPipeline(new SettlementEngine(), context
            .ringSize(1024).commandJournal(commands).eventJournal(events).router(router));
        final Thread[] producers = new Thread[PRODUCERS];
        for (int p = 0; p < PRODUCERS; p++)
        {
            final Publisher publisher = pipeline.publisher(p + 1);
            final long firstId = 1 + (long)p * COMMANDS_EACH;
            producers[p] = new Thread(() ->
            {
                final Command command = new Command();
                for (long id = firstId; id < firstId + COMMANDS_EACH; id++)
                {
                    while (publisher.tryPublish(command.createParticipant(0, id, id, Role.MEMBER)) == Reason.BUSY)
                    {
                        Thread.onSpinWait();
                    }
                }
            });
            producers[p].start();
        }
        for (final Thread producer : producers)
        {
            producer.join(TimeUnit.SECONDS.toMillis(30));
        }
        pipeline.close();

        assertEquals(List.of(), violations);
        assertEquals(PRODUCERS * COMMANDS_EACH, answered.get());
        assertEquals(PRODUCERS * COMMANDS_EACH, commandsDurable.get());
        assertEquals(eventsAppended.get(), eventsDurable.get());
        assertEquals(PRODUCERS * COMMANDS_EACH, pipeline.engine().lastSequence());
    }
}
