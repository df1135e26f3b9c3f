package io.settlement.gateway.client;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.settlement.gateway.TestCertificates;
import io.settlement.gateway.client.sbe.DealType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The client over TLS, against the stub with a certificate made by the JDK's keytool at test time. */
class GatewayClientTlsTest
{
    @TempDir
    Path dir;

    @Test
    void connectsOverTlsAndRefusesAnUntrustedServer() throws Exception
    {
        final TestCertificates certificates = TestCertificates.generate(dir);
        final KeyManagerFactory keys = certificates.keys();
        final TrustManagerFactory trust = certificates.trust();
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
