package io.settlement.cluster;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.settlement.engine.api.Command;
import io.settlement.engine.pipeline.CommandPublisher;
import io.settlement.engine.pipeline.Session;
import io.settlement.engine.pipeline.SessionRouter;
import io.settlement.protocol.wire.Reason;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A command's time-out runs from when its session published it, not from when the intake's thread handed it to the
 * cluster client: commands the intake took while it still took itself for connected (every node gone, Aeron not told
 * yet) wait in its queue while 4,096 are pending in the client. Each batch of 4,096 was answered UNAVAILABLE a
 * time-out after it left the queue, so the last one published waited four time-outs (7.96 s for a 2 s time-out).
 */
class ClusterIntakeTimeOutTest
{
    private static final int COMMANDS = 16_000;
    private static final long TIMEOUT_MS = 2_000;

    @TempDir
    Path dir;

    @Test
    void shouldAnswerEveryQueuedCommandWithinAboutTheTimeOutOfItsPublish() throws Exception
    {
        final long[] publishedNs = new long[COMMANDS + 1];
        final long[] answeredNs = new long[COMMANDS + 1];
        final AtomicInteger answered = new AtomicInteger();
        try (TestCluster cluster = new TestCluster(dir))
        {
            cluster.startAll();
            final SessionRouter router = new SessionRouter();
            try (ClusterIntake intake = new ClusterIntake(cluster.ingressEndpoints(), "localhost", cluster.clientAeronDirectory(), false,
                TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS), router))
            {
                TestCluster.await(intake::isAccepting, 120_000, () -> "no leader");
                final long sessionId = router.newSessionId();
                router.register(new Session()
                {
                    @Override
                    public long sessionId()
                    {
                        return sessionId;
                    }

                    @Override
                    public long participantId()
                    {
                        return TestCluster.OPS;
                    }

                    @Override
                    public void onReply(final DirectBuffer record, final int offset, final int length)
                    {
                    }

                    @Override
                    public void onReplyComplete(final long correlationId)
                    {
                        answeredNs[(int)correlationId] = System.nanoTime();
                        answered.incrementAndGet();
                    }

                    @Override
                    public void onPush(final DirectBuffer record, final int offset, final int length)
                    {
                    }
                });
                final CommandPublisher publisher = intake.publisher(sessionId);
                for (final NodeProcess node : cluster.nodes)
                {
                    node.kill(); // every node: no answer will come; the client does not know yet
                }
                int taken = 0;
                for (int i = 1; i <= COMMANDS; i++)
                {
                    final Command deposit = new Command().deposit(TestCluster.OPS, i, TestCluster.BANK_A, TestCluster.USD, 100);
                    publishedNs[i] = System.nanoTime();
                    final Reason reason = publisher.tryPublish(deposit);
                    if (reason == Reason.OK)
                    {
                        taken++;
                    }
                    else
                    {
                        answeredNs[i] = publishedNs[i]; // refused at once
                    }
                }
                System.out.println("taken by the intake: " + taken + " of " + COMMANDS);
                final int expected = taken;
                TestCluster.await(() -> answered.get() >= expected, 120_000, () -> answered.get() + " of " + expected + " answered");
                long worstMs = 0;
                int worst = 0;
                for (int i = 1; i <= COMMANDS; i++)
                {
                    final long waitedMs = TimeUnit.NANOSECONDS.toMillis(answeredNs[i] - publishedNs[i]);
                    if (waitedMs > worstMs)
                    {
                        worstMs = waitedMs;
                        worst = i;
                    }
                }
                System.out.println("time-out " + TIMEOUT_MS + " ms; longest wait for an answer: " + worstMs + " ms (command " + worst + ")");
                assertTrue(taken > ClusterIntake.MAX_PENDING, "the intake took more than the client holds: " + taken);
                assertEquals(expected, answered.get());
                assertTrue(worstMs < 2 * TIMEOUT_MS, "command " + worst + " waited " + worstMs + " ms for its answer, the time-out is "
                    + TIMEOUT_MS + " ms");
            }
        }
    }
}
