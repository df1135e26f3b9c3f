package io.settlement.fix;

import java.nio.file.Path;
import java.time.LocalTime;

import io.settlement.engine.config.SettingException;
import org.junit.jupiter.api.Test;
import quickfix.SessionID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code fix} section's daily reset: 00:00:00 UTC unless set, {@code none} never, a bad time or zone named. */
class FixConfigResetTest
{
    @Test
    void shouldResetDailyAtMidnightUtcByDefault() throws Exception
    {
        final FixConfig config = new FixConfig().directory(Path.of("fix")).session(1, "BANKA");
        final SessionID id = config.sessionId(config.sessions().get(0));
        assertEquals("00:00:00", config.settings().getString(id, "StartTime"));
        assertEquals("00:00:00", config.settings().getString(id, "EndTime"));
        assertEquals("UTC", config.settings().getString(id, "TimeZone"));
        assertFalse(config.settings().getBool(id, "NonStopSession"));
    }

    @Test
    void shouldTakeAResetTimeAndZoneOrNone() throws Exception
    {
        final FixConfig config = new FixConfig().directory(Path.of("fix")).session(1, "BANKA")
            .set(FixConfig.RESET_TIME_PROP_NAME, "17:30").set(FixConfig.RESET_ZONE_PROP_NAME, "America/New_York");
        final SessionID id = config.sessionId(config.sessions().get(0));
        assertEquals(LocalTime.of(17, 30), config.resetTime());
        assertEquals("17:30:00", config.settings().getString(id, "StartTime"));
        assertEquals("America/New_York", config.settings().getString(id, "TimeZone"));

        config.set(FixConfig.RESET_TIME_PROP_NAME, "none");
        assertNull(config.resetTime());
        assertTrue(config.settings().getBool(id, "NonStopSession"));
    }

    @Test
    void shouldNameABadTimeOrZone()
    {
        final FixConfig config = new FixConfig();
        final SettingException time = assertThrows(SettingException.class, () -> config.set(FixConfig.RESET_TIME_PROP_NAME, "25:00"));
        assertTrue(time.getMessage().contains("25:00") && time.getMessage().contains("HH:mm:ss"), time.getMessage());
        final SettingException zone = assertThrows(SettingException.class, () -> config.set(FixConfig.RESET_ZONE_PROP_NAME, "Mars/Olympus"));
        assertTrue(zone.getMessage().contains("Mars/Olympus") && zone.getMessage().contains("time zone"), zone.getMessage());
    }
}
