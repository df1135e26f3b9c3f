package io.settlement.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.EventType;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a {@link ClusterClient} matches the cluster's answers to its commands: the egress messages are
 * fed to it as the cluster sends them ({@link ClusterProtocol}), and the leader changes as Aeron tells
 * it, without a cluster (a partial answer cut by a leader change cannot be arranged on real nodes).
 */
class ClusterClientAnswersTest
{
    private static final long SESSION = 7;
    private final Heard heard = new Heard();
    private final ClusterClient client = new ClusterClient("0=localhost:1", "localhost", "/nonexistent", TimeUnit.SECONDS.toNanos(10), heard);
    private final UnsafeBuffer egress = new UnsafeBuffer(new byte[512]);

    @AfterEach
    void close()
    {
        client.close();
    }

    @Test
    void shouldAnswerEachOfTwoCommandsWithTheSameCorrelationIdWithItsOwnOutcome()
    {
        final long first = TestCluster.submit(client, SESSION, 5, TestCluster.deal(1));
        final long second = TestCluster.submit(client, SESSION, 5, TestCluster.deal(2));

        answer(second, 5, accepted(2, 502));
        answer(first, 5, accepted(1, 501));

        assertEquals(List.of(second + ": DEAL_ACCEPTED client 2 deal 502", second + ": complete",
            first + ": DEAL_ACCEPTED client 1 deal 501", first + ": complete"), heard.lines);
        assertEquals(0, client.pendingCount());
    }

    @Test
    void shouldNotGiveALateAnswerToAnEarlierSendingToANewCommandReusingItsCorrelationId()
    {
        final long first = TestCluster.submit(client, SESSION, 5, TestCluster.deal(1));
        reply(client.sendingIdOf(first), 5, accepted(1, 501)); // the first sending's answer, cut short by a leader change
        client.onNewSessionOrLeader();
        final long firstSending = client.sendingIdOf(first);
        answer(firstSending, 5, accepted(1, 501)); // the repeat's answer
        final long second = TestCluster.submit(client, SESSION, 5, TestCluster.deal(2));
        answer(first, 5, accepted(1, 501)); // the rest of the first sending's answer, late
        answer(second, 5, accepted(2, 502));

        assertEquals(List.of(first + ": DEAL_ACCEPTED client 1 deal 501", first + ": complete",
            second + ": DEAL_ACCEPTED client 2 deal 502", second + ": complete"), heard.lines);
    }

    @Test
    void shouldDeliverACommandsOutcomesOnceWhenItIsResentAfterAPartialAnswer()
    {
        final long deal = TestCluster.submit(client, SESSION, 5, TestCluster.deal(1));
        reply(deal, 5, accepted(1, 501));
        reply(deal, 5, secondOutcome(1, 501));
        client.onNewSessionOrLeader(); // the leader changed before REPLY_COMPLETE: the deal is sent again
        assertTrue(client.sendingIdOf(deal) != deal, "a new sending");
        reply(deal, 5, secondOutcome(1, 501)); // what the old leader had yet to send, late
        answer(client.sendingIdOf(deal), 5, accepted(1, 501)); // the repeat's answer: the original outcome

        assertEquals(List.of(deal + ": DEAL_ACCEPTED client 1 deal 501", deal + ": complete"), heard.lines);
        assertTrue(heard.unknown.isEmpty(), heard.unknown::toString);
    }

    @Test
    void shouldReportACommandNotSafeToRepeatCutByALeaderChangeAsUnknownOnce()
    {
        final long deposit = TestCluster.submit(client, SESSION, 6,
            new Command().deposit(TestCluster.OPS, 0, TestCluster.BANK_A, TestCluster.USD, 100));
        reply(deposit, 6, accepted(1, 501)); // part of its answer: it was sent
        client.onNewSessionOrLeader();
        answer(deposit, 6, accepted(1, 501));

        assertEquals(List.of(deposit + ": DEAL_ACCEPTED client 1 deal 501"), heard.lines, "delivered as it came, before the change");
        assertEquals(List.of(deposit), heard.unknown);
        assertEquals(0, client.pendingCount());
    }

    @Test
    void shouldReportACommandWithoutAnswerPastTheTimeOutAsUnknownAndForgetIt()
    {
        final long submittedNs = System.nanoTime();
        final long first = TestCluster.submit(client, SESSION, 5, TestCluster.deal(1));
        assertEquals(0, client.expire(submittedNs + TimeUnit.SECONDS.toNanos(5)));
        final long second = TestCluster.submit(client, SESSION, 6, TestCluster.deal(2));
        answer(second, 6, accepted(2, 502));

        assertEquals(1, client.expire(System.nanoTime() + TimeUnit.SECONDS.toNanos(10)));
        assertEquals(List.of(first), heard.unknown);
        assertEquals(0, client.pendingCount());
        answer(first, 5, accepted(1, 501)); // too late: forgotten
        assertEquals(List.of(second + ": DEAL_ACCEPTED client 2 deal 502", second + ": complete"), heard.lines);
    }

    @Test
    void shouldNotTimeOutACommandWhoseAnswerIsArriving()
    {
        // a settlement cycle (not safe to repeat: its outcomes are delivered as they come) is committed, its answer streaming
        final long cycle = TestCluster.submit(client, SESSION, 9, new Command().runSettlementCycle(TestCluster.OPS, 9));
        reply(cycle, 9, settled(501));
        reply(cycle, 9, settled(502));

        assertEquals(0, client.expire(System.nanoTime() + TimeUnit.SECONDS.toNanos(11)), "10 s after it was submitted");
        reply(cycle, 9, settled(503));
        header(ClusterProtocol.REPLY_COMPLETE, cycle, 9);
        egress.putLong(ClusterProtocol.SEQUENCE_OFFSET, 10, ClusterProtocol.ORDER);
        client.onEgress(1, egress, 0, ClusterProtocol.REPLY_COMPLETE_LENGTH);

        assertEquals(List.of(cycle + ": DEAL_SETTLED client 0 deal 501", cycle + ": DEAL_SETTLED client 0 deal 502", cycle + ": DEAL_SETTLED client 0 deal 503",
            cycle + ": complete"), heard.lines);
        assertTrue(heard.unknown.isEmpty(), heard.unknown::toString);
    }

