package io.settlement.http;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

import io.settlement.engine.config.SettingException;
import io.settlement.engine.config.Settings;

/**
 * The HTTP API's context: its settings with their property names, defaults and ranges. None of them
 * shapes an outcome (they decide which requests are admitted and how lists are paged, never what the
 * engine decides). The server's configuration file sets them on its {@code http} line by the last part
 * of the property name ({@code http port=7480 tls-keystore=node.p12 tls-keystore-password=...}).
 *
 * <table>
 *   <caption>settings</caption>
 *   <tr><th>property</th><th>default</th><th>range</th></tr>
 *   <tr><td>{@value #HOST_PROP_NAME}</td><td>0.0.0.0</td><td>not empty</td></tr>
 *   <tr><td>{@value #PORT_PROP_NAME}</td><td>7480</td><td>0 (any free port) to 65535</td></tr>
 *   <tr><td>{@value #MAX_BODY_BYTES_PROP_NAME}</td><td>65536</td><td>1024 to 16777216</td></tr>
 *   <tr><td>{@value #TOKEN_TTL_MS_PROP_NAME}</td><td>28800000 (8 h)</td><td>1000 to 604800000</td></tr>
 *   <tr><td>{@value #MAX_LOGINS_PROP_NAME}</td><td>10000</td><td>1 to 1000000</td></tr>
 *   <tr><td>{@value #PAGE_MAX_PROP_NAME}</td><td>1000</td><td>1 to 100000</td></tr>
 *   <tr><td>{@value #ANSWER_TIMEOUT_MS_PROP_NAME}</td><td>30000</td><td>1 to 3600000</td></tr>
 *   <tr><td>{@value #READ_WAIT_MS_PROP_NAME}</td><td>2000</td><td>0 to 60000</td></tr>
 *   <tr><td>{@value #TLS_KEYSTORE_PROP_NAME}</td><td>none (plain HTTP)</td><td>a readable PKCS#12 file</td></tr>
 *   <tr><td>{@value #TLS_KEYSTORE_PASSWORD_PROP_NAME}</td><td>none</td><td>required with a keystore</td></tr>
 * </table>
 */
public final class HttpConfig
{
    public static final String PROPERTY_PREFIX = "settlement.http.";

    public static final String HOST_PROP_NAME = PROPERTY_PREFIX + "host";
    public static final String HOST_DEFAULT = "0.0.0.0";

    /** TCP port (0: any free port; see {@link HttpApi#port()}). */
    public static final String PORT_PROP_NAME = PROPERTY_PREFIX + "port";
    public static final int PORT_DEFAULT = 7480;

    /** The largest request body accepted; a larger one is answered 413 and not read. */
    public static final String MAX_BODY_BYTES_PROP_NAME = PROPERTY_PREFIX + "max-body-bytes";
    public static final int MAX_BODY_BYTES_DEFAULT = 64 * 1024;
    public static final int MAX_BODY_BYTES_MIN = 1024;
    public static final int MAX_BODY_BYTES_MAX = 16 * 1024 * 1024;

    /** How long a logon's token is valid. */
    public static final String TOKEN_TTL_MS_PROP_NAME = PROPERTY_PREFIX + "token-ttl-ms";
    public static final long TOKEN_TTL_MS_DEFAULT = 8L * 3600 * 1000;
    public static final long TOKEN_TTL_MS_MIN = 1000;
    public static final long TOKEN_TTL_MS_MAX = 7L * 24 * 3600 * 1000;

    /** Tokens held at once; past it a logon is refused until some expire or log off. */
    public static final String MAX_LOGINS_PROP_NAME = PROPERTY_PREFIX + "max-logins";
    public static final int MAX_LOGINS_DEFAULT = 10_000;
    public static final int MAX_LOGINS_MAX = 1_000_000;

