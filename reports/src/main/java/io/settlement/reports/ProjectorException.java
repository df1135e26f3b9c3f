package io.settlement.reports;

/** Why the projector stopped: a damaged journal, an event the journals cannot explain, or a database failure. */
public final class ProjectorException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public ProjectorException(final String message)
    {
        super(message);
    }

    public ProjectorException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
