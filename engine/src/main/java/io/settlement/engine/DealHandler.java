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
        final boolean dvp = c.dealType() == DealType.DVP.value();
        final int buyer = dealBuyer;
        final int seller = dealSeller;
        final int security = dealSecurity;
        final int currency = dealCurrency;
        final Reason overLimit = exposure.check(dvp, buyer, seller, security, currency, c.quantity(), c.cashAmount());
        if (overLimit != Reason.OK)
        {
            reject(c, overLimit);
            return;
        }

        final int slot = deals.add(state.issueDealId(), c.clientDealId(), submitter, c.settlementDate());
        deals.buyer[slot] = buyer;
        deals.seller[slot] = seller;
        deals.security[slot] = security;
        deals.currency[slot] = currency;
        deals.quantity[slot] = c.quantity();
        deals.cashAmount[slot] = c.cashAmount();
        deals.dealType[slot] = c.dealType();
        deals.linkId[slot] = dealLinkId;
        deals.partialAllowed[slot] = dealPartialAllowed;
        deals.minimumQuantity[slot] = dealMinimumQuantity;
        if (dealLinkId != 0)
        {
            deals.links().join(deals, slot);
        }
        exposure.take(deals, slot, dvp);
        final Event e = out.reply(EventType.DEAL_ACCEPTED);
        StateEvents.fillDeal(e, deals, slot, ref);
        out.emit();
    }

    /** Static checks of a new deal, in the order their reasons are documented; resolves its indices. */
    private Reason validate(final SubmitDealCommandDecoder c, final long submitterId, final int submitter, final byte submitterRole)
    {
        final DealType type = Codes.dealType(c.dealType());
        if (type == null)
        {
            return Reason.INVALID_FIELD;
        }
        // the submitter is usually one of the parties: its index is already known
        final int buyer = c.buyerId() == submitterId ? submitter : ref.participantIndex(c.buyerId());
        final int seller = c.sellerId() == submitterId ? submitter : ref.participantIndex(c.sellerId());
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
        final int security = ref.instrumentIndex(c.securityId());
        final Reason securityCheck = Access.checkInstrument(ref, security, InstrumentKind.SECURITY);
        if (securityCheck != Reason.OK)
        {
            return securityCheck;
        }
        int currency = ReferenceData.NONE;
        if (type == DealType.DVP || c.currencyId() != 0)
        {
            currency = ref.instrumentIndex(c.currencyId());
            final Reason currencyCheck = Access.checkInstrument(ref, currency, InstrumentKind.CURRENCY);
            if (currencyCheck != Reason.OK)
            {
                return currencyCheck;
            }
        }
        if (c.quantity() <= 0)
        {
            return Reason.INVALID_QUANTITY;
        }
        if (type == DealType.DVP ? c.cashAmount() <= 0 : c.cashAmount() != 0)
        {
            return Reason.INVALID_AMOUNT;
        }
        if (!Dates.isValid(c.settlementDate()))
        {
            return Reason.INVALID_DATE;
        }
        if (c.settlementDate() < state.businessDate())
        {
            return Reason.SETTLEMENT_DATE_IN_PAST;
        }
        if (!state.calendar().isBusinessDay(c.settlementDate()))
        {
            return Reason.NOT_A_BUSINESS_DAY;
        }
        final Reason terms = settlementTerms(c);
        if (terms != Reason.OK)
        {
            return terms;
        }
        dealBuyer = buyer;
        dealSeller = seller;
        dealSecurity = security;
        dealCurrency = currency;
        return Reason.OK;
    }

    /**
     * The linked and partial terms (journal schema version 5; a record of an earlier version has none):
     * partialAllowed 0 or 1 (else INVALID_FIELD); with partial allowed a minimum of 1 to the quantity
     * (else INVALID_MINIMUM_QUANTITY); without, no minimum (else MINIMUM_WITHOUT_PARTIAL). Any linkId
     * is valid, 0 meaning none.
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
        if (partial != 0 && partial != 1)
        {
            return Reason.INVALID_FIELD;
        }
        final long minimum = c.minimumQuantity();
        if (partial == 1 ? minimum < 1 || minimum > c.quantity() : minimum != 0)
        {
            return partial == 1 ? Reason.INVALID_MINIMUM_QUANTITY : Reason.MINIMUM_WITHOUT_PARTIAL;
        }
        dealLinkId = c.linkId();
        dealPartialAllowed = partial;
        dealMinimumQuantity = minimum;
        return Reason.OK;
    }

    private boolean sameContent(final int slot, final SubmitDealCommandDecoder c)
    {
        final boolean withTerms = c.actingVersion() >= SubmitDealCommandDecoder.linkIdSinceVersion();
        if (deals.linkId[slot] != (withTerms ? c.linkId() : 0)
            || deals.partialAllowed[slot] != (withTerms ? c.partialAllowed() : 0)
            || deals.minimumQuantity[slot] != (withTerms ? c.minimumQuantity() : 0))
        {
            return false;
        }
        final int currency = deals.currency[slot];
        return ref.participantId(deals.buyer[slot]) == c.buyerId()
            && ref.participantId(deals.seller[slot]) == c.sellerId()
            && ref.instrumentId(deals.security[slot]) == c.securityId()
            && (currency == ReferenceData.NONE ? 0 : ref.instrumentId(currency)) == c.currencyId()
            && deals.quantity[slot] == c.quantity()
            && deals.cashAmount[slot] == c.cashAmount()
            && deals.settlementDate[slot] == c.settlementDate()
            && deals.dealType[slot] == c.dealType();
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
        if (role == Role.MEMBER.value() && deals.buyer[slot] != submitter && deals.seller[slot] != submitter)
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
        e.dealId = deals.dealId[slot];
        e.clientDealId = deals.clientDealId[slot];
        e.buyerId = ref.participantId(deals.buyer[slot]);
        e.sellerId = ref.participantId(deals.seller[slot]);
        e.currencyId = StateEvents.currencyId(deals, slot, ref); // not encoded: for the pipeline's counters
        out.emit();
    }
}
