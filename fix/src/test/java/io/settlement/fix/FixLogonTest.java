package io.settlement.fix;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.settlement.gateway.GatewayConfig;
import org.junit.jupiter.api.Test;

import static io.settlement.fix.FixFixture.BANK_A;
import static io.settlement.fix.FixFixture.BANK_B;
import static io.settlement.fix.FixFixture.secret;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Logon (35=A) with Username(553) and Password(554), checked by the node's Authenticator: the same
 * credentials, throttle and security log as the binary gateway's.
 */
class FixLogonTest
{
    @Test
    void shouldLogOnWithTheParticipantsSecretAndRefuseAWrongOne() throws Exception
    {
        final List<String> security = new CopyOnWriteArrayList<>();
        try (FixFixture f = new FixFixture(new GatewayConfig().securityLog(security::add)))
        {
            final FixClient good = f.client("BANKA", Long.toString(BANK_A), secret(BANK_A), "good");
            assertTrue(good.logOn(20_000), "logged on");
            assertEquals(1, f.fix.sessionsLoggedOn());
            assertTrue(security.stream().anyMatch(line -> line.contains("FIX session")), security::toString);

            final FixClient wrong = f.client("BANKB", Long.toString(BANK_B), "not-the-secret", "wrong");
            assertFalse(wrong.logOn(3_000), "refused");
            final String logout = wrong.logouts.poll(10, TimeUnit.SECONDS);
            assertNotNull(logout, "a Logout naming the reason");
            assertTrue(logout.startsWith("BAD_CREDENTIALS"), logout);
            assertTrue(security.stream().anyMatch(line -> line.contains("BAD_CREDENTIALS")), security::toString);
            assertEquals(1, f.fix.sessionsLoggedOn(), "the good session carries on");
        }
    }

    @Test
    void shouldRefuseAUsernameThatIsNotTheSessionsParticipant() throws Exception
    {
        try (FixFixture f = new FixFixture())
        {
            // BANK_A's own secret on BANK_B's session
            final FixClient other = f.client("BANKB", Long.toString(BANK_A), secret(BANK_A), "other");
            assertFalse(other.logOn(3_000));
            final String logout = other.logouts.poll(10, TimeUnit.SECONDS);
            assertNotNull(logout);
            assertTrue(logout.startsWith("BAD_CREDENTIALS: Username(553)"), logout);
        }
    }

    @Test
    void shouldCountAWrongUsernameAsAFailedLogonAsTheGatewayDoes() throws Exception
    {
        final List<String> security = new CopyOnWriteArrayList<>();
        try (FixFixture f = new FixFixture(new GatewayConfig().logonMaxFailures(3).logonBackoffMs(60_000).securityLog(security::add)))
        {
            // on BANKA's session: an unknown participant, a name that is not a number, BANK_B with its own right secret
            final String[][] wrong = {{"999", secret(BANK_A)}, {"banka", secret(BANK_A)}, {Long.toString(BANK_B), secret(BANK_B)}};
            for (final String[] logon : wrong)
            {
                final FixClient client = f.client("BANKA", logon[0], logon[1], "banka");
                assertFalse(client.logOn(3_000), "Username " + logon[0] + " refused");
                final String refused = client.logouts.poll(10, TimeUnit.SECONDS);
                assertNotNull(refused);
                assertTrue(refused.startsWith("BAD_CREDENTIALS: Username(553)"), refused);
                client.stop();
            }
            assertEquals(3, f.gateway.counters().logonsFailed(), "each counted as a failed logon");
            assertTrue(security.stream().anyMatch(line -> line.contains("failed logon") && line.contains("Username(553)")),
                security::toString);
            final FixClient right = f.client("BANKA", Long.toString(BANK_A), secret(BANK_A), "banka");
            assertFalse(right.logOn(3_000), "the participant is locked out after three wrong Usernames, even with the right secret");
            final String logout = right.logouts.poll(10, TimeUnit.SECONDS);
            assertNotNull(logout);
            assertTrue(logout.startsWith("LOGON_THROTTLED"), logout);
            assertEquals(0, f.fix.sessionsLoggedOn());
            assertTrue(f.gateway.lockoutsInForce() > 0, "the lockout is the node's, shared with the gateway");
        }
    }

