package io.settlement.gateway;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import io.settlement.protocol.wire.Role;

/**
 * Who may log on: per participant its role and a salted PBKDF2 hash of its secret, in the form
 * {@code pbkdf2-sha256$iterations$salt$hash} (salt and hash Base64). Secrets themselves are never
 * kept, journaled or logged; comparison is constant-time.
 *
 * <p>A secret is 1 to {@value #MAX_SECRET_LENGTH} printable ASCII characters (space included, and
 * significant). An unknown participant id costs the same as a known one with a wrong secret: its
 * secret is hashed against a dummy hash with the same iteration count, so the answer's timing does
 * not tell which ids exist.
 */
public final class Credentials
{
    /** The Logon message's secret field is 32 bytes. */
    public static final int MAX_SECRET_LENGTH = 32;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int DEFAULT_ITERATIONS = 10_000;
    private static final int HASH_BITS = 256;

    /** One participant's entry. */
    public record Entry(long participantId, Role role, String hash)
    {
    }

    private final Map<Long, Entry> entries = new HashMap<>();
    private static final AtomicLong HASH_COMPUTATIONS = new AtomicLong();
    private static final AtomicLong ITERATIONS_COMPUTED = new AtomicLong();
    private volatile String dummyHash;
    private int dummyIterations;

    /**
     * Adds a participant that may log on.
     *
     * @throws IllegalArgumentException when {@code hash} is not a hash of this scheme, or is the hash
     * of an empty secret (which no Logon can present).
     */
    public Credentials add(final long participantId, final Role role, final String hash)
    {
        final String[] parts = parse(hash); // refuse a malformed hash when it is configured, not at logon
        final int iterations = Integer.parseInt(parts[1]);
        if (MessageDigest.isEqual(Base64.getDecoder().decode(parts[3]),
            pbkdf2("", Base64.getDecoder().decode(parts[2]), iterations)))
        {
            throw new IllegalArgumentException("the hash for participant " + participantId
                + " is the hash of an empty secret; secrets are 1-" + MAX_SECRET_LENGTH + " characters");
        }
        entries.put(participantId, new Entry(participantId, role, hash));
        if (iterations > dummyIterations)
        {
            // unknown ids are checked against a hash as costly as the costliest real one
            dummyIterations = iterations;
            dummyHash = hash(iterations, "no participant has this secret: " + new SecureRandom().nextLong());
        }
        return this;
    }

    /** Adds a participant from its secret (hashing it here): for tests and generated configurations. */
    public Credentials addSecret(final long participantId, final Role role, final String secret)
    {
        return add(participantId, role, hash(secret));
    }

    /**
     * Checks a secret. Costs one PBKDF2 computation whether or not the participant exists. Safe to
     * call from several threads once the entries are added.
     *
     * @return the entry when {@code secret} is right for {@code participantId}, else null.
     */
    public Entry verify(final long participantId, final String secret)
    {
        final Entry entry = entries.get(participantId);
        if (entry == null)
        {
            matches(secret, dummyHash());
            return null;
        }
        return matches(secret, entry.hash) ? entry : null;
    }

    /**
     * Refuses a secret at the cost of checking one: hashed against the dummy hash (as for an unknown
     * participant id), so a logon refused for another cause takes as long as a wrong secret.
     *
     * @param secret as given (its hash is computed and thrown away)
     * @return null, always
     */
    public Entry refuse(final String secret)
    {
        matches(secret, dummyHash());
        return null;
    }

    /**
     * A new salted hash of {@code secret}, for configuration files.
     *
     * @throws IllegalArgumentException when the secret is empty, longer than 32 characters or not
     * printable ASCII: no Logon could present it.
     */
    public static String hash(final String secret)
    {
        final String problem = secretProblem(secret);
        if (problem != null)
        {
            throw new IllegalArgumentException(problem);
        }
        return hash(DEFAULT_ITERATIONS, secret);
    }

    /** @return why {@code secret} cannot be a secret, or null when it can. */
    public static String secretProblem(final String secret)
    {
        if (secret == null || secret.isEmpty())
        {
            return "a secret cannot be empty";
        }
        if (secret.length() > MAX_SECRET_LENGTH)
        {
            return "a secret is at most " + MAX_SECRET_LENGTH + " characters (this one has " + secret.length() + ")";
        }
        if (!secret.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7F))
        {
            return "a secret is printable ASCII characters only";
        }
        return null;
    }

    /**
     * Reads the Logon message's secret field: the secret is the bytes before the first NUL (all 32
     * when there is none); every byte after that NUL must be NUL too; spaces are kept (not trimmed).
     *
     * @return the secret, or null when the field holds no valid secret (empty, junk after the NUL,
     * a byte that is not printable ASCII).
     */
    static String secretFromField(final byte[] field)
    {
        int length = 0;
        while (length < field.length && field[length] != 0)
        {
            final int b = field[length] & 0xFF;
            if (b < 0x20 || b >= 0x7F)
            {
                return null;
            }
            length++;
        }
        for (int i = length; i < field.length; i++)
        {
            if (field[i] != 0)
            {
                return null;
            }
        }
        return length == 0 ? null : new String(field, 0, length, StandardCharsets.US_ASCII);
    }

    /** PBKDF2 computations so far in this JVM (for tests: a logon check costs exactly one). */
    static long hashComputations()
    {
        return HASH_COMPUTATIONS.get();
    }

    /** PBKDF2 iterations computed so far in this JVM. */
    static long iterationsComputed()
    {
        return ITERATIONS_COMPUTED.get();
    }

    private String dummyHash()
    {
        String dummy = dummyHash;
        if (dummy == null)
        {
            synchronized (this)
            {
                if (dummyHash == null)
                {
                    dummyIterations = DEFAULT_ITERATIONS;
                    dummyHash = hash(DEFAULT_ITERATIONS, "no participant has this secret: " + new SecureRandom().nextLong());
                }
                dummy = dummyHash;
            }
        }
        return dummy;
    }

    private boolean matches(final String secret, final String hash)
    {
        final String[] parts = parse(hash);
        final byte[] salt = Base64.getDecoder().decode(parts[2]);
        final byte[] expected = Base64.getDecoder().decode(parts[3]);
        return MessageDigest.isEqual(expected, pbkdf2(secret, salt, Integer.parseInt(parts[1])));
    }

    /** A hash with another iteration count than the default (for tests of costly hashes). */
    static String hash(final int iterations, final String secret)
    {
        final byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return SCHEME + '$' + iterations + '$' + Base64.getEncoder().encodeToString(salt) + '$'
            + Base64.getEncoder().encodeToString(pbkdf2(secret, salt, iterations));
    }

    private static String[] parse(final String hash)
    {
        final String[] parts = hash.split("\\$");
        if (parts.length != 4 || !SCHEME.equals(parts[0]) || !parts[1].matches("\\d{1,7}") || Integer.parseInt(parts[1]) == 0)
        {
            throw new IllegalArgumentException("not a " + SCHEME + "$iterations$salt$hash credential");
        }
        try
        {
            Base64.getDecoder().decode(parts[2]);
            Base64.getDecoder().decode(parts[3]);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("not a " + SCHEME + "$iterations$salt$hash credential (salt or hash not Base64)");
        }
        return parts;
    }

    private static byte[] pbkdf2(final String secret, final byte[] salt, final int iterations)
    {
        HASH_COMPUTATIONS.incrementAndGet();
        ITERATIONS_COMPUTED.addAndGet(iterations);
        try
        {
            final PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, HASH_BITS);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", ex);
        }
    }
}
