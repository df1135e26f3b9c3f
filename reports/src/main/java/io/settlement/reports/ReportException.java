package io.settlement.reports;

/**
 * Why a report could not be produced, as one line a person can act on. The {@link Kind} lets the
 * command line map each cause to its own exit code.
 */
public final class ReportException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** The cause of a refusal; each is a distinct exit code of {@code settlement report}. */
    public enum Kind
    {
        /** No participant with the id or short code asked for. */
        UNKNOWN_PARTICIPANT,
        /** The read model holds nothing for the business date asked for. */
        UNKNOWN_DATE,
        /** No deal with the id asked for. */
        UNKNOWN_DEAL,
        /** The database holds no read model (no tables, or no embedded file in the data directory). */
        NO_READ_MODEL,
        /** The database cannot be reached (refused, unknown host, bad credentials). */
        DATABASE_UNREACHABLE,
        /** A report could not be written where it was asked to go. */
        OUTPUT
    }

    private final Kind kind;

    public ReportException(final Kind kind, final String message)
    {
        super(message);
        this.kind = kind;
    }

    public ReportException(final Kind kind, final String message, final Throwable cause)
    {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind()
    {
        return kind;
    }
}
