package io.settlement.http;

/**
 * A refusal of an API request: the HTTP status, a code a program can act on (an engine reason such
 * as {@code INSUFFICIENT_LIMIT}, or one of the API's own: {@code INVALID_REQUEST},
 * {@code UNAUTHENTICATED}, ...) and a sentence for a person that names the cause. Answered as
 * {@code {"error": CODE, "message": ...}}; nothing has changed.
 */
final class ApiError extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    ApiError(final int status, final String code, final String message)
    {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static ApiError invalid(final String message)
    {
        return new ApiError(400, "INVALID_REQUEST", message);
    }

    static ApiError unauthenticated(final String message)
    {
        return new ApiError(401, "UNAUTHENTICATED", message);
    }

    int status()
    {
        return status;
    }

    String code()
    {
        return code;
    }
}