    /** The largest page a list request may ask for ({@code limit}). */
    public static final String PAGE_MAX_PROP_NAME = PROPERTY_PREFIX + "page-max";
    public static final int PAGE_MAX_DEFAULT = 1000;
    public static final int PAGE_MAX_MAX = 100_000;

    /** How long a write waits for the engine's answer before the request is answered 504 (the command may still apply). */
    public static final String ANSWER_TIMEOUT_MS_PROP_NAME = PROPERTY_PREFIX + "answer-timeout-ms";
    public static final long ANSWER_TIMEOUT_MS_DEFAULT = 30_000;
    public static final long ANSWER_TIMEOUT_MS_MAX = 3_600_000;

    /** How long a read asking for a sequence ({@code minSequence}) waits for the read model to reach it. */
    public static final String READ_WAIT_MS_PROP_NAME = PROPERTY_PREFIX + "read-wait-ms";
    public static final long READ_WAIT_MS_DEFAULT = 2_000;
    public static final long READ_WAIT_MS_MAX = 60_000;

    /** A PKCS#12 keystore with the server's key and certificate: TLS on (HTTPS only). */
    public static final String TLS_KEYSTORE_PROP_NAME = PROPERTY_PREFIX + "tls-keystore";
    public static final String TLS_KEYSTORE_PASSWORD_PROP_NAME = PROPERTY_PREFIX + "tls-keystore-password";

    public static final List<String> PROPERTY_NAMES = List.of(HOST_PROP_NAME, PORT_PROP_NAME, MAX_BODY_BYTES_PROP_NAME,
        TOKEN_TTL_MS_PROP_NAME, MAX_LOGINS_PROP_NAME, PAGE_MAX_PROP_NAME, ANSWER_TIMEOUT_MS_PROP_NAME, READ_WAIT_MS_PROP_NAME,
        TLS_KEYSTORE_PROP_NAME, TLS_KEYSTORE_PASSWORD_PROP_NAME);

    String host = HOST_DEFAULT;
    int port = PORT_DEFAULT;
    int maxBodyBytes = MAX_BODY_BYTES_DEFAULT;
    long tokenTtlMs = TOKEN_TTL_MS_DEFAULT;
    int maxLogins = MAX_LOGINS_DEFAULT;
    int pageMax = PAGE_MAX_DEFAULT;
    long answerTimeoutMs = ANSWER_TIMEOUT_MS_DEFAULT;
    long readWaitMs = READ_WAIT_MS_DEFAULT;
    String tlsKeystore;
    String tlsKeystorePassword;
    LongSupplier clockMs = System::currentTimeMillis;

    /** The defaults, overridden by any of {@link #PROPERTY_NAMES} given as a system property. */
    public HttpConfig()
    {
        this(System::getProperty);
    }

    public HttpConfig(final UnaryOperator<String> properties)
    {
        Settings.read(PROPERTY_NAMES, properties, this::set);
    }

    /** @throws SettingException for text that is not a value of the setting's type, or an unknown name. */
    public HttpConfig set(final String property, final String value)
    {
        switch (property)
        {
            case HOST_PROP_NAME -> host = value;
            case PORT_PROP_NAME -> port = Settings.parseInt(property, value, 0, 65_535);
            case MAX_BODY_BYTES_PROP_NAME -> maxBodyBytes = Settings.parseInt(property, value, MAX_BODY_BYTES_MIN, MAX_BODY_BYTES_MAX);
            case TOKEN_TTL_MS_PROP_NAME -> tokenTtlMs = Settings.parseLong(property, value);
            case MAX_LOGINS_PROP_NAME -> maxLogins = Settings.parseInt(property, value, 1, MAX_LOGINS_MAX);
            case PAGE_MAX_PROP_NAME -> pageMax = Settings.parseInt(property, value, 1, PAGE_MAX_MAX);
            case ANSWER_TIMEOUT_MS_PROP_NAME -> answerTimeoutMs = Settings.parseLong(property, value);
            case READ_WAIT_MS_PROP_NAME -> readWaitMs = Settings.parseLong(property, value);
            case TLS_KEYSTORE_PROP_NAME -> tlsKeystore = value;
            case TLS_KEYSTORE_PASSWORD_PROP_NAME -> tlsKeystorePassword = value;
            default -> throw new SettingException(property, value, "is not an http setting");
        }
        return this;
    }

