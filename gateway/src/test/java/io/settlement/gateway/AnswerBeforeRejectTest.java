package io.settlement.gateway;

import java.io.ByteArrayOutputStream;

import io.settlement.protocol.wire.DealAcceptedDecoder;
import io.settlement.protocol.wire.LogonAcceptedDecoder;
import io.settlement.protocol.wire.MessageHeaderDecoder;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.SessionRejectDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.settlement.gateway.GatewayFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A malformed frame that follows good requests in the same write: every request taken before it is
 * answered, in order, then SessionReject, then the end of the stream (issue 9 item 5).
 */
class AnswerBeforeRejectTest
{
    private static final int DEALS = 20;

    @Test
    void shouldAnswerTheLogonAndTheRequestsBehindItBeforeRejectingAFrameTooLong() throws Exception
    {
        try (GatewayFixture f = new GatewayFixture(new GatewayConfig().securityLog(line -> {})))
        {
            try (RawSession raw = new RawSession(f.server.port()))
            {
                final ByteArrayOutputStream write = new ByteArrayOutputStream();
                write.writeBytes(FrameFactory.logon(BANK_A, secret(BANK_A)));
                for (int i = 1; i <= 3; i++)
                {
                    write.writeBytes(FrameFactory.submitDeal(i, 500 + i, BANK_A, BANK_B, ACME, USD, 1, 10, TODAY));
                }
                write.writeBytes(new byte[] {0x7F, 0, 0, 0, (byte)0xEB, 0x50, 0, 0}); // a SOFH length over the maximum
                raw.send(write.toByteArray());

                assertEquals(LogonAcceptedDecoder.TEMPLATE_ID, RawSession.templateId(raw.next()));
                for (int i = 1; i <= 3; i++)
                {
                    final UnsafeBuffer frame = raw.next();
                    assertNotNull(frame, "end of stream before the answer to request " + i);
                    assertEquals(DealAcceptedDecoder.TEMPLATE_ID, RawSession.templateId(frame), "answer " + i);
                }
                assertEquals(Reason.BAD_FRAME_LENGTH, RawSession.reason(raw.next()));
                assertTrue(raw.atEndOfStream(), "the connection is closed after the reject");
            }
        }
    }

    @Test
    void shouldAnswerEveryRequestTakenBeforeTheBadFrameThenRejectAndClose() throws Exception
    {
        final java.util.List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (GatewayFixture f = new GatewayFixture(new GatewayConfig().securityLog(log::add)))
        {
            for (int trial = 0; trial < 5; trial++)
            {
                try (RawSession raw = new RawSession(f.server.port()))
                {
                    final ByteArrayOutputStream write = new ByteArrayOutputStream();
                    write.writeBytes(FrameFactory.logon(BANK_A, secret(BANK_A)));
                    final int deals = trial == 0 ? 1 : DEALS;
                    for (int i = 1; i <= deals; i++)
                    {
                        final long clientDealId = trial * 1_000L + i;
                        write.writeBytes(FrameFactory.submitDeal(i, clientDealId, BANK_A, BANK_B, ACME, USD, 1, 10, TODAY));
                    }
                    write.writeBytes(new byte[] {0, 0, 0, 14, 1, 2, 8, 0, 2, 0, 1, 0, 1, 0}); // SOFH encoding type 0x0102
                    raw.send(write.toByteArray());

                    assertEquals(LogonAcceptedDecoder.TEMPLATE_ID, RawSession.templateId(raw.next()));
                    for (int i = 1; i <= deals; i++)
                    {
                        final UnsafeBuffer frame = raw.next();
                        assertNotNull(frame, "end of stream before the answer to request " + i + " (trial " + trial + ")");
                        assertEquals(DealAcceptedDecoder.TEMPLATE_ID, RawSession.templateId(frame),
                            "answer " + i + " (trial " + trial + ")");
                        final DealAcceptedDecoder accepted = new DealAcceptedDecoder()
                            .wrap(frame, Frames.HEADER_LENGTH, DealAcceptedDecoder.BLOCK_LENGTH, DealAcceptedDecoder.SCHEMA_VERSION);
                        assertEquals(i, accepted.correlationId(), "answers in request order");
                        assertEquals(trial * 1_000L + i, accepted.clientDealId());
                    }
                    final UnsafeBuffer reject = raw.next();
                    assertNotNull(reject, "a SessionReject before the end of the stream");
                    assertEquals(SessionRejectDecoder.TEMPLATE_ID, RawSession.templateId(reject));
                    assertEquals(Reason.BAD_ENCODING_TYPE, new SessionRejectDecoder()
                        .wrap(reject, Frames.HEADER_LENGTH, SessionRejectDecoder.BLOCK_LENGTH, MessageHeaderDecoder.SCHEMA_VERSION)
                        .reason());
                    assertTrue(raw.atEndOfStream(), "the connection is closed after the reject");
                }
            }
            assertEquals(1, log.stream().filter(line -> line.startsWith("protocol reject")).count(), log.toString());
            assertTrue(log.contains("protocol reject for participant 1 from 127.0.0.1: BAD_ENCODING_TYPE (template 0)"),
                "one line, the other four rejects of the window are summarised: " + log);
        }
    }
}
