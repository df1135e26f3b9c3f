package io.settlement.engine.pipeline;

import java.util.ArrayList;
import java.util.List;

import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.EventType;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link SessionRouter#onPush}: an outcome of a command routed elsewhere (a cluster's), pushed to the parties' sessions here. */
class SessionRouterPushTest
{
    private final SessionRouter router = new SessionRouter();
    private final UnsafeBuffer record = new UnsafeBuffer(new byte[EventCodec.MAX_LENGTH]);

    @Test
    void shouldPushToEverySessionOfBothPartiesAndFlushThemAtTheEndOfTheBatch()
    {
        final Heard buyer = register(1);
        final Heard buyerAgain = register(1);
        final Heard seller = register(2);
        final Heard other = register(3);

        final int length = encode(EventType.DEAL_SETTLED, 7);
        router.onPush(0, 1, 2, record, 0, length);
        router.endOfBatch();

        assertEquals(List.of("push DEAL_SETTLED 7", "flush"), buyer.heard);
        assertEquals(List.of("push DEAL_SETTLED 7", "flush"), buyerAgain.heard);
        assertEquals(List.of("push DEAL_SETTLED 7", "flush"), seller.heard);
        assertEquals(List.of(), other.heard);
    }

    @Test
    void shouldNotPushACancelToTheSessionThatSentIt()
    {
        final Heard canceller = register(1);
        final Heard buyerAgain = register(1);
        final Heard seller = register(2);

        final int length = encode(EventType.DEAL_CANCELLED, 7);
        router.onPush(canceller.sessionId(), 1, 2, record, 0, length);

        assertEquals(List.of(), canceller.heard, "it had the cancel as its reply");
        assertEquals(List.of("push DEAL_CANCELLED 7"), buyerAgain.heard);
        assertEquals(List.of("push DEAL_CANCELLED 7"), seller.heard);
    }

    @Test
    void shouldTakeTheBusinessDateOfAPushNamingNoParty()
    {
        final Heard session = register(1);
        final Event event = new Event().clear().reset(EventType.BUSINESS_DATE_ADVANCED, 5, 0, 91);
        event.businessDate = 20260106;
        final int length = EventCodec.encode(event, record, 0);

        router.onPush(0, 0, 0, record, 0, length);

        assertEquals(20260106, router.businessDate());
        assertEquals(List.of(), session.heard);
    }

    @Test
    void shouldLeaveACommandBeingRoutedAsItWas()
    {
        final Heard operator = register(91);
        final Heard seller = register(2);
        final int settled = encode(EventType.DEAL_SETTLED, 7);
        router.onOutcome(operator.sessionId(), 0, 0, record, 0, settled); // a cycle's first outcome, to its sender
        router.onPush(operator.sessionId(), 1, 2, record, 0, settled); // its push, between its outcomes
        router.onOutcome(operator.sessionId(), 0, 0, record, 0, settled);
        router.onCommandComplete(operator.sessionId(), 3);
        router.endOfBatch();

        assertEquals(List.of("reply DEAL_SETTLED 7", "reply DEAL_SETTLED 7", "complete 3", "flush"), operator.heard);
        assertEquals(List.of("push DEAL_SETTLED 7", "flush"), seller.heard);
    }

    private int encode(final EventType type, final long dealId)
    {
        final Event event = new Event().clear().reset(type, 5, 1, 91);
        event.dealId = dealId;
        event.buyerId = 1;
        event.sellerId = 2;
        return EventCodec.encode(event, record, 0);
    }

    private Heard register(final long participantId)
    {
        final Heard session = new Heard(router.newSessionId(), participantId);
        router.register(session);
        return session;
    }

    private static final class Heard implements Session
    {
        final List<String> heard = new ArrayList<>();
        private final long sessionId;
        private final long participantId;
        private final Event event = new Event();

        Heard(final long sessionId, final long participantId)
        {
            this.sessionId = sessionId;
            this.participantId = participantId;
        }

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
            EventCodec.decode(record, offset, length, event);
            heard.add("reply " + event.type + " " + event.dealId);
        }

        @Override
        public void onReplyComplete(final long correlationId)
        {
            heard.add("complete " + correlationId);
        }

        @Override
        public void onPush(final DirectBuffer record, final int offset, final int length)
        {
            EventCodec.decode(record, offset, length, event);
            heard.add("push " + event.type + " " + event.dealId);
        }

        @Override
        public void flush()
        {
            heard.add("flush");
        }
    }
}
