package io.settlement.http;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.settlement.engine.config.SettingException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TLS by configuration: with a keystore the API speaks HTTPS only, with the certificate the client trusts. */
class HttpTlsTest
{
    private static final String PASSWORD = "changeit-test";

    @Test
    void shouldServeTheApiOverTlsOnlyWhenAKeystoreIsConfigured() throws Exception
    {
        final Path dir = Files.createTempDirectory("http-tls");
        final Path keystore = dir.resolve("node.p12");
        final Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
            "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
            "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD)
            .redirectErrorStream(true).start();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, () -> "keytool: " + output(keytool));

        final KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore))
        {
            trusted.load(in, PASSWORD.toCharArray());
        }
        final TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        final SSLContext tls = SSLContext.getInstance("TLSv1.3");
        tls.init(null, trust.getTrustManagers(), null);
        final HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();

        try (ApiFixture f = new ApiFixture(new HttpConfig().tls(keystore, PASSWORD), client, "https"))
        {
            final String token = f.login(ApiFixture.OPS);
            final ApiFixture.Answer me = f.get("/api/me", token);
            assertEquals(200, me.status(), me::toString);
            assertEquals("OPERATOR", me.body().get("role").asText());

            // one listener, and it speaks TLS: no plain HTTP port beside it
            assertEquals(List.of("ssl+http/1.1:" + f.api.port()), f.api.listeners());

            // plain HTTP to the same port is not served
            final HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            final HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.api.port() + "/health"))
                .timeout(Duration.ofSeconds(10)).build();
            final int status;
            int seen;
            try
            {
                seen = plain.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
            }
            catch (final java.io.IOException refused)
            {
                seen = -1;
            }
            status = seen;
            assertTrue(status == -1 || status == 400, () -> "plain HTTP answered " + status);
        }
    }

    @Test
    void shouldRefuseAKeystoreThatCannotBeReadOrHasNoPassword()
    {
        final SettingException missing = assertThrows(SettingException.class,
            () -> new HttpConfig().tls(Path.of("/nonexistent/node.p12"), "x").conclude());
        assertEquals(HttpConfig.TLS_KEYSTORE_PROP_NAME, missing.property());
        final SettingException noPassword = assertThrows(SettingException.class,
            () -> new HttpConfig(name -> name.equals(HttpConfig.TLS_KEYSTORE_PASSWORD_PROP_NAME) ? "x" : null).conclude());
        assertEquals(HttpConfig.TLS_KEYSTORE_PASSWORD_PROP_NAME, noPassword.property());
        assertTrue(List.of(HttpConfig.PROPERTY_NAMES.toArray()).contains(HttpConfig.TLS_KEYSTORE_PROP_NAME));
    }

    private static String output(final Process process)
    {
        try
        {
            return new String(process.getInputStream().readAllBytes());
        }
        catch (final java.io.IOException ex)
        {
            return ex.toString();
        }
    }
}
