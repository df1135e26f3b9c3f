package io.settlement.app;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The server configuration refuses what could never work, naming the file and line. */
class ServerConfigTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRefuseAHashOfTheEmptySecretNamingTheLine() throws Exception
    {
        final byte[] salt = "sixteen byte slt".getBytes(StandardCharsets.US_ASCII);
        final byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
            .generateSecret(new PBEKeySpec(new char[0], salt, 10_000, 256)).getEncoded();
        final Path file = dir.resolve("server.conf");
        Files.writeString(file, "# one participant\nparticipant id=1 role=MEMBER hash=pbkdf2-sha256$10000$"
            + Base64.getEncoder().encodeToString(salt) + "$" + Base64.getEncoder().encodeToString(hash) + "\n");

        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ServerConfig.read(file));
        assertEquals(file + ":2: the hash for participant 1 is the hash of an empty secret; secrets are 1-32 characters",
            refused.getMessage());
    }

    @Test
    void shouldReadTheLogonThrottleSettings() throws Exception
    {
        final Path file = dir.resolve("server.conf");
        Files.writeString(file, "gateway port=7450 logon-max-failures=3 logon-backoff-ms=500 logon-max-backoff-ms=60000"
            + " logon-threads=2 logon-queue=16\ngateway logon-tries=3\n");
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ServerConfig.read(file));
        assertEquals(file + ":2: 'gateway' does not take logon-tries", refused.getMessage(), "the first line was read");
    }
}
