package io.settlement.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.EventType;
import org.agrona.DirectBuffer;

/** What a test's {@link ClusterClient} heard: answers by correlation id, accepted deals, pushes. */
final class Answers implements ClusterClientListener
{
    final Map<Long, List<Event>> replies = new HashMap<>();
    final Set<Long> completed = new HashSet<>();
    /** clientDealId to dealId of every DEAL_ACCEPTED answered (complete). */
    final Map<Long, Long> acceptedDeals = new HashMap<>();
    final List<String> rejected = new ArrayList<>();
    final List<Long> unknown = new ArrayList<>();
    /** The highest command sequence answered. */
    long highestSequence;
    long pushes;
    /** Pushes of events of this client's own commands that named both parties of a settled deal. */
    final List<Event> pushedSettlements = new ArrayList<>();
    /** Pushes of DEAL_SETTLED events of other clients' commands. */
    long othersSettlementsPushed;
    /** The client these answers come through (to tell which member answered). */
    ClusterClient client;
    /** A member just killed: {@link #firstAnswerAfterKillNs} is the time of the first answer from another leader. */
    int killedLeader = -1;
    long firstAnswerAfterKillNs;
    long connections;
    private final Event scratch = new Event();

    @Override
    public void onReply(final long submissionId, final long clientSessionId, final long correlationId, final DirectBuffer record, final int offset, final int length)
    {
        if (!EventCodec.decode(record, offset, length, scratch))
        {
            throw new AssertionError("an undecodable reply to " + correlationId);
        }
        replies.computeIfAbsent(correlationId, k -> new ArrayList<>()).add(new Event().copyFrom(scratch));
    }

    @Override
    public void onReplyComplete(final long submissionId, final long clientSessionId, final long correlationId, final long sequence)
    {
        completed.add(correlationId);
        highestSequence = Math.max(highestSequence, sequence);
        if (killedLeader >= 0 && firstAnswerAfterKillNs == 0 && client.leaderMemberId() >= 0 && client.leaderMemberId() != killedLeader)
        {
            firstAnswerAfterKillNs = System.nanoTime();
        }
        for (final Event event : replies.getOrDefault(correlationId, List.of()))
        {
            if (event.type == EventType.DEAL_ACCEPTED)
            {
                acceptedDeals.put(event.clientDealId, event.dealId);
            }
        }
    }

    @Override
    public void onPush(
        final boolean fromThisClient, final long originClientSessionId, final long buyerId, final long sellerId,
        final DirectBuffer record, final int offset, final int length)
    {
        pushes++;
        if (!EventCodec.decode(record, offset, length, scratch))
        {
            throw new AssertionError("an undecodable push");
        }
        if (fromThisClient && scratch.type == EventType.DEAL_SETTLED && buyerId == scratch.buyerId && sellerId == scratch.sellerId)
        {
            pushedSettlements.add(new Event().copyFrom(scratch));
        }
        if (!fromThisClient && scratch.type == EventType.DEAL_SETTLED)
        {
            othersSettlementsPushed++;
        }
    }

    @Override
    public void onRejected(
        final long submissionId, final long clientSessionId, final long correlationId, final String reason, final DirectBuffer command,
        final int offset, final int length)
    {
        rejected.add(correlationId + ": " + reason);
    }

    @Override
    public void onOutcomeUnknown(
        final long submissionId, final long clientSessionId, final long correlationId, final DirectBuffer command, final int offset,
        final int length)
    {
        unknown.add(correlationId);
    }

    @Override
    public void onConnected(final long clusterSessionId, final int leaderMemberId)
    {
        connections++;
    }

    Event first(final long correlationId)
    {
        final List<Event> events = replies.get(correlationId);
        return events == null || events.isEmpty() ? null : events.get(0);
    }
}