    private static Event settled(final long dealId)
    {
        final Event event = new Event().clear().reset(EventType.DEAL_SETTLED, 10, 9, TestCluster.OPS);
        event.dealId = dealId;
        return event;
    }

    @Test
    void shouldNotDeliverARejectionForNothingPending()
    {
        final long deal = TestCluster.submit(client, SESSION, 5, TestCluster.deal(1));
        rejected(deal + 100, 5, "not a command of this build");
        rejected(0, 0, "an ingress message of 3 bytes");
        assertTrue(heard.lines.isEmpty(), heard.lines::toString);
        assertEquals(1, client.pendingCount());

        rejected(deal, 5, "a malformed command record");
        rejected(deal, 5, "a malformed command record");
        assertEquals(List.of(deal + ": rejected a malformed command record"), heard.lines);
        assertEquals(0, client.pendingCount());
    }

    @Test
    void shouldRefuseAZeroCommandTimeOut()
    {
        final IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> new ClusterClient("0=localhost:1", "localhost", "/nonexistent", 0, heard));
        assertEquals("a command time-out of 0 ns: it must be positive", refused.getMessage());
    }

    private static Event accepted(final long clientDealId, final long dealId)
    {
        final Event event = new Event().clear().reset(EventType.DEAL_ACCEPTED, 10, 5, TestCluster.BANK_A);
        event.clientDealId = clientDealId;
        event.dealId = dealId;
        return event;
    }

    private static Event secondOutcome(final long clientDealId, final long dealId)
    {
        final Event event = accepted(clientDealId, dealId);
        event.type = EventType.DEAL_REPORT;
        return event;
    }

    /** A whole answer: one REPLY and the REPLY_COMPLETE, to the sending {@code sendingId}. */
    private void answer(final long sendingId, final long correlationId, final Event outcome)
    {
        reply(sendingId, correlationId, outcome);
        header(ClusterProtocol.REPLY_COMPLETE, sendingId, correlationId);
        egress.putLong(ClusterProtocol.SEQUENCE_OFFSET, 10, ClusterProtocol.ORDER);
        client.onEgress(1, egress, 0, ClusterProtocol.REPLY_COMPLETE_LENGTH);
    }

    private void reply(final long sendingId, final long correlationId, final Event outcome)
    {
        header(ClusterProtocol.REPLY, sendingId, correlationId);
        final int length = EventCodec.encode(outcome, egress, ClusterProtocol.REPLY_HEADER_LENGTH);
        client.onEgress(1, egress, 0, ClusterProtocol.REPLY_HEADER_LENGTH + length);
    }

    private void rejected(final long sendingId, final long correlationId, final String reason)
    {
        header(ClusterProtocol.REJECTED, sendingId, correlationId);
        final int length = egress.putStringWithoutLengthAscii(ClusterProtocol.REASON_OFFSET, reason);
        client.onEgress(1, egress, 0, ClusterProtocol.REASON_OFFSET + length);
    }

    private void header(final int kind, final long sendingId, final long correlationId)
    {
        egress.putInt(ClusterProtocol.KIND_OFFSET, kind, ClusterProtocol.ORDER);
        egress.putInt(4, 0, ClusterProtocol.ORDER);
        egress.putLong(ClusterProtocol.CLIENT_SESSION_OFFSET, SESSION, ClusterProtocol.ORDER);
        egress.putLong(ClusterProtocol.CORRELATION_ID_OFFSET, correlationId, ClusterProtocol.ORDER);
        egress.putLong(ClusterProtocol.SUBMISSION_OFFSET, sendingId, ClusterProtocol.ORDER);
    }

    /** What the listener heard, a line per call, by submission id. */
    private static final class Heard implements ClusterClientListener
    {
        final List<String> lines = new ArrayList<>();
        final List<Long> unknown = new ArrayList<>();
        private final Event scratch = new Event();

        @Override
        public void onReply(
            final long submissionId, final long clientSessionId, final long correlationId, final DirectBuffer record, final int offset,
            final int length)
        {
            assertTrue(EventCodec.decode(record, offset, length, scratch));
            lines.add(submissionId + ": " + scratch.type + " client " + scratch.clientDealId + " deal " + scratch.dealId);
        }

        @Override
        public void onReplyComplete(final long submissionId, final long clientSessionId, final long correlationId, final long sequence)
        {
            lines.add(submissionId + ": complete");
        }

        @Override
        public void onPush(
            final boolean fromThisClient, final long originClientSessionId, final long buyerId, final long sellerId,
            final DirectBuffer record, final int offset, final int length)
        {
            lines.add("push");
        }

        @Override
        public void onRejected(
            final long submissionId, final long clientSessionId, final long correlationId, final String reason, final DirectBuffer command,
            final int offset, final int length)
        {
            lines.add(submissionId + ": rejected " + reason);
        }

        @Override
        public void onOutcomeUnknown(
            final long submissionId, final long clientSessionId, final long correlationId, final DirectBuffer command, final int offset,
            final int length)
        {
            unknown.add(submissionId);
        }
    }
}
