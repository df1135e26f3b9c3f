package io.settlement.app;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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
import quickfix.field.ExecType;
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
import quickfix.field.Text;
import quickfix.field.TradeDate;
import quickfix.field.TradeReportID;
import quickfix.field.TradeReportRejectReason;
import quickfix.field.TransactTime;
import quickfix.field.TrdMatchID;
import quickfix.field.TrdRptStatus;
import quickfix.field.Username;
import quickfix.fix44.TradeCaptureReport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The FIX channel in front of three real nodes ({@code settlement gateway --cluster} with a {@code fix} line), its client a
 * real QuickFIX/J initiator: a TradeCaptureReport is acknowledged as a single node acknowledges it, and after the leader is
 * killed the report sent again (same TradeReportID) gets its original deal, a new one a new deal; a cycle's settlement
 * notices reach the session (from the journals of the node the gateway reads).
 */
class ClusterFixTest
{
    private static final String FIX_LINE = "fix port=9878 comp-id=SETTLEMENT session=1:NORTHBANK\n";

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void shouldAcknowledgeAReportAsASingleNodeDoesAndGiveItsOriginalDealAfterTheLeaderIsKilled() throws Exception
    {
        final Path config = dir.resolve("server.conf");
        Files.writeString(config, Files.readString(ClusterInFront.EXAMPLE, StandardCharsets.UTF_8) + FIX_LINE, StandardCharsets.UTF_8);

        final List<String> single;
        final RunningServer server = new RunningServer(config, dir.resolve("single"));
        try (Initiator client = new Initiator(serverFixPort(server)))
        {
            single = fields(client.report("NB-1", 10));
        }
        finally
        {
            server.stop();
        }
        assertEquals(Integer.toString(TrdRptStatus.ACCEPTED), single.get(1), single::toString);

        try (ClusterInFront cluster = new ClusterInFront(dir.resolve("cluster")))
        {
            cluster.startGateway(config);
            assertTrue(cluster.out.toString().contains("FIX 4.4 channel on port " + cluster.command.boundFixPort), cluster.out::toString);
            try (Initiator client = new Initiator(cluster.command.boundFixPort))
            {
                final Message first = client.report("NB-1", 10);
                assertEquals(single, fields(first), "acknowledged as on a single node");
                final String dealId = first.getString(TrdMatchID.FIELD);

                final int killed = cluster.killLeader();
                // the same report again: the original deal once the cluster has a leader (UNAVAILABLE, with nothing done, before)
                final Message again = client.reportUntilAnswered("NB-1", 10, 90_000);
                assertEquals(TrdRptStatus.ACCEPTED, again.getInt(TrdRptStatus.FIELD), again::toString);
                assertEquals(dealId, again.getString(TrdMatchID.FIELD), "the original deal: " + again);
                final int leader = cluster.awaitLeader();
                assertNotEquals(killed, leader);

                final Message next = client.reportUntilAnswered("NB-2", 20, 30_000);
                assertEquals(TrdRptStatus.ACCEPTED, next.getInt(TrdRptStatus.FIELD), next::toString);
                assertNotEquals(dealId, next.getString(TrdMatchID.FIELD), "a new report, a new deal: " + next);

                // a cycle (the operator's, through the HTTP API of the same gateway): NORTHBANK's settlement notices, made from
                // the event journal of the node read from
                runCycle(cluster.command.boundHttpPort);
                final List<String> settled = new java.util.ArrayList<>();
                ClusterInFront.await(() ->
                {
                    final Message notice = client.received.poll();
                    if (notice != null)
                    {
                        settled.add(optionalUnchecked(notice, TrdMatchID.FIELD) + " " + optionalUnchecked(notice, ExecType.FIELD));
                    }
                    return settled.size() >= 2;
                }, 30_000, () -> "settlement notices: " + settled);
                assertEquals(List.of(dealId + " " + ExecType.TRADE, next.getString(TrdMatchID.FIELD) + " " + ExecType.TRADE), settled);
            }
        }
    }

