package io.settlement.gateway;

import java.util.HashMap;
import java.util.Map;

import io.settlement.engine.config.SettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The gateway's context: documented defaults, system properties, and conclude() naming what it refuses. */
class GatewayConfigTest
{
    @Test
    void shouldHaveTheDocumentedDefaults()
    {
        final GatewayConfig config = new GatewayConfig(name -> null).conclude();
        assertEquals("0.0.0.0", config.host());
        assertEquals(7450, config.port());
        assertEquals(4096, config.maxFrameBytes());
        assertEquals(30_000, config.idleTimeoutMs());
        assertEquals(8 * 1024 * 1024, config.outboundHighWaterBytes());
        assertEquals(5, config.logonMaxFailures());
        assertEquals(1_000, config.logonBackoffMs());
        assertEquals(300_000, config.logonMaxBackoffMs());
        assertEquals(900_000, config.logonForgetAfterMs());
        assertEquals(1, config.logonThreads());
        assertEquals(256, config.logonQueue());
        assertEquals(10_000, config.securityLogWindowMs());
        assertEquals(12, GatewayConfig.PROPERTY_NAMES.size(), "every setting above has a property");
    }

    @Test
    void shouldReadTheSystemProperties()
    {
        final Map<String, String> properties = new HashMap<>();
        properties.put("settlement.gateway.host", "127.0.0.1");
        properties.put("settlement.gateway.port", "7451");
        properties.put("settlement.gateway.max-frame", "1024");
        properties.put("settlement.gateway.idle-timeout-ms", "5_000");
        properties.put("settlement.gateway.high-water-bytes", "65536");
        properties.put("settlement.gateway.logon-max-failures", "3");
        properties.put("settlement.gateway.logon-backoff-ms", "500");
        properties.put("settlement.gateway.logon-max-backoff-ms", "60000");
        properties.put("settlement.gateway.logon-forget-after-ms", "120000");
        properties.put("settlement.gateway.logon-threads", "2");
        properties.put("settlement.gateway.logon-queue", "16");
        properties.put("settlement.gateway.security-log-window-ms", "2000");
        assertEquals(GatewayConfig.PROPERTY_NAMES.size(), properties.size());
        properties.forEach(System::setProperty);
        try
        {
            final GatewayConfig config = new GatewayConfig().conclude();
            assertEquals("127.0.0.1", config.host());
            assertEquals(7451, config.port());
            assertEquals(1024, config.maxFrameBytes());
            assertEquals(5_000, config.idleTimeoutMs());
            assertEquals(65536, config.outboundHighWaterBytes());
            assertEquals(3, config.logonMaxFailures());
            assertEquals(500, config.logonBackoffMs());
            assertEquals(60_000, config.logonMaxBackoffMs());
            assertEquals(120_000, config.logonForgetAfterMs());
            assertEquals(2, config.logonThreads());
            assertEquals(16, config.logonQueue());
            assertEquals(2_000, config.securityLogWindowMs());
            assertEquals(0, new GatewayConfig().port(0).port(), "a setter overrides the property");
        }
        finally
        {
            properties.keySet().forEach(System::clearProperty);
        }
        assertEquals(7450, new GatewayConfig().port());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "settlement.gateway.host | '' | must not be empty",
        "settlement.gateway.port | -1 | is out of range (0 to 65535)",
        "settlement.gateway.port | 65536 | is out of range (0 to 65535)",
        "settlement.gateway.port | 99999999999 | is out of range (0 to 65535)",
        "settlement.gateway.port | abc | is not a whole number",
        "settlement.gateway.max-frame | 127 | is out of range (128 to 16777216)",
        "settlement.gateway.max-frame | 16777217 | is out of range (128 to 16777216)",
        "settlement.gateway.idle-timeout-ms | 0 | is out of range (1 to 86400000)",
        "settlement.gateway.idle-timeout-ms | 86400001 | is out of range (1 to 86400000)",
        "settlement.gateway.high-water-bytes | 4095 | is out of range (4096 to 2147483647)",
        "settlement.gateway.high-water-bytes | 2147483648 | is out of range (4096 to 2147483647)",
        "settlement.gateway.logon-max-failures | 0 | is out of range (1 to 2147483647)",
        "settlement.gateway.logon-backoff-ms | 0 | is out of range (1 to 86400000)",
        "settlement.gateway.logon-backoff-ms | 86400001 | is out of range (1 to 86400000)",
        "settlement.gateway.logon-max-backoff-ms | 999 | is out of range (1000 to 604800000: at least settlement.gateway.logon-backoff-ms)",
        "settlement.gateway.logon-max-backoff-ms | 604800001 | is out of range (1000 to 604800000: at least settlement.gateway.logon-backoff-ms)",
        "settlement.gateway.logon-forget-after-ms | 0 | is out of range (1 to 604800000)",
        "settlement.gateway.logon-forget-after-ms | 604800001 | is out of range (1 to 604800000)",
        "settlement.gateway.logon-threads | 0 | is out of range (1 to 64)",
        "settlement.gateway.logon-threads | 65 | is out of range (1 to 64)",
        "settlement.gateway.logon-queue | 0 | is out of range (1 to 1000000)",
        "settlement.gateway.logon-queue | 1000001 | is out of range (1 to 1000000)",
        "settlement.gateway.security-log-window-ms | 0 | is out of range (1 to 86400000)",
        "settlement.gateway.security-log-window-ms | 86400001 | is out of range (1 to 86400000)",
    })
    void shouldRefuseEachSettingOutOfRangeNamingIt(final String property, final String value, final String problem)
    {
        final SettingException refused = assertThrows(SettingException.class,
            () -> new GatewayConfig(name -> null).set(property, value).conclude());
        assertEquals(property + "=" + value + " " + problem, refused.getMessage());
        assertEquals(property, refused.property());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "settlement.gateway.port | 0",
        "settlement.gateway.port | 65535",
        "settlement.gateway.max-frame | 128",
        "settlement.gateway.max-frame | 16777216",
        "settlement.gateway.idle-timeout-ms | 1",
        "settlement.gateway.idle-timeout-ms | 86400000",
        "settlement.gateway.high-water-bytes | 4096",
        "settlement.gateway.high-water-bytes | 2147483647",
        "settlement.gateway.logon-max-failures | 1",
        "settlement.gateway.logon-max-failures | 2147483647",
        "settlement.gateway.logon-backoff-ms | 1",
        "settlement.gateway.logon-max-backoff-ms | 1000",
        "settlement.gateway.logon-max-backoff-ms | 604800000",
        "settlement.gateway.logon-forget-after-ms | 1",
        "settlement.gateway.logon-forget-after-ms | 604800000",
        "settlement.gateway.logon-threads | 1",
        "settlement.gateway.logon-threads | 64",
        "settlement.gateway.logon-queue | 1",
        "settlement.gateway.logon-queue | 1000000",
        "settlement.gateway.security-log-window-ms | 1",
        "settlement.gateway.security-log-window-ms | 86400000",
    })
    void shouldAcceptTheBoundsOfEachRange(final String property, final String value)
    {
        new GatewayConfig(name -> null).set(property, value).conclude();
    }

    @Test
    void shouldCheckTheLongestBackoffAgainstTheFirst()
    {
        final SettingException refused = assertThrows(SettingException.class,
            () -> new GatewayConfig(name -> null).logonBackoffMs(600_000).conclude());
        assertEquals("settlement.gateway.logon-max-backoff-ms=300000 is out of range (600000 to 604800000: at least"
            + " settlement.gateway.logon-backoff-ms)", refused.getMessage());
        assertEquals("settlement.gateway.logon-backoff-ms", refused.relatedProperty());
        new GatewayConfig(name -> null).logonBackoffMs(600_000).logonMaxBackoffMs(600_000).conclude();
    }

    @Test
    void shouldRefuseToStartAServerWithASettingOutOfRange()
    {
        final SettingException refused = assertThrows(SettingException.class,
            () -> GatewayServer.start(null, null, new GatewayConfig(name -> null).port(0).maxFrameBytes(64)));
        assertEquals("settlement.gateway.max-frame=64 is out of range (128 to 16777216)", refused.getMessage());
    }

    @Test
    void shouldRefuseAnUnknownSetting()
    {
        final SettingException refused = assertThrows(SettingException.class,
            () -> new GatewayConfig(name -> null).set("settlement.gateway.logon-tries", "3"));
        assertEquals("settlement.gateway.logon-tries=3 is not a gateway setting", refused.getMessage());
    }
}
