package io.settlement.engine.pipeline;

import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link SessionRouter#participants} and {@link SessionRouter#participantChanges}: what a cluster client tells the cluster it wants. */
class SessionRouterParticipantsTest
{
    private final SessionRouter router = new SessionRouter();

    @Test
    void shouldCountAChangeOnlyWhenAParticipantGainsItsFirstSessionOrLosesItsLast()
    {
        assertArrayEquals(new long[0], router.participants());
        final Session first = session(9);
        final Session again = session(9);
        final Session other = session(4);
        router.register(first);
        router.register(again);
        router.register(other);
        assertEquals(2, router.participantChanges(), "9 arrived, 4 arrived; 9's second session is no change");
        assertArrayEquals(new long[] {4, 9}, router.participants());

        router.unregister(first);
        assertEquals(2, router.participantChanges(), "9 still has a session");
        router.unregister(again);
        assertEquals(3, router.participantChanges());
        assertArrayEquals(new long[] {4}, router.participants());
        router.unregister(again); // twice: no change
        assertEquals(3, router.participantChanges());
    }

    private Session session(final long participantId)
    {
        final long sessionId = router.newSessionId();
        return new Session()
        {
            @Override
            public long sessionId()
            {
                return sessionId;
            }

            @Override
            public long participantId()
            {
                return participantId;
            }

            @Override
            public void onReply(final DirectBuffer record, final int offset, final int length)
            {
            }

            @Override
            public void onPush(final DirectBuffer record, final int offset, final int length)
            {
            }
        };
    }
}
