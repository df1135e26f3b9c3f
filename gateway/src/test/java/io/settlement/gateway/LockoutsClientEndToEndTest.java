package io.settlement.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import io.settlement.gateway.client.GatewayClient;
import io.settlement.gateway.client.LockoutLine;
import io.settlement.gateway.client.Response;
import io.settlement.gateway.client.sbe.LockoutKind;
import io.settlement.gateway.client.sbe.Reason;
import org.junit.jupiter.api.Test;

import static io.settlement.gateway.GatewayFixture.AUDIT;
import static io.settlement.gateway.GatewayFixture.BANK_A;
import static io.settlement.gateway.GatewayFixture.OPS;
import static io.settlement.gateway.GatewayFixture.USD;
import static io.settlement.gateway.GatewayFixture.secret;
import static io.settlement.gateway.GatewayFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * QueryLockouts and LiftLockout through the Java client over the real gateway: the report's lines and total,
 * each lift's answer, answers matched to their requests although the gateway writes these at once (ahead of
 * answers still in the ring), and the requests refused to any role but OPERATOR. Failed logons come from
 * other loopback addresses (127.0.0.x) so that the operator's own address (127.0.0.1) stays unlocked.
 */
class LockoutsClientEndToEndTest
{
    private static final long T0 = 1_800_000_000_000L;
    private static final long BACKOFF_MS = 60_000;

    private final AtomicLong clock = new AtomicLong(T0);

    private GatewayConfig config(final int maxFailures)
    {
        return new GatewayConfig().logonMaxFailures(maxFailures).logonBackoffMs(BACKOFF_MS).clockMs(clock::get);
    }

    @Test
    void shouldListAndLiftLockoutsWithAnswersMatchedToTheirRequests() throws Exception
    {
        try (GatewayFixture f = new GatewayFixture(config(3)))
        {
            final int port = f.server.port();
            for (int i = 0; i < 3; i++)
            {
                assertEquals(io.settlement.protocol.wire.Reason.BAD_CREDENTIALS,
                    LogonThrottlingTest.logon(port, "127.0.0.2", BANK_A, "wrong-" + i));
            }
            final GatewayClient operator = f.logOn(OPS);

            // pipelined: queries that pass the ring around a QueryLockouts the gateway answers at once
            final List<CompletableFuture<Response>> positions = new ArrayList<>();
            for (int i = 0; i < 20; i++)
            {
                positions.add(operator.queryPosition(BANK_A, USD));
            }
            final CompletableFuture<Response> lockouts = operator.queryLockouts();
            for (int i = 0; i < 20; i++)
            {
                positions.add(operator.queryPosition(BANK_A, USD));
            }
            final Response report = await(lockouts);
            assertEquals(Response.Type.LOCKOUTS_REPORT, report.type());
            assertEquals(List.of(
                new LockoutLine(LockoutKind.PARTICIPANT, BANK_A, "", 3, T0 + BACKOFF_MS),
                new LockoutLine(LockoutKind.ADDRESS, 0, "127.0.0.2", 3, T0 + BACKOFF_MS)), report.lockouts());
            assertEquals(2, report.total());
            for (final CompletableFuture<Response> position : positions)
            {
                final Response answer = await(position);
                assertEquals(Response.Type.POSITION_REPORT, answer.type(), answer.toString());
                assertEquals(1_000_000, answer.balance());
            }

            assertLift(Reason.OK, operator.liftParticipantLockout(BANK_A));
            assertLift(Reason.NO_SUCH_LOCKOUT, operator.liftParticipantLockout(BANK_A));
            assertLift(Reason.INVALID_FIELD, operator.liftParticipantLockout(0));
            assertLift(Reason.INVALID_FIELD, operator.liftAddressLockout("not-an-address"));
            assertEquals(List.of(new LockoutLine(LockoutKind.ADDRESS, 0, "127.0.0.2", 3, T0 + BACKOFF_MS)),
                await(operator.queryLockouts()).lockouts());
            assertEquals(io.settlement.protocol.wire.Reason.OK,
                LogonThrottlingTest.logon(port, "127.0.0.3", BANK_A, secret(BANK_A)), "participant 1 lifted");

            assertLift(Reason.OK, operator.liftAddressLockout("127.0.0.2"));
            final Response none = await(operator.queryLockouts());
            assertEquals(List.of(), none.lockouts());
            assertEquals(0, none.total());
            assertEquals(io.settlement.protocol.wire.Reason.OK,
                LogonThrottlingTest.logon(port, "127.0.0.2", BANK_A, secret(BANK_A)), "address lifted");
        }
    }

    @Test
    void shouldListTheFiftyEndingLastAndCountThemAll() throws Exception
    {
        try (GatewayFixture f = new GatewayFixture(config(1)))
        {
            // logon i (at T0 + i ms) names unknown participant 1000 + i from 127.0.3.i: two lockouts each, 52 in all
            for (int i = 1; i <= 26; i++)
            {
                clock.set(T0 + i);
                assertEquals(io.settlement.protocol.wire.Reason.BAD_CREDENTIALS,
                    LogonThrottlingTest.logon(f.server.port(), "127.0.3." + i, 1000 + i, "guess"));
            }
            final Response report = await(f.logOn(OPS).queryLockouts());
            assertEquals(52, report.total());
            final List<LockoutLine> expected = new ArrayList<>();
            for (int i = 26; i >= 2; i--) // latest ending first; the two of logon 1 are left out
            {
                expected.add(new LockoutLine(LockoutKind.PARTICIPANT, 1000 + i, "", 1, T0 + i + BACKOFF_MS));
                expected.add(new LockoutLine(LockoutKind.ADDRESS, 0, "127.0.3." + i, 1, T0 + i + BACKOFF_MS));
            }
            assertEquals(expected, report.lockouts());
        }
    }

    @Test
    void shouldRefuseLockoutRequestsToAnyRoleButOperator() throws Exception
    {
        try (GatewayFixture f = new GatewayFixture(config(3)))
        {
            final GatewayClient auditor = f.logOn(AUDIT);
            final Response query = await(auditor.queryLockouts());
            assertEquals(Response.Type.COMMAND_RESULT, query.type());
            assertEquals(Reason.NOT_AUTHORISED, query.result());
            assertEquals(30, query.refTemplateId());
            final Response lift = await(f.logOn(BANK_A).liftAddressLockout("127.0.0.2"));
            assertEquals(Reason.NOT_AUTHORISED, lift.result());
            assertEquals(31, lift.refTemplateId());
        }
    }

    private static void assertLift(final Reason expected, final CompletableFuture<Response> lift) throws Exception
    {
        final Response answer = await(lift);
        assertEquals(Response.Type.COMMAND_RESULT, answer.type(), answer.toString());
        assertEquals(31, answer.refTemplateId());
        assertEquals(expected, answer.result());
    }
}
