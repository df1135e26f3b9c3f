package io.settlement.http;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.settlement.protocol.wire.Role;

/**
 * The API's logged-on users: a logon (checked by the node's authenticator, the same as the gateway's)
 * gives a bearer token, 256 random bits, valid until it expires or is logged off. A token names a
 * participant only; what the participant may do is decided by the engine on each command, and the
 * role shown is the one the credentials give, for the console to offer the right actions.
 */
final class Logins
{
    /** One logged-on user. */
    record Login(long participantId, Role role, long expiresAtMs)
    {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Login> byToken = new ConcurrentHashMap<>();
    private final long ttlMs;
    private final LongSupplier clockMs;
    private final int maxLogins;

    Logins(final long ttlMs, final int maxLogins, final LongSupplier clockMs)
    {
        this.ttlMs = ttlMs;
        this.maxLogins = maxLogins;
        this.clockMs = clockMs;
    }

    /** @return a new token for the participant. */
    String add(final long participantId, final Role role)
    {
        final long now = clockMs.getAsLong();
        if (byToken.size() >= maxLogins)
        {
            byToken.values().removeIf(login -> login.expiresAtMs() <= now);
            if (byToken.size() >= maxLogins)
            {
                throw new ApiError(503, "TOO_MANY_LOGINS", "the node holds " + maxLogins + " logins already: log off unused ones");
            }
        }
        final byte[] bits = new byte[32];
        random.nextBytes(bits);
        final String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
        byToken.put(token, new Login(participantId, role, now + ttlMs));
        return token;
    }

    Login get(final String token)
    {
        return byToken.get(token);
    }

    /**
     * @return the login of an {@code Authorization: Bearer TOKEN} header.
     * @throws ApiError 401 when the header is missing, malformed, unknown or expired.
     */
    Login require(final String authorization)
    {
        if (authorization == null || !authorization.startsWith("Bearer "))
        {
            throw ApiError.unauthenticated("log on first (POST /api/login) and send 'Authorization: Bearer <token>'");
        }
        final String token = authorization.substring("Bearer ".length()).trim();
        final Login login = byToken.get(token);
        if (login == null)
        {
            throw ApiError.unauthenticated("unknown token (logged off, or the node restarted): log on again");
        }
        if (login.expiresAtMs() <= clockMs.getAsLong())
        {
            byToken.remove(token);
            throw ApiError.unauthenticated("the token expired: log on again");
        }
        return login;
    }

    /** @return whether the token was logged on. */
    boolean remove(final String authorization)
    {
        return authorization != null && authorization.startsWith("Bearer ")
            && byToken.remove(authorization.substring("Bearer ".length()).trim()) != null;
    }
}
