package io.settlement.journal;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.settlement.engine.api.Command;
import io.settlement.engine.pipeline.PipelineTopology;
import io.settlement.engine.pipeline.Publisher;
import io.settlement.engine.pipeline.Session;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acknowledged means on disk, by default: a session hears of a command only once the command
 * journal's batch holding it is msynced; the event journal's msyncs follow on a thread of their own,
 * at most one batch behind. A session registered with the node's router checks the journals'
 * counters at each answer and each flush.
 */
class DurabilityTest
{
    private static final int COMMANDS = 12;

    @TempDir
    Path dir;

    @Test
    void shouldAnswerACommandOnlyOnceItsBatchIsMsyncedByDefault() throws Exception
    {
        final JournalCounters events;
        try (SettlementNode node = SettlementNode.start(new SettlementNode.Config(dir, name -> null).log(line -> {})))
        {
            final Witness witness = sendOneByOne(node);
            assertEquals(List.of(), witness.violations);
            assertEquals(COMMANDS, witness.answered.get());
            assertTrue(node.commandJournalCounters().syncs() >= COMMANDS, "one msync per batch at least");
            assertEquals(node.commandJournalCounters().bytes(), node.commandJournalCounters().syncedBytes());
            events = node.eventJournalCounters();
        }
        assertTrue(events.syncs() >= COMMANDS, "one msync per batch at least");
        assertEquals(events.bytes(), events.syncedBytes(), "closing waits for the last msync");
    }

    @Test
    void shouldNotMsyncWhenUnsyncedIsChosen() throws Exception
    {
        final SettlementNode.Config config = new SettlementNode.Config(dir, name -> null).log(line -> {})
            .durability(Durability.UNSYNCED);
        try (SettlementNode node = SettlementNode.start(config))
        {
            final Witness witness = sendOneByOne(node);
            assertEquals(COMMANDS, witness.answered.get());
            assertTrue(node.commandJournalCounters().bytes() > 0);
            assertEquals(0, node.commandJournalCounters().syncs());
            assertEquals(0, node.eventJournalCounters().syncs());
        }
    }

    @ParameterizedTest
    @EnumSource(PipelineTopology.class)
    void shouldNotAnswerABatchWhoseMsyncFailedButStopNamingTheCause(final PipelineTopology topology) throws Exception
    {
        final List<Throwable> failures = new CopyOnWriteArrayList<>();
        final SettlementNode.Config config = new SettlementNode.Config(dir, name -> null).log(line -> {})
            .onFailure(failures::add);
        config.pipeline().topology(topology);
        try (SettlementNode node = SettlementNode.start(config))
        {
            final Witness witness = new Witness(node);
            node.router().register(witness);
            try (FailingMsync failing = FailingMsync.install())
            {
                assertEquals(Reason.OK, node.pipeline().publisher(witness.sessionId())
                    .tryPublish(new Command().createParticipant(0, 1, 1, Role.MEMBER)));
                final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (node.pipeline().failure() == null && System.nanoTime() < deadlineNs)
                {
                    Thread.sleep(1);
                }
            }
            final Throwable failure = node.pipeline().failure();
            assertNotNull(failure, "the pipeline stops");
            awaitReported(failures); // the failure is visible just before the handler is told
            assertTrue(failure.getMessage().contains("msync of the journal at " + dir.resolve("commands") + " failed"),
                failure.getMessage());
            assertTrue(failure.getMessage().contains("Invalid argument"), failure.getMessage());
            assertEquals(List.of(failure), failures, "reported once, to the node's failure handler");
            assertEquals(0, witness.answered.get(), "the command is not acknowledged");
            assertEquals(0, witness.flushed.get());
            assertEquals(0, node.commandJournalCounters().syncs());
            assertEquals(0, node.eventJournalCounters().bytes(), "nothing of the batch applied");
        }
    }

    /** Returns once {@code failures} holds a report, or after 10 s. */
    static void awaitReported(final List<Throwable> failures) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (failures.isEmpty() && System.nanoTime() < deadlineNs)
        {
            Thread.sleep(1);
        }
    }

    /** Sends each command once the one before it is answered, so that each batch holds one command. */
    private static Witness sendOneByOne(final SettlementNode node) throws InterruptedException
    {
        final Witness witness = new Witness(node);
        node.router().register(witness);
        final Publisher publisher = node.pipeline().publisher(witness.sessionId());
        final Command command = new Command();
        for (int i = 1; i <= COMMANDS; i++)
        {
            assertEquals(Reason.OK, publisher.tryPublish(command.createParticipant(0, i, i, Role.MEMBER)));
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (witness.flushed.get() < i && System.nanoTime() < deadlineNs)
            {
                Thread.sleep(1);
            }
            assertEquals(i, witness.flushed.get(), "command " + i + " answered and flushed");
        }
        node.router().unregister(witness);
        return witness;
    }

    /** Looks at the journals' counters as each answer is delivered (on the publish thread). */
    private static final class Witness implements Session
    {
        private final SettlementNode node;
        private final long sessionId;
        final List<String> violations = new CopyOnWriteArrayList<>();
        final AtomicInteger answered = new AtomicInteger();
        final AtomicInteger flushed = new AtomicInteger();
        /** The event journal's bytes when the previous batch was flushed (the publishing thread only). */
        private long eventBytesAtLastFlush;

        Witness(final SettlementNode node)
        {
            this.node = node;
            this.sessionId = node.router().newSessionId();
        }

        @Override
        public long sessionId()
        {
            return sessionId;
        }

        @Override
        public long participantId()
        {
            return 0;
        }

        @Override
        public void onReply(final DirectBuffer record, final int offset, final int length)
        {
        }

        @Override
        public void onReplyComplete(final long correlationId)
        {
            final JournalCounters commands = node.commandJournalCounters();
            final long written = commands.bytes();
            final long synced = commands.syncedBytes();
            if (written == 0 || synced != written)
            {
                violations.add("command " + correlationId + " answered with " + synced + " of the " + written
                    + " command journal bytes msynced");
            }
            answered.incrementAndGet();
        }

        @Override
        public void onPush(final DirectBuffer record, final int offset, final int length)
        {
        }

        @Override
        public void flush()
        {
            final JournalCounters events = node.eventJournalCounters();
            if (events.bytes() == 0 || events.syncedBytes() < eventBytesAtLastFlush)
            {
                violations.add("session flushed with " + events.syncedBytes() + " event journal bytes msynced, "
                    + "more than a batch behind the " + eventBytesAtLastFlush + " written by the previous batch");
            }
            eventBytesAtLastFlush = events.bytes();
            flushed.incrementAndGet();
        }
    }
}
