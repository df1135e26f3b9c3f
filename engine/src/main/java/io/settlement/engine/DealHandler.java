package io.settlement.engine;

import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.Codes;
import io.settlement.protocol.journal.CancelDealCommandDecoder;
import io.settlement.protocol.journal.SubmitDealCommandDecoder;
import io.settlement.protocol.wire.DealStatus;
import io.settlement.protocol.wire.DealType;
import io.settlement.protocol.wire.InstrumentKind;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;

/**
 * Deals: SUBMIT_DEAL (a member's or an operator's) and CANCEL_DEAL. Owns the deals in the
 * {@link DealStore} while they are pending and the issuing of dealIds; a deal leaves PENDING here
 * (cancelled) or in a {@link SettlementCycle} (settled), and a finished one leaves memory at a date
 * roll ({@link BusinessDateHandler}). What a pending deal uses of the limits goes through
 * {@link DealExposure}.
 *
 * <p>SUBMIT_DEAL gives DEAL_ACCEPTED (with count 1 for an idempotent repeat of the same content)
 * or DEAL_REJECTED; CANCEL_DEAL gives DEAL_CANCELLED or a COMMAND_RESULT. Every check comes before
 * any change, so a refusal changes nothing.
 */
final class DealHandler
{
    private final EngineState state;
    private final ReferenceData ref;
    private final DealStore deals;
    private final DealExposure exposure;
    private final EventEmitter out;

    // indices resolved by validate for the deal being registered
    private int dealBuyer;
    private int dealSeller;
    private int dealSecurity;
    private int dealCurrency;
    private long dealLinkId;
    private byte dealPartialAllowed;
    private long dealMinimumQuantity;
    private Reason refusal = Reason.OK;

    DealHandler(final EngineState state, final DealExposure exposure, final EventEmitter out)
    {
        this.state = state;
        this.ref = state.referenceData();
        this.deals = state.deals();
        this.exposure = exposure;
        this.out = out;
    }

    void submitDeal(final CommandRecord command)
    {
        final SubmitDealCommandDecoder c = command.submitDeal();
        final int submitter = ref.participantIndex(command.submitterId());
        if (submitter == ReferenceData.NONE)
        {
            reject(c, Reason.UNKNOWN_PARTICIPANT);
            return;
        }
        final byte role = ref.role(submitter);
        if (role != Role.MEMBER.value() && role != Role.OPERATOR.value())
        {
            reject(c, Reason.NOT_AUTHORISED);
            return;
        }
        final int existing = deals.slotOfClientDeal(submitter, c.clientDealId());
        if (existing != DealStore.NONE)
        {
            if (sameContent(existing, c))
            {
                final Event e = out.reply(EventType.DEAL_ACCEPTED);
                StateEvents.fillDeal(e, deals, existing, ref);
                e.count = 1;
                out.emit();
            }
            else
            {
                reject(c, Reason.DUPLICATE_CLIENT_DEAL_ID);
            }
            return;
        }
        if (deals.isRetired(submitter, c.clientDealId()))
        {
            // its deal finished and was purged: the key stays taken, but the deal's content is gone
            reject(c, Reason.CLIENT_DEAL_ID_RETIRED);
            return;
        }

        final Reason invalid = validate(c, command.submitterId(), submitter, role);
        if (invalid != Reason.OK)
        {
            reject(c, invalid);
            return;
        }
        final int slot = register(false, submitter, c.clientDealId(), dealBuyer, dealSeller, dealSecurity, dealCurrency,
            c.quantity(), c.cashAmount(), c.settlementDate(), c.dealType(), dealLinkId, 0, dealPartialAllowed, dealMinimumQuantity);
        if (slot == DealStore.NONE)
        {
            reject(c, refusal);
            return;
        }
        final Event e = out.reply(EventType.DEAL_ACCEPTED);
        StateEvents.fillDeal(e, deals, slot, ref);
        out.emit();
    }

    /** Why the last {@link #register} refused its deal (a limit). */
    Reason refusal()
    {
        return refusal;
    }

    /**
     * Registers a deal whose terms have been checked (by {@link #checkTerms}, or as two matched
     * instructions), after checking the limits it is subject to against the pending deals, itself
     * included (DESIGN.md 4 "Limits"): the one registration of SUBMIT_DEAL and of a match.
     *
     * @return its slot, or {@link DealStore#NONE} when a limit refuses it ({@link #refusal()} says which);
     * nothing changes then.
     */
    int register(
        final boolean matched, final int submitter, final long clientDealId, final int buyer, final int seller, final int security,
        final int currency, final long quantity, final long cashAmount, final int settlementDate, final byte dealType,
        final long linkId, final long matchedLinkId, final byte partialAllowed, final long minimumQuantity)
    {
        final boolean dvp = dealType == DealType.DVP.value();
        refusal = exposure.check(dvp, buyer, seller, security, currency, quantity, cashAmount);
        if (refusal != Reason.OK)
        {
            return DealStore.NONE;
        }
        final int slot = deals.add(state.issueDealId(), clientDealId, submitter, settlementDate, matched, buyer, seller,
            security, currency, quantity, cashAmount, dealType, linkId, matchedLinkId, partialAllowed, minimumQuantity);
        if (linkId != 0 || matchedLinkId != 0)
        {
            deals.links().join(deals, slot);
        }
        exposure.take(deals, slot, dvp, buyer, seller, security, currency, quantity, cashAmount);
        return slot;
    }

