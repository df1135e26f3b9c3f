package io.settlement.engine.api;

/** Every outcome the engine emits. */
public enum EventType
{
    DEAL_ACCEPTED(1),
    DEAL_REJECTED(2),
    DEAL_CANCELLED(3),
    DEAL_SETTLED(4),
    DEAL_SETTLEMENT_FAILED(5),
    CYCLE_SETTLED_VALUE(6),
    CYCLE_COMPLETED(7),
    COMMAND_RESULT(8),
    LIMIT_SET(9),
    POSITION_REPORT(10),
    DEAL_REPORT(11),
    LIMITS_REPORT(12),
    LIMIT_LINE(13),
    BUSINESS_DATE_ADVANCED(14),
    /** The answer to QUERY_PARTICIPANTS: {@code count} PARTICIPANT_LINE events follow. */
    PARTICIPANTS_REPORT(15),
    /** One participant of a PARTICIPANTS_REPORT: participantId, role. */
    PARTICIPANT_LINE(16),
    /** The answer to QUERY_INSTRUMENTS: {@code count} INSTRUMENT_LINE events follow. */
    INSTRUMENTS_REPORT(17),
    /** One instrument of an INSTRUMENTS_REPORT: instrumentId, instrumentKind, code. */
    INSTRUMENT_LINE(18),
    /** A side of a pending deal was held: dealId, clientDealId, buyerId, sellerId, side, heldSides (after). */
    DEAL_HELD(19),
    /** The hold of a side was lifted: dealId, clientDealId, buyerId, sellerId, side, heldSides (after). */
    DEAL_RELEASED(20),
    /**
     * A part of a partial-allowed deal settled in a cycle: the deal's terms, the part's quantity and
     * cash, the totals settled so far and why the remainder did not settle; the deal stays PENDING.
     */
    DEAL_PARTIALLY_SETTLED(21),
    /** A SUBMIT_INSTRUCTION registered (count 1: an idempotent repeat): the instruction's terms, id and status. */
    INSTRUCTION_ACCEPTED(24),
    /** An unmatched instruction alleged to its counterparty (pushed to the counterparty only). */
    INSTRUCTION_ALLEGED(25),
    /**
     * The instruction that arrived matched a waiting one and their deal was registered: the arriving
     * instruction's terms, the waiting one's id, clientRef, cash and linkId, and the deal's id, cash and
     * partial terms.
     */
    INSTRUCTION_MATCHED(26),
    /** A SUBMIT_INSTRUCTION refused before it was registered: clientRef and reason. */
    INSTRUCTION_REJECTED(27),
    /** An instruction ended without a deal: its terms, its final status (CANCELLED, EXPIRED, REFUSED) and the reason. */
    INSTRUCTION_ENDED(28),
    /** The answer to QUERY_INSTRUCTION: the instruction, its status, its deal (MATCHED) and why it ended. */
    INSTRUCTION_REPORT(29);

    private static final EventType[] BY_CODE = new EventType[64];

    static
    {
        for (final EventType v : values())
        {
            BY_CODE[v.code] = v;
        }
    }

    private final byte code;

    EventType(final int code)
    {
        this.code = (byte)code;
    }

    public byte code()
    {
        return code;
    }

    /**
     * @return true for an outcome that concerns both parties of a deal whoever caused it (settled,
     * failed, cancelled, held, released; an instruction matched or ended; an allegement, to the
     * counterparty only ({@link #pushesToCounterpartyOnly}): it is pushed to their sessions as well as answered to the sender.
     */
    public boolean isPushedToParties()
    {
        return this == DEAL_SETTLED || this == DEAL_SETTLEMENT_FAILED || this == DEAL_CANCELLED
            || this == DEAL_HELD || this == DEAL_RELEASED
            || this == DEAL_PARTIALLY_SETTLED
            || this == INSTRUCTION_ALLEGED || this == INSTRUCTION_MATCHED || this == INSTRUCTION_ENDED;
    }

    /**
     * @return true for INSTRUCTION_ALLEGED: pushed only to the party its instruction names as counterparty
     * (the buyer when the instruction's side is SELL, the seller when BUY), not to the instruction's owner.
     */
    public boolean pushesToCounterpartyOnly()
    {
        return this == INSTRUCTION_ALLEGED;
    }

    /** @return the value for a code, or null when the code is not defined. */
    public static EventType fromCode(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
