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
