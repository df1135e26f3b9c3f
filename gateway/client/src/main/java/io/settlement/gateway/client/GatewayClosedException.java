package io.settlement.gateway.client;

import io.settlement.gateway.client.sbe.Reason;

/**
 * A request could not be answered because the session ended: the gateway sent {@code SessionReject}
 * (then {@link #reason()} is its reason), the connection closed, or the client was closed.
 */
public final class GatewayClosedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final transient Reason reason;
    private final int refTemplateId;

    public GatewayClosedException(final String message, final Reason reason, final int refTemplateId, final Throwable cause)
    {
        super(message, cause);
        this.reason = reason;
        this.refTemplateId = refTemplateId;
    }

    /** @return the SessionReject reason, or null when the session ended without one. */
    public Reason reason()
    {
        return reason;
    }

    /** @return the SessionReject's refTemplateId (the offending template, 0 if none), 0 without a reject. */
    public int refTemplateId()
    {
        return refTemplateId;
    }
}
