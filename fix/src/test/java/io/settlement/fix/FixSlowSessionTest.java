package io.settlement.fix;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;

import io.settlement.gateway.GatewayConfig;
import org.junit.jupiter.api.Test;
import quickfix.Message;
import quickfix.field.EncryptMethod;
import quickfix.field.HeartBtInt;
import quickfix.field.MsgSeqNum;
import quickfix.field.MsgType;
import quickfix.field.Password;
import quickfix.field.SenderCompID;
import quickfix.field.SendingTime;
import quickfix.field.TargetCompID;
import quickfix.field.TradeReportType;
import quickfix.field.TrdMatchID;
import quickfix.field.TrdRptStatus;
import quickfix.field.Username;
import quickfix.fix44.Logon;

import static io.settlement.fix.FixFixture.BANK_A;
import static io.settlement.fix.FixFixture.BANK_B;
import static io.settlement.fix.FixFixture.TODAY;
import static io.settlement.fix.FixFixture.secret;
import static io.settlement.fix.FixTradeCaptureTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A client that stops reading (its socket's buffers full) cannot hold back another session's acknowledgements and
 * notices, nor make the node queue its messages without bound: past {@code max-queued-messages} waiting to be written
 * it is disconnected as a slow consumer, its messages kept in its store for the resend.
 */
class FixSlowSessionTest
{
    /**
     * At most this many reports from the client that reads nothing: it goes on until it is cut, which takes more
     * acknowledgements than its connection's socket buffers (a few MB on loopback, tuned by the kernel) and the queue limit hold.
     */
    private static final int FLOOD_MAX = 200_000;
    /** A long TradeReportID (echoed in each acknowledgement): fewer reports fill the buffers. */
    private static final String LONG_ID = "F-" + "x".repeat(50) + "-";

    @Test
    void shouldCutAClientThatStopsReadingAndGoOnServingTheOthers() throws Exception
    {
        try (FixFixture f = new FixFixture(new GatewayConfig(), config -> config.maxQueuedMessages(500));
            Socket stuck = new Socket())
        {
            final FixClient bankA = f.logOn("BANKA", BANK_A);
            // BANKB's engine logs on, sends reports as fast as it can and reads none of their acknowledgements
            stuck.setReceiveBufferSize(1024);
            stuck.connect(new InetSocketAddress("127.0.0.1", f.fix.port()));
            final OutputStream out = stuck.getOutputStream();
            final Logon logon = new Logon(new EncryptMethod(0), new HeartBtInt(30));
            header(logon, 1);
            logon.setString(Username.FIELD, Long.toString(BANK_B));
            logon.setString(Password.FIELD, secret(BANK_B));
            out.write(logon.toString().getBytes(StandardCharsets.US_ASCII));
            awaitLogonAnswer(stuck.getInputStream());
            final CompletableFuture<Void> flood = CompletableFuture.runAsync(() ->
            {
                try
                {
                    for (int i = 0; i < FLOOD_MAX && f.fix.slowConsumerCuts() == 0; i++)
                    {
                        // refused at once (TradeReportType 1): an acknowledgement each, through the same path as every answer
                        final Message report = Reports.deal(LONG_ID + i, BANK_A, BANK_B, "1", "12.5", TODAY);
                        report.setInt(TradeReportType.FIELD, TradeReportType.ALLEGED);
                        header(report, i + 2);
                        out.write(report.toString().getBytes(StandardCharsets.US_ASCII));
                    }
                }
                catch (final java.io.IOException cut)
                {
                    // the node may close the connection once it has cut the session
                }
            });

            // meanwhile BANKA's reports are answered, and after a cycle their notices come
            for (int i = 0; i < 50; i++)
            {
                bankA.send(Reports.deal("A-" + i, BANK_A, BANK_B, "1", "12.5", TODAY));
                final Message ack = bankA.next(MsgType.TRADE_CAPTURE_REPORT_ACK);
                assertEquals(Integer.toString(TrdRptStatus.ACCEPTED), text(ack, TrdRptStatus.FIELD), ack::toString);
            }
            final long deadline = System.nanoTime() + 120_000_000_000L;
            while (f.fix.sessionsLoggedOn() > 1 && System.nanoTime() < deadline)
            {
                Thread.sleep(50);
            }
            assertEquals(1, f.fix.sessionsLoggedOn(), "BANKB, reading nothing, is disconnected");
            assertEquals(1, f.fix.slowConsumerCuts(), "as a slow consumer, once its queue was full (not at a write timeout)");
            flood.cancel(true);

            bankA.send(Reports.deal("after", BANK_A, BANK_B, "1", "12.5", TODAY));
            final Message ack = bankA.next(MsgType.TRADE_CAPTURE_REPORT_ACK);
            assertEquals(Integer.toString(TrdRptStatus.ACCEPTED), text(ack, TrdRptStatus.FIELD), ack::toString);
            f.runCycle();
            final String dealId = text(ack, TrdMatchID.FIELD);
            bankA.next(MsgType.TRADE_CAPTURE_REPORT, m -> dealId.equals(text(m, TrdMatchID.FIELD)));
        }
    }

    private static void header(final Message message, final int seq)
    {
        message.getHeader().setString(SenderCompID.FIELD, "BANKB");
        message.getHeader().setString(TargetCompID.FIELD, "SETTLEMENT");
        message.getHeader().setInt(MsgSeqNum.FIELD, seq);
        message.getHeader().setUtcTimeStamp(SendingTime.FIELD, LocalDateTime.now(ZoneOffset.UTC));
    }

    /** Reads until the node's Logon (35=A) has come. */
    private static void awaitLogonAnswer(final InputStream in) throws Exception
    {
        final StringBuilder read = new StringBuilder();
        final byte[] buffer = new byte[256];
        while (!read.toString().contains("\u000135=A\u0001"))
        {
            final int n = in.read(buffer);
            if (n < 0)
            {
                throw new AssertionError("closed before the Logon's answer: " + read);
            }
            read.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
        }
    }
}
