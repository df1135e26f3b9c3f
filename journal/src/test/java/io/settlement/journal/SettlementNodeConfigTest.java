package io.settlement.journal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.settlement.engine.config.SettingException;
import io.settlement.engine.pipeline.WaitStrategyKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The node's context: documented defaults, system properties, and conclude() naming what it refuses. */
class SettlementNodeConfigTest
{
    @TempDir
    Path dir;

    @Test
    void shouldHaveTheDocumentedDefaults()
    {
        final SettlementNode.Config config = new SettlementNode.Config(dir, name -> null).conclude();
        assertEquals(2, config.snapshotsKept());
        assertEquals(Durability.SYNCED, config.durability(), "acknowledged means msynced");
        assertTrue(config.snapshotFollower());
        assertFalse(config.truncateDamagedTail);
        assertEquals(1_000_000, config.pipeline().snapshotIntervalCommands());
        assertEquals(16384, config.pipeline().ringSize());
        assertEquals(1024, config.engine().initialDealCapacity());
    }

    @Test
    void shouldReadTheSystemPropertiesOfTheNodeTheEngineAndThePipeline()
    {
        final Map<String, String> properties = Map.of(
            "settlement.node.snapshots-kept", "5",
            "settlement.node.durability", "unsynced",
            "settlement.node.snapshot-follower", "false",
            "settlement.engine.initial-deal-capacity", "2048",
            "settlement.pipeline.ring-size", "512",
            "settlement.pipeline.wait-strategy", "BLOCKING");
        properties.forEach(System::setProperty);
        try
        {
            final SettlementNode.Config config = new SettlementNode.Config(dir).conclude();
            assertEquals(5, config.snapshotsKept());
            assertEquals(Durability.UNSYNCED, config.durability());
            assertFalse(config.snapshotFollower());
            assertEquals(2048, config.engine().initialDealCapacity());
            assertEquals(512, config.pipeline().ringSize());
            assertEquals(WaitStrategyKind.BLOCKING, config.pipeline().waitStrategy());
            assertEquals(3, new SettlementNode.Config(dir).snapshotsKept(3).snapshotsKept(), "a setter overrides the property");
        }
        finally
        {
            properties.keySet().forEach(System::clearProperty);
        }
        assertEquals(2, new SettlementNode.Config(dir).snapshotsKept());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "settlement.node.snapshots-kept | 0 | is out of range (1 to 1000)",
        "settlement.node.snapshots-kept | 1001 | is out of range (1 to 1000)",
        "settlement.node.snapshots-kept | 5000000000 | is out of range (1 to 1000)",
        "settlement.node.durability | sometimes | is not one of [SYNCED, UNSYNCED]",
        "settlement.node.sync-every-batch | false | is no longer read: set settlement.node.durability=synced (msync per batch,"
            + " the default now) or settlement.node.durability=unsynced",
        "settlement.node.snapshot-follower | 1 | is not true or false",
        "settlement.pipeline.ring-size | 100 | is out of range (a power of two, 1 to 1073741824)",
        "settlement.engine.initial-deal-capacity | 0 | is out of range (1 to 1073741824)",
    })
    void shouldRefuseEachSettingOutOfRangeNamingIt(final String property, final String value, final String problem)
    {
        final SettingException refused = assertThrows(SettingException.class,
            () -> new SettlementNode.Config(dir, Map.of(property, value)::get).conclude());
        assertEquals(property + "=" + value + " " + problem, refused.getMessage());
        assertEquals(property, refused.property());
    }

    @Test
    void shouldRefuseToStartOnASettingOutOfRangeBeforeTouchingTheDirectory()
    {
        final Path data = dir.resolve("data");
        final SettingException refused = assertThrows(SettingException.class,
            () -> SettlementNode.start(new SettlementNode.Config(data, name -> null).snapshotsKept(0).log(line -> {})));
        assertEquals("settlement.node.snapshots-kept=0 is out of range (1 to 1000)", refused.getMessage());
        assertFalse(Files.exists(data), "nothing created");
        final SettingException ring = assertThrows(SettingException.class,
            () -> SettlementNode.start(new SettlementNode.Config(data, name -> null).ringSize(3).log(line -> {})));
        assertEquals("settlement.pipeline.ring-size=3 is out of range (a power of two, 1 to 1073741824)", ring.getMessage());
        assertFalse(Files.exists(data), "nothing created");
    }
}