    /** Static checks of a new deal, in the order their reasons are documented; resolves its indices. */
    private Reason validate(final SubmitDealCommandDecoder c, final long submitterId, final int submitter, final byte submitterRole)
    {
        final Reason invalid = checkTerms(submitterId, submitter, submitterRole, c.dealType(), c.buyerId(), c.sellerId(),
            c.securityId(), c.currencyId(), c.quantity(), c.cashAmount(), c.settlementDate(), false);
        return invalid != Reason.OK ? invalid : settlementTerms(c);
    }

    /**
     * The static checks of a deal's terms, in the order their reasons are documented (docs/protocol.md),
     * shared by SUBMIT_DEAL and SUBMIT_INSTRUCTION; on OK the indices are in {@link #buyer()},
     * {@link #seller()}, {@link #security()} and {@link #currency()}. {@code lateAllowed}: a settlement
     * date before the business date is allowed (an instruction may come late; its date must still be a
     * business day).
     */
    Reason checkTerms(
        final long submitterId, final int submitter, final byte submitterRole, final byte dealType, final long buyerId,
        final long sellerId, final int securityId, final int currencyId, final long quantity, final long cashAmount,
        final int settlementDate, final boolean lateAllowed)
    {
        final DealType type = Codes.dealType(dealType);
        if (type == null)
        {
            return Reason.INVALID_FIELD;
        }
        // the submitter is usually one of the parties: its index is already known
        final int buyer = buyerId == submitterId ? submitter : ref.participantIndex(buyerId);
        final int seller = sellerId == submitterId ? submitter : ref.participantIndex(sellerId);
        if (buyer == ReferenceData.NONE || seller == ReferenceData.NONE)
        {
            return Reason.UNKNOWN_PARTICIPANT;
        }
        if (buyer == seller)
        {
            return Reason.SAME_BUYER_AND_SELLER;
        }
        if (ref.role(buyer) != Role.MEMBER.value() || ref.role(seller) != Role.MEMBER.value())
        {
            return Reason.NOT_AUTHORISED;
        }
        if (submitterRole == Role.MEMBER.value() && submitter != buyer && submitter != seller)
        {
            return Reason.NOT_A_PARTY;
        }
        final int security = ref.instrumentIndex(securityId);
        final Reason securityCheck = Access.checkInstrument(ref, security, InstrumentKind.SECURITY);
        if (securityCheck != Reason.OK)
        {
            return securityCheck;
        }
        int currency = ReferenceData.NONE;
        if (type == DealType.DVP || currencyId != 0)
        {
            currency = ref.instrumentIndex(currencyId);
            final Reason currencyCheck = Access.checkInstrument(ref, currency, InstrumentKind.CURRENCY);
            if (currencyCheck != Reason.OK)
            {
                return currencyCheck;
            }
        }
        if (quantity <= 0)
        {
            return Reason.INVALID_QUANTITY;
        }
        if (type == DealType.DVP ? cashAmount <= 0 : cashAmount != 0)
        {
            return Reason.INVALID_AMOUNT;
        }
        if (!Dates.isValid(settlementDate))
        {
            return Reason.INVALID_DATE;
        }
        if (!lateAllowed && settlementDate < state.businessDate())
        {
            return Reason.SETTLEMENT_DATE_IN_PAST;
        }
        if (!state.calendar().isBusinessDay(settlementDate))
        {
            return Reason.NOT_A_BUSINESS_DAY;
        }
        dealBuyer = buyer;
        dealSeller = seller;
        dealSecurity = security;
        dealCurrency = currency;
        return Reason.OK;
    }

    /** The buyer's index resolved by the last {@link #checkTerms} that passed. */
    int buyer()
    {
        return dealBuyer;
    }

    /** The seller's index resolved by the last {@link #checkTerms} that passed. */
    int seller()
    {
        return dealSeller;
    }

    /** The security's index resolved by the last {@link #checkTerms} that passed. */
    int security()
    {
        return dealSecurity;
    }

    /** The currency's index (ReferenceData.NONE: free of payment without one) resolved by the last {@link #checkTerms} that passed. */
    int currency()
    {
        return dealCurrency;
    }

