package io.settlement.gateway;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.settlement.gateway.client.GatewayClient;
import io.settlement.gateway.client.Response;
import io.settlement.gateway.client.sbe.DealType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.settlement.gateway.GatewayFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** TLS switched on by configuration, with a certificate made by the JDK's keytool at test time. */
class TlsTest
{
    @TempDir
    Path dir;

    @Test
    void shouldServeOverTlsAndRefuseAPlainClient() throws Exception
    {
        final TestCertificates certificates = TestCertificates.generate(dir);
        final KeyManagerFactory keys = certificates.keys();
        final TrustManagerFactory trust = certificates.trust();
        final SslContext server = SslContextBuilder.forServer(keys).protocols(List.of("TLSv1.3")).build();
        final SslContext client = SslContextBuilder.forClient().trustManager(trust).protocols(List.of("TLSv1.3")).build();

        try (GatewayFixture f = new GatewayFixture(new GatewayConfig().ssl(server)))
        {
            try (GatewayClient secure = GatewayClient.connect("localhost", f.server.port(), client))
            {
                assertEquals(Response.Type.LOGON_ACCEPTED,
                    secure.logon(BANK_A, secret(BANK_A)).get(10, TimeUnit.SECONDS).type());
                assertEquals(Response.Type.DEAL_ACCEPTED, secure.submitDeal(
                    1, BANK_A, BANK_B, ACME, USD, 1, 10, TODAY, DealType.DVP).get(10, TimeUnit.SECONDS).type());
            }
            try (GatewayClient plain = GatewayClient.connect("localhost", f.server.port(), null))
            {
                assertThrows(Exception.class, () -> plain.logon(BANK_A, secret(BANK_A)).get(10, TimeUnit.SECONDS),
                    "plain SBE on a TLS port must not log on");
            }
        }
    }
}
