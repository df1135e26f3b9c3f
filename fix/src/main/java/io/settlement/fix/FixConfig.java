package io.settlement.fix;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.settlement.engine.config.SettingException;
import io.settlement.engine.config.Settings;
import quickfix.SessionID;
import quickfix.SessionSettings;

/**
 * The FIX channel's settings (the server configuration's {@code fix} lines, docs/fix.md): where it
 * listens, our CompID, the sessions it accepts (each bound to one participant; a participant may have
 * several), where QuickFIX/J keeps its FileStore and the channel its own durable files, TLS. In the
 * server configuration each key is the last part of a property name: {@code fix port=9878
 * session=1:BANKA session=2:BANKB tls-keystore=node.p12 tls-keystore-password=...}.
 */
public final class FixConfig
{
    public static final String PROPERTY_PREFIX = "settlement.fix.";
    public static final String HOST_PROP_NAME = PROPERTY_PREFIX + "host";
    public static final String PORT_PROP_NAME = PROPERTY_PREFIX + "port";
    /** Our SenderCompID. */
    public static final String COMP_ID_PROP_NAME = PROPERTY_PREFIX + "comp-id";
    /** One session, {@code PARTICIPANT:COMPID}; given once per session (a participant may have several). */
    public static final String SESSION_PROP_NAME = PROPERTY_PREFIX + "session";
    public static final String SYNC_STORE_PROP_NAME = PROPERTY_PREFIX + "sync-store";
    public static final String ANSWER_TIMEOUT_MS_PROP_NAME = PROPERTY_PREFIX + "answer-timeout-ms";
    /** A key store (PKCS#12 or JKS) with the acceptor's key and certificate: TLS on. */
    public static final String TLS_KEYSTORE_PROP_NAME = PROPERTY_PREFIX + "tls-keystore";
    public static final String TLS_KEYSTORE_PASSWORD_PROP_NAME = PROPERTY_PREFIX + "tls-keystore-password";
    /** How many of a session's messages may wait to be written to its connection before it is cut as a slow consumer. */
    public static final String MAX_QUEUED_MESSAGES_PROP_NAME = PROPERTY_PREFIX + "max-queued-messages";
    /** The daily reset of every session's sequence numbers and store, {@code HH:mm:ss} in {@link #RESET_ZONE_PROP_NAME}; {@code none}: never. */
    public static final String RESET_TIME_PROP_NAME = PROPERTY_PREFIX + "reset-time";
    /** The time zone of {@link #RESET_TIME_PROP_NAME} (an IANA name such as Europe/London, or UTC). */
    public static final String RESET_ZONE_PROP_NAME = PROPERTY_PREFIX + "reset-zone";
    public static final List<String> PROPERTY_NAMES = List.of(HOST_PROP_NAME, PORT_PROP_NAME, COMP_ID_PROP_NAME, SESSION_PROP_NAME,
        SYNC_STORE_PROP_NAME, ANSWER_TIMEOUT_MS_PROP_NAME, TLS_KEYSTORE_PROP_NAME, TLS_KEYSTORE_PASSWORD_PROP_NAME, RESET_TIME_PROP_NAME,
        RESET_ZONE_PROP_NAME, MAX_QUEUED_MESSAGES_PROP_NAME);
    static final long ANSWER_TIMEOUT_MS_MAX = 600_000;

    /** The FIX version spoken. */
    public static final String BEGIN_STRING = "FIX.4.4";
    /** The default port (the FIX convention's 9878 is taken by many test tools; ours is the gateway's + 1000). */
    public static final int DEFAULT_PORT = 9878;

    /** One accepted session: the client's SenderCompID (our TargetCompID) and the participant it logs on as. */
    public record SessionEntry(long participantId, String clientCompId)
    {
    }

    private String host = "0.0.0.0";
    private int port = DEFAULT_PORT;
    private String compId = "SETTLEMENT";
    private final List<SessionEntry> sessions = new ArrayList<>();
    private Path directory;
    private boolean syncStore = true;
    private Path keyStore;
    private String keyStorePassword;
    private long answerTimeoutMs = 10_000;
    private LocalTime resetTime = LocalTime.MIDNIGHT;
    private int maxQueuedMessages = 100_000;
    private ZoneId resetZone = ZoneId.of("UTC");

