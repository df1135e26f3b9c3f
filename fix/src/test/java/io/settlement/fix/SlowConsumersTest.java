package io.settlement.fix;

import io.settlement.gateway.GatewayConfig;
import org.junit.jupiter.api.Test;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.fix44.News;

import static io.settlement.fix.FixFixture.BANK_A;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Only the sessions QuickFIX/J cuts as slow consumers are counted as cut: not a send that a disconnect refused. */
class SlowConsumersTest
{
    @Test
    void shouldNotCountASendRefusedByADisconnectAtTheSameMomentAsASlowConsumerCut() throws Exception
    {
        try (FixFixture f = new FixFixture(new GatewayConfig(), config -> config);
            RawFixConnection bankA = new RawFixConnection(f.fix.port(), "BANKA"))
        {
            bankA.logOn(BANK_A);
            final SessionID sessionId = new SessionID(FixConfig.BEGIN_STRING, "SETTLEMENT", "BANKA");
            // the session disconnects (its client went, an operator, the reset) while the message is being sent
            final News crossing = new News()
            {
                @Override
                public String toString()
                {
                    try
                    {
                        Session.lookupSession(sessionId).disconnect("the client went", false);
                    }
                    catch (final java.io.IOException ex)
                    {
                        throw new IllegalStateException(ex);
                    }
                    return super.toString();
                }
            };
            crossing.setString(148, "Headline");
            assertFalse(f.fix.sender().send(sessionId, crossing), "not written: the session is disconnected");
            assertEquals(0, f.fix.slowConsumerCuts(), "no slow consumer was cut");
        }
    }
}
