package io.settlement.journal;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

import io.settlement.engine.EngineConfig;
import io.settlement.engine.api.Command;
import io.settlement.engine.pipeline.PipelineClient;
import io.settlement.protocol.wire.DealType;
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

/**
 * The committed version-5 data directory ({@code src/test/resources/journal-v5/}, written once by
 * {@link JournalV5Writer} through a node of the last build of journal schema 5) recovers on this build:
 * its repeats of a MATCHED and of an EXPIRED instruction, which this build answers in the version-6
 * layout (with the deal, with why it ended), verify against the version-5 records, and hash as that build
 * hashed them.
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

    private static PipelineClient.Outcome send(final PipelineClient client, final Command command) throws Exception
    {
        return client.send(command).get(30, TimeUnit.SECONDS);
    }
}
