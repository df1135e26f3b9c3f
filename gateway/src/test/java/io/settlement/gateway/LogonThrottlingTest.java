package io.settlement.gateway;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.settlement.protocol.wire.LockoutKind;
import io.settlement.protocol.wire.LockoutsReportDecoder;
import io.settlement.protocol.wire.LogonAcceptedDecoder;
import io.settlement.protocol.wire.PositionReportDecoder;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.settlement.gateway.GatewayFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failed logons throttled per participant id and per remote address, over TCP; the operator sees and
 * lifts lockouts; a flood of wrong secrets leaves other sessions answered (issue 9 item 6). Clients
 * connect from several loopback addresses (127.0.0.x) to be told apart.
 */
class LogonThrottlingTest
{
    private static final long T0 = 1_800_000_000_000L;

    private final AtomicLong clock = new AtomicLong(T0);
    private final List<String> log = new CopyOnWriteArrayList<>();

    private GatewayConfig config()
    {
        return new GatewayConfig().logonMaxFailures(3).logonBackoffMs(60_000).clockMs(clock::get).securityLog(log::add);
    }

    @Test
    void shouldThrottleAfterFailuresEvenWithTheRightSecretUntilLiftedOrExpired() throws Exception
    {
        try (GatewayFixture f = new GatewayFixture(config()))
        {
            final int port = f.server.port();
            for (int i = 0; i < 3; i++)
            {
                assertEquals(Reason.BAD_CREDENTIALS, logon(port, "127.0.0.2", BANK_A, "wrong-" + i));
            }
            assertEquals(Reason.LOGON_THROTTLED, logon(port, "127.0.0.3", BANK_A, secret(BANK_A)),
                "the right secret, from another address, while participant 1 is locked out");
            assertEquals(Reason.LOGON_THROTTLED, logon(port, "127.0.0.2", BANK_B, secret(BANK_B)),
                "another participant from the locked address");
            assertEquals(Reason.OK, logon(port, "127.0.0.3", BANK_B, secret(BANK_B)), "neither locked");

            try (RawSession operator = new RawSession(port))
            {
                operator.send(FrameFactory.logon(OPS, secret(OPS)));
                assertEquals(LogonAcceptedDecoder.TEMPLATE_ID, RawSession.templateId(operator.next()));
                operator.send(FrameFactory.queryLockouts(5));
                final UnsafeBuffer report = operator.next();
                assertEquals(LockoutsReportDecoder.TEMPLATE_ID, RawSession.templateId(report));
                final LockoutsReportDecoder lockouts = new LockoutsReportDecoder()
                    .wrap(report, Frames.HEADER_LENGTH, LockoutsReportDecoder.BLOCK_LENGTH, 1);
                assertEquals(5, lockouts.correlationId());
                assertEquals(2, lockouts.total());
                final LockoutsReportDecoder.LockoutsDecoder lines = lockouts.lockouts();
                assertEquals(2, lines.count());
                lines.next();
                assertEquals(LockoutKind.PARTICIPANT, lines.kind());
                assertEquals(BANK_A, lines.participantId());
                assertEquals(3, lines.failures());
                assertEquals(T0 + 60_000, lines.lockedUntil());
                lines.next();
                assertEquals(LockoutKind.ADDRESS, lines.kind());
                assertEquals("127.0.0.2", lines.address());

                operator.send(FrameFactory.liftLockout(6, LockoutKind.PARTICIPANT, BANK_A, ""));
                assertEquals(Reason.OK, RawSession.reason(operator.next()));
                operator.send(FrameFactory.liftLockout(7, LockoutKind.PARTICIPANT, BANK_A, ""));
                assertEquals(Reason.NO_SUCH_LOCKOUT, RawSession.reason(operator.next()));
                operator.send(FrameFactory.liftLockout(8, LockoutKind.ADDRESS, 0, "not-an-address"));
                assertEquals(Reason.INVALID_FIELD, RawSession.reason(operator.next()));
            }
            assertEquals(Reason.OK, logon(port, "127.0.0.3", BANK_A, secret(BANK_A)), "lifted by the operator");
            assertEquals(Reason.LOGON_THROTTLED, logon(port, "127.0.0.2", BANK_B, secret(BANK_B)), "the address is still locked");

            clock.set(T0 + 60_000);
            assertEquals(Reason.OK, logon(port, "127.0.0.2", BANK_B, secret(BANK_B)), "the backoff has passed");

            assertTrue(log.contains("failed logon for participant 1 from 127.0.0.2: BAD_CREDENTIALS"), log.toString());
            assertTrue(log.contains("lockout of participant 1 after 3 consecutive failed logons, until "
                + SecurityEvents.time(T0 + 60_000)), log.toString());
            assertTrue(log.contains("throttled logon for participant 1 from 127.0.0.3: participant 1 locked out until "
                + SecurityEvents.time(T0 + 60_000)), log.toString());
            assertTrue(log.contains("lockout lifted for participant 1 by operator 91 from 127.0.0.1"), log.toString());
            assertTrue(log.stream().anyMatch(line -> line.startsWith("logon for participant 1 from 127.0.0.3 (MEMBER, port ")),
                log.toString());
        }
    }

