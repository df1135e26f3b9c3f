package io.settlement.cluster;

import java.util.Arrays;

import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Which parties' pushes each cluster session wants (docs/cluster.md, "Pushes"): cluster state, changed only by
 * what the log brings (a WANTS ingress message, a session's close), saved in the snapshot, so the same on every
 * node and after a leader change. A session that has said nothing wants every push.
 *
 * <p>The service's thread only. Looking up allocates nothing; a WANTS (a logon or logoff at a gateway) does.
 */
final class PushWants
{
    private static final long[] NONE = new long[0];

    /** By cluster session id: the participants wanted, sorted, without repeats. */
    private final Long2ObjectHashMap<long[]> bySession = new Long2ObjectHashMap<>();

    /**
     * What a WANTS message says, replacing what the session said before: {@code count} participant ids at {@code offset}.
     */
    void replace(final long clusterSessionId, final DirectBuffer buffer, final int offset, final int count)
    {
        long[] participants = count == 0 ? NONE : new long[count];
        for (int i = 0; i < count; i++)
        {
            participants[i] = buffer.getLong(offset + i * Long.BYTES, ClusterProtocol.ORDER);
        }
        Arrays.sort(participants);
        participants = distinct(participants);
        bySession.put(clusterSessionId, participants);
    }

    /** As a snapshot holds it. */
    void put(final long clusterSessionId, final long[] participants)
    {
        final long[] sorted = participants.clone();
        Arrays.sort(sorted);
        bySession.put(clusterSessionId, distinct(sorted));
    }

    /** The session has closed. */
    void remove(final long clusterSessionId)
    {
        bySession.remove(clusterSessionId);
    }

    /** True when the session wants an event pushed to {@code buyerId} or {@code sellerId} (0: not that side). */
    boolean wants(final long clusterSessionId, final long buyerId, final long sellerId)
    {
        final long[] participants = bySession.get(clusterSessionId);
        if (participants == null)
        {
            return true; // said nothing: every push
        }
        return buyerId != 0 && Arrays.binarySearch(participants, buyerId) >= 0
            || sellerId != 0 && Arrays.binarySearch(participants, sellerId) >= 0;
    }

    /** The sessions that have said what they want, in ascending order (a snapshot is the same on every node). */
    long[] sessions()
    {
        final long[] sessions = new long[bySession.size()];
        int i = 0;
        for (final Long2ObjectHashMap<long[]>.KeyIterator keys = bySession.keySet().iterator(); keys.hasNext(); )
        {
            sessions[i++] = keys.nextLong();
        }
        Arrays.sort(sessions);
        return sessions;
    }

    /** What {@code clusterSessionId} wants, or null when it has said nothing. */
    long[] of(final long clusterSessionId)
    {
        return bySession.get(clusterSessionId);
    }

    private static long[] distinct(final long[] sorted)
    {
        int n = 0;
        for (int i = 0; i < sorted.length; i++)
        {
            if (i == 0 || sorted[i] != sorted[i - 1])
            {
                sorted[n++] = sorted[i];
            }
        }
        return n == sorted.length ? sorted : Arrays.copyOf(sorted, n);
    }
}