    @Test
    void shouldRefuseEachBadLogonWithItsOwnTextAndLogNobodyOn() throws Exception
    {
        final List<String> security = new CopyOnWriteArrayList<>();
        try (FixFixture f = new FixFixture(new GatewayConfig().securityLog(security::add)))
        {
            final String[][] cases = {
                {null, secret(BANK_A), "BAD_CREDENTIALS: Username(553) is missing"},
                {Long.toString(BANK_A), null, "BAD_CREDENTIALS: Password(554) is missing"},
                {Long.toString(BANK_A), secret(BANK_B), "BAD_CREDENTIALS: Password(554) is not"},
            };
            for (final String[] logon : cases)
            {
                final FixClient client = f.client("BANKA", logon[0], logon[1], "banka");
                assertFalse(client.logOn(3_000));
                final String refused = client.logouts.poll(10, TimeUnit.SECONDS);
                assertNotNull(refused, "a Logout for " + logon[2]);
                assertTrue(refused.startsWith(logon[2]), refused);
                client.stop();
                assertEquals(0, f.fix.sessionsLoggedOn());
            }
            assertEquals(3, f.gateway.counters().logonsFailed(), "each counted as a failed logon");
            assertEquals(0, f.gateway.counters().logonsOk(), security::toString);
            // nothing changed: the participant's right logon is accepted (3 failures are under the default 5)
            assertTrue(f.client("BANKA", Long.toString(BANK_A), secret(BANK_A), "banka").logOn(20_000), "logged on");
            assertEquals(1, f.gateway.counters().logonsOk());
        }
    }

    @Test
    void shouldCloseASecondConnectionToASessionInUseAndKeepTheFirst() throws Exception
    {
        try (FixFixture f = new FixFixture())
        {
            final FixClient first = f.logOn("BANKA", BANK_A);
            // a second engine of the same session (its own process, here a raw socket): its Logon with the right credentials
            final quickfix.fix44.Logon logon = new quickfix.fix44.Logon(new quickfix.field.EncryptMethod(0), new quickfix.field.HeartBtInt(30));
            logon.getHeader().setString(quickfix.field.SenderCompID.FIELD, "BANKA");
            logon.getHeader().setString(quickfix.field.TargetCompID.FIELD, "SETTLEMENT");
            logon.getHeader().setInt(quickfix.field.MsgSeqNum.FIELD, 1);
            logon.getHeader().setUtcTimeStamp(quickfix.field.SendingTime.FIELD, java.time.LocalDateTime.now(java.time.ZoneOffset.UTC));
            logon.setString(quickfix.field.Username.FIELD, Long.toString(BANK_A));
            logon.setString(quickfix.field.Password.FIELD, secret(BANK_A));
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", f.fix.port()))
            {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(logon.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                assertEquals(-1, socket.getInputStream().read(), "closed, nothing answered: one connection per session");
            }
            assertTrue(first.isLoggedOn(), "the first connection carries on");
            assertEquals(1, f.fix.sessionsLoggedOn());
        }
    }

    @Test
    void shouldThrottleLogonsAfterConsecutiveFailuresAsTheGatewayDoes() throws Exception
    {
        try (FixFixture f = new FixFixture(new GatewayConfig().logonMaxFailures(2).logonBackoffMs(60_000)))
        {
            // one client store, as a front office keeps: its sequence numbers go on from one attempt to the next
            for (int i = 0; i < 2; i++)
            {
                final FixClient wrong = f.client("BANKA", Long.toString(BANK_A), "wrong-" + i, "banka");
                assertFalse(wrong.logOn(3_000));
                final String refused = wrong.logouts.poll(10, TimeUnit.SECONDS);
                assertTrue(refused.startsWith("BAD_CREDENTIALS"), refused);
                wrong.stop();
            }
            final FixClient right = f.client("BANKA", Long.toString(BANK_A), secret(BANK_A), "banka");
            assertFalse(right.logOn(3_000), "locked out, even with the right secret");
            final String logout = right.logouts.poll(10, TimeUnit.SECONDS);
            assertNotNull(logout);
            assertTrue(logout.startsWith("LOGON_THROTTLED"), logout);
            assertTrue(f.gateway.lockoutsInForce() > 0, "the lockout is the node's, shared with the gateway");
        }
    }
}
