package io.settlement.engine.api;

/**
 * Why a command was refused or a settlement attempt failed. One enum for the engine, the journal
 * and the wire: the codes are part of the public protocol and never change meaning.
 */
public enum Reason
{
    OK(0),
    UNKNOWN_PARTICIPANT(1),
    UNKNOWN_INSTRUMENT(2),
    WRONG_INSTRUMENT_KIND(3),
    INVALID_QUANTITY(4),
    INVALID_AMOUNT(5),
    SAME_BUYER_AND_SELLER(6),
    SETTLEMENT_DATE_IN_PAST(7),
    NOT_A_PARTY(8),
    NOT_AUTHORISED(9),
    CREDIT_LIMIT_EXCEEDED(10),
    COUNTERPARTY_LIMIT_EXCEEDED(11),
    DELIVERY_LIMIT_EXCEEDED(12),
    UNKNOWN_DEAL(13),
    DEAL_NOT_PENDING(14),
    INSUFFICIENT_BALANCE(15),
    INVALID_DATE(16),
    ALREADY_EXISTS(17),
    OVERFLOW(18),
    BUSY(19),
    DUPLICATE_CLIENT_DEAL_ID(20),
    INSUFFICIENT_SECURITIES(21),
    INSUFFICIENT_CASH(22),
    /** A field holds a value outside its domain: an unknown enum code, a non-positive id, a bad code string. */
    INVALID_FIELD(23),
    /** The pipeline has stopped (a journal failure, or shut down): nothing more is accepted. */
    UNAVAILABLE(24),
    /**
     * The clientDealId belonged to a deal that has finished and left memory (purged after the
     * retention period): a key stays taken for the life of the journal, so it is not registered
     * again, whether the content is the same or not.
     */
    CLIENT_DEAL_ID_RETIRED(25),
    /** The deal existed, finished and has left memory (purged after the retention period): its details are gone. */
    DEAL_PURGED(26);

    private static final Reason[] BY_CODE = new Reason[32];

    static
    {
        for (final Reason r : values())
        {
            BY_CODE[r.code] = r;
        }
    }

    private final byte code;

    Reason(final int code)
    {
        this.code = (byte)code;
    }

    public byte code()
    {
        return code;
    }

    /** @return the reason for a code, or null when the code is not defined. */
    public static Reason fromCode(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
