package io.settlement.gateway.client;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.settlement.gateway.sbe.DealType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The client over TLS, against the stub with a certificate made by the JDK's keytool at test time. */
class GatewayClientTlsTest
{
    @TempDir
    Path dir;

    private KeyStore keyStore() throws Exception
    {
        final Path file = dir.resolve("stub.p12");
        final Process keytool = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair", "-alias", "stub", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
            "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
            "-keystore", file.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit")
            .redirectErrorStream(true).start();
        final String output = new String(keytool.getInputStream().readAllBytes());
        assertEquals(0, keytool.waitFor(), output);
        final KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file))
        {
            store.load(in, "changeit".toCharArray());
        }
        return store;
    }

    @Test
    void connectsOverTlsAndRefusesAnUntrustedServer() throws Exception
    {
        final KeyStore store = keyStore();
        final KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        final TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        final SslContext serverContext = SslContextBuilder.forServer(keys).build();
        final SslContext trusting = SslContextBuilder.forClient().trustManager(trust).build();
        final SslContext untrusting = SslContextBuilder.forClient().build(); // the JDK's CAs only

        try (StubGatewayServer server = new StubGatewayServer(serverContext))
        {
            try (GatewayClient client = GatewayClient.connect("127.0.0.1", server.port(), trusting))
            {
                assertEquals(Response.Type.LOGON_ACCEPTED, client.logon(42, "s3cret").get(10, TimeUnit.SECONDS).type());
                final Response accepted = client.submitDeal(7, 1, 2, 10, 20, 1, 10, 20260105, DealType.DVP)
                    .get(10, TimeUnit.SECONDS);
                assertEquals(1_007, accepted.dealId());
            }
            assertThrows(UncheckedIOException.class,
                () -> GatewayClient.connect("127.0.0.1", server.port(), untrusting).close(),
                "the handshake fails, so does the blocking connect");
        }
    }

    @Test
    void aRefusedConnectionThrows() throws Exception
    {
        final int port;
        try (StubGatewayServer server = new StubGatewayServer(null))
        {
            port = server.port();
        }
        assertThrows(UncheckedIOException.class, () -> GatewayClient.connect("127.0.0.1", port, null));
    }
}