    @Test
    void shouldAnswerLockoutRequestsOnlyForAnOperator() throws Exception
    {
        try (GatewayFixture f = new GatewayFixture(config()))
        {
            try (RawSession auditor = new RawSession(f.server.port()))
            {
                auditor.send(FrameFactory.logon(AUDIT, secret(AUDIT)));
                assertEquals(LogonAcceptedDecoder.TEMPLATE_ID, RawSession.templateId(auditor.next()));
                auditor.send(FrameFactory.queryLockouts(1));
                assertEquals(Reason.NOT_AUTHORISED, RawSession.reason(auditor.next()));
                auditor.send(FrameFactory.liftLockout(2, LockoutKind.ADDRESS, 0, "127.0.0.1"));
                assertEquals(Reason.NOT_AUTHORISED, RawSession.reason(auditor.next()));
            }
        }
    }

    @Test
    void shouldKeepAnsweringOtherSessionsDuringAFloodOfWrongSecrets() throws Exception
    {
        try (GatewayFixture f = new GatewayFixture(new GatewayConfig().logonMaxFailures(20).securityLog(log::add)))
        {
            final int port = f.server.port();
            final AtomicBoolean flooding = new AtomicBoolean(true);
            final ExecutorService flood = Executors.newFixedThreadPool(4);
            final List<Future<Integer>> throttled = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++)
            {
                final String from = "127.0.1." + (t + 1);
                throttled.add(flood.submit(() ->
                {
                    int count = 0;
                    while (flooding.get())
                    {
                        count += logon(port, from, BROKER_C, "guess-" + System.nanoTime()) == Reason.LOGON_THROTTLED ? 1 : 0;
                    }
                    return count;
                }));
            }
            try (RawSession member = new RawSession(port))
            {
                member.send(FrameFactory.logon(BANK_B, secret(BANK_B)));
                assertEquals(LogonAcceptedDecoder.TEMPLATE_ID, RawSession.templateId(member.next()));
                for (int i = 1; i <= 50; i++)
                {
                    member.send(FrameFactory.queryPosition(i, BANK_B, ACME));
                    final UnsafeBuffer answer = member.next();
                    assertEquals(PositionReportDecoder.TEMPLATE_ID, RawSession.templateId(answer), "query " + i + " answered");
                    Thread.sleep(20);
                }
            }
            flooding.set(false);
            for (final Future<Integer> count : throttled)
            {
                assertTrue(count.get(30, TimeUnit.SECONDS) > 0, "every flooding address ends up throttled");
            }
            flood.shutdown();
            assertTrue(log.stream().filter(line -> line.startsWith("failed logon for participant 3 from 127.0.1.1")).count() <= 1,
                "repeats within the window are summarised, not written: " + log);
        }
    }

    /** One logon on its own connection from {@code from}: OK, or the SessionReject's reason. */
    static Reason logon(final int port, final String from, final long participantId, final String secret) throws Exception
    {
        try (RawSession raw = new RawSession(port, from))
        {
            raw.send(FrameFactory.logon(participantId, secret));
            final UnsafeBuffer answer = raw.next();
            return RawSession.templateId(answer) == LogonAcceptedDecoder.TEMPLATE_ID ? Reason.OK : RawSession.reason(answer);
        }
    }

    @Test
    void shouldRefuseALogonWhenTheVerifierQueueIsFull() throws Exception
    {
        try (GatewayFixture f = new GatewayFixture(config().logonThreads(1).logonQueue(1)))
        {
            f.stop();
            f.credentials.add(500, Role.MEMBER, Credentials.hash(1_000_000, "slow"));
            f.start(config().logonThreads(1).logonQueue(1));
            final RawSession[] sessions = new RawSession[3];
            try
            {
                for (int i = 0; i < sessions.length; i++)
                {
                    sessions[i] = new RawSession(f.server.port(), "127.0.2." + (i + 1));
                    sessions[i].send(FrameFactory.logon(500, "slow"));
                }
                assertEquals(LogonAcceptedDecoder.TEMPLATE_ID, RawSession.templateId(sessions[0].next()), "being verified");
                assertEquals(LogonAcceptedDecoder.TEMPLATE_ID, RawSession.templateId(sessions[1].next()), "queued");
                assertEquals(Reason.LOGON_BUSY, RawSession.reason(sessions[2].next()), "refused: the queue was full");
            }
            finally
            {
                for (final RawSession session : sessions)
                {
                    if (session != null)
                    {
                        session.close();
                    }
                }
            }
        }
    }
}
