package io.settlement.engine;

import io.settlement.engine.api.Event;
import io.settlement.engine.api.EventType;
import io.settlement.protocol.Codes;
import io.settlement.protocol.journal.HoldDealCommandDecoder;
import io.settlement.protocol.journal.ReleaseDealCommandDecoder;
import io.settlement.protocol.wire.Reason;
import io.settlement.protocol.wire.Role;
import io.settlement.protocol.wire.Side;

/**
 * HOLD_DEAL and RELEASE_DEAL (DESIGN.md 4b, "Hold / release"): a hold belongs to a side of a pending
 * deal, not to whoever set it. That side's party or an OPERATOR may set or lift it, whoever set it.
 * A deal with either side held stays PENDING, keeps its limit utilisation and is skipped by every
 * cycle ({@link DealStore#isHeld}); CANCEL_DEAL still works on it (its holds end with it).
 *
 * <p>A change gives DEAL_HELD or DEAL_RELEASED (pushed to both parties); holding a held side or
 * releasing a free one changes nothing and gives COMMAND_RESULT OK. Refusals, in this order:
 * UNKNOWN_PARTICIPANT, NOT_AUTHORISED (neither MEMBER nor OPERATOR), INVALID_FIELD (not a side),
 * UNKNOWN_DEAL, DEAL_NOT_PENDING for a purged deal, NOT_A_PARTY (a MEMBER that is neither party),
 * NOT_YOUR_SIDE (a MEMBER naming the other party's side), then DEAL_NOT_PENDING (settled or cancelled),
 * as for CANCEL_DEAL. Allocation-free.
 */
final class HoldHandler
{
    private final EngineState state;
    private final ReferenceData ref;
    private final DealStore deals;
    private final EventEmitter out;

    HoldHandler(final EngineState state, final EventEmitter out)
    {
        this.state = state;
        this.ref = state.referenceData();
        this.deals = state.deals();
        this.out = out;
    }

    void holdDeal(final CommandRecord command)
    {
        final HoldDealCommandDecoder c = command.holdDeal();
        change(command.submitterId(), c.dealId(), c.side(), true);
    }

    void releaseDeal(final CommandRecord command)
    {
        final ReleaseDealCommandDecoder c = command.releaseDeal();
        change(command.submitterId(), c.dealId(), c.side(), false);
    }

    private void change(final long submitterId, final long dealId, final byte sideCode, final boolean hold)
    {
        final int submitter = ref.participantIndex(submitterId);
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
        final Side side = Codes.side(sideCode);
        if (side == null)
        {
            out.result(Reason.INVALID_FIELD);
            return;
        }
        final int slot = deals.slotOf(dealId);
        if (slot == DealStore.NONE)
        {
            // an issued deal no longer in memory had finished and was purged (its parties are no longer known)
            out.result(state.wasIssued(dealId) ? Reason.DEAL_NOT_PENDING : Reason.UNKNOWN_DEAL);
            return;
        }
        if (role == Role.MEMBER.value())
        {
            final int party = side == Side.BUY ? deals.buyer(slot) : deals.seller(slot);
            if (submitter != party)
            {
                out.result(deals.buyer(slot) == submitter || deals.seller(slot) == submitter ? Reason.NOT_YOUR_SIDE : Reason.NOT_A_PARTY);
                return;
            }
        }
        if (!deals.isPending(slot))
        {
            out.result(Reason.DEAL_NOT_PENDING);
            return;
        }
        final byte bit = side == Side.BUY ? Event.BUY_HELD : Event.SELL_HELD;
        final byte before = deals.heldSides(slot);
        final byte after = (byte)(hold ? before | bit : before & ~bit);
        if (after == before)
        {
            out.result(Reason.OK); // already held, or already free: nothing changes, nothing is pushed
            return;
        }
        deals.heldSides(slot, after);
        final Event e = out.reply(hold ? EventType.DEAL_HELD : EventType.DEAL_RELEASED);
        e.dealId = deals.dealId(slot);
        e.clientDealId = deals.clientDealId(slot);
        e.buyerId = ref.participantId(deals.buyer(slot));
        e.sellerId = ref.participantId(deals.seller(slot));
        e.side = sideCode;
        e.heldSides = after;
        e.currencyId = StateEvents.currencyId(deals, slot, ref); // not encoded: for the pipeline's counters
        out.emit();
    }
}
