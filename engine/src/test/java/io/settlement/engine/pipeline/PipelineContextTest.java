package io.settlement.engine.pipeline;

import java.util.Map;
import java.util.function.UnaryOperator;

import io.settlement.engine.SettlementEngine;
import io.settlement.engine.config.SettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The pipeline's context: documented defaults, system properties, and conclude() naming what it refuses. */
class PipelineContextTest
{
    private static final UnaryOperator<String> NO_PROPERTIES = name -> null;

    @Test
    void shouldHaveTheDocumentedDefaults()
    {
        final SettlementPipeline.Context context = new SettlementPipeline.Context(NO_PROPERTIES).conclude();
        assertEquals(16384, context.ringSize());
        assertEquals(WaitStrategyKind.SLEEPING, context.waitStrategy());
        assertEquals(1_000_000, context.snapshotIntervalCommands());
        assertEquals(30_000, context.shutdownTimeoutMs());
        assertEquals(4 * 1024 * 1024, context.outcomeLogBytes());
        assertEquals(PipelineTopology.forProcessors(Runtime.getRuntime().availableProcessors()), context.topology());
    }

    @Test
    void shouldRunOneAgentBelowFourProcessorsAndAThreadPerStageFromFourByDefault()
    {
        assertEquals(PipelineTopology.SINGLE, PipelineTopology.forProcessors(1));
        assertEquals(PipelineTopology.SINGLE, PipelineTopology.forProcessors(3));
        assertEquals(PipelineTopology.STAGED, PipelineTopology.forProcessors(4));
        assertEquals(PipelineTopology.STAGED, PipelineTopology.forProcessors(64));
    }

    @Test
    void shouldTakeTheTopologyGivenWhateverTheMachine()
    {
        assertEquals(PipelineTopology.STAGED,
            new SettlementPipeline.Context(Map.of("settlement.pipeline.topology", "staged")::get).conclude().topology());
        assertEquals(PipelineTopology.SINGLE,
            new SettlementPipeline.Context(Map.of("settlement.pipeline.topology", "SINGLE")::get).conclude().topology());
    }

    @Test
    void shouldReadTheSystemProperties()
    {
        final Map<String, String> properties = Map.of(
            "settlement.pipeline.ring-size", "1024",
            "settlement.pipeline.wait-strategy", "yielding",
            "settlement.pipeline.snapshot-interval-commands", "5_000",
            "settlement.pipeline.shutdown-timeout-ms", "2000",
            "settlement.pipeline.outcome-log-bytes", "65_536");
        properties.forEach(System::setProperty);
        try
        {
            final SettlementPipeline.Context context = new SettlementPipeline.Context().conclude();
            assertEquals(1024, context.ringSize());
            assertEquals(WaitStrategyKind.YIELDING, context.waitStrategy());
            assertEquals(5_000, context.snapshotIntervalCommands());
            assertEquals(2_000, context.shutdownTimeoutMs());
            assertEquals(65_536, context.outcomeLogBytes());
            assertEquals(64, new SettlementPipeline.Context().ringSize(64).ringSize(), "a setter overrides the property");
        }
        finally
        {
            properties.keySet().forEach(System::clearProperty);
        }
        assertEquals(16384, new SettlementPipeline.Context().ringSize());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "settlement.pipeline.ring-size | 0 | is out of range (a power of two, 1 to 1073741824)",
        "settlement.pipeline.ring-size | 1000 | is out of range (a power of two, 1 to 1073741824)",
        "settlement.pipeline.ring-size | -16 | is out of range (a power of two, 1 to 1073741824)",
        "settlement.pipeline.ring-size | 2147483648 | is out of range (1 to 1073741824)",
        "settlement.pipeline.snapshot-interval-commands | -1 | is out of range (0 to 9223372036854775807)",
        "settlement.pipeline.shutdown-timeout-ms | 0 | is out of range (1 to 3600000)",
        "settlement.pipeline.shutdown-timeout-ms | 3600001 | is out of range (1 to 3600000)",
        "settlement.pipeline.wait-strategy | NAP | is not one of [BLOCKING, SLEEPING, YIELDING, BUSY_SPIN]",
        "settlement.pipeline.outcome-log-bytes | 2048 | is out of range (a power of two, 4096 to 1073741824)",
        "settlement.pipeline.outcome-log-bytes | 5000 | is out of range (a power of two, 4096 to 1073741824)",
        "settlement.pipeline.outcome-log-bytes | 0 | is out of range (a power of two, 4096 to 1073741824)",
        "settlement.pipeline.outcome-log-bytes | 2147483648 | is out of range (4096 to 1073741824)",
        "settlement.pipeline.outcome-log-bytes | 4MiB | is not a whole number",
        "settlement.pipeline.topology | threaded | is not one of [STAGED, SINGLE]",
    })
    void shouldRefuseEachSettingOutOfRangeNamingIt(final String property, final String value, final String problem)
    {
        final SettingException refused = assertThrows(SettingException.class,
            () -> new SettlementPipeline.Context(NO_PROPERTIES).set(property, value).conclude());
        assertEquals(property + "=" + value + " " + problem, refused.getMessage());
        assertEquals(property, refused.property());
    }

    @Test
    void shouldRefuseAPipelineWithASettingOutOfRangeBeforeStartingIt()
    {
        final SettingException refused = assertThrows(SettingException.class,
            () -> new SettlementPipeline(new SettlementEngine(), new SettlementPipeline.Context(NO_PROPERTIES).ringSize(1000)));
        assertEquals("settlement.pipeline.ring-size=1000 is out of range (a power of two, 1 to 1073741824)", refused.getMessage());
        final SettingException log = assertThrows(SettingException.class,
            () -> new SettlementPipeline(new SettlementEngine(), new SettlementPipeline.Context(NO_PROPERTIES).outcomeLogBytes(1024)));
        assertEquals("settlement.pipeline.outcome-log-bytes=1024 is out of range (a power of two, 4096 to 1073741824)",
            log.getMessage());
        final SettingException noStrategy = assertThrows(SettingException.class,
            () -> new SettlementPipeline.Context(NO_PROPERTIES).waitStrategy(null).conclude());
        assertEquals("settlement.pipeline.wait-strategy=null is required", noStrategy.getMessage());
    }
}
