package io.settlement.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;

import io.settlement.engine.api.Command;
import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.Codes;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import org.junit.jupiter.api.Test;

import static io.settlement.engine.EngineFixture.AUDIT;
import static io.settlement.engine.EngineFixture.BANK_A;
import static io.settlement.engine.EngineFixture.BANK_B;
import static io.settlement.engine.EngineFixture.BROKER_C;
import static io.settlement.engine.EngineFixture.OPS;
import static io.settlement.engine.EngineFixture.RISK;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** QUERY_PARTICIPANTS: every participant with its role, in participant-id order, for RISK, OPERATOR, AUDITOR. */
class ParticipantsQueryTest
{
    private final EngineFixture f = new EngineFixture();

    @Test
    void shouldListEveryParticipantInIdOrderWhateverTheOrderOfCreation()
    {
        // the fixture created 91, 1, 2, 3, 90, 92; add ids below, between and above them
        f.ok(f.command.createParticipant(OPS, 0, 50, Role.MEMBER));
        f.ok(f.command.createParticipant(OPS, 0, 1_000_000_007L, Role.AUDITOR)); // beyond the direct-id range
        f.ok(f.command.createParticipant(OPS, 0, 4, Role.RISK));

        final List<Event> report = f.apply(f.command.queryParticipants(RISK, 77));
        assertEquals(EventType.PARTICIPANTS_REPORT, report.get(0).type);
        assertEquals(77, report.get(0).correlationId);
        assertEquals(9, report.get(0).count);
        final String expected = "1 MEMBER, 2 MEMBER, 3 MEMBER, 4 RISK, 50 MEMBER, 90 RISK, 91 OPERATOR, 92 AUDITOR, "
            + "1000000007 AUDITOR";
        assertEquals(expected, lines(report));
        for (final Event line : report.subList(1, report.size()))
        {
            assertEquals(EventType.PARTICIPANT_LINE, line.type);
            assertEquals(77, line.correlationId);
        }
    }

    @Test
    void shouldAnswerRiskOperatorAuditorAndTheSystemButRefuseAMemberAndAnUnknownSubmitter()
    {
        for (final long allowed : new long[] {RISK, OPS, AUDIT, Command.SYSTEM_SUBMITTER})
        {
            final List<Event> report = f.apply(f.command.queryParticipants(allowed, 0));
            assertEquals(EventType.PARTICIPANTS_REPORT, report.get(0).type, () -> "for " + allowed);
            assertEquals("1 MEMBER, 2 MEMBER, 3 MEMBER, 90 RISK, 91 OPERATOR, 92 AUDITOR", lines(report));
        }
        for (final long member : new long[] {BANK_A, BANK_B, BROKER_C})
        {
            assertEquals(Reason.NOT_AUTHORISED, f.one(f.command.queryParticipants(member, 0)).reason);
        }
        assertEquals(Reason.UNKNOWN_PARTICIPANT, f.one(f.command.queryParticipants(4242, 0)).reason);
    }

    @Test
    void shouldKeepTheOrderAfterASnapshotRestore() throws Exception
    {
        f.ok(f.command.createParticipant(OPS, 0, 60, Role.MEMBER));
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EngineSnapshot.write(f.engine, bytes);
        final SettlementEngine restored = EngineSnapshot.read(new ByteArrayInputStream(bytes.toByteArray()), new EngineConfig());
        final EventRecorder events = new EventRecorder(true);
        final Command query = new Command().queryParticipants(AUDIT, 5);
        query.sequence = 1_000;
        restored.apply(query, events);
        assertEquals("1 MEMBER, 2 MEMBER, 3 MEMBER, 60 MEMBER, 90 RISK, 91 OPERATOR, 92 AUDITOR", lines(events.events));
    }

    private static String lines(final List<Event> report)
    {
        final StringBuilder sb = new StringBuilder();
        for (final Event line : report.subList(1, report.size()))
        {
            sb.append(sb.length() == 0 ? "" : ", ").append(line.participantId).append(' ').append(Codes.role(line.role));
        }
        return sb.toString();
    }
}
