package io.settlement.fix;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import io.settlement.gateway.GatewayConfig;
import org.junit.jupiter.api.Test;
import quickfix.Message;
import quickfix.field.ExecType;
import quickfix.field.MsgSeqNum;
import quickfix.field.MsgType;
import quickfix.field.PossDupFlag;
import quickfix.field.TrdMatchID;
import quickfix.field.TrdRptStatus;

import static io.settlement.fix.FixFixture.BANK_A;
import static io.settlement.fix.FixFixture.BANK_B;
import static io.settlement.fix.FixFixture.TODAY;
import static io.settlement.fix.FixTradeCaptureTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daily reset of the sessions' sequence numbers and stores (FixConfig reset-time), with real QuickFIX/J initiators
 * keeping the same schedule: after it both sides start again from 1, the old stores are archived, and a notice stored
 * for a client that was away across the reset is carried into the new day and reaches it by the normal resend.
 */
class FixDailyResetTest
{
    @Test
    void shouldStartAgainFromOneAtTheResetAndLoseNoNoticeOfAClientAwayAcrossIt() throws Exception
    {
        final AtomicReference<LocalTime> resetAt = new AtomicReference<>();
        try (FixFixture f = new FixFixture(new GatewayConfig(), config -> config.reset(resetAt.get(), ZoneId.of("UTC"))))
        {
            // the reset a few seconds ahead, on the node and on the clients
            final java.time.Instant resetInstant = java.time.Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(12);
            final LocalTime reset = LocalTime.ofInstant(resetInstant, ZoneOffset.UTC);
            resetAt.set(reset);
            f.clientResetTimeUtc = reset.toString().length() == 5 ? reset + ":00" : reset.toString();
            f.restartFix();

            final FixClient bankA = f.logOn("BANKA", BANK_A);
            final FixClient bankB = f.logOn("BANKB", BANK_B);
            bankA.send(Reports.deal("R-1", BANK_A, BANK_B, "100", "12.5", TODAY));
            final Message ack = bankA.next(MsgType.TRADE_CAPTURE_REPORT_ACK);
            assertEquals(Integer.toString(TrdRptStatus.ACCEPTED), text(ack, TrdRptStatus.FIELD), ack::toString);
            final String dealId = text(ack, TrdMatchID.FIELD);
            bankB.stop(); // BANKB logs out and stays away across the reset
            f.runCycle();
            final Message toA = bankA.next(MsgType.TRADE_CAPTURE_REPORT, m -> dealId.equals(text(m, TrdMatchID.FIELD)));
            assertEquals(Character.toString(ExecType.TRADE), text(toA, ExecType.FIELD), toA::toString);
            assertTrue(toA.getHeader().getInt(MsgSeqNum.FIELD) > 1, "the day's sequence went on");

            // past the reset: the node logs BANKA out (its engine resets too); BANKB's store holds the settled notice it never got
            while (java.time.Instant.now().isBefore(resetInstant.plusSeconds(2)))
            {
                Thread.sleep(200);
            }
            bankA.stop();

            final FixClient bankB2 = f.client("BANKB", Long.toString(BANK_B), FixFixture.secret(BANK_B), "BANKB");
            assertTrue(bankB2.logOn(20_000), "BANKB logs on in the new day: " + bankB2.logouts);
            final Message carried = bankB2.next(MsgType.TRADE_CAPTURE_REPORT, m -> dealId.equals(text(m, TrdMatchID.FIELD)));
            assertEquals(1, carried.getHeader().getInt(MsgSeqNum.FIELD), "the carried notice is the new day's first message");
            assertTrue(carried.getHeader().getBoolean(PossDupFlag.FIELD), "it came by the normal resend");
            assertEquals(Character.toString(ExecType.TRADE), text(carried, ExecType.FIELD), carried::toString);

            final FixClient bankA2 = f.client("BANKA", Long.toString(BANK_A), FixFixture.secret(BANK_A), "BANKA");
            assertTrue(bankA2.logOn(20_000), "BANKA logs on in the new day: " + bankA2.logouts);
            assertEquals(2, bankA2.nextFromNode(), "BANKA had its notice before the reset: nothing carried, our Logon is 1");

            // the new day goes on: a trade's ack and notices follow on from there
            bankA2.send(Reports.deal("R-2", BANK_A, BANK_B, "10", "12.5", TODAY));
            final Message ack2 = bankA2.next(MsgType.TRADE_CAPTURE_REPORT_ACK);
            assertEquals(Integer.toString(TrdRptStatus.ACCEPTED), text(ack2, TrdRptStatus.FIELD), ack2::toString);
            assertEquals(2, ack2.getHeader().getInt(MsgSeqNum.FIELD));

            final Path archive = f.dir.resolve("fix").resolve("sessions").resolve("archive");
            try (Stream<Path> files = Files.list(archive))
            {
                final List<String> names = files.map(file -> file.getFileName().toString()).sorted().toList();
                assertTrue(names.stream().anyMatch(name -> name.contains("BANKA") && name.endsWith(".body")), names::toString);
                assertTrue(names.stream().anyMatch(name -> name.contains("BANKB") && name.endsWith(".body")), names::toString);
            }
            assertFalse(Files.readString(f.dir.resolve("fix").resolve("sessions").resolve("FIX.4.4-SETTLEMENT-BANKA.body"))
                .contains("R-1"), "the day's store starts empty");
        }
    }
}