    /**
     * Sets one property by its name ({@link #PROPERTY_NAMES}); {@link #SESSION_PROP_NAME} adds a session each time.
     *
     * @throws SettingException for a value that is not one of the setting's, or an unknown name.
     */
    public FixConfig set(final String property, final String value)
    {
        switch (property)
        {
            case HOST_PROP_NAME -> host = value;
            case PORT_PROP_NAME -> port = Settings.parseInt(property, value, 0, 65_535);
            case COMP_ID_PROP_NAME -> compId = value;
            case SESSION_PROP_NAME ->
            {
                final int colon = value.indexOf(':');
                final long participantId;
                try
                {
                    participantId = colon < 0 ? -1 : Long.parseLong(value.substring(0, colon));
                }
                catch (final NumberFormatException ex)
                {
                    throw new SettingException(property, value, "is not PARTICIPANT:COMPID (a participant id, a colon, the client's CompID)");
                }
                if (colon < 0)
                {
                    throw new SettingException(property, value, "is not PARTICIPANT:COMPID (a participant id, a colon, the client's CompID)");
                }
                try
                {
                    session(participantId, value.substring(colon + 1));
                }
                catch (final IllegalArgumentException ex)
                {
                    throw new SettingException(property, value, "is refused: " + ex.getMessage());
                }
            }
            case SYNC_STORE_PROP_NAME -> syncStore = Settings.parseBoolean(property, value);
            case ANSWER_TIMEOUT_MS_PROP_NAME -> answerTimeoutMs = Settings.parseLong(property, value);
            case TLS_KEYSTORE_PROP_NAME -> keyStore = Path.of(value);
            case TLS_KEYSTORE_PASSWORD_PROP_NAME -> keyStorePassword = value;
            case MAX_QUEUED_MESSAGES_PROP_NAME -> maxQueuedMessages = Settings.parseInt(property, value, 1, 10_000_000);
            case RESET_TIME_PROP_NAME ->
            {
                try
                {
                    resetTime = "none".equals(value) ? null : LocalTime.parse(value).truncatedTo(ChronoUnit.SECONDS);
                }
                catch (final DateTimeParseException ex)
                {
                    throw new SettingException(property, value, "is not a time of day HH:mm:ss (or HH:mm), nor none");
                }
            }
            case RESET_ZONE_PROP_NAME ->
            {
                try
                {
                    resetZone = ZoneId.of(value);
                }
                catch (final DateTimeException ex)
                {
                    resetZone = null;
                }
                if (resetZone == null || !java.util.TimeZone.getTimeZone(value).getID().equals(value))
                {
                    throw new SettingException(property, value, "is not a time zone (an IANA name such as Europe/London, or UTC)");
                }
            }
            default -> throw new SettingException(property, value, "is not a fix setting");
        }
        return this;
    }

    /** @throws SettingException naming the first setting out of range, its value and the range. */
    public FixConfig conclude()
    {
        Settings.checkNotEmpty(HOST_PROP_NAME, host);
        Settings.checkRange(PORT_PROP_NAME, port, 0, 65_535);
        if (!compId.matches("[\\x21-\\x7e]{1,32}"))
        {
            throw new SettingException(COMP_ID_PROP_NAME, compId, "is not 1-32 printable ASCII characters without spaces");
        }
        if (sessions.isEmpty())
        {
            throw new SettingException(SESSION_PROP_NAME, "", "is required: at least one session=PARTICIPANT:COMPID");
        }
        Settings.checkRange(ANSWER_TIMEOUT_MS_PROP_NAME, answerTimeoutMs, 1, ANSWER_TIMEOUT_MS_MAX);
        if (keyStore != null)
        {
            if (!java.nio.file.Files.isReadable(keyStore))
            {
                throw new SettingException(TLS_KEYSTORE_PROP_NAME, keyStore.toString(), "is not a readable file");
            }
            if (keyStorePassword == null)
            {
                throw new SettingException(TLS_KEYSTORE_PASSWORD_PROP_NAME, "", "is required with " + TLS_KEYSTORE_PROP_NAME,
                    TLS_KEYSTORE_PROP_NAME);
            }
        }
        else if (keyStorePassword != null)
        {
            throw new SettingException(TLS_KEYSTORE_PASSWORD_PROP_NAME, "(given)", "is given without " + TLS_KEYSTORE_PROP_NAME,
                TLS_KEYSTORE_PROP_NAME);
        }
        return this;
    }

