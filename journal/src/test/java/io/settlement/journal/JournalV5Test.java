package io.settlement.journal;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstructionStatus;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.settlement.journal.JournalV5Writer.ACME;
import static io.settlement.journal.JournalV5Writer.BUYER;
import static io.settlement.journal.JournalV5Writer.EXPIRED_DATE;
import static io.settlement.journal.JournalV5Writer.MATCHED_DATE;
import static io.settlement.journal.JournalV5Writer.SELLER;
import static io.settlement.journal.JournalV5Writer.USD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed version-5 data directory ({@code src/test/resources/journal-v5/}, written once by
 * {@link JournalV5Writer} through a node of the last build of journal schema 5) recovers on this build:
 * its repeats of a MATCHED and of an EXPIRED instruction, which this build answers in the version-6
 * layout (with the deal, with why it ended), verify against the version-5 records, and hash as that build
 * hashed them; its format-7 snapshot, which holds ended instructions without their end dates, is not
 * used, so a node restarted on it purges them on the dates a replay from the start does.
 */
class JournalV5Test
{
    // as the build that wrote the journal reported them (JournalV5Writer)
    private static final long COMMANDS = 14;
    private static final long EVENTS = 18;
    private static final long EVENT_HASH = 0x161413EDC28B251DL;

    @TempDir
    Path dir;

    private DataDirectory copy() throws Exception
    {
        final Path copy = dir.resolve("data");
        JournalV1Writer.copyTree(committed(), copy);
        return new DataDirectory(copy);
    }

    private static Path committed() throws URISyntaxException
    {
        final java.net.URL url = JournalV5Test.class.getClassLoader().getResource("journal-v5");
        assertNotNull(url, "journal-v5 on the test classpath");
        return Paths.get(url.toURI());
    }

    @Test
    void theAuditorsReplayVerifiesTheRepeatsAndHashesAsVersion5Did() throws Exception
    {
        final Audit.Result result = Audit.replay(copy(), new EngineConfig(), true, Long.MAX_VALUE, done -> {});
        assertEquals(0, result.mismatches(), result.firstMismatch());
        assertEquals(COMMANDS, result.commands());
        assertEquals(EVENTS, result.eventsVerified());
        assertEquals(0, result.tailCommands());
        assertEquals(Long.toHexString(EVENT_HASH), Long.toHexString(result.engine().eventHash()), "event hash");
        assertEquals(EVENTS, result.engine().eventCount());
    }

    @Test
    void recoveryFromTheJournalVerifiesTheRepeats() throws Exception
    {
        final DataDirectory data = copy();
        try (JournalReader commands = JournalReader.openReadOnly(data.commands(), JournalReader.Kind.COMMANDS);
            JournalReader events = JournalReader.openReadOnly(data.events(), JournalReader.Kind.EVENTS))
        {
            final Recovery.Report report = Recovery.run(new EngineConfig(), null, commands, events,
                (buffer, offset, length) -> { throw new AssertionError("a complete journal needs no repair"); },
                line -> {}).report();
            assertEquals(COMMANDS, report.lastSequence());
            assertEquals(EVENTS, report.eventsVerified());
            assertEquals(0, report.eventsAppended());
        }
    }

    /**
     * Retention 2 days: the instruction that expired at 2026-01-07 (settlement date 2026-01-05) is kept
     * until the roll past 2026-01-09; read from format 7 (end date 0) it would be purged at the roll to
     * 2026-01-08, and its repeat refused as a retired clientRef.
     */
    @Test
    void aNodeLeavesTheFormat7SnapshotAsideAndPurgesWhenAReplayDoes() throws Exception
    {
        final DataDirectory data = copy();
        final List<String> log = new CopyOnWriteArrayList<>();
        final long stateHash;
        final Recovery.Report report;
        try (SettlementNode node = SettlementNode.start(RestartTest.config(data.root(), 0).log(log::add)))
        {
            report = node.recovery();

            final PipelineClient system = node.client(0);
            final PipelineClient buyer = node.client(BUYER);
            final Command c = new Command();
            send(system, c.advanceBusinessDate(0, 0, 20260108));
            final Event repeat = send(buyer, c.submitInstruction(BUYER, 0, 2, Side.BUY, SELLER, ACME, USD, 5, 500,
                MATCHED_DATE, DealType.DVP)).first();
            assertEquals(EventType.INSTRUCTION_ACCEPTED, repeat.type, "not purged yet: " + repeat);
            assertEquals(InstructionStatus.EXPIRED.value(), repeat.instructionStatus);
            assertEquals(Reason.UNMATCHED_EXPIRED, repeat.reason);
            send(system, c.advanceBusinessDate(0, 0, 20260109));
            assertEquals(InstructionStatus.EXPIRED.value(), send(system, c.queryInstruction(0, 0, 3)).first().instructionStatus);
            send(system, c.advanceBusinessDate(0, 0, 20260110));
            assertEquals(Reason.INSTRUCTION_PURGED, send(system, c.queryInstruction(0, 0, 3)).first().reason,
                "purged past retention from " + EXPIRED_DATE);
            stateHash = node.stop().stateHash();
        }
        final Audit.Result replay = Audit.replay(data, new EngineConfig(), true, Long.MAX_VALUE, done -> {});
        assertEquals(0, replay.mismatches(), replay.firstMismatch());
        assertEquals(0, replay.tailCommands());
        assertEquals(Long.toHexString(replay.engine().stateHash()), Long.toHexString(stateHash), "the replay's state");
        assertEquals(0, report.snapshotSequence(), "the format-7 snapshot is not used: " + log);
        assertEquals(COMMANDS, report.commandsReplayed());
        assertTrue(log.stream().anyMatch(line -> line.contains("snapshot-00000000000000000014.snap")
            && line.contains("format 7") && line.contains("without the date it ended")), "the reason, logged: " + log);
    }

    private static PipelineClient.Outcome send(final PipelineClient client, final Command command) throws Exception
    {
        return client.send(command).get(30, TimeUnit.SECONDS);
    }
}
