package io.settlement.journal;

import java.nio.file.Path;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.engine.pipeline.WaitStrategyKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * No setting of the engine, the pipeline or the node shapes an outcome (docs/architecture.md,
 * "Settings"): the same commands give the same events and state whatever they are set to, and a
 * replay of the journal with default settings gives them too. What does shape outcomes (the retention
 * period) is a journaled command.
 */
class SettingsLeaveOutcomesAloneTest
{
    @TempDir
    Path dir;

    @Test
    void shouldGiveTheSameOutcomesWhateverEverySettingIs() throws Exception
    {
        final SettlementEngine defaults = run(new SettlementNode.Config(dir.resolve("a"), name -> null));
        final SettlementNode.Config changed = new SettlementNode.Config(dir.resolve("b"), name -> null)
            .engine(new EngineConfig(name -> null).initialDealCapacity(1))
            .ringSize(512)
            .waitStrategy(WaitStrategyKind.BLOCKING)
            .snapshotIntervalCommands(7)
            .snapshotsKept(1)
            .durability(Durability.UNSYNCED);
        changed.pipeline().shutdownTimeoutMs(5_000).outcomeLogBytes(4096);
        final SettlementEngine other = run(changed);

        assertEquals(defaults.lastSequence(), other.lastSequence());
        assertEquals(defaults.eventCount(), other.eventCount());
        assertEquals(defaults.eventHash(), other.eventHash(), "the same events");
        assertEquals(defaults.stateHash(), other.stateHash(), "the same state");
        assertEquals(defaults.stateHash(), RestartTest.cleanReplay(dir.resolve("b")).stateHash(),
            "a replay with default settings of the journal written with others");
    }

    private static SettlementEngine run(final SettlementNode.Config config) throws Exception
    {
        try (SettlementNode node = SettlementNode.start(config.log(line -> {})))
        {
            final PipelineClient system = node.client(0);
            Workload.setUp(system);
            new Workload(42).run(system, 600);
            return node.stop();
        }
    }
}
