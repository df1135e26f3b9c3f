package io.settlement.fix;

import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import quickfix.Application;
import quickfix.DefaultMessageFactory;
import quickfix.FieldNotFound;
import quickfix.FileStoreFactory;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.SocketInitiator;
import quickfix.field.MsgType;
import quickfix.field.Password;
import quickfix.field.Text;
import quickfix.field.Username;

/**
 * A real QuickFIX/J initiator, as a front office would run one: logs on with Username(553) and
 * Password(554), keeps its own FileStore (so that a restart of it asks for what it missed), and queues
 * what it receives: application messages, session Rejects (35=3) and the Logout texts.
 */
final class FixClient implements Application, AutoCloseable
{
    final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
    /** Messages received that a {@link #next(String, java.util.function.Predicate)} passed over, in order (the test thread only). */
    private final java.util.List<Message> held = new java.util.ArrayList<>();
    final BlockingQueue<Message> rejects = new LinkedBlockingQueue<>();
    final BlockingQueue<String> logouts = new LinkedBlockingQueue<>();
    private final SessionID sessionId;
    private final String username;
    private final String password;
    private final SocketInitiator initiator;
    private volatile CountDownLatch loggedOn = new CountDownLatch(1);

    FixClient(final int port, final String compId, final String username, final String password, final Path store, final Path trustStore,
        final String trustStorePassword) throws Exception
    {
        this(port, compId, username, password, store, trustStore, trustStorePassword, null);
    }

    /** With the node's daily reset at {@code resetTimeUtc} (HH:mm:ss, UTC) on its side too, as a venue's rules ask; null: never. */
    FixClient(final int port, final String compId, final String username, final String password, final Path store, final Path trustStore,
        final String trustStorePassword, final String resetTimeUtc) throws Exception
    {
        this.username = username;
        this.password = password;
        sessionId = new SessionID(FixConfig.BEGIN_STRING, compId, "SETTLEMENT");
        final SessionSettings settings = new SessionSettings();
        settings.setString("ConnectionType", "initiator");
        settings.setString("SocketConnectHost", "127.0.0.1");
        settings.setLong("SocketConnectPort", port);
        settings.setLong("HeartBtInt", 30);
        settings.setLong("ReconnectInterval", 60);
        if (resetTimeUtc == null)
        {
            settings.setBool("NonStopSession", true);
        }
        else
        {
            settings.setString("StartTime", resetTimeUtc);
            settings.setString("EndTime", resetTimeUtc);
            settings.setString("TimeZone", "UTC");
        }
        settings.setBool("UseDataDictionary", true);
        settings.setString("DataDictionary", "FIX44.xml");
        settings.setString("FileStorePath", store.toString());
        if (trustStore != null)
        {
            settings.setBool("SocketUseSSL", true);
            settings.setString("SocketTrustStore", trustStore.toString());
            settings.setString("SocketTrustStorePassword", trustStorePassword);
            settings.setString("SocketTrustStoreType", "PKCS12");
        }
        settings.setString(sessionId, "BeginString", FixConfig.BEGIN_STRING);
        settings.setString(sessionId, "SenderCompID", compId);
        settings.setString(sessionId, "TargetCompID", "SETTLEMENT");
        initiator = new SocketInitiator(this, new FileStoreFactory(settings), settings, new quickfix.SLF4JLogFactory(settings), new DefaultMessageFactory());
    }

    /** Connects and logs on; @return true when logged on within the timeout. */
    boolean logOn(final long timeoutMs) throws Exception
    {
        loggedOn = new CountDownLatch(1);
        initiator.start();
        return loggedOn.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** Logs out and disconnects (the stores stay). */
    void stop()
    {
        initiator.stop(true);
    }

    /** The sequence number this client expects next from the node (its store's). */
    int nextFromNode() throws java.io.IOException
    {
        return Session.lookupSession(sessionId).getStore().getNextTargetMsgSeqNum();
    }

    boolean isLoggedOn()
    {
        final Session session = Session.lookupSession(sessionId);
        return session != null && session.isLoggedOn();
    }

    void send(final Message message)
    {
        if (!Session.lookupSession(sessionId).send(message))
        {
            throw new IllegalStateException("not sent (not logged on?)");
        }
    }

    /** The next application message of {@code msgType}, skipping none: fails on another type. */
    Message next(final String msgType) throws Exception
    {
        final Message message = held.isEmpty() ? received.poll(20, TimeUnit.SECONDS) : held.remove(0);
        if (message == null)
        {
            throw new AssertionError("no " + msgType + " received in 20 s");
        }
        final String type = message.getHeader().getString(MsgType.FIELD);
        if (!type.equals(msgType))
        {
            throw new AssertionError("expected " + msgType + ", received " + message);
        }
        return message;
    }

    /**
     * The first application message of {@code msgType} that {@code wanted} accepts, in the order received; the
     * messages before it (notices and answers that arrive on other threads in another order) are kept, in order,
     * for the next calls. Fails when none comes within 20 s.
     */
    Message next(final String msgType, final java.util.function.Predicate<Message> wanted) throws Exception
    {
        for (final java.util.Iterator<Message> it = held.iterator(); it.hasNext(); )
        {
            final Message message = it.next();
            if (message.getHeader().getString(MsgType.FIELD).equals(msgType) && wanted.test(message))
            {
                it.remove();
                return message;
            }
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline)
        {
            final Message message = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (message == null)
            {
                break;
            }
            if (message.getHeader().getString(MsgType.FIELD).equals(msgType) && wanted.test(message))
            {
                return message;
            }
            held.add(message);
        }
        throw new AssertionError("no such " + msgType + " received in 20 s; received and kept " + held);
    }

    @Override
    public void onCreate(final SessionID id)
    {
    }

    @Override
    public void onLogon(final SessionID id)
    {
        loggedOn.countDown();
    }

    @Override
    public void onLogout(final SessionID id)
    {
    }

    @Override
    public void toAdmin(final Message message, final SessionID id)
    {
        try
        {
            if (MsgType.LOGON.equals(message.getHeader().getString(MsgType.FIELD)))
            {
                if (username != null)
                {
                    message.setString(Username.FIELD, username);
                }
                if (password != null)
                {
                    message.setString(Password.FIELD, password);
                }
            }
        }
        catch (final FieldNotFound ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void fromAdmin(final Message message, final SessionID id) throws FieldNotFound
    {
        final String type = message.getHeader().getString(MsgType.FIELD);
        if (MsgType.LOGOUT.equals(type))
        {
            logouts.add(message.isSetField(Text.FIELD) ? message.getString(Text.FIELD) : "");
        }
        else if (MsgType.REJECT.equals(type))
        {
            rejects.add(message);
        }
    }

    @Override
    public void toApp(final Message message, final SessionID id)
    {
    }

    @Override
    public void fromApp(final Message message, final SessionID id)
    {
        received.add(message);
    }

    @Override
    public void close()
    {
        initiator.stop(true);
    }
}
