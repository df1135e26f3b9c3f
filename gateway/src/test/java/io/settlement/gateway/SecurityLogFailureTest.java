package io.settlement.gateway;

import io.settlement.engine.SettlementEngine;
import io.settlement.engine.pipeline.SessionRouter;
import io.settlement.engine.pipeline.SettlementPipeline;
import io.settlement.protocol.wire.LogonAcceptedDecoder;
import io.settlement.protocol.wire.Role;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A security-log sink that throws stops nothing: the logon whose line it refused is still answered and the
 * session still read (LogonAccepted waited in the gathered answers for a flush that the sink's exception skipped).
 */
class SecurityLogFailureTest
{
    @Test
    void shouldAnswerTheLogonAndGoOnReadingWhenTheSecurityLogThrows() throws Exception
    {
        final SessionRouter router = new SessionRouter();
        final SettlementPipeline pipeline = new SettlementPipeline(new SettlementEngine(),
            new SettlementPipeline.Context().ringSize(1024).router(router));
        final Credentials credentials = new Credentials();
        credentials.addSecret(1, Role.MEMBER, "secret-1");
        final GatewayServer server = GatewayServer.start(pipeline, router, new GatewayConfig().host("127.0.0.1").port(0)
            .credentials(credentials).idleTimeoutMs(60_000).securityLog(line ->
            {
                if (line.startsWith("logon "))
                {
                    throw new IllegalStateException("security log sink down");
                }
            }));
        try (RawSession raw = new RawSession(server.port()))
        {
            raw.send(FrameFactory.logon(1, "secret-1"));
            final UnsafeBuffer accepted = raw.next(); // throws SocketTimeoutException after 10 s without an answer
            assertEquals(LogonAcceptedDecoder.TEMPLATE_ID, RawSession.templateId(accepted));

            raw.send(FrameFactory.queryLimits(2, 1));
            raw.next(); // answered: the session reads on
        }
        finally
        {
            server.close();
            pipeline.close();
        }
    }
}
