package io.settlement.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.EventType;
import io.settlement.engine.pipeline.Session;
import io.settlement.engine.pipeline.SessionRouter;
import io.settlement.protocol.wire.Reason;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a gateway session hears when the cluster client gives the intake no answer: the answers are fed to the intake
 * as its cluster client gives them (no nodes: a REJECTED cannot be had from real nodes of this build for a command the
 * gateway took).
 */
class ClusterIntakeAnswersTest
{
    private static final long SESSION = 3;

    @TempDir
    Path dir;

    @Test
    void shouldAnswerACommandTheClusterRefusedWithItsReasonNotUnavailable() throws Exception
    {
        final List<Event> heard = new CopyOnWriteArrayList<>();
        final SessionRouter router = new SessionRouter();
        router.register(session(heard));
        final ClusterIntake intake = new ClusterIntake("0=localhost:1", "localhost", dir.resolve("aeron").toString(), true,
            ClusterClient.DEFAULT_COMMAND_TIMEOUT_NS, router);
        intake.close(); // its thread stopped: the answers below are fed on this one

        final UnsafeBuffer record = new UnsafeBuffer(new byte[CommandCodec.MAX_LENGTH]);
        final Command deal = TestCluster.deal(42);
        deal.correlationId = 7;
        int length = CommandCodec.encode(deal, record, 0);
        intake.routing().onRejected(1, SESSION, 7, ClusterClient.rejectedReason(Reason.INVALID_FIELD.value()),
            "not a command of this build", record, 0, length);
        final Command deposit = new Command().deposit(TestCluster.OPS, 8, TestCluster.BANK_A, TestCluster.USD, 100);
        length = CommandCodec.encode(deposit, record, 0);
        // a session reason, or a code this build does not know, is no outcome: INVALID_FIELD
        intake.routing().onRejected(2, SESSION, 8, ClusterClient.rejectedReason(Reason.UNKNOWN_TEMPLATE.value()),
            "a malformed command record", record, 0, length);
        intake.routing().onOutcomeUnknown(3, SESSION, 8, record, 0, length);

        assertEquals(3, heard.size(), heard::toString);
        assertEquals(Reason.INVALID_FIELD, ClusterClient.rejectedReason(0));
        assertEquals(Reason.INVALID_FIELD, ClusterClient.rejectedReason(250));
        assertEquals(Reason.UNKNOWN_DEAL, ClusterClient.rejectedReason(Reason.UNKNOWN_DEAL.value()));
        assertEquals(EventType.DEAL_REJECTED, heard.get(0).type);
        assertEquals(42, heard.get(0).clientDealId);
        assertEquals(Reason.INVALID_FIELD, heard.get(0).reason, "a refusal that will never succeed, not UNAVAILABLE");
        assertEquals(EventType.COMMAND_RESULT, heard.get(1).type);
        assertEquals(Reason.INVALID_FIELD, heard.get(1).reason);
        assertEquals(Reason.UNAVAILABLE, heard.get(2).reason, "an outcome unknown stays UNAVAILABLE");
    }

    private static Session session(final List<Event> heard)
    {
        return new Session()
        {
            @Override
            public long sessionId()
            {
                return SESSION;
            }

            @Override
            public long participantId()
            {
                return TestCluster.OPS;
            }

            @Override
            public void onReply(final DirectBuffer record, final int offset, final int length)
            {
                final Event event = new Event();
                if (!EventCodec.decodeChecked(record, offset, event))
                {
                    throw new AssertionError("an undecodable answer");
                }
                heard.add(event);
            }

            @Override
            public void onPush(final DirectBuffer record, final int offset, final int length)
            {
            }
        };
    }
}
