package io.settlement.journal;

/** The journal cannot be used as it is: corrupt, truncated, out of sequence, or not writable. */
public final class JournalException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public JournalException(final String message)
    {
        super(message);
    }

    public JournalException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
