package io.settlement.journal;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.SettlementEngine;
import io.settlement.engine.api.Command;
import io.settlement.engine.api.CommandCodec;
import io.settlement.engine.api.CommandType;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventCodec;
import io.settlement.engine.api.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed first-version journal ({@code src/test/resources/journal-v1/}, written once by
 * {@link JournalV1Writer} through a real node in the first version of the journal schema) replays
 * on this build to the figures that build recorded: the auditor's verifying replay, and a node's
 * recovery, which also re-derives and journals the outcomes of its crash tail. Every command and
 * event type of version 1 is in it. If this fails, the change broke every journal written since
 * version 1: undo it (docs/journal-format.md says what may change); never re-record the journal.
 */
class JournalV1Test
{
    static final String RESOURCE = "journal-v1";

    // as the build that wrote the journal reported them (JournalV1Writer)
    private static final long COMMANDS = 360;
    private static final long TAIL_COMMANDS = 3;
    private static final long TAIL_EVENTS = 3;
    private static final long EVENTS_JOURNALED = 743;
    private static final long STATE_HASH = 0x164AF160D9688B9L;
    private static final long EVENT_HASH = 0x76AA1862162A7600L;
    private static final long EVENT_COUNT = 746;

    /** The types of the first version (a type added later is not in this journal, and need not be). */
    private static final Set<String> VERSION_1_COMMANDS = new TreeSet<>(List.of(
        "SUBMIT_DEAL", "CANCEL_DEAL", "QUERY_LIMITS", "QUERY_POSITION", "QUERY_DEAL", "QUERY_PARTICIPANTS",
        "CREATE_PARTICIPANT", "CREATE_INSTRUMENT", "DEPOSIT", "WITHDRAW", "SET_LIMIT", "ADVANCE_BUSINESS_DATE",
        "RUN_SETTLEMENT_CYCLE", "SET_RETENTION"));
    private static final Set<String> VERSION_1_EVENTS = new TreeSet<>(List.of(
        "DEAL_ACCEPTED", "DEAL_REJECTED", "DEAL_CANCELLED", "DEAL_SETTLED", "DEAL_SETTLEMENT_FAILED",
        "CYCLE_SETTLED_VALUE", "CYCLE_COMPLETED", "COMMAND_RESULT", "LIMIT_SET", "POSITION_REPORT", "DEAL_REPORT",
        "LIMITS_REPORT", "LIMIT_LINE", "BUSINESS_DATE_ADVANCED", "PARTICIPANTS_REPORT", "PARTICIPANT_LINE"));

    @TempDir
    Path dir;

    /** A copy of the committed journal: recovery appends to what it reads. */
    private DataDirectory copy() throws Exception
    {
        final Path copy = dir.resolve("data");
        JournalV1Writer.copyTree(committed(), copy);
        return new DataDirectory(copy);
    }

    private static Path committed() throws URISyntaxException
    {
        final java.net.URL url = JournalV1Test.class.getClassLoader().getResource(RESOURCE);
        assertNotNull(url, RESOURCE + " on the test classpath");
        return Paths.get(url.toURI());
    }

    @Test
    void theAuditorsReplayVerifiesItToTheRecordedHashes() throws Exception
    {
        final Audit.Result result = Audit.replay(copy(), new EngineConfig(), true, Long.MAX_VALUE, done -> {});
        assertEquals(0, result.mismatches(), result.firstMismatch());
        assertEquals(COMMANDS, result.commands(), "commands");
        assertEquals(EVENTS_JOURNALED, result.eventsVerified(), "journaled events, each equal to the replay's");
        assertEquals(TAIL_COMMANDS, result.tailCommands(), "the crash tail");
        assertEquals(COMMANDS - TAIL_COMMANDS + 1, result.tailFirstSequence());
        assertEquals(TAIL_EVENTS, result.tailEvents(), "the tail's derived events");
        assertEquals(0, result.eventsBeyondEnd());
        assertHashes(result.engine());
    }

