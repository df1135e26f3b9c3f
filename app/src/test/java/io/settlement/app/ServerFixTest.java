package io.settlement.app;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quickfix.ApplicationAdapter;
import quickfix.DefaultMessageFactory;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.MemoryStoreFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.SocketInitiator;
import quickfix.field.LastPx;
import quickfix.field.LastQty;
import quickfix.field.MsgType;
import quickfix.field.OrderID;
import quickfix.field.PartyID;
import quickfix.field.PartyIDSource;
import quickfix.field.PartyRole;
import quickfix.field.Password;
import quickfix.field.PreviouslyReported;
import quickfix.field.SettlDate;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.field.TradeDate;
import quickfix.field.TradeReportID;
import quickfix.field.TransactTime;
import quickfix.field.TrdMatchID;
import quickfix.field.TrdRptStatus;
import quickfix.field.Username;
import quickfix.fix44.TradeCaptureReport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code settlement server} with {@code fix} lines runs the FIX channel beside the gateway (docs/fix.md). */
class ServerFixTest
{
    private static final Path EXAMPLE = Path.of("..", "docs", "examples", "server.conf");

    @TempDir
    Path dir;

    @Test
    void shouldRunTheFixChannelOfTheConfigurationAndRegisterAReportedTrade() throws Exception
    {
        final Path config = dir.resolve("server.conf");
        Files.writeString(config, Files.readString(EXAMPLE, StandardCharsets.UTF_8)
            + "fix port=0 comp-id=SETTLEMENT session=1:NORTHBANK\nfix session=2:EASTBANK sync-store=false\n", StandardCharsets.UTF_8);
        final RunningServer server = new RunningServer(config, dir.resolve("data"));
        SocketInitiator initiator = null;
        try
        {
            assertTrue(server.out.toString().contains("FIX 4.4 channel on port " + server.command.boundFixPort + ", 2 sessions, CompID SETTLEMENT"),
                server.out::toString);
            final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
            final SessionID session = new SessionID("FIX.4.4", "NORTHBANK", "SETTLEMENT");
            final SessionSettings settings = new SessionSettings();
            settings.setString("ConnectionType", "initiator");
            settings.setString("SocketConnectHost", "127.0.0.1");
            settings.setLong("SocketConnectPort", server.command.boundFixPort);
            settings.setLong("HeartBtInt", 30);
            settings.setBool("NonStopSession", true);
            settings.setString(session, "BeginString", "FIX.4.4");
            settings.setString(session, "SenderCompID", "NORTHBANK");
            settings.setString(session, "TargetCompID", "SETTLEMENT");
            initiator = new SocketInitiator(new ApplicationAdapter()
            {
                @Override
                public void toAdmin(final Message message, final SessionID id)
                {
                    try
                    {
                        if (MsgType.LOGON.equals(message.getHeader().getString(MsgType.FIELD)))
                        {
                            message.setString(Username.FIELD, "1");
                            message.setString(Password.FIELD, "northbank-secret");
                        }
                    }
                    catch (final FieldNotFound ex)
                    {
                        throw new IllegalStateException(ex);
                    }
                }

                @Override
                public void fromApp(final Message message, final SessionID id)
                {
                    received.add(message);
                }
            }, new MemoryStoreFactory(), settings, new DefaultMessageFactory());
            initiator.start();
            final long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!initiator.isLoggedOn() && System.nanoTime() < giveUpAt)
            {
                Thread.sleep(20);
            }
            assertTrue(initiator.isLoggedOn(), "logged on with the configuration's credentials");

            // NORTHBANK buys 10 ACME from EASTBANK at 25.00 USD for the business date
            final TradeCaptureReport report = new TradeCaptureReport(new TradeReportID("NB-1"), new PreviouslyReported(false),
                new LastQty(10), new LastPx(25), new TradeDate("20260105"), new TransactTime(LocalDateTime.now(ZoneOffset.UTC)));
            report.set(new Symbol("ACME"));
            report.set(new SettlDate("20260105"));
            report.addGroup(side(Side.BUY, "1"));
            report.addGroup(side(Side.SELL, "2"));
            Session.lookupSession(session).send(report);

            final Message ack = received.poll(20, TimeUnit.SECONDS);
            assertNotNull(ack, "an acknowledgement");
            assertEquals(MsgType.TRADE_CAPTURE_REPORT_ACK, ack.getHeader().getString(MsgType.FIELD));
            assertEquals(TrdRptStatus.ACCEPTED, ack.getInt(TrdRptStatus.FIELD), ack::toString);
            assertTrue(Long.parseLong(ack.getString(TrdMatchID.FIELD)) > 0, ack::toString);
        }
        finally
        {
            if (initiator != null)
            {
                initiator.stop(true);
            }
            server.stop();
        }
        assertTrue(Files.isDirectory(dir.resolve("data").resolve("fix").resolve("sessions")), "the FileStore lives in DATA/fix");
    }

    private static TradeCaptureReport.NoSides side(final char side, final String participant)
    {
        final TradeCaptureReport.NoSides group = new TradeCaptureReport.NoSides();
        group.set(new Side(side));
        group.set(new OrderID("NB-1-" + side));
        group.setString(quickfix.field.Currency.FIELD, "USD");
        final TradeCaptureReport.NoSides.NoPartyIDs party = new TradeCaptureReport.NoSides.NoPartyIDs();
        party.set(new PartyID(participant));
        party.set(new PartyIDSource(PartyIDSource.PROPRIETARY_CUSTOM_CODE));
        party.set(new PartyRole(PartyRole.EXECUTING_FIRM));
        group.addGroup(party);
        return group;
    }

    @Test
    void shouldNameTheLineOfARefusedFixSetting() throws Exception
    {
        final Path config = dir.resolve("server.conf");
        Files.writeString(config, "participant id=1 role=MEMBER\nfix port=9878\nfix session=BANKA\n");
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ServerConfig.read(config));
        assertEquals(config + ":3: fix session=BANKA is not PARTICIPANT:COMPID (a participant id, a colon, the client's CompID)",
            refused.getMessage());

        Files.writeString(config, "participant id=1 role=MEMBER\nfix port=9878\n");
        final IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> ServerConfig.read(config));
        assertEquals(config + ":2: a fix line needs at least one session=PARTICIPANT:COMPID (the FIX channel accepts only the sessions"
            + " configured)", none.getMessage());

        Files.writeString(config, "fix session=1:A\nfix session=2:A\n");
        final IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> ServerConfig.read(config));
        assertTrue(twice.getMessage().startsWith(config + ":2: fix session=2:A is refused: FIX session A is given twice"), twice.getMessage());
    }
}
