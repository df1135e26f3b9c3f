package io.settlement.gateway.client;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.settlement.gateway.client.sbe.DealType;
import io.settlement.gateway.client.sbe.InstrumentKind;
import io.settlement.gateway.client.sbe.LimitKind;
import io.settlement.gateway.client.sbe.Reason;
import io.settlement.gateway.client.sbe.Role;
import io.settlement.protocol.wire.HeartbeatDecoder;
import io.settlement.protocol.wire.LogonDecoder;
import io.settlement.protocol.wire.LogonEncoder;
import io.settlement.protocol.wire.MessageHeaderDecoder;
import io.settlement.protocol.wire.MessageHeaderEncoder;
import io.settlement.protocol.wire.SubmitDealDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatewayClientTest
{
    private static final long TIMEOUT_S = 10;

    private StubGatewayServer server;
    private GatewayClient client;
    private StubGatewayServer.Connection connection;

    @BeforeEach
    void start() throws InterruptedException
    {
        server = new StubGatewayServer(null);
        client = GatewayClient.connect("127.0.0.1", server.port(), null);
        connection = server.awaitConnection();
    }

    @AfterEach
    void stop()
    {
        client.close();
        server.close();
    }

    @Test
    void logonIsAcceptedAndTheSecretIsZeroPadded() throws Exception
    {
        final Response accepted = client.logon(42, "s3cret").get(TIMEOUT_S, TimeUnit.SECONDS);

        assertEquals(Response.Type.LOGON_ACCEPTED, accepted.type());
        assertEquals(100, accepted.templateId());
        assertEquals(1, accepted.correlationId(), "the first correlation id is 1");
        assertEquals(42, accepted.participantId());
        assertEquals(Role.MEMBER, accepted.role());
        assertEquals(StubGatewayServer.BUSINESS_DATE, accepted.businessDate());
        assertEquals(0, client.pendingRequests());

        final byte[] frame = connection.frames.poll(TIMEOUT_S, TimeUnit.SECONDS);
        assertNotNull(frame);
        assertEquals(6 + 8 + LogonEncoder.BLOCK_LENGTH, frame.length);
        final LogonDecoder logon = new LogonDecoder()
            .wrapAndApplyHeader(new UnsafeBuffer(frame), 6, new MessageHeaderDecoder());
        final byte[] secret = new byte[32];
        logon.getSecret(secret, 0);
        final byte[] expected = new byte[32];
        System.arraycopy("s3cret".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, expected, 0, 6);
        assertArrayEquals(expected, secret);
    }

    @Test
    void thousandPipelinedSubmitsCompleteWithTheirOwnCorrelationIds() throws Exception
    {
        client.logon(42, "s3cret").get(TIMEOUT_S, TimeUnit.SECONDS);
        // the stub answers nothing before all 1,000 have arrived: a client waiting between sends would time out
        connection.flushEvery = 1_000;
        final int count = 1_000;
        final List<CompletableFuture<Response>> futures = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            futures.add(client.submitDeal(5_000 + i, 1, 2, 10, 20, 100 + i, 1_000 + i, 20260105, DealType.DVP));
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(TIMEOUT_S, TimeUnit.SECONDS);

        for (int i = 0; i < count; i++)
        {
            final Response r = futures.get(i).join();
            assertEquals(Response.Type.DEAL_ACCEPTED, r.type());
            assertEquals(2 + i, r.correlationId(), "logon took 1, then one id per request in order");
            assertEquals(5_000 + i, r.clientDealId());
            assertEquals(6_000 + i, r.dealId());
        }
        assertEquals(0, client.pendingRequests());

        connection.frames.take(); // the logon
        final SubmitDealDecoder submit = new SubmitDealDecoder();
        for (int i = 0; i < count; i++)
        {
            final byte[] frame = connection.frames.take();
            assertEquals(92, frame.length, "docs/protocol.md: a SubmitDeal frame is 92 bytes (75 before version 3)");
            submit.wrapAndApplyHeader(new UnsafeBuffer(frame), 6, new MessageHeaderDecoder());
            assertEquals(2 + i, submit.correlationId());
            assertEquals(5_000 + i, submit.clientDealId());
            assertEquals(100 + i, submit.quantity());
            assertEquals(1_000 + i, submit.cashAmount());
        }
    }

    @Test
    void requestsFromSeveralThreadsGetDistinctCorrelationIds() throws Exception
    {
        client.logon(42, "s3cret").get(TIMEOUT_S, TimeUnit.SECONDS);
        connection.flushEvery = 1_000;
        final int threads = 4;
        final int perThread = 250;
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        try
        {
            final List<Future<List<CompletableFuture<Response>>>> sent = new ArrayList<>();
            for (int t = 0; t < threads; t++)
            {
                final long base = 100_000L * (t + 1);
                sent.add(pool.submit(() ->
                {
                    final List<CompletableFuture<Response>> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++)
                    {
                        mine.add(client.submitDeal(base + i, 1, 2, 10, 20, 1, 1, 20260105, DealType.FOP));
                    }
                    return mine;
                }));
            }
            final Set<Long> correlationIds = new HashSet<>();
            for (int t = 0; t < threads; t++)
            {
                final List<CompletableFuture<Response>> mine = sent.get(t).get(TIMEOUT_S, TimeUnit.SECONDS);
                for (int i = 0; i < perThread; i++)
                {
                    final Response r = mine.get(i).get(TIMEOUT_S, TimeUnit.SECONDS);
                    assertEquals(100_000L * (t + 1) + i, r.clientDealId());
                    assertTrue(correlationIds.add(r.correlationId()), "duplicate correlationId " + r);
                }
            }
            assertEquals(threads * perThread, correlationIds.size());
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    @Test
    void withoutAutoFlushNothingLeavesBeforeFlush() throws Exception
    {
        client.logon(42, "s3cret").get(TIMEOUT_S, TimeUnit.SECONDS);
        final int logonBytes = connection.awaitRawBytes(62, 1_000).length;
        client.autoFlush(false);
        final List<CompletableFuture<Response>> futures = new ArrayList<>();
        for (int i = 0; i < 10; i++)
        {
            futures.add(client.queryPosition(42, i));
        }
        assertThrows(TimeoutException.class, () -> connection.awaitRawBytes(logonBytes + 1, 200));

        client.flush();
        for (int i = 0; i < 10; i++)
        {
            assertEquals(Response.Type.COMMAND_RESULT, futures.get(i).get(TIMEOUT_S, TimeUnit.SECONDS).type());
        }
        assertEquals(logonBytes + 10 * (6 + 8 + 20), connection.awaitRawBytes(logonBytes + 340, 1_000).length);
    }

    @Test
    void limitsReportGroupDecodes() throws Exception
    {
        client.logon(42, "s3cret").get(TIMEOUT_S, TimeUnit.SECONDS);
        final Response report = client.queryLimits(42).get(TIMEOUT_S, TimeUnit.SECONDS);

        assertEquals(Response.Type.LIMITS_REPORT, report.type());
        assertEquals(2, report.correlationId());
        assertEquals(42, report.participantId());
        assertEquals(List.of(StubGatewayServer.LINE_1, StubGatewayServer.LINE_2), report.limits());
    }

    @Test
    void aLockoutsReportWrittenAheadOfHeldRepliesCompletesItsOwnFuture() throws Exception
    {
        client.logon(42, "s3cret").get(TIMEOUT_S, TimeUnit.SECONDS);
        connection.flushEvery = 3; // the two deals' replies wait for a third one
        final CompletableFuture<Response> deal1 = client.submitDeal(1, 42, 43, 10, 20, 1, 100, 20260105, DealType.DVP);
        final CompletableFuture<Response> deal2 = client.submitDeal(2, 42, 43, 10, 20, 1, 100, 20260105, DealType.DVP);
        final Response report = client.queryLockouts().get(TIMEOUT_S, TimeUnit.SECONDS);

        assertEquals(Response.Type.LOCKOUTS_REPORT, report.type());
        assertEquals(4, report.correlationId());
        assertEquals(List.of(StubGatewayServer.LOCKOUT), report.lockouts());
        assertEquals(3, report.total());
        assertFalse(deal1.isDone() || deal2.isDone(), "answered ahead of the deals");

        final Response lift = client.liftAddressLockout("10.0.0.5").get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(Response.Type.COMMAND_RESULT, lift.type());
        assertEquals(31, lift.refTemplateId());
        assertEquals(1, deal1.get(TIMEOUT_S, TimeUnit.SECONDS).clientDealId());
        assertEquals(2, deal2.get(TIMEOUT_S, TimeUnit.SECONDS).clientDealId());
    }

    @Test
    void everyOtherRequestReachesTheGatewayWithItsTemplateId() throws Exception
    {
        client.logon(42, "s3cret").get(TIMEOUT_S, TimeUnit.SECONDS);
        final List<Supplier<CompletableFuture<Response>>> requests = List.of(
            () -> client.cancelDeal(1),
            () -> client.queryPosition(42, 10),
            () -> client.queryDeal(1),
            () -> client.createParticipant(43, Role.RISK, "Risk desk", "RISK"),
            () -> client.createInstrument(11, InstrumentKind.SECURITY, "ACME", "US0378331005", "Acme Corp.", 0),
            () -> client.deposit(42, 10, 100),
            () -> client.withdraw(42, 10, 100),
            () -> client.setLimit(42, LimitKind.DELIVERY, 10, 1_000),
            () -> client.advanceBusinessDate(20260103),
            () -> client.runSettlementCycle());
        final int[] templateIds = {11, 13, 14, 20, 21, 22, 23, 24, 25, 26};
        for (int i = 0; i < requests.size(); i++)
        {
            final Response r = requests.get(i).get().get(TIMEOUT_S, TimeUnit.SECONDS);
            assertEquals(Response.Type.COMMAND_RESULT, r.type());
            assertEquals(templateIds[i], r.refTemplateId());
            assertEquals(Reason.OK, r.result());
        }
    }

    @Test
    void heartbeatCompletesOnceWrittenWithoutAReply() throws Exception
    {
        client.logon(42, "s3cret").get(TIMEOUT_S, TimeUnit.SECONDS);
        assertNull(client.heartbeat().get(TIMEOUT_S, TimeUnit.SECONDS));
        assertEquals(0, client.pendingRequests());

        connection.frames.take(); // the logon
        final byte[] frame = connection.frames.poll(TIMEOUT_S, TimeUnit.SECONDS);
        assertNotNull(frame);
        assertEquals(HeartbeatDecoder.TEMPLATE_ID, new MessageHeaderDecoder().wrap(new UnsafeBuffer(frame), 6).templateId());
    }

    @Test
    void pushesReachOnPush() throws Exception
    {
        final BlockingQueue<Response> pushes = new LinkedBlockingQueue<>();
        client.onPush(r -> { throw new IllegalStateException("a failing listener does not stop the others"); });
        client.onPush(pushes::add);
        client.logon(42, "s3cret").get(TIMEOUT_S, TimeUnit.SECONDS);

        connection.pushDealSettled(77, 5, 20260105);
        final Response settled = pushes.poll(TIMEOUT_S, TimeUnit.SECONDS);

        assertNotNull(settled);
        assertEquals(Response.Type.DEAL_SETTLED, settled.type());
        assertEquals(0, settled.correlationId());
        assertEquals(77, settled.dealId());
        assertEquals(5, settled.clientDealId());
        assertEquals(20260105, settled.settlementDate());
        assertTrue(settled.isPush());
        assertTrue(client.isActive());
        assertEquals(Response.Type.LIMITS_REPORT, client.queryLimits(42).get(TIMEOUT_S, TimeUnit.SECONDS).type());
    }

    @Test
    void sessionRejectFailsPendingRequestsAndCompletesClosed() throws Exception
    {
        client.logon(42, "s3cret").get(TIMEOUT_S, TimeUnit.SECONDS);
        connection.silence(); // the requests stay pending
        final List<CompletableFuture<Response>> futures = new ArrayList<>();
        for (int i = 0; i < 5; i++)
        {
            futures.add(client.queryDeal(i));
        }
        for (int i = 0; i < 6; i++)
        {
            assertNotNull(connection.frames.poll(TIMEOUT_S, TimeUnit.SECONDS));
        }
        assertEquals(5, client.pendingRequests());

        connection.rejectAndClose(io.settlement.protocol.wire.Reason.SLOW_CONSUMER, 14);

        for (final CompletableFuture<Response> future : futures)
        {
            final ExecutionException ex = assertThrows(ExecutionException.class,
                () -> future.get(TIMEOUT_S, TimeUnit.SECONDS));
            final GatewayClosedException closedEx = assertInstanceOf(GatewayClosedException.class, ex.getCause());
            assertEquals(Reason.SLOW_CONSUMER, closedEx.reason());
            assertEquals(14, closedEx.refTemplateId());
        }
        final Response reject = client.closed().get(TIMEOUT_S, TimeUnit.SECONDS);
        assertNotNull(reject);
        assertEquals(Response.Type.SESSION_REJECT, reject.type());
        assertEquals(Reason.SLOW_CONSUMER, reject.reason());
        assertEquals(14, reject.refTemplateId());
        assertEquals(0, client.pendingRequests());
        assertFalse(client.isActive());

        final ExecutionException after = assertThrows(ExecutionException.class,
            () -> client.queryLimits(42).get(TIMEOUT_S, TimeUnit.SECONDS));
        assertEquals(Reason.SLOW_CONSUMER, assertInstanceOf(GatewayClosedException.class, after.getCause()).reason());
    }

    @Test
    void aCloseWithoutRejectFailsPendingRequestsWithoutReason() throws Exception
    {
        client.logon(42, "s3cret").get(TIMEOUT_S, TimeUnit.SECONDS);
        connection.silence();
        final CompletableFuture<Response> future = client.queryDeal(1);
        connection.frames.take();
        assertNotNull(connection.frames.poll(TIMEOUT_S, TimeUnit.SECONDS));

        connection.channel.close();

        final ExecutionException ex = assertThrows(ExecutionException.class, () -> future.get(TIMEOUT_S, TimeUnit.SECONDS));
        assertNull(assertInstanceOf(GatewayClosedException.class, ex.getCause()).reason());
        assertNull(client.closed().get(TIMEOUT_S, TimeUnit.SECONDS));
    }

    @Test
    void closingTheClientFailsPendingAndLaterRequests() throws Exception
    {
        client.logon(42, "s3cret").get(TIMEOUT_S, TimeUnit.SECONDS);
        connection.silence();
        final CompletableFuture<Response> pending = client.queryDeal(1);

        client.close();

        assertInstanceOf(GatewayClosedException.class,
            assertThrows(ExecutionException.class, () -> pending.get(TIMEOUT_S, TimeUnit.SECONDS)).getCause());
        assertInstanceOf(GatewayClosedException.class,
            assertThrows(ExecutionException.class, () -> client.queryDeal(2).get(TIMEOUT_S, TimeUnit.SECONDS)).getCause());
        assertInstanceOf(GatewayClosedException.class,
            assertThrows(ExecutionException.class, () -> client.heartbeat().get(TIMEOUT_S, TimeUnit.SECONDS)).getCause());
        assertNull(client.closed().get(TIMEOUT_S, TimeUnit.SECONDS));
        client.close(); // idempotent
    }

    @Test
    void sendRawBytesArriveVerbatimAndAnUnmatchedReplyIsPushed() throws Exception
    {
        final BlockingQueue<Response> pushes = new LinkedBlockingQueue<>();
        client.onPush(pushes::add);
        // a Logon built by hand (correlationId 999, which no pending request has), then the start of a frame
        final byte[] logon = new byte[6 + 8 + LogonEncoder.BLOCK_LENGTH];
        final UnsafeBuffer b = new UnsafeBuffer(logon);
        b.putInt(0, logon.length, ByteOrder.BIG_ENDIAN);
        b.putShort(4, (short)0xEB50, ByteOrder.BIG_ENDIAN);
        new LogonEncoder().wrapAndApplyHeader(b, 6, new MessageHeaderEncoder())
            .correlationId(999).participantId(42).secret("s3cret");
        final byte[] raw = new byte[logon.length + 40];
        System.arraycopy(logon, 0, raw, 0, logon.length);
        raw[logon.length + 2] = 1; // a 256-byte frame of which only 40 bytes are sent
        for (int i = logon.length + 4; i < raw.length; i++)
        {
            raw[i] = (byte)(i * 31);
        }

        client.sendRaw(raw);

        assertArrayEquals(raw, connection.awaitRawBytes(raw.length, TIMEOUT_S * 1_000));
        final Response accepted = pushes.poll(TIMEOUT_S, TimeUnit.SECONDS);
        assertNotNull(accepted);
        assertEquals(Response.Type.LOGON_ACCEPTED, accepted.type());
        assertEquals(999, accepted.correlationId());
        assertFalse(accepted.isPush());
    }

    @Test
    void aFrameWithAnotherEncodingTypeClosesTheConnection() throws Exception
    {
        final Throwable cause = closeByServerBytes(new byte[] {0, 0, 0, 14, (byte)0x50, (byte)0xEB, 0, 0, 100, 0, 1, 0, 1, 0});
        assertInstanceOf(CorruptedFrameException.class, cause);
    }

    @Test
    void aFrameOverTheMaximumClosesTheConnection() throws Exception
    {
        final Throwable cause = closeByServerBytes(new byte[] {0, 1, 0, 1, (byte)0xEB, (byte)0x50});
        assertInstanceOf(TooLongFrameException.class, cause);
    }

    @Test
    void aMessageShorterThanItsBlockClosesTheConnection() throws Exception
    {
        // a LogonAccepted header (block length 21) with no block
        final Throwable cause = closeByServerBytes(new byte[] {0, 0, 0, 14, (byte)0xEB, (byte)0x50, 21, 0, 100, 0, 1, 0, 1, 0});
        assertInstanceOf(CorruptedFrameException.class, cause);
    }

    /** Leaves a request pending, has the server send the bytes, returns the cause the pending request failed with. */
    private Throwable closeByServerBytes(final byte[] bytes) throws Exception
    {
        client.logon(42, "s3cret").get(TIMEOUT_S, TimeUnit.SECONDS);
        connection.silence();
        final CompletableFuture<Response> future = client.queryDeal(1);

        connection.sendBytes(bytes);

        assertNull(client.closed().get(TIMEOUT_S, TimeUnit.SECONDS));
        final ExecutionException ex = assertThrows(ExecutionException.class, () -> future.get(TIMEOUT_S, TimeUnit.SECONDS));
        final GatewayClosedException closedEx = assertInstanceOf(GatewayClosedException.class, ex.getCause());
        assertNull(closedEx.reason());
        return closedEx.getCause();
    }
}
