package io.settlement.gateway;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for localhost made by the JDK's keytool at test time (nothing secret is
 * committed), with the key and trust managers TLS tests need.
 */
public final class TestCertificates
{
    private static final char[] PASSWORD = "changeit".toCharArray();

    private final KeyStore store;

    private TestCertificates(final KeyStore store)
    {
        this.store = store;
    }

    /** Generates a fresh EC key pair and certificate in {@code dir}. */
    public static TestCertificates generate(final Path dir) throws Exception
    {
        final Path file = dir.resolve("localhost.p12");
        final Process keytool = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair", "-alias", "localhost", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
            "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
            "-keystore", file.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit")
            .redirectErrorStream(true).start();
        final String output = new String(keytool.getInputStream().readAllBytes());
        if (keytool.waitFor() != 0)
        {
            throw new IllegalStateException("keytool failed: " + output);
        }
        final KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file))
        {
            store.load(in, PASSWORD);
        }
        return new TestCertificates(store);
    }

    public KeyManagerFactory keys() throws Exception
    {
        final KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        return keys;
    }

    public TrustManagerFactory trust() throws Exception
    {
        final TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        return trust;
    }
}
