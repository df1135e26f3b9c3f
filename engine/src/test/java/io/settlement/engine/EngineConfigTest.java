package io.settlement.engine;

import java.util.Map;

import io.settlement.engine.config.SettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The engine's context: documented defaults, system properties, and conclude() naming what it refuses. */
class EngineConfigTest
{
    @Test
    void shouldHaveTheDocumentedDefaults()
    {
        assertEquals("settlement.engine.initial-deal-capacity", EngineConfig.INITIAL_DEAL_CAPACITY_PROP_NAME);
        assertEquals(1024, new EngineConfig(name -> null).conclude().initialDealCapacity());
    }

    @Test
    void shouldReadTheSystemProperty()
    {
        System.setProperty("settlement.engine.initial-deal-capacity", "4_096");
        try
        {
            assertEquals(4096, new EngineConfig().initialDealCapacity());
            assertEquals(8, new EngineConfig().initialDealCapacity(8).initialDealCapacity(), "a setter overrides the property");
        }
        finally
        {
            System.clearProperty("settlement.engine.initial-deal-capacity");
        }
        assertEquals(1024, new EngineConfig().initialDealCapacity());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, (1 << 30) + 1, Integer.MAX_VALUE})
    void shouldRefuseAnInitialDealCapacityOutOfRangeNamingIt(final int deals)
    {
        final SettingException refused = assertThrows(SettingException.class,
            () -> new EngineConfig(name -> null).initialDealCapacity(deals).conclude());
        assertEquals("settlement.engine.initial-deal-capacity=" + deals + " is out of range (1 to 1073741824)", refused.getMessage());
        assertEquals("settlement.engine.initial-deal-capacity", refused.property());
    }

    @Test
    void shouldRefuseAnEngineWithASettingOutOfRange()
    {
        final SettingException refused = assertThrows(SettingException.class,
            () -> new SettlementEngine(new EngineConfig(name -> null).initialDealCapacity(0)));
        assertEquals("settlement.engine.initial-deal-capacity=0 is out of range (1 to 1073741824)", refused.getMessage());
    }

    @Test
    void shouldRefuseAPropertyThatIsNotANumberNamingIt()
    {
        final SettingException refused = assertThrows(SettingException.class,
            () -> new EngineConfig(Map.of("settlement.engine.initial-deal-capacity", "lots")::get));
        assertEquals("settlement.engine.initial-deal-capacity=lots is not a whole number", refused.getMessage());
        final SettingException tooBig = assertThrows(SettingException.class,
            () -> new EngineConfig(Map.of("settlement.engine.initial-deal-capacity", "99999999999")::get));
        assertEquals("settlement.engine.initial-deal-capacity=99999999999 is out of range (1 to 1073741824)", tooBig.getMessage());
    }
}
