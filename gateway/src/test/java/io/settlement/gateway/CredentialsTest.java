package io.settlement.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import io.settlement.protocol.wire.Role;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Secrets, their hashes and the logon check (issue 9 items 7 and 8). */
class CredentialsTest
{
    @Test
    void shouldCostAnUnknownIdExactlyWhatAWrongSecretCosts()
    {
        final Credentials credentials = new Credentials()
            .add(7, Role.MEMBER, Credentials.hash(20_000, "right"))
            .add(8, Role.MEMBER, Credentials.hash(20_000, "other"));
        assertNotNull(credentials.verify(7, "right"));

        final long[] known = cost(() -> assertNull(credentials.verify(7, "wrong")));
        final long[] unknown = cost(() -> assertNull(credentials.verify(999, "wrong")));

        assertEquals(1, known[0], "a wrong secret costs one PBKDF2 computation");
        assertEquals(20_000, known[1]);
        assertEquals(known[0], unknown[0], "an unknown id costs the same number of PBKDF2 computations");
        assertEquals(known[1], unknown[1], "... with the same number of iterations");
    }

    @Test
    void shouldCostARefusalWhatAWrongSecretCostsAndNeverAcceptEvenTheRightSecret()
    {
        final Credentials credentials = new Credentials().add(7, Role.MEMBER, Credentials.hash(20_000, "right"));
        final long[] wrong = cost(() -> assertNull(credentials.verify(7, "wrong")));
        final long[] refused = cost(() -> assertNull(credentials.refuse("right"), "refused whatever the secret"));
        assertEquals(wrong[0], refused[0], "one PBKDF2 computation, as a wrong secret");
        assertEquals(wrong[1], refused[1], "... with the same number of iterations");
    }

    private static long[] cost(final Runnable check)
    {
        final long hashes = Credentials.hashComputations();
        final long iterations = Credentials.iterationsComputed();
        check.run();
        return new long[] {Credentials.hashComputations() - hashes, Credentials.iterationsComputed() - iterations};
    }

    @Test
    void shouldRefuseSecretsNoLogonCouldPresent()
    {
        assertEquals("a secret cannot be empty", assertThrows(IllegalArgumentException.class, () -> Credentials.hash("")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Credentials.hash("x".repeat(33))).getMessage()
            .contains("at most 32"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Credentials.hash("caf\u00e9")).getMessage()
            .contains("printable ASCII"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Credentials.hash("a\tb")).getMessage()
            .contains("printable ASCII"));
        assertNotNull(Credentials.hash("x".repeat(32)));
    }

    @Test
    void shouldRefuseAConfiguredHashOfTheEmptySecret() throws Exception
    {
        // computed here with the JDK directly, as another tool would write it
        final byte[] salt = "sixteen byte slt".getBytes(StandardCharsets.US_ASCII);
        final byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
            .generateSecret(new PBEKeySpec(new char[0], salt, 10_000, 256)).getEncoded();
        final String emptySecretHash = "pbkdf2-sha256$10000$" + Base64.getEncoder().encodeToString(salt) + "$"
            + Base64.getEncoder().encodeToString(hash);

        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> new Credentials().add(5, Role.MEMBER, emptySecretHash));
        assertTrue(refused.getMessage().contains("empty secret"), refused.getMessage());
    }

    @Test
    void shouldReadTheSecretFieldUpToItsFirstNulWithSpacesSignificant()
    {
        assertEquals("secret", Credentials.secretFromField(field("secret")));
        assertEquals("secret   ", Credentials.secretFromField(field("secret   ")), "trailing spaces are part of the secret");
        assertEquals(" s", Credentials.secretFromField(field(" s")), "so are leading ones");
        assertEquals("x".repeat(32), Credentials.secretFromField(field("x".repeat(32))), "32 characters, no NUL at all");
        assertNull(Credentials.secretFromField(field("secret\0junk")), "bytes after the first NUL must be NUL");
        assertNull(Credentials.secretFromField(new byte[32]), "an all-zero field is an empty secret");
        assertNull(Credentials.secretFromField(field("sec\u0001ret")), "a control character");
        final byte[] high = field("secret");
        high[2] = (byte)0xE9;
        assertNull(Credentials.secretFromField(high), "a byte that is not ASCII");
    }

    private static byte[] field(final String text)
    {
        return java.util.Arrays.copyOf(text.getBytes(StandardCharsets.ISO_8859_1), 32);
    }
}
