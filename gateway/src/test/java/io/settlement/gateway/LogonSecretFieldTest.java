package io.settlement.gateway;

import java.nio.charset.StandardCharsets;

import io.settlement.protocol.wire.LogonAcceptedDecoder;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.SessionRejectDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.settlement.gateway.GatewayFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * How the Logon's 32-byte secret field is read, over TCP: the secret is the bytes before the first
 * NUL, the rest must be NUL, spaces count (issue 9 item 8).
 */
class LogonSecretFieldTest
{
    @Test
    void shouldLogOnOnlyWithTheExactSecret() throws Exception
    {
        try (GatewayFixture f = new GatewayFixture(new GatewayConfig().securityLog(line -> {})))
        {
            final String secret = secret(BANK_A);
            assertEquals(Reason.BAD_CREDENTIALS, reject(f, bytes(secret + "   ")), "trailing spaces are significant");
            assertEquals(Reason.BAD_CREDENTIALS, reject(f, bytes(secret + "\0junk")), "junk after the NUL");
            assertEquals(Reason.BAD_CREDENTIALS, reject(f, new byte[32]), "an all-zero field");
            try (RawSession raw = new RawSession(f.server.port()))
            {
                raw.send(FrameFactory.logon(BANK_A, bytes(secret)));
                assertEquals(LogonAcceptedDecoder.TEMPLATE_ID, RawSession.templateId(raw.next()));
            }
        }
    }

    private static Reason reject(final GatewayFixture f, final byte[] secretField) throws Exception
    {
        try (RawSession raw = new RawSession(f.server.port()))
        {
            raw.send(FrameFactory.logon(BANK_A, secretField));
            final UnsafeBuffer answer = raw.next();
            assertEquals(SessionRejectDecoder.TEMPLATE_ID, RawSession.templateId(answer), "a SessionReject");
            return new SessionRejectDecoder().wrap(answer, Frames.HEADER_LENGTH, SessionRejectDecoder.BLOCK_LENGTH, 1).reason();
        }
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