    /** Whether TLS is on. */
    public boolean tls()
    {
        return keyStore != null;
    }

    public FixConfig host(final String host)
    {
        this.host = host;
        return this;
    }

    public String host()
    {
        return host;
    }

    /** 0: any free port ({@link FixAcceptor#port()} tells which). */
    public FixConfig port(final int port)
    {
        this.port = port;
        return this;
    }

    public int port()
    {
        return port;
    }

    /** Our SenderCompID(49) on every session. */
    public FixConfig compId(final String compId)
    {
        this.compId = compId;
        return this;
    }

    public String compId()
    {
        return compId;
    }

    /**
     * Accepts a session from {@code clientCompId} (its SenderCompID) for {@code participantId}.
     *
     * @throws IllegalArgumentException when the CompID is not 1-32 printable ASCII characters without
     * spaces, or is given twice.
     */
    public FixConfig session(final long participantId, final String clientCompId)
    {
        if (clientCompId == null || !clientCompId.matches("[\\x21-\\x7e]{1,32}"))
        {
            throw new IllegalArgumentException("a FIX session's CompID is 1-32 printable ASCII characters without spaces, found \""
                + clientCompId + "\"");
        }
        if (participantId <= 0)
        {
            throw new IllegalArgumentException("a FIX session's participant id is a positive number, found " + participantId);
        }
        for (final SessionEntry entry : sessions)
        {
            if (entry.clientCompId().equals(clientCompId))
            {
                throw new IllegalArgumentException("FIX session " + clientCompId + " is given twice (participants "
                    + entry.participantId() + " and " + participantId + ")");
            }
        }
        sessions.add(new SessionEntry(participantId, clientCompId));
        return this;
    }

    public List<SessionEntry> sessions()
    {
        return List.copyOf(sessions);
    }

    /**
     * Where the channel keeps its files: QuickFIX/J's FileStore ({@code sessions/}), the TradeReportID
     * map and the settlement notices' journal position. Kept across restarts (it is what resend and
     * idempotency read back).
     */
    public FixConfig directory(final Path directory)
    {
        this.directory = directory;
        return this;
    }

    public Path directory()
    {
        return directory;
    }

    /**
     * Whether the FileStore forces each message to disk before it is sent (default true: a notice or an
     * acknowledgement survives a crash of the machine, not only of the process).
     */
    public FixConfig syncStore(final boolean sync)
    {
        this.syncStore = sync;
        return this;
    }

    public boolean syncStore()
    {
        return syncStore;
    }

    /** TLS: the acceptor's key store (JKS or PKCS12) and its password; null: plain TCP. */
    public FixConfig tls(final Path keyStore, final String password)
    {
        this.keyStore = keyStore;
        this.keyStorePassword = password;
        return this;
    }

    public Path keyStore()
    {
        return keyStore;
    }

    /** How long a report waits for the engine's answer before it is answered BUSY-like (the report may still apply). */
    public FixConfig answerTimeoutMs(final long timeoutMs)
    {
        this.answerTimeoutMs = timeoutMs;
        return this;
    }

    public long answerTimeoutMs()
    {
        return answerTimeoutMs;
    }

    /**
     * The daily reset of every session's sequence numbers and FileStore (docs/fix.md, "Daily reset"): at {@code time} in
     * {@code zone} (default 00:00:00 UTC); a null time: never (the store grows until an operator resets it).
     */
    public FixConfig reset(final LocalTime time, final ZoneId zone)
    {
        this.resetTime = time == null ? null : time.truncatedTo(ChronoUnit.SECONDS);
        this.resetZone = zone;
        return this;
    }