    /**
     * The partial terms as given (SUBMIT_DEAL of journal version 5, SUBMIT_INSTRUCTION): partialAllowed
     * 0 or 1 (else INVALID_FIELD); with partial allowed a minimum of 1 to the quantity (else
     * INVALID_MINIMUM_QUANTITY); without, no minimum (else MINIMUM_WITHOUT_PARTIAL).
     */
    static Reason checkPartialTerms(final byte partial, final long minimum, final long quantity)
    {
        if (partial != 0 && partial != 1)
        {
            return Reason.INVALID_FIELD;
        }
        if (partial == 1 ? minimum < 1 || minimum > quantity : minimum != 0)
        {
            return partial == 1 ? Reason.INVALID_MINIMUM_QUANTITY : Reason.MINIMUM_WITHOUT_PARTIAL;
        }
        return Reason.OK;
    }

    /**
     * The linked and partial terms (journal schema version 5; a record of an earlier version has none):
     * {@link #checkPartialTerms}. Any linkId is valid, 0 meaning none.
     */
    private Reason settlementTerms(final SubmitDealCommandDecoder c)
    {
        dealLinkId = 0;
        dealPartialAllowed = 0;
        dealMinimumQuantity = 0;
        if (c.actingVersion() < SubmitDealCommandDecoder.linkIdSinceVersion())
        {
            return Reason.OK;
        }
        final byte partial = c.partialAllowed();
        final long minimum = c.minimumQuantity();
        final Reason terms = checkPartialTerms(partial, minimum, c.quantity());
        if (terms != Reason.OK)
        {
            return terms;
        }
        dealLinkId = c.linkId();
        dealPartialAllowed = partial;
        dealMinimumQuantity = minimum;
        return Reason.OK;
    }

    private boolean sameContent(final int slot, final SubmitDealCommandDecoder c)
    {
        final boolean withTerms = c.actingVersion() >= SubmitDealCommandDecoder.linkIdSinceVersion();
        if (deals.linkId(slot) != (withTerms ? c.linkId() : 0)
            || deals.partialAllowed(slot) != (withTerms ? c.partialAllowed() : 0)
            || deals.minimumQuantity(slot) != (withTerms ? c.minimumQuantity() : 0))
        {
            return false;
        }
        final int currency = deals.currency(slot);
        return ref.participantId(deals.buyer(slot)) == c.buyerId()
            && ref.participantId(deals.seller(slot)) == c.sellerId()
            && ref.instrumentId(deals.security(slot)) == c.securityId()
            && (currency == ReferenceData.NONE ? 0 : ref.instrumentId(currency)) == c.currencyId()
            && deals.quantity(slot) == c.quantity()
            && deals.cashAmount(slot) == c.cashAmount()
            && deals.settlementDate(slot) == c.settlementDate()
            && deals.dealType(slot) == c.dealType();
    }

    private void reject(final SubmitDealCommandDecoder c, final Reason reason)
    {
        final Event e = out.reply(EventType.DEAL_REJECTED);
        e.clientDealId = c.clientDealId();
        e.currencyId = c.currencyId(); // not encoded: for the pipeline's counters, as the deal named it
        e.reason = reason;
        out.emit();
    }

    void cancelDeal(final CommandRecord command)
    {
        final CancelDealCommandDecoder c = command.cancelDeal();
        final int submitter = ref.participantIndex(command.submitterId());
        if (submitter == ReferenceData.NONE)
        {
            out.result(Reason.UNKNOWN_PARTICIPANT);
            return;
        }
        final byte role = ref.role(submitter);
        if (role != Role.MEMBER.value() && role != Role.OPERATOR.value())
        {
            out.result(Reason.NOT_AUTHORISED);
            return;
        }
        final int slot = deals.slotOf(c.dealId());
        if (slot == DealStore.NONE)
        {
            // an issued deal no longer in memory had finished and was purged (its parties are no longer known)
            out.result(state.wasIssued(c.dealId()) ? Reason.DEAL_NOT_PENDING : Reason.UNKNOWN_DEAL);
            return;
        }
        if (role == Role.MEMBER.value() && deals.buyer(slot) != submitter && deals.seller(slot) != submitter)
        {
            out.result(Reason.NOT_A_PARTY);
            return;
        }
        if (!deals.isPending(slot))
        {
            out.result(Reason.DEAL_NOT_PENDING);
            return;
        }
        exposure.release(deals, slot);
        deals.finish(slot, DealStatus.CANCELLED);
        final Event e = out.reply(EventType.DEAL_CANCELLED);
        e.dealId = deals.dealId(slot);
        e.clientDealId = deals.clientDealId(slot);
        e.buyerId = ref.participantId(deals.buyer(slot));
        e.sellerId = ref.participantId(deals.seller(slot));
        e.currencyId = StateEvents.currencyId(deals, slot, ref); // not encoded: for the pipeline's counters
        out.emit();
    }
}