    /** Logs on to the HTTP API as the example's operator and runs a settlement cycle. */
    private static void runCycle(final int httpPort) throws Exception
    {
        final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        final String base = "http://127.0.0.1:" + httpPort;
        final java.net.http.HttpResponse<String> login = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/login"))
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"participantId\": 91, \"secret\": \"ops-secret-91\"}")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode(), login.body());
        final String token = login.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        final java.net.http.HttpResponse<String> cycle = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/cycles"))
            .header("Authorization", "Bearer " + token).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, cycle.statusCode(), cycle.body());
        assertTrue(cycle.body().contains("\"settled\":2"), cycle.body());
    }

    private static String optionalUnchecked(final Message message, final int field)
    {
        try
        {
            return optional(message, field);
        }
        catch (final FieldNotFound ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static int serverFixPort(final RunningServer server)
    {
        return server.command.boundFixPort;
    }

    /** What a client reads in an acknowledgement: its report id, status, exec type, deal, reject reason and text. */
    private static List<String> fields(final Message ack) throws FieldNotFound
    {
        assertEquals(MsgType.TRADE_CAPTURE_REPORT_ACK, ack.getHeader().getString(MsgType.FIELD), ack::toString);
        return List.of(ack.getString(TradeReportID.FIELD), ack.getString(TrdRptStatus.FIELD), optional(ack, ExecType.FIELD),
            optional(ack, TrdMatchID.FIELD), optional(ack, TradeReportRejectReason.FIELD), optional(ack, Text.FIELD));
    }

    private static String optional(final Message message, final int field) throws FieldNotFound
    {
        return message.isSetField(field) ? message.getString(field) : "-";
    }

    /** A QuickFIX/J initiator logged on as NORTHBANK (participant 1 of the example configuration). */
    private static final class Initiator implements AutoCloseable
    {
        final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        private final SessionID session = new SessionID("FIX.4.4", "NORTHBANK", "SETTLEMENT");
        private final SocketInitiator initiator;

        Initiator(final int port) throws Exception
        {
            final SessionSettings settings = new SessionSettings();
            settings.setString("ConnectionType", "initiator");
            settings.setString("SocketConnectHost", "127.0.0.1");
            settings.setLong("SocketConnectPort", port);
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
            ClusterInFront.await(initiator::isLoggedOn, 30_000, () -> "not logged on with the configuration's credentials");
        }

        /** NORTHBANK buys {@code quantity} ACME from EASTBANK at 25.00 USD for the business date: the acknowledgement. */
        Message report(final String tradeReportId, final int quantity) throws Exception
        {
            final TradeCaptureReport report = new TradeCaptureReport(new TradeReportID(tradeReportId), new PreviouslyReported(false),
                new LastQty(quantity), new LastPx(25), new TradeDate("20260105"), new TransactTime(LocalDateTime.now(ZoneOffset.UTC)));
            report.set(new Symbol("ACME"));
            report.set(new SettlDate("20260105"));
            report.addGroup(side(Side.BUY, "1", tradeReportId));
            report.addGroup(side(Side.SELL, "2", tradeReportId));
            assertTrue(Session.lookupSession(session).send(report), "sent");
            final Message ack = received.poll(30, TimeUnit.SECONDS);
            assertNotNull(ack, "an acknowledgement of " + tradeReportId);
            return ack;
        }

        /** The report sent until it is acknowledged other than UNAVAILABLE, BUSY or NO_ANSWER_YET (no leader yet): that acknowledgement. */
        Message reportUntilAnswered(final String tradeReportId, final int quantity, final long timeoutMs) throws Exception
        {
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (true)
            {
                final Message ack = report(tradeReportId, quantity);
                final String text = ack.isSetField(Text.FIELD) ? ack.getString(Text.FIELD) : "";
                final boolean unavailable = ack.getInt(TrdRptStatus.FIELD) != TrdRptStatus.ACCEPTED
                    && (text.startsWith("UNAVAILABLE") || text.startsWith("NO_ANSWER_YET") || text.startsWith("BUSY"));
                if (!unavailable || System.nanoTime() - deadline > 0)
                {
                    return ack;
                }
                Thread.sleep(500);
            }
        }

        private static TradeCaptureReport.NoSides side(final char side, final String participant, final String tradeReportId)
        {
            final TradeCaptureReport.NoSides group = new TradeCaptureReport.NoSides();
            group.set(new Side(side));
            group.set(new OrderID(tradeReportId + "-" + side));
            group.setString(quickfix.field.Currency.FIELD, "USD");
            final TradeCaptureReport.NoSides.NoPartyIDs party = new TradeCaptureReport.NoSides.NoPartyIDs();
            party.set(new PartyID(participant));
            party.set(new PartyIDSource(PartyIDSource.PROPRIETARY_CUSTOM_CODE));
            party.set(new PartyRole(PartyRole.EXECUTING_FIRM));
            group.addGroup(party);
            return group;
        }

        @Override
        public void close()
        {
            initiator.stop(true);
        }
    }
}
