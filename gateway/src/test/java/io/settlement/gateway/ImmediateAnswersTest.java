package io.settlement.gateway;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import io.settlement.engine.SettlementEngine;
import io.settlement.engine.pipeline.CommandJournal;
import io.settlement.engine.pipeline.SessionRouter;
import io.settlement.engine.pipeline.SettlementPipeline;
import io.settlement.protocol.wire.DealRejectedDecoder;
import io.settlement.protocol.wire.LogonAcceptedDecoder;
import io.settlement.protocol.wire.MessageHeaderDecoder;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The answers the gateway gives at once (here BUSY: the ring is full, its journal stage held) are gathered
 * over a read of the socket and written together at its end: every one arrives, in the order of its
 * request, after the LogonAccepted of a logon sent in the same write; the requests the ring took are
 * answered once it moves, each once.
 */
class ImmediateAnswersTest
{
    private static final long MEMBER = 1;
    private static final int DEALS = 300;

    @Test
    void shouldAnswerABurstRefusedBusyInFullAndInOrderAfterTheLogonInTheSameWrite() throws Exception
    {
        final CountDownLatch journalHeld = new CountDownLatch(1);
        final CommandJournal stalled = (record, offset, length) ->
        {
            try
            {
                journalHeld.await();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        };
        final SessionRouter router = new SessionRouter();
        final SettlementPipeline pipeline = new SettlementPipeline(new SettlementEngine(),
            new SettlementPipeline.Context().ringSize(16).commandJournal(stalled).router(router));
        final Credentials credentials = new Credentials();
        credentials.addSecret(MEMBER, Role.MEMBER, "secret-1");
        final GatewayServer server = GatewayServer.start(pipeline, router, new GatewayConfig().host("127.0.0.1").port(0)
            .credentials(credentials).securityLog(line -> {}));
        try (RawSession raw = new RawSession(server.port()))
        {
            final ByteArrayOutputStream write = new ByteArrayOutputStream();
            write.writeBytes(FrameFactory.logon(MEMBER, "secret-1"));
            for (int i = 1; i <= DEALS; i++)
            {
                write.writeBytes(FrameFactory.submitDeal(i, i, MEMBER, 2, 10, 840, 1, 100, 20260105));
            }
            raw.send(write.toByteArray());

            assertEquals(LogonAcceptedDecoder.TEMPLATE_ID, RawSession.templateId(raw.next()), "the logon's answer first");
            // while the journal is held, only BUSY refusals can come: the last request is one of them
            final List<Long> refused = new ArrayList<>();
            long last = 0;
            while (last != DEALS)
            {
                final UnsafeBuffer frame = raw.next();
                assertNotNull(frame, "end of stream after " + refused.size() + " BUSY answers, the last for request " + last);
                final DealRejectedDecoder rejected = rejected(frame);
                assertEquals(Reason.BUSY, rejected.reason(), "request " + rejected.correlationId());
                assertTrue(rejected.correlationId() > last, "request " + rejected.correlationId() + " answered after " + last);
                last = rejected.correlationId();
                refused.add(last);
            }
            final Set<Long> taken = new HashSet<>();
            for (long i = 1; i <= DEALS; i++)
            {
                taken.add(i);
            }
            refused.forEach(taken::remove);
            assertTrue(!taken.isEmpty() && taken.size() < DEALS, taken.size() + " requests taken by the ring");

            journalHeld.countDown();
            // the ring's requests, answered by the pipeline (the engine knows no participant: refused, not BUSY)
            final int toAnswer = taken.size();
            for (int answered = 0; answered < toAnswer; answered++)
            {
                final UnsafeBuffer frame = raw.next();
                assertNotNull(frame, "end of stream after " + answered + " of " + toAnswer + " answers from the pipeline");
                final DealRejectedDecoder rejected = rejected(frame);
                assertNotEquals(Reason.BUSY, rejected.reason(), "request " + rejected.correlationId());
                assertTrue(taken.contains(rejected.correlationId()), "request " + rejected.correlationId() + " answered twice");
                taken.remove(rejected.correlationId());
            }
            assertTrue(taken.isEmpty(), "requests taken by the ring and never answered: " + taken);
        }
        finally
        {
            journalHeld.countDown();
            server.close();
            pipeline.close();
        }
    }

    private static DealRejectedDecoder rejected(final UnsafeBuffer frame)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(frame, Frames.SOFH_LENGTH);
        assertEquals(DealRejectedDecoder.TEMPLATE_ID, header.templateId(), "a DealRejected");
        return new DealRejectedDecoder().wrap(frame, Frames.HEADER_LENGTH, header.blockLength(), header.version());
    }
}
