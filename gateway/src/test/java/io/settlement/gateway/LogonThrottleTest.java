package io.settlement.gateway;

import java.util.List;

import io.settlement.protocol.wire.LockoutKind;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backoff rules, on a clock the test sets (issue 9 item 6). */
class LogonThrottleTest
{
    private static final long T0 = 1_700_000_000_000L;

    private final LogonThrottle throttle = new LogonThrottle(3, 1_000, 8_000, 60_000, 1_000);

    @Test
    void shouldLockAParticipantAfterConsecutiveFailuresWithADoublingBackoffUpToTheCap()
    {
        assertTrue(throttle.failed(7, "10.0.0.1", T0).isEmpty());
        assertTrue(throttle.failed(7, "10.0.0.2", T0).isEmpty());
        assertNull(throttle.refusal(7, "10.0.0.9", T0), "two failures: not yet");
        final List<LogonThrottle.Lockout> started = throttle.failed(7, "10.0.0.3", T0);
        assertEquals(List.of(new LogonThrottle.Lockout(LockoutKind.PARTICIPANT, 7, "", 3, T0 + 1_000)), started);
        assertEquals(LockoutKind.PARTICIPANT, throttle.refusal(7, "10.0.0.9", T0 + 999).kind(), "from any address");
        assertNull(throttle.refusal(8, "10.0.0.9", T0 + 999), "another participant from another address is not concerned");
        assertNull(throttle.refusal(7, "10.0.0.9", T0 + 1_000), "the backoff is over");

        // each further failure doubles the backoff: 2 s, 4 s, 8 s, then the 8 s cap
        long now = T0 + 1_000;
        for (final long expected : new long[] {2_000, 4_000, 8_000, 8_000})
        {
            assertEquals(now + expected, throttle.failed(7, "10.0.0." + (10 + expected / 1_000), now).get(0).lockedUntilMs());
            now += expected;
        }
    }

    @Test
    void shouldLockAnAddressWhateverParticipantItNames()
    {
        throttle.failed(1, "10.0.0.5", T0);
        throttle.failed(2, "10.0.0.5", T0);
        final List<LogonThrottle.Lockout> started = throttle.failed(3, "10.0.0.5", T0);
        assertEquals(List.of(new LogonThrottle.Lockout(LockoutKind.ADDRESS, 0, "10.0.0.5", 3, T0 + 1_000)), started);
        assertEquals(LockoutKind.ADDRESS, throttle.refusal(4, "10.0.0.5", T0).kind());
        assertNull(throttle.refusal(4, "10.0.0.6", T0));
    }

    @Test
    void shouldClearOnSuccessLiftAndForgetOldFailures()
    {
        throttle.failed(7, "10.0.0.1", T0);
        throttle.failed(7, "10.0.0.1", T0);
        throttle.succeeded(7, "10.0.0.1");
        assertTrue(throttle.failed(7, "10.0.0.1", T0).isEmpty(), "the count started again after the success");

        throttle.failed(7, "10.0.0.1", T0);
        throttle.failed(7, "10.0.0.1", T0);
        assertEquals(2, throttle.lockouts(T0).size(), "participant 7 and address 10.0.0.1");
        assertTrue(throttle.liftParticipant(7));
        assertFalse(throttle.liftParticipant(7), "nothing left to lift");
        assertNull(throttle.refusal(7, "10.0.0.2", T0));
        assertEquals(LockoutKind.ADDRESS, throttle.refusal(7, "10.0.0.1", T0).kind());
        assertTrue(throttle.liftAddress("10.0.0.1"));
        assertNull(throttle.refusal(7, "10.0.0.1", T0));

        throttle.failed(9, "10.0.0.3", T0);
        throttle.failed(9, "10.0.0.3", T0);
        assertTrue(throttle.failed(9, "10.0.0.3", T0 + 60_000).isEmpty(), "failures a minute old are forgotten");
    }

    @Test
    void shouldListLockoutsInForceLatestFirst()
    {
        for (int i = 0; i < 3; i++)
        {
            throttle.failed(1, "10.0.0." + i, T0);
        }
        for (int i = 0; i < 3; i++)
        {
            throttle.failed(2, "10.0.1." + i, T0 + 500);
        }
        final List<LogonThrottle.Lockout> lockouts = throttle.lockouts(T0 + 600);
        assertEquals(2, lockouts.size(), lockouts.toString());
        assertEquals(2, lockouts.get(0).participantId());
        assertEquals(1, lockouts.get(1).participantId());
        assertEquals(1, throttle.lockouts(T0 + 1_000).size(), "participant 1's lockout has ended");
    }

    @Test
    void shouldReadOnlyAddressLiteralsWithoutLookingNamesUp()
    {
        assertEquals("10.0.0.5", LogonThrottle.canonicalAddress("10.0.0.5"));
        assertEquals("0:0:0:0:0:0:0:1", LogonThrottle.canonicalAddress("::1"));
        assertNull(LogonThrottle.canonicalAddress("localhost"));
        assertNull(LogonThrottle.canonicalAddress("300.1.1.1"));
        assertNull(LogonThrottle.canonicalAddress(""));
    }
}
