package io.settlement.fix;

import java.nio.file.Files;
import java.nio.file.Path;

import io.settlement.gateway.GatewayConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quickfix.Message;
import quickfix.field.MsgType;
import quickfix.field.TrdRptStatus;

import static io.settlement.fix.FixFixture.BANK_A;
import static io.settlement.fix.FixFixture.BANK_B;
import static io.settlement.fix.FixFixture.TODAY;
import static io.settlement.fix.FixFixture.secret;
import static io.settlement.fix.FixTradeCaptureTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TLS by configuration: with a key store the channel speaks FIX over TLS only, to a client that trusts its certificate. */
class FixTlsTest
{
    private static final String PASSWORD = "changeit";

    @TempDir
    Path dir;

    @Test
    void shouldAcceptSessionsOverTlsOnly() throws Exception
    {
        final Path keystore = dir.resolve("node.p12");
        final Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=localhost",
            "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD)
            .redirectErrorStream(true).start();
        final String output = new String(keytool.getInputStream().readAllBytes());
        assertEquals(0, keytool.waitFor(), output);
        assertTrue(Files.isReadable(keystore));

        try (FixFixture f = new FixFixture(new GatewayConfig(), config -> config.tls(keystore, PASSWORD)))
        {
            final FixClient plain = f.client("BANKB", Long.toString(BANK_B), secret(BANK_B), "plain");
            assertFalse(plain.logOn(3_000), "plain TCP is not spoken");
            plain.stop();

            final FixClient tls = f.client("BANKA", Long.toString(BANK_A), secret(BANK_A), "tls", keystore, PASSWORD);
            assertTrue(tls.logOn(20_000), "logged on over TLS");
            tls.send(Reports.deal("TLS-1", BANK_A, BANK_B, "1", "1", TODAY));
            final Message ack = tls.next(MsgType.TRADE_CAPTURE_REPORT_ACK);
            assertEquals(Integer.toString(TrdRptStatus.ACCEPTED), text(ack, TrdRptStatus.FIELD), ack::toString);
        }
    }
}
