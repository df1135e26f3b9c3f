package io.settlement.journal;

import java.nio.file.Path;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.pipeline.PipelineClient;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stop and start from the same directory: the same state, with and without snapshots. */
class RestartTest
{
    @TempDir
    Path dir;

    static SettlementNode.Config config(final Path dir, final long snapshotInterval)
    {
        return new SettlementNode.Config(dir).ringSize(1024).snapshotIntervalCommands(snapshotInterval)
            .log(line -> {});
    }

    /** The state a clean replay of the whole command journal gives, ignoring every snapshot. */
    static SettlementEngine cleanReplay(final Path dir) throws Exception
    {
        final DataDirectory data = new DataDirectory(dir);
        try (JournalReader commands = JournalReader.openReadOnly(data.commands(), JournalReader.Kind.COMMANDS);
            JournalReader events = JournalReader.openReadOnly(data.events(), JournalReader.Kind.EVENTS))
        {
            return Recovery.run(new EngineConfig(), null, commands, events,
                (buffer, offset, length) -> { throw new AssertionError("a complete journal needs no repair"); },
                line -> {}).engine();
        }
    }

    @ParameterizedTest(name = "snapshot every {0} commands, {1} restarts")
    @CsvSource({"0, 3", "97, 3", "1000, 2", "1, 1"})
    void shouldRecoverTheSameStateAfterEachRestart(final long snapshotInterval, final int restarts) throws Exception
    {
        long expectedHash = 0;
        long expectedSequence = 0;
        for (int run = 0; run <= restarts; run++)
        {
            try (SettlementNode node = SettlementNode.start(config(dir, snapshotInterval)))
            {
                assertEquals(expectedSequence, node.recovery().lastSequence());
                assertEquals(expectedHash == 0 ? node.recovery().stateHash() : expectedHash, node.recovery().stateHash(),
                    "run " + run + " recovered a different state");
                final PipelineClient system = node.client(0);
                if (run == 0)
                {
                    Workload.setUp(system);
                }
                new Workload(run * 31L + snapshotInterval).run(system, 700);
                final SettlementEngine engine = node.stop();
                expectedHash = engine.stateHash();
                expectedSequence = engine.lastSequence();
                assertEquals(java.util.List.of(), engine.checkInvariants());
            }
        }
        assertTrue(expectedSequence > 700 * restarts);
        assertEquals(expectedHash, cleanReplay(dir).stateHash(), "a replay without snapshots agrees");
    }
}
