package io.settlement.gateway;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

import io.settlement.gateway.SecurityEvents.Kind;
import io.settlement.protocol.wire.Reason;

/**
 * The one way a participant logs on, whatever the channel (the binary gateway, the HTTP API): the
 * logon throttle first (a locked participant or address is refused without looking at the secret),
 * then the secret checked against the credentials (PBKDF2, constant time) on the server's small
 * verifier pool, off the caller's thread; failures counted towards lockouts, and every refusal and
 * lockout written to the security log. Every channel shares one throttle: failures over HTTP lock a
 * participant out of the gateway too, and the other way round.
 *
 * <p>A successful logon clears its participant's and its address's failures; the channel records
 * the logon itself (with its session's details) through {@link #loggedOn}. Thread-safe.
 */
public final class Authenticator
{
    /** What became of a logon: {@link Reason#OK} with the participant's entry, or why it was refused. */
    public record Result(Reason reason, Credentials.Entry entry)
    {
        public boolean ok()
        {
            return reason == Reason.OK;
        }
    }

    private final GatewayContext context;

    Authenticator(final GatewayContext context)
    {
        this.context = context;
    }

    /**
     * Checks a logon. Completes at once when the throttle refuses it ({@link Reason#LOGON_THROTTLED}),
     * the secret is not one ({@link Reason#BAD_CREDENTIALS}) or the verifier's queue is full
     * ({@link Reason#LOGON_BUSY}); otherwise on a verifier thread once the secret has been checked.
     *
     * @param secret  as given (null or empty: not a secret)
     * @param address where the logon comes from, for the throttle and the security log
     */
    public CompletableFuture<Result> logOn(final long participantId, final String secret, final String address)
    {
        return check(participantId, secret, address, null);
    }

    /**
     * A logon the channel refuses whatever its secret (a FIX Logon whose Username(553) is not its session's
     * participant), counted and timed as a wrong secret for {@code participantId}: refused at once when the
     * throttle refuses it ({@link Reason#LOGON_THROTTLED}); otherwise the secret is hashed against the dummy
     * hash on a verifier thread (the cost of any check), and the failure counted towards the participant's and
     * the address's lockouts and written to the security log with {@code why}. Never {@link Reason#OK}.
     *
     * @param participantId the participant the logon would have been for (the session's)
     * @param why           what was wrong, for the security log (no secret in it)
     */
    public CompletableFuture<Result> refuse(final long participantId, final String secret, final String address, final String why)
    {
        return check(participantId, secret, address, " (" + why + ")");
    }

    private CompletableFuture<Result> check(final long participantId, final String secret, final String address, final String refused)
    {
        final LogonThrottle.Lockout lockout = context.throttle.refusal(participantId, address, context.nowMs());
        if (lockout != null)
        {
            context.events.record(Kind.LOGON_THROTTLED, SecurityEvents.logon(participantId, address),
                ": " + lockout.key() + " locked out until " + SecurityEvents.time(lockout.lockedUntilMs()));
            return CompletableFuture.completedFuture(new Result(Reason.LOGON_THROTTLED, null));
        }
        if (secret == null || Credentials.secretProblem(secret) != null)
        {
            return CompletableFuture.completedFuture(verified(participantId, address, null, refused != null ? refused
                : " (empty secret, or not a valid secret field)"));
        }
        final CompletableFuture<Result> result = new CompletableFuture<>();
        try
        {
            context.verifier.execute(() ->
            {
                Credentials.Entry entry = null;
                try
                {
                    entry = refused != null ? context.credentials.refuse(secret) : context.credentials.verify(participantId, secret);
                }
                finally
                {
                    result.complete(verified(participantId, address, entry, refused != null ? refused : ""));
                }
            });
        }
        catch (final RejectedExecutionException full)
        {
            context.events.record(Kind.LOGON_BUSY, SecurityEvents.logon(participantId, address), "");
            result.complete(new Result(Reason.LOGON_BUSY, null));
        }
        return result;
    }

    /** Records a logon the channel has accepted, with what it knows of the session ({@code detail}). */
    public void loggedOn(final long participantId, final String address, final String detail)
    {
        context.events.record(Kind.LOGON_OK, SecurityEvents.logon(participantId, address), detail);
    }

    private Result verified(final long participantId, final String address, final Credentials.Entry entry, final String why)
    {
        if (entry == null)
        {
            final List<LogonThrottle.Lockout> started = context.throttle.failed(participantId, address, context.nowMs());
            context.events.record(Kind.LOGON_FAILED, SecurityEvents.logon(participantId, address), ": BAD_CREDENTIALS" + why);
            for (final LogonThrottle.Lockout lockout : started)
            {
                context.events.record(Kind.LOCKOUT, "of " + lockout.key(), " after " + lockout.failures()
                    + " consecutive failed logons, until " + SecurityEvents.time(lockout.lockedUntilMs()));
            }
            return new Result(Reason.BAD_CREDENTIALS, null);
        }
        context.throttle.succeeded(participantId, address);
        return new Result(Reason.OK, entry);
    }
}
