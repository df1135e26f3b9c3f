package io.settlement.gateway;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import io.settlement.gateway.sbe.Role;

/**
 * Who may log on: per participant its role and a salted PBKDF2 hash of its secret, in the form
 * {@code pbkdf2-sha256$iterations$salt$hash} (salt and hash Base64). Secrets themselves are never
 * kept, journaled or logged; comparison is constant-time.
 */
public final class Credentials
{
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int DEFAULT_ITERATIONS = 10_000;
    private static final int HASH_BITS = 256;

    /** One participant's entry. */
    public record Entry(long participantId, Role role, String hash)
    {
    }

    private final Map<Long, Entry> entries = new HashMap<>();

    public Credentials add(final long participantId, final Role role, final String hash)
    {
        parse(hash); // refuse a malformed hash when it is configured, not at logon
        entries.put(participantId, new Entry(participantId, role, hash));
        return this;
    }

    /** Adds a participant from its secret (hashing it here): for tests and generated configurations. */
    public Credentials addSecret(final long participantId, final Role role, final String secret)
    {
        return add(participantId, role, hash(secret));
    }

    /** @return the entry when {@code secret} is right for {@code participantId}, else null. */
    public Entry verify(final long participantId, final String secret)
    {
        final Entry entry = entries.get(participantId);
        if (entry == null)
        {
            // spend the same time as a wrong secret, so timing does not reveal who exists
            matches(secret, hash("unknown participant"));
            return null;
        }
        return matches(secret, entry.hash) ? entry : null;
    }

    /** A new salted hash of {@code secret}, for configuration files. */
    public static String hash(final String secret)
    {
        final byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return SCHEME + '$' + DEFAULT_ITERATIONS + '$' + Base64.getEncoder().encodeToString(salt) + '$'
            + Base64.getEncoder().encodeToString(pbkdf2(secret, salt, DEFAULT_ITERATIONS));
    }

    static boolean matches(final String secret, final String hash)
    {
        final String[] parts = parse(hash);
        final byte[] salt = Base64.getDecoder().decode(parts[2]);
        final byte[] expected = Base64.getDecoder().decode(parts[3]);
        return MessageDigest.isEqual(expected, pbkdf2(secret, salt, Integer.parseInt(parts[1])));
    }

    private static String[] parse(final String hash)
    {
        final String[] parts = hash.split("\\$");
        if (parts.length != 4 || !SCHEME.equals(parts[0]) || !parts[1].matches("\\d{1,7}"))
        {
            throw new IllegalArgumentException("not a " + SCHEME + "$iterations$salt$hash credential");
        }
        return parts;
    }

    private static byte[] pbkdf2(final String secret, final byte[] salt, final int iterations)
    {
        try
        {
            final PBEKeySpec spec = new PBEKeySpec(
                new String(secret.getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII).toCharArray(),
                salt, iterations, HASH_BITS);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", ex);
        }
    }
}