    @Test
    void aNodeRecoversItReJournalsTheTailAndTheAuditorThenFindsNoTail() throws Exception
    {
        final DataDirectory data = copy();
        try (SettlementNode node = SettlementNode.start(RestartTest.config(data.root(), 0)))
        {
            final Recovery.Report report = node.recovery();
            assertEquals(0, report.snapshotSequence(), "no snapshot: replayed from the first command");
            assertEquals(COMMANDS, report.lastSequence());
            assertEquals(COMMANDS, report.commandsReplayed());
            assertEquals(EVENTS_JOURNALED, report.eventsVerified());
            assertEquals(TAIL_EVENTS, report.eventsAppended(), "the tail's outcomes re-derived and journaled");
            assertEquals(Long.toHexString(STATE_HASH), Long.toHexString(report.stateHash()), "state hash");
            assertHashes(node.stop());
        }
        final Audit.Result after = Audit.replay(data, new EngineConfig(), true, Long.MAX_VALUE, done -> {});
        assertEquals(0, after.mismatches(), after.firstMismatch());
        assertEquals(0, after.tailCommands());
        assertEquals(EVENTS_JOURNALED + TAIL_EVENTS, after.eventsVerified());
        assertHashes(after.engine());
    }

    @Test
    void itHoldsEveryCommandAndEventTypeOfVersionOne() throws Exception
    {
        final DataDirectory data = copy();
        final Set<CommandType> commandTypes = EnumSet.noneOf(CommandType.class);
        final Set<EventType> eventTypes = EnumSet.noneOf(EventType.class);
        boolean wideSettledValue = false;
        try (JournalReader commands = JournalReader.openReadOnly(data.commands(), JournalReader.Kind.COMMANDS);
            JournalReader events = JournalReader.openReadOnly(data.events(), JournalReader.Kind.EVENTS))
        {
            final Command command = new Command();
            for (int length = commands.next(); length > 0; length = commands.next())
            {
                assertTrue(CommandCodec.decode(commands.buffer(), commands.offset(), length, command));
                commandTypes.add(command.type);
            }
            final Event event = new Event();
            for (int length = events.next(); length > 0; length = events.next())
            {
                assertTrue(EventCodec.decode(events.buffer(), events.offset(), length, event));
                eventTypes.add(event.type);
                wideSettledValue |= event.type == EventType.CYCLE_SETTLED_VALUE && event.wideAmount().bitLength() > 63;
            }
        }
        assertEquals(VERSION_1_COMMANDS, commandTypes.stream().map(Enum::name).collect(Collectors.toCollection(TreeSet::new)));
        assertEquals(VERSION_1_EVENTS, eventTypes.stream().map(Enum::name).collect(Collectors.toCollection(TreeSet::new)));
        assertTrue(wideSettledValue, "a settled value beyond int64");
    }

    private static void assertHashes(final SettlementEngine engine)
    {
        assertEquals(Long.toHexString(STATE_HASH), Long.toHexString(engine.stateHash()), "state hash");
        assertEquals(Long.toHexString(EVENT_HASH), Long.toHexString(engine.eventHash()), "event hash");
        assertEquals(EVENT_COUNT, engine.eventCount(), "event count");
    }

    /** Prints what the tests above assert, from a journal just written ({@link JournalV1Writer}). */
    static void printFigures(final Path journal) throws Exception
    {
        final Path scratch = java.nio.file.Files.createTempDirectory("journal-v1-figures");
        try
        {
            JournalV1Writer.copyTree(journal, scratch.resolve("data"));
            final Audit.Result r = Audit.replay(new DataDirectory(scratch.resolve("data")), new EngineConfig(), true, Long.MAX_VALUE, done -> {});
            System.out.printf("  COMMANDS = %d%n  TAIL_COMMANDS = %d%n  TAIL_EVENTS = %d%n  EVENTS_JOURNALED = %d%n"
                    + "  STATE_HASH = 0x%XL%n  EVENT_HASH = 0x%XL%n  EVENT_COUNT = %d%n  mismatches %d%n",
                r.commands(), r.tailCommands(), r.tailEvents(), r.eventsVerified(), r.engine().stateHash(),
                r.engine().eventHash(), r.engine().eventCount(), r.mismatches());
        }
        finally
        {
            JournalV1Writer.deleteTree(scratch);
        }
    }
}