    /** @throws SettingException naming the first setting out of range, its value and the range. */
    public HttpConfig conclude()
    {
        Settings.checkNotEmpty(HOST_PROP_NAME, host);
        Settings.checkRange(PORT_PROP_NAME, port, 0, 65_535);
        Settings.checkRange(MAX_BODY_BYTES_PROP_NAME, maxBodyBytes, MAX_BODY_BYTES_MIN, MAX_BODY_BYTES_MAX);
        Settings.checkRange(TOKEN_TTL_MS_PROP_NAME, tokenTtlMs, TOKEN_TTL_MS_MIN, TOKEN_TTL_MS_MAX);
        Settings.checkRange(MAX_LOGINS_PROP_NAME, maxLogins, 1, MAX_LOGINS_MAX);
        Settings.checkRange(PAGE_MAX_PROP_NAME, pageMax, 1, PAGE_MAX_MAX);
        Settings.checkRange(ANSWER_TIMEOUT_MS_PROP_NAME, answerTimeoutMs, 1, ANSWER_TIMEOUT_MS_MAX);
        Settings.checkRange(READ_WAIT_MS_PROP_NAME, readWaitMs, 0, READ_WAIT_MS_MAX);
        if (tlsKeystore != null)
        {
            if (!Files.isReadable(Path.of(tlsKeystore)))
            {
                throw new SettingException(TLS_KEYSTORE_PROP_NAME, tlsKeystore, "is not a readable file");
            }
            if (tlsKeystorePassword == null)
            {
                throw new SettingException(TLS_KEYSTORE_PASSWORD_PROP_NAME, "", "is required with " + TLS_KEYSTORE_PROP_NAME,
                    TLS_KEYSTORE_PROP_NAME);
            }
        }
        else if (tlsKeystorePassword != null)
        {
            throw new SettingException(TLS_KEYSTORE_PASSWORD_PROP_NAME, "(given)", "is given without " + TLS_KEYSTORE_PROP_NAME,
                TLS_KEYSTORE_PROP_NAME);
        }
        Settings.checkGiven("clock", clockMs);
        return this;
    }

    public HttpConfig port(final int tcpPort)
    {
        port = tcpPort;
        return this;
    }

    /** How long a write waits for the engine's answer before it is answered 504 NO_ANSWER_YET. */
    public long answerTimeoutMs()
    {
        return answerTimeoutMs;
    }

    public int port()
    {
        return port;
    }

    public HttpConfig host(final String bindHost)
    {
        host = bindHost;
        return this;
    }

    public HttpConfig maxBodyBytes(final int bytes)
    {
        maxBodyBytes = bytes;
        return this;
    }

    public HttpConfig tokenTtlMs(final long ttlMs)
    {
        tokenTtlMs = ttlMs;
        return this;
    }

    public HttpConfig pageMax(final int rows)
    {
        pageMax = rows;
        return this;
    }

    public HttpConfig readWaitMs(final long waitMs)
    {
        readWaitMs = waitMs;
        return this;
    }

    /** TLS on: a PKCS#12 keystore holding the server's key and certificate, and its password. */
    public HttpConfig tls(final Path keystore, final String password)
    {
        tlsKeystore = keystore.toString();
        tlsKeystorePassword = password;
        return this;
    }

    public boolean tls()
    {
        return tlsKeystore != null;
    }

    /** The clock tokens expire by and follow-up actions are stamped with (tests replace it). */
    public HttpConfig clockMs(final LongSupplier clock)
    {
        clockMs = clock;
        return this;
    }
}
