package io.settlement.metrics;

import java.util.List;

/**
 * The answer to a health or readiness check: whether it holds, the node's state in a word, and the
 * reasons it does not hold (empty when it does).
 *
 * @param ok      true when the check holds (HTTP 200), false when not (HTTP 503).
 * @param state   the node's state: {@code starting}, {@code recovering}, {@code setting-up},
 *                {@code running}, {@code failed}, {@code stopping}, {@code stopped}.
 * @param reasons why the check does not hold, one sentence each.
 */
public record Status(boolean ok, String state, List<String> reasons)
{
    /** The HTTP status a probe expects: 200 when the check holds, 503 when not. */
    public int httpStatus()
    {
        return ok ? 200 : 503;
    }
}
