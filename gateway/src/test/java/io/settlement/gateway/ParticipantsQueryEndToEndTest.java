package io.settlement.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.settlement.gateway.client.GatewayClient;
import io.settlement.gateway.client.ParticipantLine;
import io.settlement.gateway.client.Response;
import io.settlement.gateway.client.sbe.Reason;
import io.settlement.gateway.client.sbe.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.settlement.gateway.GatewayFixture.AUDIT;
import static io.settlement.gateway.GatewayFixture.BANK_A;
import static io.settlement.gateway.GatewayFixture.OPS;
import static io.settlement.gateway.GatewayFixture.RISK;
import static io.settlement.gateway.GatewayFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** QueryParticipants over the wire: the whole list in participant-id order, in as many frames as it needs. */
class ParticipantsQueryEndToEndTest
{
    private GatewayFixture f;

    @BeforeEach
    void start() throws Exception
    {
        f = new GatewayFixture(new GatewayConfig());
    }

    @AfterEach
    void stop() throws Exception
    {
        f.close();
    }

    @Test
    void shouldListEveryParticipantWithItsRoleInIdOrderAndRefuseAMember() throws Exception
    {
        final GatewayClient risk = f.logOn(RISK);
        final Response report = await(risk.queryParticipants());
        assertEquals(Response.Type.PARTICIPANTS_REPORT, report.type());
        assertEquals(List.of(
            new ParticipantLine(1, Role.MEMBER, "", ""), new ParticipantLine(2, Role.MEMBER, "", ""), new ParticipantLine(3, Role.MEMBER, "", ""),
            new ParticipantLine(90, Role.RISK, "", ""), new ParticipantLine(91, Role.OPERATOR, "", ""),
            new ParticipantLine(92, Role.AUDITOR, "", "")), report.participants());
        assertEquals(0, report.remaining());

        final Response refused = await(f.logOn(BANK_A).queryParticipants());
        assertEquals(Response.Type.COMMAND_RESULT, refused.type());
        assertEquals(Reason.NOT_AUTHORISED, refused.result());
        assertEquals(15, refused.refTemplateId());
    }

    @Test
    void shouldSendALongListInSeveralFramesThatTheClientJoins() throws Exception
    {
        // 6 from the fixture + 850 = 856 lines: 21 frames of 40 and one of 16 (a LimitsReport frame holds 160 lines)
        final GatewayClient operator = f.logOn(OPS);
        for (int batch = 0; batch < 850; batch += 50) // in batches, well within the ring
        {
            final List<CompletableFuture<Response>> created = new ArrayList<>();
            for (int i = batch; i < batch + 50; i++)
            {
                final long id = 100_000 - 100L * i; // created in descending id order: 100,000 down to 15,100
                created.add(operator.createParticipant(id, i % 2 == 0 ? Role.MEMBER : Role.AUDITOR, "Участник " + id, "P" + id));
            }
            for (final CompletableFuture<Response> future : created)
            {
                assertEquals(Reason.OK, await(future).result());
            }
        }
        final List<Response> frames = new ArrayList<>();
        final GatewayClient auditor = f.logOn(AUDIT);
        auditor.onPush(frames::add);
        final Response report = await(auditor.queryParticipants());
        assertEquals(856, report.participants().size());
        for (int i = 1; i < report.participants().size(); i++)
        {
            final long previous = report.participants().get(i - 1).participantId();
            assertEquals(true, previous < report.participants().get(i).participantId(), "id order at line " + i);
        }
        assertEquals(new ParticipantLine(15_100, Role.AUDITOR, "Участник 15100", "P15100"), report.participants().get(6)); // i = 849, odd
        assertEquals(new ParticipantLine(100_000, Role.MEMBER, "Участник 100000", "P100000"), report.participants().get(855));
        assertEquals(List.of(), frames, "no frame of the report leaks out as a push");
        // the next answer on the session is in order after the report
        assertEquals(Response.Type.POSITION_REPORT, await(auditor.queryPosition(BANK_A, GatewayFixture.USD)).type());
    }
}