    /**
     * How many of a session's messages may wait to be written to its connection (its client reads too slowly, or not at
     * all) before the session is disconnected as a slow consumer (default 100,000); its messages stay in its store and
     * are resent when it logs on again.
     */
    public FixConfig maxQueuedMessages(final int messages)
    {
        this.maxQueuedMessages = messages;
        return this;
    }

    public int maxQueuedMessages()
    {
        return maxQueuedMessages;
    }

    /** The daily reset's time of day, or null: never. */
    public LocalTime resetTime()
    {
        return resetTime;
    }

    public ZoneId resetZone()
    {
        return resetZone;
    }

    /** The session id QuickFIX/J gives a configured session. */
    SessionID sessionId(final SessionEntry entry)
    {
        return new SessionID(BEGIN_STRING, compId, entry.clientCompId());
    }

    /** The participants of the sessions, by session id. */
    Map<SessionID, Long> participants()
    {
        final Map<SessionID, Long> byId = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        for (final SessionEntry entry : sessions)
        {
            byId.put(sessionId(entry), entry.participantId());
        }
        return byId;
    }

    /**
     * QuickFIX/J's settings: an acceptor of FIX 4.4 sessions open all day every day, reset daily at the reset time, validated against the
     * FIX 4.4 data dictionary, kept in a FileStore under {@code directory/sessions}.
     *
     * @throws IllegalStateException when no directory or no session is configured.
     */
    SessionSettings settings()
    {
        if (directory == null)
        {
            throw new IllegalStateException("the FIX channel needs a directory for its FileStore");
        }
        if (sessions.isEmpty())
        {
            throw new IllegalStateException("the FIX channel has no session: configure at least one (participant and CompID)");
        }
        final SessionSettings settings = new SessionSettings();
        settings.setString("ConnectionType", "acceptor");
        settings.setString("BeginString", BEGIN_STRING);
        settings.setString("SenderCompID", compId);
        settings.setString("SocketAcceptAddress", host);
        settings.setLong("SocketAcceptPort", port);
        settings.setString("FileStorePath", directory.resolve("sessions").toString());
        settings.setBool("FileStoreSync", syncStore);
        if (resetTime == null)
        {
            settings.setBool("NonStopSession", true);
        }
        else
        {
            // a session of 24 hours from the reset time to the next: QuickFIX/J resets the store when its creation time is in the last one
            final String time = resetTime.toString().length() == 5 ? resetTime + ":00" : resetTime.toString();
            settings.setBool("NonStopSession", false);
            settings.setString("StartTime", time);
            settings.setString("EndTime", time);
            settings.setString("TimeZone", resetZone.getId());
        }
        settings.setBool("UseDataDictionary", true);
        settings.setString("DataDictionary", "FIX44.xml");
        settings.setBool("PersistMessages", true);
        settings.setBool("ResetOnLogon", false);
        settings.setBool("ResetOnLogout", false);
        settings.setBool("ResetOnDisconnect", false);
        settings.setBool("RejectInvalidMessage", true);
        settings.setLong("MaxScheduledWriteRequests", maxQueuedMessages);
        settings.setBool("SLF4JLogHeartbeats", false);
        if (keyStore != null)
        {
            settings.setBool("SocketUseSSL", true);
            settings.setString("SocketKeyStore", keyStore.toString());
            settings.setString("SocketKeyStorePassword", keyStorePassword == null ? "" : keyStorePassword);
            final String name = keyStore.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            settings.setString("SocketKeyStoreType", name.endsWith(".p12") || name.endsWith(".pfx") ? "PKCS12" : "JKS");
        }
        for (final SessionEntry entry : sessions)
        {
            final SessionID id = sessionId(entry);
            settings.setString(id, "BeginString", BEGIN_STRING);
            settings.setString(id, "SenderCompID", compId);
            settings.setString(id, "TargetCompID", entry.clientCompId());
        }
        return settings;
    }
}
